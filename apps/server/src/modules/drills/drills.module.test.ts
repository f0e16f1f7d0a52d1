/**
 * The drills module through HTTP on a real database: a drill run with its timeline logged as it happens (server
 * time, append-only), assessed against scored criteria, findings turned into follow-ups with overdue flagged, and the
 * year's summary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, type TestContext } from '../../test/harness.ts';

let t: TestContext;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

const drill = {
  kind: 'evacuation', title: '9·18 疏散演练', regionCode: FIXTURE.countyB, scenario: '拉响防空警报后组织社区居民疏散至集结点', plannedOn: '2026-09-18',
  participants: [{ kind: 'team', refId: null, name: '治安专业队', people: 20 }, { kind: 'unit', refId: null, name: '区教育局', people: 5 }],
  criteria: [{ name: '集结时间', weight: 2, maxScore: 10 }, { name: '通信联络', weight: 1, maxScore: 5 }],
};

describe('drills', () => {
  it('runs a drill: timeline stamped by the server and append-only, assessed, findings followed up', async () => {
    const { session } = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB });
    const made = await call(t.app, session, { method: 'POST', url: '/api/drills', payload: drill });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().drill.id as number;
    expect((await call(t.app, session, { method: 'POST', url: `/api/drills/${id}/timeline`, payload: { kind: 'inject', text: 'x' } })).json().code).toBe('DRILLS_STATE');
    expect((await call(t.app, session, { method: 'POST', url: `/api/drills/${id}/start` })).json().drill.state).toBe('running');
    const before = Date.now();
    await call(t.app, session, { method: 'POST', url: `/api/drills/${id}/timeline`, payload: { kind: 'inject', text: '09:30 发布空袭警报' } });
    const logged = await call(t.app, session, { method: 'POST', url: `/api/drills/${id}/timeline`, payload: { kind: 'action', text: '治安专业队封控路口', actorName: '治安专业队' } });
    expect(logged.statusCode).toBe(201);
    const timeline = logged.json().timeline as Array<{ kind: string; text: string; loggedAt: string }>;
    expect(timeline.map((e) => e.kind)).toEqual(['note', 'inject', 'action']);
    expect(Date.parse(timeline[2]!.loggedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(timeline[2]!.loggedAt)).toBeGreaterThanOrEqual(Date.parse(timeline[1]!.loggedAt));
    // The log cannot be rewritten, even by SQL.
    await expect(t.db.query(`UPDATE response_drill_event SET text = 'x' WHERE drill_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM response_drill_event WHERE drill_id = $1`, [id])).rejects.toThrow(/append-only/);

    expect((await call(t.app, session, { method: 'POST', url: `/api/drills/${id}/assessment`, payload: { scores: [8, 5], assessment: 'x' } })).json().code).toBe('DRILLS_STATE');
    await call(t.app, session, { method: 'POST', url: `/api/drills/${id}/end` });
    expect((await call(t.app, session, { method: 'POST', url: `/api/drills/${id}/assessment`, payload: { scores: [8], assessment: 'x' } })).json().code).toBe('DRILLS_CRITERIA_MISMATCH');
    expect((await call(t.app, session, { method: 'POST', url: `/api/drills/${id}/assessment`, payload: { scores: [11, 5], assessment: 'x' } })).json().code).toBe('DRILLS_SCORE_RANGE');
    const assessed = await call(t.app, session, { method: 'POST', url: `/api/drills/${id}/assessment`, payload: { scores: [8, 5], assessment: '集结较快，通信顺畅' } });
    expect(assessed.json().drill).toMatchObject({ state: 'assessed', score: 86.7 });

    await call(t.app, session, { method: 'POST', url: `/api/drills/${id}/findings`, payload: { finding: '集结点标识不清', action: '增设指示牌', owner: '街道办', deadline: '2026-10-01' } });
    const two = await call(t.app, session, { method: 'POST', url: `/api/drills/${id}/findings`, payload: { finding: '广播盲区', action: '加装喇叭', owner: '区人防办', deadline: '2099-01-01' } });
    const findings = two.json().findings as Array<{ id: number; overdue: boolean }>;
    expect(findings.map((f) => f.overdue)).toEqual([true, false]);
    const done = await call(t.app, session, { method: 'POST', url: `/api/drills/${id}/findings/${findings[0]!.id}/done` });
    expect(done.json().findings[0]).toMatchObject({ status: 'done', overdue: false });

    const years = await call(t.app, session, { method: 'GET', url: '/api/drills/years' });
    expect(years.json().items).toEqual([{ year: 2026, drills: 1, assessed: 1, meanScore: 86.7, findings: 2, actionsOpen: 1, actionsOverdue: 0, actionsDone: 1 }]);
  });

  it('refuses another county\'s drill and a plan outside the jurisdiction', async () => {
    const cc = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyA });
    const made = await call(t.app, cc.session, { method: 'POST', url: '/api/drills', payload: { ...drill, regionCode: FIXTURE.countyA } });
    const tz = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB });
    expect((await call(t.app, tz.session, { method: 'POST', url: `/api/drills/${made.json().drill.id}/start` })).statusCode).toBe(404);
    expect((await call(t.app, tz.session, { method: 'POST', url: '/api/drills', payload: { ...drill, planId: 999999 } })).json().code).toBe('DRILLS_PLAN_UNKNOWN');
    expect((await call(t.app, tz.session, { method: 'POST', url: '/api/drills', payload: { ...drill, regionCode: FIXTURE.countyA } })).json().code).toBe('DRILLS_REGION_OUT_OF_SCOPE');
  });

  it('edits a planned drill freely, a started one only in title and participants, and deletes only a planned drill without records', async () => {
    const { session } = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB });
    const made = await call(t.app, session, { method: 'POST', url: '/api/drills', payload: { ...drill, title: '待修改演练' } });
    const id = made.json().drill.id as number;
    const patch = (payload: object) => call(t.app, session, { method: 'PATCH', url: `/api/drills/${id}`, payload });
    const planned = await patch({ version: 1, scenario: '新场景', plannedOn: '2026-10-01', criteria: [{ name: '疏散时间', weight: 1, maxScore: 10 }] });
    expect(planned.statusCode, planned.body).toBe(200);
    expect(planned.json().drill).toMatchObject({ scenario: '新场景', plannedOn: '2026-10-01', version: 2, criteria: [{ name: '疏散时间', score: 0 }] });
    expect((await patch({ version: 1, title: 'x' })).json().code).toBe('DRILLS_VERSION_CONFLICT');

    await call(t.app, session, { method: 'POST', url: `/api/drills/${id}/start` });
    await call(t.app, session, { method: 'POST', url: `/api/drills/${id}/timeline`, payload: { kind: 'inject', text: '发布空袭警报' } });
    const current = (await call(t.app, session, { method: 'GET', url: `/api/drills/${id}` })).json();
    expect(current.drill.version).toBe(3);
    // The whole form sent back with only the scenario changed: refused naming the field, nothing written.
    const whole = { version: 3, kind: current.drill.kind, title: current.drill.title, regionCode: current.drill.regionCode, scenario: current.drill.scenario,
      plannedOn: current.drill.plannedOn, participants: current.drill.participants, planId: null, keyTargetId: null,
      criteria: current.drill.criteria.map((c: { name: string; weight: number; maxScore: number }) => ({ name: c.name, weight: c.weight, maxScore: c.maxScore })) };
    const locked = await patch({ ...whole, scenario: '改写的场景' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json()).toMatchObject({ code: 'DRILLS_FIELD_LOCKED', details: [{ field: 'body.scenario', rule: 'locked_after_start' }] });
    // The title and a late team: accepted; the logged timeline is untouched.
    const late = await patch({ ...whole, title: '9·18 疏散演练（正式）', participants: [...current.drill.participants, { kind: 'team', refId: null, name: '医疗救护队', people: 8 }] });
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json().drill.participants).toHaveLength(3);
    expect(late.json().timeline.map((e: { text: string }) => e.text)).toEqual(current.timeline.map((e: { text: string }) => e.text));

    const refused = await call(t.app, session, { method: 'DELETE', url: `/api/drills/${id}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('DRILLS_IN_USE');
    const spare = await call(t.app, session, { method: 'POST', url: '/api/drills', payload: { ...drill, title: '取消的演练' } });
    expect((await call(t.app, session, { method: 'DELETE', url: `/api/drills/${spare.json().drill.id}` })).statusCode).toBe(204);
    expect((await call(t.app, session, { method: 'GET', url: `/api/drills/${spare.json().drill.id}` })).statusCode).toBe(404);
  });
});
