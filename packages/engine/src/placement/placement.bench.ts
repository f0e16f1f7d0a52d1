// Placement benchmark (run by `npm run bench`, see bench/harness.ts): CELF + swap local search beside the HiGHS MIP
// optimum on the same instance (10,000 cells, one existing siren), coverage gap in percentage points (CELF alone in
// brackets).
import type { BenchArea, BenchContext, TaskResult } from '../../bench/harness.ts';
import { fmt, num } from '../../bench/harness.ts';
import { loadHighsSolver } from '../../test/support/highs.ts';
import { rng } from '../../test/support/random-mcf.ts';
import { buildPlacementInstance, exactPlacement, greedyPlacement, localSearchPlacement } from './placement.ts';

const CASES = [[1, 40, 5], [2, 60, 8], [3, 80, 10]] as const;

export const placementBench: BenchArea = {
  name: 'placement',

  async task(kind, arg): Promise<TaskResult> {
    if (kind !== 'best-k') throw new Error(`unknown placement task ${kind}`);
    const highs = await loadHighsSolver();
    const [seed, nC, k] = arg.split(',').map(Number) as [number, number, number];
    const r = rng(seed);
    const grid = { originX: 0, originY: 5000, cellSize: 50, cols: 100, rows: 100 };
    const cand = { x: Float64Array.from({ length: nC }, () => r() * 5000), y: Float64Array.from({ length: nC }, () => r() * 5000), levelDb: Float64Array.from({ length: nC }, () => 110 + r() * 15) };
    const existing = { x: Float64Array.of(2500), y: Float64Array.of(2500), levelDb: Float64Array.of(120) };
    const inst = buildPlacementInstance(grid, existing, cand, {});
    const celf = greedyPlacement(inst, { k });
    const t0 = performance.now();
    const g = localSearchPlacement(inst, { k });
    const gMs = performance.now() - t0;
    const t1 = performance.now();
    const e = exactPlacement(inst, { k }, highs);
    return { gMs, gCov: g.coverage, celfCov: celf.coverage, swaps: g.swaps, eMs: performance.now() - t1, eCov: e.coverage, optimal: e.optimal };
  },

  async rows(ctx: BenchContext): Promise<void> {
    for (const [seed, nC, k] of CASES) {
      ctx.log(`placement ${nC}/${k}…`);
      const r = await ctx.child(`best-k:${seed},${nC},${k}`);
      if (!r) {
        ctx.emit([`placement best-${k} of ${nC} candidates (10 000 cells)`, ctx.over, ctx.over, '—', '—']);
        continue;
      }
      ctx.emit([`placement best-${k} of ${nC} candidates (10 000 cells)`, `CELF + swaps ${fmt(num(r, 'gMs'))}: ${(100 * num(r, 'gCov')).toFixed(2)} % (${num(r, 'swaps')} swaps)`, `HiGHS ${fmt(num(r, 'eMs'))}: ${(100 * num(r, 'eCov')).toFixed(2)} %${r.optimal ? ' (optimal)' : ' (time limit)'}`, (num(r, 'gMs') / num(r, 'eMs')).toFixed(3), `gap ${(100 * (num(r, 'eCov') - num(r, 'gCov'))).toFixed(2)} points (CELF alone ${(100 * (num(r, 'eCov') - num(r, 'celfCov'))).toFixed(2)})`]);
    }
  },
};
