/**
 * The pair scan: every (demand point, shelter with room) pair within walking reach, found with one grid scan and
 * kept as cost-sorted lists per point. The warm start, the simplex's first arcs and every pricing round read them.
 */

import { GridIndex } from '../spatial/grid.ts';
import type { Prepared } from './prepare.ts';
import type { AllocationProblem } from './types.ts';
import { pairCost } from './walking-cost.ts';

/**
 * Every reachable (demand, live shelter) pair, as CSR lists per demand point sorted by ascending cost (ties in scan
 * order). One grid scan; each point's list is sorted where it was written (a few dozen pairs, in cache), instead of a
 * global counting sort whose scatter over every pair was most of the scan's time on the large cities. Pricing walks a
 * point's list only while the cost can still beat the largest shelter potential, and the final round's walk is what
 * proves optimality over all pairs.
 */
export interface ReachablePairs {
  /** Pairs of demand `i` are positions `start[i] .. start[i+1]`. */
  start: Int32Array;
  shelter: Int32Array;
  cost: Int32Array;
  demand: Int32Array;
  /**
   * The demand points along a Z-order (Morton) curve of their coordinates. The simplex takes its arcs in this order
   * (grouped by shelter), so each pricing block covers one neighbourhood: on the bench cities that saves about a fifth
   * of the pivots against the input order, which is arbitrary.
   */
  pointOrder: Int32Array;
  /** The pair positions by shelter, built on first use (see {@link pairsByShelter}). */
  byShelter?: PairsByShelter;
}

/** The transpose of the per-point lists: shelter j's pairs are `pair[start[j]] .. pair[start[j+1] − 1]`, by position. */
export interface PairsByShelter {
  start: Int32Array;
  pair: Int32Array;
}

/**
 * The pairs of each shelter (positions into the per-point lists, ascending), built once per pair scan and kept on it:
 * a what-if session's backward searches and its resumed pricing rounds both read them.
 *
 * @example
 * const { start, pair } = pairsByShelter(pairs, nS);
 * for (let t = start[j]; t < start[j + 1]; t++) pairs.demand[pair[t]]; // the points that can reach shelter j
 */
export function pairsByShelter(pairs: ReachablePairs, nS: number): PairsByShelter {
  if (pairs.byShelter && pairs.byShelter.start.length === nS + 1) return pairs.byShelter;
  const P = pairs.shelter.length;
  const start = new Int32Array(nS + 1);
  for (let q = 0; q < P; q++) start[pairs.shelter[q]! + 1]!++;
  for (let j = 0; j < nS; j++) start[j + 1] = start[j + 1]! + start[j]!;
  const fill = start.slice(0, nS);
  const pair = new Int32Array(P);
  for (let q = 0; q < P; q++) pair[fill[pairs.shelter[q]!]!++] = q;
  pairs.byShelter = { start, pair };
  return pairs.byShelter;
}

/** Lists longer than this are sorted natively on packed keys; shorter ones by insertion sort. */
const INSERTION_MAX = 64;

/**
 * Lists the reachable pairs of the residual problem (points with people left, shelters with room left; with
 * `allShelters`, closed shelters too, so a what-if can open them).
 *
 * @example
 * const pairs = reachablePairs(problem, prepare(problem));
 * pairs.shelter.subarray(pairs.start[0], pairs.start[1]); // point 0's shelters, nearest first
 */
export function reachablePairs(problem: AllocationProblem, prep: Prepared, allShelters = false): ReachablePairs {
  const { nD, nS, residualPeople, residualCap, detour, maxD } = prep;
  const sx = problem.shelters.x, sy = problem.shelters.y, dx = problem.demand.x, dy = problem.demand.y;
  // Only shelters with room can take flow; leaving the full ones out of the index keeps scans short.
  const live: number[] = [];
  for (let j = 0; j < nS; j++) if (allShelters || residualCap[j]! > 0) live.push(j);
  const lx = Float64Array.from(live, (j) => sx[j]!), ly = Float64Array.from(live, (j) => sy[j]!);
  const reach = maxD / detour;
  const grid = new GridIndex(lx, ly, Math.max(reach / 2, 1));
  const { cellStart, items, cols } = grid;
  // Shelter ids and coordinates in cell order: the scan reads them sequentially instead of through two indirections.
  const L = items.length;
  const gj = new Int32Array(L), gx = new Float64Array(L), gy = new Float64Array(L);
  for (let k = 0; k < L; k++) {
    const j = live[items[k]!]!;
    gj[k] = j;
    gx[k] = sx[j]!;
    gy[k] = sy[j]!;
  }
  // A squared-distance test rejects most of the box's shelters without a square root; it is loose by 1e-6 so that
  // every pair it lets through is decided by pairCost, the one definition of reach and cost.
  const loose = reach * (1 + 1e-6);
  const loose2 = loose * loose;
  const start = new Int32Array(nD + 1);
  let genS = new Int32Array(Math.max(1024, nD * 8)), genC = new Int32Array(genS.length);
  let keys = new Float64Array(0);
  let P = 0;
  for (let i = 0; i < nD; i++) {
    start[i] = P;
    if (residualPeople[i]! <= 0) continue;
    const px = dx[i]!, py = dy[i]!;
    const [c0, c1, r0, r1] = grid.cellBox(px, py, reach * (1 + 1e-9));
    for (let row = r0; row <= r1; row++) {
      for (let c = row * cols + c0, cEnd = row * cols + c1; c <= cEnd; c++) {
        for (let k = cellStart[c]!, kEnd = cellStart[c + 1]!; k < kEnd; k++) {
          const ox = gx[k]! - px, oy = gy[k]! - py;
          if (ox * ox + oy * oy > loose2) continue;
          const cost = pairCost(ox, oy, detour, maxD);
          if (cost < 0) continue;
          if (P === genS.length) {
            const a = new Int32Array(P * 2), b = new Int32Array(P * 2);
            a.set(genS);
            b.set(genC);
            genS = a;
            genC = b;
          }
          genS[P] = gj[k]!;
          genC[P++] = cost;
        }
      }
    }
    // Sort this point's list by cost, stably (equal costs keep the scan order).
    const a = start[i]!, len = P - a;
    if (len <= INSERTION_MAX) {
      for (let q = a + 1; q < P; q++) {
        const c = genC[q]!, j = genS[q]!;
        let r = q;
        while (r > a && genC[r - 1]! > c) {
          genC[r] = genC[r - 1]!;
          genS[r] = genS[r - 1]!;
          r--;
        }
        genC[r] = c;
        genS[r] = j;
      }
    } else {
      // cost · 2³² + offset: exact in a double (cost ≤ 10⁶ m), and the offset makes the native sort stable.
      if (keys.length < len) keys = new Float64Array(2 * len);
      const ks = keys.subarray(0, len);
      for (let t = 0; t < len; t++) ks[t] = genC[a + t]! * 4294967296 + t;
      ks.sort();
      const js = genS.slice(a, P);
      for (let t = 0; t < len; t++) {
        const off = ks[t]! % 4294967296;
        genC[a + t] = (ks[t]! - off) / 4294967296;
        genS[a + t] = js[off]!;
      }
    }
  }
  start[nD] = P;
  const demand = new Int32Array(P);
  for (let i = 0; i < nD; i++) demand.fill(i, start[i]!, start[i + 1]!);
  return { start, shelter: genS.slice(0, P), cost: genC.slice(0, P), demand, pointOrder: zOrder(dx, dy) };
}

/** Indices 0‥n−1 sorted by the Z-order key of (x, y) quantised to 16 bits per axis over the bounding box (ties: index). */
export function zOrder(x: Float64Array, y: Float64Array): Int32Array {
  const n = x.length;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    if (x[i]! < x0) x0 = x[i]!;
    if (x[i]! > x1) x1 = x[i]!;
    if (y[i]! < y0) y0 = y[i]!;
    if (y[i]! > y1) y1 = y[i]!;
  }
  const sx = 65535 / Math.max(x1 - x0, 1e-9), sy = 65535 / Math.max(y1 - y0, 1e-9);
  // Interleave the bits of two 16-bit integers (x in the even bits): the classic magic-number spread.
  const spread = (v: number): number => {
    v = (v | (v << 8)) & 0x00ff00ff;
    v = (v | (v << 4)) & 0x0f0f0f0f;
    v = (v | (v << 2)) & 0x33333333;
    return (v | (v << 1)) & 0x55555555;
  };
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) key[i] = spread(Math.floor((x[i]! - x0) * sx)) + 2 * spread(Math.floor((y[i]! - y0) * sy));
  if (n <= 1 << 21) {
    // key · 2²¹ + index is below 2⁵³, so a native numeric sort of the packed values gives the same order as the
    // comparator below without calling it n·log n times.
    for (let i = 0; i < n; i++) key[i] = key[i]! * 2097152 + i;
    key.sort();
    const out = new Int32Array(n);
    for (let t = 0; t < n; t++) out[t] = key[t]! % 2097152;
    return out;
  }
  return Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => key[a]! - key[b]! || a - b);
}
