/**
 * What the fees ledger and the maintenance fund share when they go to finance as XLSX: every amount twice — in 元 as a
 * number formatted with two decimals (for sums in the spreadsheet) and in integer 分 as the ledger holds it (so the
 * figures can be checked exactly) — on the platform's sheets (bold frozen header, one row per record).
 */
import { fenToYuan } from '@civdef/domain';
import { addSheet, newWorkbook, workbookBuffer, type SheetSpec } from '../../lib/xlsx/write.ts';

/** 元 for a spreadsheet cell: the exact decimal text turned into a number once, at the edge. */
export const yuan = (fen: number) => Number(fenToYuan(fen));

const MONEY = '#,##0.00';

/** A column of 元 with the money format. */
export const yuanColumn = (header: string, key: string, width: number) => ({ header, key, width, numFmt: MONEY });

/** The workbook of the sheets, in order, as a buffer (exceljs is loaded on first export: most processes never export). */
export async function ledgerXlsx(sheets: readonly SheetSpec[]): Promise<Buffer> {
  const wb = await newWorkbook();
  for (const s of sheets) addSheet(wb, s);
  return workbookBuffer(wb);
}
