// Seeded random min-cost flow instances shared by the tests and the benchmark.
import type { McfProblem } from '../../src/mcf/problem.ts';

/** mulberry32: tiny, fast, good enough for test data, and identical on every platform. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomMcfOptions {
  nodes: number;
  arcs: number;
  maxCost?: number;
  allowNegative?: boolean;
  maxCap?: number;
  withLower?: boolean;
  supplyNodes?: number;
  totalSupply?: number;
  /**
   * Guarantee feasibility: the spanning path runs from the first source through every node to the last sink in
   * path order (all sources precede all sinks on it), with capacity = total supply and the largest cost, so every
   * source can reach every sink and an optimum still prefers the random arcs. Default false (tests want some
   * infeasible instances too).
   */
  feasible?: boolean;
}

/**
 * A random instance: a random spanning path keeps most instances feasible, extra arcs are uniform, supplies are split
 * among a few sources and sinks. Some instances are infeasible on purpose (tight capacities), which tests need too.
 */
export function randomMcf(seed: number, o: RandomMcfOptions): McfProblem {
  const r = rng(seed);
  const n = o.nodes;
  const m = Math.max(o.arcs, n - 1);
  const maxCost = o.maxCost ?? 100;
  const maxCap = o.maxCap ?? 50;
  const p: McfProblem = {
    nodeCount: n,
    supply: new Float64Array(n),
    source: new Int32Array(m),
    target: new Int32Array(m),
    lower: new Float64Array(m),
    upper: new Float64Array(m),
    cost: new Float64Array(m),
  };
  const k = Math.max(1, Math.min(Math.floor(n / 2), o.supplyNodes ?? Math.max(1, Math.floor(n / 10))));
  const total = o.totalSupply ?? Math.floor(k * maxCap * 0.7);
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  for (let e = 0; e < m; e++) {
    let u: number, v: number;
    if (e < n - 1) {
      u = perm[e]!;
      v = perm[e + 1]!;
      if (r() < 0.5 && !o.feasible) [u, v] = [v, u];
    } else {
      u = Math.floor(r() * n);
      v = Math.floor(r() * n);
      if (u === v) v = (v + 1) % n;
    }
    p.source[e] = u;
    p.target[e] = v;
    const cap = 1 + Math.floor(r() * maxCap);
    const lo = o.withLower && r() < 0.1 ? Math.floor(r() * Math.min(cap, 3)) : 0;
    p.lower[e] = lo;
    p.upper[e] = cap;
    const c = Math.floor(r() * (maxCost + 1));
    p.cost[e] = o.allowNegative && r() < 0.2 ? -c : c;
    if (o.feasible && e < n - 1) {
      // Backbone arc (see `feasible`): lower 0, room for the whole supply, the most expensive cost.
      p.lower[e] = 0;
      p.upper[e] = Math.max(total, 1);
      p.cost[e] = maxCost;
    }
  }
  for (let i = 0; i < k; i++) {
    const share = Math.floor(total / k);
    p.supply[perm[i]!] = p.supply[perm[i]!]! + share;
    p.supply[perm[n - 1 - i]!] = p.supply[perm[n - 1 - i]!]! - share;
  }
  return p;
}
