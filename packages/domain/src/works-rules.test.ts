import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WORK_RULES, checkWorkRules } from './works-rules.ts';

const fields = (w: Parameters<typeof checkWorkRules>[0]) => checkWorkRules(w).map((v) => v.field);
const isoDay = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('cross-field rules of a work (shared by create, edit and import)', () => {
  it('public parking spaces ≤ total parking spaces', () => {
    fc.assert(fc.property(fc.nat(100_000), fc.nat(100_000), (total, publicSpaces) => {
      expect(fields({ peacetimeUse: { parking: { total, publicSpaces } } }).includes('peacetimeUse.parking.publicSpaces')).toBe(publicSpaces > total);
    }));
  });

  it('an other-use contract ends on or after its start', () => {
    fc.assert(fc.property(fc.array(fc.tuple(isoDay, isoDay), { maxLength: 5 }), (pairs) => {
      const other = pairs.map(([contractStart, contractEnd]) => ({ contractStart, contractEnd }));
      const expected = pairs.flatMap(([a, b], i) => (b < a ? [`peacetimeUse.other[${i}].contractEnd`] : []));
      expect(fields({ peacetimeUse: { other } })).toEqual(expected);
    }));
  });

  it('sheltering area ≤ protected area ≤ gross area, each breach named by its field', () => {
    const area = fc.double({ min: 0, max: 1e7, noNaN: true });
    fc.assert(fc.property(area, area, area, (grossAreaM2, protectedAreaM2, shelterAreaM2) => {
      const f = fields({ units: [{ grossAreaM2, protectedAreaM2, shelterAreaM2 }] });
      expect(f.includes('units[0].protectedAreaM2')).toBe(protectedAreaM2 > grossAreaM2 + 1e-6);
      expect(f.includes('units[0].shelterAreaM2')).toBe(shelterAreaM2 > protectedAreaM2 + 1e-6);
    }));
  });

  it('an attached work (结建) names its parent building project; other forms need none', () => {
    fc.assert(fc.property(fc.constantFrom('attached', 'tunnel', 'gallery', 'cut_and_cover'), fc.option(fc.string({ maxLength: 8 })), (constructionForm, parentProject) => {
      const missing = constructionForm === 'attached' && !parentProject?.trim();
      expect(fields({ constructionForm, parentProject })).toEqual(missing ? ['parentProject'] : []);
    }));
  });

  it('every violation carries a Chinese and an English message', () => {
    const all = checkWorkRules({
      workClass: 'personnel', subtype: 'garage', constructionForm: 'attached', parentProject: null,
      units: [{ grossAreaM2: 1, protectedAreaM2: 2, shelterAreaM2: 3 }],
      peacetimeUse: { parking: { total: 1, publicSpaces: 2 }, other: [{ contractStart: '2025-01-02', contractEnd: '2025-01-01' }] },
    });
    expect(all.map((v) => v.field)).toEqual([
      'subtype', 'parentProject', 'units[0].protectedAreaM2', 'units[0].shelterAreaM2', 'peacetimeUse.parking.publicSpaces', 'peacetimeUse.other[0].contractEnd',
    ]);
    expect(all.map((v) => v.code)).toEqual([
      'WORKS_SUBTYPE_NOT_IN_CLASS', 'WORKS_PARENT_PROJECT_REQUIRED', 'WORKS_UNIT_PROTECTED_AREA_EXCEEDS_GROSS',
      'WORKS_UNIT_SHELTER_AREA_EXCEEDS_PROTECTED', 'WORKS_PARKING_PUBLIC_EXCEEDS_TOTAL', 'WORKS_OTHER_USE_CONTRACT_END_BEFORE_START',
    ]);
    for (const v of all) {
      expect(v.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(v.en).toMatch(/[a-z]{3,}/);
      expect(v.en).not.toBe(v.zh);
    }
  });

  it('values not given yet break no rule (a form being filled in)', () => {
    expect(checkWorkRules({
      units: [{ grossAreaM2: null, protectedAreaM2: 5, shelterAreaM2: null }],
      peacetimeUse: { parking: { total: null, publicSpaces: 3 }, other: [{ contractStart: '2025-01-02', contractEnd: null }, null] },
    })).toEqual([]);
  });

  it('an open polygon ring is refused; a closed one passes', () => {
    const ring = [[120, 32], [120.1, 32], [120.1, 32.1]];
    expect(fields({ footprint: { type: 'Polygon', coordinates: [ring] } })).toEqual(['footprint']);
    expect(fields({ footprint: { type: 'MultiPolygon', coordinates: [[[...ring, ring[0]]]] } })).toEqual([]);
  });

  it('a finished work (竣工验收备案 onwards) cannot have been built after this year; a planned one may', () => {
    const states = ['approved', 'under_construction', 'quality_supervision', 'acceptance_filed', 'registered', 'in_use', 'converting', 'demolished', 'scrapped'];
    fc.assert(fc.property(fc.integer({ min: 1900, max: 2200 }), fc.constantFrom(...states), fc.integer({ min: 2000, max: 2100 }), (yearBuilt, lifecycleState, currentYear) => {
      const refused = yearBuilt > currentYear && !['approved', 'under_construction', 'quality_supervision'].includes(lifecycleState);
      expect(checkWorkRules({ yearBuilt, lifecycleState }, { currentYear }).map((v) => v.code)).toEqual(refused ? ['WORKS_YEAR_BUILT_IN_FUTURE'] : []);
    }));
    const [v] = checkWorkRules({ yearBuilt: 2999, lifecycleState: 'in_use' });
    expect(v).toMatchObject({ field: 'yearBuilt', code: 'WORKS_YEAR_BUILT_IN_FUTURE' });
    expect(v!.zh).toContain('在用');
    expect(v!.en).toContain('In use');
  });

  it('every code is SCREAMING_SNAKE with the works prefix and unique to one rule', () => {
    for (const code of Object.keys(WORK_RULES)) expect(code).toMatch(/^WORKS_[A-Z0-9_]+$/);
  });
});
