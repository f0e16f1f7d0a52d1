/**
 * Approval cases on a real database: due dates in working days at receipt, the due-soon and overdue lists on a
 * fixed day, one decision per case, and the permission of each route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/actor.ts';
import { createFieldCipher } from '../../lib/field-crypto.ts';
import { createRegionsService } from '../regions/index.ts';
import { FIXTURE, call, createTestApp, givenSession, type Session, type TestContext } from '../../test/harness.ts';
import { createRegulationService } from './index.ts';

let t: TestContext;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyA })).session;
});
afterAll(() => t.close());

const post = (session: Session | null, url: string, payload?: object) => call(t.app, session, { method: 'POST', url, payload, headers: { 'accept-language': 'en' } });
const newCase = (receivedOn: string, over: object = {}) =>
  post(admin, '/api/regulation/approvals', { kind: 'demolition', title: `拆除审批 ${receivedOn}`, regionCode: FIXTURE.townA, receivedOn, ...over });

describe('approval cases', () => {
  it('computes the promised and legal due days in working days over 国庆 2026', async () => {
    const res = await newCase('2026-09-29');
    expect(res.statusCode, res.body).toBe(201);
    // 7 working days: 30 Sep, 8, 9, 10 (Saturday worked), 12, 13, 14 Oct.
    expect(res.json()).toMatchObject({ promisedDays: 7, legalDays: 20, promisedDueOn: '2026-10-14', status: 'open' });
  });

  it('refuses a receipt the calendar cannot count from, and a promise beyond the legal limit', async () => {
    const late = await newCase('2026-12-20');
    expect([late.statusCode, late.json().code]).toEqual([400, 'REGULATION_CALENDAR_MISSING']);
    expect(late.json().message).toContain('2027');
    const over = await newCase('2026-11-02', { promisedDays: 21 });
    expect(over.json().code).toBe('REGULATION_PROMISE_BEYOND_LIMIT');
  });

  it('lists due-soon and overdue cases as of a given day', async () => {
    const today = '2026-12-04';
    const actor = { userId: 1, username: 'x', regionCode: FIXTURE.countyA, scope: FIXTURE.countyA } as Actor;
    const service = createRegulationService({ db: t.db, regions: createRegionsService({ db: t.db }), cipher: createFieldCipher({ key: '1'.repeat(32) }), dataDir: t.config.dataDir, today: () => today });
    const ids = {
      onTime: (await newCase('2026-12-02')).json().id, // promised 11 Dec: 5 working days left
      dueSoon: (await newCase('2026-11-27')).json().id, // promised 8 Dec: 2 left
      pastPromise: (await newCase('2026-11-20')).json().id, // promised 1 Dec, legal limit 18 Dec
      pastLimit: (await newCase('2026-10-20')).json().id, // legal limit 17 Nov
    };
    const clockOf = async (view: 'open' | 'due_soon' | 'overdue') => new Map((await service.listApprovals(actor, view)).map((a) => [a.id, a.clock]));
    const open = await clockOf('open');
    expect([ids.onTime, ids.dueSoon, ids.pastPromise, ids.pastLimit].map((id) => open.get(id))).toEqual(['on_time', 'due_soon', 'past_promise', 'past_legal_limit']);
    expect([...(await clockOf('due_soon')).keys()]).toEqual([ids.dueSoon]);
    const overdue = await clockOf('overdue');
    expect(overdue.has(ids.pastPromise) && overdue.has(ids.pastLimit) && !overdue.has(ids.dueSoon)).toBe(true);
  });

  it('decides a case once, never before its receipt', async () => {
    const id = (await newCase('2026-11-02')).json().id;
    const early = await post(admin, `/api/regulation/approvals/${id}/decision`, { decision: 'approved', decidedOn: '2026-11-01', opinion: '同意' });
    expect(early.json().code).toBe('REGULATION_DECIDED_BEFORE_RECEIPT');
    const ok = await post(admin, `/api/regulation/approvals/${id}/decision`, { decision: 'approved', decidedOn: '2026-11-05', opinion: '同意拆除' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', decidedOn: '2026-11-05', clock: null });
    const again = await post(admin, `/api/regulation/approvals/${id}/decision`, { decision: 'rejected', decidedOn: '2026-11-06', opinion: 'x' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'REGULATION_CASE_DECIDED']);
  });

  it('lets a viewer read the lists but not register a case', async () => {
    const viewer = (await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.countyA })).session;
    expect((await call(t.app, viewer, { method: 'GET', url: '/api/regulation/approvals?view=all' })).statusCode).toBe(200);
    const res = await post(viewer, '/api/regulation/approvals', { kind: 'demolition', title: 'x', regionCode: FIXTURE.townA, receivedOn: '2026-11-02' });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('approvals:write');
  });
});
