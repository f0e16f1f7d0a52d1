/**
 * Gap search in a worker thread. On a city with tens of thousands of uncovered demand points and a fine candidate
 * grid, `gapSites` runs for seconds (2.5 s measured on 20,000 points, 144 m cells); on the server's thread that
 * would stall every other request — siren reports and the public app included — for as long.
 */
import { createWorkerRunner, type WorkerMessage } from '../../lib/worker-runner.ts';
import type { GapDemand, GapOptions, GapSite } from './gaps.ts';

export interface GapSearchInput { demand: GapDemand[]; options: GapOptions }
export type GapSearchMessage = WorkerMessage<'searching', GapSite[]>;

const WORKER_URL = new URL('./gaps.worker.mjs', import.meta.url);

export interface GapSearchRunner {
  search(demand: GapDemand[], options: GapOptions): Promise<GapSite[]>;
  /** Stops a search in flight (shutdown). */
  close(): Promise<void>;
}

export function createGapSearchRunner(): GapSearchRunner {
  const runner = createWorkerRunner<GapSearchInput, 'searching', GapSite[]>(WORKER_URL, { heapMb: 1024, what: 'gap search' });
  return {
    search: (demand, options) => runner.run({ demand, options }, new AbortController().signal, () => {}),
    close: () => runner.close(),
  };
}
