import { EventEmitter } from 'node:events';

/**
 * The in-process side of a module's background runs (planning's allocations, evacuation's assignments, coverage):
 * which runs execute in this process, who watches their progress, and waiting for or stopping them. The runs' rows
 * (status, phase, result) stay in each module's own tables; this only keeps what dies with the process.
 */
export interface JobTracker<P> {
  /** Starts `execute` for run `id` with an abort signal; the run is in flight until it settles. */
  start(id: number, execute: (signal: AbortSignal) => Promise<void>): void;
  /** Tells the run's watchers its new progress. */
  emit(id: number, progress: P): void;
  /** Calls `listener` with each later progress of run `id`; returns the function that stops it. */
  watch(id: number, listener: (progress: P) => void): () => void;
  /** Aborts run `id` if it executes here (a run of another process is stopped by its row alone). */
  abort(id: number): void;
  /** Resolves once no run executes, including runs started while waiting. */
  idle(): Promise<void>;
  /** Aborts every run, lets `release` free what they share (a worker pool), then waits for all to settle. */
  stop(release?: () => Promise<void>): Promise<void>;
}

export function createJobTracker<P>(): JobTracker<P> {
  const inFlight = new Map<number, { controller: AbortController; done: Promise<void> }>();
  const progress = new EventEmitter();
  // One listener per open progress stream: a busy morning opens many, and none of them is a leak.
  progress.setMaxListeners(0);
  const settled = () => Promise.all([...inFlight.values()].map((r) => r.done));

  return {
    start(id, execute) {
      const controller = new AbortController();
      const done = execute(controller.signal).finally(() => inFlight.delete(id));
      inFlight.set(id, { controller, done });
    },
    emit: (id, p) => { progress.emit(String(id), p); },
    watch(id, listener) {
      progress.on(String(id), listener);
      return () => { progress.off(String(id), listener); };
    },
    abort: (id) => inFlight.get(id)?.controller.abort(),
    async idle() {
      while (inFlight.size > 0) await settled();
    },
    async stop(release) {
      for (const r of inFlight.values()) r.controller.abort();
      await release?.();
      await settled();
    },
  };
}
