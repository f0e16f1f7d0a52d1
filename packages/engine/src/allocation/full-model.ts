/**
 * The whole allocation model materialised as a plain min-cost flow problem, for peers and tests.
 */

import type { McfProblem } from '../mcf/problem.ts';
import { GridIndex } from '../spatial/grid.ts';
import { checkShape, prepare } from './prepare.ts';
import type { AllocationProblem } from './types.ts';
import { pairCost } from './walking-cost.ts';

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
