/**
 * The maintenance fund as an XLSX workbook for finance: 收支明细 (every entry) and 汇总 (income, spending and balance by
 * year and county). Amounts in 元 (a number with two decimals, for sums) and in integer 分 as the ledger holds them.
 */
import { FUND_CATEGORIES, fenToYuan, type FundCategory } from '@civdef/domain';
import type { FundEntryRow, FundTotals } from './fund.service.ts';

const yuan = (fen: number) => Number(fenToYuan(fen));
const MONEY = '#,##0.00';

export async function fundXlsx(ledger: { entries: FundEntryRow[]; totals: FundTotals[] }): Promise<Buffer> {
  // Loaded on first export, as in the fees ledger: exceljs is heavy.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'civdef';
  const sheet = (name: string, columns: Array<{ header: string; key: string; width: number; money?: boolean }>) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.money ? { numFmt: MONEY } : {} }));
    ws.getRow(1).font = { bold: true };
    return ws;
  };
  const entries = sheet('收支明细', [
    { header: '编号', key: 'id', width: 8 }, { header: '日期', key: 'onDate', width: 12 }, { header: '区划代码', key: 'regionCode', width: 12 },
    { header: '收支', key: 'direction', width: 8 }, { header: '类别', key: 'category', width: 16 }, { header: '金额（元）', key: 'amount', width: 16, money: true },
    { header: '金额（分）', key: 'amountFen', width: 14 }, { header: '对方单位', key: 'counterparty', width: 28 }, { header: '依据', key: 'basis', width: 40 },
    { header: '票据/文号', key: 'reference', width: 20 }, { header: '工程编号', key: 'workCode', width: 16 }, { header: '经办人', key: 'createdBy', width: 14 },
  ]);
  for (const e of ledger.entries) {
    entries.addRow({
      id: e.id, onDate: e.onDate, regionCode: e.regionCode, direction: e.direction === 'income' ? '收入' : '支出',
      category: FUND_CATEGORIES[e.category as FundCategory]?.zh ?? e.category, amount: yuan(e.amountFen), amountFen: e.amountFen, counterparty: e.counterparty,
      basis: e.basis, reference: e.reference ?? '', workCode: e.workCode ?? '', createdBy: e.createdBy ?? '',
    });
  }
  const totals = sheet('汇总', [
    { header: '年度', key: 'year', width: 8 }, { header: '县（区）代码', key: 'countyCode', width: 12 }, { header: '笔数', key: 'entries', width: 8 },
    { header: '收入（元）', key: 'income', width: 16, money: true }, { header: '支出（元）', key: 'spending', width: 16, money: true },
    { header: '结余（元）', key: 'balance', width: 16, money: true }, { header: '收入（分）', key: 'incomeFen', width: 14 },
    { header: '支出（分）', key: 'spendingFen', width: 14 }, { header: '结余（分）', key: 'balanceFen', width: 14 },
  ]);
  for (const t of ledger.totals) {
    totals.addRow({
      year: t.year, countyCode: t.countyCode, entries: t.entries, income: yuan(t.incomeFen), spending: yuan(t.spendingFen), balance: yuan(t.balanceFen),
      incomeFen: t.incomeFen, spendingFen: t.spendingFen, balanceFen: t.balanceFen,
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
