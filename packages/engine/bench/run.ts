// `npm run bench` — the engine beside its peers, measured in the same run on the same input. Not a test: it prints
// one table. `--quick` (or BENCH_QUICK=1) drops the XL allocation and the largest MCF instance.
import { allocate, allocationToMcf } from '../src/allocation/allocate.ts';
import { solveMinCostFlow } from '../src/mcf/problem.ts';
import { computeCoverage } from '../src/coverage/coverage.ts';
import { buildPlacementInstance, exactPlacement, greedyPlacement } from '../src/placement/placement.ts';
import { lemonMissingReason, lemonSolveBinary } from './lemon.ts';
import { syntheticCity } from './synthetic-city.ts';
import { randomMcf, rng } from '../test/support/random-mcf.ts';
import { loadHighsSolver } from '../test/support/highs.ts';

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const rows: string[][] = [];
const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const lemon = lemonMissingReason();
if (lemon) console.error(`LEMON unavailable (${lemon}); peer columns will be empty`);
const log = (s: string): void => console.error(`[bench] ${s}`);

// 1. Allocation on synthetic cities.
const sizes: [string, number, number][] = [['S', 5_000, 200], ['M', 20_000, 1_000], ['L', 50_000, 2_000], ['XL', 200_000, 10_000]];
for (const [name, nD, nS] of quick ? sizes.slice(0, 3) : sizes) {
  const city = syntheticCity(nD, { demandPoints: nD, shelters: nS });
  log(`allocation ${name}: engine…`);
  const t0 = performance.now();
  const res = allocate(city);
  const engineMs = performance.now() - t0;
  const { mcf, fixedCost } = allocationToMcf(city);
  const pairs = mcf.source.length - nD - nS;
  let peer = '—', ratio = '—', equal = 'n/a';
  if (!lemon) {
    log(`allocation ${name}: LEMON on ${pairs} pairs…`);
    const l = lemonSolveBinary(mcf);
    if (l.status !== 'optimal' || l.cost + fixedCost !== res.optimalCost) throw new Error(`allocation ${name}: engine ${res.optimalCost} ≠ LEMON ${l.cost + fixedCost}`);
    peer = fmt(l.runMs);
    ratio = (engineMs / l.runMs).toFixed(2);
    equal = 'yes';
  }
  rows.push([`allocation ${name} (${nD.toLocaleString('en')} pts / ${nS.toLocaleString('en')} shelters, ${pairs.toLocaleString('en')} pairs in reach)`, `${fmt(engineMs)} (${res.proof.arcsMaterialised.toLocaleString('en')} arcs, ${res.proof.pricingRounds} rounds)`, `LEMON NS ${peer}`, ratio, `cost ${res.optimalCost} equal: ${equal}`]);
}

// 2. Random DIMACS-style min-cost flow.
const mcfSizes: [number, number][] = quick ? [[10_000, 100_000]] : [[10_000, 100_000], [50_000, 500_000]];
for (const [n, m] of mcfSizes) {
  const p = randomMcf(n + m, { nodes: n, arcs: m, supplyNodes: n / 10, totalSupply: n, maxCost: 1000 });
  log(`mcf ${n}/${m}`);
  const t0 = performance.now();
  const s = solveMinCostFlow(p);
  const engineMs = performance.now() - t0;
  let peer = '—', ratio = '—', equal = 'n/a';
  if (!lemon) {
    const l = lemonSolveBinary(p);
    if (l.status !== s.status || (s.status === 'optimal' && l.cost !== s.cost)) throw new Error(`mcf: engine ${s.status} ${s.cost} ≠ LEMON ${l.status} ${l.cost}`);
    peer = fmt(l.runMs);
    ratio = (engineMs / l.runMs).toFixed(2);
    equal = 'yes';
  }
  rows.push([`mcf random ${n.toLocaleString('en')} nodes / ${m.toLocaleString('en')} arcs`, fmt(engineMs), `LEMON NS ${peer}`, ratio, `${s.status} ${s.cost} equal: ${equal}`]);
}

// 3. Coverage: 50 km × 50 km at 10 m, 500 sirens.
{
  const r = rng(42);
  const n = 500;
  const sirens = { x: Float64Array.from({ length: n }, () => r() * 50_000), y: Float64Array.from({ length: n }, () => r() * 50_000), levelDb: Float64Array.from({ length: n }, () => 115 + r() * 15) };
  const grid = { originX: 0, originY: 50_000, cellSize: 10, cols: 5000, rows: 5000 };
  log('coverage');
  const t0 = performance.now();
  const c = computeCoverage(grid, sirens, { polygons: false });
  const ms = performance.now() - t0;
  const t1 = performance.now();
  const withPoly = computeCoverage(grid, sirens, { model: { atmosphere: { temperatureC: 20, relativeHumidityPercent: 70 } } });
  const msPoly = performance.now() - t1;
  rows.push([`coverage 50 km × 50 km @ 10 m (25 M cells), 500 sirens`, `${fmt(ms)}; ${(c.cellEvaluations / (ms / 1000) / 1e6).toFixed(0)} M cell·siren/s`, 'target < 2 s', '—', `${c.coveredAreaPercent.toFixed(1)} % covered; with ISO 9613-1 + polygons ${fmt(msPoly)} (${withPoly.uncovered!.features.length} polygons)`]);
}

// 4. Placement: CELF greedy vs HiGHS optimum.
{
  const highs = await loadHighsSolver();
  for (const [seed, nC, k] of [[1, 40, 5], [2, 60, 8], [3, 80, 10]] as const) {
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
    const eMs = performance.now() - t1;
    rows.push([`placement best-${k} of ${nC} candidates (10 000 cells)`, `CELF ${fmt(gMs)}: ${(100 * g.coverage).toFixed(2)} %`, `HiGHS ${fmt(eMs)}: ${(100 * e.coverage).toFixed(2)} %${e.optimal ? ' (optimal)' : ' (time limit)'}`, (gMs / eMs).toFixed(3), `gap ${(100 * (e.coverage - g.coverage)).toFixed(2)} points`]);
  }
}

const head = ['case', 'engine', 'peer (same run, same input)', 'engine/peer time', 'check'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(head));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
