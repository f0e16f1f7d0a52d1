/** The synthetic town outlines: inside their county, not overlapping, and each point in the town of the nearest point. */
import { describe, expect, it } from 'vitest';
import { nantongBoundaries } from './boundaries.ts';
import { bboxOf, METRES_PER_DEGREE_LAT, METRES_PER_DEGREE_LNG, pointInGeometry } from './geo.ts';
import { createRng } from './prng.ts';
import { nantongRegions } from './regions.ts';
import { clipToNearer, nantongTownBoundaries } from './town-boundaries.ts';

const towns = nantongRegions().filter((r) => r.level === 'town');
const outlines = nantongTownBoundaries();
const byCode = new Map(outlines.map((o) => [o.code, o]));

describe('nantongTownBoundaries (synthetic)', () => {
  it('gives nearly every town an outline, each marked synthetic and closed', () => {
    expect(outlines.length).toBeGreaterThanOrEqual(towns.length - 2);
    for (const o of outlines) {
      expect(o.synthetic).toBe(true);
      for (const poly of o.geometry.coordinates) {
        const ring = poly[0]!;
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toEqual(ring.at(-1));
      }
    }
  });

  it('puts every sampled point of a county in exactly one town: the one with the nearest point', () => {
    const rng = createRng(20261205);
    let checked = 0;
    for (const county of nantongBoundaries().features) {
      const own = towns.filter((t) => t.parentCode === county.properties.code);
      const [minX, minY, maxX, maxY] = bboxOf(county.geometry);
      for (let n = 0; n < 300; n++) {
        const p = [minX + rng.next() * (maxX - minX), minY + rng.next() * (maxY - minY)];
        if (!pointInGeometry(p, county.geometry)) continue;
        const holders = own.filter((t) => byCode.has(t.code) && pointInGeometry(p, byCode.get(t.code)!.geometry));
        const d = (t: (typeof own)[number]) => ((t.centroid[0] - p[0]!) * METRES_PER_DEGREE_LNG) ** 2 + ((t.centroid[1] - p[1]!) * METRES_PER_DEGREE_LAT) ** 2;
        const nearest = own.reduce((a, b) => (d(b) < d(a) ? b : a));
        expect(holders.map((t) => t.code), `${p.join(',')}`).toEqual([nearest.code]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('clips a square to the half nearer a point', () => {
    const square: Array<[number, number]> = [[0, 0], [10, 0], [10, 10], [0, 10]];
    expect(clipToNearer(square, [2, 5], [8, 5])).toEqual([[0, 0], [5, 0], [5, 10], [0, 10]]);
  });
});
