/**
 * The evacuation module through HTTP on a real database: places, routes and area plans; an assignment run for one
 * district solved in the shared allocation worker (progress over SSE, certificate checked, result per area and on
 * the map); and 人口数算 from two phones during a running drill, with a retried submission counted once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPopulationService } from '../population/index.ts';
import { FIXTURE, call, createTestApp, givenSession, type Session, type TestContext } from '../../test/harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
  const population = createPopulationService({ db: t.db });
  await t.db.transaction((tx) => population.loadBulk(tx, 100, [
    { regionCode: FIXTURE.townB, lng: 121.070, lat: 32.070, people: 1000 },
    { regionCode: FIXTURE.townB, lng: 121.080, lat: 32.070, people: 600 },
    { regionCode: FIXTURE.townA, lng: 120.870, lat: 32.000, people: 5000 },
  ]));
});
afterAll(() => t.close());

async function finished(session: Session, id: number) {
  const until = Date.now() + 90_000;
  for (;;) {
    const run = (await call(t.app, session, { method: 'GET', url: `/api/evacuation/runs/${id}` })).json() as { status: string; summary: Record<string, { assigned: number; unassigned: number; optimal: boolean }> & { evacuees: number }; error: string | null };
    if (!['queued', 'running'].includes(run.status)) return run;
    if (Date.now() > until) throw new Error(`run ${id} still ${run.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('evacuation', () => {
  it('assigns a district exactly, shows it per area and on the map, and takes counts from two phones', async () => {
    const { session } = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB });
    const place = (payload: object) => call(t.app, session, { method: 'POST', url: '/api/evacuation/places', payload });
    const a = (await place({ kind: 'assembly', code: 'JJ-01', name: '一号集结点', regionCode: FIXTURE.townB, capacity: 300, location: [121.071, 32.070] })).json();
    const b = (await place({ kind: 'assembly', code: 'JJ-02', name: '二号集结点', regionCode: FIXTURE.townB, capacity: 1000, location: [121.081, 32.070] })).json();
    const base = await place({ kind: 'base', code: 'JD-01', name: '疏散基地', regionCode: FIXTURE.countyB, capacity: 400, location: [121.11, 32.10] });
    expect(base.statusCode, base.body).toBe(201);
    const route = await call(t.app, session, { method: 'POST', url: '/api/evacuation/routes', payload: { code: 'LX-01', name: '一号路线', regionCode: FIXTURE.countyB, peoplePerHour: 2000, path: [[121.071, 32.07], [121.09, 32.085], [121.11, 32.10]], toPlaceId: base.json().id } });
    expect(route.statusCode, route.body).toBe(201);

    expect((await call(t.app, session, { method: 'POST', url: '/api/evacuation/runs', payload: {} })).json().code).toBe('EVACUATION_NO_PLAN');
    const plan = await call(t.app, session, { method: 'PUT', url: `/api/evacuation/plans/${FIXTURE.townB}`, payload: { share: 0.5, targetGroups: ['elderly', 'children'], destinationId: base.json().id, timing: 'early' } });
    expect(plan.json().items).toMatchObject([{ regionCode: FIXTURE.townB, share: 0.5, destinationName: '疏散基地', timing: 'early' }]);
    expect((await call(t.app, session, { method: 'PUT', url: `/api/evacuation/plans/${FIXTURE.townB}`, payload: { share: 0.5, targetGroups: [], destinationId: a.id, timing: 'early' } })).json().code)
      .toBe('EVACUATION_DESTINATION_UNKNOWN');

    const started = await call(t.app, session, { method: 'POST', url: '/api/evacuation/runs', payload: { walkRadiusM: 2000, roadRadiusM: 60_000 } });
    expect(started.statusCode, started.body).toBe(202);
    const events = await call(t.app, session, { method: 'GET', url: `/api/evacuation/runs/${started.json().id}/events` });
    expect(events.headers['content-type']).toContain('text/event-stream');
    expect(events.body).toContain('event: done');
    const run = await finished(session, started.json().id);
    expect(run.status, run.error ?? '').toBe('succeeded');
    // 500 + 300 evacuees: assembly points hold 300 + 1000, the base 400.
    expect(run.summary.evacuees).toBe(800);
    expect(run.summary.assembly).toMatchObject({ assigned: 800, unassigned: 0, optimal: true });
    expect(run.summary.base).toMatchObject({ assigned: 400, unassigned: 400, optimal: true });
    const areas = (await call(t.app, session, { method: 'GET', url: `/api/evacuation/runs/${started.json().id}/areas` })).json().items;
    expect(areas).toMatchObject([{ regionCode: FIXTURE.townB, toAssembly: 800, withoutAssembly: 0, toBase: 400, withoutBase: 400 }]);
    const map = (await call(t.app, session, { method: 'GET', url: `/api/evacuation/runs/${started.json().id}/map` })).json();
    expect(map.features.every((f: { geometry: { type: string } }) => f.geometry.type === 'LineString')).toBe(true);
    // The base takes 400 people along one route of 2000 people an hour: 0.2 h.
    const dest = (await call(t.app, session, { method: 'GET', url: `/api/evacuation/runs/${started.json().id}/destinations` })).json().items;
    expect(dest).toMatchObject([{ placeId: base.json().id, people: 400, perHour: 2000, hours: 0.2, routes: [{ code: 'LX-01', usablePerHour: 2000 }] }]);
    expect((await call(t.app, session, { method: 'POST', url: `/api/evacuation/runs/${started.json().id}/cancel` })).json()).toMatchObject({ code: 'EVACUATION_RUN_ENDED' });

    // 人口数算 in a running drill, from two phones at two points.
    const drill = await call(t.app, session, { method: 'POST', url: '/api/drills', payload: {
      kind: 'evacuation', title: '疏散演练', regionCode: FIXTURE.countyB, scenario: 'x', plannedOn: '2026-09-18', participants: [], criteria: [{ name: 'x', weight: 1, maxScore: 1 }] } });
    const drillId = drill.json().drill.id as number;
    const counter1 = await givenSession(t, { roles: ['inspector'], regionCode: FIXTURE.countyB });
    const counter2 = await givenSession(t, { roles: ['inspector'], regionCode: FIXTURE.countyB });
    const count = (s: Session, body: object) => call(t.app, s, { method: 'POST', url: '/api/evacuation/counts', payload: body });
    const first = { clientId: '6f1c3a5e-0000-4000-8000-000000000001', drillId, placeId: a.id, people: 120, device: 'phone-1' };
    expect((await count(counter1.session, first)).json().code).toBe('DRILLS_STATE');
    await call(t.app, session, { method: 'POST', url: `/api/drills/${drillId}/start` });
    expect((await count(counter1.session, first)).statusCode).toBe(201);
    const retried = await count(counter1.session, first);
    expect(retried.statusCode).toBe(200);
    expect(retried.json().duplicate).toBe(true);
    expect((await count(counter1.session, { ...first, people: 121 })).json().code).toBe('EVACUATION_COUNT_REPLAYED');
    await count(counter2.session, { clientId: '6f1c3a5e-0000-4000-8000-000000000002', drillId, placeId: b.id, people: 200, device: 'phone-2' });
    await count(counter2.session, { clientId: '6f1c3a5e-0000-4000-8000-000000000003', drillId, placeId: a.id, people: 30, device: 'phone-2' });
    const board = (await call(t.app, counter1.session, { method: 'GET', url: `/api/evacuation/counts?drillId=${drillId}` })).json();
    const byPlace = Object.fromEntries(board.places.map((p: { placeId: number }) => [p.placeId, p]));
    expect(byPlace[a.id]).toMatchObject({ counted: 150, submissions: 2, devices: 2 });
    expect(byPlace[b.id]).toMatchObject({ counted: 200, submissions: 1 });
    expect(board.totals).toEqual({ planned: 800, counted: 350 });
    expect(board.runId).toBe(started.json().id);
  });

  it('cancels a running run: it ends cancelled, audited, and a worker finishing later cannot store its result', async () => {
    const { session } = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB });
    // A run another process is working on (nothing in flight here): cancelling is a change of its row.
    const id = (await t.db.query<{ id: number }>(`INSERT INTO evac_run (region_code, status, phase, params) VALUES ($1, 'running', 'assembly', '{}') RETURNING id`, [FIXTURE.countyB])).rows[0]!.id;
    const other = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyA });
    expect((await call(t.app, other.session, { method: 'POST', url: `/api/evacuation/runs/${id}/cancel` })).statusCode).toBe(404);
    const viewer = await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.countyB });
    expect((await call(t.app, viewer.session, { method: 'POST', url: `/api/evacuation/runs/${id}/cancel` })).statusCode).toBe(403);
    const res = await call(t.app, session, { method: 'POST', url: `/api/evacuation/runs/${id}/cancel` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', phase: 'done' });
    const audit = await t.db.query<{ after: { status: string } }>(`SELECT after FROM audit_log WHERE action = 'evac_run.cancel' AND entity_id = $1`, [String(id)]);
    expect(audit.rows.map((r) => r.after.status)).toEqual(['cancelled']);
    expect((await call(t.app, session, { method: 'GET', url: `/api/evacuation/runs/${id}/destinations` })).json().code).toBe('EVACUATION_RUN_NOT_SUCCEEDED');

    // A real run cancelled while the worker solves it stays cancelled.
    await call(t.app, session, { method: 'PUT', url: `/api/evacuation/plans/${FIXTURE.townB}`, payload: { share: 0.5, targetGroups: [], timing: 'early' } });
    const started = (await call(t.app, session, { method: 'POST', url: '/api/evacuation/runs', payload: {} })).json();
    const cancelled = await call(t.app, session, { method: 'POST', url: `/api/evacuation/runs/${started.id}/cancel` });
    if (cancelled.statusCode === 200) expect((await finished(session, started.id)).status).toBe('cancelled');
    else expect(cancelled.json().code).toBe('EVACUATION_RUN_ENDED');
  });

  it('keeps another county\'s places and runs out of sight', async () => {
    const cc = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyA });
    const p = await call(t.app, cc.session, { method: 'POST', url: '/api/evacuation/places', payload: { kind: 'assembly', code: 'CC-01', name: '崇川集结点', regionCode: FIXTURE.townA, capacity: 10, location: [120.87, 32.0] } });
    const tz = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB });
    expect((await call(t.app, tz.session, { method: 'PATCH', url: `/api/evacuation/places/${p.json().id}`, payload: { state: 'closed' } })).statusCode).toBe(404);
    expect((await call(t.app, tz.session, { method: 'GET', url: '/api/evacuation/places' })).json().items.some((x: { code: string }) => x.code === 'CC-01')).toBe(false);
    expect((await call(t.app, tz.session, { method: 'PUT', url: `/api/evacuation/plans/${FIXTURE.townA}`, payload: { share: 0.1, targetGroups: [], timing: 'early' } })).statusCode).toBe(404);
  });

  it('edits a place and a route under the version read, checks their shapes, and deletes only what nothing refers to', async () => {
    const { session } = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB });
    const place = await call(t.app, session, { method: 'POST', url: '/api/evacuation/places', payload: { kind: 'area', code: 'DY-ED', name: '疏散地域', regionCode: FIXTURE.townB, capacity: 100, location: [121.05, 32.05] } });
    const id = place.json().id as number;
    const outline = { type: 'Polygon', coordinates: [[[121.04, 32.04], [121.06, 32.04], [121.06, 32.06], [121.04, 32.06], [121.04, 32.04]]] };
    const edited = await call(t.app, session, { method: 'PATCH', url: `/api/evacuation/places/${id}`, payload: { version: 1, name: '金沙疏散地域', capacity: 900, location: [121.051, 32.051], outline } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ name: '金沙疏散地域', capacity: 900, location: [121.051, 32.051], version: 2, outline: { type: 'MultiPolygon' } });
    expect((await call(t.app, session, { method: 'PATCH', url: `/api/evacuation/places/${id}`, payload: { version: 1, capacity: 1 } })).json().code).toBe('EVACUATION_VERSION_CONFLICT');
    const outside = await call(t.app, session, { method: 'PATCH', url: `/api/evacuation/places/${id}`, payload: { version: 2, location: [120.0, 31.0] } });
    expect(outside.json()).toMatchObject({ code: 'EVACUATION_GEOMETRY_INVALID', details: [{ field: 'body.location', rule: 'inside_region' }] });

    // Created outside the region's outline: refused the same way, and nothing is written.
    const farPlace = await call(t.app, session, { method: 'POST', url: '/api/evacuation/places', payload: { kind: 'assembly', code: 'DY-OUT', name: '界外集结点', regionCode: FIXTURE.townB, capacity: 100, location: [120.0, 31.0] } });
    expect(farPlace.json()).toMatchObject({ code: 'EVACUATION_GEOMETRY_INVALID', details: [{ field: 'body.location', rule: 'inside_region' }] });
    const farRoute = await call(t.app, session, { method: 'POST', url: '/api/evacuation/routes', payload: { code: 'LX-OUT', name: '界外路线', regionCode: FIXTURE.countyB, peoplePerHour: 100, path: [[120.0, 31.0], [121.05, 32.05]] } });
    expect(farRoute.json()).toMatchObject({ code: 'EVACUATION_GEOMETRY_INVALID', details: [{ field: 'body.path', rule: 'inside_region' }], message: expect.stringContaining('路线起点') });
    // A route leaves from its region and may end at a base in another county.
    const leaving = await call(t.app, session, { method: 'POST', url: '/api/evacuation/routes', payload: { code: 'LX-AWAY', name: '出区路线', regionCode: FIXTURE.countyB, peoplePerHour: 100, path: [[121.05, 32.05], [120.0, 31.0]] } });
    expect(leaving.statusCode, leaving.body).toBe(201);
    expect((await t.db.query(`SELECT 1 FROM evac_place WHERE code = 'DY-OUT' UNION ALL SELECT 1 FROM evac_route WHERE code = 'LX-OUT'`)).rows).toHaveLength(0);

    const route = await call(t.app, session, { method: 'POST', url: '/api/evacuation/routes', payload: { code: 'LX-ED', name: '路线', regionCode: FIXTURE.countyB, peoplePerHour: 100, path: [[121.05, 32.05], [121.06, 32.06]], toPlaceId: id } });
    const routeId = route.json().id as number;
    const redrawn = await call(t.app, session, { method: 'PATCH', url: `/api/evacuation/routes/${routeId}`, payload: { version: 1, peoplePerHour: 1500, path: [[121.05, 32.05], [121.055, 32.058], [121.06, 32.06]] } });
    expect(redrawn.statusCode, redrawn.body).toBe(200);
    expect(redrawn.json()).toMatchObject({ peoplePerHour: 1500, version: 2, path: [[121.05, 32.05], [121.055, 32.058], [121.06, 32.06]] });
    const degenerate = await call(t.app, session, { method: 'PATCH', url: `/api/evacuation/routes/${routeId}`, payload: { version: 2, path: [[121.05, 32.05], [121.05, 32.05]] } });
    expect(degenerate.json()).toMatchObject({ code: 'EVACUATION_GEOMETRY_INVALID', details: [{ field: 'body.path', rule: 'too_few_points' }] });
    expect((await call(t.app, session, { method: 'PATCH', url: `/api/evacuation/routes/${routeId}`, payload: { version: 1, name: 'x' } })).statusCode).toBe(409);

    // The route leads into the place: the place is kept until the route goes.
    const inUse = await call(t.app, session, { method: 'DELETE', url: `/api/evacuation/places/${id}` });
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json()).toMatchObject({ code: 'EVACUATION_PLACE_IN_USE' });
    expect(inUse.json().message).toMatch(/1 条疏散路线/);
    expect((await call(t.app, session, { method: 'DELETE', url: `/api/evacuation/routes/${routeId}` })).statusCode).toBe(204);
    expect((await call(t.app, session, { method: 'DELETE', url: `/api/evacuation/places/${id}` })).statusCode).toBe(204);
    const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE (entity_type = 'evac_place' AND entity_id = $1) OR (entity_type = 'evac_route' AND entity_id = $2) ORDER BY seq`, [String(id), String(routeId)]);
    expect(audit.rows.map((r) => r.action)).toEqual(['evac_place.create', 'evac_place.update', 'evac_route.create', 'evac_route.update', 'evac_route.delete', 'evac_place.delete']);
  });
});
