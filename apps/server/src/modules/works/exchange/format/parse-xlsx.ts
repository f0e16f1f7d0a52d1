/** XLSX reader: sheet 「工程」 (or the first sheet) and the optional 「防护单元」 sheet. */
import { loadWorkbook, sheetRows } from '../../../../lib/xlsx/read.ts';
import { UNIT_SHEET, WORK_SHEET, type Crs, type ParseResult } from './columns.ts';
import { ImportFormatError, parseTable } from './tables.ts';

export async function parseXlsx(data: Buffer, crs: Crs): Promise<ParseResult> {
  const wb = await loadWorkbook(data);
  const works = wb.getWorksheet(WORK_SHEET) ?? wb.worksheets[0];
  if (!works) throw new ImportFormatError('工作簿中没有工作表 / the workbook has no sheet');
  const units = wb.getWorksheet(UNIT_SHEET);
  // The template's second row explains the columns: skip it when present.
  const rows = sheetRows(works);
  if (rows[1]?.[0] && String(rows[1][0]).startsWith('说明')) rows.splice(1, 1, []);
  return parseTable(rows, crs, units && units !== works ? sheetRows(units) : null, works.name);
}
