/**
 * The audit log through the API: the failed sign-in that used to break verification for good, and
 * `POST /api/audit/verify` listing every problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, type TestContext } from '../../test/harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('audit through the API', () => {
  it('writes a keyed chain from the first row on, as a server does, and verifies it', async () => {
    const admin = await givenSession(t, { roles: ['system_admin'], regionCode: FIXTURE.city });
    const { rows } = await t.db.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY seq');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => !r.hash.startsWith('hmac-sm3:'))).toEqual([]);
    const verify = await call(t.app, admin.session, { method: 'POST', url: '/api/audit/verify' });
    expect(verify.json()).toMatchObject({ ok: true, problems: [] });
  });

  it('still verifies after a failed sign-in with a lone surrogate in the user name', async () => {
    // The raw JSON text: "\ud800" is a lone surrogate, which the database stores as U+FFFD.
    const res = await t.app.inject({
      method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' },
      payload: '{"username":"\\ud800","password":"x"}',
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    // Whether the edge refuses the name or the sign-in fails and is audited, the chain must verify.
    const admin = await givenSession(t, { roles: ['system_admin'], regionCode: FIXTURE.city });
    const verify = await call(t.app, admin.session, { method: 'POST', url: '/api/audit/verify' });
    expect(verify.statusCode).toBe(200);
    expect(verify.json()).toMatchObject({ ok: true, problems: [] });
  });

  it('names who and what: the acting user, the work (name and 工程编号), the region', async () => {
    const admin = await givenSession(t, { roles: ['system_admin'], regionCode: FIXTURE.city });
    const manager = await givenSession(t, { roles: ['works_manager'], regionCode: FIXTURE.city });
    const created = await call(t.app, manager.session, { method: 'POST', url: '/api/works', payload: {
      code: 'AUDIT-NAME-1', name: '审计名称测试工程', regionCode: FIXTURE.townA, location: [120.871, 32.002], constructionForm: 'tunnel',
      workClass: 'personnel', isPublic: false, units: [{ name: '1号防护单元', grossAreaM2: 100, protectedAreaM2: 90, shelterAreaM2: 80, blastUnits: 1, parkingSpaces: 0 }], entrances: [],
    } });
    expect(created.statusCode, created.body).toBe(201);
    const work = created.json() as { id: number; code: string; name: string };
    const res = await call(t.app, admin.session, { method: 'GET', url: '/api/audit?action=work.create&pageSize=50' });
    const row = (res.json().items as Array<Record<string, unknown>>).find((r) => r.entityId === String(work.id))!;
    expect(row).toMatchObject({
      actor: manager.username, actorName: manager.username, entityType: 'work', entityName: work.name, entityCode: work.code,
      regionName: expect.any(String),
    });
  });

  it('lists every broken row in POST /api/audit/verify', async () => {
    const admin = await givenSession(t, { roles: ['system_admin'], regionCode: FIXTURE.city });
    const { rows } = await t.db.query<{ seq: number }>('SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 3');
    const [a, , c] = rows.map((r) => Number(r.seq));
    await t.db.query(`UPDATE audit_log SET ip = '203.0.113.9' WHERE seq IN ($1, $2)`, [a, c]);
    const res = await call(t.app, admin.session, { method: 'POST', url: '/api/audit/verify' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { ok: boolean; firstBadId: number; problems: { seq: number; reason: string }[] };
    expect(body.ok).toBe(false);
    expect(body.firstBadId).toBe(c);
    expect(body.problems).toEqual([{ seq: c, reason: `row ${c} was changed` }, { seq: a, reason: `row ${a} was changed` }]);
  });
});
