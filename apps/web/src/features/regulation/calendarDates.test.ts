import { describe, expect, it } from 'vitest';
import { parseDates } from './calendarDates.ts';

describe('parseDates (the holiday list as typed from the notice)', () => {
  it('expands a range and keeps single dates, whatever the separators', () => {
    expect(parseDates('2027-01-01、2027-02-06~2027-02-08，2027-05-01\n2027-10-01至2027-10-02')).toEqual([
      '2027-01-01', '2027-02-06', '2027-02-07', '2027-02-08', '2027-05-01', '2027-10-01', '2027-10-02',
    ]);
  });

  it('passes an impossible range end on as typed (dayjs would roll 02-30 into March), so the server names it', () => {
    expect(parseDates('2027-02-25~2027-02-30')).toEqual(['2027-02-25~2027-02-30']);
    expect(parseDates('2027-13-01~2027-13-02')).toEqual(['2027-13-01~2027-13-02']);
  });

  it('passes on a backward or over-long range, and anything else, as typed', () => {
    expect(parseDates('2027-02-08~2027-02-06 2027-01-01~2027-12-31 节假日')).toEqual(['2027-02-08~2027-02-06', '2027-01-01~2027-12-31', '节假日']);
  });
});
