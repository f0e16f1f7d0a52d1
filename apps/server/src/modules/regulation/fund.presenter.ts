/** Row → API shape for the maintenance fund: fields copied by name. */
import { iso } from '../../lib/schemas.ts';
import type { FundEntryRow, FundTotals } from './fund.service.ts';
import type { FundEntryView, FundTotalsView } from './fund.schemas.ts';

export function presentFundEntry(e: FundEntryRow): FundEntryView {
  return {
    id: e.id, regionCode: e.regionCode, category: e.category, direction: e.direction, amountFen: e.amountFen, onDate: e.onDate, counterparty: e.counterparty,
    basis: e.basis, reference: e.reference, workId: e.workId, workCode: e.workCode, createdBy: e.createdBy, createdAt: iso(e.createdAt)!,
  };
}

export function presentFundTotals(t: FundTotals): FundTotalsView {
  return { year: t.year, countyCode: t.countyCode, entries: t.entries, incomeFen: t.incomeFen, spendingFen: t.spendingFen, balanceFen: t.balanceFen };
}
