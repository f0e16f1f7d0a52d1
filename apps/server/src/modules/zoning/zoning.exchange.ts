/**
 * Parcel files and the ledger workbook. Pure: a parcel file is either a sheet 地块 (XLSX, Chinese headers, read by
 * lib/xlsx's table reader) or a GeoJSON FeatureCollection whose features carry the same columns as properties and
 * the parcel's boundary; both become the same records, every bad cell or feature reported by place and rule in zh
 * and en rather than stopping at the first. The ledger workbook gives money in 元 for sums and in 分 as stored.
 */
import { fenToYuan } from '@civdef/domain';
import { boundaryOf } from '../../lib/geojson.ts';
import type { Cell } from '../../lib/xlsx/read.ts';
import { readTable, tableSheet, type CellError, type TableColumn, type TableRecord } from '../../lib/xlsx/table.ts';
import type { SheetSpec } from '../../lib/xlsx/write.ts';

// The outline check is shared with the town-outline importer (regions); zoning's callers keep importing it from here.
export { boundaryOf };

export type { CellError };
export const PARCEL_SHEET = '地块';
export const MAX_PARCEL_IMPORT_ROWS = 10_000;

const YES_NO = [{ code: 'yes', zh: '是' }, { code: 'no', zh: '否' }] as const;

export const PARCEL_COLUMNS: readonly TableColumn[] = [
  { key: 'code', zh: '地块编号', en: 'code', kind: 'text', required: true, pattern: { re: /^[A-Za-z0-9_\-.]{1,40}$/, zh: '只能含 1–40 个字母、数字、- . 和 _', en: 'may hold only 1–40 letters, digits, - . and _' } },
  { key: 'name', zh: '名称', en: 'name', kind: 'text', required: true, max: 100 },
  { key: 'regionCode', zh: '区划代码', en: 'region code', kind: 'text', required: true, pattern: { re: /^\d{6}(\d{3})?$/, zh: '应为 6 或 9 位 GB/T 2260 区划代码', en: 'should be a 6- or 9-digit GB/T 2260 region code' } },
  { key: 'landUse', zh: '用地性质', en: 'land use', kind: 'text', max: 50 },
  { key: 'areaM2', zh: '用地面积m2', en: 'area m2', kind: 'number', min: 0, max: 100_000_000 },
  { key: 'requiredM2', zh: '应建人防面积m2', en: 'required m2', kind: 'number', required: true, min: 0, max: 10_000_000 },
  { key: 'poolingAllowed', zh: '允许易地统筹', en: 'pooling allowed', kind: 'enum', required: true, options: YES_NO },
  { key: 'planRef', zh: '控规依据', en: 'plan reference', kind: 'text', max: 200 },
];

export interface ParcelRecord {
  row: number; code: string; name: string; regionCode: string; landUse: string | null; areaM2: number | null; requiredM2: number; poolingAllowed: boolean;
  planRef: string | null; boundary: { type: 'MultiPolygon'; coordinates: number[][][][] } | null;
}

function recordOf(row: number, rec: TableRecord, boundary: ParcelRecord['boundary']): ParcelRecord {
  const text = (k: string) => (typeof rec[k] === 'string' ? (rec[k] as string) : null);
  const num = (k: string) => (typeof rec[k] === 'number' ? (rec[k] as number) : null);
  return {
    row, code: text('code') ?? '', name: text('name') ?? '', regionCode: text('regionCode') ?? '', landUse: text('landUse'), areaM2: num('areaM2'),
    requiredM2: num('requiredM2') ?? 0, poolingAllowed: rec.poolingAllowed === 'yes', planRef: text('planRef'), boundary,
  };
}

function uniqueCodes(at: (row: number) => string, records: readonly ParcelRecord[], errors: CellError[]): void {
  const seen = new Map<string, number>();
  for (const r of records) {
    if (!r.code) continue;
    const first = seen.get(r.code);
    if (first !== undefined) errors.push({ at: at(r.row), zh: `「地块编号」${r.code} 与 ${at(first)} 重复`, en: `code: ${r.code} repeats ${at(first)}` });
    else seen.set(r.code, r.row);
  }
}

/** Rows of the sheet 地块 (header first) → records and every bad cell. */
export function parseParcelRows(rows: Cell[][]): { parcels: ParcelRecord[]; errors: CellError[] } {
  const errors: CellError[] = [];
  const parcels = readTable(PARCEL_SHEET, rows, PARCEL_COLUMNS, MAX_PARCEL_IMPORT_ROWS, errors).map(({ row, rec }) => recordOf(row, rec, null));
  uniqueCodes((row) => `${PARCEL_SHEET}!${row}`, parcels, errors);
  return { parcels, errors };
}

/**
 * A GeoJSON FeatureCollection (parsed JSON) → records: each feature's properties are read as a row of the sheet
 * (the same headers: Chinese, English or key), its geometry is the boundary. Anything that is not such a collection
 * is one error, never a throw.
 */
export function parseParcelGeoJson(doc: unknown): { parcels: ParcelRecord[]; errors: CellError[] } {
  const errors: CellError[] = [];
  const fc = doc as { type?: unknown; features?: unknown };
  if (typeof doc !== 'object' || doc === null || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    errors.push({ at: 'GeoJSON', zh: '应为 GeoJSON FeatureCollection', en: 'should be a GeoJSON FeatureCollection' });
    return { parcels: [], errors };
  }
  if (fc.features.length > MAX_PARCEL_IMPORT_ROWS) {
    errors.push({ at: 'GeoJSON', zh: `要素数 ${fc.features.length} 超过上限 ${MAX_PARCEL_IMPORT_ROWS}`, en: `${fc.features.length} features, more than the ${MAX_PARCEL_IMPORT_ROWS} limit` });
    return { parcels: [], errors };
  }
  const features = fc.features as unknown[];
  // One table: a header of every column key, a row per feature with its property under whichever name it used.
  const header: Cell[] = PARCEL_COLUMNS.map((c) => c.key);
  const rows: Cell[][] = [header];
  const boundaries: Array<ParcelRecord['boundary']> = [];
  features.forEach((f, i) => {
    const feature = (typeof f === 'object' && f !== null ? f : {}) as { type?: unknown; properties?: unknown; geometry?: unknown };
    const props = (typeof feature.properties === 'object' && feature.properties !== null ? feature.properties : {}) as Record<string, unknown>;
    const cell = (c: TableColumn): Cell => {
      const v = props[c.key] ?? props[c.zh] ?? props[`${c.zh}*`] ?? props[c.en];
      if (typeof v === 'boolean' && c.key === 'poolingAllowed') return v ? 'yes' : 'no';
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
    };
    rows.push(PARCEL_COLUMNS.map(cell));
    const at = `GeoJSON!features[${i}]`;
    if (feature.type !== 'Feature') errors.push({ at, zh: '应为 Feature', en: 'should be a Feature' });
    const b = boundaryOf(feature.geometry);
    if ('ok' in b) boundaries.push(b.ok);
    else {
      boundaries.push(null);
      errors.push({ at, zh: b.zh, en: b.en });
    }
  });
  const cellErrors: CellError[] = [];
  const parcels = readTable('GeoJSON', rows, PARCEL_COLUMNS, MAX_PARCEL_IMPORT_ROWS, cellErrors)
    .map(({ row, rec }) => recordOf(row, rec, boundaries[row - 2] ?? null));
  // Table places (row n) back to the feature index (n − 2).
  for (const e of cellErrors) errors.push({ ...e, at: e.at.replace(/^GeoJSON!([A-Z]+)(\d+)$/, (_m, _c: string, r: string) => `GeoJSON!features[${Number(r) - 2}]`) });
  uniqueCodes((row) => `GeoJSON!features[${row - 2}]`, parcels, errors);
  return { parcels, errors };
}

/** Parcels as the sheet 地块 (the import's own format, so an export imports back unchanged). */
export function parcelSheet(parcels: ReadonlyArray<Omit<ParcelRecord, 'row' | 'boundary'>>): SheetSpec {
  return tableSheet(PARCEL_SHEET, PARCEL_COLUMNS, parcels.map((p) => ({ ...p, poolingAllowed: p.poolingAllowed ? 'yes' : 'no' })));
}

export interface LedgerRow {
  id: number; regionCode: string; parcelCode: string; parcelName: string; workCode: string | null; workName: string | null; areaM2: number; pooledOn: string;
  savingFenPerM2: number; savedFen: number; basis: string; reference: string | null; synthetic: boolean;
}
export interface LedgerTotal { regionCode: string; regionName: string | null; parcels: number; entries: number; areaM2: number; savedFen: number }

/** The 易地统筹 ledger as a workbook: 台账 (one row per entry) and 汇总 (totals per county, and the whole). */
export async function ledgerXlsx(rows: readonly LedgerRow[], totals: readonly LedgerTotal[], synthetic: boolean): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'civdef';
  const money = { numFmt: '#,##0.00' };
  const yuan = (fen: number) => Number(fenToYuan(fen));
  const ws = wb.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '编号', key: 'id', width: 8 }, { header: '区划代码', key: 'regionCode', width: 12 }, { header: '地块编号', key: 'parcelCode', width: 16 },
    { header: '地块名称', key: 'parcelName', width: 26 }, { header: '统筹至工程编号', key: 'workCode', width: 18 }, { header: '统筹至工程', key: 'workName', width: 26 },
    { header: '统筹面积（m²）', key: 'areaM2', width: 14 }, { header: '日期', key: 'pooledOn', width: 12 },
    { header: '节约单价（元/m²）', key: 'rate', width: 14, style: money }, { header: '节约资金（元）', key: 'saved', width: 18, style: money },
    { header: '节约资金（分）', key: 'savedFen', width: 16 }, { header: '依据', key: 'basis', width: 40 }, { header: '文号', key: 'reference', width: 18 },
    { header: '数据性质', key: 'synthetic', width: 10 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    ws.addRow({
      id: r.id, regionCode: r.regionCode, parcelCode: r.parcelCode, parcelName: r.parcelName, workCode: r.workCode ?? '', workName: r.workName ?? '', areaM2: r.areaM2,
      pooledOn: r.pooledOn, rate: yuan(r.savingFenPerM2), saved: yuan(r.savedFen), savedFen: r.savedFen, basis: r.basis, reference: r.reference ?? '',
      synthetic: r.synthetic ? '合成示例' : '实际',
    });
  }
  const sum = wb.addWorksheet('汇总', { views: [{ state: 'frozen', ySplit: 1 }] });
  sum.columns = [
    { header: '区划代码', key: 'regionCode', width: 12 }, { header: '区划', key: 'regionName', width: 16 }, { header: '地块数', key: 'parcels', width: 10 },
    { header: '笔数', key: 'entries', width: 8 }, { header: '统筹面积（m²）', key: 'areaM2', width: 16 },
    { header: '节约资金（元）', key: 'saved', width: 20, style: money }, { header: '节约资金（分）', key: 'savedFen', width: 18 },
  ];
  sum.getRow(1).font = { bold: true };
  for (const t of totals) {
    sum.addRow({ regionCode: t.regionCode, regionName: t.regionName ?? '', parcels: t.parcels, entries: t.entries, areaM2: t.areaM2, saved: yuan(t.savedFen), savedFen: t.savedFen });
  }
  if (synthetic) sum.addRow({ regionCode: '注', regionName: '含合成示例数据（非真实统计）' });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
