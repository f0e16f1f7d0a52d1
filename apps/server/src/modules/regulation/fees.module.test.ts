/**
 * The fees ledger through HTTP on a real database: a 易地建设费 computed from the planning rule in force, a reduction
 * citing the rule's 下浮, a payment, a refund after a late reduction, an arrears notice on an overdue fee, the totals
 * by year and county, and the XLSX export whose figures add up to the same totals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, type Session, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let officer: Session;
beforeAll(async () => {
  t = await createTestApp();
  officer = (await givenSession(t, { roles: ['enforcement_officer'], regionCode: FIXTURE.countyA })).session;
});
afterAll(() => t.close());

const post = (url: string, payload: object) => call(t.app, officer, { method: 'POST', url, payload, headers: { 'accept-language': 'en' } });
const book = (id: number, entry: object) => post(`/api/regulation/fees/${id}/entries`, entry);

describe('the fees ledger', () => {
  it('computes a 易地建设费 from the planning rule, and books a reduction, a payment and a refund within the balance', async () => {
    // The example rule of 320600 (南通): 2 000 元/m²; 120 m² not built → 240 000 元.
    const made = await post('/api/regulation/fees', {
      kind: 'relocation_fee', title: '某住宅小区易地建设费', regionCode: FIXTURE.townA, payerName: '合成置业有限公司', assessedOn: '2026-03-02', dueOn: '2026-04-01', shortfallM2: 120,
    });
    expect(made.statusCode, made.body).toBe(201);
    const fee = made.json();
    expect(fee).toMatchObject({ balance: { dueFen: 24_000_000, outstandingFen: 24_000_000 }, computation: { ruleId: 'example-local-rate', rateYuanPerM2: 2000 } });
    expect(fee.basis).toContain('2000 元/m²');

    const reduced = await book(fee.id, { kind: 'reduction', onDate: '2026-03-05', reductionCode: 'small_business', reference: '减免决定 2026-1' });
    expect(reduced.statusCode, reduced.body).toBe(200);
    expect(reduced.json().entries[0]).toMatchObject({ kind: 'reduction', amountFen: 12_000_000, basis: expect.stringContaining('小微企业') });
    const over = await book(fee.id, { kind: 'payment', onDate: '2026-03-06', amountFen: 12_000_001 });
    expect([over.statusCode, over.json().code, over.json().message]).toEqual([400, 'REGULATION_FEE_AMOUNT', expect.stringContaining('120000.00')]);
    expect((await book(fee.id, { kind: 'payment', onDate: '2026-03-06', amountFen: 12_000_000, reference: '缴款书 0001' })).statusCode).toBe(200);
    expect((await book(fee.id, { kind: 'reduction', onDate: '2026-03-10', amountFen: 1_000_000 })).json().code).toBe('REGULATION_FEE_BASIS_REQUIRED');
    await book(fee.id, { kind: 'reduction', onDate: '2026-03-10', amountFen: 1_000_000, basis: '复核后核减面积 5 m²' });
    const refund = await book(fee.id, { kind: 'refund', onDate: '2026-03-12', amountFen: 1_000_000, basis: '核减后多缴部分退还' });
    expect(refund.json().balance).toEqual({ dueFen: 24_000_000, reducedFen: 13_000_000, paidFen: 12_000_000, refundedFen: 1_000_000, outstandingFen: 0 });
    expect(refund.json().inArrears).toBe(false);
    expect((await book(fee.id, { kind: 'arrears_notice', onDate: '2026-05-01', deadline: '2026-05-31' })).json().code).toBe('REGULATION_FEE_AMOUNT');
  });

  it('sends an arrears notice for what an overdue fee owes, and totals and exports the year', async () => {
    const made = (await post('/api/regulation/fees', {
      kind: 'other', title: '人防工程维护管理费', regionCode: FIXTURE.townA, payerName: '合成物业公司', assessedOn: '2026-01-05', dueOn: '2026-02-05',
      dueFen: 500_050, basis: '维护管理协议第 3 条',
    })).json();
    expect(made.inArrears).toBe(true);
    const noticed = await book(made.id, { kind: 'arrears_notice', onDate: '2026-03-01', deadline: '2026-03-31', reference: '追缴通知 2026-7' });
    expect(noticed.statusCode, noticed.body).toBe(200);
    expect(noticed.json()).toMatchObject({ lastNoticeDeadline: '2026-03-31', entries: [{ kind: 'arrears_notice', amountFen: 500_050 }] });
    const noRate = await post('/api/regulation/fees', { kind: 'relocation_fee', title: 'x', regionCode: FIXTURE.townA, payerName: 'y', assessedOn: '2010-01-01', dueOn: '2010-02-01', shortfallM2: 1 });
    expect([noRate.json().code, noRate.json().message]).toEqual(['REGULATION_FEE_COMPUTE', expect.stringContaining('no 易地建设费 rate')]);

    const list = (await call(t.app, officer, { method: 'GET', url: '/api/regulation/fees?year=2026' })).json();
    const totals = list.totals.find((x: { countyCode: string }) => x.countyCode === FIXTURE.countyA);
    const sum = (k: 'dueFen' | 'reducedFen' | 'paidFen' | 'refundedFen' | 'outstandingFen') => list.items.reduce((a: number, i: { balance: Record<string, number> }) => a + i.balance[k]!, 0);
    expect(totals).toMatchObject({ year: 2026, assessments: list.items.length, dueFen: sum('dueFen'), reducedFen: sum('reducedFen'), outstandingFen: sum('outstandingFen') });
    expect(totals.outstandingFen).toBe(totals.dueFen - totals.reducedFen - totals.paidFen + totals.refundedFen);
    expect(totals.inArrears).toBeGreaterThanOrEqual(1);

    const xlsx = await call(t.app, officer, { method: 'GET', url: '/api/regulation/fees/export.xlsx?year=2026' });
    expect(xlsx.statusCode).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('台账')!;
    const header = (sheet.getRow(1).values as unknown[]).indexOf('欠缴（分）');
    let outstanding = 0;
    sheet.eachRow((row, n) => { if (n > 1) outstanding += Number(row.getCell(header).value); });
    expect(outstanding).toBe(totals.outstandingFen);
    expect(wb.getWorksheet('明细')!.rowCount - 1).toBeGreaterThanOrEqual(5);
  });

  it('keeps the ledger append-only in the database', async () => {
    await expect(t.db.query(`UPDATE reg_fee_entry SET amount_fen = 1`)).rejects.toThrow(/append-only/);
  });
});

describe('the maintenance fund', () => {
  it('books income and spending in whole 分, totals them by year and county, and exports them for finance', async () => {
    const book = (body: object) => call(t.app, officer, { method: 'POST', url: '/api/regulation/fund', payload: body, headers: { 'accept-language': 'en' } });
    const income = await book({ regionCode: FIXTURE.townA, category: 'fee_share', amountFen: 12_345_678_91, onDate: '2026-03-02', counterparty: '市财政局', basis: '易地建设费 30% 划转' });
    expect(income.statusCode, income.body).toBe(201);
    expect(income.json()).toMatchObject({ direction: 'income', amountFen: 12_345_678_91, category: 'fee_share' });
    const spent = await book({ regionCode: FIXTURE.countyA, category: 'repair', amountFen: 4_500_000_01, onDate: '2026-06-30', counterparty: '南通某防护设备有限公司', basis: '防护密闭门维修合同', reference: 'HT-2026-17', workId: 1 });
    expect(spent.statusCode, spent.body).toBe(201);
    expect(spent.json()).toMatchObject({ direction: 'spending', workCode: expect.any(String) });
    expect((await book({ regionCode: FIXTURE.townA, category: 'repair', amountFen: 0, onDate: '2026-06-30', counterparty: 'x', basis: 'y' })).json().code).toBe('VALIDATION_FAILED');
    expect((await book({ regionCode: FIXTURE.townA, category: 'repair', amountFen: 1, onDate: '2026-06-30', counterparty: 'x', basis: 'y', workId: 999_999 })).json().code)
      .toBe('REGULATION_WORK_UNKNOWN');
    expect((await book({ regionCode: FIXTURE.townB, category: 'repair', amountFen: 1, onDate: '2026-06-30', counterparty: 'x', basis: 'y' })).statusCode).toBe(403);

    const list = (await call(t.app, officer, { method: 'GET', url: '/api/regulation/fund?year=2026' })).json();
    expect(list.totals).toEqual([{ year: 2026, countyCode: '320613', entries: 2, incomeFen: 12_345_678_91, spendingFen: 4_500_000_01, balanceFen: 7_845_678_90 }]);
    const file = await call(t.app, officer, { method: 'GET', url: '/api/regulation/fund/export.xlsx?year=2026' });
    expect(file.statusCode).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const totals = wb.getWorksheet('汇总')!;
    expect(totals.getRow(2).values).toEqual([undefined, 2026, '320613', 2, 12345678.91, 4500000.01, 7845678.9, 12_345_678_91, 4_500_000_01, 7_845_678_90]);
    expect(wb.getWorksheet('收支明细')!.rowCount).toBe(3);
  });
});
