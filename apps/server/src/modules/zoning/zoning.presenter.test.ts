/** The zoning presenters copy fields by name: a column added to a row stays on the server. */
import { describe, expect, it } from 'vitest';
import { presentParcel, presentPooling, presentRule } from './zoning.presenter.ts';
import { ruleRegionsOf, totalsOf } from './zoning.service.ts';
import type { ParcelRow, PoolingRow, RuleRow } from './zoning.service.ts';

const at = new Date('2026-12-05T00:00:00Z');

describe('zoning presenters and totals', () => {
  it('drop any field not in the whitelist', () => {
    const rule = { id: 1, code: 'r1', regionCode: '320600', validFrom: '2020-01-01', validTo: null, basis: 'b', source: 's', highRiseStoreys: 10, deepFoundationM: 3, minAboveGroundM2: 2000,
      ratio: 0.05, residentialGroundFloor: true, grade: 'g', feeFenPerM2: 1, feeBasis: null, reductions: [], createdBy: null, createdAt: at, secret: 'x' } as RuleRow;
    expect(presentRule(rule)).not.toHaveProperty('secret');
    const parcel = { id: 1, regionCode: '320612', regionName: null, code: 'P', name: 'n', landUse: null, areaM2: null, requiredM2: 1, poolingAllowed: true, planRef: null,
      synthetic: false, pooledM2: 0, hasBoundary: false, createdAt: at, updatedAt: at, createdBy: 7 } as ParcelRow;
    expect(presentParcel(parcel)).not.toHaveProperty('createdBy');
    const pooling = { id: 1, regionCode: '320612', parcelId: 1, parcelCode: 'P', parcelName: 'n', workId: 2, workName: null, workCode: null, areaM2: 1, pooledOn: '2026-01-01',
      savingFenPerM2: 1, savedFen: 1, basis: 'b', reference: null, synthetic: false, createdBy: null, createdAt: at, contactPhone: '1' } as PoolingRow;
    expect(presentPooling(pooling)).not.toHaveProperty('contactPhone');
  });

  it('the rules that apply to a town are its own, its county\'s, city\'s, province\'s and the national', () => {
    expect(ruleRegionsOf('320612001')).toEqual(['320612001', '320612', '320600', '320000', '000000']);
    expect(ruleRegionsOf('320600')).toEqual(['320600', '320000', '000000']);
  });

  it('totals per county add up to the whole, parcels counted once', () => {
    const row = (parcelId: number, regionCode: string, areaM2: number, savedFen: number) => ({ parcelId, regionCode, areaM2, savedFen, synthetic: true }) as PoolingRow;
    const t = totalsOf([row(1, '320612001', 10.5, 100), row(1, '320612001', 1, 1), row(2, '320613002', 2, 50)], new Map([['320612', '通州区']]));
    expect(t.byArea).toEqual([
      { regionCode: '320612', regionName: '通州区', parcels: 1, entries: 2, areaM2: 11.5, savedFen: 101 },
      { regionCode: '320613', regionName: null, parcels: 1, entries: 1, areaM2: 2, savedFen: 50 },
    ]);
    expect(t.total).toMatchObject({ parcels: 2, entries: 3, areaM2: 13.5, savedFen: 151 });
    expect(t.synthetic).toBe(true);
  });
});
