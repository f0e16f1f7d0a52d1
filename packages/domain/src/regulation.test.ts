import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HOLIDAY_CALENDAR, holidayYearProblem, mergeHolidayYears, workingClock, addDays, approvalClockState, approvalDecisionProblem, USCC_ALPHABET, fenToYuan, isIsoDate, penaltyProblem, usccCheckChar, usccProblem, workingCalendar,
} from './regulation.ts';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts published codes and names what is wrong with bad ones', () => {
    // The worked example of the standard's explanatory material, and a code from a published licence.
    expect(usccProblem('91350100M000100Y43')).toBeNull();
    expect(usccProblem('91110000600037341L')).toBeNull();
    expect(usccProblem('91350100M000100Y44')).toBe('checksum');
    expect(usccProblem('91350100M000100Y4')).toBe('length');
    expect(usccProblem('91350100M000100YI3')).toBe('character');
    expect(usccProblem('91350100m000100Y43')).toBe('character');
    expect(usccProblem('91A50100M000100Y43')).toBe('region');
  });

  const body = fc.array(fc.constantFrom(...USCC_ALPHABET), { minLength: 9, maxLength: 9 })
    .chain((org) => fc.tuple(fc.constantFrom(...USCC_ALPHABET), fc.constantFrom(...USCC_ALPHABET), fc.stringMatching(/^\d{6}$/), fc.constant(org.join(''))))
    .map(([a, b, region, org]) => `${a}${b}${region}${org}`);

  it('a code completed with its check character is valid (property)', () => {
    fc.assert(fc.property(body, (first17) => usccProblem(first17 + usccCheckChar(first17)!) === null));
  });

  it('detects every change of one character (property: the weights are units mod 31)', () => {
    fc.assert(fc.property(body, fc.nat(16), fc.nat(29), (first17, pos, shift) => {
      const code = first17 + usccCheckChar(first17)!;
      const old = USCC_ALPHABET.indexOf(code[pos]!);
      const changed = code.slice(0, pos) + USCC_ALPHABET[(old + shift + 1) % 31] + code.slice(pos + 1);
      // A change in positions 3–8 to a letter is caught as 'region' before the checksum; either way it is refused.
      return usccProblem(changed) !== null;
    }));
  });
});

describe('working-day calendar', () => {
  const cal = workingCalendar();

  it('knows the 2025 and 2026 holidays and 调休 weekends', () => {
    expect(cal.isWorkingDay('2025-01-28')).toBe(false); // 除夕, a Tuesday
    expect(cal.isWorkingDay('2025-01-26')).toBe(true); // Sunday worked for 春节
    expect(cal.isWorkingDay('2025-10-08')).toBe(false);
    expect(cal.isWorkingDay('2025-10-11')).toBe(true); // Saturday worked
    expect(cal.isWorkingDay('2026-01-02')).toBe(false); // Friday of 元旦
    expect(cal.isWorkingDay('2026-01-04')).toBe(true); // Sunday worked
    expect(cal.isWorkingDay('2026-02-23')).toBe(false); // Monday, last day of 春节
    expect(cal.isWorkingDay('2026-02-28')).toBe(true);
    expect(cal.isWorkingDay('2026-06-19')).toBe(false); // 端午, a Friday
    expect(cal.isWorkingDay('2026-12-05')).toBe(false); // an ordinary Saturday
    expect(cal.isWorkingDay('2026-12-04')).toBe(true);
  });

  it('every listed holiday is off and every 调休 day is a weekend', () => {
    for (const y of HOLIDAY_CALENDAR) {
      for (const d of y.holidays) expect(cal.isWorkingDay(d), d).toBe(false);
      for (const d of y.workingWeekends) {
        expect([0, 6], d).toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
        expect(cal.isWorkingDay(d), d).toBe(true);
      }
    }
    // 2025: 元旦 1, 春节 8, 清明 3, 劳动节 5, 端午 3, 国庆·中秋 8 days off as listed in the notice.
    expect(HOLIDAY_CALENDAR[0]!.holidays).toHaveLength(1 + 8 + 3 + 5 + 3 + 8);
  });

  it('counts a 20-working-day clock across 春节 2026', () => {
    // Applied on Friday 6 Feb 2026: 9 Feb–13 Feb (5), 14 Feb Saturday worked (6), 15–23 Feb off, 24–27 Feb (10),
    // 28 Feb Saturday worked (11), then 2–6 Mar (16), 9–12 Mar (20).
    expect(cal.addWorkingDays('2026-02-06', 20)).toBe('2026-03-12');
    expect(cal.workingDaysBetween('2026-02-06', '2026-03-12')).toBe(20);
    expect(cal.addWorkingDays('2026-02-06', 0)).toBe('2026-02-06');
    expect(cal.workingDaysBetween('2026-03-12', '2026-02-06')).toBe(-20);
  });

  it('addWorkingDays and workingDaysBetween agree, and the due day is a working day (property)', () => {
    const start = fc.integer({ min: 0, max: 600 }).map((i) => new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10));
    fc.assert(fc.property(start, fc.integer({ min: 1, max: 60 }), (s, n) => {
      const due = cal.addWorkingDays(s, n);
      return cal.workingDaysBetween(s, due) === n && cal.isWorkingDay(due);
    }));
  });

  it('counts a year it has no data for Monday–Friday and marks the clock provisional; refuses non-dates', () => {
    expect(cal.isWorkingDay('2027-03-01')).toBe(true); // a Monday
    expect(cal.isWorkingDay('2027-01-02')).toBe(false); // a Saturday
    // Received Friday 18 Dec 2026: 21–25, 28–31 Dec (9), then 1 Jan 2027 counted as a Friday (10) with no holidays,
    // 4–8 Jan (15), 11–15 Jan (20).
    expect(workingClock(cal, '2026-12-18', 20)).toEqual({ dueOn: '2027-01-15', provisionalYears: [2027] });
    expect(workingClock(cal, '2026-12-18', 9)).toEqual({ dueOn: '2026-12-31', provisionalYears: [] });
    expect(cal.missingYears('2026-12-31', '2029-01-05')).toEqual([2027, 2028, 2029]);
    expect(cal.missingYears('2027-01-05', '2026-12-31')).toEqual([]);
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
  });
});

describe('provisional clocks and loaded years', () => {
  const cal = workingCalendar();
  const dayOf = (i: number) => new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10);

  it('leaves a clock wholly inside the held years as it was, not provisional', () => {
    expect(workingClock(cal, '2026-02-06', 20)).toEqual({ dueOn: '2026-03-12', provisionalYears: [] });
    expect(workingClock(cal, '2026-12-04', 7)).toEqual({ dueOn: '2026-12-15', provisionalYears: [] });
  });

  it('a loaded year replaces the built-in one and extends the calendar', () => {
    const y2027 = { year: 2027, basis: 'test', holidays: ['2027-01-01', '2027-01-04'], workingWeekends: ['2027-01-09'] };
    const merged = mergeHolidayYears(HOLIDAY_CALENDAR, [y2027, { ...HOLIDAY_CALENDAR[1]!, holidays: [] }]);
    expect(merged.map((y) => y.year)).toEqual([2025, 2026, 2027]);
    const loaded = workingCalendar(merged);
    expect(loaded.isWorkingDay('2026-10-01')).toBe(true); // the loaded 2026 has no holidays
    expect(loaded.isWorkingDay('2027-01-09')).toBe(true); // a Saturday worked
    expect(workingClock(loaded, '2026-12-31', 3)).toEqual({ dueOn: '2027-01-07', provisionalYears: [] });
  });

  it('a real calendar with holidays only added never brings a provisional date earlier (property)', () => {
    const in2027 = fc.integer({ min: 0, max: 364 }).map((i) => new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10));
    fc.assert(fc.property(fc.integer({ min: 600, max: 729 }), fc.integer({ min: 0, max: 60 }), fc.uniqueArray(in2027, { maxLength: 40 }), (i, n, holidays) => {
      const start = dayOf(i);
      const provisional = workingClock(cal, start, n);
      const real = workingClock(workingCalendar(mergeHolidayYears(HOLIDAY_CALENDAR, [{ year: 2027, basis: 'random', holidays, workingWeekends: [] }])), start, n);
      return real.dueOn >= provisional.dueOn && real.provisionalYears.length === 0 && (provisional.dueOn < '2027-01-01') === (provisional.provisionalYears.length === 0);
    }));
  });

  it('names what is wrong with a year to load, field by field', () => {
    const ok = { year: 2027, holidays: ['2027-01-01'], workingWeekends: ['2027-02-06'] };
    expect(holidayYearProblem(ok)).toBeNull();
    expect(holidayYearProblem({ ...ok, year: 1999 })).toEqual({ problem: 'year', field: 'year', value: 1999 });
    expect(holidayYearProblem({ ...ok, holidays: ['2027-02-30'] })).toEqual({ problem: 'date', field: 'holidays', value: '2027-02-30' });
    expect(holidayYearProblem({ ...ok, holidays: ['2028-01-01'] })).toEqual({ problem: 'other_year', field: 'holidays', value: '2028-01-01' });
    expect(holidayYearProblem({ ...ok, holidays: ['2027-01-01', '2027-01-01'] })).toEqual({ problem: 'repeated', field: 'holidays', value: '2027-01-01' });
    expect(holidayYearProblem({ ...ok, holidays: ['2027-02-06'] })).toEqual({ problem: 'both', field: 'workingWeekends', value: '2027-02-06' });
    expect(holidayYearProblem({ ...ok, workingWeekends: ['2027-02-08'] })).toEqual({ problem: 'not_weekend', field: 'workingWeekends', value: '2027-02-08' });
    for (const y of HOLIDAY_CALENDAR) expect(holidayYearProblem(y), String(y.year)).toBeNull();
  });
});

describe('penalty ranges of the 人防法', () => {
  it('art. 48: up to 100,000 元', () => {
    expect(penaltyProblem('art48', 'unit', 10_000_000)).toBeNull();
    expect(penaltyProblem('art48', 'unit', 10_000_001)).toMatchObject({ problem: 'range', maxFen: 10_000_000, basis: expect.stringContaining('第四十八条') });
  });

  it('art. 49: individuals up to 5,000 元, units 10,000–50,000 元', () => {
    expect(penaltyProblem('art49', 'individual', 500_000)).toBeNull();
    expect(penaltyProblem('art49', 'individual', 500_001)).toMatchObject({ problem: 'range' });
    expect(penaltyProblem('art49', 'unit', 999_999)).toMatchObject({ problem: 'range', minFen: 1_000_000 });
    expect(penaltyProblem('art49', 'unit', 1_000_000)).toBeNull();
    expect(penaltyProblem('art49', 'unit', 5_000_000)).toBeNull();
    expect(penaltyProblem('art49', 'unit', 5_000_001)).toMatchObject({ problem: 'range', maxFen: 5_000_000 });
  });

  it('refuses amounts that are not whole 分 and unknown articles', () => {
    expect(penaltyProblem('art49', 'unit', 1_000_000.5)).toEqual({ problem: 'amount', amountFen: 1_000_000.5 });
    expect(penaltyProblem('art49', 'unit', -1)).toMatchObject({ problem: 'amount' });
    expect(penaltyProblem('art50', 'unit', 1)).toEqual({ problem: 'rule', code: 'art50' });
  });

  it('formats 分 as 元 without floating point', () => {
    expect(fenToYuan(1_234_567)).toBe('12345.67');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(-120)).toBe('-1.20');
  });
});

describe('approval clock', () => {
  const cal = workingCalendar();
  const c = { promisedDueOn: cal.addWorkingDays('2026-09-29', 7), legalDueOn: cal.addWorkingDays('2026-09-29', 20) };
  it('runs over 国庆 2026 in working days', () => {
    // 30 Sep (1), 1–7 Oct off, 8–9 Oct (3), 10 Oct Saturday worked (4), 12–14 Oct (7).
    expect(c.promisedDueOn).toBe('2026-10-14');
    expect(approvalClockState(cal, c, '2026-09-30')).toBe('on_time');
    expect(approvalClockState(cal, c, '2026-10-12')).toBe('due_soon');
    expect(approvalClockState(cal, c, '2026-10-15')).toBe('past_promise');
    expect(approvalClockState(cal, c, addDays(c.legalDueOn, 1))).toBe('past_legal_limit');
  });
});

describe('联审: deciding an approval case', () => {
  const parties = [
    { name: '自然资源和规划局', required: true, verdict: null },
    { name: '消防救援支队', required: false, verdict: null },
  ] as const;
  it('waits for every required party, but not for the others', () => {
    expect(approvalDecisionProblem(parties, 'approved')).toEqual({ problem: 'pending', parties: ['自然资源和规划局'] });
    expect(approvalDecisionProblem([{ ...parties[0], verdict: 'agree' }, parties[1]], 'approved')).toBeNull();
  });
  it('cannot approve over a required party that disagrees, but can refuse', () => {
    const against = [{ ...parties[0], verdict: 'disagree' as const }];
    expect(approvalDecisionProblem(against, 'approved')).toEqual({ problem: 'objection', parties: ['自然资源和规划局'] });
    expect(approvalDecisionProblem(against, 'rejected')).toBeNull();
    expect(approvalDecisionProblem([{ name: 'x', required: false, verdict: 'disagree' }], 'approved')).toBeNull();
  });
});
