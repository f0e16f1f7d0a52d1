import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILDING_RULES, offsiteFee, requiredArea, ruleInForce, type BuildingProject, type BuildingRule } from './building-rules.ts';

const national = BUILDING_RULES.find((r) => r.id === 'national-2003-18')!;
const local = BUILDING_RULES.find((r) => r.id === 'example-local-rate')!;
const project = (over: Partial<BuildingProject> = {}): BuildingProject => ({
  regionCode: '320612', date: '2026-01-01', uses: ['commercial'], storeys: 5, aboveGroundAreaM2: 10_000, groundFloorAreaM2: 2_000, foundationDepthM: 2, plannedM2: 0, ...over,
});

describe('结建: the required 人防 area', () => {
  it('storeys: 9 builds the ratio, 10 builds the ground floor', () => {
    expect(requiredArea(project({ storeys: 9 }), national).requiredM2).toBe(500);
    expect(requiredArea(project({ storeys: 10 }), national).requiredM2).toBe(2000);
  });

  it('foundation depth: 2.99 m builds the ratio, 3 m the ground floor', () => {
    expect(requiredArea(project({ foundationDepthM: 2.99 }), national).requiredM2).toBe(500);
    expect(requiredArea(project({ foundationDepthM: 3 }), national).requiredM2).toBe(2000);
  });

  it('area: 1 999.99 m² above ground builds nothing, 2 000 m² builds 5 %', () => {
    expect(requiredArea(project({ aboveGroundAreaM2: 1999.99 }), national).requiredM2).toBe(0);
    expect(requiredArea(project({ aboveGroundAreaM2: 2000 }), national)).toMatchObject({ requiredM2: 100, steps: [{ valueM2: 100 }] });
  });

  it('residential in a key city builds the ground floor whatever its height', () => {
    expect(requiredArea(project({ uses: ['residential'], storeys: 3, aboveGroundAreaM2: 1000 }), national).requiredM2).toBe(2000);
  });

  it('the requirement is the largest applicable step, never negative; the shortfall is required − planned, never negative', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e5, noNaN: true }),
      fc.double({ min: 0, max: 40, noNaN: true }), fc.double({ min: 0, max: 1e5, noNaN: true }), fc.subarray(['residential', 'commercial', 'office'] as const),
      (storeys, above, ground, depth, planned, uses) => {
        const r = requiredArea(project({ storeys, aboveGroundAreaM2: above, groundFloorAreaM2: ground, foundationDepthM: depth, plannedM2: planned, uses }), national);
        expect(r.requiredM2).toBeGreaterThanOrEqual(0);
        expect(r.requiredM2).toBe(r.steps.reduce((a, s) => Math.max(a, s.valueM2), 0));
        expect(r.shortfallM2).toBeCloseTo(Math.max(0, r.requiredM2 - planned), 2);
        if (storeys >= 10 || depth >= 3 || uses.includes('residential')) expect(r.requiredM2).toBe(ground);
        else if (above >= 2000) expect(r.requiredM2).toBeCloseTo(above * 0.05, 2);
        else expect(r.requiredM2).toBe(0);
        for (const s of r.steps) expect(s.zh.length * s.en.length).toBeGreaterThan(0);
      }));
  });
});

describe('易地建设费', () => {
  it('shortfall × rate; the largest reduction applies, reductions do not add up', () => {
    expect(offsiteFee(120, local, []).feeYuan).toBe(240_000);
    expect(offsiteFee(120, local, ['small_business']).feeYuan).toBe(120_000);
    expect(offsiteFee(120, local, ['small_business', 'affordable_housing']).feeYuan).toBe(0);
    expect(offsiteFee(120, local, ['unknown']).reductions).toEqual([]);
  });

  it('a rule without a rate charges nothing and says so (rate null)', () => {
    expect(offsiteFee(120, national, [])).toMatchObject({ rateYuanPerM2: null, feeYuan: 0 });
  });

  it('never negative and never above shortfall × rate', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.subarray(['small_business', 'affordable_housing']), (m2, codes) => {
      const f = offsiteFee(m2, local, codes);
      expect(f.feeYuan).toBeGreaterThanOrEqual(0);
      expect(f.feeYuan).toBeLessThanOrEqual(f.grossYuan + 1e-6);
    }));
  });
});

describe('rules in force', () => {
  const rules: BuildingRule[] = [
    { ...national },
    { ...local, id: 'city-old', from: '2014-01-01', to: '2019-12-31', feeYuanPerM2: 1500 },
    { ...local, id: 'city-new', from: '2020-01-01', to: null, feeYuanPerM2: 2500 },
    { ...local, id: 'county', regionCode: '320612', from: '2022-06-01', to: null, feeYuanPerM2: 1800 },
  ];
  it('the most specific region in force on the date wins; boundary days belong to the rule they close or open', () => {
    expect(ruleInForce('320613001', '2019-12-31', rules)!.id).toBe('city-old');
    expect(ruleInForce('320613001', '2020-01-01', rules)!.id).toBe('city-new');
    expect(ruleInForce('320612001', '2022-05-31', rules)!.id).toBe('city-new');
    expect(ruleInForce('320612001', '2022-06-01', rules)!.id).toBe('county');
    expect(ruleInForce('330902', '2022-06-01', rules)!.id).toBe('national-2003-18');
    expect(ruleInForce('330902', '2002-12-31', rules)).toBeNull();
  });
});
