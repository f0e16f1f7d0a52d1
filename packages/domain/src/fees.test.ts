import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feeBalance, feeEntryProblem, fundTotals, yuanToFen, type FeeEntryKind } from './fees.ts';

describe('fees ledger', () => {
  it('reduces, pays, refunds and notices within what is owed', () => {
    const due = 24_000_000; // 240,000 元
    let entries: Array<{ kind: FeeEntryKind; amountFen: number }> = [];
    const book = (kind: FeeEntryKind, amountFen: number) => {
      const p = feeEntryProblem(feeBalance(due, entries), { kind, amountFen });
      if (!p) entries = [...entries, { kind, amountFen }];
      return p;
    };
    expect(book('reduction', 12_000_000)).toBeNull(); // 下浮 50 %
    expect(book('payment', 12_000_001)).toEqual({ problem: 'overpayment', maxFen: 12_000_000 });
    expect(book('arrears_notice', 11_000_000)).toMatchObject({ problem: 'overpayment' });
    expect(book('arrears_notice', 12_000_000)).toBeNull();
    expect(book('payment', 12_000_000)).toBeNull();
    expect(book('arrears_notice', 1)).toEqual({ problem: 'nothing_owed' });
    // A further reduction granted after payment: the payer is owed a refund of exactly that.
    expect(book('reduction', 2_000_000)).toBeNull();
    expect(book('refund', 2_000_001)).toEqual({ problem: 'refund', maxFen: 2_000_000 });
    expect(book('refund', 2_000_000)).toBeNull();
    expect(feeBalance(due, entries)).toEqual({ dueFen: due, reducedFen: 14_000_000, paidFen: 12_000_000, refundedFen: 2_000_000, outstandingFen: 0 });
    expect(book('reduction', 10_000_001)).toEqual({ problem: 'over_reduction', maxFen: 10_000_000 });
    expect(book('payment', 0)).toEqual({ problem: 'amount' });
  });

  it('never reduces below zero, refunds money not paid, or owes more than assessed, whatever is booked (property)', () => {
    const entry = fc.record({ kind: fc.constantFrom<FeeEntryKind>('payment', 'reduction', 'refund'), amountFen: fc.integer({ min: 1, max: 1_000_000 }) });
    fc.assert(fc.property(fc.integer({ min: 0, max: 2_000_000 }), fc.array(entry, { maxLength: 30 }), (due, tries) => {
      const booked: typeof tries = [];
      for (const e of tries) if (!feeEntryProblem(feeBalance(due, booked), e)) booked.push(e);
      const b = feeBalance(due, booked);
      return b.reducedFen <= due && b.refundedFen <= b.paidFen && b.outstandingFen <= due;
    }));
  });

  it('reads 元 as typed into 分 without floating point', () => {
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('1234.56')).toBe(123_456);
    expect(yuanToFen('20000000')).toBe(2_000_000_000);
    expect(yuanToFen('1.005')).toBeNull();
    expect(yuanToFen('-1')).toBeNull();
  });
});

describe('maintenance fund totals', () => {
  it('sums income and spending by year and county in whole 分, newest year first', () => {
    expect(fundTotals([
      { category: 'fee_share', amountFen: 1_000_000_01, onDate: '2026-03-01', regionCode: '320602001' },
      { category: 'repair', amountFen: 250_000_00, onDate: '2026-05-01', regionCode: '320602003' },
      { category: 'maintenance', amountFen: 1, onDate: '2026-06-01', regionCode: '320602' },
      { category: 'budget', amountFen: 500_00, onDate: '2025-12-31', regionCode: '320612' },
      { category: 'peacetime_income', amountFen: 7, onDate: '2026-01-01', regionCode: '320612001' },
    ])).toEqual([
      { year: 2026, countyCode: '320602', entries: 3, incomeFen: 1_000_000_01, spendingFen: 250_000_01, balanceFen: 750_000_00 },
      { year: 2026, countyCode: '320612', entries: 1, incomeFen: 7, spendingFen: 0, balanceFen: 7 },
      { year: 2025, countyCode: '320612', entries: 1, incomeFen: 500_00, spendingFen: 0, balanceFen: 500_00 },
    ]);
  });
});
