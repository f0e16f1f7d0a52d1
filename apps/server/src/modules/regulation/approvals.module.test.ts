/**
 * Approval cases on a real database: due dates in working days at receipt, the due-soon and overdue lists on a
 * fixed day, one decision per case, and the permission of each route; 联审 parties and documents, and a demolition
 * approval used by the works life cycle.
 */
import { sm3Hex } from '@civdef/domain';
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

  it('counts a clock into a year without holiday data provisionally, and refuses a promise beyond the legal limit', async () => {
    // Sunday 20 Dec 2026: 20 working days end on 15 Jan 2027, 1 Jan counted as a working Friday until 2027 is loaded.
    const late = await newCase('2026-12-20');
    expect(late.statusCode, late.body).toBe(201);
    expect(late.json()).toMatchObject({ legalDueOn: '2027-01-15', calendarProvisional: true, calendarProvisionalYears: [2027] });
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
    // Named as none: a case without 联审 parties is decided by the office alone.
    const id = (await newCase('2026-11-02', { parties: [] })).json().id;
    const early = await post(admin, `/api/regulation/approvals/${id}/decision`, { decision: 'approved', decidedOn: '2026-11-01', opinion: '同意' });
    expect(early.json().code).toBe('REGULATION_DECIDED_BEFORE_RECEIPT');
    const ok = await post(admin, `/api/regulation/approvals/${id}/decision`, { decision: 'approved', decidedOn: '2026-11-05', opinion: '同意拆除' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', decidedOn: '2026-11-05', clock: null });
    const again = await post(admin, `/api/regulation/approvals/${id}/decision`, { decision: 'rejected', decidedOn: '2026-11-06', opinion: 'x' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'REGULATION_CASE_DECIDED']);
  });

  it('asks the default 联审 parties of the kind when a case names none', async () => {
    const res = await newCase('2026-11-09', { kind: 'dual_use_underground' });
    expect(res.statusCode, res.body).toBe(201);
    const detail = (await call(t.app, admin, { method: 'GET', url: `/api/regulation/approvals/${res.json().id}` })).json();
    expect(detail.parties.map((p: { name: string; required: boolean }) => [p.name, p.required])).toEqual([
      ['自然资源和规划局', true], ['住房和城乡建设局', true], ['消防救援支队', false],
    ]);
    // The defaults hold the decision like any required party, and the audit records them with the case.
    expect((await post(admin, `/api/regulation/approvals/${res.json().id}/decision`, { decision: 'approved', decidedOn: '2026-11-10', opinion: '同意' })).json().code)
      .toBe('REGULATION_PARTIES_PENDING');
    const named = await newCase('2026-11-09', { kind: 'dual_use_underground', parties: [{ name: '人防办工程科' }] });
    const namedDetail = (await call(t.app, admin, { method: 'GET', url: `/api/regulation/approvals/${named.json().id}` })).json();
    expect(namedDetail.parties.map((p: { name: string }) => p.name)).toEqual(['人防办工程科']);
  });

  it('lets a viewer read the lists but not register a case', async () => {
    const viewer = (await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.countyA })).session;
    expect((await call(t.app, viewer, { method: 'GET', url: '/api/regulation/approvals?view=all' })).statusCode).toBe(200);
    const res = await post(viewer, '/api/regulation/approvals', { kind: 'demolition', title: 'x', regionCode: FIXTURE.townA, receivedOn: '2026-11-02' });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('approvals:write');
  });
});

describe('联审 and the works life cycle', () => {
  const workOf = async (code: string) => {
    const id = (await t.db.query<{ id: number }>('SELECT id FROM work WHERE code = $1', [code])).rows[0]!.id;
    return (await call(t.app, admin, { method: 'GET', url: `/api/works/${id}` })).json() as { id: number; version: number; lifecycleState: string };
  };
  const transition = async (code: string, to: string, approvalRef: string) => {
    const w = await workOf(code);
    return post(admin, `/api/works/${w.id}/transitions`, { to, version: w.version, reason: `${to} 审批`, approvalRef });
  };

  it('decides only when every required party answered, each once, and a demolition approval is used by the work it names', async () => {
    const work = await workOf('RF-A-001');
    const made = await newCase('2026-11-02', { workId: work.id, parties: [{ name: '自然资源和规划局' }, { name: '消防救援支队', required: false }] });
    expect(made.statusCode, made.body).toBe(201);
    const { id, caseNo } = made.json();
    expect(caseNo).toMatch(/^RFSP-2026-\d{6}$/);

    const pending = await post(admin, `/api/regulation/approvals/${id}/decision`, { decision: 'approved', decidedOn: '2026-11-05', opinion: '同意' });
    expect([pending.statusCode, pending.json().code, pending.json().message]).toEqual([409, 'REGULATION_PARTIES_PENDING', expect.stringContaining('自然资源和规划局')]);

    const detail = (await call(t.app, admin, { method: 'GET', url: `/api/regulation/approvals/${id}` })).json();
    const planning = detail.parties.find((p: { name: string }) => p.name === '自然资源和规划局');
    const answered = await post(admin, `/api/regulation/approvals/${id}/parties/${planning.id}/opinion`, { verdict: 'agree', opinion: '同意拆除', answeredOn: '2026-11-03' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().parties.find((p: { id: number }) => p.id === planning.id)).toMatchObject({ verdict: 'agree', answeredOn: '2026-11-03' });
    const again = await post(admin, `/api/regulation/approvals/${id}/parties/${planning.id}/opinion`, { verdict: 'disagree', opinion: '改变主意', answeredOn: '2026-11-04' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'REGULATION_PARTY_ANSWERED']);

    // A document, hashed at upload.
    const boundary = '----civdefApproval';
    const pdf = Buffer.from('%PDF-1.4 拆除申请书');
    const doc = await call(t.app, admin, {
      method: 'POST', url: `/api/regulation/approvals/${id}/documents?docType=application&title=${encodeURIComponent('拆除申请书')}`,
      payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="apply.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), pdf, Buffer.from(`\r\n--${boundary}--\r\n`)]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(doc.statusCode, doc.body).toBe(201);
    expect(doc.json().documents[0]).toMatchObject({ docType: 'application', sm3: sm3Hex(pdf) });
    const content = await call(t.app, admin, { method: 'GET', url: `/api/regulation/approval-documents/${doc.json().documents[0].id}/content` });
    expect(content.rawPayload.equals(pdf)).toBe(true);

    // The optional party has not answered: the decision does not wait for it.
    const decided = await post(admin, `/api/regulation/approvals/${id}/decision`, { decision: 'approved', decidedOn: '2026-11-05', opinion: '同意拆除' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect((await post(admin, `/api/regulation/approvals/${id}/parties`, { name: '住建局' })).json().code).toBe('REGULATION_APPROVAL_CLOSED');

    // The works life cycle: the approval is for RF-A-001, for demolition, once.
    const other = await transition('RF-A-002', 'demolished', caseNo);
    expect([other.statusCode, other.json().code, other.json().message]).toEqual([400, 'REGULATION_APPROVAL_REF_INVALID', expect.stringContaining('RF-A-001')]);
    const wrongKind = await transition('RF-A-001', 'scrapped', caseNo);
    expect(wrongKind.json().message).toContain('scrapping');
    expect((await transition('RF-A-001', 'demolished', 'RFSP-2026-999999')).json().message).toContain('no such approval case');
    const demolished = await transition('RF-A-001', 'demolished', caseNo);
    expect(demolished.statusCode, demolished.body).toBe(200);
    expect((await workOf('RF-A-001')).lifecycleState).toBe('demolished');
    const used = (await call(t.app, admin, { method: 'GET', url: `/api/regulation/approvals/${id}` })).json();
    expect(used).toMatchObject({ usedByWorkId: work.id, workCode: 'RF-A-001' });
    // A refused step changed nothing: RF-A-002 is still where it was.
    expect((await workOf('RF-A-002')).lifecycleState).not.toBe('demolished');
  });

  it('refuses to approve over a required party that disagrees, and a life-cycle step citing an undecided case', async () => {
    const made = (await newCase('2026-11-02', { kind: 'scrapping', parties: [{ name: '自然资源和规划局' }] })).json();
    expect((await transition('RF-A-002', 'scrapped', made.caseNo)).json().message).toContain('has not been approved');
    const partyId = (await call(t.app, admin, { method: 'GET', url: `/api/regulation/approvals/${made.id}` })).json().parties[0].id;
    await post(admin, `/api/regulation/approvals/${made.id}/parties/${partyId}/opinion`, { verdict: 'disagree', opinion: '不符合规划', answeredOn: '2026-11-03' });
    const approve = await post(admin, `/api/regulation/approvals/${made.id}/decision`, { decision: 'approved', decidedOn: '2026-11-05', opinion: '同意' });
    expect([approve.statusCode, approve.json().code]).toEqual([409, 'REGULATION_PARTY_OBJECTS']);
    expect((await post(admin, `/api/regulation/approvals/${made.id}/decision`, { decision: 'rejected', decidedOn: '2026-11-05', opinion: '不予许可' })).statusCode).toBe(200);
  });

  it('lets a case of the city or of the work\'s county cover the work, and refuses one of another county', async () => {
    const city = (await givenSession(t, { roles: ['system_admin'], regionCode: FIXTURE.city })).session;
    const approved = async (regionCode: string) => {
      const res = await post(city, '/api/regulation/approvals', { kind: 'scrapping', title: `报废审批 ${regionCode}`, regionCode, receivedOn: '2026-11-02', parties: [{ name: '自然资源和规划局', required: false }] });
      expect(res.statusCode, res.body).toBe(201);
      const made = res.json();
      const decided = await post(city, `/api/regulation/approvals/${made.id}/decision`, { decision: 'approved', decidedOn: '2026-11-05', opinion: '同意报废' });
      expect(decided.statusCode, decided.body).toBe(200);
      return made.caseNo as string;
    };
    // RF-A-002 is in town A of county A. A case of county B does not reach it.
    const elsewhere = await transition('RF-A-002', 'scrapped', await approved(FIXTURE.countyB));
    expect([elsewhere.statusCode, elsewhere.json().code]).toEqual([400, 'REGULATION_APPROVAL_REF_INVALID']);
    // The city's own case (320600) covers every district and town of the city (prefix 3206).
    const scrapped = await transition('RF-A-002', 'scrapped', await approved(FIXTURE.city));
    expect(scrapped.statusCode, scrapped.body).toBe(200);
    expect((await workOf('RF-A-002')).lifecycleState).toBe('scrapped');
  });

  it('takes the statutory clocks from configuration', async () => {
    const actor = { userId: 1, username: 'x', regionCode: FIXTURE.countyA, scope: FIXTURE.countyA } as Actor;
    const service = createRegulationService({
      db: t.db, regions: createRegionsService({ db: t.db }), cipher: createFieldCipher({ key: '1'.repeat(32) }), dataDir: t.config.dataDir,
      approvalClock: { legalDays: 10, promisedDays: 3 },
    });
    const c = await service.createApproval(actor, null, { kind: 'peacetime_use', title: '平时使用', regionCode: FIXTURE.townA, receivedOn: '2026-11-02' });
    expect(c).toMatchObject({ legalDays: 10, promisedDays: 3, promisedDueOn: '2026-11-05', legalDueOn: '2026-11-16' });
    expect(t.config.regulation).toEqual({ legalDays: 20, promisedDays: 7 });
  });
});
