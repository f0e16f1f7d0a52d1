/** Pure helpers of the siren map: audible-radius circles as polygons, and the sirens inside a drawn box. */
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';

const M_PER_DEG_LAT = 110_900;

/** A circle of `radiusM` metres round [lng, lat] as a polygon of `steps` sides (equirectangular: fine at city scale). */
export function circle(centre: [number, number], radiusM: number, steps = 48): Polygon {
  const [lng, lat] = centre;
  const kx = M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);
  const ring: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const a = (2 * Math.PI * (i % steps)) / steps;
    ring.push([lng + (radiusM * Math.cos(a)) / kx, lat + (radiusM * Math.sin(a)) / M_PER_DEG_LAT]);
  }
  return { type: 'Polygon', coordinates: [ring] };
}

/** Each point with a radius as its audible circle (points of radius 0 are left out). */
export function circles<P extends { radiusM: number }>(fc: FeatureCollection<Point, P> | null): FeatureCollection<Polygon, P> {
  return {
    type: 'FeatureCollection',
    features: (fc?.features ?? []).filter((f) => f.properties.radiusM > 0)
      .map((f): Feature<Polygon, P> => ({ type: 'Feature', properties: f.properties, geometry: circle(f.geometry.coordinates as [number, number], f.properties.radiusM) })),
  };
}

/** The ids of the points inside the box spanned by two corners (any order). */
export function idsInBox<P extends { id: number }>(fc: FeatureCollection<Point, P> | null, a: [number, number], b: [number, number]): number[] {
  const [w, e] = [Math.min(a[0], b[0]), Math.max(a[0], b[0])];
  const [s, n] = [Math.min(a[1], b[1]), Math.max(a[1], b[1])];
  return (fc?.features ?? []).filter((f) => {
    const [x, y] = f.geometry.coordinates as [number, number];
    return x >= w && x <= e && y >= s && y <= n;
  }).map((f) => f.properties.id);
}

/** The box spanned by two corners as a polygon, for drawing it. */
export function box(a: [number, number], b: [number, number]): Polygon {
  return { type: 'Polygon', coordinates: [[[a[0], a[1]], [b[0], a[1]], [b[0], b[1]], [a[0], b[1]], [a[0], a[1]]]] };
}
