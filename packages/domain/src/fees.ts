/**
 * The fees ledger (人防收费台账): an assessment (应收) per case, and entries against it — payments (实收), reductions
 * (下浮 / 减免, each with its basis), refunds (退费) and 追缴 notices with their deadline. Money is integer 分 throughout;
 * the balance is a sum of entries, never a stored running figure, so the ledger can be re-added by anyone.
 */

export const FEE_KINDS = ['relocation_fee', 'other'] as const;
export type FeeKind = (typeof FEE_KINDS)[number];

export const FEE_ENTRY_KINDS = ['payment', 'reduction', 'refund', 'arrears_notice'] as const;
export type FeeEntryKind = (typeof FEE_ENTRY_KINDS)[number];

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
