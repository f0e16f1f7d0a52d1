/**
 * Allocation over network distances given by the caller: the pairs are already materialised, so they all go to the
 * simplex at once (no pair scan, no pricing rounds); optimality over the given pairs is the simplex's own.
 */

import { ArcModel, type SimplexSolve } from './arc-model.ts';
import type { Prepared } from './prepare.ts';
import type { AllocationProblem } from './types.ts';

/**
 * Solves the residual problem over `problem.distances` (pairs beyond `maxDistance` or without people or room are
 * left out).
 *
 * @example
 * const solved = solveGivenDistances(problem, prepare(problem)); // problem.distances set
 */
export function solveGivenDistances(problem: AllocationProblem, prep: Prepared): SimplexSolve {
  const { nD, nS, residualPeople, residualCap } = prep;
  const U = problem.unassignedCost;
  const d = problem.distances!;
  const model = new ArcModel(nD, nS, residualPeople, nD + nS);
  const { ns } = model;
  for (let j = 0; j < nS; j++) if (residualCap[j]! > 0) model.push(nD + j, nD + nS, residualCap[j]!, 0, -1, -1);
  for (let i = 0; i < nD; i++) if (residualPeople[i]! > 0) model.push(i, nD + nS, prep.bigCap, U, -1, -1);
  let materialised = 0;
  for (let k = 0; k < d.demand.length; k++) {
    const i = d.demand[k]!, j = d.shelter[k]!;
    if (residualPeople[i]! > 0 && residualCap[j]! > 0 && d.metres[k]! <= prep.maxD) {
      model.push(i, nD + j, prep.bigCap, Math.round(d.metres[k]!), i, j);
      materialised++;
    }
  }
  if (ns.solve() !== 'optimal') throw new Error('allocation model must always be feasible (unassigned arcs)');
  return { model, pricingRounds: 0, materialised, optimalOverAllPairs: true, price: new Int32Array(nS) };
}
