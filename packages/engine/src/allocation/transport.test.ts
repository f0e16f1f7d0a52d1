import { describe, expect, it } from 'vitest';
import { allocate, allocationToMcf } from './allocate.ts';
import { checkMcfCertificate, solveMinCostFlow } from '../mcf/problem.ts';
import { syntheticCity } from '../../test/support/synthetic-city.ts';
import { rng } from '../../test/support/random-mcf.ts';
import type { AllocationProblem } from './types.ts';
import { metres } from '../units.ts';

/** Small random instance; `kind` steers it towards shortages, surpluses or exact ties. */
function randomInstance(seed: number, kind: 'mixed' | 'shortage' | 'ties' | 'surplus'): AllocationProblem {
  const r = rng(seed);
  const nD = 1 + Math.floor(r() * 40), nS = 1 + Math.floor(r() * 8);
  // Tie-heavy: points and shelters on a coarse lattice, so many pairs share a cost.
  const coord = (): number => (kind === 'ties' ? 100 * Math.floor(r() * 6) : Math.floor(r() * 1000));
  const demand = { x: new Float64Array(nD), y: new Float64Array(nD), people: new Float64Array(nD) };
  for (let i = 0; i < nD; i++) {
    demand.x[i] = coord();
    demand.y[i] = coord();
    demand.people[i] = r() < 0.1 ? 0 : 1 + Math.floor(r() * (kind === 'ties' ? 5 : 60));
  }
  const capScale = kind === 'shortage' ? 3 : kind === 'surplus' ? 60 : 25;
  const shelters = { x: new Float64Array(nS), y: new Float64Array(nS), capacity: new Float64Array(nS) };
  for (let j = 0; j < nS; j++) {
    shelters.x[j] = coord();
    shelters.y[j] = coord();
    shelters.capacity[j] = r() < 0.1 ? 0 : Math.floor(r() * capScale * (1 + nD / nS));
  }
  const maxDistance = metres(kind === 'shortage' ? 150 + r() * 300 : 200 + r() * 900);
  const unassignedCost = kind === 'shortage' ? Math.floor(r() * 400) : kind === 'ties' ? 100 * (1 + Math.floor(r() * 8)) : Math.floor(r() * 3000);
  return { demand, shelters, maxDistance, unassignedCost, detourFactor: kind === 'ties' ? 1 : 1 + r() * 0.4 };
}

/** Flows of an allocation laid onto the full MCF model's arcs (arc order of allocationToMcf). */
function mcfFlows(p: AllocationProblem, flows: [number, number, number][], unassignedPerDemand: Float64Array): Float64Array {
  const { mcf } = allocationToMcf(p);
  const nD = p.demand.x.length, nS = p.shelters.x.length;
  const byPair = new Map(flows.map(([i, j, f]) => [i * nS + j, f]));
  const load = new Float64Array(nS);
  for (const [, j, f] of flows) load[j] = load[j]! + f;
  const out = new Float64Array(mcf.source.length);
  for (let e = 0; e < out.length; e++) {
    const u = mcf.source[e]!, v = mcf.target[e]!;
    if (v === nD + nS) out[e] = u < nD ? unassignedPerDemand[u]! : load[u - nD]!;
    else out[e] = byPair.get(u * nS + (v - nD)) ?? 0;
  }
  return out;
}

describe('primal–dual transportation solver', () => {
  it('equals the network simplex on 400 small random instances (shortage-, tie- and surplus-heavy)', () => {
    const kinds = ['mixed', 'shortage', 'ties', 'surplus'] as const;
    for (let seed = 1; seed <= 400; seed++) {
      const p = randomInstance(seed, kinds[seed % 4]!);
      const t = allocate({ ...p, solver: 'transport' });
      const s = allocate({ ...p, solver: 'simplex' });
      expect(t.proof.solver, `seed ${seed}`).toBe('transport');
      expect(t.optimalCost, `seed ${seed}`).toBe(s.optimalCost);
      const { mcf, fixedCost } = allocationToMcf(p);
      const full = solveMinCostFlow(mcf);
      expect(t.optimalCost).toBe(full.cost + fixedCost);
      // Primal feasibility of the transport flows on the full model (every in-reach pair present).
      const cert = checkMcfCertificate(mcf, mcfFlows(p, t.flows, t.unassignedPerDemand), full.potential);
      expect(cert.primalFeasible, `seed ${seed}: ${cert.errors.join('; ')}`).toBe(true);
      expect(cert.primalCost).toBe(full.cost);
    }
  });

  it('carries its own certificate: its potentials prove its flows optimal over every in-reach pair', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed * 7);
      const city = syntheticCity(seed, { demandPoints: 50 + Math.floor(r() * 300), shelters: 5 + Math.floor(r() * 30), shelterInReach: 3 + Math.floor(r() * 15), capacityRatio: 0.5 + r(), unassignedCost: 500 + Math.floor(r() * 3000) });
      const t = allocate({ ...city, solver: 'transport' });
      expect(t.proof.solver).toBe('transport');
      expect(t.proof.optimalOverAllPairs).toBe(true);
      expect(t.optimalCost, `seed ${seed}`).toBe(allocate({ ...city, solver: 'simplex' }).optimalCost);
      const { mcf } = allocationToMcf(city);
      const pot = t.potentials!;
      const cert = checkMcfCertificate(mcf, mcfFlows(city, t.flows, t.unassignedPerDemand), pot);
      expect(cert.optimal, `seed ${seed}: ${cert.errors.join('; ')}`).toBe(true);
    }
  });

  it('is deterministic', () => {
    const city = syntheticCity(5, { demandPoints: 400, shelters: 20 });
    const a = allocate({ ...city, solver: 'transport' }), b = allocate({ ...city, solver: 'transport' });
    expect(a.flows).toEqual(b.flows);
  });
});
