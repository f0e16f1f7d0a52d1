/** Test helpers for the teams workbook: load one, and give every team code a prefix (the 队伍编号 columns too). */
import type ExcelJS from 'exceljs';
import { loadWorkbook as load } from '../../lib/xlsx/read.ts';
import { workbookBuffer } from '../../lib/xlsx/write.ts';

export const loadWorkbook = (data: Buffer) => load(data);

export async function renamed(wb: ExcelJS.Workbook, prefix: string): Promise<Buffer> {
  for (const ws of wb.worksheets) {
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const cell = row.getCell(1);
      if (typeof cell.value === 'string') cell.value = `${prefix}${cell.value}`;
    });
  }
  return workbookBuffer(wb);
}
