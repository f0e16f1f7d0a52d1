import { describe, expect, it } from 'vitest';
import { randomMcf } from './support/random-mcf.ts';
import { checkMcfCertificate, solveMinCostFlow } from '../src/mcf/problem.ts';
import { lemonSolveDimacs } from './support/lemon.ts';
import { requireLemon, skipLemon } from './support/lemon-gate.ts';
import { KERNEL_MIN_ARC_SLOTS } from '../src/mcf/simplex-kernel.ts';

describe.skipIf(skipLemon)('min-cost flow equals LEMON NetworkSimplex', () => {
  it('on 300 random DIMACS instances: same status, same optimal cost, engine certificate valid', () => {
    requireLemon();
    let optimal = 0;
    let infeasible = 0;
    for (let seed = 1000; seed < 1300; seed++) {
      const p = randomMcf(seed, {
        nodes: 4 + (seed % 80),
        arcs: 8 + ((seed * 31) % 600),
        allowNegative: seed % 2 === 0,
        withLower: seed % 5 === 0,
        maxCost: seed % 7 === 0 ? 10_000 : 100,
        totalSupply: 5 + (seed % 120),
      });
      const mine = solveMinCostFlow(p);
      const peer = lemonSolveDimacs(p);
      expect(mine.status, `seed ${seed}`).toBe(peer.status);
      if (mine.status === 'optimal') {
        optimal++;
        expect(mine.cost, `seed ${seed}`).toBe(peer.cost);
        expect(checkMcfCertificate(p, mine.flow, mine.potential).optimal).toBe(true);
      } else infeasible++;
    }
    // Both outcomes must be exercised or the comparison proves little.
    expect(optimal).toBeGreaterThan(150);
    expect(infeasible).toBeGreaterThan(5);
  });
});

describe.skipIf(skipLemon)('min-cost flow priced in WebAssembly equals LEMON NetworkSimplex', () => {
  it('on random instances large enough for the pricing kernel', () => {
    requireLemon();
    for (const seed of [1, 2, 3]) {
      const p = randomMcf(seed, { nodes: 3_000, arcs: KERNEL_MIN_ARC_SLOTS + seed * 4_000, allowNegative: seed === 2, withLower: seed === 3, maxCost: 1000, supplyNodes: 300, totalSupply: 3_000, feasible: true });
      const mine = solveMinCostFlow(p);
      const peer = lemonSolveDimacs(p);
      expect(mine.status, `seed ${seed}`).toBe(peer.status);
      expect(mine.cost, `seed ${seed}`).toBe(peer.cost);
      expect(checkMcfCertificate(p, mine.flow, mine.potential).optimal).toBe(true);
    }
  });
});

describe.skipIf(skipLemon)('allocation equals LEMON on the fully materialised model', () => {
  it('on 40 synthetic cities', async () => {
    requireLemon();
    const { syntheticCity } = await import('./support/synthetic-city.ts');
    const { allocate } = await import('../src/allocation/allocate.ts');
    const { allocationToMcf } = await import('../src/allocation/full-model.ts');
    const { lemonSolveBinary } = await import('./support/lemon.ts');
    for (let seed = 1; seed <= 40; seed++) {
      const city = syntheticCity(seed, { demandPoints: 100 + seed * 40, shelters: 8 + seed, shelterInReach: 4 + (seed % 15), capacityRatio: 0.6 + (seed % 7) * 0.1 });
      const { mcf, fixedCost } = allocationToMcf(city);
      const peer = lemonSolveBinary(mcf);
      expect(peer.status).toBe('optimal');
      expect(allocate(city).optimalCost, `seed ${seed}`).toBe(peer.cost + fixedCost);
    }
  });
});
