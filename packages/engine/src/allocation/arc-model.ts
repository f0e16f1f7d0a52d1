/**
 * The allocation's min-cost flow model inside the incremental network simplex: node per demand point, node per
 * shelter, one sink (last). Records which (demand, shelter) pair each arc stands for, so flows can be read back.
 */

import { NetworkSimplex } from '../mcf/network-simplex.ts';

/**
 * The simplex plus the (demand, shelter) of each real arc (−1 for the capacity and unassigned arcs).
 *
 * @example
 * const model = new ArcModel(nD, nS, people, nD + nS);
 * model.push(i, nD + j, bigCap, cost, i, j); // a pair arc; model.arcDemand[k] === i afterwards
 */
export class ArcModel {
  readonly ns: NetworkSimplex;
  arcDemand: Int32Array;
  arcShelter: Int32Array;
  constructor(nD: number, nS: number, people: Float64Array, hint: number) {
    const supply = new Float64Array(nD + nS + 1);
    let total = 0;
    for (let i = 0; i < nD; i++) {
      supply[i] = people[i]!;
      total += people[i]!;
    }
    supply[nD + nS] = -total;
    this.ns = new NetworkSimplex(supply, hint);
    this.arcDemand = new Int32Array(Math.max(16, hint));
    this.arcShelter = new Int32Array(this.arcDemand.length);
  }
  push(from: number, to: number, cap: number, cost: number, d: number, s: number): number {
    const k = this.ns.addArc(from, to, cap, cost);
    this.note(k, d, s);
    return k;
  }
  /** Records the pair of arc `k` (an arc the simplex added itself, e.g. a what-if's big-M arc: −1, no pair). */
  note(k: number, d = -1, s = -1): void {
    if (k >= this.arcDemand.length) {
      const a = new Int32Array(Math.max(k + 1, this.arcDemand.length * 2)), b = new Int32Array(a.length);
      a.set(this.arcDemand);
      b.set(this.arcShelter);
      this.arcDemand = a;
      this.arcShelter = b;
    }
    this.arcDemand[k] = d;
    this.arcShelter[k] = s;
  }
}

/** A solved model and how it was solved (the proof fields of the result). */
export interface SimplexSolve {
  model: ArcModel;
  pricingRounds: number;
  materialised: number;
  optimalOverAllPairs: boolean;
  /** Shelter prices π_sink − π_j clamped to [0, unassignedCost] (0 for shelters without room). */
  price: Int32Array;
  /** Per shelter: its capacity arc, or −1 (no room when solved). Absent for caller-given pairs. */
  capArc?: Int32Array;
  /**
   * Re-solves from this optimum after shelter capacities change to `cap` (the lazily priced model only): the basis is
   * kept (see `NetworkSimplex.setArcUpper`), the pricing rounds run again and the fields above are updated. False when
   * a big-M arc kept flow (the caller then solves from scratch).
   */
  resume?: (cap: Float64Array) => boolean;
}
