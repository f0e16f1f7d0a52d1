/**
 * One sheet as a typed table: a column list (key, Chinese header, English name, kind, limits) read from rows of
 * cells into records, with every bad cell recorded by row, column letter and header in zh and en rather than
 * stopping at the first, and written back the same way (enumerations in Chinese, as people type them). Used by the
 * sirens, population, zoning and teams exchanges.
 */
import type { Cell } from './read.ts';
import type { CellOut, SheetSpec } from './write.ts';

export type ColumnKind = 'text' | 'int' | 'number' | 'enum' | 'phone' | 'date' | 'bool';

export interface TableColumn {
  key: string;
  zh: string;
  en: string;
  kind: ColumnKind;
  required?: boolean;
  /** text: most characters; int/number: the largest value. */
  max?: number;
  /** int/number: the smallest value. */
  min?: number;
  /** int/number: `min` itself is not allowed (a distance of 0). */
  minExclusive?: boolean;
  /** text: a pattern the whole text must match, with what it means in zh and en. */
  pattern?: { re: RegExp; zh: string; en: string };
  options?: ReadonlyArray<{ code: string; zh: string }>;
}

export interface CellError {
  /** Where: `警报器!C5` (sheet, column letter, 1-based row as the spreadsheet shows it), or `警报器!5` for a row. */
  at: string;
  zh: string;
  en: string;
}

export type TableRecord = Record<string, string | number | boolean | null>;

export const columnLetter = (i: number): string =>
  i < 26 ? String.fromCharCode(65 + i) : `${columnLetter(Math.floor(i / 26) - 1)}${String.fromCharCode(65 + (i % 26))}`;
const norm = (h: Cell) => String(h ?? '').replace(/[\s*＊]/g, '');
const PHONE = /^[0-9+()\- ]{3,32}$/;
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const YES = ['是', 'true', 'TRUE', '1'];
const NO = ['否', 'false', 'FALSE', '0'];

/** The header a writer puts on a column: its Chinese name, `*` when required. */
export const columnHeader = (c: TableColumn): string => `${c.zh}${c.required ? '*' : ''}`;

/**
 * Reads one sheet's rows (header first; a template's 说明 row under it is skipped; blank rows are skipped) into
 * records by the header names (Chinese, English or key, spaces and `*` ignored). Every bad cell goes to `errors`.
 */
export function readTable(sheet: string, rows: Cell[][], columns: readonly TableColumn[], maxRows: number, errors: CellError[]): Array<{ row: number; rec: TableRecord }> {
  if (rows.length === 0) {
    errors.push({ at: sheet, zh: '文件为空，没有表头', en: 'the file is empty: there is no header row' });
    return [];
  }
  const header = (rows[0] ?? []).map(norm);
  const index = new Map<string, number>();
  for (const c of columns) {
    const i = header.findIndex((h) => h === c.zh || h.toLowerCase() === c.en.replace(/\s/g, '').toLowerCase() || h.toLowerCase() === c.key.toLowerCase());
    if (i >= 0) index.set(c.key, i);
    else if (c.required) errors.push({ at: `${sheet}!1`, zh: `缺少必填列「${c.zh}」`, en: `the required column "${c.zh}" (${c.en}) is missing` });
  }
  const dataRows = rows.length - 1;
  if (dataRows > maxRows) {
    errors.push({ at: sheet, zh: `行数 ${dataRows} 超过上限 ${maxRows}`, en: `${dataRows} rows, more than the ${maxRows} limit` });
    return [];
  }
  const out: Array<{ row: number; rec: TableRecord }> = [];
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r] ?? [];
    if (cells.every((c) => c === null || String(c).trim() === '')) continue;
    if (r === 1 && String(cells[0] ?? '').startsWith('说明')) continue;
    const rec: TableRecord = {};
    for (const c of columns) {
      const i = index.get(c.key);
      const raw = i === undefined ? null : cells[i] ?? null;
      const at = `${sheet}!${i === undefined ? '?' : columnLetter(i)}${r + 1}`;
      const text = raw === null ? '' : String(raw).trim();
      const bad = (zh: string, en: string) => errors.push({ at, zh: `「${c.zh}」${zh}`, en: `${c.en}: ${en}` });
      rec[c.key] = null;
      if (text === '') {
        if (c.required) bad('必填', 'required');
        continue;
      }
      switch (c.kind) {
        case 'text':
          if (c.max !== undefined && text.length > c.max) bad(`超过 ${c.max} 个字符`, `longer than ${c.max} characters`);
          else if (c.pattern && !c.pattern.re.test(text)) bad(`「${text}」${c.pattern.zh}`, `"${text}" ${c.pattern.en}`);
          rec[c.key] = text;
          break;
        case 'phone':
          if (!PHONE.test(text)) bad(`「${text}」不是电话号码`, `"${text}" is not a phone number`);
          rec[c.key] = text;
          break;
        case 'int':
        case 'number': {
          const n = typeof raw === 'number' ? raw : NUMBER.test(text) ? Number(text) : NaN;
          const range = (excl: string) => `${c.min ?? '-∞'}${c.minExclusive ? excl : ''}–${c.max ?? '∞'}`;
          const below = c.min !== undefined && (n < c.min || (c.minExclusive === true && n === c.min));
          if (!Number.isFinite(n)) bad(`「${text}」不是数字`, `"${text}" is not a number`);
          else if (c.kind === 'int' && !Number.isInteger(n)) bad(`「${text}」应为整数`, `"${text}" should be a whole number`);
          else if (below || (c.max !== undefined && n > c.max)) bad(`${text} 超出范围 ${range('（不含）')}`, `${text} is outside ${range(' (exclusive)')}`);
          rec[c.key] = n;
          break;
        }
        case 'date':
          // A calendar date as typed (YYYY-MM-DD) that exists: 2026-02-30 is refused, not rolled over to March.
          if (!DATE.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`)) || new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text) bad(`「${text}」应为日期 YYYY-MM-DD`, `"${text}" should be a date YYYY-MM-DD`);
          rec[c.key] = text;
          break;
        case 'bool':
          if (!YES.includes(text) && !NO.includes(text)) bad(`「${text}」应为 是 或 否`, `"${text}" should be 是 (yes) or 否 (no)`);
          rec[c.key] = YES.includes(text);
          break;
        case 'enum': {
          const o = c.options!.find((x) => x.code === text || x.zh === text);
          if (!o) bad(`「${text}」不是可选值（${c.options!.map((x) => x.zh).join('、')}）`, `"${text}" is not one of ${c.options!.map((x) => `${x.code} (${x.zh})`).join(', ')}`);
          rec[c.key] = o?.code ?? text;
          break;
        }
      }
    }
    out.push({ row: r + 1, rec });
  }
  return out;
}

/** Records → a sheet spec for `addSheet` or `csvBuffer`: Chinese headers, enumerations by their Chinese names. */
export function tableSheet(name: string, columns: readonly TableColumn[], records: ReadonlyArray<Record<string, CellOut | undefined>>, notes?: Record<string, string>): SheetSpec {
  const zhOf = (c: TableColumn, v: CellOut | undefined): CellOut => {
    if (c.kind === 'bool' && typeof v === 'boolean') return v ? '是' : '否';
    return c.kind === 'enum' && typeof v === 'string' ? c.options?.find((o) => o.code === v)?.zh ?? v : v ?? null;
  };
  return {
    name,
    columns: columns.map((c) => ({ header: columnHeader(c), key: c.key })),
    rows: records.map((r) => Object.fromEntries(columns.map((c) => [c.key, zhOf(c, r[c.key])]))),
    ...(notes ? { notes } : {}),
  };
}
