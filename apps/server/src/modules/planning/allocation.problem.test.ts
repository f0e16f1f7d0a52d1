import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, allocationToMcf, checkMcfCertificate } from '@civdef/engine';
import { buildProblem, flowsOnFullModel, projector, type CellInput, type ShelterInput } from './allocation.problem.ts';

const opts = { maxDistanceM: 200, detourFactor: 1.3, demandCellM: 200, areaPerPersonM2: 1, stayRatioOf: () => 0.6 };
const shelter = (lng: number, lat: number, m2: number[]): ShelterInput => ({ workId: 1, code: 'S', name: 'S', regionCode: '320613001', lng, lat, unitAreasM2: m2 });

describe('allocation problem from stored rows', () => {
  it('projects to metres and back', () => {
    const p = projector(120.9, 32.0);
    const [x, y] = p.toXY(120.901, 32.001);
    expect(x).toBeCloseTo(94.3, 0);
    expect(y).toBeCloseTo(111.2, 0);
    const [lng, lat] = p.toLngLat(x, y);
    expect(lng).toBeCloseTo(120.901, 9);
    expect(lat).toBeCloseTo(32.001, 9);
  });

  it('keeps every person staying, whether a cell is split or not', () => {
    const cell = fc.record({
      lng: fc.double({ min: 120.8, max: 121.0, noNaN: true }), lat: fc.double({ min: 31.9, max: 32.1, noNaN: true }),
      cellSizeM: fc.constantFrom(100, 500, 1000), people: fc.integer({ min: 0, max: 100_000 }),
    });
    fc.assert(fc.property(fc.array(cell, { maxLength: 20 }), fc.array(fc.tuple(fc.double({ min: 120.8, max: 121.0, noNaN: true }), fc.double({ min: 31.9, max: 32.1, noNaN: true })), { maxLength: 5 }), (cells, at) => {
      const rows: CellInput[] = cells.map((c) => ({ ...c, regionCode: '320613001' }));
      const built = buildProblem(rows, at.map(([lng, lat]) => shelter(lng, lat, [500])), opts);
      const staying = rows.reduce((a, c) => a + Math.round(c.people * 0.6), 0);
      expect(built.demand.reduce((a, d) => a + d.people, 0)).toBe(staying);
      expect(Array.from(built.problem.demand.people).reduce((a, b) => a + b, 0)).toBe(staying);
      expect(built.residents).toBe(rows.reduce((a, c) => a + c.people, 0));
    }), { numRuns: 50 });
  });

  it('splits a 1 km cell near a shelter into 200 m cells and leaves a far one whole', () => {
    const near: CellInput = { regionCode: '320613001', lng: 120.9, lat: 32.0, cellSizeM: 1000, people: 2500 };
    const far: CellInput = { regionCode: '320613001', lng: 121.5, lat: 32.5, cellSizeM: 1000, people: 2500 };
    const built = buildProblem([near, far], [shelter(120.9, 32.0, [1500.4, 300])], opts);
    expect(built.demand).toHaveLength(26);
    expect(built.demand.slice(0, 25).every((d) => d.people === 60)).toBe(true);
    expect(built.shelters[0]!.capacity).toBe(1800);
  });

  it('the same rows give the same hash; a different radius a different one', () => {
    const cells: CellInput[] = [{ regionCode: '320613001', lng: 120.9, lat: 32.0, cellSizeM: 100, people: 10 }];
    const s = [shelter(120.9005, 32.0, [10])];
    expect(buildProblem(cells, s, opts).sha256).toBe(buildProblem(cells, s, opts).sha256);
    expect(buildProblem(cells, s, { ...opts, maxDistanceM: 300 }).sha256).not.toBe(buildProblem(cells, s, opts).sha256);
  });

  it('lays the flows onto the full model so that the certificate of an optimum checks', () => {
    const cells: CellInput[] = [];
    for (let k = 0; k < 30; k++) cells.push({ regionCode: '320613001', lng: 120.9 + (k % 6) * 0.001, lat: 32.0 + Math.floor(k / 6) * 0.001, cellSizeM: 100, people: 40 + k });
    const built = buildProblem(cells, [shelter(120.901, 32.001, [200]), shelter(120.904, 32.003, [150])], opts);
    const r = allocate(built.problem);
    const { mcf } = allocationToMcf(built.problem);
    const flows = flowsOnFullModel(mcf, built.demand.length, built.shelters.length, r.flows, r.unassignedPerDemand);
    expect(checkMcfCertificate(mcf, flows, r.potentials).optimal).toBe(true);
    // A flow moved off the optimum breaks it.
    const e = Array.from(flows).findIndex((f, k) => f > 0 && mcf.target[k] !== built.demand.length + built.shelters.length);
    const broken = Float64Array.from(flows);
    broken[e] = broken[e]! - 1;
    expect(checkMcfCertificate(mcf, broken, r.potentials).optimal).toBe(false);
  });
});
