/**
 * The fees ledger: assessments (应收) and the entries booked against them, each entry in one transaction with its
 * audit row after `feeEntryProblem` (packages/domain) has checked it against the balance. A 易地建设费 can be
 * computed from the planning rules (`ruleInForce`, `offsiteFee`): the rule, its rate and the reckoning are kept with
 * the assessment; without a local rate, or for other charges, the amount is entered with its basis. A reduction may
 * name one of the rule's reductions (下浮 / 减免), whose share and basis it then takes.
 */
import {
  feeBalance, feeEntryProblem, fenToYuan, inScope, offsiteFee, ruleInForce, shareOfFen, type BuildingRule, type FeeBalance, type FeeEntryKind, type FeeKind,
} from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { appendAudit } from '../audit/index.ts';
import type { RegionsService } from '../regions/index.ts';
import * as repo from './fees.repository.ts';
import type { AssessmentRow, EntryRow } from './fees.repository.ts';
import { enterpriseName } from './enforcement.repository.ts';
import { RegulationErrors as E } from './regulation.errors.ts';

export type { AssessmentRow, EntryRow };

export interface AssessInput {
  kind: FeeKind; title: string; regionCode: string; approvalCaseId?: number | null; enterpriseId?: number | null; payerName?: string | null;
  assessedOn: string; dueOn: string;
  /** Compute a 易地建设费 from the planning rule in force: the m² not built. */
  shortfallM2?: number | null;
  /** Or enter the amount with its basis. */
  dueFen?: number | null; basis?: string | null;
}
export interface EntryInput {
  kind: FeeEntryKind; onDate: string; amountFen?: number | null; reductionCode?: string | null; basis?: string | null; reference?: string | null; deadline?: string | null;
}
export type Assessment = AssessmentRow & { balance: FeeBalance; inArrears: boolean };
export interface AssessmentDetail { assessment: Assessment; entries: EntryRow[] }
export interface FeeTotals {
  year: number; countyCode: string; assessments: number; reductions: number; inArrears: number;
  dueFen: number; reducedFen: number; paidFen: number; refundedFen: number; outstandingFen: number;
}

export interface FeesDeps {
  db: Database; regions: Pick<RegionsService, 'unknownCodes'>; today: () => string;
  /** The rule in force for a region on a date, read in the caller's transaction (the zoning module's stored table). */
  buildingRules?: { ruleAt(q: Queryable, regionCode: string, date: string): Promise<BuildingRule | null> };
}

export interface FeesService {
  listFees(actor: Actor, year: number | null): Promise<Assessment[]>;
  getFee(actor: Actor, id: number): Promise<AssessmentDetail>;
  assessFee(actor: Actor, ip: string | null, input: AssessInput): Promise<AssessmentDetail>;
  bookFeeEntry(actor: Actor, ip: string | null, id: number, input: EntryInput): Promise<AssessmentDetail>;
  /** Totals by year and county (the first six digits of the region code). */
  feeTotals(actor: Actor, year: number | null): Promise<FeeTotals[]>;
  /** Every assessment in scope with its entries, for the XLSX export. */
  feeLedger(actor: Actor, year: number | null): Promise<{ assessments: Assessment[]; entries: EntryRow[]; totals: FeeTotals[] }>;
}

export function totalsOf(list: readonly Assessment[]): FeeTotals[] {
  const by = new Map<string, FeeTotals>();
  for (const a of list) {
    const year = Number(a.assessedOn.slice(0, 4));
    const countyCode = a.regionCode.slice(0, 6);
    const key = `${year}|${countyCode}`;
    const t = by.get(key) ?? { year, countyCode, assessments: 0, reductions: 0, inArrears: 0, dueFen: 0, reducedFen: 0, paidFen: 0, refundedFen: 0, outstandingFen: 0 };
    t.assessments += 1;
    t.reductions += a.reductionCount;
    t.inArrears += a.inArrears ? 1 : 0;
    t.dueFen += a.balance.dueFen;
    t.reducedFen += a.balance.reducedFen;
    t.paidFen += a.balance.paidFen;
    t.refundedFen += a.balance.refundedFen;
    t.outstandingFen += a.balance.outstandingFen;
    by.set(key, t);
  }
  return [...by.values()].sort((a, b) => b.year - a.year || a.countyCode.localeCompare(b.countyCode));
}

export function createFeesService({ db, regions, today, buildingRules }: FeesDeps): FeesService {
  const ruleAt = (q: Queryable, regionCode: string, date: string) => (buildingRules ? buildingRules.ruleAt(q, regionCode, date) : Promise.resolve(ruleInForce(regionCode, date)));

  const withBalance = (row: AssessmentRow): Assessment => {
    const balance: FeeBalance = {
      dueFen: row.dueFen, reducedFen: row.reducedFen, paidFen: row.paidFen, refundedFen: row.refundedFen,
      outstandingFen: row.dueFen - row.reducedFen - (row.paidFen - row.refundedFen),
    };
    return { ...row, balance, inArrears: balance.outstandingFen > 0 && row.dueOn < today() };
  };

  async function detail(actor: Actor, id: number): Promise<AssessmentDetail> {
    const row = await repo.assessmentById(db, actor.scope, id);
    if (!row) throw new AppError(E.REGULATION_FEE_NOT_FOUND, 404);
    return { assessment: withBalance(row), entries: await repo.entriesOf(db, [id]) };
  }

  return {
    listFees: async (actor, year) => (await repo.listAssessments(db, actor.scope, year)).map(withBalance),

    getFee: (actor, id) => detail(actor, id),

    async assessFee(actor, ip, input) {
      const id = await db.transaction(async (tx) => {
        if (!inScope(actor.regionCode, input.regionCode)) throw new AppError(E.REGULATION_REGION_OUT_OF_SCOPE, 403, { regionCode: input.regionCode });
        if ((await regions.unknownCodes([input.regionCode], tx)).length > 0) throw new AppError(E.REGULATION_REGION_UNKNOWN, 400, { regionCode: input.regionCode });
        if (input.dueOn < input.assessedOn) throw new AppError(E.REGULATION_FEE_DATE, 400, { field: 'body.dueOn', value: input.dueOn, before: input.assessedOn });
        if (input.approvalCaseId != null && !(await repo.approvalInScope(tx, actor.scope, input.approvalCaseId))) {
          throw new AppError(E.REGULATION_LINK_UNKNOWN, 400, { field: 'body.approvalCaseId', id: input.approvalCaseId });
        }
        let payerName = input.payerName?.trim() ?? '';
        if (input.enterpriseId != null) {
          const name = await enterpriseName(tx, actor.scope, input.enterpriseId);
          if (name === null) throw new AppError(E.REGULATION_ENTERPRISE_UNKNOWN, 400, { enterpriseId: input.enterpriseId, field: 'body.enterpriseId' });
          payerName = name;
        }
        if (!payerName) throw new AppError(E.REGULATION_FEE_PAYER, 400, { field: 'body.payerName' });
        let dueFen: number;
        let basis: string;
        let computation: object | null = null;
        if (input.shortfallM2 != null) {
          if (input.kind !== 'relocation_fee') throw new AppError(E.REGULATION_FEE_COMPUTE, 400, { problem: 'kind', field: 'body.shortfallM2' });
          const rule = await ruleAt(tx, input.regionCode, input.assessedOn);
          if (!rule || rule.feeYuanPerM2 === null) throw new AppError(E.REGULATION_FEE_COMPUTE, 400, { problem: 'no_rate', regionCode: input.regionCode, date: input.assessedOn, field: 'body.shortfallM2' });
          const fee = offsiteFee(input.shortfallM2, rule, []);
          dueFen = fee.grossFen;
          basis = `${rule.feeBasis ?? ''}；${rule.basis}`;
          computation = { ruleId: rule.id, ruleRegionCode: rule.regionCode, ruleFrom: rule.from, date: input.assessedOn, shortfallM2: fee.shortfallM2, rateYuanPerM2: fee.rateYuanPerM2, grossYuan: fee.grossYuan };
        } else {
          if (input.dueFen == null || !input.basis?.trim()) throw new AppError(E.REGULATION_FEE_COMPUTE, 400, { problem: 'manual', field: input.dueFen == null ? 'body.dueFen' : 'body.basis' });
          dueFen = input.dueFen;
          basis = input.basis.trim();
        }
        const row = {
          regionCode: input.regionCode, kind: input.kind, title: input.title, approvalCaseId: input.approvalCaseId ?? null, enterpriseId: input.enterpriseId ?? null,
          payerName, dueFen, basis, computation, assessedOn: input.assessedOn, dueOn: input.dueOn,
        };
        const newId = await repo.insertAssessment(tx, { ...row, createdBy: actor.userId });
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'fee.assess', entityType: 'reg_fee_assessment', entityId: newId, regionCode: input.regionCode, after: row });
        return newId;
      });
      return detail(actor, id);
    },

    async bookFeeEntry(actor, ip, id, input) {
      await db.transaction(async (tx) => {
        const row = await repo.assessmentById(tx, actor.scope, id, true);
        if (!row) throw new AppError(E.REGULATION_FEE_NOT_FOUND, 404);
        if (input.onDate < row.assessedOn) throw new AppError(E.REGULATION_FEE_DATE, 400, { field: 'body.onDate', value: input.onDate, before: row.assessedOn });
        const booked = await repo.entriesOf(tx, [id]);
        const balance = feeBalance(row.dueFen, booked);
        let amountFen = input.amountFen ?? null;
        let basis = input.basis?.trim() || null;
        if (input.reductionCode) {
          const rule = await ruleAt(tx, row.regionCode, row.assessedOn);
          const reduction = input.kind === 'reduction' ? rule?.reductions.find((r) => r.code === input.reductionCode) : undefined;
          if (!reduction) throw new AppError(E.REGULATION_FEE_REDUCTION_UNKNOWN, 400, { code: input.reductionCode, field: 'body.reductionCode' });
          amountFen = shareOfFen(row.dueFen, reduction.share);
          basis = `${reduction.zh}：${reduction.basis}`;
        }
        if (input.kind === 'arrears_notice') {
          amountFen ??= balance.outstandingFen;
          if (!input.deadline || input.deadline <= input.onDate) throw new AppError(E.REGULATION_FEE_DATE, 400, { field: 'body.deadline', value: input.deadline ?? '', before: input.onDate });
        }
        if ((input.kind === 'reduction' || input.kind === 'refund') && !basis) throw new AppError(E.REGULATION_FEE_BASIS_REQUIRED, 400, { kind: input.kind, field: 'body.basis' });
        if (amountFen === null) throw new AppError(E.REGULATION_FEE_AMOUNT, 400, { problem: 'amount', field: 'body.amountFen' });
        const p = feeEntryProblem(balance, { kind: input.kind, amountFen });
        if (p) {
          throw new AppError(E.REGULATION_FEE_AMOUNT, p.problem === 'nothing_owed' ? 409 : 400, {
            problem: p.problem, field: 'body.amountFen', amount: fenToYuan(amountFen), max: 'maxFen' in p ? fenToYuan(p.maxFen) : '',
          });
        }
        const entry = { assessmentId: id, kind: input.kind, amountFen, onDate: input.onDate, basis, reference: input.reference?.trim() || null, deadline: input.kind === 'arrears_notice' ? input.deadline! : null };
        const entryId = await repo.insertEntry(tx, { ...entry, createdBy: actor.userId });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: `fee.${input.kind}`, entityType: 'reg_fee_assessment', entityId: id, regionCode: row.regionCode,
          before: balance, after: { entryId, ...entry, balance: feeBalance(row.dueFen, [...booked, { kind: input.kind, amountFen }]) },
        });
      });
      return detail(actor, id);
    },

    async feeTotals(actor, year) {
      return totalsOf((await repo.listAssessments(db, actor.scope, year)).map(withBalance));
    },

    async feeLedger(actor, year) {
      const assessments = (await repo.listAssessments(db, actor.scope, year)).map(withBalance);
      return { assessments, entries: await repo.entriesOf(db, assessments.map((a) => a.id)), totals: totalsOf(assessments) };
    },
  };
}
