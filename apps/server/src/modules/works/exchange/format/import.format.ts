/**
 * The exchange format of works (XLSX / CSV / GeoJSON), pure: no database. One column table drives the
 * downloadable template, the parser with its row-by-row report, and the export, so an exported file
 * imports back unchanged.
 *
 * Sheet 1 「工程」: one row per work. Sheet 2 「防护单元」 (XLSX only, optional): one row per protection unit,
 * keyed by 工程编号; when a work has rows there they replace its units, otherwise the area columns of
 * sheet 1 describe one unit. GeoJSON: one Feature per work, properties keyed by field name or Chinese header,
 * optional `units` array, Point geometry.
 */
import {
  CHEMICAL_GRADES, CONSTRUCTION_FORMS, LIFECYCLE_STATES, PROTECTION_GRADES, WORK_CLASSES, WORK_SUBTYPES, type Labelled,
} from '@civdef/domain';
import ExcelJS from 'exceljs';
import gcoordModule from 'gcoord';
import Papa from 'papaparse';
import type { UnitImport, WorkImport } from '../../registry/works.repository.ts';
import { checkWork } from '../../works.rules.ts';

// gcoord is CommonJS: at run time the default import is the API itself, while its typings describe a namespace.
const gcoord = gcoordModule as unknown as typeof gcoordModule.default;

export type ImportFormat = 'xlsx' | 'csv' | 'geojson';
export type Crs = 'wgs84' | 'cgcs2000' | 'gcj02' | 'bd09';
export const CRS_VALUES: readonly Crs[] = ['wgs84', 'cgcs2000', 'gcj02', 'bd09'];

export interface RowError {
  /** Spreadsheet row (header = 1) or GeoJSON feature number (first = 1). */
  row: number;
  sheet: string;
  /** The column header as in the template, or the GeoJSON property. */
  column: string;
  value?: string;
  zh: string;
  en: string;
}

export interface ParsedWork {
  row: number;
  work: WorkImport;
  /** False when the row carried no unit data: an update keeps the stored units. */
  hasUnits: boolean;
  /** Whether the row named a life-cycle state (an update must then match the stored one). */
  hasState: boolean;
  /**
   * Whether the row carried any peacetime-use column (even empty): an update then replaces the stored
   * parking / charging / cooling uses with the row's, so an emptied column clears; without one they are kept.
   */
  hasUse: boolean;
}

/** Columns that describe peacetime use (平时使用). */
export const USE_COLUMN_KEYS: readonly string[] = [
  'parkingSpaces', 'publicParkingSpaces', 'parkingFeePerHour', 'evChargers', 'coolingSeason', 'coolingHours', 'coolingCapacity', 'coolingFacilities',
];

export interface ParseResult {
  works: ParsedWork[];
  errors: RowError[];
  totalRows: number;
  /** Name of the works sheet ('工程', 'CSV' or 'features'): database checks report against it. */
  sheet: string;
}

type Cell = string | number | boolean | null;
type Kind = 'text' | 'int' | 'number' | 'bool' | 'enum';

interface Column {
  key: string;
  zh: string;
  required?: boolean;
  kind: Kind;
  max?: number;
  min?: number;
  options?: readonly Labelled<string>[];
  /** Written in the template's 说明 row. */
  hint?: string;
}

const ALIASES: Record<string, string> = {
  结建: 'attached', 附建: 'attached', 附建式: 'attached', 防空地下室: 'attached', 坑道式: 'tunnel', 地道式: 'gallery', 掘开式: 'cut_and_cover', 单建掘开式: 'cut_and_cover',
  甲: 'A', 乙: 'B', 丙: 'C', 丁: 'D',
};

/** Sheet 1 columns, in template order. */
export const WORK_COLUMNS: readonly Column[] = [
  { key: 'code', zh: '工程编号', required: true, kind: 'text', max: 64, hint: '唯一；重复导入按编号更新' },
  { key: 'name', zh: '工程名称', required: true, kind: 'text', max: 128 },
  { key: 'address', zh: '地址', kind: 'text', max: 256 },
  { key: 'regionCode', zh: '行政区划代码', required: true, kind: 'text', max: 9, hint: '6 或 9 位 GB/T 2260 代码' },
  { key: 'lng', zh: '经度', required: true, kind: 'number', hint: '坐标系见导入参数 crs' },
  { key: 'lat', zh: '纬度', required: true, kind: 'number' },
  { key: 'constructionForm', zh: '构筑形式', required: true, kind: 'enum', options: CONSTRUCTION_FORMS, hint: '结建/坑道式/地道式/掘开式' },
  { key: 'parentProject', zh: '所属建设项目', kind: 'text', max: 128 },
  { key: 'workClass', zh: '战时功能', required: true, kind: 'enum', options: WORK_CLASSES },
  { key: 'subtype', zh: '战时功能细类', kind: 'enum', options: Object.values(WORK_SUBTYPES).flat() },
  { key: 'protectionGrade', zh: '抗力等级', kind: 'enum', options: PROTECTION_GRADES, hint: '核5/核6/核6B/常5/常6…' },
  { key: 'chemicalGrade', zh: '防化等级', kind: 'enum', options: CHEMICAL_GRADES, hint: '甲/乙/丙/丁' },
  { key: 'yearBuilt', zh: '建成年份', kind: 'int', min: 1900, max: 2200 },
  { key: 'owner', zh: '产权单位', kind: 'text', max: 128 },
  { key: 'managementUnit', zh: '管理单位', kind: 'text', max: 128 },
  { key: 'contactName', zh: '联系人', kind: 'text', max: 64 },
  { key: 'contactPhone', zh: '联系电话', kind: 'text', max: 32 },
  { key: 'isPublic', zh: '是否公开', kind: 'bool', hint: '是/否' },
  { key: 'lifecycleState', zh: '生命周期状态', kind: 'enum', options: LIFECYCLE_STATES, hint: '新建默认 审批；更新时须与现状一致' },
  { key: 'grossAreaM2', zh: '建筑面积(m²)', kind: 'number', min: 0, max: 10_000_000 },
  { key: 'protectedAreaM2', zh: '防护面积(m²)', kind: 'number', min: 0, max: 10_000_000 },
  { key: 'shelterAreaM2', zh: '掩蔽面积(m²)', kind: 'number', min: 0, max: 10_000_000 },
  { key: 'blastUnits', zh: '抗爆单元数', kind: 'int', min: 0, max: 1000 },
  { key: 'parkingSpaces', zh: '停车位', kind: 'int', min: 0, max: 100_000 },
  { key: 'peacetimeFunction', zh: '平时功能', kind: 'text', max: 64 },
  { key: 'publicParkingSpaces', zh: '公共停车位', kind: 'int', min: 0, max: 100_000 },
  { key: 'parkingFeePerHour', zh: '停车收费(元/小时)', kind: 'number', min: 0, max: 1000 },
  { key: 'evChargers', zh: '充电桩数', kind: 'int', min: 0, max: 10_000 },
  { key: 'coolingSeason', zh: '纳凉开放季节', kind: 'text', max: 11, hint: 'MM-DD~MM-DD，如 06-15~09-15' },
  { key: 'coolingHours', zh: '纳凉开放时间', kind: 'text', max: 64 },
  { key: 'coolingCapacity', zh: '纳凉容量(人)', kind: 'int', min: 0, max: 100_000 },
  { key: 'coolingFacilities', zh: '纳凉设施', kind: 'text', max: 200, hint: '以、分隔' },
];

export const UNIT_COLUMNS: readonly Column[] = [
  { key: 'code', zh: '工程编号', required: true, kind: 'text', max: 64 },
  { key: 'name', zh: '单元名称', required: true, kind: 'text', max: 64 },
  { key: 'grossAreaM2', zh: '建筑面积(m²)', required: true, kind: 'number', min: 0, max: 10_000_000 },
  { key: 'protectedAreaM2', zh: '防护面积(m²)', required: true, kind: 'number', min: 0, max: 10_000_000 },
  { key: 'shelterAreaM2', zh: '掩蔽面积(m²)', required: true, kind: 'number', min: 0, max: 10_000_000 },
  { key: 'wartimeFunction', zh: '战时功能', kind: 'text', max: 64 },
  { key: 'protectionGrade', zh: '抗力等级', kind: 'enum', options: PROTECTION_GRADES },
  { key: 'chemicalGrade', zh: '防化等级', kind: 'enum', options: CHEMICAL_GRADES },
  { key: 'blastUnits', zh: '抗爆单元数', kind: 'int', min: 0, max: 1000 },
  { key: 'peacetimeFunction', zh: '平时功能', kind: 'text', max: 64 },
  { key: 'parkingSpaces', zh: '停车位', kind: 'int', min: 0, max: 100_000 },
];

export const WORK_SHEET = '工程';
export const UNIT_SHEET = '防护单元';
export const MAX_IMPORT_ROWS = 50_000;

const normHeader = (h: string) => h.replace(/[\s*＊]/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();

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

interface CellContext {
  row: number;
  sheet: string;
  errors: RowError[];
}

function err(ctx: CellContext, column: string, value: Cell | undefined, zh: string, en: string): void {
  ctx.errors.push({ row: ctx.row, sheet: ctx.sheet, column, ...(value !== undefined && value !== null ? { value: String(value).slice(0, 100) } : {}), zh, en });
}

/** Reads one cell by its column rule; records an error and returns undefined when it breaks the rule. */
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

type Record_ = Record<string, Cell | undefined>;

/** Turns one sheet-1 record into a work; every broken rule goes to ctx.errors. */
function buildWork(ctx: CellContext, rec: Record_, crs: Crs): ParsedWork | null {
  const v: Record<string, string | number | boolean | null | undefined> = {};
  let ok = true;
  for (const col of WORK_COLUMNS) {
    const value = readCell(ctx, col, rec[col.key]);
    if (value === undefined) ok = false;
    v[col.key] = value;
  }
  if (typeof v.regionCode === 'string' && !/^\d{6}(\d{3})?$/.test(v.regionCode)) {
    err(ctx, '行政区划代码', v.regionCode, '应为 6 或 9 位数字', 'must be 6 or 9 digits');
    ok = false;
  }
  if (typeof v.code === 'string' && /\s/.test(v.code)) {
    err(ctx, '工程编号', v.code, '不能包含空格', 'must not contain spaces');
    ok = false;
  }
  if (typeof v.contactPhone === 'string' && !/^[0-9+\-() ]{3,32}$/.test(v.contactPhone)) {
    err(ctx, '联系电话', v.contactPhone, '格式不正确', 'not a valid phone number');
    ok = false;
  }
  let location: [number, number] | null = null;
  if (typeof v.lng === 'number' && typeof v.lat === 'number') {
    const [lng, lat] = toWgs84(v.lng, v.lat, crs);
    if (lng < 73 || lng > 136) {
      err(ctx, '经度', v.lng, '应在 73～136 之间（中国范围；经纬度是否颠倒？）', 'must be within 73–136 (China; are longitude and latitude swapped?)');
      ok = false;
    } else if (lat < 3 || lat > 54) {
      err(ctx, '纬度', v.lat, '应在 3～54 之间（中国范围）', 'must be within 3–54 (China)');
      ok = false;
    } else location = [lng, lat];
  }
  let coolingSeason: [string, string] | null = null;
  if (typeof v.coolingSeason === 'string') {
    const m = /^(\d{2}-\d{2})\s*[~～至-]\s*(\d{2}-\d{2})$/.exec(v.coolingSeason);
    if (!m || !/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(m[1]!) || !/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(m[2]!)) {
      err(ctx, '纳凉开放季节', v.coolingSeason, '格式应为 MM-DD~MM-DD', 'must look like MM-DD~MM-DD');
      ok = false;
    } else coolingSeason = [m[1]!, m[2]!];
  }
  const areas = [v.grossAreaM2, v.protectedAreaM2, v.shelterAreaM2];
  const hasUnits = areas.some((a) => a !== null && a !== undefined);
  if (hasUnits && areas.some((a) => a === null)) {
    for (const [i, a] of areas.entries()) {
      if (a === null) err(ctx, ['建筑面积(m²)', '防护面积(m²)', '掩蔽面积(m²)'][i]!, null, '填写面积时三项面积均为必填', 'all three areas are required when any is given');
    }
    ok = false;
  }
  if (!ok || !location) return null;

  const peacetimeUse: Record<string, unknown> = {};
  if (v.parkingSpaces !== null || v.publicParkingSpaces !== null || v.parkingFeePerHour !== null) {
    peacetimeUse.parking = { total: (v.parkingSpaces as number | null) ?? 0, publicSpaces: (v.publicParkingSpaces as number | null) ?? 0, feePerHourYuan: (v.parkingFeePerHour as number | null) ?? 0 };
  }
  if (v.evChargers !== null) peacetimeUse.evChargers = v.evChargers;
  if (coolingSeason || v.coolingHours !== null || v.coolingCapacity !== null || v.coolingFacilities !== null) {
    peacetimeUse.coolingSpot = {
      seasonStart: coolingSeason?.[0] ?? '06-01', seasonEnd: coolingSeason?.[1] ?? '09-30', hours: (v.coolingHours as string | null) ?? '—',
      capacity: (v.coolingCapacity as number | null) ?? 0,
      facilities: typeof v.coolingFacilities === 'string' ? v.coolingFacilities.split(/[、,，;；]/).map((s) => s.trim()).filter(Boolean).slice(0, 20).map((s) => s.slice(0, 32)) : [],
    };
  }
  const work: WorkImport = {
    code: v.code as string,
    name: v.name as string,
    address: v.address as string | null,
    regionCode: v.regionCode as string,
    location,
    constructionForm: v.constructionForm as string,
    parentProject: v.parentProject as string | null,
    workClass: v.workClass as string,
    subtype: v.subtype as string | null,
    protectionGrade: v.protectionGrade as string | null,
    chemicalGrade: v.chemicalGrade as string | null,
    yearBuilt: v.yearBuilt as number | null,
    owner: v.owner as string | null,
    managementUnit: v.managementUnit as string | null,
    contactName: v.contactName as string | null,
    contactPhone: v.contactPhone as string | null,
    isPublic: (v.isPublic as boolean | null) ?? false,
    lifecycleState: (v.lifecycleState as string | null) ?? 'approved',
    ...(Object.keys(peacetimeUse).length ? { peacetimeUse } : {}),
    units: hasUnits ? [{
      name: '防护单元1', grossAreaM2: v.grossAreaM2 as number, protectedAreaM2: v.protectedAreaM2 as number, shelterAreaM2: v.shelterAreaM2 as number,
      blastUnits: (v.blastUnits as number | null) ?? 1, parkingSpaces: (v.parkingSpaces as number | null) ?? 0,
      peacetimeFunction: v.peacetimeFunction as string | null, protectionGrade: v.protectionGrade as string | null, chemicalGrade: v.chemicalGrade as string | null,
      wartimeFunction: v.subtype as string | null,
    }] : [],
    entrances: [],
  };
  return { row: ctx.row, work, hasUnits, hasState: v.lifecycleState !== null, hasUse: USE_COLUMN_KEYS.some((k) => k in rec) };
}

function buildUnit(ctx: CellContext, rec: Record_): { code: string; unit: UnitImport } | null {
  const v: Record<string, string | number | boolean | null | undefined> = {};
  let ok = true;
  for (const col of UNIT_COLUMNS) {
    const value = readCell(ctx, col, rec[col.key]);
    if (value === undefined) ok = false;
    v[col.key] = value;
  }
  if (!ok) return null;
  return {
    code: v.code as string,
    unit: {
      name: v.name as string, grossAreaM2: v.grossAreaM2 as number, protectedAreaM2: v.protectedAreaM2 as number, shelterAreaM2: v.shelterAreaM2 as number,
      wartimeFunction: v.wartimeFunction as string | null, protectionGrade: v.protectionGrade as string | null, chemicalGrade: v.chemicalGrade as string | null,
      blastUnits: (v.blastUnits as number | null) ?? 1, peacetimeFunction: v.peacetimeFunction as string | null, parkingSpaces: (v.parkingSpaces as number | null) ?? 0,
    },
  };
}

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

function recordsOf(rows: Cell[][], index: Map<number, string>): Record_[] {
  return rows.map((cells) => {
    const rec: Record_ = {};
    for (const [i, key] of index) rec[key] = cells[i];
    return rec;
  });
}

const isBlank = (cells: Cell[]) => cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));

/** The template column a rule violation of works.rules.ts names. */
function ruleColumn(field: string): string {
  if (field === 'subtype') return '战时功能细类';
  if (field === 'parentProject') return '所属建设项目';
  if (field === 'peacetimeUse.parking.publicSpaces') return '公共停车位';
  if (field.endsWith('.protectedAreaM2')) return '防护面积(m²)';
  if (field.startsWith('units')) return '掩蔽面积(m²)';
  return field;
}

/** Cross-row and cross-field checks after every row was read. */
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
    const violations = checkWork(p.work as Parameters<typeof checkWork>[0]);
    for (const v of violations) {
      const unitRow = v.field.startsWith('units[') && units?.length ? units[Number(/\d+/.exec(v.field)![0])]!.row : null;
      errors.push({
        row: unitRow ?? p.row, sheet: unitRow ? UNIT_SHEET : sheet,
        column: ruleColumn(v.field), zh: v.zh, en: v.en,
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

function parseTable(rows: Cell[][], crs: Crs, unitRows: Cell[][] | null, sheet: string): ParseResult {
  const errors: RowError[] = [];
  const header = rows[0] ?? [];
  const index = mapHeaders(header, WORK_COLUMNS, sheet, errors);
  if (!index) return { works: [], errors, totalRows: Math.max(0, rows.length - 1), sheet };
  const data = rows.slice(1);
  if (data.length > MAX_IMPORT_ROWS) {
    errors.push({ row: MAX_IMPORT_ROWS + 2, sheet, column: '', zh: `行数超过上限 ${MAX_IMPORT_ROWS}`, en: `more than ${MAX_IMPORT_ROWS} rows` });
    return { works: [], errors, totalRows: data.length, sheet };
  }
  const works: ParsedWork[] = [];
  let total = 0;
  recordsOf(data, index).forEach((rec, i) => {
    if (isBlank(data[i]!)) return;
    total += 1;
    const w = buildWork({ row: i + 2, sheet, errors }, rec, crs);
    if (w) works.push(w);
  });
  const unitsByCode = new Map<string, Array<{ row: number; unit: UnitImport }>>();
  if (unitRows && unitRows.length > 1) {
    const uIndex = mapHeaders(unitRows[0]!, UNIT_COLUMNS, UNIT_SHEET, errors);
    if (uIndex) {
      recordsOf(unitRows.slice(1), uIndex).forEach((rec, i) => {
        if (isBlank(unitRows[i + 1]!)) return;
        const u = buildUnit({ row: i + 2, sheet: UNIT_SHEET, errors }, rec);
        if (!u) return;
        const list = unitsByCode.get(u.code) ?? [];
        list.push({ row: i + 2, unit: u.unit });
        unitsByCode.set(u.code, list);
      });
    }
  }
  return finish(works, unitsByCode, errors, total, sheet);
}

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

export function decodeText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch {
    // Excel in China saves CSV as GBK/GB18030 by default.
    return new TextDecoder('gb18030').decode(data);
  }
}

export function parseCsv(data: Buffer, crs: Crs): ParseResult {
  const text = decodeText(data);
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  const rows = parsed.data.map((r) => (Array.isArray(r) ? r : []));
  while (rows.length && isBlank(rows[rows.length - 1]!)) rows.pop();
  if (rows[1]?.[0] && String(rows[1][0]).startsWith('说明')) rows.splice(1, 1, []);
  return parseTable(rows, crs, null, 'CSV');
}

export function parseGeoJson(data: Buffer, crs: Crs): ParseResult {
  let doc: unknown;
  try {
    doc = JSON.parse(decodeText(data));
  } catch {
    throw new ImportFormatError('不是有效的 JSON / not valid JSON');
  }
  const features = (doc as { type?: unknown; features?: unknown })?.type === 'FeatureCollection' ? (doc as { features: unknown }).features : null;
  if (!Array.isArray(features)) throw new ImportFormatError('应为 GeoJSON FeatureCollection / expected a GeoJSON FeatureCollection');
  const errors: RowError[] = [];
  const sheet = 'features';
  if (features.length > MAX_IMPORT_ROWS) {
    errors.push({ row: MAX_IMPORT_ROWS + 1, sheet, column: '', zh: `要素数超过上限 ${MAX_IMPORT_ROWS}`, en: `more than ${MAX_IMPORT_ROWS} features` });
    return { works: [], errors, totalRows: features.length, sheet };
  }
  const byName = new Map<string, string>();
  for (const c of WORK_COLUMNS) {
    byName.set(normHeader(c.zh), c.key);
    byName.set(c.key.toLowerCase(), c.key);
  }
  const works: ParsedWork[] = [];
  const unitsByCode = new Map<string, Array<{ row: number; unit: UnitImport }>>();
  features.forEach((f: unknown, i) => {
    const row = i + 1;
    const ctx = { row, sheet, errors };
    const feature = f as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: unknown };
    if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
      err(ctx, 'type', null, '应为 Feature', 'must be a Feature');
      return;
    }
    const coords = feature.geometry?.type === 'Point' ? feature.geometry.coordinates : null;
    if (!Array.isArray(coords) || coords.length < 2 || typeof coords[0] !== 'number' || typeof coords[1] !== 'number') {
      err(ctx, 'geometry', null, '应为带坐标的 Point', 'must be a Point with coordinates');
      return;
    }
    const props = feature.properties && typeof feature.properties === 'object' && !Array.isArray(feature.properties) ? (feature.properties as Record<string, unknown>) : {};
    const rec: Record_ = { lng: coords[0], lat: coords[1] };
    for (const [k, value] of Object.entries(props)) {
      const key = byName.get(normHeader(k));
      if (!key || key === 'lng' || key === 'lat') continue;
      rec[key] = value === null || ['string', 'number', 'boolean'].includes(typeof value) ? (value as Cell) : JSON.stringify(value);
    }
    const w = buildWork(ctx, rec, crs);
    if (Array.isArray(props.units)) {
      props.units.forEach((u: unknown) => {
        const urec: Record_ = { code: rec.code };
        if (u && typeof u === 'object') {
          for (const c of UNIT_COLUMNS) {
            const value = (u as Record<string, unknown>)[c.key] ?? (u as Record<string, unknown>)[c.zh];
            if (value !== undefined) urec[c.key] = value === null || ['string', 'number', 'boolean'].includes(typeof value) ? (value as Cell) : JSON.stringify(value);
          }
        }
        const parsed = buildUnit({ row, sheet, errors }, urec);
        if (parsed) unitsByCode.set(parsed.code, [...(unitsByCode.get(parsed.code) ?? []), { row, unit: parsed.unit }]);
      });
    }
    if (w) works.push(w);
  });
  // Units of GeoJSON features report against the feature itself.
  const result = finish(works, unitsByCode, errors, features.length, sheet);
  for (const e of result.errors) if (e.sheet === UNIT_SHEET) e.sheet = sheet;
  return result;
}

export class ImportFormatError extends Error {}

export function formatOf(fileName: string, declared?: string): ImportFormat | null {
  const f = (declared ?? fileName.split('.').pop() ?? '').toLowerCase();
  if (f === 'xlsx') return 'xlsx';
  if (f === 'csv' || f === 'txt') return 'csv';
  if (f === 'geojson' || f === 'json') return 'geojson';
  return null;
}

export async function parseWorkFile(data: Buffer, format: ImportFormat, crs: Crs): Promise<ParseResult> {
  if (format === 'xlsx') return parseXlsx(data, crs);
  if (format === 'csv') return parseCsv(data, crs);
  return parseGeoJson(data, crs);
}
