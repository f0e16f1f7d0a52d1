/**
 * Row → API shape for teams: the only field whitelists. Phones are masked in lists and for callers who may not edit.
 */
import { readinessOf } from '@civdef/domain';
import { mask } from '../../lib/field-crypto.ts';
import { iso } from '../../lib/schemas.ts';
import type { RollcallRow, TeamRow } from './teams.repository.ts';
import type { FieldChange, ListPlan } from './teams.import-plan.ts';
import { flags, type ImportPreviewData, type TeamDetailData } from './teams.service.ts';

const masked = (p: string | null) => (p === null ? null : mask(p, 'phone'));
const readinessOfRow = (r: { peopleTotal: number | null; peoplePresent: number | null; equipmentTotal: number | null; equipmentWorking: number | null }) =>
  readinessOf(r.peopleTotal === null || r.peoplePresent === null || r.equipmentTotal === null || r.equipmentWorking === null ? null : {
    peopleTotal: r.peopleTotal, peoplePresent: r.peoplePresent, equipmentTotal: r.equipmentTotal, equipmentWorking: r.equipmentWorking,
  });

export function presentTeamSummary(t: TeamRow) {
  return {
    id: t.id, code: t.code, name: t.name, category: t.category, kind: t.kind, baseUnit: t.baseUnit, regionCode: t.regionCode, regionName: t.regionName,
    location: [t.lng, t.lat] as [number, number], leaderName: t.leaderName, leaderPhone: masked(t.leaderPhone), synthetic: t.synthetic, members: t.members,
    equipmentCount: t.equipmentCount, lastRollcallAt: iso(t.lastRollcallAt), readiness: readinessOfRow(t),
    qualificationsFlagged: t.qualificationsFlagged, upkeepFlagged: t.upkeepFlagged,
  };
}

function presentRollcall(r: RollcallRow) {
  return { id: r.id, scheduledFor: r.scheduledFor, state: r.state, recordedAt: iso(r.recordedAt), recordedBy: r.recordedBy, note: r.note, readiness: readinessOfRow(r) };
}

export function presentTeamDetail(d: TeamDetailData) {
  const full = d.fullPhones;
  return {
    ...presentTeamSummary(d.team),
    leaderPhone: full ? d.team.leaderPhone : masked(d.team.leaderPhone),
    version: d.team.version,
    memberList: d.members.map((m) => ({
      id: m.id, name: m.name, role: m.role, phone: full ? m.phone : masked(m.phone), qualification: m.qualification,
      qualificationExpires: m.qualificationExpires, qualificationFlag: flags.qualification(m, d.today), volunteer: m.volunteer, version: m.version,
    })),
    equipmentList: d.equipment.map((e) => ({
      id: e.id, kind: e.kind, name: e.name, count: e.count, location: e.location, state: e.state, maintenanceDue: e.maintenanceDue,
      maintenanceFlag: flags.maintenance(e, d.today), version: e.version,
    })),
    rollcalls: d.rollcalls.map(presentRollcall),
  };
}

const PHONES = new Set(['phone', 'leaderPhone']);
const maskChange = (c: FieldChange) => (PHONES.has(c.field) && typeof c.before !== 'number'
  ? { field: c.field, before: masked(c.before as string | null), after: masked(c.after as string | null) } : { field: c.field, before: c.before, after: c.after });

/** An import preview: labels and changes only (phones masked); the file's values stay on the server. */
export function presentImportPreview(d: ImportPreviewData) {
  const list = (l: ListPlan<unknown>, prefix: 'm' | 'e') => ({
    added: l.added.map((a) => ({ label: a.label })),
    changed: l.changed.map((c) => ({ id: c.id, label: c.label, changes: c.changes.map(maskChange) })),
    missing: l.missing.map((m) => ({ id: m.id, label: m.label, inRollcall: d.pinned.has(`${prefix}${m.id}`) })),
    unchanged: l.unchanged,
  });
  return {
    preview: d.preview,
    teams: d.plans.map((p) => ({
      code: p.code, name: p.next.name, status: p.status, teamId: p.teamId, fields: p.fields.map(maskChange), members: list(p.members, 'm'), equipment: list(p.equipment, 'e'),
    })),
  };
}
