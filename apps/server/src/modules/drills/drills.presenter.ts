/** Row → API shape for drills: the only field whitelists (fields copied by name, never spread). */
import { iso } from '../../lib/schemas.ts';
import type { DrillDetailView, DrillView } from './drills.schemas.ts';
import type { DrillDetail, DrillRow } from './drills.service.ts';

export function presentDrill(d: DrillRow): DrillView {
  return {
    id: d.id, kind: d.kind, title: d.title, regionCode: d.regionCode, scenario: d.scenario, plannedOn: d.plannedOn, state: d.state,
    participants: d.participants.map((p) => ({ kind: p.kind, refId: p.refId, name: p.name, people: p.people })),
    planId: d.planId, planTitle: d.planTitle, keyTargetId: d.keyTargetId, keyTargetName: d.keyTargetName,
    criteria: d.criteria.map((c) => ({ name: c.name, weight: c.weight, maxScore: c.maxScore, score: c.score })),
    score: d.score, assessment: d.assessment, synthetic: d.synthetic, version: d.version,
    createdAt: iso(d.createdAt)!, startedAt: iso(d.startedAt), endedAt: iso(d.endedAt), assessedAt: iso(d.assessedAt),
  };
}

export function presentDrillDetail(d: DrillDetail): DrillDetailView {
  return {
    drill: presentDrill(d.drill),
    timeline: d.timeline.map((e) => ({ id: e.id, kind: e.kind, text: e.text, actorName: e.actorName, loggedBy: e.loggedBy, loggedAt: iso(e.loggedAt)! })),
    findings: d.findings.map((f) => ({ id: f.id, finding: f.finding, action: f.action, owner: f.owner, deadline: f.deadline, status: f.status, doneAt: iso(f.doneAt), overdue: f.overdue })),
  };
}
