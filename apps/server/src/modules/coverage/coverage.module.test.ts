/**
 * The coverage module through HTTP on a real database: runs as jobs in a worker (progress, cancel), results per
 * district and town against the target, reproducibility (same inputs → same hash and figures), what-if runs compared
 * with their base, suggested sites, jurisdiction (a district user reads only their district's rows) and refusals.
 * Population is loaded through the population module's door, as the demo does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPopulationService } from '../population/index.ts';
import { FIXTURE, call, createTestApp, givenSession, type Session, type TestContext } from '../../test/harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
  // Fixture sirens: JB-A-01 (motor, 118 dB at 30 m) at (120.871, 32.001) in townA, JB-B-01 (electronic, 114 dB) at
  // (121.071, 32.071) in townB; the two districts are 0.1° squares round (120.86, 32.01) and (121.07, 32.06).
  const population = createPopulationService({ db: t.db });
  await t.db.transaction((tx) => population.loadBulk(tx, 200, [
    { regionCode: FIXTURE.townA, lng: 120.871, lat: 32.001, people: 4000 }, // under JB-A-01
    { regionCode: FIXTURE.townA, lng: 120.83, lat: 31.98, people: 1000 }, // kilometres from any siren
    { regionCode: FIXTURE.townB, lng: 121.071, lat: 32.071, people: 3000 }, // under JB-B-01
    { regionCode: FIXTURE.townB, lng: 121.1, lat: 32.03, people: 2000 }, // uncovered
  ]));
});
afterAll(() => t.close());

type Run = { id: number; status: string; phase: string; percent: number; error: string | null; inputs: { sha256: string; sirens: number; people: number } | null;
  summary: { areaPercent: number; peoplePercent: number | null; targetSites: number; areasBelowTarget: number; uncoveredAreas: number } | null;
  params: { thresholdDb: number; modelSource: string; removeSirenIds: number[]; addSirens: Array<{ regionCode: string }> } };
type Area = { code: string; level: string; areaPercent: number | null; peoplePercent: number | null; people: number; coveredPeople: number; targetPercent: number | null; belowTarget: boolean };
type Fc<P> = { type: 'FeatureCollection'; features: Array<{ geometry: { type: string; coordinates: unknown }; properties: P }> };

const manager = (regionCode: string = FIXTURE.city) => givenSession(t, { roles: ['siren_manager'], regionCode });

async function start(session: Session, payload: object): Promise<Run> {
  const res = await call(t.app, session, { method: 'POST', url: '/api/coverage/runs', payload });
  expect(res.statusCode, res.body).toBe(202);
  return res.json() as Run;
}

async function finished(session: Session, id: number, timeoutMs = 120_000): Promise<Run> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await call(t.app, session, { method: 'GET', url: `/api/coverage/runs/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    const run = res.json() as Run;
    if (!['queued', 'running'].includes(run.status)) return run;
    if (Date.now() > until) throw new Error(`run ${id} still ${run.status}/${run.phase}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function get<T>(session: Session, url: string): Promise<T> {
  const res = await call(t.app, session, { method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
}

async function sirenId(session: Session, code: string): Promise<number> {
  const list = await get<{ items: Array<{ id: number; code: string }> }>(session, `/api/sirens?q=${code}`);
  return list.items.find((s) => s.code === code)!.id;
}

describe('coverage runs', () => {
  let base: Run;
  let session: Session;
  beforeAll(async () => {
    ({ session } = await manager());
    base = await finished(session, (await start(session, { cellM: 100, k: 3, label: 'base' })).id);
  });

  it('computes area and people covered per district and town in a worker, against the 100 % target, with the model named', async () => {
    expect(base.status, base.error ?? '').toBe('succeeded');
    expect(base.percent).toBe(100);
    expect(base.params.thresholdDb).toBe(70);
    expect(base.params.modelSource).toMatch(/FEMA CPG 1-17/);
    expect(base.inputs).toMatchObject({ sirens: 2, people: 10_000 });
    expect(base.inputs!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const { items } = await get<{ items: Area[] }>(session, `/api/coverage/runs/${base.id}/areas`);
    expect(items.map((a) => a.code)).toEqual([FIXTURE.city, FIXTURE.countyB, FIXTURE.townB, FIXTURE.countyA, FIXTURE.townA].sort());
    const a = items.find((x) => x.code === FIXTURE.countyA)!;
    // 4 000 of townA's 5 000 people live in the square under JB-A-01; its audible radius (~835 m) covers the 200 m cell.
    expect(a).toMatchObject({ people: 5000, coveredPeople: 4000, targetPercent: 100, belowTarget: true });
    expect(a.areaPercent).toBeGreaterThan(1);
    expect(a.areaPercent).toBeLessThan(10);
    expect(items.find((x) => x.code === FIXTURE.city)).toMatchObject({ people: 10_000, coveredPeople: 7000, targetPercent: null, belowTarget: false });
    expect(base.summary).toMatchObject({ peoplePercent: 70 });
  });

  it('lists the uncovered areas with their people, the counted sirens with their radius, and suggested sites', async () => {
    const unc = await get<Fc<{ regionCode: string; areaKm2: number; people: number }>>(session, `/api/coverage/runs/${base.id}/uncovered`);
    expect(unc.features.length).toBeGreaterThanOrEqual(2);
    expect(unc.features[0]!.geometry.type).toBe('Polygon');
    // Most people first: the two uncovered population cells, 2 000 and 1 000 people.
    expect(unc.features.slice(0, 2).map((f) => Math.round(f.properties.people))).toEqual([2000, 1000]);
    const sirens = await get<Fc<{ code: string; radiusM: number; added: boolean }>>(session, `/api/coverage/runs/${base.id}/sirens`);
    expect(sirens.features.map((f) => f.properties.code)).toEqual(['JB-A-01', 'JB-B-01']);
    expect(sirens.features[0]!.properties.radiusM).toBeGreaterThan(sirens.features[1]!.properties.radiusM);
    const sites = await get<Fc<{ goal: string; rank: number; peopleNew: number }>>(session, `/api/coverage/runs/${base.id}/sites`);
    const bestK = sites.features.filter((f) => f.properties.goal === 'best_k');
    expect(bestK.length).toBeGreaterThanOrEqual(1);
    expect(bestK.length).toBeLessThanOrEqual(3);
    // The best first site newly covers the larger uncovered cell.
    expect(bestK[0]!.properties.peopleNew).toBe(2000);
    expect(sites.features.filter((f) => f.properties.goal === 'target').length).toBeGreaterThanOrEqual(2);
  });

  it('is reproducible: the same inputs give the same hash and the same figures', async () => {
    const again = await finished(session, (await start(session, { cellM: 100, k: 3, label: 'again' })).id);
    expect(again.inputs!.sha256).toBe(base.inputs!.sha256);
    const [x, y] = await Promise.all([base.id, again.id].map((id) => get<{ items: Area[] }>(session, `/api/coverage/runs/${id}/areas`)));
    expect(y).toEqual(x);
    const [u, v] = await Promise.all([base.id, again.id].map((id) => get<Fc<unknown>>(session, `/api/coverage/runs/${id}/uncovered`)));
    expect(v).toEqual(u);
  });

  it('runs a what-if (a siren removed, one added) and compares it with its base per district and town', async () => {
    const removed = await sirenId(session, 'JB-A-01');
    const whatIf = await finished(session, (await start(session, {
      cellM: 100, suggest: false, baseRunId: base.id, removeSirenIds: [removed], addSirens: [{ location: [121.1, 32.03] }],
    })).id);
    expect(whatIf.status, whatIf.error ?? '').toBe('succeeded');
    expect(whatIf.params.addSirens[0]!.regionCode).toBe(FIXTURE.countyB);
    expect(whatIf.inputs!.sha256).not.toBe(base.inputs!.sha256);
    const cmp = await get<{ areas: Array<{ code: string; coveredPeopleA: number; coveredPeopleB: number; peopleDifference: number }> }>(
      session, `/api/coverage/runs/compare?a=${base.id}&b=${whatIf.id}`);
    const byCode = new Map(cmp.areas.map((a) => [a.code, a]));
    expect(byCode.get(FIXTURE.countyA)).toMatchObject({ coveredPeopleA: 4000, coveredPeopleB: 0, peopleDifference: -4000 });
    expect(byCode.get(FIXTURE.countyB)).toMatchObject({ coveredPeopleA: 3000, coveredPeopleB: 5000, peopleDifference: 2000 });
    const same = await call(t.app, session, { method: 'GET', url: `/api/coverage/runs/compare?a=${base.id}&b=${base.id}` });
    expect(same.statusCode).toBe(400);
    expect(same.json()).toMatchObject({ code: 'COVERAGE_COMPARE_SAME_RUN' });
  });

  it('shows a district user the city-wide run with their district’s rows only, and does not let them cancel it', async () => {
    const { session: district } = await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.countyB });
    const { items } = await get<{ items: Area[] }>(district, `/api/coverage/runs/${base.id}/areas`);
    expect(items.map((a) => a.code)).toEqual([FIXTURE.countyB, FIXTURE.townB]);
    const unc = await get<Fc<{ regionCode: string }>>(district, `/api/coverage/runs/${base.id}/uncovered`);
    expect(unc.features.every((f) => f.properties.regionCode.startsWith(FIXTURE.countyB))).toBe(true);
    const { session: districtManager } = await manager(FIXTURE.countyB);
    const cancel = await call(t.app, districtManager, { method: 'POST', url: `/api/coverage/runs/${base.id}/cancel` });
    expect(cancel.statusCode).toBe(404);
    const write = await call(t.app, district, { method: 'POST', url: '/api/coverage/runs', payload: {} });
    expect(write.statusCode).toBe(403);
  });

  it('refuses unknown sirens and points outside the districts, naming the field', async () => {
    const unknown = await call(t.app, session, { method: 'POST', url: '/api/coverage/runs', payload: { removeSirenIds: [999_999] } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'COVERAGE_SIREN_UNKNOWN' });
    expect(unknown.json().message).toContain('removeSirenIds[0]');
    const outside = await call(t.app, session, { method: 'POST', url: '/api/coverage/runs', payload: { addSirens: [{ location: [100, 20] }] }, headers: { 'accept-language': 'en' } });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({ code: 'COVERAGE_POINT_OUTSIDE', message: 'addSirens[0]: the point lies inside no district boundary of your jurisdiction' });
  });

  it('streams progress as server-sent events and cancels a running job', async () => {
    const run = await start(session, { cellM: 25, label: 'fine' });
    const cancel = await call(t.app, session, { method: 'POST', url: `/api/coverage/runs/${run.id}/cancel` });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json()).toMatchObject({ status: 'cancelled', phase: 'done' });
    const events = await t.app.inject({ method: 'GET', url: `/api/coverage/runs/${base.id}/events`, headers: { cookie: session.cookie } });
    expect(events.headers['content-type']).toContain('text/event-stream');
    expect(events.body).toContain('event: done');
    const again = await call(t.app, session, { method: 'POST', url: `/api/coverage/runs/${run.id}/cancel` });
    expect(again.statusCode).toBe(409);
  });
});
