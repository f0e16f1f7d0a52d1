/** XLSX reader: sheet 「工程」 (or the first sheet) and the optional 「防护单元」 sheet. */
import ExcelJS from 'exceljs';
import { UNIT_SHEET, WORK_SHEET, type Cell, type Crs, type ParseResult } from './columns.ts';
import { ImportFormatError, parseTable } from './tables.ts';
import { checkUnpacked } from './zip.ts';

function cellValue(v: ExcelJS.CellValue): Cell {
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

function sheetRows(ws: ExcelJS.Worksheet): Cell[][] {
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

export async function parseXlsx(data: Buffer, crs: Crs): Promise<ParseResult> {
  // Sizes, rows and cells are checked on the zip itself first: exceljs would spend gigabytes before any limit of ours.
  checkUnpacked(data);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new ImportFormatError('不是有效的 XLSX 文件 / not a valid XLSX file');
  }
  const works = wb.getWorksheet(WORK_SHEET) ?? wb.worksheets[0];
  if (!works) throw new ImportFormatError('工作簿中没有工作表 / the workbook has no sheet');
  const units = wb.getWorksheet(UNIT_SHEET);
  // The template's second row explains the columns: skip it when present.
  const rows = sheetRows(works);
  if (rows[1]?.[0] && String(rows[1][0]).startsWith('说明')) rows.splice(1, 1, []);
  return parseTable(rows, crs, units && units !== works ? sheetRows(units) : null, works.name);
}

