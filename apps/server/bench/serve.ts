/**
 * `civdef serve` as a child process for the benchmarks: started with the given environment on a free port, ready
 * when it has said it is running and answers /api/health. Shared by the load and public-app benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../src/test/process.ts';

const BIN = path.resolve(import.meta.dirname, '../bin/civdef.mjs');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Served {
  base: string;
  /** Wall time from spawn to the first 200 of /api/health. */
  startMs: number;
  stop: () => Promise<void>;
  /** Everything the server printed so far. */
  output: () => string;
  alive: () => boolean;
}

/**
 * @param envFor the child's environment, given the port chosen for it
 * @param nodeArgs options for the child's node (e.g. `--cpu-prof`, which NODE_OPTIONS does not accept)
 */
export async function serveCivdef(envFor: (port: number) => NodeJS.ProcessEnv, nodeArgs: readonly string[] = []): Promise<Served> {
  const port = await freePort();
  const t0 = performance.now();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, BIN, 'serve'], { env: envFor(port), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', (code) => ((exitCode = code), resolve())));
  const stop = async () => {
    if (exitCode !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`civdef serve exited (${exitCode}) before it was up:\n${output.slice(-3000)}`);
    if (output.includes('is running at') && (await fetch(`${base}/api/health`).then((r) => r.ok, () => false))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`civdef serve not up after 300 s:\n${output.slice(-3000)}`);
    }
    await sleep(250);
  }
  return { base, startMs: performance.now() - t0, stop, output: () => output, alive: () => exitCode === undefined };
}
