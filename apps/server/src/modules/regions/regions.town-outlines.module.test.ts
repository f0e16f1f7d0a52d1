/**
 * The town-outline import through HTTP on a real database: a GeoJSON previewed (towns matched by code or name, the
 * outline each replaces, every problem listed, nothing written) and applied with the preview's fingerprint (surveyed
 * outlines, synthetic = false, audited), or refused whole: unknown towns, PostGIS-invalid or out-of-district
 * outlines, a stale fingerprint, another jurisdiction's towns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, type Session, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let manager: Session;
beforeAll(async () => {
  t = await createTestApp();
  manager = (await givenSession(t, { roles: ['siren_manager'] })).session;
});
afterAll(() => t.close());

// The fixture's districts are 0.1° squares round (120.86, 32.01) (崇川, town A 和平桥街道) and (121.07, 32.06) (通州, town B 金沙街道).
const square = (lng: number, lat: number, d = 0.01) => ({ type: 'Polygon', coordinates: [[[lng - d, lat - d], [lng + d, lat - d], [lng + d, lat + d], [lng - d, lat + d], [lng - d, lat - d]]] });
const file = (...features: Array<{ properties: object; geometry: object }>) => JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', ...f })) });
type Preview = { preview: string; towns: Array<{ code: string; name: string; replaces: string }>; unknown: Array<{ index: number; code: string | null; name: string | null }>; errorCount: number; errors: Array<{ at: string; en: string }> };

const preview = async (session: Session, body: string) => {
  const res = await call(t.app, session, { method: 'POST', url: '/api/regions/town-outlines/import/preview', payload: body, headers: { 'content-type': 'application/geo+json', 'accept-language': 'en' } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Preview;
};
const apply = (session: Session, body: string, fp: string) =>
  call(t.app, session, { method: 'POST', url: `/api/regions/town-outlines/import/apply?preview=${fp}`, payload: body, headers: { 'content-type': 'application/geo+json', 'accept-language': 'en' } });
const stored = async () => (await t.db.query<{ code: string; synthetic: boolean; wkt: string; holdsCentre: boolean }>(
  'SELECT code, synthetic, ST_AsText(geom) AS wkt, ST_Contains(geom, ST_SetSRID(ST_MakePoint(120.87, 32.0), 4326)) AS "holdsCentre" FROM region_town_boundary ORDER BY code')).rows;

describe('town outline import', () => {
  it('previews without writing, then applies with the fingerprint: surveyed outlines of the towns named, audited', async () => {
    // A synthetic outline of town A away from (120.87, 32.0); the file's outline holds that point.
    await t.db.query(`INSERT INTO region_town_boundary (code, geom, synthetic) VALUES ($1, ST_Multi(ST_MakeEnvelope(120.82, 31.97, 120.84, 31.99, 4326)), true)`, [FIXTURE.townA]);
    const body = file({ properties: { code: FIXTURE.townA }, geometry: square(120.87, 32.0) }, { properties: { 名称: '金沙街道' }, geometry: square(121.07, 32.07) });
    const p = await preview(manager, body);
    expect(p.errors).toEqual([]);
    expect(p.unknown).toEqual([]);
    expect(p.towns.map((x) => [x.code, x.replaces])).toEqual([[FIXTURE.townA, 'synthetic'], [FIXTURE.townB, 'none']]);
    expect((await stored()).map((r) => [r.code, r.synthetic])).toEqual([[FIXTURE.townA, true]]);

    const stale = await apply(manager, body, '0'.repeat(64));
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'REGIONS_TOWN_OUTLINES_STALE', message: expect.stringContaining('preview:') });
    const done = await apply(manager, body, p.preview);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ replaced: 1, added: 1 });
    const rows = await stored();
    expect(rows.map((r) => [r.code, r.synthetic])).toEqual([[FIXTURE.townB, false], [FIXTURE.townA, false]]);
    // The synthetic outline of town A is replaced by the file's.
    expect(rows.find((r) => r.code === FIXTURE.townA)!.holdsCentre).toBe(true);
    const audit = (await t.db.query<{ after: { towns: string[]; replacedSynthetic: number } }>(`SELECT after FROM audit_log WHERE action = 'regions.town_outlines.import'`)).rows;
    expect(audit.map((a) => a.after)).toEqual([expect.objectContaining({ towns: [FIXTURE.townA, FIXTURE.townB], replacedSynthetic: 1, replaced: 1 })]);
    // The same file again: the towns now have surveyed outlines, so the old fingerprint is stale.
    expect((await apply(manager, body, p.preview)).statusCode).toBe(409);
  });

  it('lists unknown towns, invalid and out-of-district outlines, and writes nothing while any is left', async () => {
    const before = await stored();
    const bowtie = { type: 'Polygon', coordinates: [[[120.85, 31.99], [120.87, 32.01], [120.87, 31.99], [120.85, 32.01], [120.85, 31.99]]] };
    const body = file(
      { properties: { code: FIXTURE.townA }, geometry: square(120.87, 32.0, 0.005) }, // fine on its own
      { properties: { code: '320613999', name: '不存在镇' }, geometry: square(120.87, 32.0) },
      { properties: { name: '金沙街道' }, geometry: square(120.87, 32.0) }, // 通州's town drawn in 崇川
      { properties: { code: FIXTURE.townA }, geometry: bowtie },
      { properties: { code: FIXTURE.townB, name: '和平桥街道' }, geometry: square(121.07, 32.07) },
    );
    const p = await preview(manager, body);
    expect(p.unknown).toEqual([{ index: 1, code: '320613999', name: '不存在镇' }]);
    expect(p.errors.map((e) => [e.at, e.en.replace(/\(.*$/, '').trim()])).toEqual([
      ['GeoJSON!features[1]', 'code / name: 320613999 is not a known town of your jurisdiction'],
      ['GeoJSON!features[2]', 'geometry: 100.0 % of its area lies outside its district 320612'],
      ['GeoJSON!features[3]', `town ${FIXTURE.townA}`],
      ['GeoJSON!features[4]', 'name: "和平桥街道" is not the name of town 320612001'],
    ]);
    const refused = await apply(manager, body, p.preview);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'REGIONS_TOWN_OUTLINES_INVALID', message: expect.stringContaining('4 problems, no town outline imported') });
    expect(await stored()).toEqual(before);

    // A self-intersecting outline is named by PostGIS's reason.
    const invalid = await preview(manager, file({ properties: { code: FIXTURE.townA }, geometry: bowtie }));
    expect(invalid.errors.map((e) => e.en)).toEqual([expect.stringMatching(/^geometry: not valid by PostGIS \(Self-intersection/)]);
  });

  it('matches only towns of the caller\'s jurisdiction, and takes only a GeoJSON file', async () => {
    const district = (await givenSession(t, { roles: ['siren_manager'], regionCode: FIXTURE.countyB })).session;
    const p = await preview(district, file({ properties: { code: FIXTURE.townA }, geometry: square(120.87, 32.0) }));
    expect(p.unknown).toEqual([{ index: 0, code: FIXTURE.townA, name: null }]);
    const json = await call(t.app, manager, { method: 'POST', url: '/api/regions/town-outlines/import/preview', payload: { type: 'FeatureCollection', features: [] } });
    expect(json.statusCode).toBe(415);
    const viewer = (await givenSession(t, { roles: ['viewer'] })).session;
    const denied = await call(t.app, viewer, { method: 'POST', url: '/api/regions/town-outlines/import/preview', payload: '{}', headers: { 'content-type': 'application/geo+json' } });
    expect(denied.statusCode).toBe(403);
  });
});
