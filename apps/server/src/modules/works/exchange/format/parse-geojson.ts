/** GeoJSON reader: a FeatureCollection of Points, properties by field name or Chinese header, optional `units` array. */
import type { UnitImport } from '../../registry/works.repository.ts';
import { err } from './cells.ts';
import {
  MAX_IMPORT_ROWS, UNIT_COLUMNS, WORK_COLUMNS, normHeader, type Cell, type Crs, type ParseResult, type ParsedWork, type RowError,
} from './columns.ts';
import { buildUnit, buildWork, type Record_ } from './rows.ts';
import { ImportFormatError, decodeText } from './tables.ts';
import { finish } from './validate.ts';

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
    return { works: [], rejected: [], errors, totalRows: features.length, sheet };
  }
  const byName = new Map<string, string>();
  for (const c of WORK_COLUMNS) {
    byName.set(normHeader(c.zh), c.key);
    byName.set(c.key.toLowerCase(), c.key);
  }
  const works: Array<{ parsed: ParsedWork; ok: boolean }> = [];
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
    works.push(w);
  });
  // Units of GeoJSON features report against the feature itself.
  return finish(works, unitsByCode, errors, features.length, sheet, sheet);
}

