/**
 * Planning reports through HTTP on a real database: gap sites from a finished run (where the uncovered people are),
 * and the balance, the comparison and the gap sites as XLSX workbooks that read back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkbook, sheetRows } from '../../lib/xlsx/read.ts';
import { createPopulationService } from '../population/index.ts';
import { FIXTURE, call, createTestApp, givenSession, type TestContext } from '../../test/harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
  const population = createPopulationService({ db: t.db });
  await t.db.transaction((tx) => population.loadBulk(tx, 100, [
    { regionCode: FIXTURE.townA, lng: 120.871, lat: 32.0, people: 1000 },
    { regionCode: FIXTURE.townA, lng: 120.93, lat: 32.05, people: 500 }, // kilometres from any shelter
    { regionCode: FIXTURE.townB, lng: 121.0705, lat: 32.07, people: 5000 },
  ]));
});
afterAll(() => t.close());

async function succeeded(session: Parameters<typeof call>[1], body: object): Promise<number> {
  const res = await call(t.app, session, { method: 'POST', url: '/api/planning/runs', payload: body });
  expect(res.statusCode, res.body).toBe(202);
  const id = (res.json() as { id: number }).id;
  for (let k = 0; k < 1200; k++) {
    const r = (await call(t.app, session, { method: 'GET', url: `/api/planning/runs/${id}` })).json() as { status: string };
    if (r.status === 'succeeded') return id;
    expect(['queued', 'running']).toContain(r.status);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error('run did not finish');
}

describe('planning reports', () => {
  it('ranks gap sites where people are without a place, and exports the tables as XLSX', async () => {
    const { session } = await givenSession(t, { roles: ['planner'], regionCode: FIXTURE.city });
    const a = await succeeded(session, { label: 'base' });
    const g = await call(t.app, session, { method: 'GET', url: `/api/planning/runs/${a}/gaps?sizeM2=2000&count=5` });
    expect(g.statusCode, g.body).toBe(200);
    const gaps = g.json() as { uncovered: number; places: number; sites: Array<{ rank: number; regionCode: string; newlyCovered: number; lng: number; lat: number; perM2: number }> };
    expect(gaps.places).toBe(2000);
    expect(gaps.uncovered).toBeGreaterThan(0);
    // The first site sits at the over-full townB shelter's crowd; every uncovered person is covered at most once.
    expect(gaps.sites[0]).toMatchObject({ rank: 1, regionCode: FIXTURE.townB });
    expect(gaps.sites[0]!.perM2).toBeCloseTo(gaps.sites[0]!.newlyCovered / 2000, 9);
    expect(gaps.sites.reduce((s, x) => s + x.newlyCovered, 0)).toBeLessThanOrEqual(gaps.uncovered);

    const b = await succeeded(session, { label: 'r300', radiusM: 300 });
    for (const [url, sheet] of [['/api/planning/balance/export', '人防平衡表'], [`/api/planning/compare/export?a=${a}&b=${b}`, '方案比较'], [`/api/planning/runs/${a}/gaps/export`, '补缺选址']] as const) {
      const res = await call(t.app, session, { method: 'GET', url });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = await loadWorkbook(res.rawPayload);
      const rows = sheetRows(wb.getWorksheet(sheet)!);
      expect(rows.length).toBeGreaterThan(1);
    }
    const same = await call(t.app, session, { method: 'GET', url: `/api/planning/compare/export?a=${a}&b=${a}` });
    expect(same.statusCode).toBe(400);
  });
});

describe('assessment areas (防护片区)', () => {
  const square = (lng: number, lat: number, d: number) => ({ type: 'Polygon', coordinates: [[[lng - d, lat - d], [lng + d, lat - d], [lng + d, lat + d], [lng - d, lat + d], [lng - d, lat - d]]] });

  it('imports a polygon set, refuses a bad one whole, and balances people staying against places per polygon', async () => {
    const { session } = await givenSession(t, { roles: ['planner'], regionCode: FIXTURE.city });
    const bad = await call(t.app, session, {
      method: 'PUT', url: '/api/planning/area-sets/plan2025', headers: { 'accept-language': 'en' },
      payload: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [1, 2] }, properties: { name: 'A' } }, { type: 'Feature', geometry: square(121, 32, 0.01), properties: {} }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'PLANNING_AREAS_INVALID' });
    expect((bad.json() as { details: Array<{ field: string }> }).details.map((d) => d.field)).toEqual(['features[0].geometry', 'features[1].properties.name']);

    // West: the two townA works (3 000 places) and the 1 000 + 500 residents there; east: townB's work (1 500) and 5 000 residents.
    const put = await call(t.app, session, {
      method: 'PUT', url: '/api/planning/area-sets/plan2025',
      payload: { type: 'FeatureCollection', features: [
        { type: 'Feature', geometry: square(120.9, 32.02, 0.05), properties: { name: '西片' } },
        { type: 'Feature', geometry: square(121.07, 32.07, 0.02), properties: { 名称: '东片' } },
      ] },
    });
    expect(put.statusCode, put.body).toBe(201);
    expect(put.json()).toMatchObject({ setName: 'plan2025', areas: 2 });
    const sets = await call(t.app, session, { method: 'GET', url: '/api/planning/area-sets' });
    expect(sets.json()).toMatchObject({ items: [{ setName: 'plan2025', areas: 2 }] });
    const bal = await call(t.app, session, { method: 'GET', url: '/api/planning/area-sets/plan2025/balance' });
    expect(bal.statusCode, bal.body).toBe(200);
    const byName = Object.fromEntries((bal.json() as { features: Array<{ properties: { name: string; people: number; peopleStaying: number; places: number; placesSurplus: number; works: number } }> }).features.map((f) => [f.properties.name, f.properties]));
    expect(byName['西片']).toMatchObject({ people: 1500, peopleStaying: 900, places: 3000, placesSurplus: 2100, works: 2 });
    expect(byName['东片']).toMatchObject({ people: 5000, peopleStaying: 3000, places: 1500, placesSurplus: -1500, works: 1 });
    const del = await call(t.app, session, { method: 'DELETE', url: '/api/planning/area-sets/plan2025' });
    expect(del.statusCode).toBe(204);
    const gone = await call(t.app, session, { method: 'GET', url: '/api/planning/area-sets/plan2025/balance' });
    expect(gone.statusCode).toBe(404);
  });
});
