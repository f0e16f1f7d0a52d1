import { Type } from 'typebox';

/** GeoJSON (RFC 7946) response schemas: geometry passed through as parsed from ST_AsGeoJSON. */
export const GeometrySchema = Type.Object({ type: Type.String(), coordinates: Type.Unknown() });

export function featureCollectionSchema<P extends ReturnType<typeof Type.Object>>(properties: P) {
  return Type.Object({
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(
      Type.Object({
        type: Type.Literal('Feature'),
        id: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
        geometry: GeometrySchema,
        properties,
      }),
    ),
  });
}

export function featureCollection<P>(rows: Array<{ id?: number | string; geometry: string | object; properties: P }>) {
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      ...(r.id !== undefined ? { id: r.id } : {}),
      geometry: (typeof r.geometry === 'string' ? JSON.parse(r.geometry) : r.geometry) as { type: string; coordinates: unknown },
      properties: r.properties,
    })),
  };
}

export interface MultiPolygonGeometry { type: 'MultiPolygon'; coordinates: number[][][][] }

const isPosition = (p: unknown): p is number[] =>
  Array.isArray(p) && p.length >= 2 && p.length <= 3 && p.every((x) => typeof x === 'number' && Number.isFinite(x))
  && (p[0] as number) >= -180 && (p[0] as number) <= 180 && (p[1] as number) >= -90 && (p[1] as number) <= 90;
const isRing = (r: unknown): r is number[][] => {
  if (!Array.isArray(r) || r.length < 4 || !r.every(isPosition)) return false;
  const [a, b] = [r[0] as number[], r[r.length - 1] as number[]];
  return a[0] === b[0] && a[1] === b[1];
};
/** A stored closed ring as [longitude, latitude] pairs, copied point by point (nothing else it holds), or null. */
export function ringOrNull(r: unknown): Array<[number, number]> | null {
  return isRing(r) ? r.map((p) => [p[0]!, p[1]!]) : null;
}
const isPolygon = (p: unknown): p is number[][][] => Array.isArray(p) && p.length >= 1 && p.length <= 1000 && p.every(isRing);

/**
 * A Polygon or MultiPolygon as a MultiPolygon (2-D), or a reason in zh and en; null for no geometry (the caller says
 * whether one is required). Shared by the file importers that take outlines (zoning parcels, town outlines).
 */
export function boundaryOf(geometry: unknown): { ok: MultiPolygonGeometry | null } | { zh: string; en: string } {
  if (geometry === null || geometry === undefined) return { ok: null };
  const g = geometry as { type?: unknown; coordinates?: unknown };
  const flat = (poly: number[][][]) => poly.map((ring) => ring.map((p) => [p[0]!, p[1]!]));
  if (g.type === 'Polygon' && isPolygon(g.coordinates)) return { ok: { type: 'MultiPolygon', coordinates: [flat(g.coordinates)] } };
  if (g.type === 'MultiPolygon' && Array.isArray(g.coordinates) && g.coordinates.length >= 1 && g.coordinates.length <= 1000 && g.coordinates.every(isPolygon)) {
    return { ok: { type: 'MultiPolygon', coordinates: (g.coordinates as number[][][][]).map(flat) } };
  }
  return {
    zh: '几何应为 Polygon 或 MultiPolygon（WGS84 经纬度，闭合环至少 4 个点）',
    en: 'geometry should be a Polygon or MultiPolygon (WGS84 longitude/latitude, closed rings of at least 4 positions)',
  };
}
