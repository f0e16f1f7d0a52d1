/** Row → API shape for the fees ledger: fields copied by name. */
import { iso } from '../../lib/schemas.ts';
import type { Assessment, AssessmentDetail, FeeTotals } from './fees.service.ts';
import type { AssessmentDetailView, AssessmentView, TotalsView } from './fees.schemas.ts';

export function presentAssessment(a: Assessment): AssessmentView {
  const b = a.balance;
  return {
    id: a.id, regionCode: a.regionCode, kind: a.kind, title: a.title, approvalCaseId: a.approvalCaseId, approvalCaseNo: a.approvalCaseNo, enterpriseId: a.enterpriseId,
    payerName: a.payerName, basis: a.basis, computation: a.computation, assessedOn: a.assessedOn, dueOn: a.dueOn, reductionCount: a.reductionCount,
    lastNoticeDeadline: a.lastNoticeDeadline, inArrears: a.inArrears,
    balance: { dueFen: b.dueFen, reducedFen: b.reducedFen, paidFen: b.paidFen, refundedFen: b.refundedFen, outstandingFen: b.outstandingFen }, createdAt: iso(a.createdAt)!,
  };
}

export function presentAssessmentDetail({ assessment, entries }: AssessmentDetail): AssessmentDetailView {
  return {
    ...presentAssessment(assessment),
    entries: entries.map((e) => ({
      id: e.id, kind: e.kind, amountFen: e.amountFen, onDate: e.onDate, basis: e.basis, reference: e.reference, deadline: e.deadline, createdBy: e.createdBy,
      createdAt: iso(e.createdAt)!,
    })),
  };
}

export function presentTotals(t: FeeTotals): TotalsView {
  return {
    year: t.year, countyCode: t.countyCode, assessments: t.assessments, reductions: t.reductions, inArrears: t.inArrears, dueFen: t.dueFen, reducedFen: t.reducedFen,
    paidFen: t.paidFen, refundedFen: t.refundedFen, outstandingFen: t.outstandingFen,
  };
}
