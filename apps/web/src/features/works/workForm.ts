/**
 * Between the work API shape and the edit form: the form's values, the create body, the minimal PATCH
 * (only what changed, plus the version read), the domain's cross-field rules applied to the form as it is
 * being filled in, and the server's field errors mapped back onto form fields.
 */
import {
  checkWorkRules, type ChemicalGrade, type ConstructionForm, type EntranceKind, type LifecycleState, type ProtectionGrade, type WorkClass,
  type WorkRuleInput, type WorkRuleViolation,
} from '@civdef/domain';
import type { ApiError } from '../../api/client.ts';
import type { PeacetimeUse, WorkDetail, WorkInput, WorkPatch } from './types.ts';

export interface UnitValues {
  name: string;
  grossAreaM2: number | null;
  protectedAreaM2: number | null;
  shelterAreaM2: number | null;
  wartimeFunction?: string | null;
  protectionGrade?: ProtectionGrade | null;
  chemicalGrade?: ChemicalGrade | null;
  blastUnits: number | null;
  peacetimeFunction?: string | null;
  parkingSpaces: number | null;
}

export interface FormValues {
  code: string;
  name: string;
  address?: string | null;
  regionCode?: string;
  lng: number | null;
  lat: number | null;
  constructionForm?: ConstructionForm;
  parentProject?: string | null;
  workClass?: WorkClass;
  subtype?: string | null;
  protectionGrade?: ProtectionGrade | null;
  chemicalGrade?: ChemicalGrade | null;
  yearBuilt?: number | null;
  owner?: string | null;
  managementUnit?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  isPublic: boolean;
  lifecycleState?: LifecycleState;
  units: UnitValues[];
  entrances: { kind: EntranceKind; widthM: number | null; lng: number | null; lat: number | null }[];
  parkingTotal?: number | null;
  parkingPublic?: number | null;
  parkingFee?: number | null;
  evChargers?: number | null;
  cooling: boolean;
  coolingSeasonStart?: string;
  coolingSeasonEnd?: string;
  coolingHours?: string;
  coolingCapacity?: number | null;
  coolingFacilities?: string[];
  otherUses: { use: string; party: string; contractStart: string; contractEnd: string }[];
}

export const EMPTY_UNIT: UnitValues = {
  name: '1号防护单元',
  grossAreaM2: null,
  protectedAreaM2: null,
  shelterAreaM2: null,
  blastUnits: 1,
  parkingSpaces: 0,
};

/**
 * A new work's form. No point is filled in: a default (the city's centre, say) that a clerk forgot to correct would
 * be saved as the work's place, a shelter put where it is not; the location is required, so it must be picked.
 */
export function blankValues(regionCode?: string): FormValues {
  return {
    code: '',
    name: '',
    regionCode,
    lng: null,
    lat: null,
    isPublic: false,
    lifecycleState: 'approved',
    units: [{ ...EMPTY_UNIT }],
    entrances: [],
    cooling: false,
    otherUses: [],
  };
}

export const round7 = (n: number) => Math.round(n * 1e7) / 1e7;

export function toFormValues(w: WorkDetail): FormValues {
  const u: PeacetimeUse = w.peacetimeUse ?? {};
  return {
    code: w.code,
    name: w.name,
    address: w.address,
    regionCode: w.regionCode,
    lng: w.location[0],
    lat: w.location[1],
    constructionForm: w.constructionForm,
    parentProject: w.parentProject,
    workClass: w.workClass,
    subtype: w.subtype,
    protectionGrade: w.protectionGrade,
    chemicalGrade: w.chemicalGrade,
    yearBuilt: w.yearBuilt,
    owner: w.owner,
    managementUnit: w.managementUnit,
    contactName: w.contactName,
    contactPhone: w.contactPhone,
    isPublic: w.isPublic,
    units: w.units.map((x) => ({
      name: x.name,
      grossAreaM2: x.grossAreaM2,
      protectedAreaM2: x.protectedAreaM2,
      shelterAreaM2: x.shelterAreaM2,
      wartimeFunction: x.wartimeFunction,
      protectionGrade: x.protectionGrade,
      chemicalGrade: x.chemicalGrade,
      blastUnits: x.blastUnits,
      peacetimeFunction: x.peacetimeFunction,
      parkingSpaces: x.parkingSpaces,
    })),
    entrances: w.entrances.map((e) => ({ kind: e.kind, widthM: e.widthM, lng: e.location[0], lat: e.location[1] })),
    parkingTotal: u.parking?.total ?? null,
    parkingPublic: u.parking?.publicSpaces ?? null,
    parkingFee: u.parking?.feePerHourYuan ?? null,
    evChargers: u.evChargers ?? null,
    cooling: !!u.coolingSpot,
    coolingSeasonStart: u.coolingSpot?.seasonStart,
    coolingSeasonEnd: u.coolingSpot?.seasonEnd,
    coolingHours: u.coolingSpot?.hours,
    coolingCapacity: u.coolingSpot?.capacity ?? null,
    coolingFacilities: u.coolingSpot?.facilities ?? [],
    otherUses: u.other ?? [],
  };
}

const text = (s: string | null | undefined) => (s === undefined || s === null || s.trim() === '' ? null : s.trim());
const num = (n: number | null | undefined, fallback = 0) => (n === null || n === undefined ? fallback : n);

function peacetimeUseOf(v: FormValues): PeacetimeUse {
  const out: PeacetimeUse = {};
  // Only the figures given: an empty field is unknown, not 0 (the same as an import's empty cell).
  const parking: NonNullable<PeacetimeUse['parking']> = {};
  if (v.parkingTotal !== null && v.parkingTotal !== undefined) parking.total = v.parkingTotal;
  if (v.parkingPublic !== null && v.parkingPublic !== undefined) parking.publicSpaces = v.parkingPublic;
  if (v.parkingFee !== null && v.parkingFee !== undefined) parking.feePerHourYuan = v.parkingFee;
  if (Object.keys(parking).length) out.parking = parking;
  if (v.evChargers) out.evChargers = v.evChargers;
  if (v.cooling)
    out.coolingSpot = {
      seasonStart: v.coolingSeasonStart ?? '',
      seasonEnd: v.coolingSeasonEnd ?? '',
      hours: (v.coolingHours ?? '').trim(),
      capacity: num(v.coolingCapacity),
      facilities: (v.coolingFacilities ?? []).map((f) => f.trim()).filter(Boolean),
    };
  const other = (v.otherUses ?? []).filter((o) => o && o.use);
  if (other.length) out.other = other.map((o) => ({ use: o.use.trim(), party: o.party.trim(), contractStart: o.contractStart, contractEnd: o.contractEnd }));
  return out;
}

/** The POST /api/works body of validated form values. */
export function toInput(v: FormValues): WorkInput {
  return {
    code: v.code.trim(),
    name: v.name.trim(),
    address: text(v.address),
    regionCode: v.regionCode!,
    location: [round7(v.lng!), round7(v.lat!)],
    constructionForm: v.constructionForm!,
    parentProject: text(v.parentProject),
    workClass: v.workClass!,
    subtype: v.subtype || null,
    protectionGrade: v.protectionGrade || null,
    chemicalGrade: v.chemicalGrade || null,
    yearBuilt: v.yearBuilt ?? null,
    owner: text(v.owner),
    managementUnit: text(v.managementUnit),
    contactName: text(v.contactName),
    contactPhone: text(v.contactPhone),
    isPublic: !!v.isPublic,
    peacetimeUse: peacetimeUseOf(v),
    lifecycleState: v.lifecycleState,
    units: v.units.map((u) => ({
      name: u.name.trim(),
      grossAreaM2: num(u.grossAreaM2),
      protectedAreaM2: num(u.protectedAreaM2),
      shelterAreaM2: num(u.shelterAreaM2),
      wartimeFunction: u.wartimeFunction || null,
      protectionGrade: u.protectionGrade || null,
      chemicalGrade: u.chemicalGrade || null,
      blastUnits: num(u.blastUnits, 1),
      peacetimeFunction: text(u.peacetimeFunction),
      parkingSpaces: num(u.parkingSpaces),
    })),
    entrances: v.entrances.map((e) => ({ kind: e.kind, widthM: num(e.widthM, 1), location: [round7(e.lng!), round7(e.lat!)] })),
  };
}

/** Only the fields that differ from the work as read, plus its version: what PATCH /api/works/{id} wants. */
export function toPatch(before: WorkDetail, v: FormValues): WorkPatch | null {
  const next = toInput(v);
  const prev = toInput(toFormValues(before));
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof WorkInput)[]) {
    if (key === 'lifecycleState') continue; // only through transitions
    if (JSON.stringify(next[key] ?? null) !== JSON.stringify(prev[key] ?? null)) patch[key] = next[key];
  }
  if (!Object.keys(patch).length) return null;
  return { version: before.version, ...patch };
}

export type FieldPath = (string | number)[];

/**
 * The form's values as the domain's work rules read them. Values still empty stay empty (not 0, as the body
 * sends them), so a rule speaks only once both sides of it are filled in.
 */
export function ruleInputOf(v: Partial<FormValues>): WorkRuleInput {
  return {
    workClass: v.workClass,
    subtype: v.subtype,
    yearBuilt: v.yearBuilt,
    lifecycleState: v.lifecycleState,
    constructionForm: v.constructionForm,
    parentProject: v.parentProject,
    units: (v.units ?? []).map((u) => ({ grossAreaM2: u?.grossAreaM2, protectedAreaM2: u?.protectedAreaM2, shelterAreaM2: u?.shelterAreaM2 })),
    peacetimeUse: {
      parking: { total: v.parkingTotal, publicSpaces: v.parkingPublic },
      other: (v.otherUses ?? []).map((o) => o && { contractStart: o.contractStart, contractEnd: o.contractEnd }),
    },
  };
}

const samePath = (a: FieldPath, b: FieldPath) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The rule (the server's own, from the domain package) that the form field at `path` breaks, if any. */
export function ruleViolationAt(v: Partial<FormValues>, path: FieldPath): WorkRuleViolation | undefined {
  return checkWorkRules(ruleInputOf(v)).find((x) => samePath(fieldPathOf(`body.${x.field}`), path));
}

const CODE_FIELDS: Record<string, FieldPath> = {
  WORKS_CODE_TAKEN: ['code'],
  WORKS_REGION_OUT_OF_SCOPE: ['regionCode'],
  WORKS_REGION_UNKNOWN: ['regionCode'],
};

function detailsFromMessage(message: string): { field: string; message: string }[] {
  const text = message.replace(/^[^：:]*[：:]\s*/, '');
  return text.split(/;\s*/).filter(Boolean).map((part) => {
    const m = /^(body[\w.[\]]*)\s*:\s*(.+)$/.exec(part.trim());
    return m ? { field: m[1]!, message: m[2]! } : { field: '', message: part.trim() };
  });
}

/** `body.units.0.grossAreaM2` or `body.units[0]` → ['units', 0, 'grossAreaM2']; location → the longitude field. */
export function fieldPathOf(serverPath: string): FieldPath {
  const parts = serverPath
    .replace(/^body\.?/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (parts[0] === 'units' && parts.length === 2) return ['units', parts[1] as number, 'shelterAreaM2'];
  if (parts[0] === 'location') return [parts[1] === 1 ? 'lat' : 'lng'];
  if (parts[0] === 'entrances' && parts[2] === 'location') return ['entrances', parts[1] as number, parts[3] === 1 ? 'lat' : 'lng'];
  if (parts[0] === 'peacetimeUse') {
    if (parts[1] === 'parking' && parts[2] === 'publicSpaces') return ['parkingPublic'];
    if (parts[1] === 'other' && typeof parts[2] === 'number') return ['otherUses', parts[2], parts[3] === 'contractStart' ? 'contractStart' : parts[3] === 'party' ? 'party' : parts[3] === 'use' ? 'use' : 'contractEnd'];
    const map: Record<string, string> = { parking: 'parkingTotal', coolingSpot: 'coolingHours', evChargers: 'evChargers', other: 'otherUses' };
    return [map[String(parts[1])] ?? 'parkingTotal'];
  }
  return parts;
}

/**
 * The server's refusal as form field errors where it names a field (the `details` of a schema error or of a
 * work rule breach, or a works error code that belongs to one field); what it cannot place is left for a banner.
 */
export function serverFieldErrors(err: Pick<ApiError, 'code' | 'message'> & { details?: ApiError['details'] }): { fields: { name: FieldPath; errors: string[] }[]; rest: string | null } {
  const byCode = CODE_FIELDS[err.code];
  if (byCode) return { fields: [{ name: byCode, errors: [err.message] }], rest: null };
  if (!err.details?.length && err.code !== 'VALIDATION_FAILED') return { fields: [], rest: err.message };
  // Schema errors and rule breaches come as structured details; a few refusals (the NUL guard) name their
  // field only in the message ("输入有误：body.name: NUL (U+0000)").
  const details = err.details?.length ? err.details : detailsFromMessage(err.message);
  const fields: { name: FieldPath; errors: string[] }[] = [];
  const unplaced: string[] = [];
  for (const d of details) {
    if (d.field.startsWith('body.')) fields.push({ name: fieldPathOf(d.field), errors: [d.message] });
    else unplaced.push(d.field ? `${d.field}: ${d.message}` : d.message);
  }
  return { fields, rest: fields.length ? (unplaced.length ? unplaced.join('; ') : null) : err.message };
}
