/**
 * The planning module through HTTP on a real database: the balance per area with drill-down and the 留城比例 per
 * area; allocation runs as jobs (solved in a worker, certificate checked, results stored), cancelled, and the server
 * answering while a run solves. Population is loaded through the population module's door, as the demo does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPopulationService } from '../population/index.ts';
import { FIXTURE, call, createTestApp, givenSession, type Session, type TestContext } from '../../test/harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
  // Fixture works: RF-A-001 (120.87, 32.00) and RF-A-002 (120.88, 32.01) in townA, RF-B-001 (121.07, 32.07) in townB,
  // each with one personnel unit of 1 500 m² 掩蔽面积 (1 500 places) and 2 500 m² gross, in use.
  const population = createPopulationService({ db: t.db });
  await t.db.transaction((tx) => population.loadBulk(tx, 100, [
    { regionCode: FIXTURE.townA, lng: 120.871, lat: 32.0, people: 1000 }, // ≈ 94 m from RF-A-001
    { regionCode: FIXTURE.townA, lng: 120.93, lat: 32.05, people: 500 }, // kilometres from any shelter
    { regionCode: FIXTURE.townB, lng: 121.0705, lat: 32.07, people: 5000 }, // ≈ 47 m from RF-B-001, more than it holds
  ]));
});
afterAll(() => t.close());

type Area = { code: string; people: number; peopleStaying: number; places: number; placesSurplus: number; m2PerPerson: number | null; status: string; stayRatio: number; stayRatioSource: string; hasChildren: boolean };
type Run = { id: number; status: string; phase: string; percent: number; summary: { people: number; assigned: number; unassigned: number; proof: { optimalOverAllPairs: boolean } } | null;
  certificate: { optimal: boolean; primalFeasible: boolean; dualFeasible: boolean; primalCost: number; dualObjective: number; arcs: number } | null;
  distance: { histogram: number[]; max: number } | null; inputs: { sha256: string; shelters: number } | null; error: string | null };

const planner = () => givenSession(t, { roles: ['planner'], regionCode: FIXTURE.city });

async function balance(session: Session, parent?: string) {
  const res = await call(t.app, session, { method: 'GET', url: `/api/planning/balance${parent ? `?parent=${parent}` : ''}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { parent: Area; children: Area[]; target: { min: number; max: number } };
}

async function finished(session: Session, id: number, timeoutMs = 90_000): Promise<Run> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await call(t.app, session, { method: 'GET', url: `/api/planning/runs/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    const run = res.json() as Run;
    if (!['queued', 'running'].includes(run.status)) return run;
    if (Date.now() > until) throw new Error(`run ${id} still ${run.status}/${run.phase}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('GET /api/planning/balance', () => {
  it('sums people staying (60 % by default), places and area per county, and drills down to the towns', async () => {
    const { session } = await planner();
    const city = await balance(session);
    expect(city.target).toEqual({ min: 1.8, max: 2.0 });
    expect(city.parent).toMatchObject({ code: FIXTURE.city, people: 6500, peopleStaying: 3900, places: 4500, placesSurplus: 600, stayRatioSource: 'default' });
    const a = city.children.find((c) => c.code === FIXTURE.countyA)!;
    const b = city.children.find((c) => c.code === FIXTURE.countyB)!;
    expect(a).toMatchObject({ people: 1500, peopleStaying: 900, places: 3000, placesSurplus: 2100, hasChildren: true });
    expect(a.m2PerPerson).toBeCloseTo(5000 / 900, 9);
    expect(b).toMatchObject({ people: 5000, peopleStaying: 3000, places: 1500, placesSurplus: -1500, status: 'places_short' });
    const county = await balance(session, FIXTURE.countyA);
    expect(county.children.map((c) => c.code)).toEqual([FIXTURE.townA]);
    expect(county.children[0]).toMatchObject({ peopleStaying: 900, places: 3000, hasChildren: false });
  });

  it('applies an area\'s own 留城比例 to it and its towns, audited, and clearing it restores the default', async () => {
    const { session } = await planner();
    const set = await call(t.app, session, { method: 'PUT', url: `/api/planning/areas/${FIXTURE.countyB}/stay-ratio`, payload: { stayRatio: 0.2, source: '测试方案' } });
    expect(set.statusCode, set.body).toBe(200);
    let b = (await balance(session)).children.find((c) => c.code === FIXTURE.countyB)!;
    expect(b).toMatchObject({ peopleStaying: 1000, placesSurplus: 500, stayRatio: 0.2, stayRatioSource: 'own', status: 'above_target' });
    const town = (await balance(session, FIXTURE.countyB)).children[0]!;
    expect(town).toMatchObject({ peopleStaying: 1000, stayRatioSource: 'inherited' });
    const cleared = await call(t.app, session, { method: 'DELETE', url: `/api/planning/areas/${FIXTURE.countyB}/stay-ratio` });
    expect(cleared.statusCode).toBe(204);
    b = (await balance(session)).children.find((c) => c.code === FIXTURE.countyB)!;
    expect(b).toMatchObject({ peopleStaying: 3000, stayRatioSource: 'default' });
  });

  it('shows a county user only their county, and answers 404 for an area outside it', async () => {
    const { session } = await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.countyB });
    const own = await balance(session);
    expect(own.parent).toMatchObject({ code: FIXTURE.countyB, people: 5000 });
    expect(own.children.map((c) => c.code)).toEqual([FIXTURE.townB]);
    const other = await call(t.app, session, { method: 'GET', url: `/api/planning/balance?parent=${FIXTURE.countyA}`, headers: { 'accept-language': 'en' } });
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ code: 'PLANNING_AREA_NOT_FOUND' });
    expect(other.json().message).toContain(FIXTURE.countyA);
    const write = await call(t.app, session, { method: 'PUT', url: `/api/planning/areas/${FIXTURE.countyB}/stay-ratio`, payload: { stayRatio: 0.5 } });
    expect(write.statusCode).toBe(403);
  });

  it('gives the choropleth the county outlines with their balance', async () => {
    const { session } = await planner();
    const res = await call(t.app, session, { method: 'GET', url: '/api/planning/balance/map' });
    expect(res.statusCode, res.body).toBe(200);
    const fc = res.json().map as { features: Array<{ id: string; geometry: { type: string }; properties: Area }> };
    expect(fc.features.map((f) => f.id).sort()).toEqual([FIXTURE.countyB, FIXTURE.countyA].sort());
    expect(fc.features.every((f) => ['Polygon', 'MultiPolygon'].includes(f.geometry.type))).toBe(true);
  });
});

describe('allocation runs', () => {
  it('runs a small allocation end to end in a worker: exact, certificate checked, results stored', async () => {
    const { session } = await planner();
    const start = await call(t.app, session, { method: 'POST', url: '/api/planning/runs', payload: { radiusM: 200, detourFactor: 1.2, label: '基准' } });
    expect(start.statusCode, start.body).toBe(202);
    expect(start.json()).toMatchObject({ params: { radiusM: 200, detourFactor: 1.2, label: '基准' } });
    expect(['queued', 'running']).toContain(start.json().status);
    const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_type = 'allocation_run' AND entity_id = $1 ORDER BY seq`, [String(start.json().id)]);
    expect(audit.rows.map((r) => r.action)).toContain('allocation_run.start');

    // The progress stream ends with the run: inject() answers once the stream is closed.
    const events = await call(t.app, session, { method: 'GET', url: `/api/planning/runs/${start.json().id}/events` });
    expect(events.headers['content-type']).toContain('text/event-stream');
    expect(events.body).toMatch(/event: done\ndata: .*"status":"succeeded".*"percent":100/);
    const run = await finished(session, start.json().id);
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(run.percent).toBe(100);
    // 600 + 300 + 3 000 staying; townA's near cell fits, the far one reaches nothing, townB's shelter holds 1 500.
    expect(run.summary).toMatchObject({ people: 3900, assigned: 2100, unassigned: 1800, proof: { optimalOverAllPairs: true } });
    expect(run.certificate).toMatchObject({ optimal: true, primalFeasible: true, dualFeasible: true });
    expect(run.certificate!.primalCost).toBe(run.certificate!.dualObjective);
    expect(run.inputs).toMatchObject({ shelters: 3 });
    expect(run.distance!.max).toBeLessThanOrEqual(200);
    expect(run.distance!.histogram.reduce((a, b) => a + b, 0)).toBe(2100);

    const shelters = (await call(t.app, session, { method: 'GET', url: `/api/planning/runs/${run.id}/shelters` })).json();
    const byCode = Object.fromEntries(shelters.features.map((f: { properties: { code: string; assigned: number; utilisation: number } }) => [f.properties.code, f.properties]));
    expect(byCode['RF-B-001']).toMatchObject({ assigned: 1500, utilisation: 1 });
    expect(byCode['RF-A-001'].assigned + byCode['RF-A-002'].assigned).toBe(600);
    const unassigned = (await call(t.app, session, { method: 'GET', url: `/api/planning/runs/${run.id}/unassigned` })).json();
    expect(unassigned.features.map((f: { properties: { unassigned: number } }) => f.properties.unassigned).sort((a: number, b: number) => a - b)).toEqual([300, 1500]);
    const lines = (await call(t.app, session, { method: 'GET', url: `/api/planning/runs/${run.id}/flows?bbox=120.8,31.9,121.2,32.2` })).json();
    expect(lines.features.map((f: { properties: { people: number } }) => f.properties.people).reduce((a: number, b: number) => a + b, 0)).toBe(2100);
    expect(lines.features[0].geometry.type).toBe('LineString');
  });

  it('what-if: leaving RF-B-001 out leaves all of townB without a place', async () => {
    const { session } = await planner();
    const works = await t.db.query<{ id: number }>(`SELECT id FROM work WHERE code = 'RF-B-001'`);
    const start = await call(t.app, session, { method: 'POST', url: '/api/planning/runs', payload: { removeWorkIds: [works.rows[0]!.id] } });
    expect(start.statusCode, start.body).toBe(202);
    const run = await finished(session, start.json().id);
    expect(run.summary).toMatchObject({ assigned: 600, unassigned: 3300 });
    expect(run.certificate!.optimal).toBe(true);
    const added = await call(t.app, session, { method: 'POST', url: '/api/planning/runs', payload: { addShelters: [{ name: '规划新建', location: [121.071, 32.0705], places: 3000 }] } });
    expect(added.statusCode, added.body).toBe(202);
    expect((await finished(session, added.json().id)).summary).toMatchObject({ assigned: 3600, unassigned: 300 });
  });

  it('refuses a work outside the jurisdiction in removeWorkIds, naming the field', async () => {
    const { session } = await givenSession(t, { roles: ['planner'], regionCode: FIXTURE.countyB });
    const works = await t.db.query<{ id: number }>(`SELECT id FROM work WHERE code = 'RF-A-001'`);
    const res = await call(t.app, session, { method: 'POST', url: '/api/planning/runs', payload: { removeWorkIds: [works.rows[0]!.id] }, headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'PLANNING_WORK_UNKNOWN' });
    expect(res.json().message).toContain('removeWorkIds[0]');
  });

  it('cancels a run: it ends cancelled, audited, with no results, and cannot be cancelled twice', async () => {
    const { session } = await planner();
    const start = await call(t.app, session, { method: 'POST', url: '/api/planning/runs', payload: {} });
    const id = start.json().id as number;
    const cancel = await call(t.app, session, { method: 'POST', url: `/api/planning/runs/${id}/cancel` });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json()).toMatchObject({ status: 'cancelled', phase: 'done' });
    await new Promise((r) => setTimeout(r, 500));
    const later = await finished(session, id);
    expect(later).toMatchObject({ status: 'cancelled', summary: null });
    const results = await call(t.app, session, { method: 'GET', url: `/api/planning/runs/${id}/shelters` });
    expect(results.statusCode).toBe(409);
    expect(results.json().code).toBe('PLANNING_RUN_NOT_SUCCEEDED');
    const again = await call(t.app, session, { method: 'POST', url: `/api/planning/runs/${id}/cancel` });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PLANNING_RUN_ENDED');
  });

  it('keeps answering other requests while a run solves in its worker', async () => {
    const { session } = await planner();
    const start = await call(t.app, session, { method: 'POST', url: '/api/planning/runs', payload: {} });
    const id = start.json().id as number;
    const answered: number[] = [];
    let run: Run;
    // Starting the worker and solving take well over the few milliseconds a balance request needs on the main thread.
    for (;;) {
      const t0 = Date.now();
      const res = await call(t.app, session, { method: 'GET', url: `/api/planning/runs/${id}` });
      run = res.json() as Run;
      if (run.status !== 'queued' && run.status !== 'running') break;
      const other = await call(t.app, session, { method: 'GET', url: '/api/planning/balance' });
      expect(other.statusCode).toBe(200);
      if (run.phase === 'solving' || run.phase === 'checking') answered.push(Date.now() - t0);
      // A pause between polls, as a client over a network makes: inject() on the in-process database resolves in
      // microtasks only, and a loop of them alone would never let the worker's answer (a macrotask) in.
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(run.status).toBe('succeeded');
    expect(answered.length).toBeGreaterThan(0);
  });

  it('hides another county\'s runs (404) and refuses a viewer\'s start (403)', async () => {
    const city = await planner();
    const start = await call(t.app, city.session, { method: 'POST', url: '/api/planning/runs', payload: {} });
    await finished(city.session, start.json().id);
    const county = await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.countyB });
    expect((await call(t.app, county.session, { method: 'GET', url: `/api/planning/runs/${start.json().id}` })).statusCode).toBe(404);
    expect((await call(t.app, county.session, { method: 'GET', url: '/api/planning/runs' })).json().items).toEqual([]);
    expect((await call(t.app, county.session, { method: 'POST', url: '/api/planning/runs', payload: {} })).statusCode).toBe(403);
  });
});

describe('comparing two runs', () => {
  it('shows per county how many more people a demolition leaves without a place', async () => {
    const { session } = await planner();
    const base = (await call(t.app, session, { method: 'POST', url: '/api/planning/runs', payload: { label: '现状' } })).json().id as number;
    const works = await t.db.query<{ id: number }>(`SELECT id FROM work WHERE code = 'RF-B-001'`);
    const whatIf = (await call(t.app, session, { method: 'POST', url: '/api/planning/runs', payload: { label: '拆除 RF-B-001', removeWorkIds: [works.rows[0]!.id] } })).json().id as number;
    await finished(session, base);
    await finished(session, whatIf);
    const res = await call(t.app, session, { method: 'GET', url: `/api/planning/runs/compare?a=${base}&b=${whatIf}` });
    expect(res.statusCode, res.body).toBe(200);
    const byCode = Object.fromEntries(res.json().areas.map((x: { code: string }) => [x.code, x]));
    expect(byCode[FIXTURE.countyB]).toMatchObject({ peopleA: 3000, unassignedA: 1500, unassignedB: 3000, difference: 1500 });
    expect(byCode[FIXTURE.countyA]).toMatchObject({ unassignedA: 300, unassignedB: 300, difference: 0 });
    const same = await call(t.app, session, { method: 'GET', url: `/api/planning/runs/compare?a=${base}&b=${base}` });
    expect(same.statusCode).toBe(400);
    expect(same.json().code).toBe('PLANNING_COMPARE_SAME_RUN');
  });
});

describe('GET /api/planning/building-check (结建 and 易地建设费)', () => {
  const q = 'uses=residential&storeys=18&aboveGroundAreaM2=30000&groundFloorAreaM2=1800&foundationDepthM=5&plannedM2=1200';
  it('computes the required area, the shortfall and the fee under the rule in force, with its steps and basis', async () => {
    const { session } = await planner();
    const res = await call(t.app, session, { method: 'GET', url: `/api/planning/building-check?${q}&date=2026-03-01&reductions=small_business` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ regionCode: FIXTURE.city, date: '2026-03-01', requiredM2: 1800, plannedM2: 1200, shortfallM2: 600, rule: { id: 'example-local-rate' } });
    expect(body.fee).toMatchObject({ rateYuanPerM2: 2000, grossYuan: 1_200_000, feeYuan: 600_000 });
    expect(body.steps.length).toBe(3);
    expect(body.rule.basis).toContain('2003');
  });

  it('follows the rule versions stored in the zoning table, as the zoning calculator and the fees ledger do', async () => {
    const { session } = await planner();
    const version = await call(t.app, session, {
      method: 'POST', url: '/api/zoning/rules', payload: {
        regionCode: FIXTURE.countyA, validFrom: '2027-01-01', validTo: null, basis: '某区人防办〔2026〕9号', source: '区政府公报 2026-12',
        highRiseStoreys: 10, deepFoundationM: 3, minAboveGroundM2: 2000, ratio: 0.05, residentialGroundFloor: true, grade: '核6B级',
        feeFenPerM2: 150_000, feeBasis: '1500 元/m²（区文件）', reductions: [],
      },
    });
    expect(version.statusCode, version.body).toBe(201);
    const local = (await call(t.app, session, { method: 'GET', url: `/api/planning/building-check?${q}&date=2027-02-01&regionCode=${FIXTURE.countyA}` })).json();
    expect(local.fee).toMatchObject({ rateYuanPerM2: 1500 });
    expect(local.rule.basis).toContain('〔2026〕9号');
    // Before the local version starts, the city's version still answers.
    const earlier = (await call(t.app, session, { method: 'GET', url: `/api/planning/building-check?${q}&date=2026-12-31&regionCode=${FIXTURE.countyA}` })).json();
    expect(earlier.fee).toMatchObject({ rateYuanPerM2: 2000 });
  });

  it('answers 422 naming the date when no rule was in force, and 404 for a region outside the jurisdiction', async () => {
    const { session } = await planner();
    const old = await call(t.app, session, { method: 'GET', url: `/api/planning/building-check?${q}&date=2001-01-01`, headers: { 'accept-language': 'en' } });
    expect(old.statusCode).toBe(422);
    expect(old.json()).toMatchObject({ code: 'PLANNING_NO_RULE_IN_FORCE' });
    expect(old.json().message).toContain('date');
    const county = await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.countyB });
    expect((await call(t.app, county.session, { method: 'GET', url: `/api/planning/building-check?${q}&regionCode=${FIXTURE.countyA}` })).statusCode).toBe(404);
  });
});
