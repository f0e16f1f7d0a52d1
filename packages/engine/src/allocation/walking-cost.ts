/**
 * Walking cost of a (demand point, shelter) pair in whole metres: the single source of truth for every cost the
 * allocation uses (the pair scan, the full model, own shelters, group repair and the reported walks).
 */

import type { AllocationProblem } from './types.ts';

/** What a pair's walking cost depends on (part of the prepared problem). */
export interface WalkingMetric {
  nS: number;
  /** Detour factor (1 when network distances are given). */
  detour: number;
  maxD: number;
  /** Network distance per pair key `i * nS + j`, when distances were given. */
  dist: Map<number, number> | null;
}

/**
 * Walking cost of a straight-line offset: round(length × detour), or -1 when the walk exceeds `maxD`.
 *
 * @example
 * pairCost(30, 40, 1.2, 500); // 60
 * pairCost(300, 400, 1.2, 500); // -1 (600 m > 500 m)
 */
export function pairCost(dx: number, dy: number, detour: number, maxD: number): number {
  const walk = Math.sqrt(dx * dx + dy * dy) * detour;
  return walk <= maxD ? Math.round(walk) : -1;
}

/**
 * Walking cost of pair (i, j) ignoring reach: own shelters are taken whatever the distance, and assigned flows are
 * costed with it. A given network distance wins over the straight line.
 *
 * @example
 * walkCost(problem, { nS: 1, detour: 1, maxD: 500, dist: null }, 0, 0); // round(straight-line metres)
 */
export function walkCost(p: AllocationProblem, m: WalkingMetric, i: number, j: number): number {
  const known = m.dist?.get(i * m.nS + j);
  if (known !== undefined) return Math.round(known);
  const dx = p.shelters.x[j]! - p.demand.x[i]!, dy = p.shelters.y[j]! - p.demand.y[i]!;
  return Math.round(Math.sqrt(dx * dx + dy * dy) * m.detour);
}

/**
 * Walking cost of pair (i, j) when it is within reach, else -1. With network distances only the given pairs exist.
 *
 * @example
 * reachCost(problem, { nS: 1, detour: 1, maxD: 500, dist: null }, 0, 0); // -1 beyond 500 m
 */
export function reachCost(p: AllocationProblem, m: WalkingMetric, i: number, j: number): number {
  if (m.dist) {
    const d = m.dist.get(i * m.nS + j);
    return d !== undefined && d <= m.maxD ? Math.round(d) : -1;
  }
  return pairCost(p.shelters.x[j]! - p.demand.x[i]!, p.shelters.y[j]! - p.demand.y[i]!, m.detour, m.maxD);
}
