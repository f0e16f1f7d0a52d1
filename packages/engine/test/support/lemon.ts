// Compiles and runs the LEMON peer harness (lemon-mcf.cpp beside this file). Used by the equality tests and by the
// benchmarks; the binary goes to a cache directory keyed by the source hash and is never committed.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { McfProblem } from '../../src/mcf/problem.ts';
import { writeDimacs } from '../../src/mcf/dimacs.ts';

const here = dirname(fileURLToPath(import.meta.url));
const SOURCE = join(here, 'lemon-mcf.cpp');

/** Why LEMON is unavailable, or null when headers and g++ are both present. */
export function lemonMissingReason(): string | null {
  if (!existsSync('/usr/include/lemon/network_simplex.h')) return 'LEMON headers missing (/usr/include/lemon): apt-get install liblemon-dev';
  const gpp = spawnSync('g++', ['--version']);
  if (gpp.error || gpp.status !== 0) return 'g++ missing: apt-get install g++';
  return null;
}

let cached: string | null = null;

/** Compiles the harness once per source version (-O2, like a release build of LEMON's own tools) and returns its path. */
export function lemonBinary(): string {
  if (cached) return cached;
  const reason = lemonMissingReason();
  if (reason) throw new Error(reason);
  const src = readFileSync(SOURCE);
  const hash = createHash('sha256').update(src).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'civdef-engine-lemon');
  mkdirSync(dir, { recursive: true });
  const bin = join(dir, `lemon-mcf-${hash}`);
  if (!existsSync(bin)) {
    const tmp = `${bin}.${process.pid}.tmp`;
    execFileSync('g++', ['-O2', '-std=c++11', '-o', tmp, SOURCE], { stdio: ['ignore', 'ignore', 'pipe'] });
    execFileSync('mv', [tmp, bin]);
  }
  cached = bin;
  return bin;
}

export interface LemonResult {
  status: 'optimal' | 'infeasible' | 'unbounded';
  cost: number;
  runMs: number;
  /** CPU time of run() (the harness's process clock), beside the wall-clock `runMs`. */
  runCpuMs: number;
  flow: Float64Array | null;
}

function runHarness(args: string[], withFlows: boolean, timeoutMs = 0): LemonResult {
  // A timeout kills the harness (SIGKILL) and throws, so a caller with a limit never waits past it.
  const out = execFileSync(lemonBinary(), withFlows ? [...args, '--flows'] : args, { maxBuffer: 1 << 30, timeout: timeoutMs, killSignal: 'SIGKILL' }).toString();
  const lines = out.split('\n');
  const [st, cost, ms, cpu] = (lines[0] ?? '').split(' ');
  const flow = withFlows ? Float64Array.from(lines.slice(1).filter((l) => l.length > 0).map(Number)) : null;
  return { status: (st ?? '').toLowerCase() as LemonResult['status'], cost: Number(cost), runMs: Number(ms), runCpuMs: Number(cpu), flow };
}

/** Solves `problem` with LEMON NetworkSimplex via a DIMACS file. */
export function lemonSolveDimacs(problem: McfProblem, withFlows = false): LemonResult {
  const dir = join(tmpdir(), 'civdef-engine-lemon');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `in-${process.pid}-${Math.random().toString(36).slice(2)}.min`);
  writeFileSync(file, writeDimacs(problem));
  try {
    return runHarness(['--dimacs', file], withFlows);
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * Solves a large problem with lower bounds 0 via the raw binary dump (text would dominate the wall time). With
 * `timeoutMs` > 0 the harness is killed after that long and this throws.
 */
export function lemonSolveBinary(problem: McfProblem, timeoutMs = 0): LemonResult {
  const n = problem.nodeCount;
  const m = problem.source.length;
  const dir = join(tmpdir(), 'civdef-engine-lemon');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `in-${process.pid}-${Math.random().toString(36).slice(2)}.bin`);
  const parts = [Buffer.from(Float64Array.from([n, m]).buffer), Buffer.from(problem.supply.buffer, problem.supply.byteOffset, n * 8),
    Buffer.from(problem.source.buffer, problem.source.byteOffset, m * 4), Buffer.from(problem.target.buffer, problem.target.byteOffset, m * 4),
    Buffer.from(problem.upper.buffer, problem.upper.byteOffset, m * 8), Buffer.from(problem.cost.buffer, problem.cost.byteOffset, m * 8)];
  writeFileSync(file, Buffer.concat(parts));
  try {
    return runHarness(['--bin', file], false, timeoutMs);
  } finally {
    rmSync(file, { force: true });
  }
}
