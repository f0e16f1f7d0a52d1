/**
 * CSV injection (OWASP): a cell that starts with = + - @, a tab or a carriage return is run as a formula by
 * Excel and WPS (`=HYPERLINK(...)` becomes a live link, `=cmd|...` worse). Every CSV the platform writes goes
 * through `escapeCsvCell`, which prefixes such a text with an apostrophe, the spreadsheet's own "this is text" mark.
 *
 * The import strips that mark again (`unescapeCsvCell`), so export → import gives every text back unchanged. To
 * keep that a bijection, a text that already starts with apostrophes before a formula character gets one more:
 * `'=x` is written `''=x` and read back as `'=x`. Numbers are written as numbers, never escaped (-3 is a number,
 * not a formula).
 */
import { escapeCsvText, unescapeCsvText } from '../../../../lib/xlsx/csv.ts';

/** The mark is lib/xlsx/csv.ts's, so the works files and every other table file read and write the same. */
export function escapeCsvCell<T>(value: T): T | string {
  return typeof value === 'string' ? escapeCsvText(value) : value;
}

export const unescapeCsvCell = unescapeCsvText;
