/**
 * Warm start of the lazily priced simplex: a least-cost greedy assignment turned into a strongly feasible basis (the
 * shelter prices that order it come from the aggregated levels in allocate.ts).
 */

import type { ReachablePairs } from './reachable-pairs.ts';

/** The greedy assignment and the forest it forms (see {@link greedyBasis}). */
export interface GreedyBasis {
  remPeople: Float64Array;
  remCap: Float64Array;
  /** Per node (points, then shelters): the pair position of the edge it owns, or -1 (hangs from the sink). */
  owner: Int32Array;
  /** Per pair position: its edge number, or -1 when the greedy left it empty. */
  edgeOf: Int32Array;
  edgeFlow: Float64Array;
}

/**
 * Least-cost greedy ("minimum-cost method" of the transportation problem) over all reachable pairs cheaper than
 * leaving a person unassigned. Each positive edge exhausts the demand point or fills the shelter; it is *owned* by
 * the node it exhausted (the shelter on a tie). Owners' edges point to nodes exhausted later or never, so they form a
 * forest; every node without an edge hangs from the sink by its unassigned arc (demand) or its capacity arc (a
 * shelter with room left). Demand-owned edges point up on uncapacitated arcs and shelter-owned edges point down with
 * positive flow, so the resulting basis is strongly feasible.
 *
 * @example
 * const g = greedyBasis(nD, nS, people, cap, pairs, unassignedCost, null);
 * g.remPeople; // people the greedy could not place (they start on their unassigned arc)
 */
export function greedyBasis(nD: number, nS: number, people: Float64Array, cap: Float64Array, pairs: ReachablePairs, unassignedCost: number, price: Int32Array | null): GreedyBasis {
  const remPeople = people.slice(), remCap = cap.slice();
  const owner = new Int32Array(nD + nS).fill(-1);
  const P = pairs.cost.length;
  const edgeOf = new Int32Array(P).fill(-1);
  const edgeFlow = new Float64Array(nD + nS + 1);
  let nE = 0;
  const { cost, demand, shelter } = pairs;
  // Order by cost + shelter price (integers; cost alone without prices): a stable counting sort on the key over the
  // pairs the greedy can use at all (cheaper than unassigned, people and room at both ends). The sort writes each
  // pair's endpoints beside it, so the greedy below reads three sequential arrays instead of three random reads per
  // pair (on XL's 8.3 M pairs that was most of the warm start); same order, same basis.
  const key = new Int32Array(P);
  let maxKey = 0, live = 0;
  for (let q = 0; q < P; q++) {
    const j = shelter[q]!;
    if (cost[q]! >= unassignedCost || cap[j]! <= 0 || people[demand[q]!]! <= 0) {
      key[q] = -1;
      continue;
    }
    const k = price ? cost[q]! + price[j]! : cost[q]!;
    key[q] = k;
    if (k > maxKey) maxKey = k;
    live++;
  }
  const bucket = new Int32Array(maxKey + 2);
  for (let q = 0; q < P; q++) if (key[q]! >= 0) bucket[key[q]! + 1]!++;
  for (let c = 0; c <= maxKey; c++) bucket[c + 1] = bucket[c + 1]! + bucket[c]!;
  const oq = new Int32Array(live), oi = new Int32Array(live), oj = new Int32Array(live);
  for (let q = 0; q < P; q++) {
    const k = key[q]!;
    if (k < 0) continue;
    const t = bucket[k]!++;
    oq[t] = q;
    oi[t] = demand[q]!;
    oj[t] = shelter[q]!;
  }
  for (let t = 0; t < live; t++) {
    const i = oi[t]!, j = oj[t]!;
    const rp = remPeople[i]!, rc = remCap[j]!;
    if (rp <= 0 || rc <= 0) continue;
    const q = oq[t]!;
    const f = rp < rc ? rp : rc;
    edgeOf[q] = nE;
    edgeFlow[nE++] = f;
    remPeople[i] = rp - f;
    remCap[j] = rc - f;
    if (rc === f) owner[nD + j] = q;
    else owner[i] = q;
  }
  return { remPeople, remCap, owner, edgeOf, edgeFlow };
}
