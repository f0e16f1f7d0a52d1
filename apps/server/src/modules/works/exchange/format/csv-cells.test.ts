import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { WorkFullRow } from '../../registry/works.repository.ts';
import { escapeCsvCell, unescapeCsvCell } from './csv-cells.ts';
import { parseCsv } from './parse-csv.ts';
import { toCsv } from './writers.ts';

const FORMULA = /^[=+\-@\t\r]/;
/** Texts a spreadsheet would run: a formula character first, then anything (apostrophes included). */
const formulaLike = fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'=", "''+"), fc.string({ maxLength: 40 })).map(([a, b]) => a + b);

function work(over: Partial<WorkFullRow>): WorkFullRow {
  return {
    id: 1, code: 'CSV-1', name: 'n', address: null, regionCode: '320602', lng: 120.9, lat: 32, constructionForm: 'attached', parentProject: 'p',
    workClass: 'personnel', subtype: null, protectionGrade: null, chemicalGrade: null, yearBuilt: null, owner: null, managementUnit: null,
    contactName: null, contactPhone: null, isPublic: false, lifecycleState: 'in_use', grossAreaM2: 10, protectedAreaM2: 9, shelterAreaM2: 8,
    parkingSpaces: null, peacetimeUse: null, ...over,
  } as unknown as WorkFullRow;
}

describe('CSV injection escape', () => {
  it('escapes every text a spreadsheet would run, and gives it back unchanged', () => {
    fc.assert(fc.property(fc.oneof(formulaLike, fc.string()), (s) => {
      const written = escapeCsvCell(s);
      expect(FORMULA.test(written)).toBe(false);
      // Through the CSV writer and reader as a real file would go.
      const read = Papa.parse<string[]>(Papa.unparse([[written, 'x']], { newline: '\r\n' }), { delimiter: ',' }).data[0]![0]!;
      expect(unescapeCsvCell(read)).toBe(s);
    }), { numRuns: 500 });
  });

  it('writes numbers as numbers, negative ones included', () => {
    expect(escapeCsvCell(-3)).toBe(-3);
    expect(escapeCsvCell(null)).toBe(null);
  });

  it('export → import gives a work name that looks like a formula back unchanged, and no cell of the file starts a formula', () => {
    const name = fc.tuple(fc.constantFrom('=', '+', '-', '@'), fc.string({ maxLength: 60 }))
      .map(([a, b]) => a + b)
      .filter((s) => s.trim() === s && !s.includes('\u0000'));
    fc.assert(fc.property(name, (n) => {
      const file = toCsv([work({ name: n, owner: '=HYPERLINK("http://evil.example","点我")' })], []);
      const cells = Papa.parse<string[]>(file.toString('utf8').replace(/^\uFEFF/, '')).data.flat();
      expect(cells.filter((c) => FORMULA.test(c))).toEqual([]);
      const parsed = parseCsv(file, 'wgs84');
      expect(parsed.errors, JSON.stringify(parsed.errors)).toEqual([]);
      expect(parsed.works[0]!.work.name).toBe(n);
      expect(parsed.works[0]!.work.owner).toBe('=HYPERLINK("http://evil.example","点我")');
    }), { numRuns: 200 });
  });
});
