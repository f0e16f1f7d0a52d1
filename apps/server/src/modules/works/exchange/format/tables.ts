/** Sheet rows → works: header mapping, blank rows, the row limit; shared by the XLSX, CSV and GeoJSON readers. */
import { ImportFormatError } from '../../../../lib/xlsx/format-error.ts';
import type { UnitImport } from '../../registry/works.repository.ts';
import type { CellContext } from './cells.ts';
import {
  MAX_IMPORT_ROWS, ROW_UNIT_COLUMNS, UNIT_COLUMNS, UNIT_SHEET, WORK_COLUMNS, normHeader, unitKeyOf,
  type Cell, type Column, type Crs, type ParseResult, type ParsedWork, type RowError,
} from './columns.ts';
import { buildUnit, buildWork, type Record_ } from './rows.ts';
import { finish } from './validate.ts';
import { decodeCsv } from '../../../../lib/xlsx/csv.ts';

// Shared with every XLSX reader of the platform (lib/xlsx); re-exported so the works readers keep one import.
export { ImportFormatError };

/** Text of a CSV or GeoJSON file: UTF-8 (BOM or not), else GB18030 — the one decoder of lib/xlsx/csv.ts. */
export const decodeText = decodeCsv;

/** Maps header cells to column keys; unknown headers are ignored, missing required ones reported once. */
function mapHeaders(headers: Cell[], columns: readonly Column[], sheet: string, errors: RowError[]): Map<number, string> | null {
  const byName = new Map<string, string>();
  for (const c of columns) {
    byName.set(normHeader(c.zh), c.key);
    byName.set(c.key.toLowerCase(), c.key);
  }
  const index = new Map<number, string>();
  headers.forEach((h, i) => {
    const key = typeof h === 'string' || typeof h === 'number' ? byName.get(normHeader(String(h))) : undefined;
    if (key && ![...index.values()].includes(key)) index.set(i, key);
  });
  const present = new Set(index.values());
  const missing = columns.filter((c) => c.required && !present.has(c.key));
  for (const c of missing) errors.push({ row: 1, sheet, column: c.zh, zh: '缺少必需的列（请使用导入模板）', en: 'required column missing (use the template)' });
  return missing.length ? null : index;
}

export function recordsOf(rows: Cell[][], index: Map<number, string>): Record_[] {
  return rows.map((cells) => {
    const rec: Record_ = {};
    for (const [i, key] of index) rec[key] = cells[i];
    return rec;
  });
}

export const isBlank = (cells: Cell[]) => cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));

/** The unit a works row carries in its unit columns (CSV), if any of them is filled. */
function rowUnitRecord(rec: Record_): Record_ | null {
  const out: Record_ = { code: rec.code };
  let any = false;
  for (const c of ROW_UNIT_COLUMNS) {
    const value = rec[c.key];
    if (value !== undefined) out[unitKeyOf(c.key)] = value;
    if (value !== null && value !== undefined && !(typeof value === 'string' && value.trim() === '')) any = true;
  }
  return any ? out : null;
}

/** A further unit of the work above: same 工程编号, every work column but the code empty. */
function isUnitOnlyRow(rec: Record_): boolean {
  return WORK_COLUMNS.every((c) => c.key === 'code' || rec[c.key] === undefined || rec[c.key] === null || (typeof rec[c.key] === 'string' && String(rec[c.key]).trim() === ''));
}

export function parseTable(rows: Cell[][], crs: Crs, unitRows: Cell[][] | null, sheet: string): ParseResult {
  const errors: RowError[] = [];
  const header = rows[0] ?? [];
  const index = mapHeaders(header, [...WORK_COLUMNS, ...ROW_UNIT_COLUMNS], sheet, errors);
  if (!index) return { works: [], rejected: [], errors, totalRows: Math.max(0, rows.length - 1), sheet };
  const data = rows.slice(1);
  if (data.length > MAX_IMPORT_ROWS) {
    errors.push({ row: MAX_IMPORT_ROWS + 2, sheet, column: '', zh: `行数超过上限 ${MAX_IMPORT_ROWS}`, en: `more than ${MAX_IMPORT_ROWS} rows` });
    return { works: [], rejected: [], errors, totalRows: data.length, sheet };
  }
  const works: Array<{ parsed: ParsedWork; ok: boolean }> = [];
  const unitsByCode = new Map<string, Array<{ row: number; unit: UnitImport }>>();
  const addUnit = (ctx: CellContext, rec: Record_) => {
    const u = buildUnit(ctx, rec);
    if (!u) return;
    const list = unitsByCode.get(u.code) ?? [];
    list.push({ row: ctx.row, unit: u.unit });
    unitsByCode.set(u.code, list);
  };
  const codes = new Set<string>();
  let total = 0;
  recordsOf(data, index).forEach((rec, i) => {
    if (isBlank(data[i]!)) return;
    const ctx = { row: i + 2, sheet, errors };
    const unit = rowUnitRecord(rec);
    const code = typeof rec.code === 'string' ? rec.code.trim() : rec.code;
    if (unit && typeof code === 'string' && codes.has(code) && isUnitOnlyRow(rec)) {
      addUnit(ctx, unit);
      return;
    }
    total += 1;
    const w = buildWork(ctx, rec, crs);
    works.push(w);
    if (typeof code === 'string') codes.add(code);
    if (unit) addUnit(ctx, unit);
  });
  if (unitRows && unitRows.length > 1) {
    const uIndex = mapHeaders(unitRows[0]!, UNIT_COLUMNS, UNIT_SHEET, errors);
    if (uIndex) {
      recordsOf(unitRows.slice(1), uIndex).forEach((rec, i) => {
        if (isBlank(unitRows[i + 1]!)) return;
        addUnit({ row: i + 2, sheet: UNIT_SHEET, errors }, rec);
      });
    }
  }
  // Units listed on the works rows report against those rows.
  return finish(works, unitsByCode, errors, total, sheet, unitRows && unitRows.length > 1 ? UNIT_SHEET : sheet);
}
