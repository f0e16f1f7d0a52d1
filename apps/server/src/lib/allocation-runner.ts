/**
 * Shared by every module that solves an allocation (planning's shelter runs, evacuation's assignment).
 * Runs allocations in worker threads through the shared runner (`worker-runner.ts`: one job at a time, a fresh
 * worker each, cancelling is terminating it). This file says what an allocation worker is given and answers.
 */
import type { AllocationProblem, DistanceDistribution, AllocationProof } from '@civdef/engine';
import { createWorkerRunner, type WorkerMessage as Message } from './worker-runner.ts';

export { EngineRefused, RunCancelled } from './worker-runner.ts';

/** What the worker is given: the problem's typed arrays (copied, never shared with the main thread). */
export interface WorkerProblem {
  dx: Float64Array; dy: Float64Array; dp: Float64Array;
  sx: Float64Array; sy: Float64Array; sc: Float64Array;
  maxDistance: number; detourFactor: number; unassignedCost: number; histogramBinMetres: number;
}

export interface CertificateCheck {
  /** Primal feasible, complementary slackness holds and the primal cost equals the dual objective (and the engine's optimum). */
  optimal: boolean;
  primalFeasible: boolean;
  dualFeasible: boolean;
  primalCost: number;
  dualObjective: number;
  /** Arcs of the fully materialised model the check ran on. */
  arcs: number;
  errors: string[];
}

export interface WorkerResult {
  cost: number; optimalCost: number; people: number; assigned: number; unassigned: number;
  flows: [number, number, number][];
  /** Walking metres of each flow. */
  metres: number[];
  unassignedPerDemand: number[];
  assignedPerShelter: number[];
  distance: DistanceDistribution;
  proof: AllocationProof;
  solveMs: number;
  checkMs: number;
  certificate: CertificateCheck;
}

export type WorkerMessage = Message<'solving' | 'checking', WorkerResult>;

const WORKER_URL = new URL('./allocation-worker.mjs', import.meta.url);
/** Heap of a run's worker: the XL benchmark instance (200k points) solves well inside it. */
const HEAP_MB = 2048;

export interface AllocationRunner {
  /** Solves `problem` in a worker when its turn comes; rejects with RunCancelled when `signal` aborts first. */
  solve(problem: AllocationProblem, signal: AbortSignal, onPhase: (p: 'solving' | 'checking') => void): Promise<WorkerResult>;
  /** Stops the running worker, if any (shutdown). */
  close(): Promise<void>;
}

export function createAllocationRunner(): AllocationRunner {
  const runner = createWorkerRunner<WorkerProblem, 'solving' | 'checking', WorkerResult>(WORKER_URL, { heapMb: HEAP_MB, what: 'allocation' });
  return {
    solve(p, signal, onPhase) {
      // The problem's typed arrays are copied to the worker, never shared with the main thread.
      return runner.run({
        dx: p.demand.x, dy: p.demand.y, dp: p.demand.people, sx: p.shelters.x, sy: p.shelters.y, sc: p.shelters.capacity,
        maxDistance: p.maxDistance, detourFactor: p.detourFactor ?? 1, unassignedCost: p.unassignedCost, histogramBinMetres: p.histogramBinMetres ?? 100,
      }, signal, onPhase);
    },
    close: () => runner.close(),
  };
}
