/** The town-outline file parser: property tests (never throws, keeps what is well formed, refuses open rings). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTownOutlines } from './regions.town-outlines.ts';

const coord = fc.tuple(fc.double({ min: 120, max: 122, noNaN: true }), fc.double({ min: 31, max: 33, noNaN: true }));
/** A closed ring of 4–12 positions (the first repeated at the end). */
const ring = fc.array(coord, { minLength: 3, maxLength: 11 }).map((ps) => [...ps, ps[0]!]);
const polygon = fc.array(ring, { minLength: 1, maxLength: 3 });
const geometry = fc.oneof(
  polygon.map((coordinates) => ({ type: 'Polygon', coordinates })),
  fc.array(polygon, { minLength: 1, maxLength: 3 }).map((coordinates) => ({ type: 'MultiPolygon', coordinates })),
);
const town = fc.record({ code: fc.stringMatching(/^\d{9}$/), name: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '') });
const collection = fc.array(fc.tuple(town, geometry), { minLength: 1, maxLength: 8 }).map((fs) => ({
  type: 'FeatureCollection', features: fs.map(([p, g]) => ({ type: 'Feature', properties: p, geometry: g })),
}));

describe('parseTownOutlines', () => {
  it('never throws, whatever the bytes or the JSON, and lists a problem for what it cannot read', () => {
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)), fc.jsonValue().map((v) => JSON.stringify(v))), (input) => {
      const r = parseTownOutlines(input);
      expect(r.features.length + r.errors.length).toBeGreaterThan(0);
      for (const e of r.errors) {
        expect(e.zh.length).toBeGreaterThan(0);
        expect(e.en.length).toBeGreaterThan(0);
      }
    }), { numRuns: 300 });
  });

  it('keeps every well-formed feature with its code, name and rings (a Polygon as a one-part MultiPolygon)', () => {
    fc.assert(fc.property(collection, (doc) => {
      const r = parseTownOutlines(JSON.stringify(doc));
      expect(r.errors).toEqual([]);
      expect(r.features.map((f) => [f.index, f.code, f.name])).toEqual(doc.features.map((f, i) => [i, f.properties.code, f.properties.name.trim()]));
      r.features.forEach((f, i) => {
        const g = doc.features[i]!.geometry;
        expect(f.geometry.type).toBe('MultiPolygon');
        expect(f.geometry.coordinates).toEqual(g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
      });
    }), { numRuns: 100 });
  });

  it('refuses a feature whose ring is not closed, naming the feature and keeping the others', () => {
    fc.assert(fc.property(collection, fc.nat(), (doc, pick) => {
      const i = pick % doc.features.length;
      const g = doc.features[i]!.geometry as { type: string; coordinates: unknown };
      const rings = (g.type === 'Polygon' ? g.coordinates : (g.coordinates as unknown[])[0]) as number[][][];
      const r0 = rings[0]!;
      r0[r0.length - 1] = [r0[0]![0]! + 0.001, r0[0]![1]!]; // the last position no longer repeats the first
      const r = parseTownOutlines(JSON.stringify(doc));
      expect(r.errors.map((e) => e.at)).toEqual([`GeoJSON!features[${i}]`]);
      expect(r.errors[0]!.en).toMatch(/^geometry: .*closed rings/);
      expect(r.features.map((f) => f.index)).toEqual(doc.features.map((_f, k) => k).filter((k) => k !== i));
    }), { numRuns: 100 });
  });

  it('names the rule for a bad code, a feature without code or name, a point, and a collection that is not one', () => {
    const sq = { type: 'Polygon', coordinates: [[[120, 31], [121, 31], [121, 32], [120, 31]]] };
    const r = parseTownOutlines(JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { code: '3206' }, geometry: sq },
      { type: 'Feature', properties: {}, geometry: sq },
      { type: 'Feature', properties: { 名称: '金沙街道' }, geometry: { type: 'Point', coordinates: [120, 31] } },
      { type: 'Feature', properties: { 代码: 320612001 }, geometry: sq },
    ] }));
    expect(r.errors.map((e) => [e.at, e.en.split(':')[0]])).toEqual([
      ['GeoJSON!features[0]', 'code'], ['GeoJSON!features[1]', 'code / name'], ['GeoJSON!features[2]', 'geometry'],
    ]);
    expect(r.features.map((f) => f.code)).toEqual(['320612001']);
    expect(parseTownOutlines('{"type":"Feature"}').errors[0]!.en).toBe('should be a GeoJSON FeatureCollection');
    expect(parseTownOutlines('{"type":"FeatureCollection","features":[]}').errors[0]!.en).toBe('holds no feature');
  });
});
