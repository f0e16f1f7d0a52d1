import { describe, expect, it } from 'vitest';
import { bearingDeg, compassOf, entranceWords, fitsWarning, haversineM, routeHint, tileBoundsOf, tileOf, walkingEstimate } from './public.ts';

describe('public app rules', () => {
  it('measures great-circle distances in metres', () => {
    // One degree of latitude is about 111.2 km anywhere.
    expect(haversineM([120.86, 32], [120.86, 33])).toBeCloseTo(111_195, -1);
    expect(haversineM([120.86, 32.01], [120.86, 32.01])).toBe(0);
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
