/**
 * Population import through HTTP on a real database: a preview lists every problem and writes nothing, a commit
 * writes all rows as one dataset replacing the area's cells (or nothing), the export reads back unchanged, the
 * planning balance and an allocation run see (and cite) the imported population.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, type TestContext } from '../../test/harness.ts';

let t: TestContext;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

const CSV = 'text/csv';
const planner = () => givenSession(t, { roles: ['planner'], regionCode: FIXTURE.city });
const csv = (lines: string[]) => Buffer.from(`区划代码,经度,纬度,人口,网格边长m,名称\r\n${lines.join('\r\n')}\r\n`, 'utf8');
const cellCount = async () => Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM population_cell')).rows[0]!.n);

describe('population import', () => {
  it('previews a file with per-row problems in zh and en and writes nothing; a commit of it is refused whole', async () => {
    const { session } = await planner();
    const body = csv([`${FIXTURE.townA},120.871,32.0,1000,100,`, `${FIXTURE.townB},121.07,32.07,-3,100,`, `110101001,116.4,39.9,10,,`]);
    const before = await cellCount();
    const res = await call(t.app, session, { method: 'POST', url: '/api/population/imports/preview?fileName=a.csv', headers: { 'content-type': CSV }, payload: body });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json() as { records: number; errorCount: number; errors: Array<{ at: string; zh: string; en: string }>; people: number };
    expect(p).toMatchObject({ records: 1, people: 1000, errorCount: 2 });
    expect(p.errors[0]).toMatchObject({ at: '人口!D3', zh: expect.stringContaining('人口'), en: expect.stringContaining('people') });
    expect(p.errors[1]).toMatchObject({ at: '人口!4', zh: expect.stringContaining('不在导入片区'), en: expect.stringContaining('outside the imported area') });
    const commit = await call(t.app, session, { method: 'POST', url: '/api/population/imports', headers: { 'content-type': CSV, 'accept-language': 'en' }, payload: body });
    expect(commit.statusCode, commit.body).toBe(400);
    expect(commit.json()).toMatchObject({ code: 'POPULATION_IMPORT_INVALID' });
    expect((commit.json() as { details: unknown[] }).details).toHaveLength(2);
    expect(await cellCount()).toBe(before);
  });

  it('commits a grid + buildings file as a dataset replacing the area, which balance, export and runs then use', async () => {
    const { session } = await planner();
    const body = csv([`${FIXTURE.townA},120.871,32.0,1000,100,格网 1`, `${FIXTURE.townA},120.93,32.05,500,100,`, `${FIXTURE.townB},121.0705,32.07,5000,,某小区 3 号楼`]);
    const res = await call(t.app, session, { method: 'POST', url: '/api/population/imports?fileName=grid.csv', headers: { 'content-type': CSV }, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    const { dataset, preview } = res.json() as { dataset: { id: number; cells: number; people: number; fileName: string }; preview: { gridCells: number; buildings: number } };
    expect(dataset).toMatchObject({ cells: 3, people: 6500, fileName: 'grid.csv' });
    expect(preview).toMatchObject({ gridCells: 2, buildings: 1 });
    expect(await cellCount()).toBe(3);

    const bal = await call(t.app, session, { method: 'GET', url: '/api/planning/balance' });
    expect((bal.json() as { parent: { people: number } }).parent.people).toBe(6500);

    // Export → import: the same records, so the second dataset replaces three cells with the same three.
    const exp = await call(t.app, session, { method: 'GET', url: '/api/population/export?format=csv' });
    expect(exp.statusCode).toBe(200);
    const again = await call(t.app, session, { method: 'POST', url: '/api/population/imports/preview', headers: { 'content-type': CSV }, payload: exp.rawPayload });
    expect(again.json()).toMatchObject({ records: 3, people: 6500, errorCount: 0, replaces: 3, gridCells: 2, buildings: 1 });
    const geo = await call(t.app, session, { method: 'GET', url: '/api/population/export?format=geojson' });
    const geoPreview = await call(t.app, session, { method: 'POST', url: '/api/population/imports/preview', headers: { 'content-type': 'application/geo+json' }, payload: geo.rawPayload });
    expect(geoPreview.json()).toMatchObject({ records: 3, errorCount: 0 });

    // A county import replaces only that county's cells.
    const county = await call(t.app, session, {
      method: 'POST', url: `/api/population/imports?area=${FIXTURE.countyB}`, headers: { 'content-type': CSV }, payload: csv([`${FIXTURE.townB},121.0705,32.07,4000,100,`]),
    });
    expect(county.statusCode, county.body).toBe(201);
    expect(county.json()).toMatchObject({ dataset: { replaced: 1, cells: 1 } });
    expect(await cellCount()).toBe(3);

    const list = await call(t.app, session, { method: 'GET', url: '/api/population/datasets' });
    expect((list.json() as { items: Array<{ id: number }> }).items.map((d) => d.id)).toEqual([dataset.id + 1, dataset.id]);

    const run = await call(t.app, session, { method: 'POST', url: '/api/planning/runs', payload: {} });
    expect(run.statusCode, run.body).toBe(202);
    const id = (run.json() as { id: number }).id;
    for (let k = 0; k < 600; k++) {
      const r = (await call(t.app, session, { method: 'GET', url: `/api/planning/runs/${id}` })).json() as { status: string; inputs: { populationDataset: { id: number } | null } | null };
      if (r.status !== 'queued' && r.status !== 'running') {
        expect(r.status).toBe('succeeded');
        expect(r.inputs?.populationDataset?.id).toBe(dataset.id + 1);
        break;
      }
      await new Promise((ok) => setTimeout(ok, 100));
    }
  });

  it('refuses an area outside the jurisdiction, an unknown content type and an unreadable file, naming the field', async () => {
    const { session } = await givenSession(t, { roles: ['planner'], regionCode: FIXTURE.countyA });
    const out = await call(t.app, session, { method: 'POST', url: `/api/population/imports/preview?area=${FIXTURE.countyB}`, headers: { 'content-type': CSV }, payload: csv([]) });
    expect(out.statusCode).toBe(404);
    expect(out.json()).toMatchObject({ code: 'POPULATION_AREA_NOT_FOUND' });
    const bad = await call(t.app, session, { method: 'POST', url: '/api/population/imports/preview', headers: { 'content-type': 'application/geo+json' }, payload: '{"type":"Feature"' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'POPULATION_IMPORT_UNREADABLE' });
    const xlsx = await call(t.app, session, {
      method: 'POST', url: '/api/population/imports/preview', headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, payload: Buffer.from('not a zip'),
    });
    expect(xlsx.statusCode).toBe(400);
    const empty = await call(t.app, session, { method: 'POST', url: '/api/population/imports', headers: { 'content-type': CSV }, payload: csv([]) });
    expect(empty.json()).toMatchObject({ code: 'POPULATION_IMPORT_EMPTY' });
  });
});
