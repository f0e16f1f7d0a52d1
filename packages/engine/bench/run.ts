// `npm run bench` — the engine beside its peers, measured in the same run on the same input. Not a test.
//
// Every measurement runs in its own child process (this file with `--task …`), in its own process group, under a
// wall-clock limit: a side that does not finish is killed (with any LEMON process it started) and its cell reads
// "> 180 s (time limit)" instead of hanging the run. Engine and peer alternate on the same input; cheap rows are
// repeated and the median is reported. Each row is printed as soon as it is measured, the full table at the end.
// `--quick` (or BENCH_QUICK=1) drops the XL allocation and the largest MCF instance; `--limit SECONDS` changes the
// per-measurement limit (default 180).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { allocate } from '../src/allocation/allocate.ts';
import { allocationToMcf } from '../src/allocation/full-model.ts';
import { solveMinCostFlow } from '../src/mcf/problem.ts';
import { computeCoverage } from '../src/coverage/coverage.ts';
import { buildPlacementInstance, exactPlacement, greedyPlacement } from '../src/placement/placement.ts';
import { lemonBinary, lemonMissingReason, lemonSolveBinary } from '../test/support/lemon.ts';
import { syntheticCity } from '../test/support/synthetic-city.ts';
import { randomMcf, rng } from '../test/support/random-mcf.ts';
import { loadHighsSolver } from '../test/support/highs.ts';

const argv = process.argv.slice(2);
const taskIdx = argv.indexOf('--task');
const limitIdx = argv.indexOf('--limit');
const LIMIT_S = limitIdx >= 0 ? Number(argv[limitIdx + 1]) : 180;

const ALLOC: Record<string, [number, number]> = { S: [5_000, 200], M: [20_000, 1_000], L: [50_000, 2_000], XL: [200_000, 10_000] };
const MCF: Record<string, [number, number]> = { '10k': [10_000, 100_000], '50k': [50_000, 500_000] };
const city = (name: string): ReturnType<typeof syntheticCity> => {
  const [nD, nS] = ALLOC[name]!;
  return syntheticCity(nD, { demandPoints: nD, shelters: nS });
};
const mcfInstance = (name: string): ReturnType<typeof randomMcf> => {
  const [n, m] = MCF[name]!;
  return randomMcf(n + m, { nodes: n, arcs: m, supplyNodes: n / 10, totalSupply: n, maxCost: 1000, feasible: true });
};

type TaskResult = Record<string, number | string | boolean>;

/** Child side: one measurement, printed as a JSON line on stdout. */
async function runTask(task: string): Promise<TaskResult> {
  const [kind, name] = task.split(':') as [string, string];
  const lemonLimitMs = (LIMIT_S + 30) * 1000;
  switch (kind) {
    case 'alloc-engine': {
      const c = city(name);
      const t0 = performance.now();
      const r = allocate(c);
      const ms = performance.now() - t0;
      return { ms, cost: r.optimalCost, arcs: r.proof.arcsMaterialised, rounds: r.proof.pricingRounds, pivots: r.proof.pivots, proven: r.proof.optimalOverAllPairs };
    }
    case 'alloc-lemon': {
      const { mcf, fixedCost } = allocationToMcf(city(name));
      const [nD, nS] = ALLOC[name]!;
      const l = lemonSolveBinary(mcf, lemonLimitMs);
      return { ms: l.runMs, cost: l.cost + fixedCost, status: l.status, pairs: mcf.source.length - nD - nS };
    }
    case 'mcf-engine': {
      const p = mcfInstance(name);
      const t0 = performance.now();
      const s = solveMinCostFlow(p);
      return { ms: performance.now() - t0, cost: s.cost, status: s.status };
    }
    case 'mcf-lemon': {
      const l = lemonSolveBinary(mcfInstance(name), lemonLimitMs);
      return { ms: l.runMs, cost: l.cost, status: l.status };
    }
    case 'coverage': {
      const r = rng(42);
      const n = 500;
      const sirens = { x: Float64Array.from({ length: n }, () => r() * 50_000), y: Float64Array.from({ length: n }, () => r() * 50_000), levelDb: Float64Array.from({ length: n }, () => 115 + r() * 15) };
      const grid = { originX: 0, originY: 50_000, cellSize: 10, cols: 5000, rows: 5000 };
      const times: number[] = [];
      let c: ReturnType<typeof computeCoverage> | null = null;
      for (let k = 0; k < 3; k++) {
        const t0 = performance.now();
        c = computeCoverage(grid, sirens, { polygons: false });
        times.push(performance.now() - t0);
      }
      const t1 = performance.now();
      const withPoly = computeCoverage(grid, sirens, { model: { atmosphere: { temperatureC: 20, relativeHumidityPercent: 70 } } });
      const msPoly = performance.now() - t1;
      return { ms: median(times), evals: c!.cellEvaluations, covered: c!.coveredAreaPercent, msPoly, polygons: withPoly.uncovered!.features.length };
    }
    case 'placement': {
      const highs = await loadHighsSolver();
      const [seed, nC, k] = name.split(',').map(Number) as [number, number, number];
      const r = rng(seed);
      const grid = { originX: 0, originY: 5000, cellSize: 50, cols: 100, rows: 100 };
      const cand = { x: Float64Array.from({ length: nC }, () => r() * 5000), y: Float64Array.from({ length: nC }, () => r() * 5000), levelDb: Float64Array.from({ length: nC }, () => 110 + r() * 15) };
      const existing = { x: Float64Array.of(2500), y: Float64Array.of(2500), levelDb: Float64Array.of(120) };
      const inst = buildPlacementInstance(grid, existing, cand, {});
      const t0 = performance.now();
      const g = greedyPlacement(inst, { k });
      const gMs = performance.now() - t0;
      const t1 = performance.now();
      const e = exactPlacement(inst, { k }, highs);
      return { gMs, gCov: g.coverage, eMs: performance.now() - t1, eCov: e.coverage, optimal: e.optimal };
    }
    default:
      throw new Error(`unknown task ${task}`);
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1]!;
}

/** Parent side: runs one task in a child process group; null when it hit the time limit. */
function child(task: string, limitS = LIMIT_S): Promise<TaskResult | null> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, self, '--task', task, '--limit', String(LIMIT_S)], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
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

const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const over = `> ${LIMIT_S} s (time limit)`;
const num = (r: TaskResult, k: string): number => r[k] as number;

async function main(): Promise<void> {
  const quick = argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  const lemonWhy = lemonMissingReason();
  if (lemonWhy) console.error(`LEMON unavailable (${lemonWhy}); peer columns will be empty`);
  else lemonBinary(); // compile once, outside any timed child
  const log = (s: string): void => console.error(`[bench] ${s}`);
  const head = ['case', 'engine', 'peer (same run, same input)', 'engine/peer time', 'check'];
  const rows: string[][] = [];
  let mismatch = false;
  const emit = (row: string[]): void => {
    rows.push(row);
    console.log(`row: ${row.join(' | ')}`);
  };

  // Runs engine and peer alternately `reps` times; medians of the finished runs.
  const pair = async (engineTask: string, peerTask: string | null, reps: number): Promise<{ e: TaskResult | null; p: TaskResult | null }> => {
    const es: TaskResult[] = [], ps: TaskResult[] = [];
    let eOut = false, pOut = false;
    for (let k = 0; k < reps; k++) {
      if (!eOut) {
        const e = await child(engineTask);
        if (e) es.push(e);
        else eOut = true;
      }
      if (peerTask && !pOut) {
        const p = await child(peerTask);
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
  };

  // 1. Allocation on synthetic cities.
  const allocReps: Record<string, number> = { S: 3, M: 3, L: 3, XL: 1 };
  for (const name of quick ? ['S', 'M', 'L'] : ['S', 'M', 'L', 'XL']) {
    const [nD, nS] = ALLOC[name]!;
    log(`allocation ${name}…`);
    const { e, p } = await pair(`alloc-engine:${name}`, lemonWhy ? null : `alloc-lemon:${name}`, allocReps[name]!);
    const eCell = e ? `${fmt(num(e, 'ms'))} (${num(e, 'arcs').toLocaleString('en')} arcs, ${num(e, 'rounds')} rounds, ${num(e, 'pivots').toLocaleString('en')} pivots)` : over;
    const pCell = lemonWhy ? 'LEMON NS —' : p ? `LEMON NS ${fmt(num(p, 'ms'))}` : `LEMON NS ${over}`;
    const ratio = e && p ? (num(e, 'ms') / num(p, 'ms')).toFixed(2) : '—';
    let check = 'n/a';
    if (e && p) {
      const eq = num(e, 'cost') === num(p, 'cost') && p.status === 'optimal' && e.proven === true;
      if (!eq) mismatch = true;
      check = `cost ${num(e, 'cost')} equal: ${eq ? 'yes' : `NO (LEMON ${num(p, 'cost')})`}`;
    } else if (e) check = `cost ${num(e, 'cost')} (no peer cost to compare)`;
    else if (p) check = `LEMON cost ${num(p, 'cost')}`;
    const pairs = p ? `, ${num(p, 'pairs').toLocaleString('en')} pairs in reach` : '';
    const reps = Math.max(Number(e?.reps ?? 1), Number(p?.reps ?? 1));
    emit([`allocation ${name} (${nD.toLocaleString('en')} pts / ${nS.toLocaleString('en')} shelters${pairs})${reps > 1 ? `, median of ${reps}` : ''}`, eCell, pCell, ratio, check]);
  }

  // 2. Random DIMACS-style min-cost flow.
  for (const name of quick ? ['10k'] : ['10k', '50k']) {
    const [n, m] = MCF[name]!;
    log(`mcf ${name}…`);
    const reps = name === '10k' ? 3 : 1;
    const { e, p } = await pair(`mcf-engine:${name}`, lemonWhy ? null : `mcf-lemon:${name}`, reps);
    let check = 'n/a';
    if (e && p) {
      const eq = e.status === p.status && (e.status !== 'optimal' || num(e, 'cost') === num(p, 'cost'));
      if (!eq) mismatch = true;
      check = `${String(e.status)} ${num(e, 'cost')} equal: ${eq ? 'yes' : `NO (LEMON ${String(p.status)} ${num(p, 'cost')})`}`;
    }
    emit([`mcf random ${n.toLocaleString('en')} nodes / ${m.toLocaleString('en')} arcs${reps > 1 ? `, median of ${reps}` : ''}`, e ? fmt(num(e, 'ms')) : over, lemonWhy ? 'LEMON NS —' : p ? `LEMON NS ${fmt(num(p, 'ms'))}` : `LEMON NS ${over}`, e && p ? (num(e, 'ms') / num(p, 'ms')).toFixed(2) : '—', check]);
  }

  // 3. Coverage: 50 km × 50 km at 10 m, 500 sirens (median of 3 in one process).
  {
    log('coverage…');
    const c = await child('coverage');
    if (!c) emit(['coverage 50 km × 50 km @ 10 m (25 M cells), 500 sirens', over, 'target < 2 s', '—', '—']);
    else {
      const ms = num(c, 'ms');
      emit([`coverage 50 km × 50 km @ 10 m (25 M cells), 500 sirens, median of 3`, `${fmt(ms)}; ${(num(c, 'evals') / (ms / 1000) / 1e6).toFixed(0)} M cell·siren/s`, 'target < 2 s', (ms / 2000).toFixed(2), `${num(c, 'covered').toFixed(1)} % covered; with ISO 9613-1 + polygons ${fmt(num(c, 'msPoly'))} (${num(c, 'polygons')} polygons)`]);
    }
  }

  // 4. Placement: CELF greedy vs HiGHS optimum.
  for (const [seed, nC, k] of [[1, 40, 5], [2, 60, 8], [3, 80, 10]] as const) {
    log(`placement ${nC}/${k}…`);
    const r = await child(`placement:${seed},${nC},${k}`);
    if (!r) {
      emit([`placement best-${k} of ${nC} candidates (10 000 cells)`, over, over, '—', '—']);
      continue;
    }
    emit([`placement best-${k} of ${nC} candidates (10 000 cells)`, `CELF ${fmt(num(r, 'gMs'))}: ${(100 * num(r, 'gCov')).toFixed(2)} %`, `HiGHS ${fmt(num(r, 'eMs'))}: ${(100 * num(r, 'eCov')).toFixed(2)} %${r.optimal ? ' (optimal)' : ' (time limit)'}`, (num(r, 'gMs') / num(r, 'eMs')).toFixed(3), `gap ${(100 * (num(r, 'eCov') - num(r, 'gCov'))).toFixed(2)} points`]);
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

if (taskIdx >= 0) {
  let res: TaskResult;
  try {
    res = await runTask(argv[taskIdx + 1]!);
  } catch (err) {
    // The LEMON harness killed at its own limit: report it as a time-out, not as a failure.
    if ((err as { signal?: string }).signal !== 'SIGKILL') throw err;
    res = { timedOut: true };
  }
  console.log(JSON.stringify(res));
} else {
  await main();
}
