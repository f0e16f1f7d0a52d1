/** Checks after every row was read: duplicate codes, orphan unit rows, unit totals, and the cross-field rules of a work. */
import { checkWorkRules, type WorkRuleInput } from '@civdef/domain';
import type { UnitImport } from '../../registry/works.repository.ts';
import { UNIT_SHEET, type ParseResult, type ParsedWork, type RowError } from './columns.ts';
import { unitOfRow } from './rows.ts';

/** The template column a rule violation of the domain's work rules names. */
function ruleColumn(field: string): string {
  if (field === 'subtype') return '战时功能细类';
  if (field === 'parentProject') return '所属建设项目';
  if (field === 'yearBuilt') return '建成年份';
  if (field === 'peacetimeUse.parking.publicSpaces') return '公共停车位';
  if (field.endsWith('.protectedAreaM2')) return '防护面积(m²)';
  if (field.startsWith('units')) return '掩蔽面积(m²)';
  return field;
}

/** Sums written by an export (SQL, float8) and summed again here may differ in the last digits. */
const AREA_TOLERANCE_M2 = 0.01;

/**
 * When a work's units are listed, the area columns of its works row are their totals (what an export writes, for
 * reading): a total that differs means someone edited the wrong place, which would otherwise be silently ignored.
 */
function checkTotals(p: ParsedWork, units: UnitImport[], sheet: string, errors: RowError[]): boolean {
  const r = p.rowUnit;
  if (!r) return true;
  let ok = true;
  const sums = { grossAreaM2: 0, protectedAreaM2: 0, shelterAreaM2: 0, blastUnits: 0 };
  for (const u of units) {
    sums.grossAreaM2 += u.grossAreaM2;
    sums.protectedAreaM2 += u.protectedAreaM2;
    sums.shelterAreaM2 += u.shelterAreaM2;
    sums.blastUnits += u.blastUnits;
  }
  const columns = { grossAreaM2: '建筑面积(m²)', protectedAreaM2: '防护面积(m²)', shelterAreaM2: '掩蔽面积(m²)', blastUnits: '抗爆单元数' } as const;
  for (const key of Object.keys(columns) as Array<keyof typeof columns>) {
    const given = r[key];
    if (given === null || Math.abs(given - sums[key]) <= (key === 'blastUnits' ? 0 : AREA_TOLERANCE_M2)) continue;
    const total = Math.round(sums[key] * 100) / 100;
    errors.push({
      row: p.row, sheet, column: columns[key], value: String(given),
      zh: `与所列 ${units.length} 个防护单元的合计 ${total} 不一致：该工程的单元已逐个列出，请在防护单元中修改（此列可留空）`,
      en: `differs from the total ${total} of the ${units.length} protection units listed: this work's units are listed one by one, change them there (this column may be left empty)`,
    });
    ok = false;
  }
  if (r.peacetimeFunction !== null) {
    errors.push({
      row: p.row, sheet, column: '平时功能', value: r.peacetimeFunction,
      zh: '该工程的防护单元已逐个列出，平时功能请填在各防护单元中（此列留空）', en: 'this work\'s protection units are listed one by one: give the peacetime function on each unit (leave this column empty)',
    });
    ok = false;
  }
  return ok;
}

export /** Cross-row and cross-field checks after every row was read; every row is checked, even one with a bad cell. */
function finish(
  rows: Array<{ parsed: ParsedWork; ok: boolean }>, unitsByCode: Map<string, Array<{ row: number; unit: UnitImport }>>,
  errors: RowError[], totalRows: number, sheet: string, unitSheet = UNIT_SHEET,
): ParseResult {
  const seen = new Map<string, number>();
  const kept: ParsedWork[] = [];
  const rejected: ParsedWork[] = [];
  for (const { parsed: p, ok: cellsOk } of rows) {
    let ok = cellsOk;
    const code = typeof p.work.code === 'string' ? p.work.code : null;
    const first = code === null ? undefined : seen.get(code);
    if (code !== null && first !== undefined) {
      errors.push({ row: p.row, sheet, column: '工程编号', value: code, zh: `与第 ${first} 行重复`, en: `duplicates row ${first}` });
      ok = false;
    } else if (code !== null) seen.set(code, p.row);
    const units = code !== null && first === undefined ? unitsByCode.get(code) : undefined;
    if (units?.length) {
      p.work.units = units.map((u) => u.unit);
      p.hasUnits = true;
      if (!checkTotals(p, p.work.units, sheet, errors)) ok = false;
    } else {
      const unit = unitOfRow(p);
      if (unit) p.work.units = [unit];
    }
    const violations = checkWorkRules(p.work as WorkRuleInput);
    for (const v of violations) {
      const unitRow = v.field.startsWith('units[') && units?.length ? units[Number(/\d+/.exec(v.field)![0])]!.row : null;
      errors.push({
        row: unitRow ?? p.row, sheet: unitRow ? unitSheet : sheet,
        column: ruleColumn(v.field), code: v.code, zh: v.zh, en: v.en,
      });
    }
    (ok && violations.length === 0 ? kept : rejected).push(p);
  }
  for (const [code, units] of unitsByCode) {
    if (!seen.has(code)) for (const u of units) errors.push({ row: u.row, sheet: unitSheet, column: '工程编号', value: code, zh: '工程表中没有该编号', en: 'no such code in the works sheet' });
  }
  errors.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet === sheet ? -1 : 1));
  return { works: kept, rejected, errors, totalRows, sheet };
}
