// Allocation benchmark (run by `npm run bench`, see bench/harness.ts): the lazily priced simplex on synthetic cities
// S/M/L/XL beside LEMON NetworkSimplex on the fully materialised pairs (only LEMON's run() is timed); costs must be
// equal. `--quick` skips XL. Then the incremental what-if on L: one shelter closed, one capacity raised, each
// repaired from the previous optimum (shortest paths, or past their budget the simplex resumed from its last tree)
// beside the engine's own solve from scratch of the changed problem (same child,
// same input); optima must be equal.
import type { BenchArea, BenchContext, TaskResult } from '../../bench/harness.ts';
import { cpuNote, cpuSince, fmt, num, ratioCell } from '../../bench/harness.ts';
import { lemonSolveBinary } from '../../test/support/lemon.ts';
import { syntheticCity } from '../../test/support/synthetic-city.ts';
import { allocate } from './allocate.ts';
import { allocationToMcf } from './full-model.ts';
import { allocationSession } from './what-if.ts';

const SIZES: Record<string, [number, number]> = { S: [5_000, 200], M: [20_000, 1_000], L: [50_000, 2_000], XL: [200_000, 10_000] };
const REPS: Record<string, number> = { S: 3, M: 3, L: 3, XL: 1 };
/** What-if cases on L: [shelter, capacity factor, label]. */
const WHAT_IF: [number, number, string][] = [[3, 0, 'shelter 3 closed'], [100, 0, 'shelter 100 closed'], [10, 1.5, 'shelter 10 capacity +50 %']];

const city = (name: string): ReturnType<typeof syntheticCity> => {
  const [nD, nS] = SIZES[name]!;
  return syntheticCity(nD, { demandPoints: nD, shelters: nS });
};

export const allocationBench: BenchArea = {
  name: 'allocation',

  task(kind, name, { limitS }): TaskResult {
    if (kind === 'engine') {
      const c = city(name);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = allocate(c);
      const ms = performance.now() - t0;
      const cpuMs = cpuSince(c0);
      // Peak resident memory of the whole child (input generation included): typed arrays live outside the JS heap.
      const rssMB = process.resourceUsage().maxRSS / 1024;
      return { ms, cpuMs, cost: r.optimalCost, arcs: r.proof.arcsMaterialised, rounds: r.proof.pricingRounds, pivots: r.proof.pivots, proven: r.proof.optimalOverAllPairs, rssMB };
    }
    if (kind === 'lemon') {
      const { mcf, fixedCost } = allocationToMcf(city(name));
      const [nD, nS] = SIZES[name]!;
      const l = lemonSolveBinary(mcf, (limitS + 30) * 1000);
      return { ms: l.runMs, cpuMs: l.runCpuMs, cost: l.cost + fixedCost, status: l.status, pairs: mcf.source.length - nD - nS };
    }
    if (kind === 'whatif') {
      // `arg` = SIZE,SHELTER,FACTOR: shelter's capacity × FACTOR (0 = closed).
      const [size, js, fs] = name.split(',') as [string, string, string];
      const c = city(size);
      const session = allocationSession(c);
      const j = Number(js);
      const capacity = Math.floor(c.shelters.capacity[j]! * Number(fs));
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = session.setCapacity(j, capacity);
      const ms = performance.now() - t0;
      const cpuMs = cpuSince(c0);
      const c1 = process.cpuUsage();
      const t1 = performance.now();
      const scratch = allocate(session.problem);
      const scratchMs = performance.now() - t1;
      const scratchCpuMs = cpuSince(c1);
      return { ms, cpuMs, scratchMs, scratchCpuMs, cost: r.optimalCost, scratchCost: scratch.optimalCost, paths: r.proof.repairPaths ?? -1, pivots: r.proof.pivots, proven: r.proof.optimalOverAllPairs, capacity };
    }
    throw new Error(`unknown allocation task ${kind}`);
  },

  async rows(ctx: BenchContext): Promise<void> {
    const { lemonWhy, over } = ctx;
    for (const name of ctx.quick ? ['S', 'M', 'L'] : ['S', 'M', 'L', 'XL']) {
      const [nD, nS] = SIZES[name]!;
      ctx.log(`allocation ${name}…`);
      const { e, p } = await ctx.pair(`engine:${name}`, lemonWhy ? null : `lemon:${name}`, REPS[name]!);
      const eCell = e ? `${fmt(num(e, 'ms'))}${cpuNote(e)} (${num(e, 'arcs').toLocaleString('en')} arcs, ${num(e, 'rounds')} rounds, ${num(e, 'pivots').toLocaleString('en')} pivots, peak RSS ${num(e, 'rssMB').toFixed(0)} MB)` : over;
      const pCell = lemonWhy ? 'LEMON NS —' : p ? `LEMON NS ${fmt(num(p, 'ms'))}${cpuNote(p)}` : `LEMON NS ${over}`;
      const ratio = e && p ? ratioCell(e, p) : '—';
      let check = 'n/a';
      if (e && p) {
        const eq = num(e, 'cost') === num(p, 'cost') && p.status === 'optimal' && e.proven === true;
        if (!eq) ctx.mismatch();
        check = `cost ${num(e, 'cost')} equal: ${eq ? 'yes' : `NO (LEMON ${num(p, 'cost')})`}`;
      } else if (e) check = `cost ${num(e, 'cost')} (no peer cost to compare)`;
      else if (p) check = `LEMON cost ${num(p, 'cost')}`;
      const pairs = p ? `, ${num(p, 'pairs').toLocaleString('en')} pairs in reach` : '';
      const reps = Math.max(Number(e?.reps ?? 1), Number(p?.reps ?? 1));
      ctx.emit([`allocation ${name} (${nD.toLocaleString('en')} pts / ${nS.toLocaleString('en')} shelters${pairs})${reps > 1 ? `, median of ${reps}` : ''}`, eCell, pCell, ratio, check]);
    }
    for (const [j, f, what] of WHAT_IF) {
      ctx.log(`allocation what-if L ${what}…`);
      const r = await ctx.child(`whatif:L,${j},${f}`);
      const label = `what-if L: ${what} (capacity → ${r ? num(r, 'capacity').toLocaleString('en') : '?'}), repaired from the previous optimum`;
      if (!r) {
        ctx.emit([label, over, over, '—', '—']);
        continue;
      }
      const eq = num(r, 'cost') === num(r, 'scratchCost') && r.proven === true;
      if (!eq) ctx.mismatch();
      const paths = num(r, 'paths');
      ctx.emit([label, `${fmt(num(r, 'ms'))}${cpuNote(r)} (${paths >= 0 ? `${paths} shortest paths` : `repair over budget: simplex resumed from its last tree, ${num(r, 'pivots').toLocaleString('en')} pivots`})`, `engine from scratch ${fmt(num(r, 'scratchMs'))}${cpuNote(r, 'scratchCpuMs')}`, ratioCell(r, r, 'ms', 'cpuMs', 'scratchCpuMs', 'scratchMs'), `cost ${num(r, 'cost')} equal: ${eq ? 'yes' : `NO (scratch ${num(r, 'scratchCost')})`}`]);
    }
  },
};
