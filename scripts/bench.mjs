#!/usr/bin/env node
// `npm run bench [-- --quick]`: the engine benchmarks, the works import/tile benchmarks, the sirens benchmark (issue →
// activation report of 1,000 / 5,000 / 10,000 simulated terminals, embedded broker beside Mosquitto), then the load benchmark
// (the server under 50 connections on PGlite and on PostgreSQL), then the public app's nearest-shelter benchmark
// (index, PostGIS KNN and nginx serving the static export, 100 connections); the same arguments go to each.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
for (const script of ['packages/engine/bench/run.ts', 'apps/server/bench/works.bench.ts', 'apps/server/bench/sirens.bench.ts', 'apps/server/bench/load.bench.ts', 'apps/server/bench/public.bench.ts']) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
