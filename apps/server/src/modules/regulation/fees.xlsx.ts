/**
 * The fees ledger as an XLSX workbook for finance: 台账 (one row per assessment with its balance), 明细 (every entry)
 * and 汇总 (totals by year and county). Each amount is given twice: in 元 as a number formatted with two decimals, for
 * sums in the spreadsheet, and in integer 分 as the ledger holds it, so the figures can be checked exactly.
 */
import { fenToYuan } from '@civdef/domain';
import type { Assessment, EntryRow, FeeTotals } from './fees.service.ts';

const KIND_ZH: Record<string, string> = { relocation_fee: '易地建设费', other: '其他收费' };
const ENTRY_ZH: Record<string, string> = { payment: '缴费', reduction: '减免', refund: '退费', arrears_notice: '追缴通知' };
/** 元 for a spreadsheet cell: the exact decimal text turned into a number once, at the edge. */
const yuan = (fen: number) => Number(fenToYuan(fen));
const MONEY = '#,##0.00';

export async function feesXlsx(ledger: { assessments: Assessment[]; entries: EntryRow[]; totals: FeeTotals[] }): Promise<Buffer> {
  // Loaded on first export: exceljs is heavy, and most processes never export.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'civdef';

  const sheet = (name: string, columns: Array<{ header: string; key: string; width: number; money?: boolean }>) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.money ? { numFmt: MONEY } : {} }));
    ws.getRow(1).font = { bold: true };
    return ws;
  };

  const ledger1 = sheet('台账', [
    { header: '编号', key: 'id', width: 8 }, { header: '区划代码', key: 'regionCode', width: 12 }, { header: '收费项目', key: 'kind', width: 12 },
    { header: '名称', key: 'title', width: 30 }, { header: '缴费人', key: 'payer', width: 28 }, { header: '审批案号', key: 'caseNo', width: 18 },
    { header: '核定日期', key: 'assessedOn', width: 12 }, { header: '缴费期限', key: 'dueOn', width: 12 },
    { header: '应收（元）', key: 'due', width: 16, money: true }, { header: '减免（元）', key: 'reduced', width: 16, money: true },
    { header: '实收（元）', key: 'paid', width: 16, money: true }, { header: '退费（元）', key: 'refunded', width: 14, money: true },
    { header: '欠缴（元）', key: 'outstanding', width: 16, money: true }, { header: '是否逾期欠缴', key: 'arrears', width: 12 },
    { header: '依据', key: 'basis', width: 50 },
    { header: '应收（分）', key: 'dueFen', width: 14 }, { header: '减免（分）', key: 'reducedFen', width: 14 }, { header: '实收（分）', key: 'paidFen', width: 14 },
    { header: '退费（分）', key: 'refundedFen', width: 14 }, { header: '欠缴（分）', key: 'outstandingFen', width: 14 },
  ]);
  for (const a of ledger.assessments) {
    const b = a.balance;
    ledger1.addRow({
      id: a.id, regionCode: a.regionCode, kind: KIND_ZH[a.kind] ?? a.kind, title: a.title, payer: a.payerName, caseNo: a.approvalCaseNo ?? '', assessedOn: a.assessedOn,
      dueOn: a.dueOn, due: yuan(b.dueFen), reduced: yuan(b.reducedFen), paid: yuan(b.paidFen), refunded: yuan(b.refundedFen), outstanding: yuan(b.outstandingFen),
      arrears: a.inArrears ? '是' : '否', basis: a.basis, dueFen: b.dueFen, reducedFen: b.reducedFen, paidFen: b.paidFen, refundedFen: b.refundedFen, outstandingFen: b.outstandingFen,
    });
  }

  const entries = sheet('明细', [
    { header: '台账编号', key: 'assessmentId', width: 10 }, { header: '类型', key: 'kind', width: 10 }, { header: '日期', key: 'onDate', width: 12 },
    { header: '金额（元）', key: 'amount', width: 16, money: true }, { header: '金额（分）', key: 'amountFen', width: 14 }, { header: '依据', key: 'basis', width: 40 },
    { header: '票据/文号', key: 'reference', width: 20 }, { header: '追缴期限', key: 'deadline', width: 12 }, { header: '经办人', key: 'createdBy', width: 14 },
  ]);
  for (const e of ledger.entries) {
    entries.addRow({
      assessmentId: e.assessmentId, kind: ENTRY_ZH[e.kind] ?? e.kind, onDate: e.onDate, amount: yuan(e.amountFen), amountFen: e.amountFen, basis: e.basis ?? '',
      reference: e.reference ?? '', deadline: e.deadline ?? '', createdBy: e.createdBy ?? '',
    });
  }

  const totals = sheet('汇总', [
    { header: '年度', key: 'year', width: 8 }, { header: '县（区）代码', key: 'countyCode', width: 12 }, { header: '笔数', key: 'assessments', width: 8 },
    { header: '减免笔数', key: 'reductions', width: 10 }, { header: '逾期欠缴笔数', key: 'inArrears', width: 12 },
    { header: '应收（元）', key: 'due', width: 16, money: true }, { header: '减免（元）', key: 'reduced', width: 16, money: true },
    { header: '实收（元）', key: 'paid', width: 16, money: true }, { header: '退费（元）', key: 'refunded', width: 14, money: true },
    { header: '欠缴（元）', key: 'outstanding', width: 16, money: true },
  ]);
  for (const t of ledger.totals) {
    totals.addRow({
      year: t.year, countyCode: t.countyCode, assessments: t.assessments, reductions: t.reductions, inArrears: t.inArrears, due: yuan(t.dueFen),
      reduced: yuan(t.reducedFen), paid: yuan(t.paidFen), refunded: yuan(t.refundedFen), outstanding: yuan(t.outstandingFen),
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
