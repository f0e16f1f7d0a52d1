import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareCampaigns, judgeSirenTest, lastNineEighteen, verifiedWorkingPercent, workingPercent, type SirenTestOutcome } from './siren-tests.ts';

const ok = (program: string) => ({ program, state: 'finished', reason: null });
const none = { heard: 0, notHeard: 0, weak: 0 };

describe('a siren\'s test result', () => {
  it('is working when the terminal played every step and nobody said otherwise', () => {
    expect(judgeSirenTest([ok('preliminary'), ok('air_raid')], none)).toEqual({ outcome: 'working', cause: null, category: null });
    expect(judgeSirenTest([ok('preliminary')], { heard: 2, notHeard: 0, weak: 0 }).outcome).toBe('working');
  });

  it('fails on the terminal\'s word first: no answer, refusal, or a start never finished, naming the step', () => {
    const noAnswer = judgeSirenTest([ok('preliminary'), { program: 'air_raid', state: 'failed', reason: 'x' }], { heard: 3, notHeard: 0, weak: 0 });
    expect(noAnswer).toMatchObject({ outcome: 'failed', category: 'communication' });
    // Each language names the step in its own words, and only in its own.
    expect(noAnswer.cause).toEqual({ zh: '空袭警报：终端无应答', en: 'Air-raid warning: no answer from the terminal' });
    expect(judgeSirenTest([{ program: 'a', state: 'sent', reason: null }], none).outcome).toBe('failed');
    const refused = judgeSirenTest([{ program: 'a', state: 'rejected', reason: 'expired' }], none);
    expect(refused.cause).toEqual({ zh: 'a：终端拒绝执行（expired）', en: 'a: refused by the terminal (expired)' });
    expect(judgeSirenTest([{ program: 'a', state: 'accepted', reason: null }], none).cause?.en).toContain('never reported finishing');
  });

  it('takes the observers\' word when the terminal says it played: unheard is a failure, weak is weak', () => {
    expect(judgeSirenTest([ok('a')], { heard: 0, notHeard: 2, weak: 0 })).toMatchObject({
      outcome: 'failed', category: 'no_sound', cause: { zh: '观察员报告未听到（2 份）', en: 'observers did not hear it (2 reports)' },
    });
    expect(judgeSirenTest([ok('a')], { heard: 1, notHeard: 1, weak: 0 })).toMatchObject({ outcome: 'weak', category: 'weak_sound' });
    expect(judgeSirenTest([ok('a')], { heard: 0, notHeard: 0, weak: 1 }).outcome).toBe('weak');
  });

  it('calls a siren without a terminal working only when someone heard it', () => {
    const skipped = [{ program: 'a', state: 'skipped', reason: null }];
    expect(judgeSirenTest(skipped, none).outcome).toBe('unverified');
    expect(judgeSirenTest(skipped, { heard: 1, notHeard: 0, weak: 0 }).outcome).toBe('working');
    expect(judgeSirenTest(skipped, { heard: 0, notHeard: 1, weak: 0 }).outcome).toBe('failed');
  });

  it('reports the share working, weak counted as working, to one decimal', () => {
    expect(workingPercent({ working: 7100, weak: 28, failed: 72, unverified: 0 })).toBe(99);
    expect(workingPercent({ working: 2, weak: 0, failed: 1, unverified: 0 })).toBe(66.7);
    expect(workingPercent({ working: 0, weak: 0, failed: 0, unverified: 0 })).toBeNull();
    // The unverified count as not working in the campaign's figure, and are left out of the verified one.
    expect(workingPercent({ working: 3132, weak: 0, failed: 0, unverified: 468 })).toBe(87);
    expect(verifiedWorkingPercent({ working: 3132, weak: 0, failed: 0, unverified: 468 })).toBe(100);
    expect(verifiedWorkingPercent({ working: 5, weak: 1, failed: 2, unverified: 40 })).toBe(75);
    expect(verifiedWorkingPercent({ working: 0, weak: 0, failed: 0, unverified: 12 })).toBeNull();
  });
});

describe('the last 9·18', () => {
  it('is 10:00 in China on the latest 18 September before now', () => {
    expect(lastNineEighteen(new Date('2026-12-05T04:00:00Z')).toISOString()).toBe('2026-09-18T02:00:00.000Z');
    expect(lastNineEighteen(new Date('2026-09-18T01:59:00Z')).toISOString()).toBe('2025-09-18T02:00:00.000Z');
    expect(lastNineEighteen(new Date('2026-09-18T02:01:00Z')).toISOString()).toBe('2026-09-18T02:00:00.000Z');
  });
});

describe('comparing two campaigns', () => {
  const pairsOf = (pairs: ReadonlyArray<readonly [SirenTestOutcome, SirenTestOutcome]>) => pairs.map(([now, before]) => ({ now, before, sirens: 1 }));

  it('compares the common sirens only and names what changed', () => {
    const c = compareCampaigns(pairsOf([['working', 'failed'], ['failed', 'failed'], ['failed', 'weak'], ['weak', 'working'], ['unverified', 'failed']]));
    expect(c).toEqual({ common: 5, commonBeforePercent: 40, commonNowPercent: 40, failedBoth: 1, newlyFailed: 1, recovered: 1 });
    // Counted pairs are the same as that many single ones.
    expect(compareCampaigns([{ now: 'failed', before: 'failed', sirens: 3 }, { now: 'working', before: 'working', sirens: 1 }]))
      .toEqual({ common: 4, commonBeforePercent: 25, commonNowPercent: 25, failedBoth: 3, newlyFailed: 0, recovered: 0 });
    expect(compareCampaigns([])).toEqual({ common: 0, commonBeforePercent: null, commonNowPercent: null, failedBoth: 0, newlyFailed: 0, recovered: 0 });
  });

  it('agrees with each side\'s own figure, and its changes add up', () => {
    const outcome = fc.constantFrom<SirenTestOutcome>('working', 'weak', 'failed', 'unverified');
    fc.assert(fc.property(fc.array(fc.tuple(outcome, outcome), { maxLength: 200 }), (pairs) => {
      const c = compareCampaigns(pairsOf(pairs));
      const count = (side: 0 | 1) => {
        const k: Record<SirenTestOutcome, number> = { working: 0, weak: 0, failed: 0, unverified: 0 };
        for (const p of pairs) k[p[side]]++;
        return k;
      };
      expect(c.common).toBe(pairs.length);
      expect(c.commonNowPercent).toBe(workingPercent(count(0)));
      expect(c.commonBeforePercent).toBe(workingPercent(count(1)));
      // Failures now = failed both + newly failed + failed now after an unverified result before.
      const failedAfterUnverified = pairs.filter(([n, b]) => n === 'failed' && b === 'unverified').length;
      expect(c.failedBoth + c.newlyFailed + failedAfterUnverified).toBe(count(0).failed);
      expect(c.failedBoth + c.recovered).toBeLessThanOrEqual(count(1).failed);
    }));
  });
});
