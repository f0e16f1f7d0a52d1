/**
 * Row → API shape for teams: the only field whitelists. Phones are masked in lists and for callers who may not edit.
 */
import { readinessOf } from '@civdef/domain';
import { mask } from '../../lib/field-crypto.ts';
import { iso } from '../../lib/schemas.ts';
import type { RollcallRow, TeamRow } from './teams.repository.ts';
import { flags, type TeamDetailData } from './teams.service.ts';

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
