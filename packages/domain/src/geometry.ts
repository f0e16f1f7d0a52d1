/**
 * Plain checks of GeoJSON geometry as people draw or type it (the console before sending, the server before PostGIS):
 * coordinates that are finite longitude/latitude, rings that close, lines and rings with enough distinct points.
 * What PostGIS alone can judge (self-intersection) is left to it.
 */

export interface ShapeProblem {
  /** Where in the geometry, as a path below the field: `coordinates.0.3`. */
  path: string;
  rule: 'lnglat' | 'closed_ring' | 'too_few_points';
  zh: string;
  en: string;
}

type Position = readonly number[];

function positionProblem(p: Position, path: string): ShapeProblem | null {
  const [lng, lat] = p;
  const ok = p.length >= 2 && Number.isFinite(lng) && Number.isFinite(lat) && lng! >= -180 && lng! <= 180 && lat! >= -90 && lat! <= 90;
  return ok ? null : { path, rule: 'lnglat', zh: `坐标 ${path} 须为经度 -180～180、纬度 -90～90`, en: `${path} must be a longitude in -180…180 and a latitude in -90…90` };
}

const distinct = (ps: readonly Position[]) => new Set(ps.map((p) => `${p[0]},${p[1]}`)).size;

function ringProblems(ring: readonly Position[], path: string): ShapeProblem[] {
  const out = ring.flatMap((p, i) => positionProblem(p, `${path}.${i}`) ?? []);
  if (out.length > 0) return out;
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (ring.length < 4 || distinct(ring) < 3) {
    out.push({ path, rule: 'too_few_points', zh: `面的环 ${path} 至少需要 3 个不同的点`, en: `ring ${path} needs at least 3 distinct points` });
  } else if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) {
    out.push({ path, rule: 'closed_ring', zh: `面的环 ${path} 未闭合：首尾两点须相同`, en: `ring ${path} is not closed: its first and last points must be the same` });
  }
  return out;
}

/**
 * The problems of a Point, LineString, Polygon or MultiPolygon (an empty list when there are none).
 * @example shapeProblems({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] })[0]?.rule // 'closed_ring'
 */
export function shapeProblems(g: { type: string; coordinates: unknown }): ShapeProblem[] {
  const c = g.coordinates as never;
  switch (g.type) {
    case 'Point': return [positionProblem(c, 'coordinates')].flatMap((p) => p ?? []);
    case 'LineString': {
      const line = c as Position[];
      const out = line.flatMap((p, i) => positionProblem(p, `coordinates.${i}`) ?? []);
      if (out.length === 0 && distinct(line) < 2) {
        out.push({ path: 'coordinates', rule: 'too_few_points', zh: '线至少需要 2 个不同的点', en: 'a line needs at least 2 distinct points' });
      }
      return out;
    }
    case 'Polygon': return (c as Position[][]).flatMap((ring, i) => ringProblems(ring, `coordinates.${i}`));
    case 'MultiPolygon': return (c as Position[][][]).flatMap((poly, j) => poly.flatMap((ring, i) => ringProblems(ring, `coordinates.${j}.${i}`)));
    default: return [];
  }
}

/**
 * Whether a point lies inside a ring (even-odd rule; closed or not, in plane longitude/latitude, which at a city's
 * scale is what PostGIS's ST_Covers answers, but for points exactly on an edge). The console counts the sirens in an
 * area being drawn with it, before the server decides.
 * @example pointInRing([0.5, 0.5], [[0, 0], [1, 0], [1, 1], [0, 1]]) // true
 */
export function pointInRing(point: Position, ring: readonly Position[]): boolean {
  const [x, y] = point as [number, number];
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
