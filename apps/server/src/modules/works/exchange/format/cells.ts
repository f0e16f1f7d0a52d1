/** Reading one cell by its column rule, and coordinate conversion to WGS84. Pure. */
import type { Labelled } from '@civdef/domain';
import gcoordModule from 'gcoord';
import { ALIASES, type Cell, type Column, type Crs, type RowError } from './columns.ts';

// gcoord is CommonJS: at run time the default import is the API itself, while its typings describe a namespace.
const gcoord = gcoordModule as unknown as typeof gcoordModule.default;

function optionLookup(options: readonly Labelled<string>[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const o of options) {
    for (const k of [o.code, o.zh, o.en, o.zh.replace(/级$/, ''), o.zh.replace(/（.*）$/, '')]) m.set(k.toLowerCase(), o.code);
  }
  for (const [alias, code] of Object.entries(ALIASES)) if (options.some((o) => o.code === code)) m.set(alias.toLowerCase(), code);
  return m;
}

const lookups = new Map<Column, Map<string, string>>();
function lookupOf(col: Column): Map<string, string> {
  let m = lookups.get(col);
  if (!m) lookups.set(col, (m = optionLookup(col.options ?? [])));
  return m;
}

export interface CellContext {
  row: number;
  sheet: string;
  errors: RowError[];
}

export function err(ctx: CellContext, column: string, value: Cell | undefined, zh: string, en: string): void {
  ctx.errors.push({ row: ctx.row, sheet: ctx.sheet, column, ...(value !== undefined && value !== null ? { value: String(value).slice(0, 100) } : {}), zh, en });
}

export /** Reads one cell by its column rule; records an error and returns undefined when it breaks the rule. */
function readCell(ctx: CellContext, col: Column, raw: Cell | undefined): string | number | boolean | null | undefined {
  const text = raw === null || raw === undefined ? '' : typeof raw === 'string' ? raw.trim() : raw;
  if (text === '') {
    if (col.required) err(ctx, col.zh, null, '必填', 'required');
    return col.required ? undefined : null;
  }
  if (typeof text === 'string' && text.includes('\u0000')) {
    err(ctx, col.zh, text.replace(/\u0000/g, ''), '含有不允许的字符 NUL', 'contains a NUL character');
    return undefined;
  }
  switch (col.kind) {
    case 'text': {
      const s = String(text);
      if (col.max && s.length > col.max) {
        err(ctx, col.zh, s, `长度不能超过 ${col.max}`, `at most ${col.max} characters`);
        return undefined;
      }
      return s;
    }
    case 'number':
    case 'int': {
      const n = typeof text === 'number' ? text : typeof text === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.replace(/,/g, '')) ? Number(text.replace(/,/g, '')) : NaN;
      if (!Number.isFinite(n)) {
        err(ctx, col.zh, text, '应为数字', 'must be a number');
        return undefined;
      }
      if (col.kind === 'int' && !Number.isInteger(n)) {
        err(ctx, col.zh, text, '应为整数', 'must be an integer');
        return undefined;
      }
      if ((col.min !== undefined && n < col.min) || (col.max !== undefined && n > col.max)) {
        err(ctx, col.zh, text, `应在 ${col.min ?? '-∞'} 到 ${col.max ?? '∞'} 之间`, `must be between ${col.min ?? '-∞'} and ${col.max ?? '∞'}`);
        return undefined;
      }
      return n;
    }
    case 'bool': {
      if (typeof text === 'boolean') return text;
      const s = String(text).toLowerCase();
      if (['是', 'y', 'yes', 'true', '1', '公开'].includes(s)) return true;
      if (['否', 'n', 'no', 'false', '0', '不公开'].includes(s)) return false;
      err(ctx, col.zh, text, '应为 是 或 否', 'must be 是 (yes) or 否 (no)');
      return undefined;
    }
    case 'enum': {
      const code = lookupOf(col).get(String(text).toLowerCase());
      if (!code) {
        const allowed = (col.options ?? []).slice(0, 12).map((o) => o.zh).join('、');
        err(ctx, col.zh, text, `取值无效，应为：${allowed}${(col.options?.length ?? 0) > 12 ? '…' : ''}`, `not a valid value; expected one of ${(col.options ?? []).slice(0, 12).map((o) => o.code).join(', ')}`);
        return undefined;
      }
      return code;
    }
  }
}

export function toWgs84(lng: number, lat: number, crs: Crs): [number, number] {
  if (crs === 'gcj02' || crs === 'bd09') {
    const [x, y] = gcoord.transform([lng, lat], crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09, gcoord.WGS84) as [number, number];
    return [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7];
  }
  return [lng, lat];
}

