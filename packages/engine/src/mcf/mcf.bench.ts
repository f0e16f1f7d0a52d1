// Min-cost flow benchmark (run by `npm run bench`, see bench/harness.ts): random DIMACS-style instances solved by the
// engine's network simplex beside LEMON NetworkSimplex; status and optimal cost must be equal. The instances use
// `feasible: true` (a full-capacity, maximum-cost backbone path from the sources to the sinks), so both sides
// compare solve times instead of reporting infeasible. `--quick` skips the 50k-node instance. The 10k instance is also
// measured warm (the engine's code compiled by a solve of another instance first), beside the cold row that is
// compared: LEMON is compiled ahead of time, the engine in a fresh process is not.
import type { BenchArea, BenchContext, TaskResult } from '../../bench/harness.ts';
import { cpuNote, cpuSince, fmt, num, ratioCell } from '../../bench/harness.ts';
import { lemonSolveBinary } from '../../test/support/lemon.ts';
import { randomMcf } from '../../test/support/random-mcf.ts';
import { solveMinCostFlow } from './problem.ts';

const SIZES: Record<string, [number, number]> = { '10k': [10_000, 100_000], '50k': [50_000, 500_000] };

const instance = (name: string): ReturnType<typeof randomMcf> => {
  // `SIZE:other`: another instance of that size (another seed), for warming up.
  const [size, other] = name.split(':');
  const [n, m] = SIZES[size!]!;
  return randomMcf(n + m + (other ? 1 : 0), { nodes: n, arcs: m, supplyNodes: n / 10, totalSupply: n, maxCost: 1000, feasible: true });
};

export const mcfBench: BenchArea = {
  name: 'mcf',

  task(kind, name, { limitS }): TaskResult {
    if (kind === 'engine' || kind === 'engine-warm') {
      const p = instance(name);
      // Warm: the same code first solves another instance of the size (untimed), so the timed solve runs compiled
      // code, as every solve after the first does in a long-lived process (a server, a session); LEMON is compiled
      // ahead of time, so its one run is both. The cold row (a fresh process, the CLI's case) stays the compared one.
      if (kind === 'engine-warm') solveMinCostFlow(instance(`${name}:other`));
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
      if (name !== '10k') continue;
      // The same instance with the engine's code already compiled (see the task): how much of the gap is warm-up.
      ctx.log(`mcf ${name} warm…`);
      const w = await ctx.pair(`engine-warm:${name}`, lemonWhy ? null : `lemon:${name}`, reps);
      let wCheck = 'n/a';
      if (w.e && w.p) {
        const eq = w.e.status === w.p.status && (w.e.status !== 'optimal' || num(w.e, 'cost') === num(w.p, 'cost'));
        if (!eq) ctx.mismatch();
        wCheck = `${String(w.e.status)} ${num(w.e, 'cost')} equal: ${eq ? 'yes' : `NO (LEMON ${String(w.p.status)} ${num(w.p, 'cost')})`}`;
      }
      ctx.emit([`mcf random ${n.toLocaleString('en')} nodes, engine warm (after one solve of another instance; not the compared row), median of ${reps}`, w.e ? `${fmt(num(w.e, 'ms'))}${cpuNote(w.e)}` : over, lemonWhy ? 'LEMON NS —' : w.p ? `LEMON NS ${fmt(num(w.p, 'ms'))}${cpuNote(w.p)}` : `LEMON NS ${over}`, w.e && w.p ? ratioCell(w.e, w.p) : '—', wCheck]);
    }
  },
};
