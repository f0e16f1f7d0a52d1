import { describe, expect, it } from 'vitest';
import { allocate } from './allocate.ts';
import { allocationToMcf } from './full-model.ts';
import { allocationSession } from './what-if.ts';
import { checkMcfCertificate } from '../mcf/problem.ts';
import { EngineError } from '../errors.ts';
import { syntheticCity } from '../../test/support/synthetic-city.ts';
import { rng } from '../../test/support/random-mcf.ts';
import type { AllocationProblem, AllocationResult } from './types.ts';

/** The result's flows laid onto the full model's arcs, and its potentials checked there (independent of the solver). */
function certified(p: AllocationProblem, r: AllocationResult): boolean {
  const { mcf } = allocationToMcf(p);
  const nD = p.demand.x.length, nS = p.shelters.x.length;
  const byPair = new Map(r.flows.map(([i, j, f]) => [i * nS + j, f]));
  const load = new Float64Array(nS);
  for (const [, j, f] of r.flows) load[j] = load[j]! + f;
  const flow = new Float64Array(mcf.source.length);
  for (let e = 0; e < flow.length; e++) {
    const u = mcf.source[e]!, v = mcf.target[e]!;
    if (v === nD + nS) flow[e] = u < nD ? r.unassignedPerDemand[u]! : load[u - nD]!;
    else flow[e] = byPair.get(u * nS + (v - nD)) ?? 0;
  }
  const cert = checkMcfCertificate(mcf, flow, r.potentials);
  if (!cert.optimal) console.error(cert.errors.join('; '));
  return cert.optimal;
}

/** A random change: close, cut, raise a lot, reopen at the original capacity, or a small nudge. */
function change(r: () => number, p: AllocationProblem, original: Float64Array): [number, number] {
  const nS = p.shelters.x.length;
  const j = Math.floor(r() * nS);
  const c = p.shelters.capacity[j]!;
  const kind = Math.floor(r() * 5);
  if (kind === 0) return [j, 0];
  if (kind === 1) return [j, Math.floor(c * r())];
  if (kind === 2) return [j, c + 1 + Math.floor(r() * 3 * (original[j]! + 50))];
  if (kind === 3) return [j, original[j]!];
  return [j, Math.max(0, c + Math.floor(r() * 21) - 10)];
}

describe('allocationSession (incremental what-if)', () => {
  it('after each of 240 random capacity changes on 40 cities: the optimum of a solve from scratch, certified', () => {
    let repaired = 0, paths = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed * 7919);
      const city = syntheticCity(seed, {
        demandPoints: 60 + Math.floor(r() * 300),
        shelters: 4 + Math.floor(r() * 25),
        shelterInReach: 3 + Math.floor(r() * 12),
        capacityRatio: 0.5 + r() * 0.9,
        detourFactor: 1 + r() * 0.4,
        unassignedCost: 300 + Math.floor(r() * 3000),
      });
      const original = city.shelters.capacity.slice();
      // No repair budget: every change is repaired (the fallback is tested below).
      const s = allocationSession(city, { repairBudgetPasses: Infinity });
      expect(s.result.optimalCost).toBe(allocate(city).optimalCost);
      for (let step = 0; step < 6; step++) {
        const [j, c] = change(r, s.problem, original);
        const res = s.setCapacity(j, c);
        const scratch = allocate(s.problem);
        expect(res.optimalCost, `seed ${seed} step ${step}: shelter ${j} → ${c}`).toBe(scratch.optimalCost);
        expect(res.proof.optimalOverAllPairs).toBe(true);
        expect(res.assigned + res.unassigned).toBe(res.people);
        for (let k = 0; k < res.assignedPerShelter.length; k++) expect(res.assignedPerShelter[k]!).toBeLessThanOrEqual(res.effectiveCapacity[k]!);
        expect(certified(s.problem, res), `seed ${seed} step ${step}`).toBe(true);
        expect(res.proof.repairPaths).toBeDefined();
        repaired++;
        paths += res.proof.repairPaths!;
      }
    }
    // Both kinds of repair must have done real work, or the comparison proves little.
    expect(repaired).toBe(240);
    expect(paths).toBeGreaterThan(240);
  });

  it('opening a shelter given with capacity 0 and closing one both repair to the optimum', () => {
    const city = syntheticCity(5, { demandPoints: 400, shelters: 20, capacityRatio: 0.8 });
    const cap = city.shelters.capacity.slice();
    city.shelters.capacity[3] = 0;
    const s = allocationSession(city, { repairBudgetPasses: Infinity });
    const opened = s.setCapacity(3, cap[3]! * 2);
    expect(opened.assignedPerShelter[3]!).toBeGreaterThan(0);
    expect(opened.optimalCost).toBe(allocate(s.problem).optimalCost);
    // More room can only lower the optimum (city still has shelter 3 closed).
    expect(opened.optimalCost).toBeLessThan(allocate(city).optimalCost);
    const closed = s.setCapacity(7, 0);
    expect(closed.assignedPerShelter[7]).toBe(0);
    expect(closed.optimalCost).toBe(allocate(s.problem).optimalCost);
    expect(certified(s.problem, closed)).toBe(true);
  });

  it('gives up a repair past its budget and resumes the simplex: same optimum, no repair paths reported', () => {
    const city = syntheticCity(8, { demandPoints: 500, shelters: 25 });
    const s = allocationSession(city, { repairBudgetPasses: 0 });
    const res = s.setCapacity(2, 0);
    expect(res.proof.repairPaths).toBeUndefined();
    expect(res.proof.optimalOverAllPairs).toBe(true);
    expect(res.optimalCost).toBe(allocate(s.problem).optimalCost);
    expect(certified(s.problem, res)).toBe(true);
    // And the rebuilt state keeps repairing correctly.
    const again = s.setCapacity(4, Math.floor(city.shelters.capacity[4]! / 2));
    expect(again.optimalCost).toBe(allocate(s.problem).optimalCost);
  });

  it('with no repair budget, 120 random changes on 20 cities are resumed in the simplex from its last optimal tree: the optimum of a fresh solve, certified', () => {
    let solvedAgain = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const r = rng(seed * 104_729);
      const city = syntheticCity(seed + 100, {
        demandPoints: 60 + Math.floor(r() * 300),
        shelters: 4 + Math.floor(r() * 25),
        shelterInReach: 3 + Math.floor(r() * 12),
        capacityRatio: 0.5 + r() * 0.9,
        unassignedCost: 300 + Math.floor(r() * 3000),
      });
      const original = city.shelters.capacity.slice();
      // Budget 0: every change that needs a search falls back to the simplex resumed from its last optimal tree with
      // the changed capacities (closures, cuts, raises, reopenings: each bound-change case of setArcUpper).
      const s = allocationSession(city, { repairBudgetPasses: 0 });
      for (let k = 0; k < 6; k++) {
        const [j, c] = change(r, s.problem, original);
        const res = s.setCapacity(j, c);
        if (res.proof.repairPaths === undefined) solvedAgain++;
        expect(res.optimalCost, `seed ${seed} change ${k}`).toBe(allocate(s.problem).optimalCost);
        expect(res.proof.optimalOverAllPairs).toBe(true);
        expect(certified(s.problem, res), `seed ${seed} change ${k}`).toBe(true);
      }
    }
    // Changes that need no search at all (a nudge to a shelter with room and price 0) are still repaired in place.
    expect(solvedAgain).toBeGreaterThan(60);
  });

  it('re-solves from scratch when own shelters are given (their pre-assignment depends on capacities)', () => {
    const city = syntheticCity(4, { demandPoints: 200, shelters: 10 });
    city.demand.ownShelter = Int32Array.from({ length: 200 }, (_, i) => (i % 17 === 0 ? i % 10 : -1));
    const s = allocationSession(city);
    const res = s.setCapacity(0, 5);
    expect(res.optimalCost).toBe(allocate(s.problem).optimalCost);
  });

  it('rejects a bad shelter index or capacity, naming the field', () => {
    const s = allocationSession(syntheticCity(2, { demandPoints: 50, shelters: 5 }));
    const fieldOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof EngineError ? e.field : 'not an EngineError';
      }
      return undefined;
    };
    expect(fieldOf(() => s.setCapacity(5, 10))).toBe('shelter');
    expect(fieldOf(() => s.setCapacity(1, -1))).toBe('shelters[1].capacity');
    expect(fieldOf(() => s.setCapacity(1, 2.5))).toBe('shelters[1].capacity');
  });
});
