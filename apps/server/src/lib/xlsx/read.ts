/**
 * Reading XLSX workbooks for every import of the platform (works, teams): the zip is checked for bombs and limits
 * before exceljs builds anything (zip-guard.ts), then each sheet becomes rows of plain cells.
 */
import ExcelJS from 'exceljs';
import { ImportFormatError } from './format-error.ts';
import { checkUnpacked } from './zip-guard.ts';

export type Cell = string | number | boolean | null;

/** One cell as text, number or boolean: dates as YYYY-MM-DD, rich text joined, formulas as their cached result. */
export function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellValue(v.result as ExcelJS.CellValue);
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('error' in v) return null;
  }
  return String(v as unknown);
}

/** A worksheet's rows (1-based rows become 0-based; missing rows are empty), at most 200 columns wide. */
export function sheetRows(ws: ExcelJS.Worksheet): Cell[][] {
  const rows: Cell[][] = [];
  const width = Math.min(ws.columnCount, 200);
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: Cell[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellValue(row.getCell(c).value));
    rows[n - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

/** Loads a workbook after the zip checks; `ImportFormatError` for anything that is not a readable XLSX. */
export async function loadWorkbook(data: Buffer): Promise<ExcelJS.Workbook> {
  // Sizes, rows and cells are checked on the zip itself first: exceljs would spend gigabytes before any limit of ours.
  checkUnpacked(data);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new ImportFormatError('不是有效的 XLSX 文件 / not a valid XLSX file');
  }
  return wb;
}
