import { describe, expect, it } from 'vitest';
import { NetworkSimplex } from './network-simplex.ts';
import { checkMcfCertificate, makeMcfProblem, solveMinCostFlow } from './problem.ts';
import { randomMcf, rng } from '../../test/support/random-mcf.ts';
import { EngineError } from '../errors.ts';
import { KERNEL_MIN_ARC_SLOTS } from './simplex-kernel.ts';

describe('network simplex', () => {
  it('solves a tiny instance by hand', () => {
    // Two routes 0→1→2 (cost 5/unit) and 0→2 (cost 7/unit, cap 3): all 5 units take the cheap route.
    const p = makeMcfProblem(3, [5, 0, -5], [[0, 1, 0, 10, 2], [1, 2, 0, 10, 3], [0, 2, 0, 3, 7]]);
    const s = solveMinCostFlow(p);
    expect(s.status).toBe('optimal');
    expect(s.cost).toBe(25);
    expect(Array.from(s.flow)).toEqual([5, 5, 0]);
  });

  it('names a bad arc by its index in the given problem, although the solver takes arcs grouped by source', () => {
    // Arc 0 leaves node 2 and arc 1 node 0, so the solver adds arc 1 first; the error must still say "arc 0".
    const p = makeMcfProblem(3, [5, 0, -5], [[2, 1, 0, 10, 0.5], [0, 1, 0, 10, 2], [1, 2, 0, 10, 3]]);
    let err: unknown = null;
    try {
      solveMinCostFlow(p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).field).toBe('arc 0');
    expect((err as EngineError).message).toBe('arc 0: cost must be a safe integer');
  });

  it('returns flows in the caller\'s arc order whatever order the solver took them in', () => {
    // Arc 0 leaves node 1, arcs 1 and 2 node 0: the solver takes them as 1, 2, 0; flows must line up with the input.
    const p = makeMcfProblem(3, [5, 0, -5], [[1, 2, 0, 10, 3], [0, 2, 0, 3, 7], [0, 1, 0, 10, 2]]);
    const s = solveMinCostFlow(p);
    expect(Array.from(s.flow)).toEqual([5, 0, 5]);
    expect(checkMcfCertificate(p, s.flow, s.potential).optimal).toBe(true);
  });

  it('uses the expensive arc when the cheap route is capacity-bound', () => {
    const p = makeMcfProblem(3, [5, 0, -5], [[0, 1, 0, 2, 2], [1, 2, 0, 10, 3], [0, 2, 0, 3, 7]]);
    expect(solveMinCostFlow(p).cost).toBe(2 * 5 + 3 * 7);
  });

  it('reports infeasible when capacity is short and when supplies are unbalanced', () => {
    expect(solveMinCostFlow(makeMcfProblem(2, [5, -5], [[0, 1, 0, 4, 1]])).status).toBe('infeasible');
    expect(solveMinCostFlow(makeMcfProblem(2, [5, -4], [[0, 1, 0, 9, 1]])).status).toBe('infeasible');
  });

  it('honours lower bounds, even when they force a costly detour', () => {
    const p = makeMcfProblem(2, [0, 0], [[0, 1, 2, 5, 10], [1, 0, 0, 5, 1]]);
    const s = solveMinCostFlow(p);
    expect(s.status).toBe('optimal');
    expect(s.cost).toBe(22);
    expect(checkMcfCertificate(p, s.flow, s.potential).optimal).toBe(true);
  });

  it('proves optimality by certificate on 300 random instances (negative costs, lower bounds)', () => {
    let optimal = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const p = randomMcf(seed, { nodes: 3 + (seed % 60), arcs: 5 + ((seed * 13) % 400), allowNegative: seed % 3 === 0, withLower: seed % 4 === 0, totalSupply: 10 + (seed % 50) });
      const s = solveMinCostFlow(p);
      if (s.status !== 'optimal') continue;
      optimal++;
      const cert = checkMcfCertificate(p, s.flow, s.potential);
      expect(cert.errors, `seed ${seed}`).toEqual([]);
      expect(cert.optimal).toBe(true);
      expect(cert.primalCost).toBe(s.cost);
    }
    expect(optimal).toBeGreaterThan(200);
  });

  it('the certificate rejects a feasible but suboptimal flow', () => {
    const p = makeMcfProblem(3, [5, 0, -5], [[0, 1, 0, 10, 2], [1, 2, 0, 10, 3], [0, 2, 0, 3, 7]]);
    const s = solveMinCostFlow(p);
    const worse = Float64Array.from([2, 2, 3]);
    const cert = checkMcfCertificate(p, worse, s.potential);
    expect(cert.primalFeasible).toBe(true);
    expect(cert.optimal).toBe(false);
    expect(checkMcfCertificate(p, Float64Array.from([5, 4, 0]), s.potential).primalFeasible).toBe(false);
  });

  it('takes the same pivots whether it prices in WebAssembly (large instances) or in JavaScript', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const p = randomMcf(seed, { nodes: 10 + seed * 5, arcs: 100 + seed * 50, allowNegative: seed % 3 === 0, withLower: seed % 4 === 0, totalSupply: 30 + seed });
      const solve = (room: number) => {
        const ns = new NetworkSimplex(p.supply, room);
        ns.addArcsBySource(p.source, p.target, p.upper, p.cost, p.lower);
        const status = ns.solve();
        return { status, pivots: ns.pivots, flows: Array.from(ns.flows()), potentials: Array.from(ns.potentials()) };
      };
      expect(solve(KERNEL_MIN_ARC_SLOTS), `seed ${seed}`).toEqual(solve(p.source.length));
    }
  });

  it('resumes from its basis when added arcs move its arrays into WebAssembly memory', () => {
    const p = randomMcf(7, { nodes: 300, arcs: KERNEL_MIN_ARC_SLOTS + 5_000, totalSupply: 500, feasible: true });
    const ns = new NetworkSimplex(p.supply);
    const m = p.source.length;
    const first = 2_000; // the feasible backbone comes first in randomMcf's arcs
    for (let e = 0; e < first; e++) ns.addArc(p.source[e]!, p.target[e]!, p.upper[e]!, p.cost[e]!);
    expect(ns.solve()).toBe('optimal');
    for (let e = first; e < m; e++) ns.addArc(p.source[e]!, p.target[e]!, p.upper[e]!, p.cost[e]!);
    expect(ns.solve()).toBe('optimal');
    const full = solveMinCostFlow(p);
    expect(ns.totalCost()).toBe(full.cost);
  });

  it('resumes after arcs are added and matches a solve from scratch', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const p = randomMcf(seed, { nodes: 20 + seed, arcs: 200 + seed * 5, totalSupply: 40 });
      const r = rng(seed);
      const ns = new NetworkSimplex(p.supply);
      const m = p.source.length;
      // A spanning set first (the path arcs), then the rest in two batches, solving in between.
      const order = Array.from({ length: m }, (_, i) => i);
      const cut1 = p.nodeCount - 1 + Math.floor(r() * (m - p.nodeCount));
      const added: number[] = [];
      const add = (from: number, to: number): void => {
        for (let i = from; i < to; i++) {
          const e = order[i]!;
          ns.addArc(p.source[e]!, p.target[e]!, p.upper[e]!, p.cost[e]!);
          added.push(e);
        }
      };
      add(0, cut1);
      ns.solve();
      add(cut1, m);
      const st = ns.solve();
      const full = solveMinCostFlow(p);
      expect(st).toBe(full.status);
      if (st === 'optimal') expect(ns.totalCost()).toBe(full.cost);
    }
  });

  it('resumes after arc bounds change (cut, raised, closed) and matches a solve from scratch, certified', () => {
    let withBigM = 0;
    for (let seed = 1; seed <= 80; seed++) {
      const p = randomMcf(seed * 7_919, { nodes: 15 + (seed % 20), arcs: 120 + seed * 3, totalSupply: 30, maxCap: 12 });
      const r = rng(seed * 31);
      const ns = new NetworkSimplex(p.supply);
      const m = p.source.length;
      for (let e = 0; e < m; e++) ns.addArc(p.source[e]!, p.target[e]!, p.upper[e]!, p.cost[e]!);
      ns.solve();
      const upper = p.upper.slice();
      const bigM: number[] = [];
      for (let k = 0; k < 6; k++) {
        // Prefer arcs carrying flow: those are the ones whose change moves the basis (tree or saturated arcs).
        let e = Math.floor(r() * m);
        for (let t = 0; t < 10 && ns.arcFlow(e) === 0; t++) e = Math.floor(r() * m);
        const kind = Math.floor(r() * 3);
        const u = kind === 0 ? 0 : kind === 1 ? Math.floor(ns.arcFlow(e) * r()) : upper[e]! + 1 + Math.floor(r() * 10);
        upper[e] = u;
        const a = ns.setArcUpper(e, u);
        if (a >= 0) bigM.push(a);
        const st = ns.solve();
        const changed = { ...p, upper: upper.slice() };
        const full = solveMinCostFlow(changed);
        const leftOnBigM = bigM.some((b) => ns.arcFlow(b) !== 0);
        if (full.status !== 'optimal') {
          // Infeasible without the removed room: the flow stays on a big-M arc (or on the root), never a false optimum.
          expect(st !== 'optimal' || leftOnBigM, `seed ${seed} change ${k}`).toBe(true);
          break;
        }
        expect(st).toBe('optimal');
        expect(leftOnBigM, `seed ${seed} change ${k}`).toBe(false);
        expect(ns.totalCost(), `seed ${seed} change ${k}`).toBe(full.cost);
        const flow = ns.flows().subarray(0, m);
        expect(checkMcfCertificate(changed, flow, ns.potentials().subarray(0, p.nodeCount)).optimal).toBe(true);
      }
      withBigM += bigM.length;
    }
    // The test must reach the branches that add big-M arcs, not only the plain bound changes.
    expect(withBigM).toBeGreaterThan(100);
  });

  it('rejects non-integer and out-of-range input with a typed error', () => {
    expect(() => new NetworkSimplex([1.5, -1.5])).toThrow(EngineError);
    const ns = new NetworkSimplex([1, -1]);
    expect(() => ns.addArc(0, 2, 1, 1)).toThrow(/endpoints/);
    expect(() => ns.addArc(0, 1, 1, 0.5)).toThrow(/cost/);
    expect(() => ns.addArc(0, 1, 1, 1, 2)).toThrow(/lower ≤ upper/);
  });
});

describe('network simplex warm start', () => {
  it('reaches the cold-start optimum with a valid certificate from a northwest-corner basis on 60 random transportation instances', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed);
      const nA = 2 + Math.floor(r() * 12), nB = 2 + Math.floor(r() * 12);
      const supply: number[] = [];
      for (let i = 0; i < nA; i++) supply.push(1 + Math.floor(r() * 50));
      const total = supply.reduce((a, b) => a + b, 0);
      // Split the total demand among sinks (some may get 0: degenerate bases must work too).
      const demand = new Array<number>(nB).fill(0);
      for (let u = 0; u < total; u++) demand[Math.floor(r() * nB)]!++;
      const arcs: [number, number, number, number, number][] = [];
      for (let i = 0; i < nA; i++) for (let j = 0; j < nB; j++) arcs.push([i, nA + j, 0, total, Math.floor(r() * 100) - (seed % 3 === 0 ? 30 : 0)]);
      const p = makeMcfProblem(nA + nB, [...supply, ...demand.map((d) => -d)], arcs);
      const cold = solveMinCostFlow(p);
      expect(cold.status).toBe('optimal');
      // Northwest corner: each step exhausts a source (the edge is its tree arc) or else a sink.
      const flow = new Float64Array(arcs.length);
      const tree = new Int32Array(nA + nB).fill(-1);
      const a = supply.slice(), b = demand.slice();
      let i = 0, j = 0;
      while (i < nA && j < nB) {
        const e = i * nB + j;
        const f = Math.min(a[i]!, b[j]!);
        flow[e] = f;
        a[i] = a[i]! - f;
        b[j] = b[j]! - f;
        if (a[i] === 0) {
          tree[i] = e;
          i++;
        } else {
          tree[nA + j] = e;
          j++;
        }
      }
      const ns = new NetworkSimplex(p.supply, arcs.length);
      for (const [u, v, , up, c] of arcs) ns.addArc(u, v, up, c);
      ns.warmStart(flow, tree);
      expect(ns.solve(), `seed ${seed}`).toBe('optimal');
      expect(ns.totalCost(), `seed ${seed}`).toBe(cold.cost);
      expect(checkMcfCertificate(p, ns.flows(), ns.potentials()).optimal, `seed ${seed}`).toBe(true);
    }
  });

  it('accepts a partial flow on root-attached nodes and still proves the optimum', () => {
    const p = makeMcfProblem(3, [5, 0, -5], [[0, 1, 0, 10, 2], [1, 2, 0, 10, 3], [0, 2, 0, 3, 7]]);
    const ns = new NetworkSimplex(p.supply);
    ns.addArc(0, 1, 10, 2);
    ns.addArc(1, 2, 10, 3);
    ns.addArc(0, 2, 3, 7);
    ns.warmStart([0, 0, 0], [-1, 0, -1]); // nothing routed yet: 0 and 2 hang from the root with their imbalances
    expect(ns.solve()).toBe('optimal');
    expect(ns.totalCost()).toBe(25);
    expect(checkMcfCertificate(p, ns.flows(), ns.potentials()).optimal).toBe(true);
  });

  it('rejects invalid bases with ENGINE_MCF_BAD_INPUT', () => {
    const make = (): NetworkSimplex => {
      const ns = new NetworkSimplex(Float64Array.from([5, 0, -5]));
      ns.addArc(0, 1, 10, 2);
      ns.addArc(1, 2, 10, 3);
      ns.addArc(2, 0, 10, 1);
      return ns;
    };
    const code = (f: () => void): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof EngineError ? e.code : 'other';
      }
      return undefined;
    };
    // A cycle 0 → 1 → 2 → 0 as tree arcs.
    expect(code(() => make().warmStart([5, 5, 0], [0, 1, 2]))).toBe('ENGINE_MCF_BAD_INPUT');
    // A non-tree arc strictly between its bounds.
    expect(code(() => make().warmStart([5, 5, 1], [0, 1, -1]))).toBe('ENGINE_MCF_BAD_INPUT');
    // Flow not conserved at node 1, which is not on the root.
    expect(code(() => make().warmStart([5, 4, 0], [0, 1, -1]))).toBe('ENGINE_MCF_BAD_INPUT');
    // Flow above capacity.
    expect(code(() => make().warmStart([11, 11, 0], [0, 1, -1]))).toBe('ENGINE_MCF_BAD_INPUT');
  });
});
