/**
 * From a solved model to the public result: the optimal flows (own-shelter flows included) with their cost, proof
 * and dual certificate, then the per-point, per-shelter and walking-distance figures of the final flows.
 */

import type { SimplexSolve } from './arc-model.ts';
import type { Prepared } from './prepare.ts';
import type { AllocationProblem, AllocationProof, AllocationResult, DistanceDistribution } from './types.ts';
import { walkCost } from './walking-cost.ts';

/** The exact optimum as flows `[demand, shelter, people]` (sorted), its cost, and how it was proven. */
export interface OptimalFlows {
  flows: [number, number, number][];
  optimalCost: number;
  proof: AllocationProof;
  potentials: Float64Array;
}

/**
 * Reads the flows of a solved model back into (demand, shelter) pairs and adds the own-shelter flows, merged per pair
 * and sorted by demand then shelter.
 *
 * @example
 * const { flows, optimalCost } = optimalFlows(prep, solved);
 */
export function optimalFlows(prep: Prepared, solved: SimplexSolve): OptimalFlows {
  const { nS } = prep;
  const merged = new Map<number, number>();
  const key = (i: number, j: number): number => i * nS + j;
  for (const [i, j, f] of prep.pre) merged.set(key(i, j), (merged.get(key(i, j)) ?? 0) + f);
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
  const flows: [number, number, number][] = [...merged.entries()].sort((a, b) => a[0] - b[0]).map(([k, f]) => [Math.floor(k / nS), k % nS, f]);
  return {
    flows,
    optimalCost: ns.totalCost() + prep.preCost,
    proof: { pricingRounds, arcsMaterialised: materialised, pivots: ns.pivots, optimalOverAllPairs },
    potentials: model.potentials(),
  };
}

/**
 * The result of the final flows (after any group repair): cost, people assigned per point and shelter, utilisation
 * and the walking-distance distribution.
 *
 * @example
 * return assembleResult(problem, prep, flows, optimal, groups);
 */
export function assembleResult(problem: AllocationProblem, prep: Prepared, flows: [number, number, number][], optimal: OptimalFlows, groups: AllocationResult['groups']): AllocationResult {
  const { nD, nS } = prep;
  const U = problem.unassignedCost;
  const unassignedPerDemand = new Float64Array(nD);
  const assignedPerShelter = new Float64Array(nS);
  const assignedPerDemand = new Float64Array(nD);
  let assignedCost = 0;
  // People per walking distance (whole metres), summed as the flows are read (see distribution).
  const byDist = new Map<number, number>();
  for (const [i, j, f] of flows) {
    assignedPerShelter[j] = assignedPerShelter[j]! + f;
    assignedPerDemand[i] = assignedPerDemand[i]! + f;
    const c = walkCost(problem, prep, i, j);
    assignedCost += f * c;
    byDist.set(c, (byDist.get(c) ?? 0) + f);
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
    optimalCost: optimal.optimalCost,
    people,
    assigned,
    unassigned,
    flows,
    unassignedPerDemand,
    assignedPerShelter,
    effectiveCapacity: prep.effCap,
    utilisation,
    distance: distribution(byDist, problem.histogramBinMetres ?? 100),
    groups,
    proof: optimal.proof,
    potentials: optimal.potentials,
  };
}

// People-weighted histogram and quantiles of the walking distance, from the people per distance. Walks are whole
// metres, so people are summed per distinct distance and only those (a few thousand at most) are sorted: the same
// figures as sorting every flow (the sums are of integers, exact in either order), without a comparator sort over tens
// of thousands of flows or a pair allocated per flow.
function distribution(byDist: Map<number, number>, bin: number): DistanceDistribution {
  const ds = Float64Array.from(byDist.keys()).sort();
  let total = 0;
  for (const w of byDist.values()) total += w;
  const histogram: number[] = [];
  let sum = 0;
  for (const d of ds) {
    const f = byDist.get(d)!;
    const k = Math.floor(d / bin);
    while (histogram.length <= k) histogram.push(0);
    histogram[k] = histogram[k]! + f;
    sum += d * f;
  }
  const quantile = (q: number): number => {
    if (total === 0) return 0;
    const target = q * total;
    let acc = 0;
    for (const d of ds) {
      acc += byDist.get(d)!;
      if (acc >= target) return d;
    }
    return ds[ds.length - 1]!;
  };
  return {
    binMetres: bin,
    histogram,
    mean: total > 0 ? sum / total : 0,
    p50: quantile(0.5),
    p90: quantile(0.9),
    p95: quantile(0.95),
    max: ds.length > 0 ? ds[ds.length - 1]! : 0,
  };
}
