/**
 * Parcel files: random GeoJSON and random sheets never throw — they give records or errors naming the place — and an
 * export imports back unchanged (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvBuffer, csvRows } from '../../lib/xlsx/csv.ts';
import type { Cell } from '../../lib/xlsx/read.ts';
import { boundaryOf, parcelSheet, parseParcelGeoJson, parseParcelRows } from './zoning.exchange.ts';

const code = fc.stringMatching(/^[A-Za-z0-9_\-.]{1,40}$/);
const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).map((s) => s.trim()).filter((s) => s.length > 0 && !s.startsWith('说明') && !/^[=+\-@'\t\r]/.test(s));
const region = fc.constantFrom('320612', '320613001', '320600');
const money = fc.integer({ min: 0, max: 1_000_000_00 }).map((c) => c / 100);
const parcel = fc.record({
  code, name: text(100), regionCode: region, landUse: fc.option(text(50), { nil: null }), areaM2: fc.option(money, { nil: null }), requiredM2: money,
  poolingAllowed: fc.boolean(), planRef: fc.option(text(200), { nil: null }),
});
const cell: fc.Arbitrary<Cell> = fc.oneof(fc.string({ maxLength: 12 }), fc.double(), fc.boolean(), fc.constant(null));

describe('parcel files', () => {
  it('random JSON or random features never throw; every error names where it is', () => {
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.record({
      type: fc.constant('FeatureCollection'),
      features: fc.array(fc.record({ type: fc.constantFrom('Feature', 'x'), properties: fc.dictionary(fc.string(), fc.jsonValue()), geometry: fc.jsonValue() }, { requiredKeys: [] }), { maxLength: 8 }),
    })), (doc) => {
      const { parcels, errors } = parseParcelGeoJson(doc);
      for (const e of errors) expect(e.at.length * e.zh.length * e.en.length).toBeGreaterThan(0);
      for (const p of parcels) expect(typeof p.code).toBe('string');
    }));
  });

  it('random sheets never throw', () => {
    fc.assert(fc.property(fc.array(fc.array(cell, { maxLength: 10 }), { maxLength: 10 }), (rows) => {
      const { errors } = parseParcelRows(rows);
      for (const e of errors) expect(e.at).toMatch(/^地块/);
    }));
  });

  it('an export imports back unchanged (CSV round trip of the sheet)', () => {
    fc.assert(fc.property(fc.uniqueArray(parcel, { selector: (p) => p.code, maxLength: 12 }), (list) => {
      const { parcels, errors } = parseParcelRows(csvRows(csvBuffer(parcelSheet(list))));
      expect(errors).toEqual([]);
      expect(parcels.map(({ row: _row, boundary: _b, ...p }) => p)).toEqual(list);
    }));
  });

  it('a GeoJSON feature carries the same columns and its boundary; a duplicate code and a bad geometry are named', () => {
    const ring = [[120, 32], [120.01, 32], [120.01, 32.01], [120, 32]];
    const { parcels, errors } = parseParcelGeoJson({
      type: 'FeatureCollection', features: [
        { type: 'Feature', properties: { 地块编号: 'A1', 名称: '甲', 区划代码: '320612', 应建人防面积m2: 100, 允许易地统筹: '是' }, geometry: { type: 'Polygon', coordinates: [ring] } },
        { type: 'Feature', properties: { code: 'A1', name: '乙', regionCode: '320612', requiredM2: 5, poolingAllowed: false }, geometry: { type: 'Point', coordinates: [1, 2] } },
      ],
    });
    expect(parcels[0]).toMatchObject({ code: 'A1', requiredM2: 100, poolingAllowed: true, boundary: { type: 'MultiPolygon', coordinates: [[ring]] } });
    expect(errors.map((e) => e.at)).toEqual(['GeoJSON!features[1]', 'GeoJSON!features[1]']);
    expect(boundaryOf({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] })).toHaveProperty('en');
  });
});
