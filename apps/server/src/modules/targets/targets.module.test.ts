/**
 * The key targets module through HTTP on a real database: a target's readiness score and what lowers it, raised as
 * the checklist, plans, team, funds and a drill come in; internal only (a viewer of another county sees nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../lib/time.ts';
import { FIXTURE, call, createTestApp, givenSession, type TestContext } from '../../test/harness.ts';

let t: TestContext;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

const content = { summary: '油库防护方案', triggers: [], tasks: [], resources: [], contacts: [] };

describe('key targets', () => {
  it('scores readiness and names what it lacks', async () => {
    const admin = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB });
    const other = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB });
    const footprint = { type: 'Polygon', coordinates: [[[121.06, 32.06], [121.07, 32.06], [121.07, 32.07], [121.06, 32.07], [121.06, 32.06]]] };
    const made = await call(t.app, admin.session, { method: 'POST', url: '/api/targets', payload: {
      code: 'KT-TZ-01', name: '通州油库', category: 'energy', grade: 'national', unitName: '某石油储备公司', regionCode: FIXTURE.townB, location: [121.065, 32.065], footprint,
      checklist: { organisation: true, protection_plan: true, repair_team: true, facilities: true, supplies: false, funds: true, drills: true },
      oneLibrary: { library: 'done', room: 'done', centre: 'building' },
    } });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as number;
    expect(made.json().readiness.score).toBe(100 - 8 - 3 - 8 - 6 - 6 - 6);
    expect(made.json().readiness.shortfalls.map((s: { code: string }) => s.code)).toEqual(
      ['approved_plan', 'seven_have.supplies', 'funds', 'recent_drill', 'repair_team', 'one_library.centre.building']);
    expect(made.json().footprint.type).toBe('MultiPolygon');

    // An approved plan, a repair team, this year's funds and a drill of the target raise it.
    const plan = await call(t.app, admin.session, { method: 'POST', url: '/api/plans', payload: { kind: 'special', title: '油库防护方案', regionCode: FIXTURE.countyB, content } });
    const planId = plan.json().plan.id as number;
    await call(t.app, admin.session, { method: 'POST', url: `/api/plans/${planId}/revisions/1/submit` });
    await call(t.app, other.session, { method: 'POST', url: `/api/plans/${planId}/revisions/1/approve` });
    await call(t.app, admin.session, { method: 'PATCH', url: `/api/targets/${id}`, payload: { planIds: [planId], repairTeam: { id: null, name: '抢险抢修专业队' }, checklist: { supplies: true } } });
    // "This year" and "today" as the service counts them, in Shanghai: from 16:00 UTC on 31 December the machine's
    // year is still the old one while the office's is the new.
    const today = shanghaiDate(new Date());
    const year = Number(today.slice(0, 4));
    await call(t.app, admin.session, { method: 'POST', url: `/api/targets/${id}/funds`, payload: { year, amountWan: 30, purpose: '防护设施维护' } });
    const drill = await call(t.app, admin.session, { method: 'POST', url: '/api/drills', payload: {
      kind: 'rescue', title: '油库抢修演练', regionCode: FIXTURE.countyB, scenario: 'x', plannedOn: today, participants: [], keyTargetId: id,
      criteria: [{ name: '到场时间', weight: 1, maxScore: 10 }] } });
    await call(t.app, admin.session, { method: 'POST', url: `/api/drills/${drill.json().drill.id}/start` });
    const now = await call(t.app, admin.session, { method: 'GET', url: `/api/targets/${id}` });
    expect(now.json().readiness).toEqual({ score: 97, max: 100, shortfalls: [{ code: 'one_library.centre.building', points: 3 }] });
    expect(now.json().plans).toEqual([{ id: planId, title: '油库防护方案', kind: 'special', approvedRevision: 1 }]);

    const map = await call(t.app, admin.session, { method: 'GET', url: '/api/targets/map' });
    expect(map.json().features[0].properties).toEqual({ id, name: '通州油库', category: 'energy', grade: 'national', score: 97 });
    const cc = await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.countyA });
    expect((await call(t.app, cc.session, { method: 'GET', url: '/api/targets' })).json().items).toEqual([]);
    expect((await call(t.app, cc.session, { method: 'GET', url: `/api/targets/${id}` })).statusCode).toBe(404);
  });

  it('refuses a self-intersecting footprint and a taken code, naming the field', async () => {
    const { session } = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB });
    const base = { code: 'KT-TZ-02', name: 'x', category: 'bridge', grade: 'city', unitName: 'x', regionCode: FIXTURE.countyB, location: [121.03, 32.03] };
    const bow = { type: 'Polygon', coordinates: [[[121, 32], [121.01, 32.01], [121.01, 32], [121, 32.01], [121, 32]]] };
    const bad = await call(t.app, session, { method: 'POST', url: '/api/targets', payload: { ...base, footprint: bow } });
    expect(bad.json().code).toBe('TARGETS_FOOTPRINT_INVALID');
    expect((await call(t.app, session, { method: 'POST', url: '/api/targets', payload: base })).statusCode).toBe(201);
    expect((await call(t.app, session, { method: 'POST', url: '/api/targets', payload: base })).json().code).toBe('TARGETS_CODE_TAKEN');
  });

  it('edits the location, footprint and fields under the version read, checks the shapes, and deletes only an undrilled target', async () => {
    const admin = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB });
    const made = await call(t.app, admin.session, { method: 'POST', url: '/api/targets', payload: {
      code: 'KT-TZ-ED', name: '通州码头', category: 'port', grade: 'city', unitName: '港务公司', regionCode: FIXTURE.townB, location: [121.05, 32.05],
    } });
    const id = made.json().id as number;
    expect(made.json().version).toBe(1);
    const patch = (payload: object) => call(t.app, admin.session, { method: 'PATCH', url: `/api/targets/${id}`, payload });
    const footprint = { type: 'Polygon', coordinates: [[[121.05, 32.05], [121.06, 32.05], [121.06, 32.06], [121.05, 32.06], [121.05, 32.05]]] };
    const moved = await patch({ version: 1, name: '通州港区', grade: 'provincial', location: [121.055, 32.055], footprint });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ name: '通州港区', grade: 'provincial', location: [121.055, 32.055], version: 2, footprint: { type: 'MultiPolygon' } });
    // A second editor still holding version 1 is refused, and nothing of theirs is written.
    const stale = await patch({ version: 1, name: '旧名称' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('TARGETS_VERSION_CONFLICT');
    // An open ring, a point outside the county's outline: refused naming the field, in both languages.
    const open = await patch({ version: 2, footprint: { type: 'Polygon', coordinates: [[[121.05, 32.05], [121.06, 32.05], [121.06, 32.06], [121.05, 32.061]]] } });
    expect(open.statusCode).toBe(400);
    expect(open.json()).toMatchObject({ code: 'TARGETS_GEOMETRY_INVALID', details: [{ field: 'body.footprint', rule: 'closed_ring' }] });
    const outside = await patch({ version: 2, location: [120.5, 31.5] });
    expect(outside.json()).toMatchObject({ code: 'TARGETS_GEOMETRY_INVALID', details: [{ field: 'body.location', rule: 'inside_region' }] });
    expect(outside.json().message).toMatch(/location/);
    // A create is checked the same way, the point and the footprint each: nothing is written.
    const strayBody = { code: 'KT-TZ-OUT', name: '界外目标', category: 'port', grade: 'city', unitName: 'x', regionCode: FIXTURE.townB, location: [121.5, 32.5] };
    const refusedCreate = await call(t.app, admin.session, { method: 'POST', url: '/api/targets', payload: strayBody, headers: { 'accept-language': 'en' } });
    expect(refusedCreate.json()).toMatchObject({ code: 'TARGETS_GEOMETRY_INVALID', details: [{ field: 'body.location', rule: 'inside_region' }] });
    expect(refusedCreate.json().message).toMatch(/location.*outside the boundary of its region/);
    const farFootprint = { type: 'Polygon', coordinates: [[[121.5, 32.5], [121.51, 32.5], [121.51, 32.51], [121.5, 32.51], [121.5, 32.5]]] };
    const footprintOut = await call(t.app, admin.session, { method: 'POST', url: '/api/targets', payload: { ...strayBody, location: [121.055, 32.055], footprint: farFootprint } });
    expect(footprintOut.json()).toMatchObject({ code: 'TARGETS_GEOMETRY_INVALID', details: [{ field: 'body.footprint', rule: 'inside_region' }] });
    expect((await t.db.query(`SELECT 1 FROM key_target WHERE code = 'KT-TZ-OUT'`)).rows).toHaveLength(0);
    // A target registered outside its region's outline before the check (loaded as such here) can still be renamed:
    // the point sent back as it was is no move.
    const strayId = (await t.db.query<{ id: number }>(
      `INSERT INTO key_target (code, name, category, grade, unit_name, region_code, location) VALUES ('KT-TZ-OUT', '界外目标', 'port', 'city', 'x', $1, ST_SetSRID(ST_MakePoint(121.5, 32.5), 4326)) RETURNING id`,
      [FIXTURE.townB])).rows[0]!.id;
    const renamed = await call(t.app, admin.session, { method: 'PATCH', url: `/api/targets/${strayId}`, payload: { version: 1, name: '界外目标（改）', location: [121.5, 32.5] } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await call(t.app, admin.session, { method: 'PATCH', url: `/api/targets/${strayId}`, payload: { version: 2, location: [121.6, 32.5] } })).json().code).toBe('TARGETS_GEOMETRY_INVALID');
    // Moved into another county's region: out of scope.
    expect((await patch({ version: 2, regionCode: FIXTURE.townA })).json().code).toBe('TARGETS_REGION_OUT_OF_SCOPE');
    // The footprint removed; the checklist alone may still be ticked without a version (older clients).
    expect((await patch({ version: 2, footprint: null })).json()).toMatchObject({ footprint: null, version: 3 });
    expect((await patch({ checklist: { drills: true } })).json().version).toBe(4);
    const audit = await t.db.query<{ before: { name: string }; after: { name: string } }>(
      `SELECT before, after FROM audit_log WHERE action = 'key_target.update' AND entity_id = $1 ORDER BY seq`, [String(id)]);
    expect(audit.rows[0]).toMatchObject({ before: { name: '通州码头' }, after: { name: '通州港区' } });

    // A drill of the target is a record: the target cannot be deleted while it is kept.
    const drill = await call(t.app, admin.session, { method: 'POST', url: '/api/drills', payload: {
      kind: 'rescue', title: '码头抢修演练', regionCode: FIXTURE.countyB, scenario: 'x', plannedOn: '2026-06-01', participants: [], keyTargetId: id, criteria: [{ name: 'x', weight: 1, maxScore: 1 }],
    } });
    const refused = await call(t.app, admin.session, { method: 'DELETE', url: `/api/targets/${id}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('TARGETS_IN_USE');
    expect((await call(t.app, admin.session, { method: 'DELETE', url: `/api/drills/${drill.json().drill.id}` })).statusCode).toBe(204);
    expect((await call(t.app, admin.session, { method: 'DELETE', url: `/api/targets/${id}` })).statusCode).toBe(204);
    expect((await call(t.app, admin.session, { method: 'GET', url: `/api/targets/${id}` })).statusCode).toBe(404);
    const deleted = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'key_target.delete' AND entity_id = $1`, [String(id)]);
    expect(deleted.rows).toHaveLength(1);
  });
});
