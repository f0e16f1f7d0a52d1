/**
 * The column table of the works exchange format (XLSX / CSV / GeoJSON) and the shapes parsing produces. One
 * table drives the downloadable template, the parsers with their row-by-row report, and the export, so an
 * exported file imports back unchanged.
 *
 * Sheet 1 「工程」: one row per work. Sheet 2 「防护单元」 (XLSX only, optional): one row per protection unit,
 * keyed by 工程编号; when a work has rows there they replace its units, otherwise the area columns of
 * sheet 1 describe one unit. GeoJSON: one Feature per work, properties keyed by field name or Chinese header,
 * optional `units` array, Point geometry.
 */
import { CHEMICAL_GRADES, CONSTRUCTION_FORMS, LIFECYCLE_STATES, PROTECTION_GRADES, WORK_CLASSES, WORK_SUBTYPES, type Labelled } from '@civdef/domain';
import type { WorkImport } from '../../registry/works.repository.ts';

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
  /** The rule's stable code where it has one (the cross-field rules: the same code the API answers with). */
  code?: string;
  zh: string;
  en: string;
}

export interface ParsedWork {
  row: number;
  /** On a rejected row (`ParseResult.rejected`) only the cells that could be read are set. */
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
  /**
   * The area columns of the works row (建筑/防护/掩蔽面积, 抗爆单元数, 平时功能) when any was filled: one unit of a
   * work typed by hand, or — when the units are listed (防护单元 sheet, unit columns, GeoJSON `units`) — the totals an
   * export writes beside them, which must then agree with the listed units.
   */
  rowUnit?: { grossAreaM2: number | null; protectedAreaM2: number | null; shelterAreaM2: number | null; blastUnits: number | null; peacetimeFunction: string | null };
}

/** Columns that describe peacetime use (平时使用). */
export const USE_COLUMN_KEYS: readonly string[] = [
  'parkingSpaces', 'publicParkingSpaces', 'parkingFeePerHour', 'parkingHours', 'evChargers', 'coolingSeason', 'coolingHours', 'coolingCapacity', 'coolingFacilities',
];

export interface ParseResult {
  /** Rows with no error: what a commit writes. */
  works: ParsedWork[];
  /**
   * Rows with an error in a cell or a rule, as far as they could be read: the checks that need the database
   * (region known and in the jurisdiction, code of another jurisdiction, life-cycle state) still run on them,
   * so one upload reports every problem of every row instead of one kind per upload.
   */
  rejected: ParsedWork[];
  errors: RowError[];
  totalRows: number;
  /** Name of the works sheet ('工程', 'CSV' or 'features'): database checks report against it. */
  sheet: string;
}

export type Cell = string | number | boolean | null;
export type Kind = 'text' | 'int' | 'number' | 'bool' | 'enum';

export interface Column {
  key: string;
  zh: string;
  required?: boolean;
  kind: Kind;
  max?: number;
  min?: number;
  options?: readonly Labelled<string>[];
  /** Written in the template's 说明 row. */
  hint?: string;
  /** When the column is required only in some cases: the case, in staff words (marked △ in the header). */
  requiredWhen?: string;
}

/** Other spellings offices use for enumeration values. */
export const ALIASES: Record<string, string> = {
  结建: 'attached', 附建: 'attached', 附建式: 'attached', 防空地下室: 'attached', 坑道式: 'tunnel', 地道式: 'gallery', 掘开式: 'cut_and_cover', 单建掘开式: 'cut_and_cover',
  甲: 'A', 乙: 'B', 丙: 'C', 丁: 'D',
};

/** Sheet 1 columns, in template order. */
export const WORK_COLUMNS: readonly Column[] = [
  { key: 'code', zh: '工程编号', required: true, kind: 'text', max: 64, hint: '唯一；重复导入按编号更新' },
  { key: 'name', zh: '工程名称', required: true, kind: 'text', max: 128 },
  { key: 'address', zh: '地址', kind: 'text', max: 256 },
  { key: 'regionCode', zh: '行政区划代码', required: true, kind: 'text', max: 9, hint: '6 或 9 位 GB/T 2260 代码' },
  { key: 'lng', zh: '经度', required: true, kind: 'number', hint: '小数度，如 120.8712；坐标系见「填写说明」' },
  { key: 'lat', zh: '纬度', required: true, kind: 'number', hint: '小数度，如 32.0021' },
  { key: 'constructionForm', zh: '构筑形式', required: true, kind: 'enum', options: CONSTRUCTION_FORMS, hint: '结建/坑道式/地道式/掘开式' },
  { key: 'parentProject', zh: '所属建设项目', kind: 'text', max: 128, requiredWhen: '构筑形式为 结建 时必填' },
  { key: 'workClass', zh: '战时功能', required: true, kind: 'enum', options: WORK_CLASSES },
  { key: 'subtype', zh: '战时功能细类', kind: 'enum', options: Object.values(WORK_SUBTYPES).flat(), hint: '须属于所填的战时功能' },
  { key: 'protectionGrade', zh: '抗力等级', kind: 'enum', options: PROTECTION_GRADES, hint: '核5/核6/核6B/常5/常6…' },
  { key: 'chemicalGrade', zh: '防化等级', kind: 'enum', options: CHEMICAL_GRADES, hint: '甲/乙/丙/丁' },
  { key: 'yearBuilt', zh: '建成年份', kind: 'int', min: 1900, max: 2200, hint: '四位数字；竣工验收备案及以后的状态不能晚于今年' },
  { key: 'owner', zh: '产权单位', kind: 'text', max: 128 },
  { key: 'managementUnit', zh: '管理单位', kind: 'text', max: 128 },
  { key: 'contactName', zh: '联系人', kind: 'text', max: 64 },
  { key: 'contactPhone', zh: '联系电话', kind: 'text', max: 32 },
  { key: 'isPublic', zh: '是否公开', kind: 'bool', hint: '是/否' },
  { key: 'lifecycleState', zh: '生命周期状态', kind: 'enum', options: LIFECYCLE_STATES, hint: '新建默认 审批；更新时须与现状一致' },
  { key: 'grossAreaM2', zh: '建筑面积(m²)', kind: 'number', min: 0, max: 10_000_000, requiredWhen: '新工程必填（三项面积同填）；已逐个列出防护单元时为合计，可留空' },
  { key: 'protectedAreaM2', zh: '防护面积(m²)', kind: 'number', min: 0, max: 10_000_000, requiredWhen: '新工程必填；不大于建筑面积' },
  { key: 'shelterAreaM2', zh: '掩蔽面积(m²)', kind: 'number', min: 0, max: 10_000_000, requiredWhen: '新工程必填；不大于防护面积；配套工程可留空（即 0）' },
  { key: 'blastUnits', zh: '抗爆单元数', kind: 'int', min: 0, max: 1000 },
  { key: 'parkingSpaces', zh: '停车位', kind: 'int', min: 0, max: 100_000 },
  { key: 'peacetimeFunction', zh: '平时功能', kind: 'text', max: 64 },
  { key: 'publicParkingSpaces', zh: '公共停车位', kind: 'int', min: 0, max: 100_000, hint: '不多于停车位；不知道请留空（不要填 0）' },
  { key: 'parkingFeePerHour', zh: '停车收费(元/小时)', kind: 'number', min: 0, max: 1000, hint: '免费填 0；不知道请留空' },
  { key: 'parkingHours', zh: '停车开放时间', kind: 'text', max: 11, hint: 'HH:MM-HH:MM，如 07:00-22:00；全天填 00:00-24:00；不知道请留空' },
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

/**
 * The unit columns a works row may carry (the CSV export writes them; XLSX and CSV read them): a file with one
 * table lists each protection unit of a work on its own row. The first row of a work carries the work's columns and
 * its first unit; each further unit is a row with the same 工程编号 and only unit columns filled.
 */
export const ROW_UNIT_COLUMNS: readonly Column[] = UNIT_COLUMNS.filter((c) => c.key !== 'code').map((c) => ({
  ...c, key: `unit.${c.key}`, zh: c.key === 'name' ? '单元名称' : `单元${c.zh}`, required: false,
  ...(c.required ? { requiredWhen: '逐行列出防护单元时必填' } : {}),
}));
/** Which unit column a row-unit column stands for. */
export const unitKeyOf = (key: string) => key.slice('unit.'.length);

export const WORK_SHEET = '工程';
export const UNIT_SHEET = '防护单元';
export const MAX_IMPORT_ROWS = 50_000;

export const normHeader = (h: string) => h.replace(/[\s*＊△]/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();

/** A column's header as the template and the export write it: * required, △ required in some cases. */
export const headerOf = (c: Column) => `${c.zh}${c.required ? '*' : c.requiredWhen ? '△' : ''}`;

/** The allowed values of an enumeration or yes/no column, as a person writes them. */
export function allowedValues(c: Column): string[] | null {
  if (c.kind === 'bool') return ['是', '否'];
  return c.options ? c.options.map((o) => o.zh) : null;
}

/** What a column wants, in one line: whether it is required, the rule, the allowed values (the 说明 row, the 填写说明 sheet). */
export function columnHelp(c: Column): string {
  const parts = [c.required ? '必填' : c.requiredWhen ?? '选填'];
  if (c.hint) parts.push(c.hint);
  const values = allowedValues(c);
  if (values) parts.push(`可选：${values.join('/')}`);
  return parts.join('；');
}

/** The template's second row: what each column wants (the readers skip a row starting with 说明). */
export function templateHints(columns: readonly Column[] = WORK_COLUMNS): Record<string, string> {
  return Object.fromEntries(columns.map((c, i) => [c.key, i === 0 ? `说明：${columnHelp(c)}` : columnHelp(c)]));
}

/** How to tell the coordinate system of a file, in the words staff use; the template's 填写说明 sheet prints it. */
export const CRS_HELP: readonly string[] = [
  '坐标系：上传时选择文件中经纬度的来源，选错会使点位偏移几百米。',
  'WGS84 / CGCS2000（国家 2000）：GPS 设备、手机定位、奥维互动地图、天地图、测绘成果的坐标，直接保存。两者相差在厘米级，可视为相同。',
  'GCJ-02（火星坐标）：在高德地图、腾讯地图上点选或搜索得到的坐标，导入时换算为 WGS84。',
  'BD-09：在百度地图上点选或搜索得到的坐标，导入时换算为 WGS84。',
  '经度在前、纬度在后，填小数度（如 120.8712、32.0021），不要填度分秒。',
];

/** Which reader a file goes to, by its declared format or its extension. Here, not beside the readers, so that
 * the main thread can tell the format without loading them (exceljs alone costs ~0.5 s of start-up). */
export function formatOf(fileName: string, declared?: string): ImportFormat | null {
  const f = (declared ?? fileName.split('.').pop() ?? '').toLowerCase();
  if (f === 'xlsx') return 'xlsx';
  if (f === 'csv' || f === 'txt') return 'csv';
  if (f === 'geojson' || f === 'json') return 'geojson';
  return null;
}
