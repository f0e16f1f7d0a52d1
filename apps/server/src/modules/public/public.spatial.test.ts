import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LngLat } from '@civdef/domain';
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

describe('spatial index kept current by changes', () => {
  // Works in a small city, entrances up to ~2 km from their work's point (out of its cell), some works at the same
  // point: each answer — items, metres, entrances, order of equals — must be the full scan's.
  const lng = fc.double({ min: 120.8, max: 120.92, noNaN: true });
  const lat = fc.double({ min: 31.95, max: 32.05, noNaN: true });
  // Entrances 3 km out: a work whose point lies in a ring not yet visited may still have the nearest door.
  const offset = fc.double({ min: -0.03, max: 0.03, noNaN: true });
  const work = (id: number) => fc.tuple(fc.oneof(lng, fc.constant(120.87)), fc.oneof(lat, fc.constant(32.0)), fc.array(fc.tuple(offset, offset), { maxLength: 4 }))
    .map(([x, y, es]) => point(id, x, y, es.map(([dx, dy], i) => ({ kind: i % 2 ? 'main' : 'secondary', lng: x + dx * (i % 2 ? 0.05 : 1), lat: y + dy * (i % 2 ? 0.05 : 1) }))));
  const change = fc.oneof(
    // Added or edited (a moved work, new entrances): the work is read again.
    fc.integer({ min: 1, max: 40 }).chain((id) => work(id).map((w) => ({ ids: [id], fresh: [w] }))),
    // Unpublished, retired or deleted: read again and absent.
    fc.integer({ min: 1, max: 40 }).map((id) => ({ ids: [id], fresh: [] as IndexedPoint[] })),
  );
  /** The full scan: every work measured, nearest first and equals by id, the first k. */
  const scan = (items: readonly IndexedPoint[], p: LngLat, k: number, accept: (w: IndexedPoint) => boolean) =>
    items.filter(accept).map((it) => distanceTo(it, p)).sort((a, b) => a.distanceM - b.distanceM || a.item.id - b.item.id).slice(0, k);
  // The entrance by identity (its place among the work's own): the presenter finds it there by reference.
  const key = (hs: ReturnType<typeof scan>) => hs.map((h) => [h.item.id, h.distanceM, h.entrance ? h.item.entrances.indexOf(h.entrance) : null]);

  it('answers after any sequence of changes what a fresh index and a full scan answer', () => {
    fc.assert(fc.property(
      fc.array(work(0), { maxLength: 30 }), fc.array(change, { maxLength: 30 }), fc.array(fc.tuple(fc.oneof(lng, fc.constant(120.87)), fc.oneof(lat, fc.constant(32.0))), { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 1, max: 6 }), fc.boolean(),
      (initial, changes, points, k, filtered) => {
        const index = new SpatialIndex<IndexedPoint>();
        index.replaceAll(initial.map((w, i) => ({ ...w, id: i + 1 })));
        // The rows as a fresh load would read them (ordered by id, as publicDirectory reads them).
        const rows = new Map(initial.map((w, i) => [i + 1, { ...w, id: i + 1 }]));
        for (const c of changes) {
          index.update(c.ids, c.fresh);
          for (const id of c.ids) rows.delete(id);
          for (const w of c.fresh) rows.set(w.id, w);
        }
        const fresh = new SpatialIndex<IndexedPoint>();
        fresh.replaceAll([...rows.values()].sort((a, b) => a.id - b.id));
        expect(index.size).toBe(rows.size);
        const accept = filtered ? (w: IndexedPoint) => w.id % 3 !== 0 : () => true;
        for (const p of points) {
          const got = index.nearest(p, k, accept);
          expect(key(got)).toEqual(key(fresh.nearest(p, k, accept)));
          expect(key(got)).toEqual(key(scan([...rows.values()], p, k, accept)));
        }
      },
    ), { numRuns: 300 });
  });
});
