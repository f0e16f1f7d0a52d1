import { describe, expect, it } from 'vitest';
import { answerDueOn, hearingRight, statusAfter, stepProblem } from './enforcement.ts';

describe('enforcement case steps', () => {
  it('moves forward one step at a time and names the statuses a step needs', () => {
    expect(stepProblem('investigating', 'evidence', null)).toBeNull();
    expect(stepProblem('investigated', 'evidence', null)).toEqual({ problem: 'status', status: 'investigated', step: 'evidence', allowed: ['investigating'] });
    expect(stepProblem('investigating', 'decide', null)).toMatchObject({ problem: 'status', allowed: ['notified'] });
    expect(stepProblem('closed', 'close', 'fine')).toMatchObject({ problem: 'status' });
  });

  it('closes a warning from the decision but makes a fine be executed first', () => {
    expect(stepProblem('decided', 'close', 'warning')).toBeNull();
    expect(stepProblem('decided', 'execute', 'warning')).toEqual({ problem: 'nothing_to_execute' });
    expect(stepProblem('decided', 'close', 'fine')).toMatchObject({ problem: 'status', allowed: ['executed'] });
    expect(stepProblem('decided', 'execute', 'fine')).toBeNull();
    expect(stepProblem('executed', 'close', 'fine')).toBeNull();
  });

  it('sends a returned legal review back to investigation', () => {
    expect(statusAfter('review', true)).toBe('investigating');
    expect(statusAfter('review', false)).toBe('reviewed');
  });
});

describe('the right to be heard', () => {
  it('gives a hearing right from the 较大数额 threshold, per kind of party', () => {
    expect(hearingRight('unit', 4_999_999)).toBe(false);
    expect(hearingRight('unit', 5_000_000)).toBe(true);
    expect(hearingRight('individual', 500_000)).toBe(true);
    expect(hearingRight('individual', 499_999)).toBe(false);
  });

  it('counts the answer period in working days, not counting the day of service', () => {
    // Served Tuesday 29 Sep 2026: 30 Sep (Wed), then 1–7 Oct off (国庆), 8 Oct (Thu), 9 Oct (Fri).
    expect(answerDueOn('2026-09-29', 'unit', 1_000_000)).toBe('2026-10-09');
    // A fine with a hearing right: 5 working days — 30 Sep, 8, 9, 10 (Saturday, worked under 调休), 12 Oct.
    expect(answerDueOn('2026-09-29', 'unit', 5_000_000)).toBe('2026-10-12');
  });
});
