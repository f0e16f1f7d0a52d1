/**
 * CSV beside XLSX for the table imports and exports: UTF-8 with a BOM on the way out (so Excel in China opens it as
 * UTF-8), UTF-8 or GB18030 on the way in. CSV injection (OWASP): a text cell starting with = + - @, a tab or a
 * carriage return would run as a formula in Excel and WPS, so it is written behind an apostrophe, the spreadsheet's
 * own "this is text" mark, and the mark is taken off again on reading; a text that already starts with apostrophes
 * before such a character gets one more, so export → import gives every text back unchanged (the works export's
 * convention, so files of either read the same).
 */
import Papa from 'papaparse';
import type { Cell } from './read.ts';
import type { SheetSpec } from './write.ts';

const NEEDS_MARK = /^'*[=+\-@\t\r]/;
const MARKED = /^'+[=+\-@\t\r]/;

export const escapeCsvText = (v: string): string => (NEEDS_MARK.test(v) ? `'${v}` : v);
export const unescapeCsvText = (v: string): string => (MARKED.test(v) ? v.slice(1) : v);

/** Text of a CSV file: UTF-8 (BOM or not), else GB18030 (what Excel in China saves by default). */
export function decodeCsv(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

/** A CSV file's rows of text cells (the header first), trailing blank lines dropped. */
export function csvRows(data: Buffer): Cell[][] {
  // The delimiter is fixed: left to guess, the parser takes a tab for one when the cells hold more tabs than commas,
  // and the whole file falls apart into one column.
  const parsed = Papa.parse<string[]>(decodeCsv(data), { skipEmptyLines: false, delimiter: ',' });
  const rows: Cell[][] = parsed.data.map((r) => (Array.isArray(r) ? r.map((c) => (typeof c === 'string' ? unescapeCsvText(c) : null)) : []));
  while (rows.length > 0 && rows[rows.length - 1]!.every((c) => c === null || c === '')) rows.pop();
  return rows;
}

/** One sheet spec as a CSV file (header, the 说明 row if any, the rows); numbers stay numbers, texts are escaped. */
export function csvBuffer(spec: SheetSpec): Buffer {
  const keys = spec.columns.map((c) => c.key);
  const lines: unknown[][] = [spec.columns.map((c) => c.header)];
  if (spec.notes) lines.push(keys.map((k) => spec.notes![k] ?? ''));
  for (const r of spec.rows) lines.push(keys.map((k) => {
    const v = r[k];
    if (v === null || v === undefined) return '';
    return typeof v === 'string' ? escapeCsvText(v) : v;
  }));
  return Buffer.from(`\uFEFF${Papa.unparse(lines, { newline: '\r\n' })}\r\n`, 'utf8');
}
