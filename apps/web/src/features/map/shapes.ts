/** The drawing map holds a polygon as its corners; the API speaks GeoJSON. These convert between the two. */
import type { LngLat } from './DrawMap.tsx';

/** The outer ring of a (multi)polygon as the drawing map holds it: its corners, without the closing point. */
export function outerRing(g: unknown): LngLat[] {
  const geo = g as { type?: string; coordinates?: unknown } | null;
  const ring = geo?.type === 'Polygon' ? (geo.coordinates as LngLat[][])[0] : geo?.type === 'MultiPolygon' ? (geo.coordinates as LngLat[][][])[0]?.[0] : undefined;
  return ring ? ring.slice(0, -1).map((p) => [p[0], p[1]] as LngLat) : [];
}

export const sameRing = (a: readonly LngLat[], b: readonly LngLat[]) => a.length === b.length && a.every((p, i) => p[0] === b[i]![0] && p[1] === b[i]![1]);

/** Corners drawn on the map as a closed GeoJSON polygon (the first corner repeated at the end). */
export const closedPolygon = (corners: readonly LngLat[]) => ({ type: 'Polygon' as const, coordinates: [[...corners, corners[0]!]] });
