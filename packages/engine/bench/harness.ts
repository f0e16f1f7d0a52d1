// The benchmark harness: runs the area benches (`src/<area>/<area>.bench.ts`) and prints one table. Not a test.
//
// Every measurement runs in its own child process (the runner with `--task AREA:KIND:ARG`), in its own process group,
// under a wall-clock limit: a side that does not finish is killed (with any LEMON process it started) and its cell
// reads "> 180 s (time limit)" instead of hanging the run. Engine and peer alternate on the same input; cheap rows are
// repeated and the median is reported. Each row is printed as soon as it is measured, the full table at the end.
import { spawn } from 'node:child_process';
import { lemonBinary, lemonMissingReason } from '../test/support/lemon.ts';

/** One measurement, as the JSON line a child prints. `ms` is the time compared in the table. */
export type TaskResult = Record<string, number | string | boolean>;

/** Run-wide settings, from the command line. */
export interface BenchSettings {
  /** `--quick` (or BENCH_QUICK=1): drop the largest sizes. */
  quick: boolean;
  /** `--limit SECONDS`: wall-clock limit per measurement (default 180). */
  limitS: number;
}

/** What an area's `rows` gets: its own task runner, the table, and whether the LEMON peer is there. */
export interface BenchContext extends BenchSettings {
  /** Why LEMON cannot run (peer columns stay empty), or null when it can. */
  lemonWhy: string | null;
  /** The cell text of a side that hit the time limit. */
  over: string;
  /** Runs one of this area's tasks (`KIND:ARG`) in a child process; null when it hit the time limit. */
  child(task: string): Promise<TaskResult | null>;
  /** Runs engine and peer tasks alternately `reps` times; medians of the finished runs (null = time limit). */
  pair(engineTask: string, peerTask: string | null, reps: number): Promise<{ e: TaskResult | null; p: TaskResult | null }>;
  /** Adds a row (case, engine, peer, engine/peer time, check) and prints it at once. */
  emit(row: string[]): void;
  /** Progress on stderr. */
  log(s: string): void;
  /** Marks the run failed: engine and peer disagree on an optimum. */
  mismatch(): void;
}

/** One area's benchmark, kept beside the area's source. */
export interface BenchArea {
  /** Task prefix and `--only` name. */
  name: string;
  /** Child side: one measurement (`kind`, `arg` from the task id). */
  task(kind: string, arg: string, settings: BenchSettings): Promise<TaskResult> | TaskResult;
  /** Parent side: measures this area's rows in table order. */
  rows(ctx: BenchContext): Promise<void>;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1]!;
}

export const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
export const num = (r: TaskResult, k: string): number => r[k] as number;

/**
 * CPU milliseconds this process spent (user + system, every thread) since `c0` (`process.cpuUsage()`). The machine
 * is shared: wall time also counts the time other jobs held the core, CPU time only the work done.
 */
export const cpuSince = (c0: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(c0);
  return (u.user + u.system) / 1000;
};

/** ` (CPU x s)` of a result that has `cpuMs`, else empty. */
export const cpuNote = (r: TaskResult | null, key = 'cpuMs'): string => (r && typeof r[key] === 'number' && Number.isFinite(r[key]) ? `, CPU ${fmt(r[key])}` : '');

/** The engine/peer cell: wall ratio, and the CPU ratio beside it when both sides report CPU time. */
export const ratioCell = (e: TaskResult, p: TaskResult, wall = 'ms', cpu = 'cpuMs', pCpu = cpu, pWall = wall): string => {
  const w = (num(e, wall) / num(p, pWall)).toFixed(2);
  const ec = e[cpu], pc = p[pCpu];
  return typeof ec === 'number' && typeof pc === 'number' && pc > 0 ? `${w} (CPU ${(ec / pc).toFixed(2)})` : w;
};

const USAGE = 'usage: bench [--quick] [--limit SECONDS] [--only AREA[,AREA…]]';

/** A bad command line: reported as one line and exit code 2, not as a stack trace. */
class UsageError extends Error {}

function parseSettings(argv: string[], areas: BenchArea[]): BenchSettings & { only: BenchArea[] } {
  const value = (flag: string): string | undefined => {
    const k = argv.indexOf(flag);
    return k >= 0 ? argv[k + 1] : undefined;
  };
  const limit = value('--limit');
  const limitS = limit === undefined ? 180 : Number(limit);
  if (!(limitS > 0) || !Number.isFinite(limitS)) throw new UsageError(`--limit must be a positive number of seconds (got ${limit}); ${USAGE}`);
  const onlyArg = value('--only');
  const only = onlyArg === undefined ? areas : onlyArg.split(',').map((n) => {
    const a = areas.find((x) => x.name === n);
    if (!a) throw new UsageError(`--only: unknown area "${n}" (one of ${areas.map((x) => x.name).join(', ')}); ${USAGE}`);
    return a;
  });
  return { quick: argv.includes('--quick') || process.env.BENCH_QUICK === '1', limitS, only };
}

/** Parent side: runs one task in a child process group; null when it hit the time limit. */
function child(entry: string, task: string, limitS: number): Promise<TaskResult | null> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, entry, '--task', task, '--limit', String(limitS)], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let timedOut = false;
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    // Wall-clock limit for the whole child (input generation included, hence the grace); kill the group so a LEMON
    // process started by the child dies with it.
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-p.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, (limitS + 40) * 1000);
    p.on('exit', (code) => {
      clearTimeout(timer);
      if (timedOut) return resolve(null);
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) return reject(new Error(`task ${task} failed (exit ${code})`));
      const res = JSON.parse(last) as TaskResult;
      resolve(res.timedOut === true ? null : res);
    });
  });
}

/** Child side: one measurement, printed as a JSON line on stdout. */
async function runTask(areas: BenchArea[], id: string, settings: BenchSettings): Promise<void> {
  const [name, kind, ...rest] = id.split(':');
  const area = areas.find((a) => a.name === name);
  if (!area || kind === undefined) throw new Error(`unknown task ${id}`);
  let res: TaskResult;
  try {
    res = await area.task(kind, rest.join(':'), settings);
  } catch (err) {
    // The LEMON harness killed at its own limit: report it as a time-out, not as a failure.
    if ((err as { signal?: string }).signal !== 'SIGKILL') throw err;
    res = { timedOut: true };
  }
  console.log(JSON.stringify(res));
}

/**
 * Entry point of the runner: with `--task` it is a child measuring one task, otherwise the parent that runs every
 * area (or those named by `--only`) in order and prints the table. `entry` is the runner's own file, which the
 * children run.
 */
export async function runBench(areas: BenchArea[], entry: string, argv: string[]): Promise<void> {
  let settings: ReturnType<typeof parseSettings>;
  try {
    settings = parseSettings(argv, areas);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(e.message);
    process.exitCode = 2;
    return;
  }
  const taskIdx = argv.indexOf('--task');
  if (taskIdx >= 0) return runTask(areas, argv[taskIdx + 1] ?? '', settings);

  const lemonWhy = lemonMissingReason();
  if (lemonWhy) console.error(`LEMON unavailable (${lemonWhy}); peer columns will be empty`);
  else lemonBinary(); // compile once, outside any timed child
  const head = ['case', 'engine', 'peer (same run, same input)', 'engine/peer time', 'check'];
  const rows: string[][] = [];
  let mismatch = false;
  for (const area of settings.only) {
    const run = (task: string): Promise<TaskResult | null> => child(entry, `${area.name}:${task}`, settings.limitS);
    const ctx: BenchContext = {
      ...settings,
      lemonWhy,
      over: `> ${settings.limitS} s (time limit)`,
      child: run,
      async pair(engineTask, peerTask, reps) {
        const es: TaskResult[] = [], ps: TaskResult[] = [];
        let eOut = false, pOut = false;
        for (let k = 0; k < reps; k++) {
          if (!eOut) {
            const e = await run(engineTask);
            if (e) es.push(e);
            else eOut = true;
          }
          if (peerTask && !pOut) {
            const p = await run(peerTask);
            if (p) ps.push(p);
            else pOut = true;
          }
        }
        const pick = (xs: TaskResult[], timedOut: boolean): TaskResult | null => {
          if (timedOut || xs.length === 0) return null;
          const m = median(xs.map((x) => num(x, 'ms')));
          return { ...xs.find((x) => num(x, 'ms') === m)!, ms: m, reps: xs.length };
        };
        return { e: pick(es, eOut), p: pick(ps, pOut) };
      },
      emit(row) {
        rows.push(row);
        console.log(`row: ${row.join(' | ')}`);
      },
      log: (s) => console.error(`[bench] ${s}`),
      mismatch: () => {
        mismatch = true;
      },
    };
    await area.rows(ctx);
  }

  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log('');
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  if (mismatch) {
    console.error('[bench] engine and peer disagree on at least one optimum (see "equal: NO")');
    process.exitCode = 1;
  }
}
