/**
 * Writing XLSX workbooks for every export of the platform (works, teams): one sheet per table, a bold frozen header,
 * optionally an italic 说明 row under it (templates), then the rows by column key.
 */
import type ExcelJS from 'exceljs';

export type CellOut = string | number | boolean | null;

export interface SheetSpec {
  name: string;
  /** numFmt: the column's number format (e.g. '#,##0.00' for money), for sums in the spreadsheet. */
  columns: ReadonlyArray<{ header: string; key: string; width?: number; numFmt?: string }>;
  rows: ReadonlyArray<Record<string, CellOut | undefined>>;
  /** An explanation per column key, written as the second row (a template's 说明 row; readers skip it). */
  notes?: Record<string, string>;
}

/** A new workbook; exceljs is loaded on first use, not at start-up (it is the heaviest module the server loads, ~0.5 s). */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'civdef';
  return wb;
}

export function addSheet(wb: ExcelJS.Workbook, spec: SheetSpec): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: spec.notes ? 2 : 1 }] });
  ws.columns = spec.columns.map((c) => ({
    header: c.header, key: c.key, width: c.width ?? Math.max(10, c.header.length * 2 + 4), ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}),
  }));
  ws.getRow(1).font = { bold: true };
  if (spec.notes) {
    ws.addRow(spec.notes);
    ws.getRow(2).font = { italic: true, color: { argb: 'FF888888' } };
    ws.getRow(2).alignment = { wrapText: true, vertical: 'top' };
  }
  for (const r of spec.rows) ws.addRow(r);
  return ws;
}

export async function workbookBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}
