import { allocate } from '@civdef/engine';
import { describe, expect, it } from 'vitest';
import { buildEvacuation, flowsByArea, shareFor, type EvacPlace } from './evacuation.problem.ts';

const cells = [
  { regionCode: '320612001', lng: 121.000, lat: 32.000, people: 1000 },
  { regionCode: '320612002', lng: 121.010, lat: 32.000, people: 500 },
  { regionCode: '320612003', lng: 121.020, lat: 32.000, people: 800 },
];
const places: EvacPlace[] = [
  { id: 1, kind: 'assembly', name: '集结点 A', lng: 121.001, lat: 32.000, capacity: 200, state: 'ready' },
  { id: 2, kind: 'assembly', name: '集结点 B', lng: 121.011, lat: 32.000, capacity: 1000, state: 'limited' },
  { id: 3, kind: 'base', name: '基地', lng: 121.300, lat: 32.100, capacity: 10_000, state: 'ready' },
  { id: 4, kind: 'base', name: '关闭的基地', lng: 121.010, lat: 32.000, capacity: 10_000, state: 'closed' },
];

describe('evacuation model', () => {
  it('takes the share of the nearest plan above a cell, and none without a plan', () => {
    const shares = new Map([['320612', 0.5], ['320612002', 0.2]]);
    expect(shareFor('320612001', shares)).toBe(0.5);
    expect(shareFor('320612002', shares)).toBe(0.2);
    expect(shareFor('320613001', shares)).toBe(0);
  });

  it('assigns evacuees exactly: capacities held, closed places unused, the rest left without a place per area', () => {
    const shares = new Map([['320612001', 0.3], ['320612002', 0.4]]);
    const m = buildEvacuation(cells, places, shares, { walkRadiusM: 3000, roadRadiusM: 60_000, detourFactor: 1.3 });
    expect(m.evacuees).toBe(300 + 200);
    expect(m.assembly.places.map((p) => p.id)).toEqual([1, 2]);
    expect(m.base.places.map((p) => p.id)).toEqual([3]);
    expect(Array.from(m.assembly.problem.shelters.capacity)).toEqual([200, 500]);
    const r = allocate(m.assembly.problem);
    const rows = flowsByArea(m, m.assembly, r.flows, r.flows.map(() => 100), r.unassignedPerDemand);
    const total = rows.reduce((a, x) => a + x.people, 0);
    expect(total).toBe(500);
    expect(rows.filter((x) => x.placeId === 1).reduce((a, x) => a + x.people, 0)).toBeLessThanOrEqual(200);
    expect(rows.every((x) => x.placeId !== null)).toBe(true);
  });

  it('reports people no place can reach as an area row without a place', () => {
    const m = buildEvacuation(cells, places, new Map([['320612', 1]]), { walkRadiusM: 500, roadRadiusM: 60_000, detourFactor: 1 });
    const r = allocate(m.assembly.problem);
    const rows = flowsByArea(m, m.assembly, r.flows, r.flows.map(() => 0), r.unassignedPerDemand);
    const lost = rows.filter((x) => x.placeId === null);
    // 001: 1000 people, 200 places at A; 002: 500 fit B (1000 limited = 500); 003 is 850 m from B.
    expect(lost.map((x) => [x.regionCode, x.people]).sort()).toEqual([['320612001', 800], ['320612003', 800]]);
    expect(rows.reduce((a, x) => a + x.people, 0)).toBe(2300);
  });
});
