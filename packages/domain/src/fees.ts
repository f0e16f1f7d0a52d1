/**
 * The fees ledger (人防收费台账): an assessment (应收) per case, and entries against it — payments (实收), reductions
 * (下浮 / 减免, each with its basis), refunds (退费) and 追缴 notices with their deadline. Money is integer 分 throughout;
 * the balance is a sum of entries, never a stored running figure, so the ledger can be re-added by anyone.
 */

export const FEE_KINDS = ['relocation_fee', 'other'] as const;
export type FeeKind = (typeof FEE_KINDS)[number];

export const FEE_ENTRY_KINDS = ['payment', 'reduction', 'refund', 'arrears_notice'] as const;
export type FeeEntryKind = (typeof FEE_ENTRY_KINDS)[number];

/**
 * The maintenance fund (人防工程维护管理基金): what comes in and what goes out, by category. Not tied to an
 * assessment: income is booked as received (a share of collected fees, peacetime-use income, budget), spending as
 * paid (upkeep, repairs, equipment); the fund's balance per year and area is income − spending.
 */
export const FUND_CATEGORIES = {
  fee_share: { direction: 'income', zh: '易地建设费划转', en: 'Share of relocation fees' },
  peacetime_income: { direction: 'income', zh: '平时使用收益', en: 'Peacetime-use income' },
  budget: { direction: 'income', zh: '财政拨款', en: 'Budget allocation' },
  other_income: { direction: 'income', zh: '其他收入', en: 'Other income' },
  maintenance: { direction: 'spending', zh: '日常维护', en: 'Routine maintenance' },
  repair: { direction: 'spending', zh: '维修改造', en: 'Repairs and alterations' },
  equipment: { direction: 'spending', zh: '防护设备更新', en: 'Protective equipment' },
  other_spending: { direction: 'spending', zh: '其他支出', en: 'Other spending' },
} as const satisfies Record<string, { direction: 'income' | 'spending'; zh: string; en: string }>;
export type FundCategory = keyof typeof FUND_CATEGORIES;
export const FUND_CATEGORY_CODES = Object.keys(FUND_CATEGORIES) as FundCategory[];

export interface FundTotals { year: number; countyCode: string; entries: number; incomeFen: number; spendingFen: number; balanceFen: number }

/** Fund totals by year and county (first six digits of the region code), newest year first; sums of integer 分. */
export function fundTotals(entries: ReadonlyArray<{ category: FundCategory; amountFen: number; onDate: string; regionCode: string }>): FundTotals[] {
  const by = new Map<string, FundTotals>();
  for (const e of entries) {
    const year = Number(e.onDate.slice(0, 4));
    const countyCode = e.regionCode.slice(0, 6);
    const key = `${year}|${countyCode}`;
    const t = by.get(key) ?? { year, countyCode, entries: 0, incomeFen: 0, spendingFen: 0, balanceFen: 0 };
    t.entries += 1;
    if (FUND_CATEGORIES[e.category].direction === 'income') t.incomeFen += e.amountFen;
    else t.spendingFen += e.amountFen;
    t.balanceFen = t.incomeFen - t.spendingFen;
    by.set(key, t);
  }
  return [...by.values()].sort((a, b) => b.year - a.year || (a.countyCode < b.countyCode ? -1 : a.countyCode > b.countyCode ? 1 : 0));
}

export interface FeeBalance {
  dueFen: number;
  reducedFen: number;
  paidFen: number;
  refundedFen: number;
  /** What the payer still owes: due − reduced − (paid − refunded); negative when overpaid. */
  outstandingFen: number;
}

/** The balance of an assessment of `dueFen` after `entries` (notices move no money). */
export function feeBalance(dueFen: number, entries: ReadonlyArray<{ kind: FeeEntryKind; amountFen: number }>): FeeBalance {
  const sum = (k: FeeEntryKind) => entries.filter((e) => e.kind === k).reduce((a, e) => a + e.amountFen, 0);
  const reducedFen = sum('reduction');
  const paidFen = sum('payment');
  const refundedFen = sum('refund');
  return { dueFen, reducedFen, paidFen, refundedFen, outstandingFen: dueFen - reducedFen - (paidFen - refundedFen) };
}

export type FeeEntryProblem =
  | { problem: 'amount' }
  | { problem: 'over_reduction'; maxFen: number }
  | { problem: 'overpayment'; maxFen: number }
  | { problem: 'refund'; maxFen: number }
  | { problem: 'nothing_owed' };

/**
 * Why `entry` cannot be booked on an assessment standing at `balance`, or null: a reduction never takes the fee
 * below zero; a payment never exceeds what is owed; a refund returns only what was paid beyond what is owed (after
 * a reduction granted late, say); a 追缴 notice needs something owed. Amounts are positive integer 分 (a notice's is
 * the amount it demands, which must be what is owed).
 */
export function feeEntryProblem(balance: FeeBalance, entry: { kind: FeeEntryKind; amountFen: number }): FeeEntryProblem | null {
  if (!Number.isSafeInteger(entry.amountFen) || entry.amountFen <= 0) return { problem: 'amount' };
  const owed = balance.outstandingFen;
  switch (entry.kind) {
    case 'reduction': {
      const maxFen = balance.dueFen - balance.reducedFen;
      return entry.amountFen > maxFen ? { problem: 'over_reduction', maxFen } : null;
    }
    case 'payment':
      return entry.amountFen > owed ? { problem: 'overpayment', maxFen: Math.max(0, owed) } : null;
    case 'refund':
      return entry.amountFen > -owed ? { problem: 'refund', maxFen: Math.max(0, -owed) } : null;
    case 'arrears_notice':
      if (owed <= 0) return { problem: 'nothing_owed' };
      return entry.amountFen !== owed ? { problem: 'overpayment', maxFen: owed } : null;
  }
}

/** 元 (as typed, up to two decimals) to integer 分 without floating-point drift: '1234.5' → 123450; null if not money. */
export function yuanToFen(yuan: string): number | null {
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(yuan.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** A fee share (下浮 50 %, 减免 100 %) of `dueFen`, rounded to the nearest 分 (half up). */
export function shareOfFen(dueFen: number, share: number): number {
  return Math.round(dueFen * share);
}
