/**
 * What a re-imported row would change in the work it names. A row equal to the stored work is reported as
 * unchanged and not written: re-importing an untouched export must say "389 unchanged", not "389 updated", and
 * must leave versions, update times, the data version (cached reads) and the audit trail's "before" alone.
 *
 * It compares exactly what the update writes (works.repository `updateWorksByCode` and the unit replacement in
 * import.service): the registry fields, the imported peacetime uses when the row carried use columns, and the
 * protection units when the row listed any. Footprint and entrances are not imported, so not compared.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ParsedWork } from './format/columns.ts';

/** A work as `snapshotByIds` reads it, with its contact phone opened (the file carries it in plain text). */
export interface StoredWork {
  code: string;
  location: number[];
  peacetimeUse: Record<string, unknown> | null;
  units: Array<Record<string, unknown>>;
  [field: string]: unknown;
}

/** The registry fields an import overwrites, as named in WorkImport (not the state: a different one is refused, never written). */
const FIELDS = [
  'name', 'address', 'regionCode', 'constructionForm', 'parentProject', 'workClass', 'subtype', 'protectionGrade', 'chemicalGrade',
  'yearBuilt', 'owner', 'managementUnit', 'contactName', 'contactPhone', 'isPublic',
] as const;

/** The peacetime uses an import owns (the rest of `peacetime_use` is kept by an update). */
const IMPORTED_USES = ['parking', 'evChargers', 'coolingSpot'] as const;

const UNIT_FIELDS = [
  'name', 'grossAreaM2', 'protectedAreaM2', 'shelterAreaM2', 'wartimeFunction', 'protectionGrade', 'chemicalGrade', 'blastUnits',
  'peacetimeFunction', 'parkingSpaces',
] as const;
/** What the unit insert writes for an absent value (work_unit defaults, import.service's COALESCE). */
const UNIT_DEFAULTS: Partial<Record<(typeof UNIT_FIELDS)[number], unknown>> = { blastUnits: 1, parkingSpaces: 0 };

/** undefined and null are one "empty" in a file; JSON drops undefined members, as the jsonb column does. */
const plain = (v: unknown): unknown => (v === undefined ? null : JSON.parse(JSON.stringify(v)) as unknown);

function uses(u: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of IMPORTED_USES) if (u?.[k] !== undefined && u[k] !== null) out[k] = plain(u[k]);
  return out;
}

function unitOf(u: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(UNIT_FIELDS.map((f) => [f, plain(u[f] ?? UNIT_DEFAULTS[f] ?? null)]));
}

/** The names of the fields importing `p` would change in `stored` (WorkImport names, plus 'location', 'peacetimeUse', 'units'); [] = unchanged. */
export function changedFields(p: ParsedWork, stored: StoredWork): string[] {
  const w = p.work as unknown as Record<string, unknown>;
  const changed: string[] = FIELDS.filter((f) => !isDeepStrictEqual(plain(w[f]), plain(stored[f])));
  if (!isDeepStrictEqual(p.work.location, stored.location)) changed.push('location');
  if (p.hasUse && !isDeepStrictEqual(uses(p.work.peacetimeUse as Record<string, unknown> | undefined), uses(stored.peacetimeUse))) changed.push('peacetimeUse');
  if (p.hasUnits && !isDeepStrictEqual(p.work.units.map((u) => unitOf(u as unknown as Record<string, unknown>)), stored.units.map(unitOf))) changed.push('units');
  return changed;
}
