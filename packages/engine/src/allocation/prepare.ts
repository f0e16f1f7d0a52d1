/**
 * Input checks and the residual problem: effective capacities (throughput × open window), network distances by pair,
 * and the own-shelter pre-assignment. Shared by `allocate` and `allocationToMcf`, so both solve the same residual.
 */

import { EngineError } from '../errors.ts';
import type { AllocationProblem } from './types.ts';
import { walkCost, type WalkingMetric } from './walking-cost.ts';

/** Residual problem after own-shelter pre-assignment, shared by the solver and the peer export. */
export interface Prepared extends WalkingMetric {
  nD: number;
  effCap: Float64Array;
  residualPeople: Float64Array;
  residualCap: Float64Array;
  /** Own-shelter flows `[demand, shelter, people]`, in demand order. */
  pre: [number, number, number][];
  preCost: number;
  /** A capacity no flow can reach (total residual people + 1), for the uncapacitated arcs. */
  bigCap: number;
}

/**
 * Rejects a problem whose arrays disagree in length or whose numbers break the model's rules, with
 * `ENGINE_ALLOCATION_BAD_INPUT` naming the field (the JSON parser checks more; this guards direct API callers).
 *
 * @example
 * checkShape({ ...problem, unassignedCost: -1 }); // throws, field 'unassignedCost'
 */
export function checkShape(p: AllocationProblem): void {
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
 * Shelter j's effective capacity: its capacity, capped by what its entrance admits (throughput × open window) before
 * it closes. Open defaults to minute 0, close to `evacuationMinutes` (15).
 *
 * @example
 * effectiveCapacity(problem, 0); // min(capacity, ⌊throughput × (close − open)⌋)
 */
export function effectiveCapacity(p: AllocationProblem, j: number): number {
  const { shelters } = p;
  const evac = p.evacuationMinutes ?? 15;
  let cap = shelters.capacity[j]!;
  const tp = shelters.throughput?.[j];
  if (tp !== undefined && Number.isFinite(tp)) {
    const open = shelters.openMinute?.[j];
    const close = shelters.closeMinute?.[j];
    const o = open === undefined || Number.isNaN(open) ? 0 : open;
    const c = close === undefined || Number.isNaN(close) ? evac : close;
    cap = Math.min(cap, Math.floor(tp * Math.max(0, c - o)));
  }
  return cap;
}

/**
 * Builds the residual problem of a checked input: what is left of each point's people and each shelter's effective
 * capacity after residents are sent to their own shelter.
 *
 * @example
 * const prep = prepare(problem);
 * prep.residualPeople; // people still to place after own shelters
 */
export function prepare(p: AllocationProblem): Prepared {
  const { demand, shelters } = p;
  const nD = demand.x.length;
  const nS = shelters.x.length;
  const detour = p.distances ? 1 : (p.detourFactor ?? 1);
  const maxD = p.maxDistance;
  // Throughput × open window caps what an entrance can admit before it closes; capacity caps what fits inside.
  const effCap = new Float64Array(nS);
  for (let j = 0; j < nS; j++) effCap[j] = effectiveCapacity(p, j);
  let dist: Map<number, number> | null = null;
  if (p.distances) {
    dist = new Map();
    const d = p.distances;
    for (let k = 0; k < d.demand.length; k++) dist.set(d.demand[k]! * nS + d.shelter[k]!, d.metres[k]!);
  }
  const metric: WalkingMetric = { nS, detour, maxD, dist };
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
      const c = walkCost(p, metric, i, j);
      pre.push([i, j, take]);
      preCost += take * c;
    }
  }
  let total = 0;
  for (let i = 0; i < nD; i++) total += residualPeople[i]!;
  return { nD, nS, detour, maxD, effCap, residualPeople, residualCap, pre, preCost, bigCap: total + 1, dist };
}
