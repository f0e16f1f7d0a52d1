import { describe, expect, it } from 'vitest';
import { formatTime } from './time.ts';

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
