/**
 * The fees ledger as an XLSX workbook for finance: 台账 (one row per assessment with its balance), 明细 (every entry)
 * and 汇总 (totals by year and county). Each amount in 元 and in 分 (ledger.xlsx.ts says why).
 */
import { ledgerXlsx, yuan, yuanColumn } from './ledger.xlsx.ts';
import type { Assessment, EntryRow, FeeTotals } from './fees.service.ts';

const KIND_ZH: Record<string, string> = { relocation_fee: '易地建设费', other: '其他收费' };
const ENTRY_ZH: Record<string, string> = { payment: '缴费', reduction: '减免', refund: '退费', arrears_notice: '追缴通知' };

export const feesXlsx = (ledger: { assessments: Assessment[]; entries: EntryRow[]; totals: FeeTotals[] }): Promise<Buffer> => ledgerXlsx([
  {
    name: '台账',
    columns: [
      { header: '编号', key: 'id', width: 8 }, { header: '区划代码', key: 'regionCode', width: 12 }, { header: '收费项目', key: 'kind', width: 12 },
      { header: '名称', key: 'title', width: 30 }, { header: '缴费人', key: 'payer', width: 28 }, { header: '审批案号', key: 'caseNo', width: 18 },
      { header: '核定日期', key: 'assessedOn', width: 12 }, { header: '缴费期限', key: 'dueOn', width: 12 },
      yuanColumn('应收（元）', 'due', 16), yuanColumn('减免（元）', 'reduced', 16), yuanColumn('实收（元）', 'paid', 16), yuanColumn('退费（元）', 'refunded', 14),
      yuanColumn('欠缴（元）', 'outstanding', 16), { header: '是否逾期欠缴', key: 'arrears', width: 12 },
      { header: '依据', key: 'basis', width: 50 },
      { header: '应收（分）', key: 'dueFen', width: 14 }, { header: '减免（分）', key: 'reducedFen', width: 14 }, { header: '实收（分）', key: 'paidFen', width: 14 },
      { header: '退费（分）', key: 'refundedFen', width: 14 }, { header: '欠缴（分）', key: 'outstandingFen', width: 14 },
    ],
    rows: ledger.assessments.map((a) => {
      const b = a.balance;
      return {
        id: a.id, regionCode: a.regionCode, kind: KIND_ZH[a.kind] ?? a.kind, title: a.title, payer: a.payerName, caseNo: a.approvalCaseNo ?? '', assessedOn: a.assessedOn,
        dueOn: a.dueOn, due: yuan(b.dueFen), reduced: yuan(b.reducedFen), paid: yuan(b.paidFen), refunded: yuan(b.refundedFen), outstanding: yuan(b.outstandingFen),
        arrears: a.inArrears ? '是' : '否', basis: a.basis, dueFen: b.dueFen, reducedFen: b.reducedFen, paidFen: b.paidFen, refundedFen: b.refundedFen, outstandingFen: b.outstandingFen,
      };
    }),
  },
  {
    name: '明细',
    columns: [
      { header: '台账编号', key: 'assessmentId', width: 10 }, { header: '类型', key: 'kind', width: 10 }, { header: '日期', key: 'onDate', width: 12 },
      yuanColumn('金额（元）', 'amount', 16), { header: '金额（分）', key: 'amountFen', width: 14 }, { header: '依据', key: 'basis', width: 40 },
      { header: '票据/文号', key: 'reference', width: 20 }, { header: '追缴期限', key: 'deadline', width: 12 }, { header: '经办人', key: 'createdBy', width: 14 },
    ],
    rows: ledger.entries.map((e) => ({
      assessmentId: e.assessmentId, kind: ENTRY_ZH[e.kind] ?? e.kind, onDate: e.onDate, amount: yuan(e.amountFen), amountFen: e.amountFen, basis: e.basis ?? '',
      reference: e.reference ?? '', deadline: e.deadline ?? '', createdBy: e.createdBy ?? '',
    })),
  },
  {
    name: '汇总',
    columns: [
      { header: '年度', key: 'year', width: 8 }, { header: '县（区）代码', key: 'countyCode', width: 12 }, { header: '笔数', key: 'assessments', width: 8 },
      { header: '减免笔数', key: 'reductions', width: 10 }, { header: '逾期欠缴笔数', key: 'inArrears', width: 12 },
      yuanColumn('应收（元）', 'due', 16), yuanColumn('减免（元）', 'reduced', 16), yuanColumn('实收（元）', 'paid', 16), yuanColumn('退费（元）', 'refunded', 14),
      yuanColumn('欠缴（元）', 'outstanding', 16),
    ],
    rows: ledger.totals.map((t) => ({
      year: t.year, countyCode: t.countyCode, assessments: t.assessments, reductions: t.reductions, inArrears: t.inArrears, due: yuan(t.dueFen),
      reduced: yuan(t.reducedFen), paid: yuan(t.paidFen), refunded: yuan(t.refundedFen), outstanding: yuan(t.outstandingFen),
    })),
  },
]);
