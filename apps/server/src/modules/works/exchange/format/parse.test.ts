import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv.ts';
import { parseGeoJson } from './parse-geojson.ts';
import { parseXlsx } from './parse-xlsx.ts';
import { ImportFormatError } from './tables.ts';

describe('importer robustness (property-based)', () => {
  it('the parsers never throw anything but a format error, whatever the bytes', async () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      const data = Buffer.from(bytes);
      parseCsv(data, 'wgs84');
      try {
        parseGeoJson(data, 'bd09');
      } catch (err) {
        expect(err).toBeInstanceOf(ImportFormatError);
      }
    }), { numRuns: 300 });
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
      await parseXlsx(Buffer.from(bytes), 'wgs84').catch((err: unknown) => expect(err).toBeInstanceOf(ImportFormatError));
    }), { numRuns: 50 });
  });

});
