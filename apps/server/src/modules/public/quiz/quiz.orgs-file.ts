/**
 * The quiz organisation list (学校和社区名单) as a file: one sheet, a row per school or community — district or
 * town code, kind, name, whether it is offered to the public. Read with the platform's table reader (every bad cell
 * named by row and column, in zh and en) and written back in the same columns, so an export imports back unchanged.
 */
import { QUIZ_ORG_KINDS } from '@civdef/domain';
import type { Cell } from '../../../lib/xlsx/read.ts';
import { readTable, tableSheet, type CellError, type TableColumn } from '../../../lib/xlsx/table.ts';
import type { SheetSpec } from '../../../lib/xlsx/write.ts';

export type { CellError };

export const ORG_SHEET = '学校和社区';
/** A city lists some thousands; beyond this a file is a mistake. */
export const MAX_ORG_ROWS = 20_000;

export const ORG_FILE_COLUMNS: readonly TableColumn[] = [
  {
    key: 'regionCode', zh: '区划代码', en: 'Region code', kind: 'text', required: true,
    pattern: { re: /^[0-9]{6}([0-9]{3})?$/, zh: '应为 6 位区县或 9 位街道（乡镇）代码', en: 'should be a 6-digit district or 9-digit town-level code' },
  },
  { key: 'kind', zh: '类别', en: 'Kind', kind: 'enum', required: true, options: QUIZ_ORG_KINDS.map((k) => ({ code: k.code, zh: k.zh })) },
  { key: 'name', zh: '名称', en: 'Name', kind: 'text', required: true, max: 64 },
  { key: 'active', zh: '在用', en: 'Active', kind: 'bool' },
];

export interface OrgRecord {
  /** Where the row is: `学校和社区!5`. */
  at: string;
  regionCode: string;
  kind: string;
  name: string;
  active: boolean;
}

/**
 * Rows (header first) → records and every problem. A row whose region, kind and name repeat an earlier row is a
 * problem naming both rows (the list holds each organisation once). An empty 在用 cell means 是 (offered).
 */
export function parseOrgs(rows: Cell[][]): { records: OrgRecord[]; errors: CellError[] } {
  const errors: CellError[] = [];
  const table = readTable(ORG_SHEET, rows, ORG_FILE_COLUMNS, MAX_ORG_ROWS, errors);
  const badRows = new Set(errors.map((e) => /!([A-Z?]+)?(\d+)$/.exec(e.at)?.[2]).filter(Boolean).map(Number));
  const seen = new Map<string, number>();
  const records: OrgRecord[] = [];
  for (const { row, rec } of table) {
    if (badRows.has(row)) continue;
    const r = { at: `${ORG_SHEET}!${row}`, regionCode: String(rec.regionCode), kind: String(rec.kind), name: String(rec.name), active: rec.active === null ? true : rec.active === true };
    const key = `${r.regionCode}\u0000${r.kind}\u0000${r.name}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ at: r.at, zh: `与第 ${first} 行重复（同一区划、类别和名称）`, en: `repeats row ${first} (same region code, kind and name)` });
      continue;
    }
    seen.set(key, row);
    records.push(r);
  }
  return { records, errors };
}

/** The list as a sheet in the import's columns (kinds in Chinese, 在用 as 是/否). */
export function orgsSheet(orgs: ReadonlyArray<{ regionCode: string; kind: string; name: string; active: boolean }>): SheetSpec {
  return tableSheet(ORG_SHEET, ORG_FILE_COLUMNS, orgs.map((o) => ({ regionCode: o.regionCode, kind: o.kind, name: o.name, active: o.active })));
}
