/** Checks after every row was read: duplicate codes, orphan unit rows, and the cross-field rules of a work. */
import { checkWorkRules } from '@civdef/domain';
import type { UnitImport } from '../../registry/works.repository.ts';
import { UNIT_SHEET, type ParseResult, type ParsedWork, type RowError } from './columns.ts';

/** The template column a rule violation of the domain's work rules names. */
function ruleColumn(field: string): string {
  if (field === 'subtype') return '战时功能细类';
  if (field === 'parentProject') return '所属建设项目';
  if (field === 'peacetimeUse.parking.publicSpaces') return '公共停车位';
  if (field.endsWith('.protectedAreaM2')) return '防护面积(m²)';
  if (field.startsWith('units')) return '掩蔽面积(m²)';
  return field;
}

export /** Cross-row and cross-field checks after every row was read. */
function finish(works: ParsedWork[], unitsByCode: Map<string, Array<{ row: number; unit: UnitImport }>>, errors: RowError[], totalRows: number, sheet: string): ParseResult {
  const seen = new Map<string, number>();
  const kept: ParsedWork[] = [];
  for (const p of works) {
    const first = seen.get(p.work.code);
    if (first !== undefined) {
      errors.push({ row: p.row, sheet, column: '工程编号', value: p.work.code, zh: `与第 ${first} 行重复`, en: `duplicates row ${first}` });
      continue;
    }
    seen.set(p.work.code, p.row);
    const units = unitsByCode.get(p.work.code);
    if (units?.length) {
      p.work.units = units.map((u) => u.unit);
      p.hasUnits = true;
    }
    const violations = checkWorkRules(p.work as Parameters<typeof checkWorkRules>[0]);
    for (const v of violations) {
      const unitRow = v.field.startsWith('units[') && units?.length ? units[Number(/\d+/.exec(v.field)![0])]!.row : null;
      errors.push({
        row: unitRow ?? p.row, sheet: unitRow ? UNIT_SHEET : sheet,
        column: ruleColumn(v.field), code: v.code, zh: v.zh, en: v.en,
      });
    }
    if (violations.length === 0) kept.push(p);
  }
  for (const [code, units] of unitsByCode) {
    if (!seen.has(code)) for (const u of units) errors.push({ row: u.row, sheet: UNIT_SHEET, column: '工程编号', value: code, zh: '工程表中没有该编号', en: 'no such code in the works sheet' });
  }
  errors.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet === sheet ? -1 : 1));
  return { works: kept, errors, totalRows, sheet };
}

