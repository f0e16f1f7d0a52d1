import { describe, expect, it } from 'vitest';
import { tileBounds } from './gis.service.ts';

describe('vector tile geometry', () => {
  it('tile bounds are the Web Mercator tile', () => {
    expect(tileBounds(0, 0, 0)).toEqual([-180, -85.0511, 180, 85.0511]);
    const [w, s, e, n] = tileBounds(1, 1, 0);
    expect([w, e]).toEqual([0, 180]);
    expect(s).toBeCloseTo(0, 9);
    expect(n).toBeCloseTo(85.0511, 3);
  });
});
