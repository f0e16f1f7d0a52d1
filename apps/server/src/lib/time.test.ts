import { describe, expect, it } from 'vitest';
import { addDays, shanghaiDate, shanghaiDateTime, shanghaiStamp } from './time.ts';

describe('Shanghai dates', () => {
  it('an evening inspection in UTC is already the next day in Nantong', () => {
    expect(shanghaiDate('2026-11-23T17:30:00Z')).toBe('2026-11-24');
    expect(shanghaiDate('2026-11-24T01:30:00+08:00')).toBe('2026-11-24');
    expect(shanghaiDate('2026-11-23T15:59:59Z')).toBe('2026-11-23');
  });
  it('stamps an export made at 01:30 in Nantong with that day, not the UTC day before', () => {
    expect(shanghaiStamp(new Date('2026-12-31T17:30:00Z'))).toBe('20270101');
    expect(shanghaiStamp(new Date('2026-12-31T15:59:59Z'))).toBe('20261231');
  });
  it('writes an instant as Nantong reads it, to the minute or the second', () => {
    expect(shanghaiDateTime('2026-12-31T17:30:05Z')).toBe('2027-01-01 01:30');
    expect(shanghaiDateTime(new Date('2026-12-31T17:30:05Z'), true)).toBe('2027-01-01 01:30:05');
    expect(shanghaiDateTime(null)).toBe('');
  });
  it('adds days across month ends', () => {
    expect(addDays('2026-11-24', 30)).toBe('2026-12-24');
    expect(addDays('2026-12-15', 30)).toBe('2027-01-14');
  });
});
