/** Import job row → API shape (the report in the request's language), and how files are labelled for download. */
import type { Lang } from '../../../lib/errors.ts';
import { iso } from '../../../lib/schemas.ts';
import type { ImportJobRow } from './exchange.repository.ts';

export function presentJob(j: ImportJobRow, lang: Lang) {
  return {
    id: j.id, status: j.status, fileName: j.fileName, format: j.format, crs: j.crs, actor: j.actor, totalRows: j.totalRows, errorCount: j.errorCount,
    errors: j.errors.map((e) => ({ ...e, message: lang === 'en' ? e.en : e.zh })), result: j.result, createdAt: iso(j.createdAt)!, finishedAt: iso(j.finishedAt),
  };
}

export const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
} as const;

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266), for Chinese file names. */
export function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
