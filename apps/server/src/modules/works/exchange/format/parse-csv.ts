/** CSV reader: UTF-8 (BOM or not) or GB18030, one row per work. */
import { csvRows } from '../../../../lib/xlsx/csv.ts';
import type { Crs, ParseResult } from './columns.ts';
import { parseTable } from './tables.ts';

export function parseCsv(data: Buffer, crs: Crs): ParseResult {
  // The shared reader: comma-delimited (a guessed delimiter took cells full of tabs for a tab-separated file), the
  // export's formula marks taken off, trailing blank lines dropped.
  const rows = csvRows(data);
  if (rows[1]?.[0] && String(rows[1][0]).startsWith('说明')) rows.splice(1, 1, []);
  return parseTable(rows, crs, null, 'CSV');
}

