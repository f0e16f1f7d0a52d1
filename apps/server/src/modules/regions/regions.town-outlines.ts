/**
 * The file of the town-outline import (乡镇/街道边界): a GeoJSON FeatureCollection, one feature per town with its
 * code (9 digits, `code` or `代码`) or its name (`name` or `名称`) and a Polygon or MultiPolygon of closed rings in
 * WGS84 longitude/latitude. Pure: the database checks (validity, inside the district, known towns) come after, in
 * the service. Anything that is not such a collection is listed, never thrown.
 */
import { boundaryOf, type MultiPolygonGeometry } from '../../lib/geojson.ts';

/** Features one import takes (Nantong has 136 towns; a province about 1,300). */
export const MAX_TOWN_OUTLINES = 5_000;

export interface TownOutlineProblem { at: string; zh: string; en: string }
export interface TownOutlineFeature { index: number; code: string | null; name: string | null; geometry: MultiPolygonGeometry }

const text = (v: unknown): string | null => {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t.slice(0, 100);
};

export function parseTownOutlines(data: Buffer | string): { features: TownOutlineFeature[]; errors: TownOutlineProblem[] } {
  const errors: TownOutlineProblem[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch {
    return { features: [], errors: [{ at: 'GeoJSON', zh: '不是有效的 JSON 文本', en: 'is not valid JSON text' }] };
  }
  const fc = doc as { type?: unknown; features?: unknown };
  if (typeof doc !== 'object' || doc === null || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    return { features: [], errors: [{ at: 'GeoJSON', zh: '应为 GeoJSON FeatureCollection', en: 'should be a GeoJSON FeatureCollection' }] };
  }
  if (fc.features.length === 0) return { features: [], errors: [{ at: 'GeoJSON', zh: '没有任何要素', en: 'holds no feature' }] };
  if (fc.features.length > MAX_TOWN_OUTLINES) {
    return { features: [], errors: [{ at: 'GeoJSON', zh: `要素数 ${fc.features.length} 超过上限 ${MAX_TOWN_OUTLINES}`, en: `${fc.features.length} features, more than the ${MAX_TOWN_OUTLINES} limit` }] };
  }
  const features: TownOutlineFeature[] = [];
  (fc.features as unknown[]).forEach((f, index) => {
    const at = `GeoJSON!features[${index}]`;
    const feature = (typeof f === 'object' && f !== null ? f : {}) as { type?: unknown; properties?: unknown; geometry?: unknown };
    const props = (typeof feature.properties === 'object' && feature.properties !== null ? feature.properties : {}) as Record<string, unknown>;
    let ok = true;
    const fail = (zh: string, en: string) => {
      errors.push({ at, zh, en });
      ok = false;
    };
    if (feature.type !== 'Feature') fail('应为 Feature', 'should be a Feature');
    const code = text(props.code ?? props['代码']);
    const name = text(props.name ?? props['名称']);
    if (code !== null && !/^\d{9}$/.test(code)) fail(`代码 code：「${code}」不是 9 位乡级区划代码`, `code: "${code}" is not a 9-digit town code`);
    if (code === null && name === null) fail('代码 code / 名称 name：至少填写一项以确定乡镇', 'code / name: give at least one to tell which town it is');
    const b = boundaryOf(feature.geometry);
    if (!('ok' in b)) fail(`几何 geometry：${b.zh}`, `geometry: ${b.en}`);
    else if (b.ok === null) fail('几何 geometry：缺少边界', 'geometry: missing; a town outline needs one');
    if (ok && 'ok' in b && b.ok) features.push({ index, code, name, geometry: b.ok });
  });
  return { features, errors };
}
