/**
 * The works list, the OGC collections and the vector tiles are cached by the server under the works data version
 * (lib/read-cache.ts, migration 0006). These cases make sure a cached read is never served after a change: through
 * the API, and by a write that bypasses the services (an importer, the CLI, another server process on the same
 * database), which the database's own trigger catches.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Pbf } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, createUser, signIn, type Session, type TestContext } from '../../test/harness.ts';
import { givenWork, uniqueCode } from './test-fixtures.ts';

let t: TestContext;
let manager: Session;
let county: Session;

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t.db, 'cache-mgr', ['works_manager'], FIXTURE.city);
  await createUser(t.db, 'cache-tz', ['viewer'], FIXTURE.countyB);
  manager = await signIn(t.app, 'cache-mgr');
  county = await signIn(t.app, 'cache-tz');
});
afterAll(() => t.close());

function tileOf(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lng + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}

const get = async (session: Session | null, url: string, headers: Record<string, string> = {}) => {
  const res = await call(t.app, session, { method: 'GET', url, headers });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBeLessThan(400);
  return res;
};
const list = async (session: Session = manager) => (await get(session, '/api/works?pageSize=500')).json() as { total: number; items: Array<{ code: string; name: string }> };
const publicItems = async () => (await get(null, '/ogc/collections/works-public/items?limit=10000')).json() as { numberMatched: number; features: Array<{ properties: { name: string } }> };
const tileNames = (body: Buffer) => {
  const layer = new VectorTile(new Pbf(body)).layers.works;
  return layer ? Array.from({ length: layer.length }, (_, i) => String(layer.feature(i).properties.name)) : [];
};

describe('cached reads after a write', () => {
  it('the list, the public collection and the tile show a created, edited and hidden work at once', async () => {
    const [x, y] = tileOf(120.871, 32.002, 14);
    const tileUrl = `/tiles/works/14/${x}/${y}.mvt`;
    // Everything read (and so cached) before the write.
    const listBefore = await list();
    const countyBefore = await list(county);
    const publicBefore = await publicItems();
    const tileBefore = await get(manager, tileUrl);
    expect((await get(manager, tileUrl)).headers.etag).toBe(tileBefore.headers.etag);

    const name = `缓存测试工程 ${uniqueCode()}`;
    const w = await givenWork(t.app, manager, { name, isPublic: true, lifecycleState: 'in_use' });
    const listAfter = await list();
    expect(listAfter.total).toBe(listBefore.total + 1);
    expect(listAfter.items.map((i) => i.name)).toContain(name);
    // Another jurisdiction's cached page is its own: the work (in 崇川) is not in 海门's list.
    expect((await list(county)).total).toBe(countyBefore.total);
    const publicAfter = await publicItems();
    expect(publicAfter.numberMatched).toBe(publicBefore.numberMatched + 1);
    expect(publicAfter.features.map((f) => f.properties.name)).toContain(name);
    const tileAfter = await get(manager, tileUrl, { 'if-none-match': tileBefore.headers.etag as string });
    expect(tileAfter.statusCode).toBe(200);
    expect(tileNames(tileAfter.rawPayload)).toContain(name);

    const renamed = `${name} 改`;
    const edit = await call(t.app, manager, { method: 'PATCH', url: `/api/works/${w.id}`, payload: { version: w.version, name: renamed, isPublic: false } });
    expect(edit.statusCode, edit.body).toBe(200);
    expect((await list()).items.map((i) => i.name)).toContain(renamed);
    const hidden = await publicItems();
    expect(hidden.numberMatched).toBe(publicBefore.numberMatched);
    expect(hidden.features.map((f) => f.properties.name)).not.toContain(renamed);
    const tileEdited = await get(manager, tileUrl, { 'if-none-match': tileAfter.headers.etag as string });
    expect(tileEdited.statusCode).toBe(200);
    expect(tileNames(tileEdited.rawPayload)).toEqual(expect.arrayContaining([renamed]));
    expect(tileNames(tileEdited.rawPayload)).not.toContain(name);
  });

  it('a write that bypasses the services (importer, CLI, another process) is seen too', async () => {
    const w = await givenWork(t.app, manager, { isPublic: true, lifecycleState: 'in_use' });
    const [x, y] = tileOf(120.871, 32.002, 14);
    await list();
    await publicItems();
    await get(manager, `/tiles/works/14/${x}/${y}.mvt`);
    const renamed = `直接改名 ${uniqueCode()}`;
    await t.db.query('UPDATE work SET name = $1 WHERE id = $2', [renamed, w.id]);
    expect((await list()).items.map((i) => i.name)).toContain(renamed);
    expect((await publicItems()).features.map((f) => f.properties.name)).toContain(renamed);
    expect(tileNames((await get(manager, `/tiles/works/14/${x}/${y}.mvt`)).rawPayload)).toContain(renamed);
    // A change to a work's units alone (its shelter places) moves the version as well.
    const before = (await get(manager, `/api/works?q=${encodeURIComponent(w.code)}`)).json().items[0].shelterPlaces as number;
    await t.db.query('UPDATE work_unit SET shelter_area_m2 = shelter_area_m2 + 100 WHERE work_id = $1 AND position = 1', [w.id]);
    expect((await get(manager, `/api/works?q=${encodeURIComponent(w.code)}`)).json().items[0].shelterPlaces).toBe(before + 100);
  });

  it('a rolled-back write leaves the version, and what is cached, as it was', async () => {
    const version = async () => (await t.db.query<{ version: number }>(`SELECT version FROM data_version WHERE name = 'works'`)).rows[0]!.version;
    const v0 = await version();
    await expect(t.db.transaction(async (tx) => {
      await tx.query(`UPDATE work SET name = name || '!' WHERE code = 'RF-A-001'`);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(await version()).toBe(v0);
    // One transaction changing many rows of several tables moves it once.
    await t.db.transaction(async (tx) => {
      await tx.query(`UPDATE work SET updated_at = now() WHERE region_code LIKE '3206%'`);
      await tx.query(`UPDATE work_unit SET parking_spaces = parking_spaces WHERE true`);
    });
    expect(await version()).toBe(v0 + 1);
  });
});
