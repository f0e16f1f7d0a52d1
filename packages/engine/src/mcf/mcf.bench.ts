// Min-cost flow benchmark (run by `npm run bench`, see bench/harness.ts): random DIMACS-style instances solved by the
// engine's network simplex beside LEMON NetworkSimplex; status and optimal cost must be equal. The instances use
// `feasible: true` (a full-capacity, maximum-cost backbone path from the sources to the sinks), so both sides
// compare solve times instead of reporting infeasible. `--quick` skips the 50k-node instance.
import type { BenchArea, BenchContext, TaskResult } from '../../bench/harness.ts';
import { cpuNote, cpuSince, fmt, num, ratioCell } from '../../bench/harness.ts';
import { lemonSolveBinary } from '../../test/support/lemon.ts';
import { randomMcf } from '../../test/support/random-mcf.ts';
import { solveMinCostFlow } from './problem.ts';

const SIZES: Record<string, [number, number]> = { '10k': [10_000, 100_000], '50k': [50_000, 500_000] };

const instance = (name: string): ReturnType<typeof randomMcf> => {
  const [n, m] = SIZES[name]!;
  return randomMcf(n + m, { nodes: n, arcs: m, supplyNodes: n / 10, totalSupply: n, maxCost: 1000, feasible: true });
};

export const mcfBench: BenchArea = {
  name: 'mcf',

  task(kind, name, { limitS }): TaskResult {
    if (kind === 'engine') {
      const p = instance(name);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const s = solveMinCostFlow(p);
      return { ms: performance.now() - t0, cpuMs: cpuSince(c0), cost: s.cost, status: s.status };
    }
    if (kind === 'lemon') {
      const l = lemonSolveBinary(instance(name), (limitS + 30) * 1000);
      return { ms: l.runMs, cpuMs: l.runCpuMs, cost: l.cost, status: l.status };
    }
    throw new Error(`unknown mcf task ${kind}`);
  },

  async rows(ctx: BenchContext): Promise<void> {
    const { lemonWhy, over } = ctx;
    for (const name of ctx.quick ? ['10k'] : ['10k', '50k']) {
      const [n, m] = SIZES[name]!;
      ctx.log(`mcf ${name}…`);
      const reps = name === '10k' ? 3 : 1;
      const { e, p } = await ctx.pair(`engine:${name}`, lemonWhy ? null : `lemon:${name}`, reps);
      let check = 'n/a';
      if (e && p) {
        const eq = e.status === p.status && (e.status !== 'optimal' || num(e, 'cost') === num(p, 'cost'));
        if (!eq) ctx.mismatch();
        check = `${String(e.status)} ${num(e, 'cost')} equal: ${eq ? 'yes' : `NO (LEMON ${String(p.status)} ${num(p, 'cost')})`}`;
      }
      ctx.emit([`mcf random ${n.toLocaleString('en')} nodes / ${m.toLocaleString('en')} arcs${reps > 1 ? `, median of ${reps}` : ''}`, e ? `${fmt(num(e, 'ms'))}${cpuNote(e)}` : over, lemonWhy ? 'LEMON NS —' : p ? `LEMON NS ${fmt(num(p, 'ms'))}${cpuNote(p)}` : `LEMON NS ${over}`, e && p ? ratioCell(e, p) : '—', check]);
    }
  },
};
