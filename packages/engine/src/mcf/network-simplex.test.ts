import { describe, expect, it } from 'vitest';
import { NetworkSimplex } from './network-simplex.ts';
import { checkMcfCertificate, makeMcfProblem, solveMinCostFlow } from './problem.ts';
import { randomMcf, rng } from '../../test/support/random-mcf.ts';
import { EngineError } from '../errors.ts';

describe('network simplex', () => {
  it('solves a tiny instance by hand', () => {
    // Two routes 0→1→2 (cost 5/unit) and 0→2 (cost 7/unit, cap 3): all 5 units take the cheap route.
    const p = makeMcfProblem(3, [5, 0, -5], [[0, 1, 0, 10, 2], [1, 2, 0, 10, 3], [0, 2, 0, 3, 7]]);
    const s = solveMinCostFlow(p);
    expect(s.status).toBe('optimal');
    expect(s.cost).toBe(25);
    expect(Array.from(s.flow)).toEqual([5, 5, 0]);
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

  it('rejects non-integer and out-of-range input with a typed error', () => {
    expect(() => new NetworkSimplex([1.5, -1.5])).toThrow(EngineError);
    const ns = new NetworkSimplex([1, -1]);
    expect(() => ns.addArc(0, 2, 1, 1)).toThrow(/endpoints/);
    expect(() => ns.addArc(0, 1, 1, 0.5)).toThrow(/cost/);
    expect(() => ns.addArc(0, 1, 1, 1, 2)).toThrow(/lower ≤ upper/);
  });
});
