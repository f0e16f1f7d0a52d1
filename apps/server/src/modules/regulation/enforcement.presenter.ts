/** Row → API shape for enforcement cases: fields copied by name, never spread. */
import { PENALTY_RULES } from '@civdef/domain';
import { iso } from '../../lib/schemas.ts';
import type { CaseDetail, CaseRow, EvidenceRow } from './enforcement.service.ts';
import type { CaseDetailView, CaseSummaryView, EvidenceView, PublicDecisionView } from './enforcement.schemas.ts';

export function presentCaseSummary(c: CaseRow): CaseSummaryView {
  return {
    id: c.id, caseNo: c.caseNo, title: c.title, regionCode: c.regionCode, partyKind: c.partyKind, enterpriseId: c.enterpriseId, partyName: c.partyName,
    source: c.source, status: c.status as CaseSummaryView['status'], filedOn: c.filedOn, lastStepOn: c.lastStepOn, outcome: c.outcome, amountFen: c.amountFen,
    evidenceCount: c.evidenceCount, createdAt: iso(c.createdAt)!, publishedAt: iso(c.publishedAt),
  };
}

/** A person's name as a decision is published: the surname and 某 (张某, 欧阳某 for a known compound surname). */
export function maskPersonName(name: string): string {
  const n = name.trim();
  if (n.length === 0) return '某';
  const compound = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '夏侯', '长孙', '宇文', '司徒', '端木'].find((s) => n.startsWith(s) && n.length > 2);
  return `${compound ?? [...n][0]}某`;
}

export function presentPublicDecision(c: CaseRow): PublicDecisionView {
  return {
    caseNo: c.caseNo, decisionNo: c.decisionNo, title: c.title, regionCode: c.regionCode, partyKind: c.partyKind,
    party: c.partyKind === 'unit' ? c.partyName : maskPersonName(c.partyName), outcome: c.outcome, ruleCode: c.ruleCode,
    basis: PENALTY_RULES.find((r) => r.code === c.ruleCode)?.basis ?? null, amountFen: c.amountFen, decidedOn: c.decidedOn, publishedAt: iso(c.publishedAt)!,
  };
}

export function presentEvidence(e: EvidenceRow): EvidenceView {
  return {
    id: e.id, kind: e.kind, title: e.title, collectedOn: e.collectedOn, fileName: e.fileName, mediaType: e.mediaType, sizeBytes: e.sizeBytes,
    sm3: e.sm3, sha256: e.sha256, uploadedBy: e.uploadedBy, uploadedAt: iso(e.uploadedAt)!,
  };
}

export function presentCaseDetail({ case: c, steps, evidence, officers }: CaseDetail): CaseDetailView {
  const byId = new Map(officers.map((o) => [o.id, { id: o.id, name: o.name, certNo: o.certNo }]));
  return {
    ...presentCaseSummary(c),
    facts: c.facts, workId: c.workId, workCode: c.workCode, inspectionTaskId: c.inspectionTaskId, approvalCaseId: c.approvalCaseId,
    investigators: c.investigators.map((id) => byId.get(id) ?? { id, name: '', certNo: '' }),
    reviewer: c.reviewerId === null ? null : byId.get(c.reviewerId) ?? null,
    proposedOutcome: c.proposedOutcome, proposedRule: c.proposedRule, proposedFen: c.proposedFen,
    notifiedOn: c.notifiedOn, answerDueOn: c.answerDueOn, hearingRight: c.hearingRight,
    calendarProvisional: c.calendarProvisionalYears.length > 0, calendarProvisionalYears: c.calendarProvisionalYears,
    decisionNo: c.decisionNo, ruleCode: c.ruleCode, basis: PENALTY_RULES.find((r) => r.code === c.ruleCode)?.basis ?? null,
    decidedOn: c.decidedOn, executedOn: c.executedOn, paidFen: c.paidFen, closedOn: c.closedOn,
    timeline: steps.map((s) => ({
      id: s.id, step: s.step, onDate: s.onDate, document: typeof s.record.document === 'string' ? s.record.document : null, record: s.record, actor: s.actor, at: iso(s.at)!,
    })),
    evidence: evidence.map(presentEvidence),
  };
}
