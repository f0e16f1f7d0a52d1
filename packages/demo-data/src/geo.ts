/**
 * Small planar geometry helpers on [lng, lat] degrees. Nantong spans about 1.8° × 1.2°, so a local
 * equirectangular projection (metres = degrees × 111,320 × cos φ) is accurate to well under 1 % here.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

export type LngLat = [number, number];
export type BBox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

export const METRES_PER_DEGREE_LAT = 111_320;
/** Reference latitude for Nantong's local projection. */
export const REF_LAT = 32.1;
export const METRES_PER_DEGREE_LNG = METRES_PER_DEGREE_LAT * Math.cos((REF_LAT * Math.PI) / 180);

export function polygonsOf(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function bboxOf(geometry: Polygon | MultiPolygon): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of polygonsOf(geometry)) {
    for (const p of poly[0] ?? []) {
      const x = p[0] ?? 0;
      const y = p[1] ?? 0;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** Even-odd ray casting on one ring. */
function inRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i] as Position;
    const b = ring[j] as Position;
    const ax = a[0] as number;
    const ay = a[1] as number;
    const bx = b[0] as number;
    const by = b[1] as number;
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
  }
  return inside;
}

/** True when the point lies inside the (multi)polygon: inside an exterior ring and outside its holes. */
export function pointInGeometry(point: readonly number[], geometry: Polygon | MultiPolygon): boolean {
  const x = point[0] ?? NaN;
  const y = point[1] ?? NaN;
  for (const poly of polygonsOf(geometry)) {
    const outer = poly[0];
    if (!outer || !inRing(x, y, outer)) continue;
    let inHole = false;
    for (let h = 1; h < poly.length; h++) {
      if (inRing(x, y, poly[h] as Position[])) {
        inHole = true;
        break;
      }
    }
    if (!inHole) return true;
  }
  return false;
}

/** Signed shoelace area in square degrees: positive when counter-clockwise. */
export function signedRingArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i] as Position;
    const b = ring[j] as Position;
    sum += ((b[0] as number) - (a[0] as number)) * ((b[1] as number) + (a[1] as number));
  }
  return sum / 2;
}

/** Area in km² (local projection). */
export function areaKm2(geometry: Polygon | MultiPolygon): number {
  let deg2 = 0;
  for (const poly of polygonsOf(geometry)) {
    poly.forEach((ring, i) => {
      const a = Math.abs(signedRingArea(ring));
      deg2 += i === 0 ? a : -a;
    });
  }
  return (deg2 * METRES_PER_DEGREE_LAT * METRES_PER_DEGREE_LNG) / 1e6;
}

/** Area-weighted centroid of the exterior rings (holes ignored: none occur in the source data). */
export function centroidOf(geometry: Polygon | MultiPolygon): LngLat {
  let cx = 0;
  let cy = 0;
  let total = 0;
  for (const poly of polygonsOf(geometry)) {
    const ring = poly[0] ?? [];
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[j] as Position;
      const b = ring[i] as Position;
      const ax = a[0] as number;
      const ay = a[1] as number;
      const bx = b[0] as number;
      const by = b[1] as number;
      const cross = ax * by - bx * ay;
      cx += (ax + bx) * cross;
      cy += (ay + by) * cross;
      total += cross;
    }
  }
  return [cx / (3 * total), cy / (3 * total)];
}

/** Closes the ring (first = last) and orients it: exterior counter-clockwise, holes clockwise (RFC 7946 §3.1.6). */
export function normaliseRing(ring: Position[], exterior: boolean): Position[] {
  const out = ring.map((p) => [p[0] as number, p[1] as number]);
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0] as number, first[1] as number]);
  // Drop consecutive duplicates: the quantised source repeats vertices.
  const dedup: Position[] = [];
  for (const p of out) {
    const prev = dedup[dedup.length - 1];
    if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) dedup.push(p);
  }
  const ccw = signedRingArea(dedup) > 0;
  if (ccw !== exterior) dedup.reverse();
  return dedup;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/**
 * Finds the first pair of non-adjacent edges of a closed ring that intersect (or touch), or null when the
 * ring is simple. O(n²): meant for tests and one-off validation, not hot paths.
 */
export function ringSelfIntersection(ring: readonly Position[]): [number, number] | null {
  const n = ring.length - 1; // edges; ring is closed
  for (let i = 0; i < n; i++) {
    const a = ring[i] as Position;
    const b = ring[i + 1] as Position;
    const minAx = Math.min(a[0] as number, b[0] as number);
    const maxAx = Math.max(a[0] as number, b[0] as number);
    const minAy = Math.min(a[1] as number, b[1] as number);
    const maxAy = Math.max(a[1] as number, b[1] as number);
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // first and last edges share the closing vertex
      const c = ring[j] as Position;
      const d = ring[j + 1] as Position;
      if (Math.max(c[0] as number, d[0] as number) < minAx || Math.min(c[0] as number, d[0] as number) > maxAx) continue;
      if (Math.max(c[1] as number, d[1] as number) < minAy || Math.min(c[1] as number, d[1] as number) > maxAy) continue;
      const [ax, ay, bx, by] = [a[0] as number, a[1] as number, b[0] as number, b[1] as number];
      const [cx, cy, dx, dy] = [c[0] as number, c[1] as number, d[0] as number, d[1] as number];
      const o1 = orient(ax, ay, bx, by, cx, cy);
      const o2 = orient(ax, ay, bx, by, dx, dy);
      const o3 = orient(cx, cy, dx, dy, ax, ay);
      const o4 = orient(cx, cy, dx, dy, bx, by);
      if (o1 !== o2 && o3 !== o4) return [i, j];
      if (o1 === 0 && o2 === 0 && o3 === 0 && o4 === 0) return [i, j]; // collinear overlap
    }
  }
  return null;
}

/** Distance in metres between two points (local projection). */
export function distanceM(a: readonly number[], b: readonly number[]): number {
  const dx = ((a[0] as number) - (b[0] as number)) * METRES_PER_DEGREE_LNG;
  const dy = ((a[1] as number) - (b[1] as number)) * METRES_PER_DEGREE_LAT;
  return Math.hypot(dx, dy);
}

/** Moves a point by metres east and north. */
export function offsetM(p: readonly number[], eastM: number, northM: number): LngLat {
  return [(p[0] as number) + eastM / METRES_PER_DEGREE_LNG, (p[1] as number) + northM / METRES_PER_DEGREE_LAT];
}

/** Rounds to 6 decimals (~0.1 m), so JSON output is short and stable. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function roundPoint(p: readonly number[]): LngLat {
  return [round6(p[0] as number), round6(p[1] as number)];
}
