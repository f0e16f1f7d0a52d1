import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUILDING_RULES, dayBefore, feeFenOf, offsiteFee, planVersion, poolingSavingFen, rangesOverlap, requiredArea, ruleInForce, type BuildingProject, type BuildingRule,
} from './building-rules.ts';

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

/** Random ISO dates 2000–2040 (day resolution), and a range from two of them. */
const isoDate = fc.integer({ min: Date.UTC(2000, 0, 1) / 864e5, max: Date.UTC(2040, 11, 31) / 864e5 }).map((d) => new Date(d * 864e5).toISOString().slice(0, 10));
const range = fc.tuple(isoDate, fc.option(isoDate, { nil: null })).map(([a, b]) => (b === null ? { from: a, to: null } : a <= b ? { from: a, to: b } : { from: b, to: a }));
const dayAfter = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 864e5).toISOString().slice(0, 10);

describe('rule versions: effective dates at every boundary', () => {
  it('a rule is in force from its first day to its last day inclusive, and not a day outside', () => {
    fc.assert(fc.property(range, isoDate, (r, day) => {
      const rule = { ...local, regionCode: '320600', ...r };
      const inForce = ruleInForce('320612', day, [rule]) !== null;
      expect(inForce).toBe(r.from <= day && (r.to === null || day <= r.to));
      expect(ruleInForce('320612', r.from, [rule])).not.toBeNull();
      expect(ruleInForce('320612', dayBefore(r.from), [rule])).toBeNull();
      if (r.to !== null) {
        expect(ruleInForce('320612', r.to, [rule])).not.toBeNull();
        expect(ruleInForce('320612', dayAfter(r.to), [rule])).toBeNull();
      }
    }));
  });

  it('overlap is symmetric and means a shared day', () => {
    fc.assert(fc.property(range, range, isoDate, (a, b, day) => {
      expect(rangesOverlap(a, b)).toBe(rangesOverlap(b, a));
      const inA = a.from <= day && (a.to === null || day <= a.to);
      const inB = b.from <= day && (b.to === null || day <= b.to);
      if (inA && inB) expect(rangesOverlap(a, b)).toBe(true);
    }));
    expect(rangesOverlap({ from: '2020-01-01', to: '2020-12-31' }, { from: '2021-01-01', to: null })).toBe(false);
    expect(rangesOverlap({ from: '2020-01-01', to: '2020-12-31' }, { from: '2020-12-31', to: null })).toBe(true);
  });

  it('dayBefore crosses months, years and 29 February', () => {
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2023-03-01')).toBe('2023-02-28');
    expect(dayBefore('2026-01-01')).toBe('2025-12-31');
  });

  it('a new version closes the open one the day before it starts; every other overlap is a conflict; the result never overlaps', () => {
    expect(planVersion([{ id: 'a', from: '2014-01-01', to: null }], { from: '2026-01-01', to: null })).toEqual({ ok: true, closes: { id: 'a', to: '2025-12-31' } });
    expect(planVersion([{ id: 'a', from: '2014-01-01', to: null }], { from: '2014-01-01', to: null })).toMatchObject({ ok: false, conflict: { id: 'a' } });
    expect(planVersion([{ id: 'a', from: '2014-01-01', to: '2019-12-31' }], { from: '2019-12-31', to: null })).toMatchObject({ ok: false, conflict: { id: 'a' } });
    expect(planVersion([{ id: 'a', from: '2014-01-01', to: '2019-12-31' }], { from: '2020-01-01', to: null })).toEqual({ ok: true, closes: null });
    fc.assert(fc.property(fc.array(range, { maxLength: 6 }), range, (ranges, next) => {
      // Build a consistent history first (each accepted version applied), then check the candidate.
      const history: Array<{ id: string; from: string; to: string | null }> = [];
      const apply = (r: { from: string; to: string | null }, id: string) => {
        const plan = planVersion(history, r);
        if (!plan.ok) return plan;
        if (plan.closes) history.find((h) => h.id === plan.closes!.id)!.to = plan.closes.to;
        history.push({ id, ...r });
        return plan;
      };
      ranges.forEach((r, i) => apply(r, `v${i}`));
      const plan = apply(next, 'next');
      for (let i = 0; i < history.length; i++) {
        expect(history[i]!.to === null || history[i]!.from <= history[i]!.to!).toBe(true);
        for (let j = i + 1; j < history.length; j++) expect(rangesOverlap(history[i]!, history[j]!), `${JSON.stringify(history)}`).toBe(false);
      }
      if (!plan.ok) expect(rangesOverlap(plan.conflict, next)).toBe(true);
    }));
  });
});

describe('money in integer 分', () => {
  it('fee in 分 = round(area to 0.01 m² × rate), exact and additive within a 分 per line', () => {
    expect(feeFenOf(120, 200_000)).toBe(24_000_000);
    expect(feeFenOf(0.005, 100)).toBe(1); // 0.01 m² × 100 分 = 1 分
    expect(feeFenOf(312_000, 73_718)).toBe(23_000_016_000);
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), (centi, rate) => {
      const fen = feeFenOf(centi / 100, rate);
      expect(Number.isSafeInteger(fen)).toBe(true);
      expect(Math.abs(fen - (centi * rate) / 100)).toBeLessThanOrEqual(0.5 + 1e-6 * fen);
    }));
  });

  it('the fee in 分 equals the fee in 元 × 100, and the reduction is what the ledger would book', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.subarray(['small_business', 'affordable_housing']), (centi, codes) => {
      const f = offsiteFee(centi / 100, local, codes);
      expect(f.grossFen).toBe(feeFenOf(centi / 100, 200_000));
      expect(f.feeFen + f.reducedFen).toBe(f.grossFen);
      expect(f.feeYuan * 100).toBeCloseTo(f.feeFen, 6);
      expect(Number.isSafeInteger(f.feeFen) && f.feeFen >= 0).toBe(true);
    }));
  });

  it('areas and storeys at the thresholds: one step below builds less, the threshold itself builds', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 60 }), fc.integer({ min: 1, max: 50_000 }), (storeys, ground) => {
      const rule = { ...national, highRiseStoreys: storeys };
      const below = requiredArea(project({ storeys: storeys - 1, groundFloorAreaM2: ground, aboveGroundAreaM2: 0 }), rule).requiredM2;
      const at = requiredArea(project({ storeys, groundFloorAreaM2: ground, aboveGroundAreaM2: 0 }), rule).requiredM2;
      expect(below).toBe(0);
      expect(at).toBe(ground);
    }));
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), (threshold) => {
      const rule = { ...national, minAboveGroundAreaM2: threshold };
      expect(requiredArea(project({ aboveGroundAreaM2: threshold - 0.01 }), rule).requiredM2).toBe(0);
      expect(requiredArea(project({ aboveGroundAreaM2: threshold }), rule).requiredM2).toBeGreaterThan(0);
    }));
  });

  it('pooling saving: Nantong\'s 312 000 m² at 737.18 元/m² comes to 230 million 元 within 元', () => {
    expect(Math.abs(poolingSavingFen(312_000, 73_718) - 23_000_000_000)).toBeLessThan(100_000);
  });
});
