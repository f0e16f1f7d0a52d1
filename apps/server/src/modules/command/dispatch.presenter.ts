/**
 * Row → API shape for dispatch: the only field whitelists.
 */
import { iso } from '../../lib/schemas.ts';
import type { IncidentRow } from './dispatch.repository.ts';
import type { CandidatesData, IncidentDetailData } from './dispatch.service.ts';
import { presentTeamSummary } from './teams.presenter.ts';

export function presentIncident(i: IncidentRow) {
  return {
    id: i.id, kind: i.kind, title: i.title, description: i.description, regionCode: i.regionCode, regionName: i.regionName, location: [i.lng, i.lat] as [number, number],
    state: i.state, alertId: i.alertId, reportedBy: i.reportedBy, reportedAt: iso(i.reportedAt)!, openTasks: i.openTasks, version: i.version,
  };
}

export function presentIncidentDetail(d: IncidentDetailData) {
  return {
    ...presentIncident(d.incident),
    tasks: d.tasks.map((t) => ({
      id: t.id, teamId: t.teamId, teamCode: t.teamCode, teamName: t.teamName, state: t.state, distanceM: Math.round(t.distanceM), etaMin: t.etaMin,
      instruction: t.instruction, createdAt: iso(t.createdAt)!, updatedAt: iso(t.updatedAt)!, version: t.version,
    })),
    timeline: d.timeline.map((e) => ({ id: e.id, at: iso(e.at)!, kind: e.kind, taskId: e.taskId, state: e.state, note: e.note, actor: e.actor })),
  };
}

export function presentCandidates(c: CandidatesData) {
  return {
    teams: c.teams.map((t) => ({ team: presentTeamSummary(t.team), distanceM: Math.round(t.distanceM), etaMin: t.etaMin, busy: t.busy })),
    works: c.works.map((w) => ({
      id: w.id, code: w.code, name: w.name, workClass: w.workClass, lifecycleState: w.lifecycleState, location: [w.lng, w.lat] as [number, number], distanceM: Math.round(w.distanceM),
    })),
    detourFactor: c.travel.detourFactor, speedKmh: c.travel.speedKmh,
  };
}
