/**
 * Rules of 人防 enforcement cases (行政处罚案件) shared by the server and the console: the steps a case goes
 * through, each with the record the law asks for, the kinds of evidence, and the party's right to be heard with
 * its deadline in working days. The fine itself is checked against `PENALTY_RULES` (regulation.ts).
 *
 * The steps follow the 行政处罚法 (2021) general procedure: 立案 (art. 54), 调查取证 (art. 55–56, at least two
 * officers), 法制审核 (art. 58, by someone who did not investigate), 告知 with 陈述申辩 / 听证 (art. 44–45, 63–64),
 * 决定 (art. 57, 59), 执行 (art. 66–72), 结案.
 */
import { workingCalendar, workingClock, type PartyKind, type WorkingCalendar, type WorkingClock } from './regulation.ts';

/** Where a case stands: the last step recorded. */
export const ENFORCEMENT_STATUSES = ['investigating', 'investigated', 'reviewed', 'notified', 'decided', 'executed', 'closed'] as const;
export type EnforcementStatus = (typeof ENFORCEMENT_STATUSES)[number];

/** The steps, in the order they are taken; `file` opens the case. */
export const ENFORCEMENT_STEPS = ['file', 'evidence', 'report', 'review', 'notify', 'decide', 'execute', 'close'] as const;
export type EnforcementStep = (typeof ENFORCEMENT_STEPS)[number];

/**
 * From which statuses each step may be taken. A legal review that returns the case (退回补充调查) sends it back to
 * `investigating`, so evidence can be added and a new report written; every other step moves forward only.
 * A decision of no penalty or a warning has nothing to execute: the case may then be closed from `decided`.
 */
export const STEP_FROM: Record<Exclude<EnforcementStep, 'file'>, readonly EnforcementStatus[]> = {
  evidence: ['investigating'],
  report: ['investigating'],
  review: ['investigated'],
  notify: ['reviewed'],
  decide: ['notified'],
  execute: ['decided'],
  close: ['decided', 'executed'],
};

/** The record each step leaves, as the case file names it. */
export const STEP_RECORDS: Record<EnforcementStep, { zh: string; en: string }> = {
  file: { zh: '立案审批表', en: 'Case-filing approval' },
  evidence: { zh: '证据登记', en: 'Evidence register entry' },
  report: { zh: '调查终结报告', en: 'Investigation report' },
  review: { zh: '法制审核意见书', en: 'Legal review opinion' },
  notify: { zh: '行政处罚事先告知书', en: 'Advance notice of the penalty' },
  decide: { zh: '行政处罚决定书', en: 'Penalty decision' },
  execute: { zh: '执行记录', en: 'Execution record' },
  close: { zh: '结案报告', en: 'Case-closing report' },
};

/** Kinds of evidence (行政诉讼法 art. 33). */
export const EVIDENCE_KINDS = ['documentary', 'physical', 'audiovisual', 'electronic', 'witness', 'party_statement', 'expert_opinion', 'site_record'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_KIND_NAMES: Record<EvidenceKind, { zh: string; en: string }> = {
  documentary: { zh: '书证', en: 'Documentary' },
  physical: { zh: '物证', en: 'Physical' },
  audiovisual: { zh: '视听资料', en: 'Audio-visual' },
  electronic: { zh: '电子数据', en: 'Electronic data' },
  witness: { zh: '证人证言', en: 'Witness statement' },
  party_statement: { zh: '当事人陈述', en: "Party's statement" },
  expert_opinion: { zh: '鉴定意见', en: 'Expert opinion' },
  site_record: { zh: '勘验笔录、现场笔录', en: 'Inspection / site record' },
};

/** Where a case came from (立案来源). */
export const CASE_SOURCES = ['inspection', 'complaint', 'referral', 'patrol', 'approval'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** What a decision orders. */
export const DECISION_OUTCOMES = ['fine', 'warning', 'no_penalty'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** How a decision was carried out. */
export const EXECUTION_METHODS = ['paid', 'court_enforced'] as const;
export type ExecutionMethod = (typeof EXECUTION_METHODS)[number];

/** 执法人员不得少于两人 (行政处罚法 art. 42, 55). */
export const MIN_INVESTIGATORS = 2;

/**
 * 较大数额罚款, from which the party may ask for a hearing (听证, 行政处罚法 art. 63). The amounts are set by each
 * province; these defaults follow common provincial practice and must be checked against the local rule.
 */
export const HEARING_THRESHOLDS_FEN: Record<PartyKind, number> = { individual: 5_000 * 100, unit: 50_000 * 100 };
export const HEARING_THRESHOLD_BASIS = '《行政处罚法》第六十三条（较大数额罚款，数额以本省规定为准）';

/** Days the party has to state a defence (陈述申辩, office practice) or ask for a hearing (听证, art. 64: 五日). */
export const STATEMENT_DAYS = 3;
export const HEARING_REQUEST_DAYS = 5;

/** Whether a fine of `amountFen` on a `party` gives the right to ask for a hearing. */
export function hearingRight(party: PartyKind, amountFen: number): boolean {
  return amountFen >= HEARING_THRESHOLDS_FEN[party];
}

/**
 * The last day on which the party may answer the advance notice served on `notifiedOn`: 5 working days when the
 * proposed fine gives a hearing right, else 3. "五日" in the 行政处罚法 are working days (art. 85), and the day of
 * service is not counted.
 */
export function answerDueOn(notifiedOn: string, party: PartyKind, proposedFen: number, calendar: WorkingCalendar = workingCalendar()): string {
  return answerClock(notifiedOn, party, proposedFen, calendar).dueOn;
}

/** `answerDueOn` with the years it counted Monday–Friday for want of their holiday data (see `workingClock`). */
export function answerClock(notifiedOn: string, party: PartyKind, proposedFen: number, calendar: WorkingCalendar = workingCalendar()): WorkingClock {
  return workingClock(calendar, notifiedOn, hearingRight(party, proposedFen) ? HEARING_REQUEST_DAYS : STATEMENT_DAYS);
}

export type StepProblem =
  | { problem: 'status'; status: EnforcementStatus; step: EnforcementStep; allowed: readonly EnforcementStatus[] }
  | { problem: 'nothing_to_execute' };

/**
 * Why `step` cannot be taken on a case in `status`, or null. `outcome` is the case's decision, when it has one:
 * a fine must be executed before the case closes; a warning or no penalty closes without execution.
 */
export function stepProblem(status: EnforcementStatus, step: Exclude<EnforcementStep, 'file'>, outcome: DecisionOutcome | null): StepProblem | null {
  const allowed = STEP_FROM[step];
  if (step === 'execute' && status === 'decided' && outcome !== 'fine') return { problem: 'nothing_to_execute' };
  if (step === 'close' && status === 'decided' && outcome === 'fine') return { problem: 'status', status, step, allowed: ['executed'] };
  return allowed.includes(status) ? null : { problem: 'status', status, step, allowed };
}

/** The status a step leaves the case in (`review` depends on the opinion: a returned case is investigated again). */
export function statusAfter(step: EnforcementStep, returned = false): EnforcementStatus {
  switch (step) {
    case 'file': case 'evidence': return 'investigating';
    case 'report': return 'investigated';
    case 'review': return returned ? 'investigating' : 'reviewed';
    case 'notify': return 'notified';
    case 'decide': return 'decided';
    case 'execute': return 'executed';
    case 'close': return 'closed';
  }
}

/** Credit records of an enterprise: a good or a bad record, where it came from. */
export const CREDIT_KINDS = ['good', 'bad'] as const;
export type CreditKind = (typeof CREDIT_KINDS)[number];

/**
 * How long a penalty stays on an enterprise's public credit record: one year for an ordinary breach, the usual
 * period for 一般失信行为 under the national credit-repair rules (verify locally: the minimum is three months and a
 * serious breach stays three years).
 */
export const PENALTY_CREDIT_PUBLIC_DAYS = 365;
export const PENALTY_CREDIT_BASIS = '《失信行为纠正后的信用信息修复管理办法（试行）》：一般失信行为的行政处罚信息公示期一般为一年（以本地规定为准）';
