import { describe, expect, it } from 'vitest';
import { box, circle, idsInBox } from './coverageMap.ts';

describe('circle', () => {
  it('is a closed ring whose vertices lie at the radius', () => {
    const c = circle([120.9, 32], 1000, 36);
    const ring = c.coordinates[0]!;
    expect(ring).toHaveLength(37);
    expect(ring[0]).toEqual(ring[36]);
    for (const [x, y] of ring as Array<[number, number]>) {
      const dx = (x - 120.9) * 110_900 * Math.cos((32 * Math.PI) / 180);
      const dy = (y - 32) * 110_900;
      expect(Math.hypot(dx, dy)).toBeCloseTo(1000, 6);
    }
  });
});

describe('idsInBox', () => {
  const fc = {
    type: 'FeatureCollection' as const,
    features: [[120.1, 32.1], [120.5, 32.5], [121, 33]].map((p, i) => ({ type: 'Feature' as const, properties: { id: i + 1 }, geometry: { type: 'Point' as const, coordinates: p } })),
  };
  it('selects the points inside the box whatever the order of its corners', () => {
    expect(idsInBox(fc, [120, 32], [120.6, 32.6])).toEqual([1, 2]);
    expect(idsInBox(fc, [120.6, 32.6], [120, 32])).toEqual([1, 2]);
    expect(idsInBox(fc, [122, 34], [121.5, 33.5])).toEqual([]);
  });
  it('draws the box it selects from', () => {
    expect(box([0, 0], [1, 2]).coordinates[0]).toEqual([[0, 0], [1, 0], [1, 2], [0, 2], [0, 0]]);
  });
});
