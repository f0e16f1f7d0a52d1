// Coverage benchmark (run by `npm run bench`, see bench/harness.ts): 50 km × 50 km at 10 m (25 M cells) with 500
// sirens, median of 3 in one process, against the 2 s target; then once with ISO 9613-1 absorption and polygons.
import type { BenchArea, BenchContext, TaskResult } from '../../bench/harness.ts';
import { fmt, median, num } from '../../bench/harness.ts';
import { rng } from '../../test/support/random-mcf.ts';
import { computeCoverage } from './coverage.ts';

export const coverageBench: BenchArea = {
  name: 'coverage',

  task(kind): TaskResult {
    if (kind !== 'city') throw new Error(`unknown coverage task ${kind}`);
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
  },

  async rows(ctx: BenchContext): Promise<void> {
    ctx.log('coverage…');
    const c = await ctx.child('city:');
    if (!c) ctx.emit(['coverage 50 km × 50 km @ 10 m (25 M cells), 500 sirens', ctx.over, 'target < 2 s', '—', '—']);
    else {
      const ms = num(c, 'ms');
      ctx.emit([`coverage 50 km × 50 km @ 10 m (25 M cells), 500 sirens, median of 3`, `${fmt(ms)}; ${(num(c, 'evals') / (ms / 1000) / 1e6).toFixed(0)} M cell·siren/s`, 'target < 2 s', (ms / 2000).toFixed(2), `${num(c, 'covered').toFixed(1)} % covered; with ISO 9613-1 + polygons ${fmt(num(c, 'msPoly'))} (${num(c, 'polygons')} polygons)`]);
    }
  },
};
