// `npm run bench [-- --quick] [-- --limit SECONDS] [-- --only AREA[,AREA]]`: the engine beside its peers, measured in
// the same run on the same input. Each area's bench lives beside its source; this file only lists them in table
// order (bench/harness.ts runs them, each measurement in its own time-limited child process of this file).
import { fileURLToPath } from 'node:url';
import { runBench } from './harness.ts';
import { allocationBench } from '../src/allocation/allocation.bench.ts';
import { mcfBench } from '../src/mcf/mcf.bench.ts';
import { coverageBench } from '../src/coverage/coverage.bench.ts';
import { placementBench } from '../src/placement/placement.bench.ts';

await runBench([allocationBench, mcfBench, coverageBench, placementBench], fileURLToPath(import.meta.url), process.argv.slice(2));
