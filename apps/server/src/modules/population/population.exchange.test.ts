/**
 * The population file parser: random rows (any cell text, any number, any GeoJSON value) never throw anything but
 * the listed problems, every problem names a place and a rule in both languages, and export → import gives the
 * records back unchanged in every format.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvBuffer, csvRows } from '../../lib/xlsx/csv.ts';
import { loadWorkbook, sheetRows } from '../../lib/xlsx/read.ts';
import { addSheet, newWorkbook, workbookBuffer } from '../../lib/xlsx/write.ts';
import { ImportFormatError } from '../../lib/xlsx/format-error.ts';
import { POPULATION_COLUMNS, parsePopulation, populationGeoJson, populationSheet, type PopulationRecord } from './population.exchange.ts';

const header = POPULATION_COLUMNS.map((c) => c.zh);
const anyCell = fc.oneof(fc.constant(null), fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constantFrom('320612001', '1e3', '-0', ' ', '=1+1', "'=A1", 'NaN', 'Infinity'));

const record: fc.Arbitrary<PopulationRecord> = fc.record({
  regionCode: fc.constantFrom('320612001', '320613001', '320612'),
  lng: fc.double({ min: 73, max: 136, noNaN: true }),
  lat: fc.double({ min: 3, max: 54, noNaN: true }),
  people: fc.integer({ min: 0, max: 1_000_000 }),
  cellSizeM: fc.oneof(fc.constant(null), fc.double({ min: 0.5, max: 10_000, noNaN: true })),
  label: fc.oneof(fc.constant(null), fc.string({ minLength: 1, maxLength: 100 }).filter((s) => s.trim() === s && s.trim() !== '' && !s.startsWith('说明'))),
});

const wellFormed = (e: { at: string; zh: string; en: string }) => e.at.length > 0 && e.zh.length > 0 && e.en.length > 0;

describe('parsePopulation', () => {
  it('never throws on random rows: each row is a record or has listed problems', () => {
    fc.assert(fc.property(fc.array(fc.array(anyCell, { maxLength: 8 }), { maxLength: 30 }), (body) => {
      const { records, errors } = parsePopulation({ rows: [header, ...body] });
      expect(errors.every(wellFormed)).toBe(true);
      for (const r of records) {
        expect(Number.isInteger(r.people) && r.people >= 0).toBe(true);
        expect(r.lng >= 73 && r.lng <= 136 && r.lat >= 3 && r.lat <= 54).toBe(true);
        expect(/^\d{6}(\d{3})?$/.test(r.regionCode)).toBe(true);
        expect(r.cellSizeM === null || r.cellSizeM > 0).toBe(true);
      }
    }), { numRuns: 300 });
  });

  it('never throws on random GeoJSON but a format error for what is not a FeatureCollection', () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    const feature = fc.record({
      type: fc.constantFrom('Feature', 'feature', 'Point'),
      geometry: fc.oneof(value, fc.record({ type: fc.constant('Point'), coordinates: fc.array(fc.oneof(fc.double(), fc.string()), { maxLength: 3 }) })),
      properties: fc.oneof(value, fc.dictionary(fc.constantFrom('regionCode', '人口', 'people', 'cellSizeM', 'label', 'x'), anyCell)),
    });
    fc.assert(fc.property(fc.oneof(value, fc.record({ type: fc.constant('FeatureCollection'), features: fc.array(fc.oneof(feature, value), { maxLength: 20 }) })), (doc) => {
      try {
        const { errors } = parsePopulation({ geojson: Buffer.from(JSON.stringify(doc)) });
        expect(errors.every(wellFormed)).toBe(true);
      } catch (err) {
        expect(err).toBeInstanceOf(ImportFormatError);
      }
    }), { numRuns: 300 });
  });

  it('names the row, the column and the rule of a bad cell in zh and en', () => {
    const { records, errors } = parsePopulation({ rows: [header, ['320612001', 120.9, 32, -5, '', ''], ['3206', 200, 32, 10, 0, '']] });
    expect(records).toEqual([]);
    expect(errors).toContainEqual(expect.objectContaining({ at: '人口!D2', zh: expect.stringContaining('人口'), en: expect.stringContaining('people') }));
    expect(errors.map((e) => e.at)).toEqual(expect.arrayContaining(['人口!A3', '人口!B3', '人口!E3']));
  });

  it('export → import round-trips unchanged (CSV, XLSX, GeoJSON)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 20 }), async (records) => {
      const strip = (rs: Array<PopulationRecord & { at: string }>) => rs.map(({ at: _at, ...r }) => r);
      const csv = parsePopulation({ rows: csvRows(csvBuffer(populationSheet(records))) });
      expect(csv.errors).toEqual([]);
      expect(strip(csv.records)).toEqual(records);
      const geo = parsePopulation({ geojson: populationGeoJson(records) });
      expect(geo.errors).toEqual([]);
      expect(strip(geo.records)).toEqual(records);
      const wb = await newWorkbook();
      addSheet(wb, populationSheet(records));
      const xlsx = parsePopulation({ rows: sheetRows((await loadWorkbook(await workbookBuffer(wb))).worksheets[0]!) });
      expect(xlsx.errors).toEqual([]);
      expect(strip(xlsx.records)).toEqual(records);
    }), { numRuns: 25 });
  });

  it('places GeoJSON problems on the feature and its property', () => {
    const doc = { type: 'FeatureCollection', features: [
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: {} },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [120.9, 32] }, properties: { regionCode: '320612001', people: 'many' } },
    ] };
    const { errors } = parsePopulation({ geojson: Buffer.from(JSON.stringify(doc)) });
    expect(errors.map((e) => e.at)).toEqual(['features[0].geometry', 'features[1].properties.people']);
  });
});
