import { describe, expect, it } from 'vitest';
import { nantongBoundaries } from './boundaries.ts';
import { NANTONG_COUNTIES, RETIRED_CODES } from './counties.ts';
import { areaKm2, bboxOf, pointInGeometry, polygonsOf, ringSelfIntersection, signedRingArea } from './geo.ts';
import { cleanRing } from './ring-clean.ts';

describe('nantongBoundaries', () => {
  const fc = nantongBoundaries();

  it('has one feature per current county, with current codes only', () => {
    expect(fc.features.map((f) => f.properties.code)).toEqual(NANTONG_COUNTIES.map((c) => c.code));
    for (const f of fc.features) expect(RETIRED_CODES).not.toContain(f.properties.code);
    expect(fc.features.find((f) => f.properties.code === '320614')?.properties.name).toBe('海门区');
  });

  it('lies around Nantong (lng 120.2–122.0, lat 31.6–32.8)', () => {
    for (const f of fc.features) {
      const [minX, minY, maxX, maxY] = bboxOf(f.geometry);
      expect(minX).toBeGreaterThanOrEqual(120.2);
      expect(maxX).toBeLessThanOrEqual(122.0);
      expect(minY).toBeGreaterThanOrEqual(31.6);
      expect(maxY).toBeLessThanOrEqual(32.8);
    }
  });

  it('has valid polygons: closed, ≥ 4 positions, exterior counter-clockwise, no self-intersection', () => {
    for (const f of fc.features) {
      for (const poly of polygonsOf(f.geometry)) {
        poly.forEach((ring, i) => {
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(ring[0]).toEqual(ring[ring.length - 1]);
          expect(signedRingArea(ring) > 0).toBe(i === 0);
          expect(ringSelfIntersection(ring), `${f.properties.code} ring ${i}`).toBeNull();
        });
      }
    }
  });

  it('dissolves 港闸 into 崇川 (one outline, area of both) and keeps plausible areas', () => {
    const chongchuan = fc.features.find((f) => f.properties.code === '320613');
    expect(chongchuan?.geometry.type).toBe('Polygon');
    // old 崇川 ≈ 410 km², 港闸 ≈ 155 km² in the source outlines
    expect(areaKm2(chongchuan!.geometry)).toBeGreaterThan(540);
    expect(areaKm2(chongchuan!.geometry)).toBeLessThan(590);
    const total = fc.features.reduce((a, f) => a + areaKm2(f.geometry), 0);
    expect(total).toBeGreaterThan(8_000); // land 8,001 km²; the outlines also cover estuary water
    expect(total).toBeLessThan(13_000);
  });

  it('contains every county seat in its own county', () => {
    for (const c of NANTONG_COUNTIES) {
      const f = fc.features.find((x) => x.properties.code === c.code);
      expect(pointInGeometry(c.seat, f!.geometry), c.name).toBe(true);
    }
  });

  it('returns a fresh copy each call', () => {
    const a = nantongBoundaries();
    a.features.pop();
    expect(nantongBoundaries().features).toHaveLength(7);
  });
});

describe('cleanRing', () => {
  it('removes a spike and a tiny loop and returns a simple ring', () => {
    const ring = [
      [0, 0],
      [4, 0],
      [4, 2],
      [5, 2], // spike out and back
      [4, 2],
      [4, 4],
      [2, 4],
      [2.5, 3.5], // small bow-tie loop
      [1.5, 3.5],
      [2, 4.5],
      [0, 4],
      [0, 0],
    ];
    expect(ringSelfIntersection(ring)).not.toBeNull();
    const clean = cleanRing(ring);
    expect(ringSelfIntersection(clean)).toBeNull();
    expect(clean[0]).toEqual(clean[clean.length - 1]);
  });
});
