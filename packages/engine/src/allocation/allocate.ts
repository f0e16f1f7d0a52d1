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

import { solveGivenDistances } from './network-distances.ts';
import { assembleResult, optimalFlows } from './assemble-result.ts';
import { handleGroups } from './groups.ts';
import { checkShape, prepare, type Prepared } from './prepare.ts';
import { solveLazy } from './pricing-loop.ts';
import { reachablePairs, zOrder, type ReachablePairs } from './reachable-pairs.ts';
import type { SimplexSolve } from './arc-model.ts';
import type { AllocationProblem, AllocationResult } from './types.ts';

// Where each step lives: prepare.ts (checks, own shelters, effective capacity), reachable-pairs.ts (grid scan),
// warm-start.ts (greedy basis; the aggregated levels that give its prices are below), pricing-loop.ts (simplex + pricing rounds), network-distances.ts
// (caller-given pairs), assemble-result.ts (flows, proof, figures), groups.ts (split groups), full-model.ts (peers).

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
  // Pairs given by the caller are all handed to the simplex; straight-line reach is scanned and priced lazily.
  const solved = problem.distances ? solveGivenDistances(problem, prep) : solveInSpaceOrder(problem, prep);
  const optimal = optimalFlows(prep, solved);
  const groups = { total: 0, split: 0, repaired: 0 };
  const flows = problem.demand.group ? handleGroups(problem, prep, optimal.flows, groups) : optimal.flows;
  return assembleResult(problem, prep, flows, optimal, groups);
}

/**
 * One pair scan, the aggregated levels coarsest first (each level's shelter prices order the next greedy), then the
 * full level. With `price` (shelter prices π_t − π_j of a nearby problem, e.g. the optimum before a what-if change) the
 * levels are skipped and the full level starts from those prices instead. `pairs` may list pairs of shelters without
 * room too (a what-if session's scan of every shelter): the solve skips them. `resumable` (a session's solve) keeps what
 * a resumed solve needs to price only what a change moved (see `solveLazy`).
 */
export function solveOverReachablePairs(problem: AllocationProblem, prep: Prepared, price: Int32Array | null = null, pairs: ReachablePairs = reachablePairs(problem, prep), resumable = false): SimplexSolve {
  const { nD, nS, residualPeople, residualCap } = prep;
  const U = problem.unassignedCost;
  if (!price) for (const f of AGGREGATE_CELLS) price = aggregatedLevel(problem, prep, f, price) ?? price;
  return solveLazy(nD, nS, residualPeople, residualCap, pairs, U, price, resumable);
}

/**
 * {@link solveOverReachablePairs} on the demand points renumbered along their Z-order, read back in the caller's
 * numbering. The caller's order is arbitrary (the bench cities' is random); in Z-order one neighbourhood's points,
 * their pair lists and their simplex nodes sit side by side in memory, so the pair scan, the pricing rounds and the
 * simplex's tree walks stay in cache (XL: CPU of allocate 13.4 s → 11.9 s). The optimum is the same; among equal-cost
 * optima the one found may differ from a solve in input order. The model is not resumable afterwards (a what-if
 * session keeps its own numbering).
 */
function solveInSpaceOrder(problem: AllocationProblem, prep: Prepared): SimplexSolve {
  const { nD } = prep;
  const order = zOrder(problem.demand.x, problem.demand.y);
  const x = new Float64Array(nD), y = new Float64Array(nD), people = new Float64Array(nD), residual = new Float64Array(nD);
  const d = problem.demand;
  for (let p = 0; p < nD; p++) {
    const i = order[p]!;
    x[p] = d.x[i]!;
    y[p] = d.y[i]!;
    people[p] = d.people[i]!;
    residual[p] = prep.residualPeople[i]!;
  }
  // Groups and own shelters are not read by the solve (own shelters are already in prep.pre, in caller numbering).
  const solved = solveOverReachablePairs({ ...problem, demand: { x, y, people } }, { ...prep, residualPeople: residual });
  solved.model.relabelDemand(order);
  delete solved.resume;
  return solved;
}

/** Cell sizes of the aggregated levels, as fractions of the straight-line reach, coarsest first. */
const AGGREGATE_CELLS = [0.5, 0.2, 0.08];

/**
 * Shelter prices from the same problem with its demand points merged per square cell of `cellOfReach` × reach (one
 * point per cell at the people-weighted centroid, carrying all their people; shelters and capacities unchanged), solved
 * exactly from `price`. All the people and all the capacity are there, so the prices are close to the full problem's
 * (on L the full level then needs about a fifth of the pivots it needed from prices of every 8th point). Prices only
 * steer the start; optimality comes from the full level's proof. Null when merging would not halve the points.
 */
function aggregatedLevel(problem: AllocationProblem, prep: Prepared, cellOfReach: number, price: Int32Array | null): Int32Array | null {
  const { nD, nS, residualPeople, residualCap } = prep;
  const cell = (prep.maxD / prep.detour) * cellOfReach;
  const dx = problem.demand.x, dy = problem.demand.y;
  const byCell = new Map<string, number>();
  const ax: number[] = [], ay: number[] = [], ap: number[] = [];
  let live = 0;
  for (let i = 0; i < nD; i++) {
    const p = residualPeople[i]!;
    if (p <= 0) continue;
    live++;
    const k = `${Math.floor(dx[i]! / cell)},${Math.floor(dy[i]! / cell)}`;
    let a = byCell.get(k);
    if (a === undefined) {
      a = ax.length;
      byCell.set(k, a);
      ax.push(0);
      ay.push(0);
      ap.push(0);
    }
    ax[a] = ax[a]! + dx[i]! * p;
    ay[a] = ay[a]! + dy[i]! * p;
    ap[a] = ap[a]! + p;
  }
  const m = ax.length;
  if (m === 0 || 2 * m > live) return null;
  for (let a = 0; a < m; a++) {
    ax[a] = ax[a]! / ap[a]!;
    ay[a] = ay[a]! / ap[a]!;
  }
  const people = Float64Array.from(ap);
  const merged: AllocationProblem = { ...problem, demand: { x: Float64Array.from(ax), y: Float64Array.from(ay), people } };
  const mergedPrep: Prepared = { ...prep, nD: m, residualPeople: people };
  return solveLazy(m, nS, people, residualCap, reachablePairs(merged, mergedPrep), problem.unassignedCost, price).price;
}
