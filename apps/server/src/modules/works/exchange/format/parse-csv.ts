/** CSV reader: UTF-8 (BOM or not) or GB18030, one row per work. */
import Papa from 'papaparse';
import type { Crs, ParseResult } from './columns.ts';
import { unescapeCsvCell } from './csv-cells.ts';
import { decodeText, isBlank, parseTable } from './tables.ts';

export function parseCsv(data: Buffer, crs: Crs): ParseResult {
  const text = decodeText(data);
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  // Our export marks cells that would start a formula with an apostrophe (csv-cells.ts): take the mark off again.
  const rows = parsed.data.map((r) => (Array.isArray(r) ? r.map((c) => (typeof c === 'string' ? unescapeCsvCell(c) : c)) : []));
  while (rows.length && isBlank(rows[rows.length - 1]!)) rows.pop();
  if (rows[1]?.[0] && String(rows[1][0]).startsWith('说明')) rows.splice(1, 1, []);
  return parseTable(rows, crs, null, 'CSV');
}

