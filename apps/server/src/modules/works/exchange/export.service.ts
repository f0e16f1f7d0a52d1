/**
 * Export of works in the exchange format (so an export imports back unchanged) and the import template.
 * An export is audited: coordinates and capacity are sensitive, so who took which works out of the system is recorded.
 */
import type { Database } from '../../../db/index.ts';
import { auditContextOf, type Actor } from '../../../lib/actor.ts';
import { mask, type FieldCipher } from '../../../lib/field-crypto.ts';
import { appendAudit } from '../../audit/index.ts';
import { contactPhones, seesContactPhone } from '../registry/contact-phone.ts';
import * as works from '../registry/works.repository.ts';
import { listFull } from '../registry/works-search.repository.ts';
import type { WorkFilter } from '../registry/works.schemas.ts';
import { EXPORT_MAX_WORKS, type FileFormatT } from './exchange.schemas.ts';
import { importTemplate } from './format/template.ts';
import { toCsv, toGeoJson, toXlsx } from './format/writers.ts';

export function createExportService(deps: { db: Database; areaPerPersonM2: number; cipher: FieldCipher }) {
  const { db, areaPerPersonM2 } = deps;
  const phones = contactPhones(deps.cipher);
  return {
    template: importTemplate,

    /** The works of the caller's scope matching `filter`, as a file of `format` (at most EXPORT_MAX_WORKS). */
    async export(actor: Actor, ip: string | null, format: FileFormatT, filter: WorkFilter): Promise<Buffer> {
      // 联系电话 in plain text, so the file imports back unchanged (the import seals it again) — for a caller who
      // may edit works; masked for one who may only read them (the phone rule then refuses that file's masked
      // phones on import rather than overwrite the real ones).
      const full = seesContactPhone(actor);
      const rows = (await listFull(db, { ...filter, scope: actor.scope }, areaPerPersonM2, EXPORT_MAX_WORKS)).map((r) => {
        const phone = phones.open(r.contactPhone);
        return { ...r, contactPhone: phone === null || full ? phone : mask(phone, 'phone') };
      });
      const units = await works.unitsOf(db, rows.map((r) => r.id));
      const data = format === 'xlsx' ? await toXlsx(rows, units) : format === 'csv' ? toCsv(rows, units) : toGeoJson(rows, units);
      await db.transaction((tx) => appendAudit(tx, auditContextOf(actor, ip), {
        action: 'work.export', entityType: 'work', regionCode: actor.regionCode, after: { format, filter, works: rows.length },
      }));
      return data;
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
