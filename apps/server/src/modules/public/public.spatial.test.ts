import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceTo, SpatialIndex, type IndexedPoint } from './public.spatial.ts';

const point = (id: number, lng: number, lat: number, entrances: IndexedPoint['entrances'] = []): IndexedPoint => ({ id, lng, lat, entrances });

describe('spatial index', () => {
  it('answers exactly what a full scan answers, for any works and any point', () => {
    const lng = fc.double({ min: 120.5, max: 121.2, noNaN: true });
    const lat = fc.double({ min: 31.7, max: 32.4, noNaN: true });
    fc.assert(fc.property(
      fc.array(fc.tuple(lng, lat, fc.boolean()), { minLength: 0, maxLength: 150 }), lng, lat, fc.integer({ min: 1, max: 8 }),
      (works, qLng, qLat, k) => {
        const items = works.map(([x, y, withEntrance], i) => point(i + 1, x, y, withEntrance ? [{ kind: 'main', lng: x + 0.001, lat: y }] : []));
        const index = new SpatialIndex<IndexedPoint>();
        index.replaceAll(items);
        const got = index.nearest([qLng, qLat], k).map((h) => h.distanceM);
        const expected = items.map((it) => distanceTo(it, [qLng, qLat]).distanceM).sort((a, b) => a - b).slice(0, k);
        expect(got).toEqual(expected);
      },
    ), { numRuns: 200 });
  });

  it('measures to the nearest entrance and names it', () => {
    const index = new SpatialIndex<IndexedPoint>();
    index.replaceAll([point(1, 120.86, 32.0, [{ kind: 'secondary', lng: 120.87, lat: 32.0 }, { kind: 'main', lng: 120.861, lat: 32.0 }])]);
    const [hit] = index.nearest([120.862, 32.0], 1);
    expect(hit!.entrance).toEqual({ kind: 'main', lng: 120.861, lat: 32.0 });
    expect(hit!.distanceM).toBeCloseTo(94.4, 0);
  });

  it('filters, updates and removes, moving its version each time', () => {
    const index = new SpatialIndex<IndexedPoint>();
    index.replaceAll([point(1, 120.86, 32.0), point(2, 120.87, 32.0), point(3, 120.95, 32.1)]);
    expect(index.version).toBe(1);
    expect(index.nearest([120.86, 32.0], 2, (w) => w.id !== 1).map((h) => h.item.id)).toEqual([2, 3]);
    // Work 2 moves far away; work 3 stops being public (absent from the reload).
    index.update([2, 3], [point(2, 121.2, 32.4)]);
    expect(index.version).toBe(2);
    expect(index.size).toBe(2);
    expect(index.nearest([120.86, 32.0], 5).map((h) => h.item.id)).toEqual([1, 2]);
    expect(index.nearest([120.86, 32.0], 0)).toEqual([]);
  });

  it('measures a work with many entrances to the nearest, the first of equals', () => {
    const lng = fc.double({ min: 120.8, max: 120.9, noNaN: true });
    const lat = fc.double({ min: 31.9, max: 32.0, noNaN: true });
    fc.assert(fc.property(fc.array(fc.tuple(lng, lat), { minLength: 1, maxLength: 12 }), lng, lat, (es, qLng, qLat) => {
      const entrances = es.map(([x, y], i) => ({ kind: i % 2 ? 'main' : 'secondary', lng: x, lat: y }));
      const hit = distanceTo(point(1, 120.85, 31.95, entrances), [qLng, qLat]);
      const ds = entrances.map((e) => distanceTo(point(2, e.lng, e.lat), [qLng, qLat]).distanceM);
      const min = Math.min(...ds);
      expect(hit.distanceM).toBe(min);
      expect(hit.entrance).toBe(entrances[ds.indexOf(min)]);
    }), { numRuns: 200 });
  });
});
