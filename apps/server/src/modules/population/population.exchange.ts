/**
 * The population exchange format (one sheet 人口, Chinese headers; XLSX, CSV or a GeoJSON FeatureCollection of
 * Points): rows ↔ population cells. A row is a grid cell (网格边长 given) or a building (网格边长 empty: a point).
 * Pure: files are read and written by lib/xlsx (the reader, writer and table columns every import shares); every bad
 * cell of every row is reported by row, column and rule in zh and en rather than stopping at the first.
 */
import type { Cell } from '../../lib/xlsx/read.ts';
import { columnLetter, readTable, tableSheet, type CellError, type TableColumn } from '../../lib/xlsx/table.ts';
import type { SheetSpec } from '../../lib/xlsx/write.ts';
import { ImportFormatError } from '../../lib/xlsx/format-error.ts';

export type { CellError };
export const POPULATION_SHEET = '人口';
export const GEOJSON_SHEET = 'features';
/** A city grid at 100 m is some 100 000 inhabited cells; a building layer of a large district is of the same order. */
export const MAX_POPULATION_ROWS = 200_000;
export type PopulationFormat = 'xlsx' | 'csv' | 'geojson';

export const POPULATION_COLUMNS: readonly TableColumn[] = [
  { key: 'regionCode', zh: '区划代码', en: 'region code', kind: 'text', required: true, pattern: { re: /^\d{6}(\d{3})?$/, zh: '应为 6 或 9 位 GB/T 2260 区划代码', en: 'should be a 6- or 9-digit GB/T 2260 region code' } },
  { key: 'lng', zh: '经度', en: 'longitude', kind: 'number', required: true, min: 73, max: 136 },
  { key: 'lat', zh: '纬度', en: 'latitude', kind: 'number', required: true, min: 3, max: 54 },
  { key: 'people', zh: '人口', en: 'people', kind: 'int', required: true, min: 0, max: 1_000_000 },
  { key: 'cellSizeM', zh: '网格边长m', en: 'cell size m', kind: 'number', min: 0, minExclusive: true, max: 10_000 },
  { key: 'label', zh: '名称', en: 'label', kind: 'text', max: 100 },
];

/** One population record as the file carries it: a grid cell (cellSizeM) or a building (cellSizeM null). */
export interface PopulationRecord {
  regionCode: string;
  lng: number;
  lat: number;
  people: number;
  cellSizeM: number | null;
  label: string | null;
}

/** A GeoJSON file's features as table rows (header = the column keys) so that one reader checks every format. */
function geoJsonRows(data: Buffer, errors: CellError[]): Cell[][] {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8').decode(data).replace(/^\uFEFF/, ''));
  } catch {
    throw new ImportFormatError('不是有效的 JSON', 'not valid JSON');
  }
  const features = (doc as { type?: unknown } | null)?.type === 'FeatureCollection' ? (doc as { features?: unknown }).features : null;
  if (!Array.isArray(features)) throw new ImportFormatError('应为 GeoJSON FeatureCollection', 'expected a GeoJSON FeatureCollection');
  const keys = POPULATION_COLUMNS.map((c) => c.key);
  const byName = new Map<string, string>();
  for (const c of POPULATION_COLUMNS) for (const n of [c.key, c.zh, c.en]) byName.set(n.replace(/[\s*]/g, '').toLowerCase(), c.key);
  const rows: Cell[][] = [keys];
  features.forEach((f: unknown, i) => {
    const feature = f as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: unknown } | null;
    const coords = feature?.geometry?.type === 'Point' ? feature.geometry.coordinates : null;
    if (!feature || typeof feature !== 'object' || feature.type !== 'Feature' || !Array.isArray(coords) || coords.length < 2) {
      errors.push({ at: `${GEOJSON_SHEET}[${i}].geometry`, zh: '应为带坐标的 Point 要素', en: 'must be a Feature with a Point geometry' });
      // A blank row (which the reader skips) keeps the numbering of the features that follow.
      rows.push(keys.map(() => null));
      return;
    }
    const props = feature.properties && typeof feature.properties === 'object' && !Array.isArray(feature.properties) ? (feature.properties as Record<string, unknown>) : {};
    const rec: Record<string, Cell> = {};
    for (const [k, v] of Object.entries(props)) {
      const key = byName.get(k.replace(/[\s*]/g, '').toLowerCase());
      if (key && key !== 'lng' && key !== 'lat') rec[key] = v === null || ['string', 'number', 'boolean'].includes(typeof v) ? (v as Cell) : JSON.stringify(v);
    }
    const cell = (v: unknown): Cell => (typeof v === 'number' || typeof v === 'string' ? v : v === null || v === undefined ? null : JSON.stringify(v));
    rec.lng = cell(coords[0]);
    rec.lat = cell(coords[1]);
    rows.push(keys.map((k) => rec[k] ?? null));
  });
  return rows;
}

/** `features!C5` (the table reader's place) → `features[3].properties.lng`, the place in the GeoJSON file. */
function geoJsonPlace(at: string): string {
  const m = /^features!([A-Z]+|\?)?(\d+)$/.exec(at);
  if (!m) return at;
  const feature = Number(m[2]) - 2;
  if (!m[1] || m[1] === '?') return `${GEOJSON_SHEET}[${feature}]`;
  const col = POPULATION_COLUMNS.findIndex((_, i) => columnLetter(i) === m[1]);
  const key = POPULATION_COLUMNS[col]?.key;
  return key === 'lng' || key === 'lat' ? `${GEOJSON_SHEET}[${feature}].geometry` : `${GEOJSON_SHEET}[${feature}].properties.${key ?? m[1]}`;
}

/**
 * Rows of a sheet or CSV (header first), or a GeoJSON file → records with the place each came from, and every bad
 * cell. Throws `ImportFormatError` only for a file that cannot be read at all (not JSON, not a FeatureCollection).
 */
export function parsePopulation(input: { rows: Cell[][] } | { geojson: Buffer }): { records: Array<PopulationRecord & { at: string }>; errors: CellError[] } {
  const errors: CellError[] = [];
  const geo = 'geojson' in input;
  const rows = geo ? geoJsonRows(input.geojson, errors) : input.rows;
  const sheet = geo ? GEOJSON_SHEET : POPULATION_SHEET;
  const tableErrors: CellError[] = [];
  const parsed = readTable(sheet, rows, POPULATION_COLUMNS, MAX_POPULATION_ROWS, tableErrors);
  for (const e of tableErrors) errors.push(geo ? { ...e, at: geoJsonPlace(e.at) } : e);
  const badRows = new Set(tableErrors.map((e) => Number(/(\d+)$/.exec(e.at)?.[1] ?? 0)));
  const records: Array<PopulationRecord & { at: string }> = [];
  for (const { row, rec } of parsed) {
    if (badRows.has(row)) continue;
    records.push({
      at: geo ? `${GEOJSON_SHEET}[${row - 2}]` : `${POPULATION_SHEET}!${row}`,
      regionCode: String(rec.regionCode), lng: Number(rec.lng), lat: Number(rec.lat), people: Number(rec.people),
      cellSizeM: rec.cellSizeM === null ? null : Number(rec.cellSizeM), label: rec.label === null ? null : String(rec.label),
    });
  }
  return { records, errors };
}

/** Records → the 人口 sheet: what `parsePopulation` reads back. */
export function populationSheet(records: readonly PopulationRecord[]): SheetSpec {
  return tableSheet(POPULATION_SHEET, POPULATION_COLUMNS, records.map((r) => ({ ...r })));
}

/** Records → a GeoJSON FeatureCollection of Points (properties by column key): what `parsePopulation` reads back. */
export function populationGeoJson(records: readonly PopulationRecord[]): Buffer {
  const features = records.map((r) => ({
    type: 'Feature', geometry: { type: 'Point', coordinates: [r.lng, r.lat] },
    properties: { regionCode: r.regionCode, people: r.people, cellSizeM: r.cellSizeM, label: r.label },
  }));
  return Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }), 'utf8');
}

/** The empty template: the header and a 说明 row naming each column's rule. */
export function populationTemplate(): SheetSpec {
  return tableSheet(POPULATION_SHEET, POPULATION_COLUMNS, [], {
    regionCode: '说明：必填，6/9 位区划代码（通常为乡镇街道），须在导入范围内',
    lng: '必填，WGS84 经度 73–136',
    lat: '必填，WGS84 纬度 3–54',
    people: '必填，常住人口，0–1000000 的整数',
    cellSizeM: '网格边长（米）；空表示按建筑（点）统计',
    label: '可选：建筑名称或网格编号，≤100 字',
  });
}
