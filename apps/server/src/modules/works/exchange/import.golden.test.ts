/**
 * Golden files of the importers: every file in testdata/in is parsed as the import job would parse it, and the
 * result — the validation report (every row error, in zh and en) and the normalised works — must equal
 * testdata/out/<file>.json byte for byte.
 *
 * After a deliberate change of the format or of a message, regenerate and review the diff:
 *     UPDATE_GOLDEN=1 npx vitest run apps/server/src/modules/works/exchange/import.golden.test.ts
 * A case named `*-gcj02.*` or `*-bd09.*` is read in that coordinate system, any other in WGS84.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRS_VALUES, type Crs, type ParseResult } from './format/columns.ts';
import { formatOf, parseWorkFile } from './format/parse.ts';
import { ImportFormatError } from './format/tables.ts';

const IN = path.join(import.meta.dirname, 'testdata', 'in');
const OUT = path.join(import.meta.dirname, 'testdata', 'out');
const update = process.env.UPDATE_GOLDEN === '1';

const inputs = fs.readdirSync(IN).filter((f) => formatOf(f) !== null).sort();

function crsOf(file: string): Crs {
  const token = /-([a-z0-9]+)\.[a-z]+$/.exec(file)?.[1];
  return CRS_VALUES.find((c) => c === token) ?? 'wgs84';
}

/** What the importer makes of a file: its report and its works, or the reason it could not be read at all. */
async function outcome(file: string): Promise<ParseResult | { formatError: string }> {
  try {
    const result = await parseWorkFile(fs.readFileSync(path.join(IN, file)), formatOf(file)!, crsOf(file));
    // Rejected rows matter for which database checks still run on them; their half-read works would only bury the report.
    return { ...result, rejected: result.rejected.map((p) => ({ row: p.row, code: p.work.code ?? null })) } as unknown as ParseResult;
  } catch (err) {
    if (err instanceof ImportFormatError) return { formatError: err.message };
    throw err;
  }
}

describe('importer golden files (testdata/in → testdata/out)', () => {
  it('has an input of every format and an expected output for every input', () => {
    expect(new Set(inputs.map((f) => formatOf(f)))).toEqual(new Set(['xlsx', 'csv', 'geojson']));
    if (update) return;
    const outputs = fs.readdirSync(OUT).filter((f) => f.endsWith('.json')).sort();
    expect(outputs, 'an output without its input, or an input without its output (run with UPDATE_GOLDEN=1)').toEqual(inputs.map((f) => `${f}.json`));
  });

  for (const file of inputs) {
    it(`${file} (${crsOf(file)})`, async () => {
      const actual = `${JSON.stringify(await outcome(file), null, 2)}\n`;
      const golden = path.join(OUT, `${file}.json`);
      if (update) {
        fs.mkdirSync(OUT, { recursive: true });
        fs.writeFileSync(golden, actual);
        return;
      }
      expect(fs.existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      expect(actual).toBe(fs.readFileSync(golden, 'utf8'));
    });
  }
});
