import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bearingDeg, compassOf, cosOfLatitude, EARTH_RADIUS_M, entranceWords, fitsWarning, haversineCosM, haversineM, routeHint, tileBoundsOf, tileOf, walkingEstimate,
} from './public.ts';

describe('public app rules', () => {
  it('measures great-circle distances in metres', () => {
    // One degree of latitude is about 111.2 km anywhere.
    expect(haversineM([120.86, 32], [120.86, 33])).toBeCloseTo(111_195, -1);
    expect(haversineM([120.86, 32.01], [120.86, 32.01])).toBe(0);
  });

  it('measures with the cosines given the same metres to the last bit as the haversine written out', () => {
    // The spatial index ranks works by these metres and the static export's nearest must agree with the server's.
    const rad = (d: number) => (d * Math.PI) / 180;
    const written = (a: readonly [number, number], b: readonly [number, number]) => {
      const h = Math.sin(rad(b[1] - a[1]) / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(rad(b[0] - a[0]) / 2) ** 2;
      return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
    };
    const lng = fc.double({ min: -180, max: 180, noNaN: true });
    const lat = fc.double({ min: -90, max: 90, noNaN: true });
    fc.assert(fc.property(lng, lat, lng, lat, (aLng, aLat, bLng, bLat) => {
      const d = haversineCosM(aLng, aLat, cosOfLatitude(aLat), bLng, bLat, cosOfLatitude(bLat));
      expect(Object.is(d, written([aLng, aLat], [bLng, bLat]))).toBe(true);
      expect(Object.is(d, haversineM([aLng, aLat], [bLng, bLat]))).toBe(true);
    }), { numRuns: 2000 });
  });

  it('estimates a walk along streets, rounding minutes up and never to zero', () => {
    expect(walkingEstimate(1000)).toEqual({ walkM: 1300, walkMinutes: 19 });
    expect(walkingEstimate(0)).toEqual({ walkM: 0, walkMinutes: 1 });
    expect(fitsWarning(10, 10)).toBe(true);
    expect(fitsWarning(11, 10)).toBe(false);
  });

  it('names the direction in both languages', () => {
    expect(Math.round(bearingDeg([120, 32], [120, 33]))).toBe(0);
    expect(Math.round(bearingDeg([120, 32], [121, 32]))).toBe(90);
    expect(compassOf(50)).toEqual({ zh: '东北', en: 'north-east' });
    expect(compassOf(350)).toEqual({ zh: '北', en: 'north' });
    expect(compassOf(-90)).toEqual({ zh: '西', en: 'west' });
    const hint = routeHint([120.86, 32.01], [120.86, 32.02], '主要出入口', 'main entrance');
    expect(hint.zh).toBe('向北步行约 1450 米，到主要出入口');
    expect(hint.en).toBe('Walk north about 1450 m to the main entrance');
    expect(entranceWords('emergency')).toEqual({ zh: '安全出口', en: 'emergency exit' });
    expect(entranceWords(null)).toEqual({ zh: '出入口', en: 'entrance' });
  });

  it('finds the tile of a point, and the tile contains it', () => {
    const t = tileOf(120.864, 32.011);
    expect(t.z).toBe(13);
    const [minLng, minLat, maxLng, maxLat] = tileBoundsOf(t.z, t.x, t.y);
    expect(120.864).toBeGreaterThanOrEqual(minLng);
    expect(120.864).toBeLessThan(maxLng);
    expect(32.011).toBeGreaterThanOrEqual(minLat);
    expect(32.011).toBeLessThan(maxLat);
  });
});

describe('quiz rules', () => {
  it('marks an answer right only when it is exactly the key, in any order', async () => {
    const { isCorrectAnswer, quizScore } = await import('./public.ts');
    expect(isCorrectAnswer(['B', 'A'], ['A', 'B'])).toBe(true);
    expect(isCorrectAnswer(['A'], ['A', 'B'])).toBe(false);
    expect(isCorrectAnswer(['A', 'B', 'C'], ['A', 'B'])).toBe(false);
    expect(isCorrectAnswer([], ['A'])).toBe(false);
    expect(quizScore(7, 10)).toBe(70);
    expect(quizScore(2, 3)).toBe(67);
    expect(quizScore(0, 0)).toBe(0);
  });
});

describe('opening hours', () => {
  it('tells open from closed, all day, past midnight, and refuses what is not HH:MM-HH:MM', async () => {
    const { isOpenAt, chinaMinuteOfDay } = await import('./public.ts');
    expect(isOpenAt('07:00-22:00', 7 * 60)).toBe(true);
    expect(isOpenAt('07:00-22:00', 22 * 60)).toBe(false);
    expect(isOpenAt('07:00-22:00', 6 * 60 + 59)).toBe(false);
    expect(isOpenAt('00:00-24:00', 0)).toBe(true);
    expect(isOpenAt('00:00-24:00', 1439)).toBe(true);
    expect(isOpenAt('22:00-06:00', 23 * 60)).toBe(true);
    expect(isOpenAt('22:00-06:00', 5 * 60)).toBe(true);
    expect(isOpenAt('22:00-06:00', 12 * 60)).toBe(false);
    for (const bad of ['7:00-22:00', '07:00~22:00', '24:00-06:00', '全天', '07:60-22:00']) expect(isOpenAt(bad, 600), bad).toBeNull();
    // 2026-12-05 23:30 UTC is 07:30 the next morning in China.
    expect(chinaMinuteOfDay(new Date('2026-12-05T23:30:00Z'))).toBe(7 * 60 + 30);
  });
});
