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
  const { nD, nS, residualPeople, residualCap, bigCap } = prep;
  const sink = nD + nS;
  const supply = new Float64Array(nD + nS + 1);
  let totalResidual = 0;
  for (let i = 0; i < nD; i++) {
    supply[i] = residualPeople[i]!;
    totalResidual += residualPeople[i]!;
  }
  supply[sink] = -totalResidual;
  const U = problem.unassignedCost;
  const ns = new NetworkSimplex(supply, nD * (INITIAL_NEAREST + 1) + nS);
  // Arc bookkeeping: real arc index → (demand, shelter) for demand–shelter arcs; -1 for the structural arcs.
  let arcDemand = new Int32Array(nD * (INITIAL_NEAREST + 1) + nS);
  let arcShelter = new Int32Array(arcDemand.length);
  const pushArc = (from: number, to: number, cap: number, cost: number, d: number, s: number): void => {
    const k = ns.addArc(from, to, cap, cost);
    if (k >= arcDemand.length) {
      const a = new Int32Array(arcDemand.length * 2), b = new Int32Array(arcDemand.length * 2);
      a.set(arcDemand);
      b.set(arcShelter);
      arcDemand = a;
      arcShelter = b;
    }
    arcDemand[k] = d;
    arcShelter[k] = s;
  };
  for (let j = 0; j < nS; j++) if (residualCap[j]! > 0) pushArc(nD + j, sink, residualCap[j]!, 0, -1, -1);
  for (let i = 0; i < nD; i++) if (residualPeople[i]! > 0) pushArc(i, sink, bigCap, U, -1, -1);

  let pricingRounds = 0;
  let materialised = 0;
  let optimalOverAllPairs = true;
  if (problem.distances) {
    // Pairs were materialised by the caller; give them all to the simplex.
    const d = problem.distances;
    for (let k = 0; k < d.demand.length; k++) {
      const i = d.demand[k]!, j = d.shelter[k]!;
      if (residualPeople[i]! > 0 && residualCap[j]! > 0 && d.metres[k]! <= prep.maxD) {
        pushArc(i, nD + j, bigCap, Math.round(d.metres[k]!), i, j);
        materialised++;
      }
    }
    if (ns.solve() !== 'optimal') throw new Error('allocation model must always be feasible (unassigned arcs)');
  } else {
    const sx = problem.shelters.x, sy = problem.shelters.y, dx = problem.demand.x, dy = problem.demand.y;
    // Only shelters with room can take flow; leaving the full ones out of the index keeps scans short.
    const live: number[] = [];
    for (let j = 0; j < nS; j++) if (residualCap[j]! > 0) live.push(j);
    const lx = Float64Array.from(live, (j) => sx[j]!), ly = Float64Array.from(live, (j) => sy[j]!);
    const reach = prep.maxD / prep.detour;
    const grid = new GridIndex(lx, ly, Math.max(reach / 2, 1));
    const { cellStart, items, cols } = grid;
    const candJ = new Int32Array(256), candC = new Float64Array(256);
    let nCand = 0;
    // Keeps the `limit` best (lowest key, then lowest shelter id) candidates in a small sorted buffer.
    const offer = (j: number, key: number, limit: number): void => {
      let pos = nCand;
      while (pos > 0 && (candC[pos - 1]! > key || (candC[pos - 1] === key && candJ[pos - 1]! > j))) pos--;
      if (pos >= limit) return;
      const end = Math.min(nCand, limit - 1);
      for (let q = end; q > pos; q--) {
        candJ[q] = candJ[q - 1]!;
        candC[q] = candC[q - 1]!;
      }
      candJ[pos] = j;
      candC[pos] = key;
      if (nCand < limit) nCand++;
    };
    for (let i = 0; i < nD; i++) {
      if (residualPeople[i]! <= 0) continue;
      nCand = 0;
      const px = dx[i]!, py = dy[i]!;
      const [c0, c1, r0, r1] = grid.cellBox(px, py, reach * (1 + 1e-9));
      for (let row = r0; row <= r1; row++) {
        for (let col = c0; col <= c1; col++) {
          const c = row * cols + col;
          for (let k = cellStart[c]!; k < cellStart[c + 1]!; k++) {
            const j = live[items[k]!]!;
            const cost = pairCost(sx[j]! - px, sy[j]! - py, prep.detour, prep.maxD);
            if (cost >= 0) offer(j, cost, INITIAL_NEAREST);
          }
        }
      }
      for (let q = 0; q < nCand; q++) {
        pushArc(i, nD + candJ[q]!, bigCap, candC[q]!, i, candJ[q]!);
        materialised++;
      }
    }
    for (;;) {
      if (ns.solve() !== 'optimal') throw new Error('allocation model must always be feasible (unassigned arcs)');
      pricingRounds++;
      let maxPiS = -Infinity;
      for (const j of live) maxPiS = Math.max(maxPiS, ns.potential(nD + j));
      let added = 0;
      for (let i = 0; i < nD; i++) {
        if (residualPeople[i]! <= 0) continue;
        const piI = ns.potential(i);
        const slack = maxPiS - piI;
        if (slack <= 0) continue;
        // cost ≥ walk − 0.5, so no reachable pair beyond this straight-line radius can have negative reduced cost.
        const radius = Math.min(reach, (slack + 0.5) / prep.detour) * (1 + 1e-9);
        nCand = 0;
        const px = dx[i]!, py = dy[i]!;
        const [c0, c1, r0, r1] = grid.cellBox(px, py, radius);
        for (let row = r0; row <= r1; row++) {
          for (let col = c0; col <= c1; col++) {
            const c = row * cols + col;
            for (let k = cellStart[c]!; k < cellStart[c + 1]!; k++) {
              const j = live[items[k]!]!;
              const cost = pairCost(sx[j]! - px, sy[j]! - py, prep.detour, prep.maxD);
              if (cost < 0) continue;
              const rc = cost + piI - ns.potential(nD + j);
              if (rc < 0) offer(j, rc, MAX_ADDED_PER_POINT);
            }
          }
        }
        for (let q = 0; q < nCand; q++) {
          const j = candJ[q]!;
          const walk = pairCost(sx[j]! - px, sy[j]! - py, prep.detour, prep.maxD);
          pushArc(i, nD + j, bigCap, walk, i, j);
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
  }

  // Collect flows: pre-assigned + simplex, merged per (demand, shelter), sorted.
  const merged = new Map<number, number>();
  const key = (i: number, j: number): number => i * nS + j;
  for (const [i, j, f] of prep.pre) merged.set(key(i, j), (merged.get(key(i, j)) ?? 0) + f);
  const flowArr = ns.flows();
  let simplexCost = 0;
  const unassignedPerDemand = new Float64Array(nD);
  for (let k = 0; k < flowArr.length; k++) {
    const f = flowArr[k]!;
    if (f === 0) continue;
    const i = arcDemand[k]!;
    if (i >= 0) {
      const j = arcShelter[k]!;
      merged.set(key(i, j), (merged.get(key(i, j)) ?? 0) + f);
    }
  }
  simplexCost = ns.totalCost();
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
    proof: { pricingRounds, arcsMaterialised: materialised, pivots: ns.pivots, optimalOverAllPairs },
  };
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
