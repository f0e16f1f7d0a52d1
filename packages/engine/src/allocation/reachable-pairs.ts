/**
 * The pair scan: every (demand point, shelter with room) pair within walking reach, found with one grid scan and
 * kept as cost-sorted lists per point. The warm start, the simplex's first arcs and every pricing round read them.
 */

import { GridIndex } from '../spatial/grid.ts';
import type { Prepared } from './prepare.ts';
import type { AllocationProblem } from './types.ts';
import { pairCost } from './walking-cost.ts';

/**
 * Every reachable (demand, live shelter) pair, as CSR lists per demand point sorted by ascending cost, plus the global
 * order of all pairs by ascending cost (ties in demand order). One grid scan; two counting-sort passes on the integer
 * costs. Pricing walks a point's list only while the cost can still beat the largest shelter potential, and the
 * final round's walk is what proves optimality over all pairs.
 */
export interface ReachablePairs {
  /** Pairs of demand `i` are positions `start[i] .. start[i+1]`. */
  start: Int32Array;
  shelter: Int32Array;
  cost: Int32Array;
  demand: Int32Array;
  /** All positions by ascending cost. */
  order: Int32Array;
  /**
   * The demand points along a Z-order (Morton) curve of their coordinates. The simplex takes its arcs in this order
   * (grouped by shelter), so each pricing block covers one neighbourhood: on the bench cities that saves about a fifth
   * of the pivots against the input order, which is arbitrary.
   */
  pointOrder: Int32Array;
}

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
  const start = new Int32Array(nD + 1);
  let genS = new Int32Array(Math.max(1024, nD * 8)), genC = new Int32Array(genS.length);
  let P = 0;
  let maxCost = 0;
  for (let i = 0; i < nD; i++) {
    start[i] = P;
    if (residualPeople[i]! <= 0) continue;
    const px = dx[i]!, py = dy[i]!;
    const [c0, c1, r0, r1] = grid.cellBox(px, py, reach * (1 + 1e-9));
    for (let row = r0; row <= r1; row++) {
      for (let col = c0; col <= c1; col++) {
        const c = row * cols + col;
        for (let k = cellStart[c]!; k < cellStart[c + 1]!; k++) {
          const j = live[items[k]!]!;
          const cost = pairCost(sx[j]! - px, sy[j]! - py, detour, maxD);
          if (cost < 0) continue;
          if (P === genS.length) {
            const a = new Int32Array(P * 2), b = new Int32Array(P * 2);
            a.set(genS);
            b.set(genC);
            genS = a;
            genC = b;
          }
          genS[P] = j;
          genC[P++] = cost;
          if (cost > maxCost) maxCost = cost;
        }
      }
    }
  }
  start[nD] = P;
  const demand = new Int32Array(P);
  for (let i = 0; i < nD; i++) demand.fill(i, start[i]!, start[i + 1]!);
  // Counting sort by cost (stable, so ties stay in demand order), then scatter into per-demand sorted lists.
  const bucket = new Int32Array(maxCost + 2);
  for (let k = 0; k < P; k++) bucket[genC[k]! + 1]!++;
  for (let c = 0; c <= maxCost; c++) bucket[c + 1] = bucket[c + 1]! + bucket[c]!;
  const order = new Int32Array(P);
  for (let k = 0; k < P; k++) order[bucket[genC[k]!]!++] = k;
  const fill = start.slice(0, nD);
  const shelter = new Int32Array(P), cost = new Int32Array(P);
  for (let t = 0; t < P; t++) {
    const k = order[t]!;
    const q = fill[demand[k]!]!++;
    shelter[q] = genS[k]!;
    cost[q] = genC[k]!;
    order[t] = q;
  }
  return { start, shelter, cost, demand, order, pointOrder: zOrder(dx, dy) };
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
  return Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => key[a]! - key[b]! || a - b);
}
