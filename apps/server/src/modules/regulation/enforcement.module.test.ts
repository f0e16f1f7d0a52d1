/**
 * Enforcement cases through HTTP on a real database: a case from 立案 to 结案 with evidence hashed at upload and a
 * legal review, and each rule a step keeps (two investigators, a reviewer who did not investigate, the penalty
 * ranges with the article cited, the party's answer period, nothing heavier than notified, append-only records).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sm3Hex, usccCheckChar } from '@civdef/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, type Session, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let officer: Session;
const officers: number[] = [];
let enterpriseId: number;

const uscc = (n: number) => {
  const first17 = `91320613${String(n).padStart(8, '0')}E`;
  return first17 + usccCheckChar(first17)!;
};
const post = (url: string, payload?: object, session: Session | null = officer) =>
  call(t.app, session, { method: 'POST', url, payload, headers: { 'accept-language': 'en' } });

function upload(caseId: number, fileName: string, data: Buffer, query = 'kind=site_record&title=%E7%8E%B0%E5%9C%BA%E7%AC%94%E5%BD%95&collectedOn=2026-11-03') {
  const boundary = '----civdefEvidence';
  return call(t.app, officer, {
    method: 'POST', url: `/api/regulation/cases/${caseId}/evidence?${query}`,
    payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'accept-language': 'en' },
  });
}

beforeAll(async () => {
  t = await createTestApp();
  officer = (await givenSession(t, { roles: ['enforcement_officer'], regionCode: FIXTURE.countyA })).session;
  enterpriseId = (await post('/api/regulation/enterprises', { uscc: uscc(1), name: '崇川某商业广场管理公司', kind: 'user_unit', regionCode: FIXTURE.townA })).json().id;
  for (let i = 1; i <= 3; i += 1) {
    const res = await post('/api/regulation/officers', { name: `执法员${i}`, certNo: `ZF-CASE-${i}`, certExpiresOn: '2099-12-31', regionCode: FIXTURE.countyA });
    officers.push(res.json().id);
  }
  const expired = await post('/api/regulation/officers', { name: '过期', certNo: 'ZF-CASE-OLD', certExpiresOn: '2026-01-01', regionCode: FIXTURE.countyA });
  officers.push(expired.json().id);
});
afterAll(() => t.close());

const fileCase = (over: object = {}) => post('/api/regulation/cases', {
  title: '擅自改变人防工程用途案', regionCode: FIXTURE.townA, partyKind: 'unit', enterpriseId, source: 'inspection',
  facts: '抽查发现该单位将人防工程改作仓库并封堵防护密闭门', investigatorIds: [officers[0], officers[1]], filedOn: '2026-11-02', ...over,
});

describe('an enforcement case from 立案 to 结案', () => {
  it('runs every step with its record, evidence hashed with SM3 and a legal review by someone else', async () => {
    const filed = await fileCase();
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json().id;
    expect(filed.json()).toMatchObject({ status: 'investigating', partyName: '崇川某商业广场管理公司', caseNo: expect.stringMatching(/^RFZF-2026-\d{6}$/) });
    expect(filed.json().investigators.map((o: { name: string }) => o.name)).toEqual(['执法员1', '执法员2']);

    // A report needs evidence first.
    const early = await post(`/api/regulation/cases/${id}/report`, { reportedOn: '2026-11-05', findings: 'x', proposedOutcome: 'fine', ruleCode: 'art49', amountFen: 2_000_000 });
    expect([early.statusCode, early.json().code]).toEqual([409, 'REGULATION_CASE_NO_EVIDENCE']);

    const pdf = Buffer.from('%PDF-1.4 现场检查笔录：防护密闭门被封堵');
    const withEvidence = await upload(id, '现场笔录.pdf', pdf);
    expect(withEvidence.statusCode, withEvidence.body).toBe(201);
    const ev = withEvidence.json().evidence[0];
    expect(ev).toMatchObject({ kind: 'site_record', sizeBytes: pdf.length, sm3: sm3Hex(pdf) });

    const verified = await post(`/api/regulation/evidence/${ev.id}/verify`);
    expect(verified.json()).toEqual({ evidenceId: ev.id, ok: true, missing: false, sm3Registered: ev.sm3, sm3Now: ev.sm3 });
    const content = await call(t.app, officer, { method: 'GET', url: `/api/regulation/evidence/${ev.id}/content` });
    expect(content.rawPayload.equals(pdf)).toBe(true);

    // Out of range for a unit under art. 49 (10,000–50,000 元): refused, citing the article and its range.
    const tooMuch = await post(`/api/regulation/cases/${id}/report`, { reportedOn: '2026-11-05', findings: 'x', proposedOutcome: 'fine', ruleCode: 'art49', amountFen: 6_000_000 });
    expect(tooMuch.json().code).toBe('REGULATION_PENALTY_OUT_OF_RANGE');
    expect(tooMuch.json().message).toContain('第四十九条');
    expect(tooMuch.json().message).toContain('10000.00–50000.00');

    const reported = await post(`/api/regulation/cases/${id}/report`, { reportedOn: '2026-11-05', findings: '事实清楚，证据确凿', proposedOutcome: 'fine', ruleCode: 'art49', amountFen: 3_000_000 });
    expect(reported.statusCode, reported.body).toBe(200);
    expect(reported.json().status).toBe('investigated');

    const byInvestigator = await post(`/api/regulation/cases/${id}/review`, { reviewedOn: '2026-11-06', reviewerId: officers[1], opinion: 'approve', text: '同意' });
    expect([byInvestigator.statusCode, byInvestigator.json().code]).toEqual([400, 'REGULATION_REVIEWER_INVALID']);
    expect(byInvestigator.json().message).toContain('reviewerId');
    const reviewed = await post(`/api/regulation/cases/${id}/review`, { reviewedOn: '2026-11-06', reviewerId: officers[2], opinion: 'approve', text: '事实清楚，适用法律正确，程序合法' });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json()).toMatchObject({ status: 'reviewed', reviewer: { name: '执法员3' } });

    // 30,000 元 on a unit is below the hearing threshold: 3 working days to answer (9, 10, 11 Nov).
    const notified = await post(`/api/regulation/cases/${id}/notice`, { notifiedOn: '2026-11-06' });
    expect(notified.json()).toMatchObject({ status: 'notified', answerDueOn: '2026-11-11', hearingRight: false });

    const tooEarly = await post(`/api/regulation/cases/${id}/decision`, { decidedOn: '2026-11-10', decisionNo: '通人防罚〔2026〕1号', outcome: 'fine', ruleCode: 'art49', amountFen: 3_000_000, partyAnswer: 'none' });
    expect([tooEarly.statusCode, tooEarly.json().code]).toEqual([409, 'REGULATION_CASE_ANSWER_PENDING']);
    const heavier = await post(`/api/regulation/cases/${id}/decision`, { decidedOn: '2026-11-12', decisionNo: '通人防罚〔2026〕1号', outcome: 'fine', ruleCode: 'art49', amountFen: 3_500_000, partyAnswer: 'none' });
    expect(heavier.json().code).toBe('REGULATION_CASE_HEAVIER_THAN_NOTICE');
    const decided = await post(`/api/regulation/cases/${id}/decision`, { decidedOn: '2026-11-12', decisionNo: '通人防罚〔2026〕1号', outcome: 'fine', ruleCode: 'art49', amountFen: 2_500_000, partyAnswer: 'statement', partyAnswerText: '已整改，请求从轻' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'decided', amountFen: 2_500_000, basis: '《中华人民共和国人民防空法》第四十九条' });

    // Closing before the fine is executed is refused; a partial payment is not "paid".
    expect((await post(`/api/regulation/cases/${id}/close`, { closedOn: '2026-11-20', summary: 'x' })).json().code).toBe('REGULATION_CASE_STEP_STATE');
    expect((await post(`/api/regulation/cases/${id}/execution`, { executedOn: '2026-11-20', method: 'paid', paidFen: 100 })).json().code).toBe('REGULATION_CASE_PAID_MISMATCH');
    const backdated = await post(`/api/regulation/cases/${id}/execution`, { executedOn: '2026-11-01', method: 'paid', paidFen: 2_500_000 });
    expect([backdated.json().code, backdated.json().message]).toEqual(['REGULATION_CASE_DATE_ORDER', expect.stringContaining('executedOn')]);
    expect((await post(`/api/regulation/cases/${id}/execution`, { executedOn: '2026-11-20', method: 'paid', paidFen: 2_500_000 })).statusCode).toBe(200);
    const closed = await post(`/api/regulation/cases/${id}/close`, { closedOn: '2026-11-23', summary: '罚款已缴纳，工程已恢复战时功能' });
    expect(closed.statusCode, closed.body).toBe(200);

    // The full-process record: every step in order, each with its statutory document.
    const detail = (await call(t.app, officer, { method: 'GET', url: `/api/regulation/cases/${id}` })).json();
    expect(detail.timeline.map((s: { step: string }) => s.step)).toEqual(['file', 'evidence', 'evidence_check', 'report', 'review', 'notify', 'decide', 'execute', 'close']);
    expect(detail.timeline.find((s: { step: string }) => s.step === 'decide').document).toBe('行政处罚决定书');
    expect((await post(`/api/regulation/cases/${id}/close`, { closedOn: '2026-11-24', summary: 'again' })).json().code).toBe('REGULATION_CASE_STEP_STATE');

    // The decision went on the enterprise's credit record, public for a year, and the case is listed with it.
    const firm = (await call(t.app, officer, { method: 'GET', url: `/api/regulation/enterprises/${enterpriseId}` })).json();
    expect(firm.credit).toContainEqual(expect.objectContaining({
      kind: 'bad', source: 'enforcement_case', caseId: id, recordedOn: '2026-11-12', publicUntil: '2027-11-12', reason: expect.stringContaining('通人防罚〔2026〕1号'),
    }));
    expect(firm.cases.map((c: { id: number }) => c.id)).toContain(id);
  });

  it('keeps qualifications and manual credit records of an enterprise', async () => {
    const q = { name: '人防工程监理资质', level: '甲级', certNo: 'RFJL-2024-001', issuer: '江苏省国动办', issuedOn: '2024-01-10', expiresOn: '2026-01-09' };
    const added = await post(`/api/regulation/enterprises/${enterpriseId}/qualifications`, q);
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().qualifications).toContainEqual(expect.objectContaining({ certNo: 'RFJL-2024-001', valid: false }));
    expect((await post(`/api/regulation/enterprises/${enterpriseId}/qualifications`, q)).json().code).toBe('REGULATION_QUALIFICATION_TAKEN');
    const backwards = await post(`/api/regulation/enterprises/${enterpriseId}/qualifications`, { ...q, certNo: 'X-2', expiresOn: '2023-01-01' });
    expect([backwards.json().code, backwards.json().message]).toEqual(['REGULATION_QUALIFICATION_DATES', expect.stringContaining('expiresOn')]);
    const good = await post(`/api/regulation/enterprises/${enterpriseId}/credit-records`, { kind: 'good', reason: '年度维护管理考核优秀', recordedOn: '2026-12-01' });
    expect(good.json().credit[0]).toMatchObject({ kind: 'good', source: 'manual', reason: '年度维护管理考核优秀' });
    await expect(t.db.query(`DELETE FROM reg_credit_record WHERE enterprise_id = $1`, [enterpriseId])).rejects.toThrow(/append-only/);
  });

  it('shows a changed evidence file as not matching, and keeps the record append-only in the database', async () => {
    const id = (await fileCase({ title: '篡改测试' })).json().id;
    const ev = (await upload(id, 'photo.pdf', Buffer.from('%PDF original'))).json().evidence[0];
    const key = (await t.db.query<{ storage_key: string }>('SELECT storage_key FROM reg_case_evidence WHERE id = $1', [ev.id])).rows[0]!.storage_key;
    writeFileSync(path.join(t.config.dataDir, 'files', key), '%PDF altered');
    const check = (await post(`/api/regulation/evidence/${ev.id}/verify`)).json();
    expect(check).toMatchObject({ ok: false, missing: false, sm3Registered: ev.sm3, sm3Now: sm3Hex('%PDF altered') });
    await expect(t.db.query(`UPDATE reg_case_evidence SET sm3 = $2 WHERE id = $1`, [ev.id, check.sm3Now])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM reg_case_step WHERE case_id = $1`, [id])).rejects.toThrow(/append-only/);
  });

  it('needs two valid investigators, a known party, and a file type it accepts', async () => {
    expect((await fileCase({ investigatorIds: [officers[0], officers[0]] })).json().message).toContain('at least 2');
    const expired = await fileCase({ investigatorIds: [officers[0], officers[3]] });
    expect([expired.json().code, expired.json().message]).toEqual(['REGULATION_INVESTIGATORS_INVALID', expect.stringContaining('2026-01-01')]);
    expect((await fileCase({ enterpriseId: null })).json().code).toBe('REGULATION_PARTY_INVALID');
    const individual = await fileCase({ partyKind: 'individual', enterpriseId: null, partyName: '李某' });
    expect(individual.statusCode, individual.body).toBe(201);
    const exe = await upload(individual.json().id, 'tool.exe', Buffer.from('MZ'));
    expect([exe.statusCode, exe.json().code]).toEqual([415, 'REGULATION_FILE_TYPE']);
    const outside = await fileCase({ regionCode: FIXTURE.townB });
    expect([outside.statusCode, outside.json().code]).toEqual([403, 'REGULATION_REGION_OUT_OF_SCOPE']);
  });

  it('closes a warning without execution, and refuses a fine where a warning was notified', async () => {
    const id = (await fileCase({ partyKind: 'individual', enterpriseId: null, partyName: '王某', title: '警告案' })).json().id;
    await upload(id, 'a.pdf', Buffer.from('%PDF a'));
    await post(`/api/regulation/cases/${id}/report`, { reportedOn: '2026-11-05', findings: '情节轻微', proposedOutcome: 'warning', ruleCode: 'art49' });
    await post(`/api/regulation/cases/${id}/review`, { reviewedOn: '2026-11-05', reviewerId: officers[2], opinion: 'approve', text: '同意' });
    await post(`/api/regulation/cases/${id}/notice`, { notifiedOn: '2026-11-05' });
    const fine = await post(`/api/regulation/cases/${id}/decision`, { decidedOn: '2026-11-06', decisionNo: 'W-1', outcome: 'fine', ruleCode: 'art49', amountFen: 100, partyAnswer: 'waived' });
    expect(fine.json().code).toBe('REGULATION_CASE_HEAVIER_THAN_NOTICE');
    const warned = await post(`/api/regulation/cases/${id}/decision`, { decidedOn: '2026-11-06', decisionNo: 'W-1', outcome: 'warning', ruleCode: 'art49', partyAnswer: 'waived' });
    expect(warned.statusCode, warned.body).toBe(200);
    expect((await post(`/api/regulation/cases/${id}/execution`, { executedOn: '2026-11-06', method: 'paid', paidFen: 0 })).json().code).toBe('REGULATION_CASE_NOTHING_TO_EXECUTE');
    expect((await post(`/api/regulation/cases/${id}/close`, { closedOn: '2026-11-06', summary: '已警告' })).json().status).toBe('closed');
  });

  it('publishes a decided case\'s decision once, on the public list, the person named only as surname + 某', async () => {
    const id = (await fileCase({ partyKind: 'individual', enterpriseId: null, partyName: '王小明', title: '擅自拆除人防工程警告案' })).json().id;
    expect((await post(`/api/regulation/cases/${id}/publish`)).json().code).toBe('REGULATION_CASE_NOT_DECIDED');
    await upload(id, 'b.pdf', Buffer.from('%PDF b'));
    await post(`/api/regulation/cases/${id}/report`, { reportedOn: '2026-11-05', findings: '情节轻微', proposedOutcome: 'warning', ruleCode: 'art49' });
    await post(`/api/regulation/cases/${id}/review`, { reviewedOn: '2026-11-05', reviewerId: officers[2], opinion: 'approve', text: '同意' });
    await post(`/api/regulation/cases/${id}/notice`, { notifiedOn: '2026-11-05' });
    await post(`/api/regulation/cases/${id}/decision`, { decidedOn: '2026-11-06', decisionNo: '通人防罚〔2026〕7号', outcome: 'warning', ruleCode: 'art49', partyAnswer: 'waived' });
    const published = await post(`/api/regulation/cases/${id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().publishedAt).toMatch(/^\d{4}-/);
    expect((await post(`/api/regulation/cases/${id}/publish`)).json().code).toBe('REGULATION_CASE_PUBLISHED');
    const list = await call(t.app, null, { method: 'GET', url: '/api/public/enforcement-decisions' });
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toMatch(/^public/);
    expect(list.json().items).toEqual([expect.objectContaining({
      decisionNo: '通人防罚〔2026〕7号', party: '王某', partyKind: 'individual', outcome: 'warning', basis: '《中华人民共和国人民防空法》第四十九条', decidedOn: '2026-11-06',
    })]);
    expect(list.body).not.toMatch(/王小明|封堵防护密闭门|执法员/);
    const audit = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'enforcement_case.publish' AND entity_id = $1`, [String(id)])).rows[0]!;
    expect(audit.n).toBe(1);
  });

  it('lets a viewer read the cases but take no step', async () => {
    const viewer = (await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.countyA })).session;
    const list = await call(t.app, viewer, { method: 'GET', url: '/api/regulation/cases' });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThan(0);
    const res = await post('/api/regulation/cases', {}, viewer);
    expect([res.statusCode, res.json().message]).toEqual([403, expect.stringContaining('enforcement:write')]);
  });
});
