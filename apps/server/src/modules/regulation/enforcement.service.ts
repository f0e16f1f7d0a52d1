/**
 * Enforcement cases (执法案件): 立案 → 调查取证 → 调查终结 → 法制审核 → 告知 → 决定 → 执行 → 结案. Each step is one
 * transaction that checks the case is where the step may be taken (packages/domain `stepProblem`), writes the
 * step's statutory record to the append-only full-process record, updates the case's summary row and appends the
 * audit row. The rules a step keeps:
 * - filing names at least two investigators of the register, each with a valid certificate on the day of filing;
 * - evidence is hashed (SM3, SHA-256) as it arrives and can be re-hashed by anyone who may read the case;
 * - the legal review is made by an officer who did not investigate;
 * - a proposed and a decided fine are checked against the configured penalty ranges, and cite their article;
 * - the decision waits for the party's answer period (working days) unless the party answered, and is never
 *   heavier than what was notified;
 * - a fine is executed before the case closes; every step's date is on or after the previous one.
 */
import {
  PENALTY_RULES, STEP_RECORDS, answerClock, fenToYuan, hearingRight, penaltyProblem, statusAfter, stepProblem,
  type CaseSource, type DecisionOutcome, type EnforcementStatus, type EnforcementStep, type EvidenceKind, type ExecutionMethod, type PartyKind, type WorkingCalendar,
  MIN_INVESTIGATORS, inScope, addDays, PENALTY_CREDIT_PUBLIC_DAYS,
} from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { appendAudit } from '../audit/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { discardEvidence, openEvidence, rehash, storeEvidence, evidenceMediaType } from './enforcement.files.ts';
import { insertCredit } from './credit.repository.ts';
import * as repo from './enforcement.repository.ts';
import type { CaseRow, EvidenceRow, StepRow } from './enforcement.repository.ts';
import { RegulationErrors as E } from './regulation.errors.ts';

export type { CaseRow, EvidenceRow, StepRow };

export interface FileCaseInput {
  title: string; regionCode: string; partyKind: PartyKind; enterpriseId?: number | null; partyName?: string | null; source: CaseSource; facts: string;
  investigatorIds: number[]; workId?: number | null; inspectionTaskId?: number | null; approvalCaseId?: number | null; filedOn: string;
}
export interface EvidenceInput { kind: EvidenceKind; title: string; collectedOn: string; fileName: string; data: Buffer }
export type CaseStepInput =
  | { step: 'report'; reportedOn: string; findings: string; proposedOutcome: DecisionOutcome; ruleCode?: string | null; amountFen?: number | null }
  | { step: 'review'; reviewedOn: string; reviewerId: number; opinion: 'approve' | 'return'; text: string }
  | { step: 'notify'; notifiedOn: string; text?: string | null }
  | {
    step: 'decide'; decidedOn: string; decisionNo: string; outcome: DecisionOutcome; ruleCode?: string | null; amountFen?: number | null;
    partyAnswer: 'none' | 'statement' | 'waived' | 'hearing'; partyAnswerText?: string | null;
  }
  | { step: 'execute'; executedOn: string; method: ExecutionMethod; paidFen: number; note?: string | null }
  | { step: 'close'; closedOn: string; summary: string };

export interface CaseDetail {
  case: CaseRow;
  steps: StepRow[];
  evidence: EvidenceRow[];
  /** Names of the investigators and the reviewer, by officer id. */
  officers: Array<{ id: number; name: string; certNo: string }>;
}

export interface EvidenceCheck { evidence: EvidenceRow; ok: boolean; sm3Now: string | null; missing: boolean }

export interface EnforcementDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes'>;
  /** Where evidence files are kept (`<dataDir>/files`). */
  dataDir: string;
  today: () => string;
  /** The working-day calendar as loaded now (built-in years with the office's loaded ones over them). */
  /** The calendar a notice's answer period is counted on, held until the transaction ends (see CalendarService). */
  calendarForNewClock: (tx: Queryable) => Promise<WorkingCalendar>;
}

export interface EnforcementService {
  listCases(actor: Actor, status: EnforcementStatus | null): Promise<CaseRow[]>;
  getCase(actor: Actor, id: number): Promise<CaseDetail>;
  /** 立案: opens a case in `investigating`. */
  fileCase(actor: Actor, ip: string | null, input: FileCaseInput): Promise<CaseDetail>;
  /** Refuses early (before an upload is read) a case that cannot take evidence now. */
  assertTakesEvidence(actor: Actor, id: number): Promise<void>;
  addEvidence(actor: Actor, ip: string | null, id: number, input: EvidenceInput): Promise<CaseDetail>;
  /** One of the steps after filing, with its record. */
  takeStep(actor: Actor, ip: string | null, id: number, input: CaseStepInput): Promise<CaseDetail>;
  /** Re-hashes a stored evidence file and records the check in the case's full-process record. */
  verifyEvidence(actor: Actor, ip: string | null, evidenceId: number): Promise<EvidenceCheck>;
  openEvidenceFile(actor: Actor, evidenceId: number): Promise<{ evidence: EvidenceRow; size: number; stream: () => NodeJS.ReadableStream }>;
  /** Publishes a decided case's decision on the public site (行政处罚决定公开), once. */
  publishDecision(actor: Actor, ip: string | null, id: number): Promise<CaseDetail>;
  /** The published decisions, newest first, for the public site. */
  publicDecisions(limit: number): Promise<CaseRow[]>;
}

const STATUS_ZH: Record<EnforcementStatus, string> = {
  investigating: '调查取证', investigated: '调查终结', reviewed: '法制审核通过', notified: '已告知', decided: '已决定', executed: '已执行', closed: '已结案',
};
const STEP_ZH: Record<EnforcementStep, string> = {
  file: '立案', evidence: '登记证据', report: '提交调查终结报告', review: '法制审核', notify: '告知', decide: '作出决定', execute: '登记执行', close: '结案',
};
const OUTCOME_ZH: Record<DecisionOutcome, string> = { fine: '罚款', warning: '警告', no_penalty: '不予处罚' };
const SEVERITY: Record<DecisionOutcome, number> = { no_penalty: 0, warning: 1, fine: 2 };

/** The date field of each step's input, by name, for the date-order rule and its message. */
const DATE_FIELD = { report: 'reportedOn', review: 'reviewedOn', notify: 'notifiedOn', decide: 'decidedOn', execute: 'executedOn', close: 'closedOn' } as const;

/**
 * A penalty as the law allows it: a fine cites an article and an amount inside its range for the kind of party,
 * a warning cites an article that applies to the party, no penalty cites nothing. Answers what is stored.
 */
export function checkedPenalty(field: string, party: PartyKind, outcome: DecisionOutcome, ruleCode: string | null | undefined, amountFen: number | null | undefined) {
  if (outcome === 'no_penalty') {
    if (ruleCode) throw new AppError(E.REGULATION_PENALTY_RULE, 400, { ruleCode, problem: 'none', field: `${field}.ruleCode` });
    return { outcome, ruleCode: null, amountFen: null, basis: null };
  }
  if (!ruleCode) throw new AppError(E.REGULATION_PENALTY_RULE, 400, { ruleCode: '', problem: 'required', field: `${field}.ruleCode` });
  const rule = PENALTY_RULES.find((r) => r.code === ruleCode);
  if (!rule) throw new AppError(E.REGULATION_PENALTY_RULE, 400, { ruleCode, problem: 'unknown', field: `${field}.ruleCode` });
  if (!rule.ranges[party]) throw new AppError(E.REGULATION_PENALTY_RULE, 400, { ruleCode, problem: 'party', partyKind: party, field: `${field}.ruleCode` });
  if (outcome === 'warning') return { outcome, ruleCode, amountFen: null, basis: rule.basis };
  const amount = amountFen ?? 0;
  const p = penaltyProblem(ruleCode, party, amount);
  if (p?.problem === 'range') {
    throw new AppError(E.REGULATION_PENALTY_OUT_OF_RANGE, 400, {
      field: `${field}.amountFen`, amount: fenToYuan(amount), basis: p.basis, min: fenToYuan(p.minFen), max: fenToYuan(p.maxFen),
    });
  }
  // Schema-checked integers reach here; anything else is a caller's bug, not a user's.
  if (p) throw new Error(`penalty refused: ${JSON.stringify(p)}`);
  return { outcome, ruleCode, amountFen: amount, basis: rule.basis };
}

export function createEnforcementService({ db, regions, dataDir, today, calendarForNewClock }: EnforcementDeps): EnforcementService {

  async function detail(q: Queryable, actor: Actor, id: number): Promise<CaseDetail> {
    const c = await repo.caseById(q, actor.scope, id);
    if (!c) throw new AppError(E.REGULATION_ENFORCEMENT_NOT_FOUND, 404);
    const ids = [...c.investigators, ...(c.reviewerId ? [c.reviewerId] : [])];
    const officers = (await repo.officersIn(q, '', ids)).map((o) => ({ id: o.id, name: o.name, certNo: o.certNo }));
    return { case: c, steps: await repo.stepsOf(q, id), evidence: await repo.evidenceOf(q, id), officers };
  }

  async function lockCase(tx: Queryable, actor: Actor, id: number): Promise<CaseRow> {
    const c = await repo.caseById(tx, actor.scope, id, true);
    if (!c) throw new AppError(E.REGULATION_ENFORCEMENT_NOT_FOUND, 404);
    return c;
  }

  function assertStep(c: CaseRow, step: Exclude<EnforcementStep, 'file'>) {
    const p = stepProblem(c.status as EnforcementStatus, step, c.outcome as DecisionOutcome | null);
    if (!p) return;
    if (p.problem === 'nothing_to_execute') {
      throw new AppError(E.REGULATION_CASE_NOTHING_TO_EXECUTE, 409, { outcome: c.outcome, outcomeZh: OUTCOME_ZH[c.outcome as DecisionOutcome] });
    }
    throw new AppError(E.REGULATION_CASE_STEP_STATE, 409, {
      status: p.status, statusZh: STATUS_ZH[p.status], step, stepZh: STEP_ZH[step], allowed: p.allowed.join(' | '), allowedZh: p.allowed.map((s) => STATUS_ZH[s]).join('、'),
    });
  }

  function assertDateOrder(c: CaseRow, field: string, value: string) {
    if (value < c.lastStepOn) throw new AppError(E.REGULATION_CASE_DATE_ORDER, 400, { field: `body.${field}`, value, previous: c.lastStepOn });
  }

  /** Officers in scope whose certificate is valid on `on`; names the first one that is not. */
  async function validOfficers(q: Queryable, actor: Actor, ids: readonly number[], on: string, problemOf: (p: object) => AppError) {
    const found = new Map((await repo.officersIn(q, actor.scope, ids)).map((o) => [o.id, o]));
    for (const id of ids) {
      const o = found.get(id);
      if (!o) throw problemOf({ problem: 'unknown', id });
      if (o.certExpiresOn < on) throw problemOf({ problem: 'expired', id, expiredOn: o.certExpiresOn });
    }
  }

  async function record(tx: Queryable, actor: Actor, ip: string | null, c: CaseRow, step: EnforcementStep, onDate: string, rec: object, set: repo.CaseUpdate) {
    await repo.insertStep(tx, { caseId: c.id, step, onDate, record: { document: STEP_RECORDS[step].zh, ...rec }, actorId: actor.userId, actor: actor.username });
    await repo.updateCase(tx, c.id, set);
    await appendAudit(tx, auditContextOf(actor, ip), {
      action: `enforcement_case.${step}`, entityType: 'reg_enforcement_case', entityId: c.id, regionCode: c.regionCode,
      before: { status: c.status }, after: { ...set, record: rec },
    });
  }

  return {
    listCases: (actor, status) => repo.listCases(db, actor.scope, status),

    getCase: (actor, id) => detail(db, actor, id),

    async fileCase(actor, ip, input) {
      const id = await db.transaction(async (tx) => {
        if (!inScope(actor.regionCode, input.regionCode)) throw new AppError(E.REGULATION_REGION_OUT_OF_SCOPE, 403, { regionCode: input.regionCode });
        if ((await regions.unknownCodes([input.regionCode], tx)).length > 0) throw new AppError(E.REGULATION_REGION_UNKNOWN, 400, { regionCode: input.regionCode });
        let partyName = input.partyName?.trim() ?? '';
        if (input.partyKind === 'unit') {
          if (input.enterpriseId == null) throw new AppError(E.REGULATION_PARTY_INVALID, 400, { partyKind: 'unit', field: 'body.enterpriseId' });
          const name = await repo.enterpriseName(tx, actor.scope, input.enterpriseId);
          if (name === null) throw new AppError(E.REGULATION_ENTERPRISE_UNKNOWN, 400, { enterpriseId: input.enterpriseId, field: 'body.enterpriseId' });
          partyName = name;
        } else if (input.enterpriseId != null || partyName === '') {
          throw new AppError(E.REGULATION_PARTY_INVALID, 400, { partyKind: 'individual', field: input.enterpriseId != null ? 'body.enterpriseId' : 'body.partyName' });
        }
        const investigators = [...new Set(input.investigatorIds)];
        if (investigators.length < MIN_INVESTIGATORS) throw new AppError(E.REGULATION_INVESTIGATORS_INVALID, 400, { problem: 'count', min: MIN_INVESTIGATORS, field: 'body.investigatorIds' });
        await validOfficers(tx, actor, investigators, input.filedOn, (p) => new AppError(E.REGULATION_INVESTIGATORS_INVALID, 400, { ...p, field: 'body.investigatorIds' }));
        const links = [['workId', 'work'], ['inspectionTaskId', 'reg_inspection_task'], ['approvalCaseId', 'reg_approval_case']] as const;
        for (const [field, table] of links) {
          const linked = input[field];
          if (linked != null && !(await repo.linkExists(tx, table, actor.scope, linked))) throw new AppError(E.REGULATION_LINK_UNKNOWN, 400, { field: `body.${field}`, id: linked });
        }
        const row = {
          title: input.title, regionCode: input.regionCode, partyKind: input.partyKind, enterpriseId: input.enterpriseId ?? null, partyName, source: input.source,
          facts: input.facts, investigators, workId: input.workId ?? null, inspectionTaskId: input.inspectionTaskId ?? null, approvalCaseId: input.approvalCaseId ?? null,
          filedOn: input.filedOn,
        };
        const { id: newId, caseNo } = await repo.insertCase(tx, { ...row, createdBy: actor.userId });
        await repo.insertStep(tx, {
          caseId: newId, step: 'file', onDate: input.filedOn, record: { document: STEP_RECORDS.file.zh, caseNo, ...row }, actorId: actor.userId, actor: actor.username,
        });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'enforcement_case.file', entityType: 'reg_enforcement_case', entityId: newId, regionCode: input.regionCode, after: { caseNo, ...row },
        });
        return newId;
      });
      return detail(db, actor, id);
    },

    async assertTakesEvidence(actor, id) {
      const c = await repo.caseById(db, actor.scope, id);
      if (!c) throw new AppError(E.REGULATION_ENFORCEMENT_NOT_FOUND, 404);
      assertStep(c, 'evidence');
    },

    async addEvidence(actor, ip, id, input) {
      const mediaType = evidenceMediaType(input.fileName);
      // The file is written first (content-addressed by a fresh key) and removed again if the row is not committed.
      const stored = await storeEvidence(dataDir, input.data);
      try {
        await db.transaction(async (tx) => {
          const c = await lockCase(tx, actor, id);
          assertStep(c, 'evidence');
          if (input.collectedOn < c.filedOn) throw new AppError(E.REGULATION_CASE_DATE_ORDER, 400, { field: 'query.collectedOn', value: input.collectedOn, previous: c.filedOn });
          const evidenceId = await repo.insertEvidence(tx, {
            caseId: id, kind: input.kind, title: input.title, collectedOn: input.collectedOn, fileName: input.fileName, mediaType, sizeBytes: stored.sizeBytes,
            sm3: stored.sm3, sha256: stored.sha256, storageKey: stored.storageKey, uploadedBy: actor.userId,
          });
          const rec = { evidenceId, kind: input.kind, title: input.title, fileName: input.fileName, sizeBytes: stored.sizeBytes, sm3: stored.sm3, sha256: stored.sha256 };
          await repo.insertStep(tx, { caseId: id, step: 'evidence', onDate: input.collectedOn, record: { document: STEP_RECORDS.evidence.zh, ...rec }, actorId: actor.userId, actor: actor.username });
          await appendAudit(tx, auditContextOf(actor, ip), {
            action: 'enforcement_case.evidence', entityType: 'reg_enforcement_case', entityId: id, regionCode: c.regionCode, after: rec,
          });
        });
      } catch (err) {
        await discardEvidence(dataDir, stored.storageKey);
        throw err;
      }
      return detail(db, actor, id);
    },

    async takeStep(actor, ip, id, input) {
      await db.transaction(async (tx) => {
        const c = await lockCase(tx, actor, id);
        assertStep(c, input.step);
        const field = DATE_FIELD[input.step];
        const onDate = (input as Record<string, string>)[field]!;
        assertDateOrder(c, field, onDate);
        const party = c.partyKind;
        switch (input.step) {
          case 'report': {
            if (c.evidenceCount === 0) throw new AppError(E.REGULATION_CASE_NO_EVIDENCE, 409);
            const p = checkedPenalty('body', party, input.proposedOutcome, input.ruleCode, input.amountFen);
            await record(tx, actor, ip, c, 'report', onDate, { findings: input.findings, proposed: p }, {
              status: statusAfter('report'), lastStepOn: onDate, proposedOutcome: p.outcome, proposedRule: p.ruleCode, proposedFen: p.amountFen,
            });
            break;
          }
          case 'review': {
            if (c.investigators.includes(input.reviewerId)) throw new AppError(E.REGULATION_REVIEWER_INVALID, 400, { problem: 'investigator', id: input.reviewerId, field: 'body.reviewerId' });
            await validOfficers(tx, actor, [input.reviewerId], onDate, (p) => new AppError(E.REGULATION_REVIEWER_INVALID, 400, { ...p, field: 'body.reviewerId' }));
            const returned = input.opinion === 'return';
            await record(tx, actor, ip, c, 'review', onDate, { reviewerId: input.reviewerId, opinion: input.opinion, text: input.text }, {
              status: statusAfter('review', returned), lastStepOn: onDate, reviewerId: input.reviewerId,
            });
            break;
          }
          case 'notify': {
            const proposedFen = c.proposedFen ?? 0;
            // A period running into a year without holiday data is counted Monday–Friday and marked provisional, never refused.
            const { dueOn: due, provisionalYears } = answerClock(onDate, party, proposedFen, await calendarForNewClock(tx));
            const right = c.proposedOutcome === 'fine' && hearingRight(party, proposedFen);
            await record(tx, actor, ip, c, 'notify', onDate, {
              proposed: { outcome: c.proposedOutcome, ruleCode: c.proposedRule, amountFen: c.proposedFen }, answerDueOn: due, calendarProvisionalYears: provisionalYears,
              hearingRight: right, text: input.text ?? null,
            }, { status: statusAfter('notify'), lastStepOn: onDate, notifiedOn: onDate, answerDueOn: due, calendarProvisionalYears: provisionalYears, hearingRight: right });
            break;
          }
          case 'decide': {
            if (input.partyAnswer === 'none' && onDate <= c.answerDueOn!) {
              throw new AppError(E.REGULATION_CASE_ANSWER_PENDING, 409, { decidedOn: onDate, answerDueOn: c.answerDueOn, hearingRight: c.hearingRight, field: 'body.partyAnswer' });
            }
            const p = checkedPenalty('body', party, input.outcome, input.ruleCode, input.amountFen);
            const notified = c.proposedOutcome as DecisionOutcome;
            const notifiedText = notified === 'fine' ? `${OUTCOME_ZH.fine} ${fenToYuan(c.proposedFen ?? 0)} 元` : OUTCOME_ZH[notified];
            if (SEVERITY[p.outcome] > SEVERITY[notified]) throw new AppError(E.REGULATION_CASE_HEAVIER_THAN_NOTICE, 409, { field: 'body.outcome', notified: notifiedText });
            if (p.outcome === 'fine' && notified === 'fine' && p.amountFen! > (c.proposedFen ?? 0)) {
              throw new AppError(E.REGULATION_CASE_HEAVIER_THAN_NOTICE, 409, { field: 'body.amountFen', notified: notifiedText });
            }
            // A penalty on a unit goes on its credit record in the same transaction (公示 for the period of the rule).
            if (p.outcome !== 'no_penalty' && c.enterpriseId !== null) {
              await insertCredit(tx, c.enterpriseId, {
                kind: 'bad', reason: `行政处罚 ${input.decisionNo}：${OUTCOME_ZH[p.outcome]}${p.amountFen ? ` ${fenToYuan(p.amountFen)} 元` : ''}（${p.basis}）`,
                source: 'enforcement_case', caseId: c.id, recordedOn: onDate, publicUntil: addDays(onDate, PENALTY_CREDIT_PUBLIC_DAYS), createdBy: actor.userId,
              });
            }
            await record(tx, actor, ip, c, 'decide', onDate, {
              decisionNo: input.decisionNo, outcome: p.outcome, ruleCode: p.ruleCode, basis: p.basis, amountFen: p.amountFen,
              partyAnswer: input.partyAnswer, partyAnswerText: input.partyAnswerText ?? null,
            }, {
              status: statusAfter('decide'), lastStepOn: onDate, decisionNo: input.decisionNo, outcome: p.outcome, ruleCode: p.ruleCode, amountFen: p.amountFen, decidedOn: onDate,
            });
            break;
          }
          case 'execute': {
            if (input.method === 'paid' && input.paidFen !== c.amountFen) {
              throw new AppError(E.REGULATION_CASE_PAID_MISMATCH, 400, { paidFen: input.paidFen, amountFen: c.amountFen, field: 'body.paidFen' });
            }
            if (input.paidFen > (c.amountFen ?? 0)) throw new AppError(E.REGULATION_CASE_PAID_MISMATCH, 400, { paidFen: input.paidFen, amountFen: c.amountFen, field: 'body.paidFen' });
            await record(tx, actor, ip, c, 'execute', onDate, { method: input.method, paidFen: input.paidFen, note: input.note ?? null }, {
              status: statusAfter('execute'), lastStepOn: onDate, executedOn: onDate, paidFen: input.paidFen,
            });
            break;
          }
          case 'close': {
            await record(tx, actor, ip, c, 'close', onDate, { summary: input.summary }, { status: statusAfter('close'), lastStepOn: onDate, closedOn: onDate });
            break;
          }
        }
      });
      return detail(db, actor, id);
    },

    async verifyEvidence(actor, ip, evidenceId) {
      const ev = await repo.evidenceById(db, actor.scope, evidenceId);
      if (!ev) throw new AppError(E.REGULATION_EVIDENCE_NOT_FOUND, 404);
      const now = await rehash(dataDir, ev.storageKey);
      const ok = now !== null && now.sm3 === ev.sm3 && now.sha256 === ev.sha256;
      const rec = { evidenceId, sm3Registered: ev.sm3, sm3Now: now?.sm3 ?? null, missing: now === null, ok };
      await db.transaction(async (tx) => {
        await repo.insertStep(tx, { caseId: ev.caseId, step: 'evidence_check', onDate: today(), record: rec, actorId: actor.userId, actor: actor.username });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'enforcement_case.evidence_check', entityType: 'reg_enforcement_case', entityId: ev.caseId, regionCode: ev.regionCode, after: rec,
        });
      });
      return { evidence: ev, ok, sm3Now: now?.sm3 ?? null, missing: now === null };
    },

    async publishDecision(actor, ip, id) {
      await db.transaction(async (tx) => {
        const c = await repo.caseById(tx, actor.scope, id, true);
        if (!c) throw new AppError(E.REGULATION_ENFORCEMENT_NOT_FOUND, 404);
        if (c.decidedOn === null) throw new AppError(E.REGULATION_CASE_NOT_DECIDED, 409, { status: STATUS_ZH[c.status as EnforcementStatus] ?? c.status });
        if (c.publishedAt !== null) throw new AppError(E.REGULATION_CASE_PUBLISHED, 409, { publishedAt: c.publishedAt.toISOString() });
        await repo.markDecisionPublished(tx, id, actor.userId);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'enforcement_case.publish', entityType: 'reg_enforcement_case', entityId: id, regionCode: c.regionCode,
          before: { publishedAt: null }, after: { published: true, decisionNo: c.decisionNo, outcome: c.outcome, amountFen: c.amountFen },
        });
      });
      return detail(db, actor, id);
    },

    publicDecisions: (limit) => repo.publishedDecisions(db, limit),

    async openEvidenceFile(actor, evidenceId) {
      const ev = await repo.evidenceById(db, actor.scope, evidenceId);
      if (!ev) throw new AppError(E.REGULATION_EVIDENCE_NOT_FOUND, 404);
      const file = await openEvidence(dataDir, ev.storageKey);
      if (!file) throw new AppError(E.REGULATION_EVIDENCE_NOT_FOUND, 404);
      return { evidence: ev, ...file };
    },
  };
}
