/**
 * The key targets module through HTTP on a real database: a target's readiness score and what lowers it, raised as
 * the checklist, plans, team, funds and a drill come in; internal only (a viewer of another county sees nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    const year = new Date().getFullYear();
    await call(t.app, admin.session, { method: 'POST', url: `/api/targets/${id}/funds`, payload: { year, amountWan: 30, purpose: '防护设施维护' } });
    const drill = await call(t.app, admin.session, { method: 'POST', url: '/api/drills', payload: {
      kind: 'rescue', title: '油库抢修演练', regionCode: FIXTURE.countyB, scenario: 'x', plannedOn: new Date().toISOString().slice(0, 10), participants: [], keyTargetId: id,
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
    const base = { code: 'KT-TZ-02', name: 'x', category: 'bridge', grade: 'city', unitName: 'x', regionCode: FIXTURE.countyB, location: [121.0, 32.0] };
    const bow = { type: 'Polygon', coordinates: [[[121, 32], [121.01, 32.01], [121.01, 32], [121, 32.01], [121, 32]]] };
    const bad = await call(t.app, session, { method: 'POST', url: '/api/targets', payload: { ...base, footprint: bow } });
    expect(bad.json().code).toBe('TARGETS_FOOTPRINT_INVALID');
    expect((await call(t.app, session, { method: 'POST', url: '/api/targets', payload: base })).statusCode).toBe(201);
    expect((await call(t.app, session, { method: 'POST', url: '/api/targets', payload: base })).json().code).toBe('TARGETS_CODE_TAKEN');
  });
});
