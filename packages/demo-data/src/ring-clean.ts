/**
 * Repairs rings decoded from ECharts' quantised format. Quantising to 1/1024° (≈ 100 m) folds some vertices
 * onto each other, leaving spikes (A→B→A), back-tracks along a line and tiny loops of two or three grid steps;
 * those make the ring self-intersect, which PostGIS reports as invalid. Every step here only removes vertices,
 * so the shape changes by at most a few grid cells.
 */
import type { Position } from 'geojson';
import { ringSelfIntersection, signedRingArea } from './geo.ts';

function same(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function openRing(ring: readonly Position[]): Position[] {
  const out = ring.map((p) => [p[0] as number, p[1] as number]);
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first && last && same(first, last)) out.pop();
  return out;
}

function close(ring: Position[]): Position[] {
  const first = ring[0];
  return first ? [...ring, [first[0] as number, first[1] as number]] : ring;
}

/** Removes duplicates, spikes and collinear back-tracks until none is left (cyclic). */
function removeDegenerate(ring: Position[]): Position[] {
  let pts = ring;
  let changed = true;
  while (changed && pts.length > 3) {
    changed = false;
    const out: Position[] = [];
    const n = pts.length;
    for (let i = 0; i < n; i++) {
      const prev = out.length > 0 ? (out[out.length - 1] as Position) : (pts[(i - 1 + n) % n] as Position);
      const cur = pts[i] as Position;
      const next = pts[(i + 1) % n] as Position;
      if (same(prev, cur)) {
        changed = true;
        continue;
      }
      const ux = (cur[0] as number) - (prev[0] as number);
      const uy = (cur[1] as number) - (prev[1] as number);
      const vx = (next[0] as number) - (cur[0] as number);
      const vy = (next[1] as number) - (cur[1] as number);
      const cross = ux * vy - uy * vx;
      const dot = ux * vx + uy * vy;
      if (cross === 0 && dot <= 0) {
        changed = true;
        continue;
      }
      out.push(cur);
    }
    pts = out;
  }
  return pts;
}

/**
 * Returns a simple ring (closed, no self-intersections) made from `ring`'s vertices, cutting off the smaller
 * side of every crossing. Throws if it cannot converge, which would mean the input is not a quantised ring.
 */
export function cleanRing(ring: readonly Position[]): Position[] {
  let pts = removeDegenerate(openRing(ring));
  for (let guard = 0; guard < 10_000; guard++) {
    if (pts.length < 3) throw new Error('ring collapsed while cleaning');
    const closed = close(pts);
    const hit = ringSelfIntersection(closed);
    if (!hit) return closed;
    const [i, j] = hit;
    const n = pts.length;
    // Loop A = vertices i+1..j; loop B = the rest. Drop the one with fewer vertices.
    if (j - i <= n - (j - i)) pts = [...pts.slice(0, i + 1), ...pts.slice(j + 1)];
    else pts = pts.slice(i + 1, j + 1);
    pts = removeDegenerate(pts);
  }
  throw new Error('ring cleaning did not converge');
}

/**
 * Dissolves polygons that share exact edges into one ring: directed edges that occur in both directions are
 * interior and cancel; the remaining edges are chained into rings, of which the largest is returned first.
 * Inputs must be exterior rings with the same orientation.
 */
export function dissolveRings(rings: readonly Position[][]): Position[][] {
  const key = (a: Position, b: Position) => `${a[0]},${a[1]}>${b[0]},${b[1]}`;
  const edges = new Map<string, [Position, Position]>();
  for (const ring of rings) {
    const pts = openRing(ring);
    for (let i = 0; i < pts.length; i++) {
      const a = pts[i] as Position;
      const b = pts[(i + 1) % pts.length] as Position;
      if (same(a, b)) continue;
      const reverse = key(b, a);
      if (edges.has(reverse)) edges.delete(reverse);
      else edges.set(key(a, b), [a, b]);
    }
  }
  // Chain: from each start vertex follow the (first, in insertion order) outgoing edge.
  const outgoing = new Map<string, Array<[Position, Position]>>();
  for (const e of edges.values()) {
    const k = `${e[0][0]},${e[0][1]}`;
    const list = outgoing.get(k);
    if (list) list.push(e);
    else outgoing.set(k, [e]);
  }
  const result: Position[][] = [];
  for (const e of edges.values()) {
    const startKey = `${e[0][0]},${e[0][1]}`;
    const list = outgoing.get(startKey);
    if (!list || !list.includes(e)) continue;
    const ring: Position[] = [e[0]];
    let cur: [Position, Position] | undefined = e;
    while (cur) {
      const from = outgoing.get(`${cur[0][0]},${cur[0][1]}`);
      from?.splice(from.indexOf(cur), 1);
      ring.push(cur[1]);
      if (same(cur[1], e[0])) break;
      cur = outgoing.get(`${cur[1][0]},${cur[1][1]}`)?.[0];
    }
    if (ring.length >= 4 && same(ring[0] as Position, ring[ring.length - 1] as Position)) result.push(ring);
  }
  return result.sort((a, b) => Math.abs(signedRingArea(b)) - Math.abs(signedRingArea(a)));
}
