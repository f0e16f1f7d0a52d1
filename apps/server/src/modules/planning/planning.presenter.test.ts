import { describe, expect, it } from 'vitest';
import { presentAreaBalance, presentRun, presentRunShelters } from './planning.presenter.ts';
import type { AreaBalance, RunRow, RunShelterRow } from './planning.service.ts';

const area: AreaBalance = {
  code: '320613', name: '崇川区', level: 'county', hasChildren: true, works: 3, stayRatioSource: 'default', people: 1000, stayRatio: 0.6,
  peopleStaying: 600, places: 500, placesPerPerson: 500 / 600, civilDefenceAreaM2: 1200, m2PerPerson: 2, placesSurplus: -100, areaSurplusM2: 120, status: 'places_short',
};

describe('planning presenter', () => {
  it('copies the whitelisted balance fields only', () => {
    const withExtra = { ...area, internalNote: 'x' } as AreaBalance;
    expect(Object.keys(presentAreaBalance(withExtra)).sort()).toEqual(Object.keys(area).sort());
  });

  it('shows a queued run with its percent and no results, whatever else its row carries', () => {
    const row = {
      id: 4, regionCode: '320600', status: 'queued', phase: 'queued', params: { radiusM: 200, detourFactor: 1.3, removeWorkIds: [], addShelters: [], secret: 1 },
      inputs: null, summary: null, certificate: null, distance: null, error: null, createdBy: 9, createdByName: '规划员', createdAt: new Date('2026-01-01T00:00:00Z'),
      startedAt: null, finishedAt: null,
    } as RunRow;
    const v = presentRun(row);
    expect(v).toMatchObject({ id: 4, status: 'queued', percent: 0, params: { radiusM: 200, label: null }, summary: null, createdAt: '2026-01-01T00:00:00.000Z' });
    expect(v.params).not.toHaveProperty('secret');
    expect(v).not.toHaveProperty('createdBy');
  });

  it('gives a shelter without places a null utilisation instead of dividing by zero', () => {
    const s = (capacity: number, assigned: number): RunShelterRow => ({ seq: 0, workId: 1, code: 'A', name: 'A', regionCode: '320613001', lng: 120.9, lat: 32, capacity, assigned });
    expect(presentRunShelters([s(0, 0)]).features[0]!.properties.utilisation).toBeNull();
    expect(presentRunShelters([s(100, 25)]).features[0]!.properties.utilisation).toBe(0.25);
  });
});
