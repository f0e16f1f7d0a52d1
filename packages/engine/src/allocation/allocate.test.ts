import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocate } from './allocate.ts';
import { allocationToMcf } from './full-model.ts';
import { allocationResultToJson, parseAllocationJson } from './json.ts';
import { checkMcfCertificate, solveMinCostFlow } from '../mcf/problem.ts';
import { EngineError } from '../errors.ts';
import { syntheticCity } from '../../test/support/synthetic-city.ts';
import { rng } from '../../test/support/random-mcf.ts';
import type { AllocationProblem } from './types.ts';
import { metres } from '../units.ts';
import { zOrder } from './reachable-pairs.ts';

const tiny = (): ReturnType<typeof parseAllocationJson> =>
  parseAllocationJson({ demand: [[0, 0, 30], [100, 0, 20]], shelters: [[50, 0, 40]], maxDistance: 500, unassignedCost: 10_000 });

function exactByFullModel(p: ReturnType<typeof parseAllocationJson>): number {
  const { mcf, fixedCost } = allocationToMcf(p);
  const s = solveMinCostFlow(mcf);
  expect(s.status).toBe('optimal');
  expect(checkMcfCertificate(mcf, s.flow, s.potential).optimal).toBe(true);
  return s.cost + fixedCost;
}

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

describe('allocate', () => {
  it('solves the README example by hand', () => {
    const r = allocate(tiny());
    // 40 places at 50 m from both points; the 10 left over cost 10 000 each wherever they come from.
    expect(r.cost).toBe(40 * 50 + 10 * 10_000);
    expect(r.assigned).toBe(40);
    expect(r.unassigned).toBe(10);
    expect(r.flows.reduce((s, f) => s + f[2], 0)).toBe(40);
    expect(r.utilisation[0]).toBe(1);
    expect(r.proof.optimalOverAllPairs).toBe(true);
  });

  it('leaves people unassigned rather than walk beyond maxDistance', () => {
    const r = allocate(parseAllocationJson({ demand: [[0, 0, 10]], shelters: [[600, 0, 100]], maxDistance: 500, unassignedCost: 1 }));
    expect(r.assigned).toBe(0);
    expect(r.cost).toBe(10);
  });

  it('prefers unassigned when that is cheaper than walking (unassigned cost is a real price)', () => {
    const r = allocate(parseAllocationJson({ demand: [[0, 0, 10]], shelters: [[300, 0, 100]], maxDistance: 500, unassignedCost: 299 }));
    expect(r.assigned).toBe(0);
    expect(r.cost).toBe(2990);
  });

  it('equals the solve over every materialised pair on 60 random cities (lazy pricing loses nothing)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed);
      const city = syntheticCity(seed, {
        demandPoints: 50 + Math.floor(r() * 400),
        shelters: 5 + Math.floor(r() * 40),
        shelterInReach: 3 + Math.floor(r() * 20),
        capacityRatio: 0.5 + r(),
        detourFactor: 1 + r() * 0.5,
        unassignedCost: 500 + Math.floor(r() * 3000),
      });
      const res = allocate(city);
      expect(res.optimalCost, `seed ${seed}`).toBe(exactByFullModel(city));
      expect(res.cost).toBe(res.optimalCost);
      // Conservation and capacity.
      expect(res.assigned + res.unassigned).toBe(res.people);
      for (let j = 0; j < city.shelters.x.length; j++) expect(res.assignedPerShelter[j]!).toBeLessThanOrEqual(res.effectiveCapacity[j]!);
      for (const [i, j] of res.flows) {
        const d = Math.hypot(city.shelters.x[j]! - city.demand.x[i]!, city.shelters.y[j]! - city.demand.y[i]!) * (city.detourFactor ?? 1);
        expect(d).toBeLessThanOrEqual(city.maxDistance);
      }
    }
  });

  it('equals the full model on 400 small random instances (shortage-, tie- and surplus-heavy) and its potentials prove it', () => {
    const kinds = ['mixed', 'shortage', 'ties', 'surplus'] as const;
    for (let seed = 1; seed <= 400; seed++) {
      const p = randomInstance(seed, kinds[seed % 4]!);
      const res = allocate(p);
      expect(res.optimalCost, `seed ${seed}`).toBe(exactByFullModel(p));
      // The result's own dual certificate, checked on the full model (every in-reach pair present).
      const cert = checkMcfCertificate(allocationToMcf(p).mcf, mcfFlows(p, res.flows, res.unassignedPerDemand), res.potentials);
      expect(cert.optimal, `seed ${seed}: ${cert.errors.join('; ')}`).toBe(true);
    }
  });

  it('materialises far fewer arcs than there are pairs in reach', () => {
    const city = syntheticCity(3, { demandPoints: 3000, shelters: 150 });
    const res = allocate(city);
    const full = allocationToMcf(city).mcf.source.length - 150 - 3000;
    expect(res.proof.arcsMaterialised).toBeLessThan(full / 2);
    expect(res.optimalCost).toBe(exactByFullModel(city));
  });

  it('is deterministic: the same input gives byte-identical JSON', () => {
    const a = JSON.stringify(allocationResultToJson(allocate(syntheticCity(9, { demandPoints: 800, shelters: 40 }))));
    const b = JSON.stringify(allocationResultToJson(allocate(syntheticCity(9, { demandPoints: 800, shelters: 40 }))));
    expect(a).toBe(b);
  });

  it('sends residents to their own shelter first, whatever its distance', () => {
    const p = parseAllocationJson({ demand: [[0, 0, 10, null, 1], [10, 0, 5]], shelters: [[20, 0, 10], [900, 0, 6]], maxDistance: 500, unassignedCost: 10_000 });
    const r = allocate(p);
    expect(r.flows).toEqual([[0, 0, 4], [0, 1, 6], [1, 0, 5]]);
    expect(r.cost).toBe(6 * 900 + 4 * 20 + 5 * 10);
    expect(r.optimalCost).toBe(exactByFullModel(p));
  });

  it('caps capacity by entrance throughput × open window', () => {
    // 2 persons/min for minutes 5..10 admits 10 of the 100 places; a default 15-minute window admits 30.
    const r = allocate(parseAllocationJson({ demand: [[0, 0, 50]], shelters: [[10, 0, 100, 2, 5, 10], [20, 0, 100, 2]], maxDistance: 500, unassignedCost: 10_000 }));
    expect(Array.from(r.effectiveCapacity)).toEqual([10, 30]);
    expect(r.assigned).toBe(40);
  });

  it('reports split groups and, when asked, moves a split group into one shelter', () => {
    const json = { demand: [[0, 0, 6, 'estate-1'], [40, 0, 6, 'estate-1'], [500, 0, 1]], shelters: [[-10, 0, 6], [50, 0, 20]], maxDistance: 300, unassignedCost: 10_000 };
    const free = allocate(parseAllocationJson(json));
    expect(free.groups).toEqual({ total: 1, split: 1, repaired: 0 });
    const kept = allocate(parseAllocationJson({ ...json, keepGroupsTogether: true }));
    expect(kept.groups).toEqual({ total: 1, split: 1, repaired: 1 });
    expect(new Set(kept.flows.filter((f) => f[0] < 2).map((f) => f[1]))).toEqual(new Set([1]));
    expect(kept.optimalCost).toBe(free.optimalCost);
    expect(kept.cost).toBe(6 * 50 + 6 * 10 + 10_000);
    expect(kept.cost).toBeGreaterThan(free.cost);
  });

  it('uses given network distances instead of straight lines', () => {
    const p = parseAllocationJson({ demand: [[0, 0, 10]], shelters: [[10, 0, 10], [20, 0, 10]], maxDistance: 500, unassignedCost: 10_000, distances: [[0, 0, 450], [0, 1, 120]] });
    const r = allocate(p);
    expect(r.flows).toEqual([[0, 1, 10]]);
    expect(r.cost).toBe(1200);
    expect(r.distance.p50).toBe(120);
  });

  it('reports the walking-distance distribution over people', () => {
    const r = allocate(parseAllocationJson({ demand: [[0, 0, 10], [0, 250, 30]], shelters: [[0, 10, 100]], maxDistance: 500, unassignedCost: 10_000, histogramBinMetres: 100 }));
    expect(r.distance.histogram).toEqual([10, 0, 30]);
    expect(r.distance.mean).toBe((10 * 10 + 30 * 240) / 40);
    expect(r.distance.p50).toBe(240);
    expect(r.distance.max).toBe(240);
  });
});

describe('allocation JSON validation', () => {
  const valid = { demand: [[0, 0, 30, 'b1', 0], [100, 0, 20]], shelters: [[50, 0, 40, 5, 0, 10]], maxDistance: 500, unassignedCost: 10_000 };
  it.each([
    [{ ...valid, demand: 'x' }, 'demand', /must be an array/],
    [{ ...valid, demand: [[0, 0]] }, 'demand[0]', /\[x, y, people/],
    [{ ...valid, demand: [[0, 0, -1]] }, 'demand[0][2]', /non-negative integer/],
    [{ ...valid, demand: [[0, 0, 1, null, 3]] }, 'demand[0][4]', /ownShelter/],
    [{ ...valid, shelters: [[0, 'a', 1]] }, 'shelters[0][1]', /finite number/],
    [{ ...valid, shelters: [[0, 0, 1, 0]] }, 'shelters[0][3]', /throughput must be positive/],
    [{ ...valid, shelters: [[0, 0, 1, 1, 10, 5]] }, 'shelters[0][5]', /after openMinute/],
    [{ ...valid, maxDistance: 0 }, 'maxDistance', /\(0, 1 000 000\]/],
    [{ ...valid, unassignedCost: 1.5 }, 'unassignedCost', /non-negative integer/],
    [{ ...valid, detourFactor: 0.5 }, 'detourFactor', /between 1 and 10/],
    [{ ...valid, maxDistnce: 5 }, 'maxDistnce', /not a known field/],
    // The experimental transport solver was removed (docs/decisions/0003): the option is unknown, not ignored.
    [{ ...valid, solver: 'transport' }, 'solver', /not a known field/],
    [{ ...valid, distances: [[0, 5, 10]] }, 'distances[0][1]', /below 1/],
    [{ ...valid, distances: [[0, 0, 10], [0, 0, 11]] }, 'distances[1]', /duplicate/],
  ])('rejects bad input naming the field (%#)', (input, field, rule) => {
    try {
      parseAllocationJson(input);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).code).toBe('ENGINE_ALLOCATION_BAD_INPUT');
      expect((e as EngineError).field).toBe(field);
      expect((e as EngineError).message).toMatch(rule);
    }
  });

  it('accepts any well-formed problem and the solver never fails on it (property)', () => {
    const pt = fc.tuple(fc.integer({ min: -2000, max: 2000 }), fc.integer({ min: -2000, max: 2000 }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(pt, fc.nat(200), fc.option(fc.constantFrom('a', 'b', 3))), { maxLength: 25 }),
        fc.array(fc.tuple(pt, fc.nat(300)), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.nat(5000),
        (d, s, maxDistance, unassignedCost) => {
          const input = { demand: d.map(([[x, y], p, g]) => [x, y, p, g]), shelters: s.map(([[x, y], c]) => [x, y, c]), maxDistance, unassignedCost };
          const p = parseAllocationJson(input);
          const r = allocate(p);
          expect(r.optimalCost).toBe(exactByFullModel(p));
          expect(r.assigned + r.unassigned).toBe(r.people);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('throws only EngineError on arbitrary JSON values (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), (a, b, c) => {
        for (const input of [a, { ...valid, demand: a }, { ...valid, shelters: [b] }, { ...valid, maxDistance: c }, { ...valid, distances: [a, b] }, { ...valid, demand: [[0, 0, 1, a, b]] }]) {
          try {
            parseAllocationJson(input);
          } catch (e) {
            expect(e).toBeInstanceOf(EngineError);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('zOrder (the order the simplex takes the points in)', () => {
  it('visits the quadrants of a 4 × 4 grid one after another, each as one run of four', () => {
    const x = new Float64Array(16), y = new Float64Array(16);
    // Index i = 4 · row + column, listed row by row: the input order crosses quadrants every two points.
    for (let i = 0; i < 16; i++) {
      x[i] = i % 4;
      y[i] = Math.floor(i / 4);
    }
    const order = Array.from(zOrder(x, y));
    expect([...order].sort((a, b) => a - b)).toEqual([...Array(16).keys()]);
    const quadrant = (i: number): number => (x[i]! >= 2 ? 1 : 0) + (y[i]! >= 2 ? 2 : 0);
    expect(order.map(quadrant)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
  });

  it('is a permutation for coincident, single and empty inputs', () => {
    expect(Array.from(zOrder(Float64Array.of(5, 5, 5), Float64Array.of(1, 1, 1)))).toEqual([0, 1, 2]);
    expect(Array.from(zOrder(Float64Array.of(3), Float64Array.of(4)))).toEqual([0]);
    expect(zOrder(new Float64Array(0), new Float64Array(0)).length).toBe(0);
  });
});
