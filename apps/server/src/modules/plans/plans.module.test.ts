/**
 * The plans module through HTTP on a real database: a plan's revisions drafted, submitted, approved by someone other
 * than the author (the author is refused), superseded by the next approval, diffed part by part, with a file attached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, type TestContext } from '../../test/harness.ts';

let t: TestContext;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

const content = {
  summary: '通州区人民防空方案',
  triggers: [{ code: 'T1', condition: '发布预先警报', level: '一级' }],
  tasks: [{ assigneeKind: 'team', refId: null, assignee: '抢险抢修专业队', task: '抢修供水管网', phase: '临战' }],
  resources: [{ name: '发电机', quantity: 4, unit: '台', holder: '区供电公司' }],
  contacts: [{ name: '值班室', role: '总值班', dutyPhone: '0513-86000000' }],
};

describe('plans', () => {
  it('approves a revision only by someone other than its author, supersedes the last approved one, and diffs them', async () => {
    const author = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB });
    const approver = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB });
    const made = await call(t.app, author.session, { method: 'POST', url: '/api/plans', payload: { kind: 'civil_defence', title: '通州区人民防空方案', regionCode: FIXTURE.countyB, content } });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().plan.id as number;

    // Revision 1: submitted, the author's own approval refused, the other officer's accepted.
    expect((await call(t.app, author.session, { method: 'POST', url: `/api/plans/${id}/revisions/1/approve` })).json().code).toBe('PLANS_REVISION_STATE');
    expect((await call(t.app, author.session, { method: 'POST', url: `/api/plans/${id}/revisions/1/submit` })).statusCode).toBe(200);
    const own = await call(t.app, author.session, { method: 'POST', url: `/api/plans/${id}/revisions/1/approve` });
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('PLANS_OWN_REVISION');
    const ok = await call(t.app, approver.session, { method: 'POST', url: `/api/plans/${id}/revisions/1/approve` });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().plan.approvedRevision).toBe(1);

    // Revision 2 starts from revision 1's content; only one open revision at a time.
    const next = { ...content, tasks: [{ ...content.tasks[0], task: '抢修供水、供电管网' }, { assigneeKind: 'unit', refId: null, assignee: '区卫健委', task: '医疗救护', phase: '临战' }], resources: [] };
    expect((await call(t.app, author.session, { method: 'POST', url: `/api/plans/${id}/revisions`, payload: { content: next, note: '增加医疗救护' } })).statusCode).toBe(201);
    expect((await call(t.app, author.session, { method: 'POST', url: `/api/plans/${id}/revisions`, payload: {} })).json().code).toBe('PLANS_OPEN_REVISION_EXISTS');
    const file = await call(t.app, author.session, { method: 'PUT', url: `/api/plans/${id}/revisions/2/file`, payload: { fileName: '方案.pdf', mediaType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4 test').toString('base64') } });
    expect(file.statusCode, file.body).toBe(200);
    await call(t.app, author.session, { method: 'POST', url: `/api/plans/${id}/revisions/2/submit` });
    // Returned with a reason, resubmitted, approved by the other officer.
    const back = await call(t.app, approver.session, { method: 'POST', url: `/api/plans/${id}/revisions/2/return`, payload: { reason: '请补充联系人' } });
    expect(back.json().revisions[1]).toMatchObject({ state: 'returned', returnReason: '请补充联系人' });
    await call(t.app, author.session, { method: 'POST', url: `/api/plans/${id}/revisions/2/submit` });
    const approved = await call(t.app, approver.session, { method: 'POST', url: `/api/plans/${id}/revisions/2/approve` });
    expect(approved.json().revisions.map((r: { state: string }) => r.state)).toEqual(['superseded', 'approved']);
    expect(approved.json().revisions[1].file).toMatchObject({ name: '方案.pdf', size: 13 });
    expect(approved.json().revisions[1].mine).toBe(false);

    // An approved revision is frozen.
    expect((await call(t.app, author.session, { method: 'PUT', url: `/api/plans/${id}/revisions/2`, payload: { content } })).statusCode).toBe(409);

    const diff = await call(t.app, approver.session, { method: 'GET', url: `/api/plans/${id}/diff?from=1&to=2` });
    expect(diff.statusCode, diff.body).toBe(200);
    expect(diff.json().parts.tasks.map((x: { kind: string; key: string }) => [x.kind, x.key])).toEqual([['changed', 'team:抢险抢修专业队:临战'], ['added', 'unit:区卫健委:临战']]);
    expect(diff.json().parts.resources.map((x: { kind: string }) => x.kind)).toEqual(['removed']);
    expect(diff.json().changes).toBe(3);

    const dl = await call(t.app, approver.session, { method: 'GET', url: `/api/plans/${id}/revisions/2/file` });
    expect(dl.statusCode).toBe(200);
    expect(dl.body).toBe('%PDF-1.4 test');
    expect(dl.headers['content-disposition']).toContain("filename*=UTF-8''%E6%96%B9%E6%A1%88.pdf");

    const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_type = 'response_plan' AND entity_id = $1 ORDER BY seq`, [String(id)]);
    expect(audit.rows.map((r) => r.action)).toEqual(['plan.create', 'plan.revision.submit', 'plan.revision.approve', 'plan.revise', 'plan.revision.file',
      'plan.revision.submit', 'plan.revision.return', 'plan.revision.submit', 'plan.revision.approve']);
  });

  it('keeps another county\'s plans out of sight and refuses a viewer\'s write', async () => {
    const cc = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyA });
    const made = await call(t.app, cc.session, { method: 'POST', url: '/api/plans', payload: { kind: 'emergency', title: '崇川预案', regionCode: FIXTURE.countyA, content } });
    const tz = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB });
    expect((await call(t.app, tz.session, { method: 'GET', url: `/api/plans/${made.json().plan.id}` })).statusCode).toBe(404);
    const viewer = await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.countyA });
    expect((await call(t.app, viewer.session, { method: 'GET', url: '/api/plans' })).json().items.length).toBeGreaterThan(0);
    expect((await call(t.app, viewer.session, { method: 'POST', url: '/api/plans', payload: { kind: 'emergency', title: 'x', regionCode: FIXTURE.countyA, content } })).statusCode).toBe(403);
    const bad = await call(t.app, cc.session, { method: 'PUT', url: `/api/plans/${made.json().plan.id}/revisions/1/file`, payload: { fileName: 'a.pdf', mediaType: 'application/pdf', contentBase64: '!!!!' } });
    expect(bad.json().code).toBe('PLANS_FILE_INVALID');
  });
});
