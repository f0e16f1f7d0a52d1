/**
 * Exact resident-to-shelter allocation as a transportation problem solved by network simplex with lazy pricing.
 *
 * Model (min-cost flow): node per demand point (supply = residual people), node per shelter, one sink.
 *   demand i → shelter j   for every pair within reach, cost = round(walking metres), uncapacitated
 *   shelter j → sink       capacity = residual effective capacity, cost 0
 *   demand i → sink        cost = unassignedCost (the "not assigned" option), uncapacitated
 * Reach: walking distance (straight line × detour factor, or the given network distance) ≤ maxDistance.
 *
 * Exactness without materialising all pairs: the simplex first sees only each point's k nearest reachable shelters.
 * After it stops, every reachable pair is scanned through a grid index with the simplex duals π; a pair whose reduced
 * cost `c_ij + π_i − π_j` is negative is added and the simplex resumes from its basis. When a full scan finds none,
 * the duals are feasible for *every* reachable arc, so by LP duality the flow is optimal over all pairs. The scan
 * skips a point outright when `max_j π_j − π_i ≤ 0` and otherwise limits its radius to that bound.
 */

import { EngineError } from '../errors.ts';
import { NetworkSimplex } from '../mcf/network-simplex.ts';
import type { McfProblem } from '../mcf/problem.ts';
import { GridIndex } from '../spatial/grid.ts';
import type { AllocationProblem, AllocationResult, DistanceDistribution } from './types.ts';

const INITIAL_NEAREST = 4;
const MAX_ADDED_PER_POINT = 4;

/** Residual problem after own-shelter pre-assignment, shared by the solver and the peer export. */
interface Prepared {
  nD: number;
  nS: number;
  detour: number;
  maxD: number;
  effCap: Float64Array;
  residualPeople: Float64Array;
  residualCap: Float64Array;
  pre: [number, number, number][];
  preCost: number;
  bigCap: number;
  /** Network distance per pair key `i * nS + j`, when distances were given. */
  dist: Map<number, number> | null;
}

/** Walking-distance cost of a straight-line offset; returns -1 when out of reach. Single source of truth. */
function pairCost(dx: number, dy: number, detour: number, maxD: number): number {
  const walk = Math.sqrt(dx * dx + dy * dy) * detour;
  return walk <= maxD ? Math.round(walk) : -1;
}

function prepare(p: AllocationProblem): Prepared {
  const { demand, shelters } = p;
  const nD = demand.x.length;
  const nS = shelters.x.length;
  const detour = p.distances ? 1 : (p.detourFactor ?? 1);
  const maxD = p.maxDistance;
  const evac = p.evacuationMinutes ?? 15;
  // Throughput × open window caps what an entrance can admit before it closes; capacity caps what fits inside.
  const effCap = new Float64Array(nS);
  for (let j = 0; j < nS; j++) {
    let cap = shelters.capacity[j]!;
    const tp = shelters.throughput?.[j];
    if (tp !== undefined && Number.isFinite(tp)) {
      const open = shelters.openMinute?.[j];
      const close = shelters.closeMinute?.[j];
      const o = open === undefined || Number.isNaN(open) ? 0 : open;
      const c = close === undefined || Number.isNaN(close) ? evac : close;
      cap = Math.min(cap, Math.floor(tp * Math.max(0, c - o)));
    }
    effCap[j] = cap;
  }
  let dist: Map<number, number> | null = null;
  if (p.distances) {
    dist = new Map();
    const d = p.distances;
    for (let k = 0; k < d.demand.length; k++) dist.set(d.demand[k]! * nS + d.shelter[k]!, d.metres[k]!);
  }
  const residualPeople = demand.people.slice();
  const residualCap = effCap.slice();
  const pre: [number, number, number][] = [];
  let preCost = 0;
  // Own shelter first, in demand order: the building's own shelter is where its residents go regardless of distance.
  if (demand.ownShelter) {
    for (let i = 0; i < nD; i++) {
      const j = demand.ownShelter[i]!;
      if (j < 0) continue;
      const take = Math.min(residualPeople[i]!, residualCap[j]!);
      if (take <= 0) continue;
      residualPeople[i] = residualPeople[i]! - take;
      residualCap[j] = residualCap[j]! - take;
      const c = ownCost(p, i, j, detour, dist);
      pre.push([i, j, take]);
      preCost += take * c;
    }
  }
  let total = 0;
  for (let i = 0; i < nD; i++) total += residualPeople[i]!;
  return { nD, nS, detour, maxD, effCap, residualPeople, residualCap, pre, preCost, bigCap: total + 1, dist };
}

// Walking cost of a pair ignoring reach: own shelters are taken whatever the distance.
function ownCost(p: AllocationProblem, i: number, j: number, detour: number, dist: Map<number, number> | null): number {
  const known = dist?.get(i * p.shelters.x.length + j);
  if (known !== undefined) return Math.round(known);
  const dx = p.shelters.x[j]! - p.demand.x[i]!, dy = p.shelters.y[j]! - p.demand.y[i]!;
  return Math.round(Math.sqrt(dx * dx + dy * dy) * detour);
}

const SAMPLE_STRIDE = 8;
const SAMPLE_MIN = 2_000;

/** The simplex plus the (demand, shelter) of each real arc (−1 for the capacity and unassigned arcs). */
class ArcModel {
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
    if (k >= this.arcDemand.length) {
      const a = new Int32Array(this.arcDemand.length * 2), b = new Int32Array(this.arcDemand.length * 2);
      a.set(this.arcDemand);
      b.set(this.arcShelter);
      this.arcDemand = a;
      this.arcShelter = b;
    }
    this.arcDemand[k] = d;
    this.arcShelter[k] = s;
    return k;
  }
}

interface LazySolve {
  model: ArcModel;
  pricingRounds: number;
  materialised: number;
  optimalOverAllPairs: boolean;
  /** Shelter prices π_sink − π_j clamped to [0, unassignedCost] (0 for shelters without room). */
  price: Int32Array;
}

/**
 * Exact solve over every reachable pair of the demand points with `people > 0` and shelters with `cap > 0`: warm start
 * from the greedy basis (ordered by cost + `price` when given), simplex over the greedy's arcs and each point's
 * INITIAL_NEAREST cheapest, then pricing rounds over the sorted pair lists until no pair has a negative reduced cost.
 */
function solveLazy(nD: number, nS: number, people: Float64Array, cap: Float64Array, pairs: ReachablePairs, U: number, price: Int32Array | null): LazySolve {
  const sink = nD + nS;
  let totalPeople = 0;
  for (let i = 0; i < nD; i++) totalPeople += people[i]!;
  const bigCap = totalPeople + 1;
  const model = new ArcModel(nD, nS, people, nD * (INITIAL_NEAREST + 1) + nS);
  const { ns } = model;
  const { start: cStart, shelter: cShelter, cost: cCost } = pairs;
  const g = greedyBasis(nD, nS, people, cap, pairs, U, price);
  const treeArcOfNode = new Int32Array(nD + nS + 1).fill(-1);
  const flowOf: number[] = [];
  for (let j = 0; j < nS; j++) {
    if (cap[j]! <= 0) continue;
    const k = model.push(nD + j, sink, cap[j]!, 0, -1, -1);
    flowOf[k] = cap[j]! - g.remCap[j]!;
    if (g.owner[nD + j] === -1) treeArcOfNode[nD + j] = k; // root of its tree: hangs from the sink
  }
  for (let i = 0; i < nD; i++) {
    if (people[i]! <= 0) continue;
    const k = model.push(i, sink, bigCap, U, -1, -1);
    flowOf[k] = g.remPeople[i]!;
    if (g.owner[i] === -1) treeArcOfNode[i] = k;
  }
  let materialised = 0;
  for (let i = 0; i < nD; i++) {
    if (people[i]! <= 0) continue;
    const a = cStart[i]!, b = cStart[i + 1]!;
    let taken = 0;
    for (let q = a; q < b; q++) {
      const e = g.edgeOf[q]!;
      const j = cShelter[q]!;
      if (cap[j]! <= 0) continue;
      if (taken >= INITIAL_NEAREST && e < 0) continue;
      taken++;
      const k = model.push(i, nD + j, bigCap, cCost[q]!, i, j);
      materialised++;
      flowOf[k] = e >= 0 ? g.edgeFlow[e]! : 0;
      if (e >= 0) {
        // The edge belongs to the endpoint it exhausted (see greedyBasis).
        if (g.owner[i] === q) treeArcOfNode[i] = k;
        else treeArcOfNode[nD + j] = k;
      }
    }
  }
  ns.warmStart(Float64Array.from({ length: ns.realArcCount }, (_, k) => flowOf[k] ?? 0), treeArcOfNode);
  const potential = new Float64Array(nD + nS + 1);
  const candQ = new Int32Array(MAX_ADDED_PER_POINT + 1), candC = new Float64Array(MAX_ADDED_PER_POINT + 1);
  let pricingRounds = 0;
  let optimalOverAllPairs = true;
  for (;;) {
    if (ns.solve() !== 'optimal') throw new Error('allocation model must always be feasible (unassigned arcs)');
    pricingRounds++;
    for (let u = 0; u <= nD + nS; u++) potential[u] = ns.potential(u);
    let maxPiS = -Infinity;
    for (let j = 0; j < nS; j++) if (cap[j]! > 0 && potential[nD + j]! > maxPiS) maxPiS = potential[nD + j]!;
    let added = 0;
    for (let i = 0; i < nD; i++) {
      if (people[i]! <= 0) continue;
      const piI = potential[i]!;
      // Each point's reachable shelters are sorted by cost: once cost + π_i − max π_j ≥ 0 no later one can price out.
      const bound = maxPiS - piI;
      let nCand = 0;
      for (let q = cStart[i]!, b = cStart[i + 1]!; q < b; q++) {
        const c = cCost[q]!;
        if (c >= bound) break;
        const j = cShelter[q]!;
        if (cap[j]! <= 0) continue;
        const rc = c + piI - potential[nD + j]!;
        if (rc >= 0) continue;
        // Keep the MAX_ADDED_PER_POINT most negative (ties: earlier in the sorted list).
        let pos = nCand;
        while (pos > 0 && candC[pos - 1]! > rc) pos--;
        if (pos >= MAX_ADDED_PER_POINT) continue;
        for (let t = Math.min(nCand, MAX_ADDED_PER_POINT - 1); t > pos; t--) {
          candQ[t] = candQ[t - 1]!;
          candC[t] = candC[t - 1]!;
        }
        candQ[pos] = q;
        candC[pos] = rc;
        if (nCand < MAX_ADDED_PER_POINT) nCand++;
      }
      for (let t = 0; t < nCand; t++) {
        const q = candQ[t]!;
        const j = cShelter[q]!;
        model.push(i, nD + j, bigCap, cCost[q]!, i, j);
        materialised++;
        added++;
      }
    }
    if (added === 0) break;
    if (pricingRounds > 10_000) {
      optimalOverAllPairs = false;
      break;
    }
  }
  const pr = new Int32Array(nS);
  for (let j = 0; j < nS; j++) if (cap[j]! > 0) pr[j] = Math.max(0, Math.min(U, potential[sink]! - potential[nD + j]!));
  return { model, pricingRounds, materialised, optimalOverAllPairs, price: pr };
}

/**
 * Multilevel warm start: shelter prices from a solve on every 8th demand point (capacities scaled to its share of the
 * people, recursively) steer the next level. Prices only steer the start; the optimum and its proof come from the
 * full level. Coarsest level first.
 */
function sampleLevels(nD: number, residualPeople: Float64Array, residualCap: Float64Array): { people: Float64Array; cap: Float64Array }[] {
  const levels: Int32Array[] = [];
  let keep: Int32Array | null = null;
  for (let size = nD; size >= SAMPLE_MIN * SAMPLE_STRIDE; size = Math.floor(size / SAMPLE_STRIDE)) {
    const prev: Int32Array | null = keep;
    const m = Math.ceil((prev ? prev.length : nD) / SAMPLE_STRIDE);
    keep = new Int32Array(m);
    for (let t = 0; t < m; t++) keep[t] = prev ? prev[t * SAMPLE_STRIDE]! : t * SAMPLE_STRIDE;
    levels.push(keep);
  }
  let total = 0;
  for (let i = 0; i < nD; i++) total += residualPeople[i]!;
  const out: { people: Float64Array; cap: Float64Array }[] = [];
  for (let l = levels.length - 1; l >= 0; l--) {
    const ids = levels[l]!;
    let kept = 0;
    const people = new Float64Array(nD);
    for (const i of ids) {
      people[i] = residualPeople[i]!;
      kept += residualPeople[i]!;
    }
    const share = total > 0 ? kept / total : 0;
    out.push({ people, cap: Float64Array.from(residualCap, (c) => Math.round(c * share)) });
  }
  return out;
}

/**
 * Solves the allocation exactly (see the module comment for the model and the proof of optimality over all pairs).
 * Deterministic: the same input gives the same flows.
 *
 * @example
 * const r = allocate({
 *   demand: { x: Float64Array.of(0, 100), y: Float64Array.of(0, 0), people: Float64Array.of(30, 20) },
 *   shelters: { x: Float64Array.of(50), y: Float64Array.of(0), capacity: Float64Array.of(40) },
 *   maxDistance: metres(500), unassignedCost: 10_000,
 * });
 * r.cost; // 40 people × 50 m + 10 unassigned × 10 000 = 102 000
 */
export function allocate(problem: AllocationProblem): AllocationResult {
  checkShape(problem);
  const prep = prepare(problem);
  const { nD, nS, residualPeople, residualCap } = prep;
  const U = problem.unassignedCost;
  let solved: LazySolve;
  if (problem.distances) {
    // Pairs were materialised by the caller; give them all to the simplex.
    const model = new ArcModel(nD, nS, residualPeople, nD + nS);
    const { ns } = model;
    for (let j = 0; j < nS; j++) if (residualCap[j]! > 0) model.push(nD + j, nD + nS, residualCap[j]!, 0, -1, -1);
    for (let i = 0; i < nD; i++) if (residualPeople[i]! > 0) model.push(i, nD + nS, prep.bigCap, U, -1, -1);
    let materialised = 0;
    const d = problem.distances;
    for (let k = 0; k < d.demand.length; k++) {
      const i = d.demand[k]!, j = d.shelter[k]!;
      if (residualPeople[i]! > 0 && residualCap[j]! > 0 && d.metres[k]! <= prep.maxD) {
        model.push(i, nD + j, prep.bigCap, Math.round(d.metres[k]!), i, j);
        materialised++;
      }
    }
    if (ns.solve() !== 'optimal') throw new Error('allocation model must always be feasible (unassigned arcs)');
    solved = { model, pricingRounds: 0, materialised, optimalOverAllPairs: true, price: new Int32Array(nS) };
  } else {
    const pairs = reachablePairs(problem, prep);
    let price: Int32Array | null = null;
    for (const { people, cap } of sampleLevels(nD, residualPeople, residualCap)) price = solveLazy(nD, nS, people, cap, pairs, U, price).price;
    solved = solveLazy(nD, nS, residualPeople, residualCap, pairs, U, price);
  }
  // Collect flows: pre-assigned + solver, merged per (demand, shelter), sorted.
  const merged = new Map<number, number>();
  const key = (i: number, j: number): number => i * nS + j;
  for (const [i, j, f] of prep.pre) merged.set(key(i, j), (merged.get(key(i, j)) ?? 0) + f);
  const unassignedPerDemand = new Float64Array(nD);
  const { model, pricingRounds, optimalOverAllPairs, materialised } = solved;
  const { ns, arcDemand, arcShelter } = model;
  const flowArr = ns.flows();
  for (let k = 0; k < flowArr.length; k++) {
    const f = flowArr[k]!;
    if (f === 0) continue;
    const i = arcDemand[k]!;
    if (i >= 0) {
      const j = arcShelter[k]!;
      merged.set(key(i, j), (merged.get(key(i, j)) ?? 0) + f);
    }
  }
  const simplexCost = ns.totalCost();
  const potentials = ns.potentials();
  const proof: AllocationResult['proof'] = { pricingRounds, arcsMaterialised: materialised, pivots: ns.pivots, optimalOverAllPairs };
  let flows: [number, number, number][] = [...merged.entries()].sort((a, b) => a[0] - b[0]).map(([k, f]) => [Math.floor(k / nS), k % nS, f]);
  const optimalCost = simplexCost + prep.preCost;

  const groups = { total: 0, split: 0, repaired: 0 };
  if (problem.demand.group) flows = handleGroups(problem, prep, flows, groups);

  const costOf = (i: number, j: number): number => ownCost(problem, i, j, prep.detour, prep.dist);
  const assignedPerShelter = new Float64Array(nS);
  const assignedPerDemand = new Float64Array(nD);
  let assignedCost = 0;
  const walks: [number, number][] = [];
  for (const [i, j, f] of flows) {
    assignedPerShelter[j] = assignedPerShelter[j]! + f;
    assignedPerDemand[i] = assignedPerDemand[i]! + f;
    const c = costOf(i, j);
    assignedCost += f * c;
    walks.push([c, f]);
  }
  let people = 0, assigned = 0;
  for (let i = 0; i < nD; i++) {
    people += problem.demand.people[i]!;
    assigned += assignedPerDemand[i]!;
    unassignedPerDemand[i] = problem.demand.people[i]! - assignedPerDemand[i]!;
  }
  const unassigned = people - assigned;
  const utilisation = new Float64Array(nS);
  for (let j = 0; j < nS; j++) utilisation[j] = prep.effCap[j]! > 0 ? assignedPerShelter[j]! / prep.effCap[j]! : 0;
  return {
    cost: assignedCost + U * unassigned,
    optimalCost,
    people,
    assigned,
    unassigned,
    flows,
    unassignedPerDemand,
    assignedPerShelter,
    effectiveCapacity: prep.effCap,
    utilisation,
    distance: distribution(walks, problem.histogramBinMetres ?? 100),
    groups,
    proof,
    potentials,
  };
}

/**
 * Every reachable (demand, live shelter) pair, as CSR lists per demand point sorted by ascending cost, plus the global
 * order of all pairs by ascending cost (ties in demand order). One grid scan; two counting-sort passes on the integer
 * costs. Pricing walks a point's list only while the cost can still beat the largest shelter potential, and the
 * final round's walk is what proves optimality over all pairs.
 */
interface ReachablePairs {
  /** Pairs of demand `i` are positions `start[i] .. start[i+1]`. */
  start: Int32Array;
  shelter: Int32Array;
  cost: Int32Array;
  demand: Int32Array;
  /** All positions by ascending cost. */
  order: Int32Array;
}

function reachablePairs(problem: AllocationProblem, prep: Prepared): ReachablePairs {
  const { nD, nS, residualPeople, residualCap, detour, maxD } = prep;
  const sx = problem.shelters.x, sy = problem.shelters.y, dx = problem.demand.x, dy = problem.demand.y;
  // Only shelters with room can take flow; leaving the full ones out of the index keeps scans short.
  const live: number[] = [];
  for (let j = 0; j < nS; j++) if (residualCap[j]! > 0) live.push(j);
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
  return { start, shelter, cost, demand, order };
}

/**
 * Least-cost greedy ("minimum-cost method" of the transportation problem) over all reachable pairs cheaper than
 * leaving a person unassigned. Each positive edge exhausts the demand point or fills the shelter; it is *owned* by
 * the node it exhausted (the shelter on a tie). Owners' edges point to nodes exhausted later or never, so they form a
 * forest; every node without an edge hangs from the sink by its unassigned arc (demand) or its capacity arc (a
 * shelter with room left). Demand-owned edges point up on uncapacitated arcs and shelter-owned edges point down with
 * positive flow, so the resulting basis is strongly feasible.
 */
function greedyBasis(nD: number, nS: number, people: Float64Array, cap: Float64Array, pairs: ReachablePairs, unassignedCost: number, price: Int32Array | null): { remPeople: Float64Array; remCap: Float64Array; owner: Int32Array; edgeOf: Int32Array; edgeFlow: Float64Array } {
  const remPeople = people.slice(), remCap = cap.slice();
  const owner = new Int32Array(nD + nS).fill(-1);
  const P = pairs.order.length;
  const edgeOf = new Int32Array(P).fill(-1);
  const edgeFlow = new Float64Array(nD + nS + 1);
  let nE = 0;
  const { cost, demand, shelter } = pairs;
  let order = pairs.order;
  if (price) {
    // Order by cost + shelter price (integers): a counting sort on the key.
    let maxKey = 0;
    const key = new Int32Array(P);
    for (let q = 0; q < P; q++) {
      const k = cost[q]! + price[shelter[q]!]!;
      key[q] = k;
      if (k > maxKey) maxKey = k;
    }
    const bucket = new Int32Array(maxKey + 2);
    for (let q = 0; q < P; q++) bucket[key[q]! + 1]!++;
    for (let c = 0; c <= maxKey; c++) bucket[c + 1] = bucket[c + 1]! + bucket[c]!;
    order = new Int32Array(P);
    for (let q = 0; q < P; q++) order[bucket[key[q]!]!++] = q;
  }
  for (let t = 0; t < P; t++) {
    const q = order[t]!;
    if (cost[q]! >= unassignedCost) continue;
    const i = demand[q]!, j = shelter[q]!;
    const rp = remPeople[i]!, rc = remCap[j]!;
    if (rp <= 0 || rc <= 0) continue;
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

/**
 * Groups are not constrained inside the flow model (keeping a group in one shelter makes the problem an NP-hard
 * unsplittable flow). The optimum is computed first; then split groups are counted and, with `keepGroupsTogether`,
 * each split group (in ascending group order) is moved whole to the shelter that can take all its assigned people
 * within reach at the least extra walking cost, if one exists. `optimalCost` stays the exact optimum, so the price of
 * keeping groups together is visible as `cost − optimalCost`.
 */
function handleGroups(p: AllocationProblem, prep: Prepared, flows: [number, number, number][], stats: { total: number; split: number; repaired: number }): [number, number, number][] {
  const group = p.demand.group!;
  const byGroup = new Map<number, number[]>();
  flows.forEach((f, k) => {
    const g = group[f[0]]!;
    if (g < 0) return;
    const list = byGroup.get(g);
    if (list) list.push(k);
    else byGroup.set(g, [k]);
  });
  const groupIds = new Set<number>();
  for (let i = 0; i < group.length; i++) if (group[i]! >= 0) groupIds.add(group[i]!);
  stats.total = groupIds.size;
  const used = new Float64Array(prep.nS);
  for (const [, j, f] of flows) used[j] = used[j]! + f;
  const out = flows.map((f) => [...f] as [number, number, number]);
  for (const g of [...byGroup.keys()].sort((a, b) => a - b)) {
    const ks = byGroup.get(g)!;
    const shelters = new Set(ks.map((k) => out[k]![1]));
    if (shelters.size <= 1) continue;
    stats.split++;
    if (!p.keepGroupsTogether) continue;
    const members = ks.map((k) => out[k]!);
    const people = members.reduce((s, f) => s + f[2], 0);
    let best = -1, bestCost = Infinity;
    for (let j = 0; j < prep.nS; j++) {
      const own = members.reduce((s, f) => s + (f[1] === j ? f[2] : 0), 0);
      if (prep.effCap[j]! - used[j]! + own < people) continue;
      let c = 0;
      let ok = true;
      for (const [i, , f] of members) {
        const w = reachCost(p, prep, i, j);
        if (w < 0) {
          ok = false;
          break;
        }
        c += w * f;
      }
      if (ok && (c < bestCost || (c === bestCost && j < best))) {
        bestCost = c;
        best = j;
      }
    }
    if (best < 0) continue;
    for (const k of ks) {
      const f = out[k]!;
      used[f[1]] = used[f[1]]! - f[2];
      f[1] = best;
      used[best] = used[best]! + f[2];
    }
    stats.repaired++;
  }
  // Re-merge rows that now share (demand, shelter).
  const merged = new Map<number, number>();
  out.forEach(([i, j, f]) => {
    const key = i * prep.nS + j;
    merged.set(key, (merged.get(key) ?? 0) + f);
  });
  return [...merged.entries()].sort((a, b) => a[0] - b[0]).map(([k, f]) => [Math.floor(k / prep.nS), k % prep.nS, f]);
}

function reachCost(p: AllocationProblem, prep: Prepared, i: number, j: number): number {
  if (prep.dist) {
    const m = prep.dist.get(i * prep.nS + j);
    return m !== undefined && m <= prep.maxD ? Math.round(m) : -1;
  }
  return pairCost(p.shelters.x[j]! - p.demand.x[i]!, p.shelters.y[j]! - p.demand.y[i]!, prep.detour, prep.maxD);
}

function distribution(walks: [number, number][], bin: number): DistanceDistribution {
  walks.sort((a, b) => a[0] - b[0]);
  const total = walks.reduce((s, w) => s + w[1], 0);
  const histogram: number[] = [];
  let sum = 0;
  for (const [d, f] of walks) {
    const k = Math.floor(d / bin);
    while (histogram.length <= k) histogram.push(0);
    histogram[k] = histogram[k]! + f;
    sum += d * f;
  }
  const quantile = (q: number): number => {
    if (total === 0) return 0;
    const target = q * total;
    let acc = 0;
    for (const [d, f] of walks) {
      acc += f;
      if (acc >= target) return d;
    }
    return walks[walks.length - 1]![0];
  };
  return {
    binMetres: bin,
    histogram,
    mean: total > 0 ? sum / total : 0,
    p50: quantile(0.5),
    p90: quantile(0.9),
    p95: quantile(0.95),
    max: walks.length > 0 ? walks[walks.length - 1]![0] : 0,
  };
}

function checkShape(p: AllocationProblem): void {
  const fail = (field: string, rule: string): never => {
    throw new EngineError('ENGINE_ALLOCATION_BAD_INPUT', field, rule);
  };
  const nD = p.demand.x.length, nS = p.shelters.x.length;
  if (p.demand.y.length !== nD || p.demand.people.length !== nD) fail('demand', 'x, y and people must have the same length');
  if (p.shelters.y.length !== nS || p.shelters.capacity.length !== nS) fail('shelters', 'x, y and capacity must have the same length');
  for (let i = 0; i < nD; i++) if (!Number.isSafeInteger(p.demand.people[i]!) || p.demand.people[i]! < 0) fail(`demand[${i}].people`, 'must be a non-negative integer');
  for (let j = 0; j < nS; j++) if (!Number.isSafeInteger(p.shelters.capacity[j]!) || p.shelters.capacity[j]! < 0) fail(`shelters[${j}].capacity`, 'must be a non-negative integer');
  if (!(p.maxDistance > 0) || !Number.isFinite(p.maxDistance)) fail('maxDistance', 'must be a positive finite number');
  if (!Number.isSafeInteger(p.unassignedCost) || p.unassignedCost < 0) fail('unassignedCost', 'must be a non-negative integer');
  const detour = p.detourFactor ?? 1;
  if (!(detour >= 1 && detour <= 10)) fail('detourFactor', 'must be between 1 and 10');
  if (p.demand.ownShelter) for (let i = 0; i < nD; i++) if (p.demand.ownShelter[i]! >= nS) fail(`demand[${i}].ownShelter`, `must be a shelter index below ${nS}`);
}

/**
 * Materialises the whole model (every reachable pair, after own-shelter pre-assignment) as a plain min-cost flow
 * problem. This is what a solver without lazy pricing has to be given; the benchmark hands it to LEMON, and tests use
 * it to check that lazy pricing loses nothing. `fixedCost` is the cost of the pre-assigned own-shelter flows.
 *
 * @example
 * const { mcf, fixedCost } = allocationToMcf(problem);
 * solveMinCostFlow(mcf).cost + fixedCost === allocate(problem).optimalCost; // true
 */
export function allocationToMcf(problem: AllocationProblem): { mcf: McfProblem; fixedCost: number } {
  checkShape(problem);
  const prep = prepare(problem);
  const { nD, nS, residualPeople, residualCap, bigCap } = prep;
  const src: number[] = [], dst: number[] = [], cap: number[] = [], cost: number[] = [];
  const sink = nD + nS;
  for (let j = 0; j < nS; j++) if (residualCap[j]! > 0) { src.push(nD + j); dst.push(sink); cap.push(residualCap[j]!); cost.push(0); }
  for (let i = 0; i < nD; i++) if (residualPeople[i]! > 0) { src.push(i); dst.push(sink); cap.push(bigCap); cost.push(problem.unassignedCost); }
  if (problem.distances) {
    const d = problem.distances;
    for (let k = 0; k < d.demand.length; k++) {
      const i = d.demand[k]!, j = d.shelter[k]!;
      if (residualPeople[i]! > 0 && residualCap[j]! > 0 && d.metres[k]! <= prep.maxD) { src.push(i); dst.push(nD + j); cap.push(bigCap); cost.push(Math.round(d.metres[k]!)); }
    }
  } else {
    const live: number[] = [];
    for (let j = 0; j < nS; j++) if (residualCap[j]! > 0) live.push(j);
    const grid = new GridIndex(Float64Array.from(live, (j) => problem.shelters.x[j]!), Float64Array.from(live, (j) => problem.shelters.y[j]!), Math.max(prep.maxD / prep.detour / 2, 1));
    for (let i = 0; i < nD; i++) {
      if (residualPeople[i]! <= 0) continue;
      const px = problem.demand.x[i]!, py = problem.demand.y[i]!;
      for (const q of grid.within(px, py, (prep.maxD / prep.detour) * (1 + 1e-9))) {
        const j = live[q]!;
        const c = pairCost(problem.shelters.x[j]! - px, problem.shelters.y[j]! - py, prep.detour, prep.maxD);
        if (c >= 0) { src.push(i); dst.push(nD + j); cap.push(bigCap); cost.push(c); }
      }
    }
  }
  const supply = new Float64Array(nD + nS + 1);
  let total = 0;
  for (let i = 0; i < nD; i++) { supply[i] = residualPeople[i]!; total += residualPeople[i]!; }
  supply[sink] = -total;
  const m = src.length;
  return {
    mcf: { nodeCount: nD + nS + 1, supply, source: Int32Array.from(src), target: Int32Array.from(dst), lower: new Float64Array(m), upper: Float64Array.from(cap), cost: Float64Array.from(cost) },
    fixedCost: prep.preCost,
  };
}
