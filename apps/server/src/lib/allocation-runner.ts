/**
 * Shared by every module that solves an allocation (planning's shelter runs, evacuation's assignment).
 * Runs allocations in worker threads, one at a time (the machine may have two cores; the event loop keeps the
 * other), so a city-scale solve never blocks the server or other users. Each run gets a fresh worker, so cancelling
 * is terminating it: whatever the engine is doing stops at once and its memory goes with it.
 */
import { Worker } from 'node:worker_threads';
import type { AllocationProblem, DistanceDistribution, AllocationProof } from '@civdef/engine';

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

export type WorkerMessage =
  | { kind: 'phase'; phase: 'solving' | 'checking' }
  | { kind: 'done'; result: WorkerResult }
  | { kind: 'error'; message: string; engineCode: string | null };

export class RunCancelled extends Error {
  constructor() {
    super('allocation run cancelled');
  }
}

/** An engine refusal of the input (EngineError), as opposed to a crash. */
export class EngineRefused extends Error {
  constructor(message: string, readonly engineCode: string) {
    super(message);
  }
}

const WORKER_URL = new URL('./allocation-worker.mjs', import.meta.url);
/** Heap of a run's worker: the XL benchmark instance (200k points) solves well inside it. */
const HEAP_MB = 2048;

interface Task { problem: AllocationProblem; onPhase: (p: 'solving' | 'checking') => void; resolve: (r: WorkerResult) => void; reject: (e: Error) => void; signal: AbortSignal }

export interface AllocationRunner {
  /** Solves `problem` in a worker when its turn comes; rejects with RunCancelled when `signal` aborts first. */
  solve(problem: AllocationProblem, signal: AbortSignal, onPhase: (p: 'solving' | 'checking') => void): Promise<WorkerResult>;
  /** Stops the running worker, if any (shutdown). */
  close(): Promise<void>;
}

export function createAllocationRunner(): AllocationRunner {
  const queue: Task[] = [];
  let current: { worker: Worker; task: Task } | null = null;

  const pump = () => {
    if (current) return;
    let task = queue.shift();
    while (task && task.signal.aborted) {
      task.reject(new RunCancelled());
      task = queue.shift();
    }
    if (!task) return;
    const p = task.problem;
    const data: WorkerProblem = {
      dx: p.demand.x, dy: p.demand.y, dp: p.demand.people, sx: p.shelters.x, sy: p.shelters.y, sc: p.shelters.capacity,
      maxDistance: p.maxDistance, detourFactor: p.detourFactor ?? 1, unassignedCost: p.unassignedCost, histogramBinMetres: p.histogramBinMetres ?? 100,
    };
    const worker = new Worker(WORKER_URL, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: HEAP_MB }, execArgv: [] });
    current = { worker, task };
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      task.signal.removeEventListener('abort', onAbort);
      worker.removeAllListeners();
      void worker.terminate();
      current = null;
      fn();
      pump();
    };
    const onAbort = () => settle(() => task.reject(new RunCancelled()));
    task.signal.addEventListener('abort', onAbort);
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'phase') task.onPhase(m.phase);
      else if (m.kind === 'done') settle(() => task.resolve(m.result));
      else settle(() => task.reject(m.engineCode ? new EngineRefused(m.message, m.engineCode) : new Error(`allocation worker: ${m.message}`)));
    });
    worker.on('error', (err: Error & { code?: string }) => settle(() => task.reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? new Error(`the allocation needed more than ${HEAP_MB} MB of memory`) : err)));
    worker.on('exit', (code) => settle(() => task.reject(new Error(`allocation worker exited with code ${code} before answering`))));
  };

  return {
    solve(problem, signal, onPhase) {
      return new Promise((resolve, reject) => {
        if (signal.aborted) return reject(new RunCancelled());
        const task: Task = { problem, onPhase, resolve, reject, signal };
        queue.push(task);
        signal.addEventListener('abort', () => {
          const at = queue.indexOf(task);
          if (at >= 0) {
            queue.splice(at, 1);
            reject(new RunCancelled());
          }
        }, { once: true });
        pump();
      });
    },
    async close() {
      for (const t of queue.splice(0)) t.reject(new RunCancelled());
      if (current) await current.worker.terminate();
    },
  };
}
