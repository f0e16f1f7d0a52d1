import { describe, expect, it } from 'vitest';
import { bandOf, box, circle, idsInBox, levelGrid, levelPixels } from './coverageMap.ts';

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

describe('levelGrid (the sound-level raster)', () => {
  const model = { thresholdDb: 70, excessDbPerDoubling: 4 };
  const perDoubling = 20 * Math.log10(2) + 4;

  it('puts the threshold at the audible radius and falls off by the model per doubling', () => {
    const g = levelGrid([{ lng: 120.9, lat: 32, radiusM: 1000 }], model, 25)!;
    const levelAt = (lng: number, lat: number) => {
      const [w, s, e, n] = g.bbox;
      const c = Math.floor(((lng - w) / (e - w)) * g.cols);
      // Rows are even in Mercator y; near the centre the linear guess is within one row.
      const r = Math.floor(((n - lat) / (n - s)) * g.rows);
      return g.levels[r * g.cols + c]!;
    };
    const kx = 110_900 * Math.cos((32 * Math.PI) / 180);
    expect(levelAt(120.9 + 1000 / kx, 32)).toBeCloseTo(70, 0);
    expect(levelAt(120.9 + 500 / kx, 32)).toBeCloseTo(70 + perDoubling, 0);
    expect(bandOf(levelAt(120.9 + 125 / kx, 32), 70)).toBe('loud');
    // Past the radius at which the siren is 10 dB under the threshold nothing is drawn.
    const edge = 1000 * 2 ** (10 / perDoubling);
    expect(g.levels.some((v) => v === -Infinity)).toBe(true);
    expect((g.bbox[2] - g.bbox[0]) * kx).toBeCloseTo(2 * edge, -1);
  });

  it('takes the loudest siren per cell, caps the cell count, and colours by band', () => {
    const g = levelGrid([{ lng: 120.9, lat: 32, radiusM: 800 }, { lng: 120.92, lat: 32, radiusM: 2000 }, { lng: 121, lat: 32, radiusM: 0 }], model, 5, 10_000)!;
    expect(g.cols * g.rows).toBeLessThanOrEqual(10_000);
    const px = levelPixels(g, 70);
    expect(px.length).toBe(g.cols * g.rows * 4);
    const drawn = Array.from({ length: g.cols * g.rows }, (_v, i) => px[i * 4 + 3]!).filter((a) => a > 0).length;
    expect(drawn).toBe(Array.from(g.levels).filter((v) => v >= 60).length);
    expect(levelGrid([{ lng: 120.9, lat: 32, radiusM: 0 }], model, 50)).toBeNull();
    expect([bandOf(95, 70), bandOf(85, 70), bandOf(71, 70), bandOf(65, 70), bandOf(59.9, 70)]).toEqual(['loud', 'clear', 'covered', 'weak', null]);
  });
});
