/** Body of the coverage worker: one run's computation (coverage.job.ts) off the main thread, its phases posted as it goes. */
import { parentPort, workerData } from 'node:worker_threads';
import { runCoverageJob, type CoverageJobInput } from './coverage.job.ts';
import type { CoverageWorkerMessage } from './coverage.runner.ts';

const post = (m: CoverageWorkerMessage) => parentPort!.postMessage(m);

try {
  const result = runCoverageJob(workerData as CoverageJobInput, (phase) => post({ kind: 'phase', phase }));
  post({ kind: 'done', result });
} catch (err) {
  post({ kind: 'error', message: err instanceof Error ? err.message : String(err), engineCode: (err as { code?: string }).code ?? null });
}
