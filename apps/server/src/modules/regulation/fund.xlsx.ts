/**
 * The maintenance fund as an XLSX workbook for finance: 收支明细 (every entry) and 汇总 (income, spending and balance by
 * year and county). Amounts in 元 and in 分, as in the fees ledger (ledger.xlsx.ts).
 */
import { FUND_CATEGORIES, type FundCategory } from '@civdef/domain';
import { ledgerXlsx, yuan, yuanColumn } from './ledger.xlsx.ts';
import type { FundEntryRow, FundTotals } from './fund.service.ts';

export const fundXlsx = (ledger: { entries: FundEntryRow[]; totals: FundTotals[] }): Promise<Buffer> => ledgerXlsx([
  {
    name: '收支明细',
    columns: [
      { header: '编号', key: 'id', width: 8 }, { header: '日期', key: 'onDate', width: 12 }, { header: '区划代码', key: 'regionCode', width: 12 },
      { header: '收支', key: 'direction', width: 8 }, { header: '类别', key: 'category', width: 16 }, yuanColumn('金额（元）', 'amount', 16),
      { header: '金额（分）', key: 'amountFen', width: 14 }, { header: '对方单位', key: 'counterparty', width: 28 }, { header: '依据', key: 'basis', width: 40 },
      { header: '票据/文号', key: 'reference', width: 20 }, { header: '工程编号', key: 'workCode', width: 16 }, { header: '经办人', key: 'createdBy', width: 14 },
    ],
    rows: ledger.entries.map((e) => ({
      id: e.id, onDate: e.onDate, regionCode: e.regionCode, direction: e.direction === 'income' ? '收入' : '支出',
      category: FUND_CATEGORIES[e.category as FundCategory]?.zh ?? e.category, amount: yuan(e.amountFen), amountFen: e.amountFen, counterparty: e.counterparty,
      basis: e.basis, reference: e.reference ?? '', workCode: e.workCode ?? '', createdBy: e.createdBy ?? '',
    })),
  },
  {
    name: '汇总',
    columns: [
      { header: '年度', key: 'year', width: 8 }, { header: '县（区）代码', key: 'countyCode', width: 12 }, { header: '笔数', key: 'entries', width: 8 },
      yuanColumn('收入（元）', 'income', 16), yuanColumn('支出（元）', 'spending', 16), yuanColumn('结余（元）', 'balance', 16),
      { header: '收入（分）', key: 'incomeFen', width: 14 }, { header: '支出（分）', key: 'spendingFen', width: 14 }, { header: '结余（分）', key: 'balanceFen', width: 14 },
    ],
    rows: ledger.totals.map((t) => ({
      year: t.year, countyCode: t.countyCode, entries: t.entries, income: yuan(t.incomeFen), spending: yuan(t.spendingFen), balance: yuan(t.balanceFen),
      incomeFen: t.incomeFen, spendingFen: t.spendingFen, balanceFen: t.balanceFen,
    })),
  },
]);
