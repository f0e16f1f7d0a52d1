/** Row → API shape for plans: the only field whitelists (fields copied by name, never spread). */
import type { PlanContent } from '@civdef/domain';
import { iso } from '../../lib/schemas.ts';
import type { DiffView, PlanDetailView, PlanView, RevisionView } from './plans.schemas.ts';
import type { PlanDetail, PlanRow, RevisionDiff, RevisionRow } from './plans.service.ts';

export function presentPlan(p: PlanRow): PlanView {
  return {
    id: p.id, kind: p.kind as PlanView['kind'], title: p.title, regionCode: p.regionCode, synthetic: p.synthetic, createdAt: iso(p.createdAt)!,
    latestRevision: p.latestRevision, latestState: p.latestState, approvedRevision: p.approvedRevision,
  };
}

/** The content as the schema knows it: items rebuilt field by field, so nothing stored beside them leaks out. */
export function presentContent(c: PlanContent): PlanContent {
  return {
    summary: c.summary,
    triggers: c.triggers.map((t) => ({ code: t.code, condition: t.condition, level: t.level })),
    tasks: c.tasks.map((t) => ({ assigneeKind: t.assigneeKind, refId: t.refId, assignee: t.assignee, task: t.task, phase: t.phase })),
    resources: c.resources.map((r) => ({ name: r.name, quantity: r.quantity, unit: r.unit, holder: r.holder })),
    contacts: c.contacts.map((x) => ({ name: x.name, role: x.role, dutyPhone: x.dutyPhone })),
  };
}

export function presentRevision(r: RevisionRow, userId: number): RevisionView {
  return {
    revision: r.revision, state: r.state, content: presentContent(r.content), note: r.note, authorName: r.authorName, approverName: r.approverName,
    returnReason: r.returnReason,
    file: r.fileName ? { name: r.fileName, mediaType: r.fileType ?? 'application/octet-stream', size: r.fileSize ?? 0, sha256: r.fileSha256 ?? '' } : null,
    createdAt: iso(r.createdAt)!, submittedAt: iso(r.submittedAt), approvedAt: iso(r.approvedAt), mine: r.authorId === userId,
  };
}

export function presentPlanDetail(d: PlanDetail, userId: number): PlanDetailView {
  return { plan: presentPlan(d.plan), revisions: d.revisions.map((r) => presentRevision(r, userId)) };
}

export function presentDiff(d: RevisionDiff): DiffView {
  return { from: { revision: d.from.revision, state: d.from.state }, to: { revision: d.to.revision, state: d.to.state }, summary: d.diff.summary, parts: d.diff.parts, changes: d.diff.changes };
}
