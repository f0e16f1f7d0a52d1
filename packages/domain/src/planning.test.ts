import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PER_CAPITA_TARGET_M2, balanceOf, effectiveStayRatio, peopleStaying } from './planning.ts';

const people = fc.integer({ min: 0, max: 20_000_000 });
const ratio = fc.double({ min: 0, max: 1, noNaN: true });
const places = fc.integer({ min: 0, max: 20_000_000 });
const area = fc.double({ min: 0, max: 1e8, noNaN: true });

describe('planning balance (留城人口 against 掩蔽位 and the per-capita target)', () => {
  it('people staying = round(people × ratio), within [0, people]', () => {
    fc.assert(fc.property(people, ratio, (p, r) => {
      const s = peopleStaying(p, r);
      expect(s).toBe(Math.min(p, Math.round(p * r)));
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(p);
    }));
  });

  it('refuses a ratio outside [0, 1] and non-finite people', () => {
    expect(() => peopleStaying(10, 1.01)).toThrow(RangeError);
    expect(() => peopleStaying(10, -0.01)).toThrow(RangeError);
    expect(() => peopleStaying(10, Number.NaN)).toThrow(RangeError);
    expect(() => peopleStaying(Number.POSITIVE_INFINITY, 0.5)).toThrow(RangeError);
  });

  it('surplus = places − staying; area surplus = area − staying × 1.8; per-person figures divide by staying', () => {
    fc.assert(fc.property(people, ratio, places, area, (p, r, pl, a) => {
      const b = balanceOf({ people: p, stayRatio: r, places: pl, civilDefenceAreaM2: a });
      expect(b.placesSurplus).toBe(pl - b.peopleStaying);
      expect(b.areaSurplusM2).toBeCloseTo(a - b.peopleStaying * PER_CAPITA_TARGET_M2.min, 3);
      if (b.peopleStaying === 0) {
        expect(b.placesPerPerson).toBeNull();
        expect(b.m2PerPerson).toBeNull();
        expect(b.status).toBe('no_population');
      } else {
        expect(b.placesPerPerson).toBeCloseTo(pl / b.peopleStaying, 9);
        expect(b.m2PerPerson).toBeCloseTo(a / b.peopleStaying, 9);
      }
    }));
  });

  it('status at every boundary: places short, below 1.8, 1.8 and 2.0 inclusive, above 2.0', () => {
    const at = (places: number, area: number) => balanceOf({ people: 1000, stayRatio: 1, places, civilDefenceAreaM2: area }).status;
    expect(at(999, 5000)).toBe('places_short');
    expect(at(1000, 1799.99)).toBe('below_target');
    expect(at(1000, 1800)).toBe('meets_target');
    expect(at(1000, 2000)).toBe('meets_target');
    expect(at(1000, 2000.01)).toBe('above_target');
    expect(balanceOf({ people: 1000, stayRatio: 0, places: 0, civilDefenceAreaM2: 0 }).status).toBe('no_population');
  });

  it('the example: 10 000 people, 60 % staying, 5 000 places, 12 000 m²', () => {
    expect(balanceOf({ people: 10_000, stayRatio: 0.6, places: 5_000, civilDefenceAreaM2: 12_000 })).toMatchObject({
      peopleStaying: 6_000, placesSurplus: -1_000, m2PerPerson: 2, placesPerPerson: 5_000 / 6_000, areaSurplusM2: 1_200, status: 'places_short',
    });
  });
});

describe('effective 留城比例', () => {
  const settings = new Map([['320600', 0.7], ['320613', 0.5], ['320613001', 0.4]]);
  it('takes the most specific setting: town, then county, then city, then the default', () => {
    expect(effectiveStayRatio('320613001', settings, 0.6)).toBe(0.4);
    expect(effectiveStayRatio('320613002', settings, 0.6)).toBe(0.5);
    expect(effectiveStayRatio('320612001', settings, 0.6)).toBe(0.7);
    expect(effectiveStayRatio('320612', settings, 0.6)).toBe(0.7);
    expect(effectiveStayRatio('320600', settings, 0.6)).toBe(0.7);
    expect(effectiveStayRatio('320612001', new Map(), 0.6)).toBe(0.6);
  });
});
