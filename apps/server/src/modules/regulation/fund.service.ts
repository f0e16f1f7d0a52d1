/**
 * The maintenance fund (人防工程维护管理基金): income and spending entries in integer 分, each written in one
 * transaction with its audit row; the category decides the direction (FUND_CATEGORIES in packages/domain), and the
 * totals by year and county are sums of the entries (`fundTotals`), never a stored running figure.
 */
import { FUND_CATEGORIES, fundTotals, inScope, type FundCategory, type FundTotals } from '@civdef/domain';
import type { Database } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { appendAudit } from '../audit/index.ts';
import type { RegionsService } from '../regions/index.ts';
import * as repo from './fund.repository.ts';
import type { FundEntryRow } from './fund.repository.ts';
import { RegulationErrors as E } from './regulation.errors.ts';

export type { FundEntryRow };
export type { FundTotals };

export interface FundEntryInput {
  regionCode: string; category: FundCategory; amountFen: number; onDate: string; counterparty: string; basis: string; reference?: string | null; workId?: number | null;
}

export interface FundService {
  /** The fund's entries in scope (one year or all) with their totals by year and county. */
  fundLedger(actor: Actor, year: number | null): Promise<{ entries: FundEntryRow[]; totals: FundTotals[] }>;
  bookFundEntry(actor: Actor, ip: string | null, input: FundEntryInput): Promise<FundEntryRow>;
}

export function createFundService({ db, regions }: { db: Database; regions: Pick<RegionsService, 'unknownCodes'> }): FundService {
  return {
    async fundLedger(actor, year) {
      const entries = await repo.listFund(db, actor.scope, year);
      return { entries, totals: fundTotals(entries.map((e) => ({ category: e.category as FundCategory, amountFen: e.amountFen, onDate: e.onDate, regionCode: e.regionCode }))) };
    },

    async bookFundEntry(actor, ip, input) {
      const id = await db.transaction(async (tx) => {
        if (!inScope(actor.regionCode, input.regionCode)) throw new AppError(E.REGULATION_REGION_OUT_OF_SCOPE, 403, { regionCode: input.regionCode });
        if ((await regions.unknownCodes([input.regionCode], tx)).length > 0) throw new AppError(E.REGULATION_REGION_UNKNOWN, 400, { regionCode: input.regionCode });
        if (input.workId != null && !(await repo.workInScope(tx, actor.scope, input.workId))) {
          throw new AppError(E.REGULATION_WORK_UNKNOWN, 400, { workId: input.workId, field: 'body.workId' });
        }
        const entry = {
          regionCode: input.regionCode, category: input.category, direction: FUND_CATEGORIES[input.category].direction, amountFen: input.amountFen, onDate: input.onDate,
          counterparty: input.counterparty.trim(), basis: input.basis.trim(), reference: input.reference?.trim() || null, workId: input.workId ?? null,
        };
        const newId = await repo.insertFundEntry(tx, { ...entry, createdBy: actor.userId });
        await appendAudit(tx, auditContextOf(actor, ip), { action: `fund.${entry.direction}`, entityType: 'reg_fund_entry', entityId: newId, regionCode: input.regionCode, after: entry });
        return newId;
      });
      return (await repo.fundEntryById(db, actor.scope, id))!;
    },
  };
}
