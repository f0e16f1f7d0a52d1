/**
 * The working-day calendar on a real database: a clock running into a year the calendar does not hold is counted
 * Monday–Friday and marked provisional (never refused); the system administrator loads that year — validated
 * field by field, audited — and the open clocks marked for it are re-computed in the same transaction, while
 * decided cases and clocks wholly inside the held years stay as they were.
 *
 * The 2027 loaded here is a test fixture (元旦 only), not the State Council's notice. No test depends on the day it
 * runs: every date is given, and the clock state of a listed case is not asserted.
 */
import { usccCheckChar } from '@civdef/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, type Session, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let county: Session;
let sysadmin: Session;
let officer: Session;
const officers: number[] = [];
let enterpriseId: number;

const send = (session: Session | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, lang = 'en') =>
  call(t.app, session, { method, url, payload, headers: { 'accept-language': lang } });
const newApproval = (receivedOn: string, over: object = {}) =>
  send(county, 'POST', '/api/regulation/approvals', { kind: 'alteration', title: `改造审批 ${receivedOn}`, regionCode: FIXTURE.townA, receivedOn, parties: [], ...over });
const FIXTURE_2027 = { basis: '测试用 2027 年安排（仅元旦）', holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workingWeekends: [] as string[] };

beforeAll(async () => {
  t = await createTestApp();
  county = (await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyA })).session;
  sysadmin = (await givenSession(t, { roles: ['system_admin'], regionCode: FIXTURE.city })).session;
  officer = (await givenSession(t, { roles: ['enforcement_officer'], regionCode: FIXTURE.countyA })).session;
  const first17 = '91320613000000C1E';
  enterpriseId = (await send(officer, 'POST', '/api/regulation/enterprises', { uscc: first17 + usccCheckChar(first17)!, name: '日历测试公司', kind: 'user_unit', regionCode: FIXTURE.townA })).json().id;
  for (let i = 1; i <= 3; i += 1) {
    officers.push((await send(officer, 'POST', '/api/regulation/officers', { name: `日历执法员${i}`, certNo: `ZF-CAL-${i}`, certExpiresOn: '2099-12-31', regionCode: FIXTURE.countyA })).json().id);
  }
});
afterAll(() => t.close());

/** An enforcement case taken to its advance notice on `notifiedOn` (a 30,000 元 fine on a unit: 3 working days). */
async function notifiedCase(notifiedOn: string) {
  const id = (await send(officer, 'POST', '/api/regulation/cases', {
    title: '日历测试案件', regionCode: FIXTURE.townA, partyKind: 'unit', enterpriseId, source: 'inspection', facts: 'x', investigatorIds: [officers[0], officers[1]], filedOn: '2026-12-01',
  })).json().id as number;
  const boundary = '----civdefCal';
  await call(t.app, officer, {
    method: 'POST', url: `/api/regulation/cases/${id}/evidence?kind=site_record&title=x&collectedOn=2026-12-01`,
    payload: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 x\r\n--${boundary}--\r\n`),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  await send(officer, 'POST', `/api/regulation/cases/${id}/report`, { reportedOn: '2026-12-02', findings: 'x', proposedOutcome: 'fine', ruleCode: 'art49', amountFen: 3_000_000 });
  await send(officer, 'POST', `/api/regulation/cases/${id}/review`, { reviewedOn: '2026-12-03', reviewerId: officers[2], opinion: 'approve', text: 'x' });
  return send(officer, 'POST', `/api/regulation/cases/${id}/notice`, { notifiedOn });
}

describe('provisional clocks and loading a year', () => {
  let provisional: number;
  let inside: number;
  let decided: number;
  let caseId: number;

  it('registers a case whose clock runs into a year without holiday data, marked provisional', async () => {
    // Received Friday 18 Dec 2026: promised 7 working days (29 Dec, final), legal 20 (15 Jan 2027 counting 1 Jan as a Friday).
    const res = await newApproval('2026-12-18');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ promisedDueOn: '2026-12-29', legalDueOn: '2027-01-15', calendarProvisional: true, calendarProvisionalYears: [2027] });
    provisional = res.json().id;
    const wholly2026 = await newApproval('2026-11-02');
    expect(wholly2026.json()).toMatchObject({ legalDueOn: '2026-11-30', calendarProvisional: false, calendarProvisionalYears: [] });
    inside = wholly2026.json().id;
    decided = (await newApproval('2026-12-21')).json().id;
    const decision = await send(county, 'POST', `/api/regulation/approvals/${decided}/decision`, { decision: 'approved', decidedOn: '2026-12-22', opinion: '同意' });
    expect(decision.statusCode, decision.body).toBe(200);

    // An advance notice served Tuesday 29 Dec 2026: 30, 31 Dec and 1 Jan 2027 (provisionally a working Friday).
    const notified = await notifiedCase('2026-12-29');
    expect(notified.statusCode, notified.body).toBe(200);
    expect(notified.json()).toMatchObject({ status: 'notified', answerDueOn: '2027-01-01', calendarProvisional: true, calendarProvisionalYears: [2027] });
    caseId = notified.json().id;
  });

  it('lets only the system administrator load a year, and names the field and the rule of bad input', async () => {
    expect((await send(county, 'PUT', '/api/regulation/calendar/2027', FIXTURE_2027)).statusCode).toBe(403);
    const cases: Array<[object, string, string]> = [
      [{ holidays: ['2028-01-01'] }, 'body.holidays', 'must lie in 2027'],
      [{ holidays: ['2027-02-30'] }, 'body.holidays', ''],
      [{ holidays: ['2027-01-01', '2027-01-01'] }, 'body.holidays', 'listed twice'],
      [{ workingWeekends: ['2027-01-02'] }, 'body.workingWeekends', 'both a holiday and a working day'],
      [{ workingWeekends: ['2027-01-05'] }, 'body.workingWeekends', 'Saturday or Sunday'],
      [{ basis: '   ' }, 'basis', ''],
    ];
    for (const [over, field, rule] of cases) {
      const res = await send(sysadmin, 'PUT', '/api/regulation/calendar/2027', { ...FIXTURE_2027, ...over });
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(res.json().message, JSON.stringify(over)).toContain(field);
      expect(res.json().message, JSON.stringify(over)).toContain(rule);
    }
    const zh = await send(sysadmin, 'PUT', '/api/regulation/calendar/2027', { ...FIXTURE_2027, workingWeekends: ['2027-01-02'] }, 'zh-CN');
    expect(zh.json()).toMatchObject({ code: 'REGULATION_CALENDAR_INVALID', message: expect.stringContaining('不能既是节假日又是调休上班日') });
    expect((await send(sysadmin, 'PUT', '/api/regulation/calendar/1999', FIXTURE_2027)).statusCode).toBe(400);
    // Nothing was stored by the refusals.
    expect((await t.db.query('SELECT 1 FROM reg_calendar_year')).rows).toHaveLength(0);
  });

  it('loading the year re-computes the open provisional clocks in one audited transaction', async () => {
    const res = await send(sysadmin, 'PUT', '/api/regulation/calendar/2027', FIXTURE_2027);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.year).toMatchObject({ year: 2027, source: 'loaded', holidays: FIXTURE_2027.holidays });
    expect(body.recomputed).toBe(2);
    expect(body.moved).toEqual([
      { kind: 'approval', id: provisional, caseNo: expect.any(String), before: '2027-01-15', after: '2027-01-18', provisionalYears: [] },
      { kind: 'enforcement', id: caseId, caseNo: expect.any(String), before: '2027-01-01', after: '2027-01-04', provisionalYears: [] },
    ]);
    const approval = (await send(county, 'GET', `/api/regulation/approvals/${provisional}`)).json();
    expect(approval).toMatchObject({ promisedDueOn: '2026-12-29', legalDueOn: '2027-01-18', calendarProvisional: false });
    expect((await send(county, 'GET', `/api/regulation/approvals/${inside}`)).json()).toMatchObject({ legalDueOn: '2026-11-30' });
    // A decided case keeps the dates it was decided against, provisional mark included.
    expect((await send(county, 'GET', `/api/regulation/approvals/${decided}`)).json()).toMatchObject({ calendarProvisional: true, calendarProvisionalYears: [2027] });
    expect((await send(officer, 'GET', `/api/regulation/cases/${caseId}`)).json()).toMatchObject({ answerDueOn: '2027-01-04', calendarProvisional: false });

    const audit = (await t.db.query<{ action: string; entity_id: string; after: { recomputed?: number } }>(
      `SELECT action, entity_id, after FROM audit_log WHERE action IN ('calendar_year.load', 'approval_case.clock_recompute', 'enforcement_case.clock_recompute') ORDER BY seq`)).rows;
    expect(audit.map((a) => [a.action, a.entity_id])).toEqual([
      ['approval_case.clock_recompute', String(provisional)], ['enforcement_case.clock_recompute', String(caseId)], ['calendar_year.load', '2027'],
    ]);
    expect(audit[2]!.after.recomputed).toBe(2);

    const years = (await send(county, 'GET', '/api/regulation/calendar')).json().items as Array<{ year: number; source: string }>;
    expect(years.map((y) => [y.year, y.source])).toEqual([[2025, 'built_in'], [2026, 'built_in'], [2027, 'loaded']]);
  });

  it('a new clock counts the loaded year, and loading it again moves nothing that is already right', async () => {
    expect((await newApproval('2026-12-18')).json()).toMatchObject({ legalDueOn: '2027-01-18', calendarProvisional: false });
    const again = await send(sysadmin, 'PUT', '/api/regulation/calendar/2027', FIXTURE_2027);
    expect(again.json()).toMatchObject({ recomputed: 0, moved: [] });
  });

  it('a clock stored while a load is in progress waits for it, so the load cannot miss it', async () => {
    // The load here is a transaction holding the calendar as a load does, replacing 2027 with one more holiday
    // (4 January) after a pause; the approval is created during the pause. On PostgreSQL, without the new clock
    // holding the calendar, the approval commits inside the pause on the old 2027 and keeps 18 January.
    const loaded = t.db.transaction(async (tx) => {
      await tx.query('LOCK TABLE reg_calendar_year IN SHARE ROW EXCLUSIVE MODE');
      await new Promise((resolve) => setTimeout(resolve, 400));
      await tx.query(`UPDATE reg_calendar_year SET holidays = holidays || '2027-01-04'::date WHERE year = 2027`);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const created = newApproval('2026-12-18');
    await loaded;
    expect((await created).json()).toMatchObject({ legalDueOn: '2027-01-19', calendarProvisional: false });
  });
});
