/** Entry of the importers: which reader a file goes to. */
import type { Crs, ImportFormat, ParseResult } from './columns.ts';
import { parseCsv } from './parse-csv.ts';
import { parseGeoJson } from './parse-geojson.ts';
import { parseXlsx } from './parse-xlsx.ts';

export { formatOf } from './columns.ts';

export async function parseWorkFile(data: Buffer, format: ImportFormat, crs: Crs): Promise<ParseResult> {
  if (format === 'xlsx') return parseXlsx(data, crs);
  if (format === 'csv') return parseCsv(data, crs);
  return parseGeoJson(data, crs);
}
