/**
 * Incremental what-if: after one shelter's capacity changes (0 = the shelter is closed; a shelter given with capacity
 * 0 can be opened), the optimum is repaired from the previous one instead of solved again.
 *
 * State: the optimal flow on every reachable pair and node potentials π (point i, shelter j, sink t; reduced cost of
 * arc u→v is c + π_u − π_v, the convention of the network simplex and of `checkMcfCertificate`). Optimality is
 * "no residual arc with a negative reduced cost". A change breaks it only locally:
 * - **Less capacity than load**: people are taken off the shelter (their points get an excess); the potentials stay
 *   valid, and each excess is routed by a shortest path (Dijkstra on reduced costs) to a shelter with room or to a
 *   point whose people are already unassigned (or its own unassigned arc) — successive shortest paths.
 * - **Room at a shelter with a positive price** (π_j < π_t): the capacity arc is counted full (pseudoflow), which
 *   leaves a deficit at the shelter and an excess at the sink; shortest paths from the sink to the shelter (found by a
 *   Dijkstra run backwards from the shelter: points that could move there, the shelters they use, up to a point with
 *   people unassigned or a shelter giving a place back) settle it, the sink's direct arc back to the shelter (= the
 *   room stays empty, at the price's reduced cost) included.
 * After each path the potentials of the nodes the search settled move by the difference between their distance and
 * the path's length, which keeps every reduced cost ≥ 0 and makes the path tight (Johnson). The forward search runs
 * over shelters: from a shelter it reaches the points that use it at the same distance, from a point its cost-sorted
 * pairs (stopping once no shelter can beat the best path). How far a repair spreads depends on how far the displaced
 * people must go: a shelter in a saturated district can push people across it. So a repair has a work budget; past it
 * the session resumes the last network-simplex solve from its optimal tree with the new capacities (the basis kept
 * feasible by big-M arcs, `NetworkSimplex.setArcUpper`), which makes only the pivots the change needs; should that
 * ever fail, it solves from scratch. A final scan of every pair re-checks the certificate, and `result.potentials`
 * prove the optimum (`checkMcfCertificate` on `allocationToMcf`).
 */

import { EngineError } from '../errors.ts';
import { assembleResult, type OptimalFlows } from './assemble-result.ts';
import { allocate, solveOverReachablePairs } from './allocate.ts';
import { handleGroups } from './groups.ts';
import { checkShape, effectiveCapacity, prepare, type Prepared } from './prepare.ts';
import { pairsByShelter, reachablePairs, type ReachablePairs } from './reachable-pairs.ts';
import type { AllocationProblem, AllocationProof, AllocationResult } from './types.ts';
import type { SimplexSolve } from './arc-model.ts';

/** A solved allocation that can be changed one shelter at a time. */
export interface AllocationSession {
  /** The current optimum. */
  readonly result: AllocationResult;
  /** The current problem (shelter capacities as changed so far). */
  readonly problem: AllocationProblem;
  /**
   * Sets shelter `j`'s capacity (0 closes it) and re-solves from the current optimum. Returns the new result, exact
   * and certified like `allocate`'s: `result.proof.optimalOverAllPairs` is the final scan's verdict.
   */
  setCapacity(j: number, capacity: number): AllocationResult;
}

/** Binary min-heap of (key, node) with lazy deletion, on typed arrays. */
class Heap {
  key = new Float64Array(1024);
  val = new Int32Array(1024);
  size = 0;
  push(k: number, v: number): void {
    if (this.size === this.key.length) {
      const a = new Float64Array(this.size * 2), b = new Int32Array(this.size * 2);
      a.set(this.key);
      b.set(this.val);
      this.key = a;
      this.val = b;
    }
    const { key, val } = this;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (key[p]! <= k) break;
      key[i] = key[p]!;
      val[i] = val[p]!;
      i = p;
    }
    key[i] = k;
    val[i] = v;
  }
  pop(): void {
    const { key, val } = this;
    const n = --this.size;
    if (n === 0) return;
    const k = key[n]!, v = val[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && key[c + 1]! < key[c]!) c++;
      if (key[c]! >= k) break;
      key[i] = key[c]!;
      val[i] = val[c]!;
      i = c;
    }
    key[i] = k;
    val[i] = v;
  }
}

// How a search path ends (or starts, for searches from the sink).
const END_SHELTER = 0; // a shelter with room, then its capacity arc to the sink (backward: a shelter giving back)
const END_UNASSIGNED = 1; // a point's unassigned arc to the sink
const END_DIRECT = 2; // the sink's arc straight back to the shelter with a deficit (its room stays empty)

/** A repair that would cost more than resuming the simplex: the session resumes it instead. */
class OverBudget extends Error {}

/**
 * Work a repair may spend, in multiples of the pair count, before the session resumes the simplex instead. Measured on
 * L (bench): a repair within half a pass (shelter 3 closed: 130 paths, 0.47 passes) costs about what the resumed
 * simplex does (0.14× vs 0.13–0.18× a solve from scratch, CPU time), while repairs that spread (shelter 100 closed,
 * shelter 10 +50 %, most closures) take 7 passes and more, and every pass spent before giving up is lost. So the
 * budget only lets the small repairs through (a few dozen paths): with half a pass, shelter 100 closed took 310–370 ms
 * CPU, with a tenth 230–280 ms (the same resumed simplex after 15 ms instead of 70–90 ms of lost repair).
 */
const REPAIR_BUDGET_PASSES = 0.1;

/** The transportation state: pairs, flows, potentials, and the shortest-path repair. */
class TransportState {
  readonly flow: Float64Array;
  readonly unassigned: Float64Array;
  readonly load: Float64Array;
  readonly piP: Float64Array;
  readonly piS: Float64Array;
  piT = 0;
  private readonly users: number[][];
  private readonly listed: Uint8Array;
  // Search scratch (valid when the stamp matches).
  private readonly distS: Float64Array;
  private readonly seenS: Int32Array;
  private readonly doneS: Int32Array;
  private readonly predS: Int32Array;
  private readonly distP: Float64Array;
  private readonly doneP: Int32Array;
  private readonly seenP: Int32Array;
  /** Pair positions by shelter (the transpose of the per-point lists), for the backward search. */
  private readonly bySStart: Int32Array;
  private readonly bySPair: Int32Array;
  private readonly predP: Int32Array;
  private readonly settledS: Int32Array;
  private readonly settledP: Int32Array;
  private readonly heap = new Heap();
  private stamp = 0;
  searches = 0;
  /** Pairs and users scanned by the searches so far, and the limit past which a repair gives up (see the session). */
  work = 0;
  budget = Infinity;
  /** People the current repair must move (displaced, or room to fill), and how many its paths have moved so far. */
  toMove = 0;
  moved = 0;
  /**
   * The work one search of a capacity cut's repair may do: budget × the most one path moves (the largest excess) /
   * toMove (the paths still needed at least, each assumed to cost as much): a repair whose first search already
   * passes it would pass the budget (on L, closing shelter 100 gave up after 16–19 ms of search before this, 6 ms with
   * it). A fill's paths have no such bound (the last one may move all the room), so it keeps Infinity.
   */
  searchLimit = Infinity;

  constructor(
    readonly nD: number,
    readonly nS: number,
    readonly people: Float64Array,
    readonly cap: Float64Array,
    readonly pairs: ReachablePairs,
    readonly U: number,
  ) {
    const P = pairs.shelter.length;
    this.flow = new Float64Array(P);
    this.unassigned = new Float64Array(nD);
    this.load = new Float64Array(nS);
    this.piP = new Float64Array(nD);
    this.piS = new Float64Array(nS);
    this.users = Array.from({ length: nS }, () => []);
    this.listed = new Uint8Array(P);
    this.distS = new Float64Array(nS);
    this.seenS = new Int32Array(nS);
    this.doneS = new Int32Array(nS);
    this.predS = new Int32Array(nS);
    this.distP = new Float64Array(nD);
    this.doneP = new Int32Array(nD);
    this.seenP = new Int32Array(nD);
    const byShelter = pairsByShelter(pairs, nS);
    this.bySStart = byShelter.start;
    this.bySPair = byShelter.pair;
    this.predP = new Int32Array(nD);
    this.settledS = new Int32Array(nS);
    this.settledP = new Int32Array(nD);
  }

  /**
   * Back to no flow (potentials are overwritten by the caller), keeping the arrays and the pair transpose. Every pair
   * with flow is in its shelter's user list (addFlow lists it, only a search unlists it, once its flow is 0), so
   * zeroing the listed pairs clears the flow: a few ten thousand writes instead of filling two arrays as long as the
   * pair list (1.9 M on L).
   */
  clear(): this {
    const { flow, listed } = this;
    for (const list of this.users) {
      for (let t = 0; t < list.length; t++) {
        const q = list[t]!;
        flow[q] = 0;
        listed[q] = 0;
      }
      list.length = 0;
    }
    this.unassigned.fill(0);
    this.load.fill(0);
    return this;
  }

  /**
   * While a repair runs: every flow change as (pair, amount), and the unassigned people and loads before it, so that a
   * repair given up is undone and the state is again the last simplex solve's (see {@link TransportState.rollback}).
   */
  private journal: number[] | null = null;
  private unassignedBefore: Float64Array | null = null;
  private loadBefore: Float64Array | null = null;

  /** Starts recording the changes of a repair (see {@link TransportState.rollback}). */
  beginRepair(): void {
    this.journal = [];
    this.unassignedBefore = this.unassigned.slice();
    this.loadBefore = this.load.slice();
  }

  /** The repair stands: stops recording. Returns whether it changed any flow. */
  commitRepair(): boolean {
    const changed = this.journal !== null && this.journal.length > 0;
    this.journal = this.unassignedBefore = this.loadBefore = null;
    return changed;
  }

  /**
   * Undoes the repair since {@link TransportState.beginRepair}: flows, unassigned people and loads as they were, every
   * pair with flow listed again (a search unlists pairs whose flow went to 0). Potentials are not restored: the caller
   * overwrites them with the simplex's.
   */
  rollback(): void {
    const { journal, flow, listed, users } = this;
    const { shelter } = this.pairs;
    for (let t = journal!.length - 2; t >= 0; t -= 2) {
      const q = journal![t]!;
      flow[q] = flow[q]! - journal![t + 1]!;
      if (flow[q]! > 0 && !listed[q]) {
        listed[q] = 1;
        users[shelter[q]!]!.push(q);
      }
    }
    this.unassigned.set(this.unassignedBefore!);
    this.load.set(this.loadBefore!);
    this.commitRepair();
  }

  addFlow(q: number, f: number): void {
    if (this.journal) this.journal.push(q, f);
    this.flow[q] = this.flow[q]! + f;
    const j = this.pairs.shelter[q]!;
    this.load[j] = this.load[j]! + f;
    if (f > 0 && !this.listed[q]) {
      this.listed[q] = 1;
      this.users[j]!.push(q);
    }
  }

  /**
   * Keeps shelters with no load and room at the sink's potential (price 0): allowed, because only the reduced costs
   * of empty arcs into them rise, and it keeps π_j ≤ π_t, the bound the cost-sorted pair scan stops on.
   */
  levelEmptyShelters(): void {
    for (let j = 0; j < this.nS; j++) if (this.load[j] === 0 && this.cap[j]! > 0) this.piS[j] = this.piT;
  }

  /**
   * Potential of a shelter being opened (it had no capacity, so no arc to the sink and no flow): the highest value
   * ≤ π_t that keeps c + π_i − π_j ≥ 0 on its pairs. Below π_t means points want it: the caller settles that deficit.
   */
  openShelter(j: number): void {
    const { pairs, piP } = this;
    let low = this.piT;
    for (let q = 0; q < pairs.shelter.length; q++) {
      if (pairs.shelter[q] !== j) continue;
      const v = pairs.cost[q]! + piP[pairs.demand[q]!]!;
      if (v < low) low = v;
    }
    this.piS[j] = low;
  }

  /** Takes `amount` people off shelter `j` (capacity cut below its load); returns the points left with an excess. */
  displace(j: number, amount: number, excess: Float64Array): number[] {
    const touched: number[] = [];
    const list = this.users[j]!;
    for (let t = list.length - 1; t >= 0 && amount > 0; t--) {
      const q = list[t]!;
      const f = Math.min(this.flow[q]!, amount);
      if (f <= 0) continue;
      if (this.journal) this.journal.push(q, -f);
      this.flow[q] = this.flow[q]! - f;
      this.load[j] = this.load[j]! - f;
      const i = this.pairs.demand[q]!;
      if (excess[i] === 0) touched.push(i);
      excess[i] = excess[i]! + f;
      amount -= f;
    }
    return touched;
  }

  /**
   * Gives up once the repair has spent its budget, or once the paths so far, extrapolated to all the people still to
   * move, would: the work per person moved only grows as the cheap room fills up, so a repair projected past its
   * budget after a few paths is abandoned then instead of after the whole budget (which is lost work: on L, closing a
   * shelter in a full district projects past it after its first paths).
   */
  private checkBudget(): void {
    if (this.work > this.budget || (this.moved > 0 && this.work * this.toMove > this.budget * this.moved)) throw new OverBudget();
  }

  /** Routes `excess` people of point i0 by successive shortest paths (see the module comment). */
  routeExcess(i0: number, excess: number): void {
    while (excess > 0) {
      this.checkBudget();
      const moved = this.search(i0, excess);
      excess -= moved;
      this.moved += moved;
    }
  }

  /**
   * Settles a deficit of `amount` at shelter `target` (room at a positive price: its capacity arc counted full) by
   * shortest paths from the sink to it, each found by a Dijkstra run backwards from the shelter.
   */
  fillDeficit(target: number, amount: number): void {
    while (amount > 0) {
      this.checkBudget();
      const moved = this.reverseSearch(target, amount);
      amount -= moved;
      this.moved += moved;
    }
    this.levelEmptyShelters();
  }

  /**
   * One backward Dijkstra from shelter `target` (distances *to* it) over the reversed residual arcs, until the sink:
   * into a shelter come the pairs of the points that could move there (reduced cost c + π_i − π_j) and the sink's arc
   * back into a shelter that holds people (π_t − π_j: that shelter gives one back); into a point come the shelters it
   * already uses (reduced cost 0) and the sink when people of the point are unassigned (0). The sink's direct arc back
   * to `target` (π_t − π_target) leaves the room empty. Then one augmentation; returns the amount moved.
   */
  private reverseSearch(target: number, amount: number): number {
    const { pairs, load, flow, unassigned, piP, piS, piT, distS, seenS, doneS, predS, distP, seenP, doneP, predP, settledS, settledP, heap, bySStart, bySPair } = this;
    const { start, shelter, cost, demand } = pairs;
    const nS = this.nS;
    const stamp = ++this.stamp;
    this.searches++;
    heap.size = 0;
    let nSetS = 0, nSetP = 0, work = 0;
    let best = piT - piS[target]!;
    let endKind = END_DIRECT, endNode = target;
    seenS[target] = stamp;
    distS[target] = 0;
    heap.push(0, target);
    while (heap.size > 0) {
      const d = heap.key[0]!, v = heap.val[0]!;
      if (d >= best) break;
      heap.pop();
      if (v < nS) {
        const j = v;
        if (doneS[j] === stamp || distS[j] !== d) continue;
        doneS[j] = stamp;
        settledS[nSetS++] = j;
        if (j !== target && load[j]! > 0 && d + piT - piS[j]! < best) {
          best = d + piT - piS[j]!;
          endKind = END_SHELTER;
          endNode = j;
        }
        const pj = piS[j]!;
        work += bySStart[j + 1]! - bySStart[j]!;
        for (let t = bySStart[j]!, e = bySStart[j + 1]!; t < e; t++) {
          const q = bySPair[t]!;
          const i = demand[q]!;
          if (doneP[i] === stamp) continue;
          const di = d + cost[q]! + piP[i]! - pj;
          if (di >= best || (seenP[i] === stamp && distP[i]! <= di)) continue;
          seenP[i] = stamp;
          distP[i] = di;
          predP[i] = q;
          heap.push(di, nS + i);
        }
      } else {
        const i = v - nS;
        if (doneP[i] === stamp || distP[i] !== d) continue;
        doneP[i] = stamp;
        settledP[nSetP++] = i;
        if (unassigned[i]! > 0 && d < best) {
          best = d;
          endKind = END_UNASSIGNED;
          endNode = i;
          continue;
        }
        work += start[i + 1]! - start[i]!;
        for (let q = start[i]!, e = start[i + 1]!; q < e; q++) {
          if (flow[q]! <= 0) continue;
          const j = shelter[q]!;
          if (doneS[j] === stamp || (seenS[j] === stamp && distS[j]! <= d)) continue;
          seenS[j] = stamp;
          distS[j] = d;
          predS[j] = q;
          heap.push(d, j);
        }
      }
    }
    this.work += work;
    // From the sink's end of the path to `target`: bottleneck, then the augmentation.
    let delta = amount;
    if (endKind !== END_DIRECT) {
      for (let pass = 0; pass < 2; pass++) {
        let i = -1, j = -1;
        if (endKind === END_UNASSIGNED) {
          i = endNode;
          if (pass === 0) delta = Math.min(delta, unassigned[i]!);
          else unassigned[i] = unassigned[i]! - delta;
        } else j = endNode;
        for (;;) {
          if (j >= 0) {
            if (j === target) break;
            // The shelter gives back one of its people's places: that flow arc carries less.
            const qb = predS[j]!;
            if (pass === 0) delta = Math.min(delta, flow[qb]!);
            else this.addFlow(qb, -delta);
            i = demand[qb]!;
            j = -1;
          } else {
            const q = predP[i]!;
            if (pass === 1) this.addFlow(q, delta);
            j = shelter[q]!;
            i = -1;
          }
        }
      }
    }
    // Distances here are to `target`: settled nodes rise by best − distance (the sink's distance is best: it stays).
    for (let t = 0; t < nSetP; t++) {
      const u = settledP[t]!;
      if (distP[u]! < best) piP[u] = piP[u]! + best - distP[u]!;
    }
    for (let t = 0; t < nSetS; t++) {
      const u = settledS[t]!;
      if (distS[u]! < best) piS[u] = piS[u]! + best - distS[u]!;
    }
    return delta;
  }

  /** Moves up to `amount` along the path recorded in predS/predP from point `i0` to its end; returns the amount. */
  private augment(i0: number, endKind: number, endNode: number, amount: number): number {
    const { cap, load, flow, unassigned, predS, predP } = this;
    const { shelter, demand } = this.pairs;
    // Walk the path back from its end: bottleneck first, then the augmentation.
    let delta = amount;
    if (endKind === END_SHELTER) delta = Math.min(delta, cap[endNode]! - load[endNode]!);
    for (let pass = 0; pass < 2; pass++) {
      let j = endKind === END_SHELTER ? endNode : -1;
      let i = endKind === END_SHELTER ? demand[predS[j]!]! : endNode;
      if (pass === 1 && endKind === END_UNASSIGNED) unassigned[i] = unassigned[i]! + delta;
      if (pass === 1 && j >= 0) this.addFlow(predS[j]!, delta);
      while (i !== i0) {
        const qb = predP[i]!;
        if (pass === 0) {
          if (flow[qb]! < delta) delta = flow[qb]!;
        } else this.addFlow(qb, -delta);
        j = shelter[qb]!;
        const q = predS[j]!;
        if (pass === 1) this.addFlow(q, delta);
        i = demand[q]!;
      }
    }
    return delta;
  }

  /** One Dijkstra from point `i0` to the sink and one augmentation; returns the amount moved. */
  private search(i0: number, amount: number): number {
    const { pairs, cap, load, flow, piP, piS, U, distS, seenS, doneS, predS, distP, doneP, predP, settledS, settledP, heap, users, listed } = this;
    const { start, shelter, cost, demand } = pairs;
    const piT = this.piT;
    const stamp = ++this.stamp;
    this.searches++;
    heap.size = 0;
    let nSetS = 0, nSetP = 0, work = 0;
    let best = Infinity, endKind = -1, endNode = -1;
    doneP[i0] = stamp;
    distP[i0] = 0;
    predP[i0] = -1;
    settledP[nSetP++] = i0;
    let qp = 0;
    for (;;) {
      while (qp < nSetP) {
        const i = settledP[qp++]!;
        const di = distP[i]!;
        if (di >= best) continue;
        const pi = piP[i]!;
        if (di + U + pi - piT < best) {
          best = di + U + pi - piT;
          endKind = END_UNASSIGNED;
          endNode = i;
        }
        // Cost-sorted pairs; π_j ≤ π_t for every shelter, so d ≥ di + c + π_i − π_t bounds the rest of the list.
        for (let q = start[i]!, b = start[i + 1]!; q < b; q++) {
          work++;
          const base = di + cost[q]! + pi;
          if (base - piT >= best) break;
          const j = shelter[q]!;
          if (doneS[j] === stamp || cap[j]! <= 0) continue;
          const d = base - piS[j]!;
          if (d >= best) continue;
          if (seenS[j] === stamp && distS[j]! <= d) continue;
          seenS[j] = stamp;
          distS[j] = d;
          predS[j] = q;
          if (load[j]! < cap[j]!) {
            best = d;
            endKind = END_SHELTER;
            endNode = j;
          } else heap.push(d, j);
        }
      }
      let popped = false;
      while (heap.size > 0) {
        const d = heap.key[0]!, j = heap.val[0]!;
        if (d >= best) break;
        heap.pop();
        if (doneS[j] === stamp || distS[j]! !== d) continue;
        // A search past its share of the budget (searchLimit) is given up before it ends: nothing has moved yet.
        if (work > this.searchLimit) throw new OverBudget();
        doneS[j] = stamp;
        settledS[nSetS++] = j;
        const list = users[j]!;
        work += list.length;
        let w = 0;
        for (let t = 0; t < list.length; t++) {
          const q = list[t]!;
          if (flow[q]! <= 0) {
            listed[q] = 0;
            continue;
          }
          list[w++] = q;
          const i = demand[q]!;
          if (doneP[i] === stamp) continue;
          doneP[i] = stamp;
          distP[i] = d;
          predP[i] = q;
          settledP[nSetP++] = i;
        }
        list.length = w;
        popped = true;
        break;
      }
      if (!popped) break;
    }
    this.work += work;
    const delta = this.augment(i0, endKind, endNode, amount);
    // Potentials: settled nodes (distance < best) move by distance − best (the sink's distance is best: it stays).
    for (let t = 0; t < nSetP; t++) {
      const u = settledP[t]!;
      const d = distP[u]!;
      if (d < best) piP[u] = piP[u]! + d - best;
    }
    for (let t = 0; t < nSetS; t++) {
      const u = settledS[t]!;
      const d = distS[u]!;
      if (d < best) piS[u] = piS[u]! + d - best;
    }
    return delta;
  }

  /**
   * The positive flows as `[demand, shelter, people]` sorted by demand then shelter, and their walking cost. Read from
   * the shelters' user lists (every pair with flow is listed) and put in demand order by a counting sort: a pass over
   * the flows instead of over every pair (1.9 M on L, some 50 000 with flow).
   */
  flowsByDemand(): { flows: [number, number, number][]; cost: number } {
    const { users, flow, nD } = this;
    const { demand, shelter, cost: pairCost } = this.pairs;
    const at = new Int32Array(nD + 1);
    let n = 0;
    for (const list of users) {
      for (let t = 0; t < list.length; t++) {
        const q = list[t]!;
        if (flow[q]! > 0) {
          at[demand[q]! + 1]!++;
          n++;
        }
      }
    }
    for (let i = 0; i < nD; i++) at[i + 1] = at[i + 1]! + at[i]!;
    // Shelters in ascending order, so each point's flows land by shelter.
    const byDemand = new Int32Array(n);
    for (const list of users) {
      for (let t = 0; t < list.length; t++) {
        const q = list[t]!;
        if (flow[q]! > 0) byDemand[at[demand[q]!]!++] = q;
      }
    }
    const flows: [number, number, number][] = new Array(n);
    let cost = 0;
    for (let t = 0; t < n; t++) {
      const q = byDemand[t]!;
      const f = flow[q]!;
      cost += f * pairCost[q]!;
      flows[t] = [demand[q]!, shelter[q]!, f];
    }
    return { flows, cost };
  }

  /** Full scan of the certificate: every pair's reduced cost, flows tight, sink arcs consistent. */
  verify(): boolean {
    const { pairs, flow, piP, piS, piT, cap, load, unassigned, U, nD, nS } = this;
    const { start, shelter, cost } = pairs;
    // Point by point: π_i read once per list, and no pass over the pairs' demand column.
    for (let i = 0; i < nD; i++) {
      const piI = piP[i]!;
      for (let q = start[i]!, e = start[i + 1]!; q < e; q++) {
        const j = shelter[q]!;
        const rc = cost[q]! + piI - piS[j]!;
        if (flow[q] === 0 ? rc < 0 && cap[j]! > 0 : rc !== 0) return false;
      }
    }
    for (let j = 0; j < nS; j++) {
      if (cap[j]! <= 0) {
        if (load[j] !== 0) return false;
        continue;
      }
      const rc = piS[j]! - piT;
      if (load[j]! > cap[j]! || (load[j]! < cap[j]! && rc < 0) || (load[j]! > 0 && rc > 0)) return false;
    }
    for (let i = 0; i < nD; i++) {
      if (this.people[i]! <= 0) continue;
      const rc = U + piP[i]! - piT;
      if (rc < 0 || (unassigned[i]! > 0 && rc !== 0)) return false;
    }
    return true;
  }
}

/**
 * Solves `problem` like {@link allocate} and keeps the optimum so that capacity changes can be re-solved from it.
 * A repair that would scan the pairs more than `repairBudgetPasses` times (default 0.1) gives up and resumes the last
 * simplex solve from its optimal tree with the changed capacities instead: same optimum, a few thousand pivots. Problems with own shelters or
 * network distances are always re-solved from scratch (the own-shelter pre-assignment depends on capacities; network
 * distances have no pair scan to repair on).
 *
 * @example
 * const s = allocationSession(problem);
 * const closed = s.setCapacity(7, 0);         // what if shelter 7 is demolished?
 * closed.optimalCost === allocate({ ...problem, shelters: { ...problem.shelters, capacity: withCap7AtZero } }).optimalCost;
 */
export function allocationSession(problem: AllocationProblem, opts: { repairBudgetPasses?: number } = {}): AllocationSession {
  checkShape(problem);
  const capacity = problem.shelters.capacity.slice();
  const current = (): AllocationProblem => ({ ...problem, shelters: { ...problem.shelters, capacity } });
  const nS = capacity.length;
  const checkChange = (j: number, c: number): void => {
    if (!(Number.isInteger(j) && j >= 0 && j < nS)) throw new EngineError('ENGINE_ALLOCATION_BAD_INPUT', 'shelter', `must be a shelter index below ${nS}`);
    if (!Number.isSafeInteger(c) || c < 0) throw new EngineError('ENGINE_ALLOCATION_BAD_INPUT', `shelters[${j}].capacity`, 'must be a non-negative integer');
  };
  if (problem.demand.ownShelter || problem.distances) {
    let result = allocate(current());
    return {
      get result() {
        return result;
      },
      get problem() {
        return current();
      },
      setCapacity(j, c) {
        checkChange(j, c);
        capacity[j] = c;
        result = allocate(current());
        return result;
      },
    };
  }
  const p0 = current();
  const prep0 = prepare(p0);
  const { nD } = prep0;
  // Pairs with every shelter (closed ones too, so they can be opened). Positions do not depend on capacities (no own
  // shelters here), so a solve from scratch after a change reuses them.
  const pairs = reachablePairs(p0, prep0, true);
  const cap = prep0.residualCap.slice();
  // The first solve (and any solve from scratch) is the simplex's; its flows and potentials become the state.
  // The simplex model of the last solve, kept so that a repair over budget resumes it instead of solving again.
  let simplex: SimplexSolve;
  const build = (pr: AllocationProblem, prep: Prepared, price: Int32Array | null = null): { st: TransportState; proof: AllocationProof } => {
    // Every solve runs on the session's pair scan (it skips shelters without room): the state reads the flows back by
    // the pair position each arc was pushed from.
    simplex = solveOverReachablePairs(pr, prep, price, pairs, true);
    stateArcFlow = null;
    return stateOf(simplex, pr, prep, 0);
  };
  // The per-arc flows of the simplex solve the state holds, or null when a repair has changed the state since: a
  // resumed solve then only applies the arcs whose flow changed (a few thousand of some 250 000 on L) instead of
  // rebuilding the state from every arc.
  let stateArcFlow: Float64Array | null = null;
  let potentialScratch: Float64Array | null = null;
  /** The transport state (flows per pair, potentials) of a solved model; `pivots0`: pivots before this solve. */
  const stateOf = (solved: SimplexSolve, pr: AllocationProblem, prep: Prepared, pivots0: number): { st: TransportState; proof: AllocationProof } => {
    cap.set(prep.residualCap);
    const { ns, arcDemand, arcPair } = solved.model;
    const flows = ns.flows();
    const before = stateArcFlow;
    let st: TransportState;
    if (state && before) {
      // The state is this model's previous optimum: apply the changes. The session's model is pushed from its own
      // pair lists, so every pair arc knows its position.
      st = state;
      for (let k = 0; k < flows.length; k++) {
        const i = arcDemand[k]!;
        if (i < 0) continue;
        const d = flows[k]! - (k < before.length ? before[k]! : 0);
        if (d === 0) continue;
        st.addFlow(arcPair[k]!, d);
        st.unassigned[i] = st.unassigned[i]! - d;
      }
    } else {
      // The state's arrays are as long as the pair list (tens of MB on L): a re-solve clears the session's state
      // instead of allocating another (people, unassigned cost and pairs do not change within a session).
      st = state ? state.clear() : new TransportState(nD, nS, prep.residualPeople, cap, pairs, pr.unassignedCost);
      const routed = new Float64Array(nD);
      for (let k = 0; k < flows.length; k++) {
        const f = flows[k]!, i = arcDemand[k]!;
        if (f === 0 || i < 0) continue;
        st.addFlow(arcPair[k]!, f);
        routed[i] = routed[i]! + f;
      }
      for (let i = 0; i < nD; i++) st.unassigned[i] = prep.residualPeople[i]! - routed[i]!;
    }
    stateArcFlow = flows;
    const pot = (potentialScratch ??= new Float64Array(nD + nS + 1));
    solved.model.rawPotentialsInto(pot);
    st.piP.set(pot.subarray(0, nD));
    st.piS.set(pot.subarray(nD, nD + nS));
    st.piT = pot[nD + nS]!;
    st.levelEmptyShelters();
    return { st, proof: { pricingRounds: solved.pricingRounds, arcsMaterialised: solved.materialised, pivots: ns.pivots - pivots0, optimalOverAllPairs: false } };
  };
  let state: TransportState | null = null;
  const first = build(p0, prep0);
  let st = first.st;
  state = st;
  const finish = (prepNow: Prepared, proof: AllocationProof): AllocationResult => {
    const pr = current();
    // Flows sorted by demand then shelter.
    const { flows: merged, cost: assignedCost } = st.flowsByDemand();
    const { unassigned } = st;
    const U = pr.unassignedCost;
    let cost = assignedCost;
    for (let i = 0; i < nD; i++) cost += unassigned[i]! * U;
    const potentials = new Float64Array(nD + nS + 1);
    potentials.set(st.piP, 0);
    potentials.set(st.piS, nD);
    potentials[nD + nS] = st.piT;
    let min = Infinity;
    for (const v of potentials) if (v < min) min = v;
    for (let u = 0; u < potentials.length; u++) potentials[u] = potentials[u]! - min;
    const optimal: OptimalFlows = {
      flows: merged,
      optimalCost: cost,
      // Whoever produced the state, the verdict is the final scan's.
      proof: { ...proof, optimalOverAllPairs: st.verify() },
      potentials,
    };
    const groups = { total: 0, split: 0, repaired: 0 };
    const fl = pr.demand.group ? handleGroups(pr, prepNow, optimal.flows, groups) : optimal.flows;
    return assembleResult(pr, prepNow, fl, optimal, groups);
  };
  let result = finish(prep0, first.proof);
  return {
    get result() {
      return result;
    },
    get problem() {
      return current();
    },
    setCapacity(j, c) {
      checkChange(j, c);
      capacity[j] = c;
      const pr = current();
      const prep = prepare(pr);
      const newCap = effectiveCapacity(pr, j);
      const before = st.searches;
      // The prices of the optimum before the change: should the resumed simplex fail, the solve from scratch starts
      // from them (one shelter's change moves few prices, so they are a far better start than the aggregated levels').
      const price = new Int32Array(nS);
      for (let s = 0; s < nS; s++) price[s] = Math.max(0, Math.min(pr.unassignedCost, st.piT - st.piS[s]!));
      st.work = 0;
      st.moved = 0;
      st.searchLimit = Infinity;
      st.budget = (opts.repairBudgetPasses ?? REPAIR_BUDGET_PASSES) * pairs.shelter.length;
      st.beginRepair();
      try {
        if (newCap < st.load[j]!) {
          const excess = new Float64Array(nD);
          st.toMove = st.load[j]! - newCap;
          const points = st.displace(j, st.toMove, excess);
          let most = 0;
          for (const i of points) most = Math.max(most, excess[i]!);
          st.searchLimit = st.budget === Infinity ? Infinity : (st.budget * most) / st.toMove;
          cap[j] = newCap;
          st.levelEmptyShelters();
          for (const i of points) st.routeExcess(i, excess[i]!);
        } else {
          const room = newCap - st.load[j]!;
          const wasClosed = cap[j] === 0;
          cap[j] = newCap;
          if (wasClosed && newCap > 0) st.openShelter(j);
          // Room with a positive price (π_j < π_t) breaks optimality: fill the capacity arc, settle the deficit.
          st.toMove = room;
          if (room > 0 && st.piS[j]! < st.piT) st.fillDeficit(j, room);
          st.levelEmptyShelters();
        }
      } catch (e) {
        if (!(e instanceof OverBudget)) throw e;
        // Back to the last simplex optimum, so that the resumed solve's flows apply as changes to it.
        st.rollback();
        // The repair spread too far: resume the last simplex solve from its optimal tree with the new capacities (every
        // change since that solve applied, the basis kept feasible by big-M arcs), so only the pivots the change needs
        // are made; the final scan below proves the result like any other. Should a big-M arc keep flow, solve again.
        const pivots0 = simplex.model.ns.pivots;
        if (simplex.resume?.(prep.residualCap)) {
          const again = stateOf(simplex, pr, prep, pivots0);
          st = again.st;
          result = finish(prep, again.proof);
          return result;
        }
        const again = build(pr, prep, price);
        st = again.st;
        result = finish(prep, again.proof);
        return result;
      }
      // A repair that moved people leaves the state off the simplex's last solve: a later resume rebuilds it from
      // every arc.
      if (st.commitRepair()) stateArcFlow = null;
      result = finish(prep, { pricingRounds: 0, arcsMaterialised: 0, pivots: 0, optimalOverAllPairs: false, repairPaths: st.searches - before });
      return result;
    },
  };
}
