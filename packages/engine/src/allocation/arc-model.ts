/**
 * The allocation's min-cost flow model inside the incremental network simplex: node per demand point, node per
 * shelter, one sink (last). Records which (demand, shelter) pair each arc stands for, so flows can be read back.
 */

import { NetworkSimplex } from '../mcf/network-simplex.ts';

/**
 * The simplex plus the (demand, shelter) of each real arc (−1 for the capacity and unassigned arcs). Callers name
 * nodes as the model does (demand i, shelter nD + j, sink nD + nS); with `order` (the demand points along a
 * space-filling curve) the simplex numbers point `order[t]` as node t, so that the points of one neighbourhood sit
 * side by side in its node arrays. A moved subtree's potentials, the pricing block's π reads and the tree walks then
 * touch a few cache lines instead of one per point (XL's node arrays are several MB, past the core's L2 cache).
 * Numbering changes no pivot: arcs keep their order, and the tree the simplex builds is the same.
 *
 * @example
 * const model = new ArcModel(nD, nS, people, nD + nS);
 * model.push(i, nD + j, bigCap, cost, i, j); // a pair arc; model.arcDemand[k] === i afterwards
 */
export class ArcModel {
  readonly ns: NetworkSimplex;
  arcDemand: Int32Array;
  arcShelter: Int32Array;
  /**
   * Position of each pair arc's pair in the pair lists it was pushed from (−1 for other arcs, or when not given): a
   * what-if session reads the flows back by it instead of searching each point's list for the shelter.
   */
  arcPair: Int32Array;
  /** Simplex node of demand point i (identity without `order`). */
  private rank: Int32Array | null;
  /** The points' raw potentials in simplex order, reused by rawPotentialsInto. */
  private scratch: Float64Array | null = null;
  private readonly nD: number;
  constructor(nD: number, nS: number, people: Float64Array, hint: number, order: Int32Array | null = null) {
    this.nD = nD;
    let rank: Int32Array | null = null;
    if (order) {
      rank = new Int32Array(nD);
      for (let t = 0; t < nD; t++) rank[order[t]!] = t;
    }
    this.rank = rank;
    const supply = new Float64Array(nD + nS + 1);
    let total = 0;
    for (let i = 0; i < nD; i++) {
      supply[rank ? rank[i]! : i] = people[i]!;
      total += people[i]!;
    }
    supply[nD + nS] = -total;
    this.ns = new NetworkSimplex(supply, hint);
    this.arcDemand = new Int32Array(Math.max(16, hint));
    this.arcShelter = new Int32Array(this.arcDemand.length);
    this.arcPair = new Int32Array(this.arcDemand.length);
  }
  /** The simplex's number of model node u. */
  node(u: number): number {
    return this.rank && u < this.nD ? this.rank[u]! : u;
  }
  push(from: number, to: number, cap: number, cost: number, d: number, s: number, q = -1): number {
    const k = this.ns.addArc(this.node(from), this.node(to), cap, cost);
    this.note(k, d, s, q);
    return k;
  }
  /** Records the pair of arc `k` (an arc the simplex added itself, e.g. a what-if's big-M arc: −1, no pair). */
  note(k: number, d = -1, s = -1, q = -1): void {
    if (k >= this.arcDemand.length) {
      const n = Math.max(k + 1, this.arcDemand.length * 2);
      const a = new Int32Array(n), b = new Int32Array(n), c = new Int32Array(n);
      a.set(this.arcDemand);
      b.set(this.arcShelter);
      c.set(this.arcPair);
      this.arcDemand = a;
      this.arcShelter = b;
      this.arcPair = c;
    }
    this.arcDemand[k] = d;
    this.arcShelter[k] = s;
    this.arcPair[k] = q;
  }
  /**
   * Renames the demand points after a solve: the model's point p becomes point `order[p]` (a solve run on the points
   * reordered by `order` reads back in the caller's numbering). Arcs added later would still use the old names, so
   * the model must not be resumed afterwards.
   */
  relabelDemand(order: Int32Array): void {
    const { nD } = this;
    const rank = new Int32Array(nD);
    for (let p = 0; p < nD; p++) rank[order[p]!] = this.rank ? this.rank[p]! : p;
    this.rank = rank;
    const ad = this.arcDemand;
    for (let k = 0, m = this.ns.realArcCount; k < m; k++) if (ad[k]! >= 0) ad[k] = order[ad[k]!]!;
  }
  /** {@link NetworkSimplex.warmStart} with `treeArc` indexed by model node. */
  warmStart(arcFlow: ArrayLike<number>, treeArc: Int32Array): void {
    const { rank, nD } = this;
    let t = treeArc;
    if (rank) {
      t = treeArc.slice();
      for (let i = 0; i < nD; i++) t[rank[i]!] = treeArc[i]!;
    }
    this.ns.warmStart(arcFlow, t);
  }
  /** Raw potential of model node u (see {@link NetworkSimplex.potential}). */
  potential(u: number): number {
    return this.ns.potential(this.node(u));
  }
  /**
   * The raw potentials of every model node into `out` (model order): one copy and one pass over the points, instead
   * of a call per node (a what-if reads them all after each round).
   */
  rawPotentialsInto(out: Float64Array): void {
    const { rank, nD } = this;
    this.ns.rawPotentialsInto(out);
    if (!rank) return;
    const raw = (this.scratch ??= new Float64Array(nD));
    raw.set(out.subarray(0, nD));
    for (let i = 0; i < nD; i++) out[i] = raw[rank[i]!]!;
  }
  /** {@link NetworkSimplex.potentials} in model node order (the node order of `allocationToMcf`). */
  potentials(): Float64Array {
    const raw = this.ns.potentials();
    const { rank, nD } = this;
    if (!rank) return raw;
    const out = raw.slice();
    for (let i = 0; i < nD; i++) out[i] = raw[rank[i]!]!;
    return out;
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
