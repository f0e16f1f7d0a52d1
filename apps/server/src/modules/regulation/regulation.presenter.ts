/**
 * Row → API shape: the only field whitelists of the regulation module. Fields are copied by name, so a column
 * added to a row stays on the server until someone adds it here and to the schema. The public view of a task has
 * its own function: it shows only what 双随机一公开 publishes (the draw record with the announced beacon, the names
 * of targets, their answering units and inspectors, and per target the outcome, findings and rectification asked) —
 * never the conflicts of interest (who is related to whom), who recorded a result, or internal ids.
 */
import { INSPECTION_ITEMS, type InspectionItem } from '@civdef/domain';
import { iso } from '../../lib/schemas.ts';
import type { Approval, ApprovalDetail, CalendarYear, Enterprise, EnterpriseDetail, OfficerRow, PhotoRow, PoolSnapshot, TaskDetail, TaskRow } from './regulation.service.ts';
import type {
  ApprovalDetailView, ApprovalView, CalendarYearView, EnterpriseDetailView, EnterpriseView, InspectionPhotoView, OfficerView, PublicTaskView, TaskDetailView, TaskView,
} from './regulation.schemas.ts';

export function presentEnterprise(e: Enterprise): EnterpriseView {
  return {
    id: e.id, uscc: e.uscc, name: e.name, kind: e.kind as EnterpriseView['kind'], regionCode: e.regionCode, contactName: e.contactName,
    contactPhoneMasked: e.contactPhoneMasked, synthetic: e.synthetic, createdAt: iso(e.createdAt)!,
  };
}

export function presentEnterpriseDetail({ enterprise, qualifications, credit, cases }: EnterpriseDetail, today: string): EnterpriseDetailView {
  return {
    ...presentEnterprise(enterprise),
    qualifications: qualifications.map((q) => ({
      id: q.id, name: q.name, level: q.level, certNo: q.certNo, issuer: q.issuer, issuedOn: q.issuedOn, expiresOn: q.expiresOn, valid: q.expiresOn === null || q.expiresOn >= today,
    })),
    credit: credit.map((r) => ({
      id: r.id, kind: r.kind, reason: r.reason, source: r.source, caseId: r.caseId, caseNo: r.caseNo, recordedOn: r.recordedOn, publicUntil: r.publicUntil, createdBy: r.createdBy,
    })),
    cases: cases.map((c) => ({ id: c.id, caseNo: c.caseNo, title: c.title, status: c.status, filedOn: c.filedOn })),
  };
}

export function presentOfficer(o: OfficerRow, today: string): OfficerView {
  return { id: o.id, name: o.name, certNo: o.certNo, certExpiresOn: o.certExpiresOn, regionCode: o.regionCode, synthetic: o.synthetic, certValid: o.certExpiresOn >= today };
}

export function presentTask(t: TaskRow): TaskView {
  return {
    id: t.id, title: t.title, item: t.item, regionCode: t.regionCode, targetCount: t.targetCount, inspectorsPerTarget: t.inspectorsPerTarget,
    status: t.status as TaskView['status'], createdAt: iso(t.createdAt)!, committedAt: iso(t.committedAt), drawnAt: iso(t.drawnAt), publishedAt: iso(t.publishedAt),
    source: INSPECTION_ITEMS[t.item as InspectionItem]?.source ?? 'enterprises', redrawOf: t.redrawOf, redrawReason: t.redrawReason, redrawnBy: t.redrawnBy,
  };
}

/** The draw record in the published format; the seed only once drawn (before that it is the secret the commit binds). */
function drawRecord(t: TaskRow) {
  const pool: PoolSnapshot | null = t.pool;
  const revealed = t.status === 'drawn' || t.status === 'published';
  return {
    algorithm: 'civdef-draw-v1' as const,
    commit: t.commitHash, poolDigest: t.poolDigest, seed: revealed ? t.seed : null,
    beaconSource: t.beaconSource, beacon: revealed ? t.beacon : null,
    pool: pool && {
      targets: pool.targets.map((x) => x.key), inspectors: pool.inspectors.map((x) => x.certNo),
      conflicts: pool.conflicts.map((c) => [c.certNo, c.targetKey] as [string, string]),
      targetCount: t.targetCount, inspectorsPerTarget: t.inspectorsPerTarget,
      ...(t.beaconSource ? { beaconSource: t.beaconSource } : {}),
    },
    result: revealed ? t.result && { targets: [...t.result.targets], teams: t.result.teams.map((x) => ({ target: x.target, inspectors: [...x.inspectors] })) } : null,
    targetNames: (pool?.targets ?? []).map((x) => ({ key: x.key, name: x.name, party: x.party ?? null })),
    inspectorNames: (pool?.inspectors ?? []).map((x) => ({ key: x.certNo, name: x.name, party: null })),
  };
}

export function presentTaskDetail({ task, conflicts, results }: TaskDetail): TaskDetailView {
  return {
    ...presentTask(task), ...drawRecord(task),
    conflicts: conflicts.map((c) => ({ officerId: c.officerId, enterpriseId: c.enterpriseId, reason: c.reason })),
    results: results.map((r) => ({
      targetKey: r.targetKey, enterpriseId: r.enterpriseId, outcome: r.outcome, findings: r.findings, rectification: r.rectification, recordedAt: iso(r.recordedAt)!,
    })),
  };
}

export function presentPublicTask({ task, results }: TaskDetail): PublicTaskView {
  const named = new Map((task.pool?.targets ?? []).map((x) => [x.key, x]));
  return {
    id: task.id, title: task.title, item: task.item, regionCode: task.regionCode, ...drawRecord(task),
    committedAt: iso(task.committedAt), drawnAt: iso(task.drawnAt), publishedAt: iso(task.publishedAt), redrawOf: task.redrawOf, redrawReason: task.redrawReason,
    results: results.map((r) => ({
      target: r.targetKey, name: named.get(r.targetKey)?.name ?? '', party: named.get(r.targetKey)?.party ?? null, outcome: r.outcome, findings: r.findings,
      rectification: r.rectification,
    })),
  };
}

export function presentApproval(a: Approval): ApprovalView {
  return {
    id: a.id, kind: a.kind, title: a.title, regionCode: a.regionCode, enterpriseId: a.enterpriseId, enterpriseName: a.enterpriseName,
    receivedOn: a.receivedOn, promisedDays: a.promisedDays, legalDays: a.legalDays, promisedDueOn: a.promisedDueOn, legalDueOn: a.legalDueOn,
    calendarProvisional: a.calendarProvisionalYears.length > 0, calendarProvisionalYears: a.calendarProvisionalYears,
    status: a.status as ApprovalView['status'], decidedOn: a.decidedOn, opinion: a.opinion, clock: a.clock, legalDaysLeft: a.legalDaysLeft,
    createdAt: iso(a.createdAt)!, caseNo: a.caseNo, workId: a.workId, workCode: a.workCode, usedByWorkId: a.usedByWorkId, usedAt: iso(a.usedAt),
  };
}

export function presentApprovalDetail({ approval, parties, documents }: ApprovalDetail): ApprovalDetailView {
  return {
    ...presentApproval(approval),
    parties: parties.map((p) => ({ id: p.id, name: p.name, required: p.required, verdict: p.verdict, opinion: p.opinion, answeredOn: p.answeredOn, answeredBy: p.answeredBy })),
    documents: documents.map((d) => ({
      id: d.id, docType: d.docType, title: d.title, fileName: d.fileName, mediaType: d.mediaType, sizeBytes: d.sizeBytes, sm3: d.sm3, uploadedBy: d.uploadedBy,
      uploadedAt: iso(d.uploadedAt)!,
    })),
  };
}

/** An inspection photo for signed-in users only: the public view of a task has no photos (they may show people or premises). */
export function presentPhoto(p: PhotoRow): InspectionPhotoView {
  return {
    id: p.id, taskId: p.taskId, targetKey: p.targetKey, fileName: p.fileName, mediaType: p.mediaType as InspectionPhotoView['mediaType'], sizeBytes: p.sizeBytes,
    sm3: p.sm3, uploadedBy: p.uploadedBy, uploadedAt: iso(p.uploadedAt)!,
  };
}

export function presentCalendarYear(y: CalendarYear): CalendarYearView {
  return {
    year: y.year, basis: y.basis, holidays: [...y.holidays], workingWeekends: [...y.workingWeekends], source: y.source, loadedBy: y.loadedBy, loadedAt: iso(y.loadedAt),
  };
}
