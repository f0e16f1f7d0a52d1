/** China Standard Time is UTC+8 all year (no daylight saving), so a fixed offset is exact. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The calendar date (YYYY-MM-DD) in Asia/Shanghai of an instant. */
export function shanghaiDate(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** A calendar date plus whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The date stamp (YYYYMMDD) of a file exported at `instant`: the office's day in Asia/Shanghai, so an export made
 * between 00:00 and 08:00 is not named after the day before (the server's UTC day).
 */
export function shanghaiStamp(instant: Date = new Date()): string {
  return shanghaiDate(instant).replace(/-/g, '');
}

/** An instant as the office reads it in a report: `YYYY-MM-DD HH:MM` in Asia/Shanghai (`seconds`: `…:SS`); '' for none. */
export function shanghaiDateTime(instant: string | Date | null, seconds = false): string {
  if (instant === null) return '';
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, seconds ? 19 : 16).replace('T', ' ');
}
