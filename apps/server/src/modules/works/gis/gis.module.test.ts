import { VectorTile } from '@mapbox/vector-tile';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PbfReader as Pbf } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, createUser, signIn, type Session, type TestContext } from '../../../test/harness.ts';

const run = promisify(execFile);

let t: TestContext;
let city: Session;
let county: Session;

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t.db, 'gis-city', ['viewer'], FIXTURE.city);
  await createUser(t.db, 'gis-tz', ['viewer'], FIXTURE.countyB);
  city = await signIn(t.app, 'gis-city');
  county = await signIn(t.app, 'gis-tz');
  // One fixture work stops being public, one stops being in service.
  await t.db.query(`UPDATE work SET is_public = false WHERE code = 'RF-A-002'`);
  await t.db.query(`UPDATE work SET peacetime_use = peacetime_use || '{"coolingSpot":{"seasonStart":"06-15","seasonEnd":"09-15","hours":"9-21","capacity":120,"facilities":["座椅","WiFi"]}}' WHERE code = 'RF-A-001'`);
});
afterAll(() => t.close());

/** Tile coordinates containing a point. */
function tileOf(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [x, y];
}

describe('OGC API – Features', () => {
  it('serves landing page, conformance and collections; internal collection only when signed in', async () => {
    const landing = (await call(t.app, null, { method: 'GET', url: '/ogc' })).json();
    expect(landing.links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'service-desc', 'service-doc', 'conformance', 'data']);
    const conf = (await call(t.app, null, { method: 'GET', url: '/ogc/conformance' })).json();
    expect(conf.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson');
    const anon = (await call(t.app, null, { method: 'GET', url: '/ogc/collections' })).json();
    expect(anon.collections.map((c: { id: string }) => c.id)).toEqual(['works-public']);
    const signed = (await call(t.app, city, { method: 'GET', url: '/ogc/collections' })).json();
    expect(signed.collections.map((c: { id: string }) => c.id)).toEqual(['works-public', 'works']);
    expect((await call(t.app, null, { method: 'GET', url: '/ogc/collections/works/items' })).statusCode).toBe(401);
    expect((await call(t.app, null, { method: 'GET', url: '/ogc/collections/nope' })).statusCode).toBe(404);
  });

  it('exposes only whitelisted fields of public works, with coarse coordinates', async () => {
    const res = await call(t.app, null, { method: 'GET', url: '/ogc/collections/works-public/items' });
    expect(res.headers['content-type']).toContain('application/geo+json');
    const body = res.json();
    expect(body).toMatchObject({ type: 'FeatureCollection', numberMatched: 2, numberReturned: 2 });
    const f = body.features.find((x: { properties: { coolingSpot: boolean } }) => x.properties.coolingSpot);
    expect(Object.keys(f.properties).sort()).toEqual([
      'address', 'coolingCapacity', 'coolingFacilities', 'coolingHours', 'coolingSeason', 'coolingSpot', 'district', 'evChargers', 'name',
      'parkingFeePerHourYuan', 'parkingPublicSpaces'].sort());
    expect(f.properties).toMatchObject({ district: '崇川区', coolingSeason: '06-15~09-15', parkingPublicSpaces: 20 });
    expect(JSON.stringify(body)).not.toMatch(/protectionGrade|shelter|"N6"|"code"|regionCode/);
    for (const c of f.geometry.coordinates) expect(String(c).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(3);
  });

  it('pages with limit/offset, next links and numberMatched; bbox filters; a bad bbox is 400', async () => {
    const p1 = (await call(t.app, city, { method: 'GET', url: '/ogc/collections/works/items?limit=2' })).json();
    expect(p1).toMatchObject({ numberMatched: 3, numberReturned: 2 });
    const next = p1.links.find((l: { rel: string }) => l.rel === 'next').href as string;
    const p2 = (await call(t.app, city, { method: 'GET', url: new URL(next).pathname + new URL(next).search })).json();
    expect(p2).toMatchObject({ numberReturned: 1 });
    expect(p2.links.some((l: { rel: string }) => l.rel === 'next')).toBe(false);
    expect(p2.features[0].properties).toMatchObject({ code: 'RF-B-001', protectionGrade: 'N6', shelterPlaces: 1500 });
    const box = (await call(t.app, city, { method: 'GET', url: '/ogc/collections/works/items?bbox=120.8,31.9,120.95,32.1' })).json();
    expect(box.numberMatched).toBe(2);
    expect((await call(t.app, city, { method: 'GET', url: '/ogc/collections/works/items?bbox=1,2,3' })).statusCode).toBe(400);
    // A limit above the maximum is capped (OGC API – Features Part 1 allows it), and the links carry the cap.
    const capped = await call(t.app, city, { method: 'GET', url: '/ogc/collections/works/items?limit=1000000' });
    expect(capped.statusCode, capped.body).toBe(200);
    expect(capped.json()).toMatchObject({ numberMatched: 3, numberReturned: 3 });
    expect(capped.json().links.find((l: { rel: string }) => l.rel === 'self').href).toContain('limit=10000');
    const cappedPage = (await call(t.app, null, { method: 'GET', url: '/ogc/collections/works-public/items?limit=10001&offset=1' })).json();
    expect(cappedPage.links.find((l: { rel: string }) => l.rel === 'prev').href).toContain('limit=10000&offset=0');
    for (const bad of ['0', '-1', 'abc', '1.5']) {
      expect((await call(t.app, city, { method: 'GET', url: `/ogc/collections/works/items?limit=${bad}` })).statusCode, bad).toBe(400);
    }
    expect((await call(t.app, city, { method: 'GET', url: '/ogc/collections/works/items?color=red' })).statusCode).toBe(400);
    const one = await call(t.app, null, { method: 'GET', url: `/ogc/collections/works-public/items/${p2.features[0].id}` });
    expect(one.json()).toMatchObject({ type: 'Feature', properties: { name: 'RF-B-001 防空地下室' } });
    expect((await call(t.app, null, { method: 'GET', url: '/ogc/collections/works-public/items/999999' })).statusCode).toBe(404);
  });

  it('scopes the internal collection to the jurisdiction', async () => {
    const res = (await call(t.app, county, { method: 'GET', url: '/ogc/collections/works/items' })).json();
    expect(res.features.map((f: { properties: { regionCode: string } }) => f.properties.regionCode)).toEqual([FIXTURE.townB]);
  });

  it('serialises a page once, yet each answer carries its own host and jurisdiction and follows a write at once', async () => {
    const url = '/ogc/collections/works-public/items?limit=5';
    const asHost = (host: string) => call(t.app, null, { method: 'GET', url, headers: { host } });
    const first = await asHost('a.example');
    expect((await asHost('a.example')).body).toBe(first.body);
    expect(first.headers['content-type']).toBe('application/geo+json');
    expect(first.json().links.find((l: { rel: string }) => l.rel === 'self').href).toMatch(/^http:\/\/a\.example\//);
    expect((await asHost('b.example')).json().links.find((l: { rel: string }) => l.rel === 'self').href).toMatch(/^http:\/\/b\.example\//);
    // The city's page, then the county's of the same URL: the county's own works only.
    const internal = '/ogc/collections/works/items?limit=5';
    expect((await call(t.app, city, { method: 'GET', url: internal })).json().numberMatched).toBe(3);
    expect((await call(t.app, county, { method: 'GET', url: internal })).json().numberMatched).toBe(1);
    // A write moves the data version: the next answer is the new page, not the kept bytes.
    const renamed = first.json().features[0] as { id: number; properties: { name: string } };
    await t.db.query('UPDATE work SET name = $2 WHERE id = $1', [renamed.id, '改名后的工程']);
    try {
      const after = (await asHost('a.example')).json();
      expect(after.features.find((f: { id: number }) => f.id === renamed.id).properties.name).toBe('改名后的工程');
    } finally {
      await t.db.query('UPDATE work SET name = $2 WHERE id = $1', [renamed.id, renamed.properties.name]);
    }
  });

  it('is read by GDAL ogrinfo (OAPIF driver), anonymously and with a session cookie', async (ctx) => {
    const ogrinfo = await run('ogrinfo', ['--version']).then(() => true, () => false);
    if (!ogrinfo) {
      if (process.env.CI) throw new Error('ogrinfo (Debian package gdal-bin) is required in CI');
      ctx.skip('ogrinfo not installed (apt-get install gdal-bin): skipping the GDAL check');
      return;
    }
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const url = `OAPIF:http://127.0.0.1:${port}/ogc`;
    const summary = await run('ogrinfo', ['-ro', '-so', url], { timeout: 60_000 });
    expect(summary.stdout).toMatch(/works-public/);
    expect(summary.stdout).not.toMatch(/\bworks \(/);
    const features = await run('ogrinfo', ['-ro', '-al', url, 'works-public'], { timeout: 60_000 });
    expect(features.stdout).toMatch(/Feature Count: 2/);
    expect(features.stdout).toMatch(/name \(String\) = RF-B-001 防空地下室/);
    const signed = await run('ogrinfo', ['-ro', '-al', '-so', '--config', 'GDAL_HTTP_COOKIE', city.cookie, url, 'works'], { timeout: 60_000 });
    expect(signed.stdout).toMatch(/Feature Count: 3/);
    expect(signed.stdout).toMatch(/protectionGrade: String/);
  });
});

describe('vector tiles', () => {
  it('encodes the scope\'s works at z14 with the expected properties, caches with ETag, and answers 204 off the map', async () => {
    const [x, y] = tileOf(120.87, 32.0, 14);
    const res = await call(t.app, city, { method: 'GET', url: `/tiles/works/14/${x}/${y}.mvt` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    const tile = new VectorTile(new Pbf(res.rawPayload));
    const layer = tile.layers.works!;
    const feats = Array.from({ length: layer.length }, (_, i) => layer.feature(i));
    expect(feats.map((f) => f.properties.code)).toContain('RF-A-001');
    const f = feats.find((g) => g.properties.code === 'RF-A-001')!;
    expect(f.properties).toMatchObject({ workClass: 'personnel', shelterPlaces: 1500, isPublic: true, overdue: false });
    const [lng, lat] = [f.toGeoJSON(x, y, 14).geometry as { coordinates: number[] }].map((g) => g.coordinates)[0]!;
    expect(lng).toBeCloseTo(120.87, 4);
    expect(lat).toBeCloseTo(32.0, 4);
    expect(tile.layers.work_clusters).toBeUndefined();
    const again = await call(t.app, city, { method: 'GET', url: `/tiles/works/14/${x}/${y}.mvt`, headers: { 'if-none-match': res.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    expect((await call(t.app, city, { method: 'GET', url: '/tiles/works/14/0/0.mvt' })).statusCode).toBe(204);
    expect((await call(t.app, city, { method: 'GET', url: '/tiles/works/2/4/0.mvt' })).statusCode).toBe(400);
  });

  it('adds a cluster layer at city scale and keeps a county user to the county', async () => {
    const [x, y] = tileOf(120.95, 32.0, 9);
    const res = await call(t.app, city, { method: 'GET', url: `/tiles/works/9/${x}/${y}.mvt` });
    const tile = new VectorTile(new Pbf(res.rawPayload));
    expect(tile.layers.works!.length).toBe(3);
    const clusters = tile.layers.work_clusters!;
    const total = Array.from({ length: clusters.length }, (_, i) => Number(clusters.feature(i).properties.count)).reduce((a, b) => a + b, 0);
    expect(total).toBe(3);
    const tz = new VectorTile(new Pbf((await call(t.app, county, { method: 'GET', url: `/tiles/works/9/${x}/${y}.mvt` })).rawPayload));
    const layer = tz.layers.works!;
    expect(Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.regionCode)).toEqual([FIXTURE.townB]);
    const etagCity = res.headers.etag;
    const etagTz = (await call(t.app, county, { method: 'GET', url: `/tiles/works/9/${x}/${y}.mvt` })).headers.etag;
    expect(etagTz).not.toBe(etagCity);
  });
});
