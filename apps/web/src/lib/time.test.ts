import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayjs, formatTime, fromOfficeWallTime, toOfficeWallTime } from './time.ts';

describe('formatTime', () => {
  it('shows Beijing time', () => {
    expect(formatTime('2024-09-18T02:00:00Z')).toBe('2024-09-18 10:00:00');
    expect(formatTime('2024-09-18T02:00:00Z', false)).toBe('2024-09-18 10:00');
  });
  it('passes through empty and invalid values', () => {
    expect(formatTime(null)).toBe('');
    expect(formatTime('not a date')).toBe('not a date');
  });
});

describe('pickers in Beijing wall time, whatever the browser\'s zone', () => {
  // A browser in New York (UTC−5 in December, −4 in September): Date and dayjs read process.env.TZ when they run.
  const zone = process.env.TZ;
  beforeAll(() => void (process.env.TZ = 'America/New_York'));
  afterAll(() => void (zone === undefined ? delete process.env.TZ : (process.env.TZ = zone)));

  it('shows 10:00 in Beijing as 10:00, and reads a picked 10:00 as 10:00 in Beijing', () => {
    const shown = toOfficeWallTime('2027-09-18T02:00:00.000Z');
    expect(shown.format('YYYY-MM-DD HH:mm')).toBe('2027-09-18 10:00');
    expect(fromOfficeWallTime(dayjs('2027-09-18T10:00'))).toBe('2027-09-18T02:00:00.000Z');
    expect(fromOfficeWallTime(shown)).toBe('2027-09-18T02:00:00.000Z');
    // Here the plain reading is off by the zones' difference: what the pickers did before.
    expect(dayjs('2027-09-18T10:00').toISOString()).toBe('2027-09-18T14:00:00.000Z');
  });
});
