/** Body of the gap-search worker: runs `gapSites` off the main thread and posts the picks. */
import { parentPort, workerData } from 'node:worker_threads';
import { gapSites } from './gaps.ts';
import type { GapSearchMessage, GapSearchInput } from './gaps.runner.ts';

const post = (m: GapSearchMessage) => parentPort!.postMessage(m);

try {
  const { demand, options } = workerData as GapSearchInput;
  post({ kind: 'phase', phase: 'searching' });
  post({ kind: 'done', result: gapSites(demand, options) });
} catch (e) {
  post({ kind: 'error', message: e instanceof Error ? e.message : String(e), engineCode: null });
}
