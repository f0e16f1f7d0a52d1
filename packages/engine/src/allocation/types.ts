/**
 * Types of the resident-to-shelter allocation. Positions are metres in one projected CRS (the caller projects from
 * EPSG:4326); people and capacities are whole persons.
 */

import type { Metres } from '../units.ts';

/** Demand points (e.g. buildings) as parallel typed arrays. */
export interface DemandPoints {
  x: Float64Array;
  y: Float64Array;
  people: Float64Array;
  /** Group per point (e.g. an estate whose residents should stay together); -1 = none. */
  group?: Int32Array;
  /** Own shelter index taken first (e.g. the building's basement shelter); -1 = none. */
  ownShelter?: Int32Array;
}

/** Shelters as parallel typed arrays. */
export interface Shelters {
  x: Float64Array;
  y: Float64Array;
  capacity: Float64Array;
  /** Entrance throughput in persons per minute; NaN or Infinity = unlimited. */
  throughput?: Float64Array;
  /** Minutes after the warning when the entrance opens / closes; NaN = use 0 / `evacuationMinutes`. */
  openMinute?: Float64Array;
  closeMinute?: Float64Array;
}

/** Walking distances computed elsewhere (e.g. on a road network); when given, only these pairs are eligible. */
export interface NetworkDistances {
  demand: Int32Array;
  shelter: Int32Array;
  metres: Float64Array;
}

/** A complete allocation problem. */
export interface AllocationProblem {
  demand: DemandPoints;
  shelters: Shelters;
  /** Longest acceptable walk (after the detour factor, or the network distance). */
  maxDistance: Metres;
  /** Walking distance = straight-line distance × detourFactor (≥ 1, default 1). Ignored when `distances` is given. */
  detourFactor?: number;
  /** Cost charged per person left unassigned (same unit as person × metre). */
  unassignedCost: number;
  distances?: NetworkDistances;
  /** Default evacuation window in minutes for shelters with a throughput but no closing minute (default 15). */
  evacuationMinutes?: number;
  /** Re-route split groups into one shelter where capacity allows (heuristic; see README). Default false. */
  keepGroupsTogether?: boolean;
  /** Histogram bin width of the walking-distance distribution (default 100 m). */
  histogramBinMetres?: number;
}

/** Statistics of the walking distance over assigned people. */
export interface DistanceDistribution {
  binMetres: number;
  /** `histogram[k]` = people walking in `[k·bin, (k+1)·bin)` metres. */
  histogram: number[];
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  max: number;
}

/** How the optimum was established. */
export interface AllocationProof {
  /** Pricing rounds: each scans every in-reach pair (via the grid) for a negative reduced cost. */
  pricingRounds: number;
  /** Demand–shelter arcs given to the simplex (the rest were priced out without being materialised). */
  arcsMaterialised: number;
  /** Simplex pivots over all rounds. */
  pivots: number;
  /** True when the last pricing round found no in-reach pair with a negative reduced cost. */
  optimalOverAllPairs: boolean;
  /**
   * Shortest augmenting paths of an incremental repair (`allocationSession().setCapacity`); absent after a simplex solve
   * (from scratch, or resumed from the last optimal tree: then rounds and pivots are the resumed solve's own). A
   * repaired result has no simplex rounds, arcs or pivots of its own.
   */
  repairPaths?: number;
}

/** Result of {@link allocate}. */
export interface AllocationResult {
  /** Σ people × round(walking metres) + unassignedCost × unassigned (after group repair, if requested). */
  cost: number;
  /** The exact optimum of the min-cost flow model (equals `cost` unless group repair moved people). */
  optimalCost: number;
  people: number;
  assigned: number;
  unassigned: number;
  /** `[demandIndex, shelterIndex, people]`, sorted by demand then shelter. */
  flows: [number, number, number][];
  unassignedPerDemand: Float64Array;
  assignedPerShelter: Float64Array;
  /** Effective capacity after the throughput × time-window cap. */
  effectiveCapacity: Float64Array;
  /** assigned / effective capacity (0 for zero-capacity shelters). */
  utilisation: Float64Array;
  distance: DistanceDistribution;
  groups: { total: number; split: number; repaired: number };
  proof: AllocationProof;
  /**
   * Dual certificate of the optimal flows (before any group repair): node potentials in the node order of
   * `allocationToMcf` (demand points, shelters, sink); `checkMcfCertificate(allocationToMcf(p).mcf, …)` accepts them.
   */
  potentials: Float64Array;
}
