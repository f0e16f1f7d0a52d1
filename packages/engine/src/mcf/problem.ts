/**
 * The plain-data form of a min-cost flow instance and the one-shot solve and certificate functions on it.
 */

import { EngineError } from '../errors.ts';
import { NetworkSimplex, type McfStatus } from './network-simplex.ts';

/** A min-cost flow instance on typed arrays. Nodes are 0-based; supply > 0 is a source, < 0 a sink. */
export interface McfProblem {
  nodeCount: number;
  supply: Float64Array;
  source: Int32Array;
  target: Int32Array;
  lower: Float64Array;
  upper: Float64Array;
  cost: Float64Array;
}

/** The solver's answer. `cost`, `flow` and `potential` are meaningful only when `status === 'optimal'`. */
export interface McfSolution {
  status: McfStatus;
  cost: number;
  flow: Float64Array;
  potential: Float64Array;
  pivots: number;
}

/**
 * Solves a min-cost flow problem exactly with the network simplex and returns flows plus node potentials (the dual
 * solution), so the answer can be checked with {@link checkMcfCertificate}.
 *
 * @example
 * const p = parseDimacs('p min 2 1\nn 1 4\nn 2 -4\na 1 2 0 9 3\n');
 * solveMinCostFlow(p).cost; // 12
 */
export function solveMinCostFlow(problem: McfProblem): McfSolution {
  const m = problem.source.length;
  const n = problem.nodeCount;
  const ns = new NetworkSimplex(problem.supply, m);
  // Arcs enter the simplex grouped by source node (see addArcsBySource): about half the pivots. Same optimum.
  const order = ns.addArcsBySource(problem.source, problem.target, problem.upper, problem.cost, problem.lower);
  const status = ns.solve();
  if (status !== 'optimal') {
    return { status, cost: NaN, flow: new Float64Array(m), potential: new Float64Array(n), pivots: ns.pivots };
  }
  const flow = new Float64Array(m);
  for (let k = 0; k < m; k++) flow[order[k]!] = ns.arcFlow(k);
  return { status, cost: ns.totalCost(), flow, potential: ns.potentials(), pivots: ns.pivots };
}

/** Result of checking an optimality certificate; `errors` lists the first few violations in words. */
export interface McfCertificateReport {
  primalFeasible: boolean;
  dualFeasible: boolean;
  primalCost: number;
  dualObjective: number;
  optimal: boolean;
  errors: string[];
}

/**
 * Checks that `flow` is primal feasible (bounds, conservation) and that `potential` satisfies complementary slackness
 * (reduced cost `c + π[u] − π[v]` ≥ 0 at lower bound, ≤ 0 at upper bound, = 0 in between), and that the primal cost
 * equals the dual objective `−Σ b·π + Σ min(l·rc, u·rc)`. Together these prove optimality without trusting the solver.
 *
 * @example
 * const p = parseDimacs('p min 2 1\nn 1 4\nn 2 -4\na 1 2 0 9 3\n');
 * const s = solveMinCostFlow(p);
 * checkMcfCertificate(p, s.flow, s.potential).optimal; // true
 */
export function checkMcfCertificate(problem: McfProblem, flow: ArrayLike<number>, potential: ArrayLike<number>): McfCertificateReport {
  const errors: string[] = [];
  const n = problem.nodeCount;
  const m = problem.source.length;
  const balance = new Float64Array(n);
  let primalFeasible = flow.length === m && potential.length === n;
  let dualFeasible = primalFeasible;
  let primalCost = 0;
  let dualObjective = 0;
  const note = (s: string): void => {
    if (errors.length < 10) errors.push(s);
  };
  if (!primalFeasible) note('flow/potential array lengths do not match the problem');
  for (let e = 0; e < m && flow.length === m && potential.length === n; e++) {
    const f = flow[e]!;
    const u = problem.source[e]!;
    const v = problem.target[e]!;
    const lo = problem.lower[e]!;
    const hi = problem.upper[e]!;
    const c = problem.cost[e]!;
    if (!(f >= lo && f <= hi) || !Number.isInteger(f)) {
      primalFeasible = false;
      note(`arc ${e}: flow ${f} outside [${lo}, ${hi}]`);
    }
    balance[u] = balance[u]! + f;
    balance[v] = balance[v]! - f;
    primalCost += c * f;
    const rc = c + potential[u]! - potential[v]!;
    if ((rc > 0 && f !== lo) || (rc < 0 && f !== hi)) {
      dualFeasible = false;
      note(`arc ${e}: reduced cost ${rc} with flow ${f} violates complementary slackness`);
    }
    dualObjective += rc >= 0 ? lo * rc : hi * rc;
  }
  for (let v = 0; v < n && potential.length === n; v++) {
    if (balance[v] !== problem.supply[v]) {
      primalFeasible = false;
      note(`node ${v}: net outflow ${balance[v]} ≠ supply ${problem.supply[v]}`);
    }
    dualObjective -= problem.supply[v]! * potential[v]!;
  }
  const optimal = primalFeasible && dualFeasible && primalCost === dualObjective;
  if (primalFeasible && dualFeasible && !optimal) note(`primal cost ${primalCost} ≠ dual objective ${dualObjective}`);
  return { primalFeasible, dualFeasible, primalCost, dualObjective, optimal, errors };
}

/**
 * Builds an {@link McfProblem} from plain arrays, validating sizes and integrality.
 *
 * @example
 * const p = makeMcfProblem(2, [3, -3], [[0, 1, 0, 5, 2]]); // arcs as [from, to, lower, upper, cost]
 */
export function makeMcfProblem(nodeCount: number, supply: ArrayLike<number>, arcs: ReadonlyArray<readonly [number, number, number, number, number]>): McfProblem {
  if (supply.length !== nodeCount) throw new EngineError('ENGINE_MCF_BAD_INPUT', 'supply', `must have ${nodeCount} entries`);
  const m = arcs.length;
  const p: McfProblem = {
    nodeCount,
    supply: Float64Array.from(supply),
    source: new Int32Array(m),
    target: new Int32Array(m),
    lower: new Float64Array(m),
    upper: new Float64Array(m),
    cost: new Float64Array(m),
  };
  arcs.forEach(([u, v, lo, hi, c], i) => {
    p.source[i] = u;
    p.target[i] = v;
    p.lower[i] = lo;
    p.upper[i] = hi;
    p.cost[i] = c;
  });
  return p;
}
