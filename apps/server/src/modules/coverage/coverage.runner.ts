/**
 * Coverage runs on the shared worker runner (`lib/worker-runner.ts`: a fresh worker thread per job, one job at a time
 * per runner, cancelling is terminating it), so a city-wide raster never blocks the event loop. The input's typed
 * arrays are copied to the worker, never shared with the main thread.
 */
import { createWorkerRunner, type WorkerMessage as Message } from '../../lib/worker-runner.ts';
import type { CoverageJobInput, CoverageJobResult, CoveragePhase } from './coverage.job.ts';

export { EngineRefused, RunCancelled } from '../../lib/worker-runner.ts';

export type CoverageWorkerMessage = Message<CoveragePhase, CoverageJobResult>;

const WORKER_URL = new URL('./coverage.worker.mjs', import.meta.url);
/** A city at 25 m cells is ~15 million cells of a few bytes each, several rasters at once: well inside this. */
const HEAP_MB = 1536;

export interface CoverageRunner {
  run(input: CoverageJobInput, signal: AbortSignal, onPhase: (p: CoveragePhase) => void): Promise<CoverageJobResult>;
  close(): Promise<void>;
}

export function createCoverageRunner(): CoverageRunner {
  const runner = createWorkerRunner<CoverageJobInput, CoveragePhase, CoverageJobResult>(WORKER_URL, { heapMb: HEAP_MB, what: 'coverage' });
  return { run: (input, signal, onPhase) => runner.run(input, signal, onPhase), close: () => runner.close() };
}
