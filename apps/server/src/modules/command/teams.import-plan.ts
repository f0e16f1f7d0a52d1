/**
 * What importing a teams workbook would change, team by team: a code not in the database is a new team; a known
 * code is compared field by field. Members are matched by name within their team (roll-call records point at member
 * ids, so a member must keep its row to keep its history), equipment by kind and name; two members of one name pair
 * up in the order they appear (the file's order against the database's). Members and items the file no longer has
 * are listed as missing, never removed here: the caller decides. Pure: no I/O, phones compared in the clear.
 */
import type { TeamRowIn } from './teams.exchange.ts';

export type Scalar = string | number | boolean | null;

export interface FieldChange {
  field: string;
  before: Scalar;
  after: Scalar;
}

type MemberIn = TeamRowIn['members'][number];
type EquipmentIn = TeamRowIn['equipment'][number];

export interface StoredTeam extends Omit<TeamRowIn, 'members' | 'equipment'> {
  id: number;
  members: Array<MemberIn & { id: number }>;
  equipment: Array<EquipmentIn & { id: number }>;
}

export interface RowChange<T> {
  id: number;
  label: string;
  changes: FieldChange[];
  /** The values to store (the file's). */
  next: T;
}

export interface ListPlan<T> {
  added: Array<{ label: string; next: T }>;
  changed: Array<RowChange<T>>;
  /** In the database, not in the file: removed only when the caller asks. */
  missing: Array<{ id: number; label: string }>;
  unchanged: number;
}

export interface TeamPlan {
  code: string;
  status: 'new' | 'changed' | 'unchanged';
  teamId: number | null;
  fields: FieldChange[];
  members: ListPlan<MemberIn>;
  equipment: ListPlan<EquipmentIn>;
  /** The file's team, as read. */
  next: TeamRowIn;
}

const TEAM_FIELDS = ['name', 'category', 'kind', 'baseUnit', 'regionCode', 'leaderName', 'leaderPhone'] as const;
const MEMBER_FIELDS = ['role', 'phone', 'qualification', 'qualificationExpires', 'volunteer'] as const;
const EQUIPMENT_FIELDS = ['count', 'location', 'state', 'maintenanceDue'] as const;
/** A coordinate that differs by less than this (about a centimetre) is the same place read back through a file. */
const SAME_DEGREES = 1e-7;

function diff<T extends object>(before: T, after: T, fields: ReadonlyArray<keyof T & string>): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of fields) {
    const b = (before[f] ?? null) as Scalar;
    const a = (after[f] ?? null) as Scalar;
    if (b !== a) out.push({ field: f, before: b, after: a });
  }
  return out;
}

/** Pairs the file's rows with the stored ones of the same key, k-th with k-th, and compares each pair. */
function planList<T extends object, S extends T & { id: number }>(
  stored: readonly S[], file: readonly T[], key: (x: T) => string, label: (x: T) => string, fields: ReadonlyArray<keyof T & string>,
): ListPlan<T> {
  const queues = new Map<string, S[]>();
  for (const s of [...stored].sort((a, b) => a.id - b.id)) queues.set(key(s), [...(queues.get(key(s)) ?? []), s]);
  const plan: ListPlan<T> = { added: [], changed: [], missing: [], unchanged: 0 };
  for (const f of file) {
    const match = queues.get(key(f))?.shift();
    if (!match) {
      plan.added.push({ label: label(f), next: f });
      continue;
    }
    const changes = diff<T>(match, f, fields);
    if (changes.length === 0) plan.unchanged += 1;
    else plan.changed.push({ id: match.id, label: label(f), changes, next: f });
  }
  for (const rest of queues.values()) for (const s of rest) plan.missing.push({ id: s.id, label: label(s) });
  plan.missing.sort((a, b) => a.id - b.id);
  return plan;
}

const touched = (l: ListPlan<unknown>) => l.added.length + l.changed.length + l.missing.length > 0;

/** The plan of each team of the file, in the file's order. `stored` holds the teams of the file's codes that exist. */
export function planTeamsImport(file: readonly TeamRowIn[], stored: ReadonlyMap<string, StoredTeam>): TeamPlan[] {
  return file.map((t) => {
    const s = stored.get(t.code);
    const members = planList<MemberIn, MemberIn & { id: number }>(s?.members ?? [], t.members, (m) => m.name, (m) => m.name, MEMBER_FIELDS);
    const equipment = planList<EquipmentIn, EquipmentIn & { id: number }>(s?.equipment ?? [], t.equipment, (e) => `${e.kind}\u0000${e.name}`, (e) => `${e.kind} · ${e.name}`, EQUIPMENT_FIELDS);
    if (!s) return { code: t.code, status: 'new', teamId: null, fields: [], members, equipment, next: t };
    const fields = diff(s, t, TEAM_FIELDS);
    for (const [i, f] of (['lng', 'lat'] as const).entries()) {
      if (Math.abs(s.location[i]! - t.location[i]!) > SAME_DEGREES) fields.push({ field: f, before: s.location[i]!, after: t.location[i]! });
    }
    const status = fields.length > 0 || touched(members) || touched(equipment) ? 'changed' : 'unchanged';
    return { code: t.code, status, teamId: s.id, fields, members, equipment, next: t };
  });
}
