/**
 * 试鸣 (test days, e.g. 9·18): what each siren's test came to, from its terminal's reports to every step and the
 * field observers' reports, and the campaign's figure — the share of sirens working, as Switzerland's Polyalert
 * reports its yearly test. One rule for the server (which freezes the result when a campaign is closed) and the
 * console (which labels it).
 */
import { SIGNAL_PROGRAMS, type SirenFaultCategory } from './sirens.ts';

export const SIREN_TEST_OUTCOMES = [
  { code: 'working', zh: '正常', en: 'Working' },
  { code: 'weak', zh: '声音弱', en: 'Weak' },
  { code: 'failed', zh: '故障', en: 'Failed' },
  { code: 'unverified', zh: '未核实', en: 'Unverified' },
] as const;
export type SirenTestOutcome = (typeof SIREN_TEST_OUTCOMES)[number]['code'];

export const SIREN_TEST_OBSERVATIONS = [
  { code: 'heard', zh: '听到', en: 'Heard' },
  { code: 'weak', zh: '声音弱', en: 'Weak' },
  { code: 'not_heard', zh: '未听到', en: 'Not heard' },
] as const;
export type SirenTestObservation = (typeof SIREN_TEST_OBSERVATIONS)[number]['code'];

export const SIREN_TEST_STATES = [
  { code: 'scheduled', zh: '待执行', en: 'Scheduled' },
  { code: 'running', zh: '执行中', en: 'Running' },
  { code: 'finished', zh: '已完成', en: 'Finished' },
  { code: 'cancelled', zh: '已撤销', en: 'Cancelled' },
] as const;

/**
 * 10:00 in China on the latest 18 September strictly before `now`: the anniversary of the 18 September Incident
 * (九一八事变纪念日), when cities sound their air-raid sirens; the day a demo's past campaign and past exercise alert
 * are dated.
 */
export function lastNineEighteen(now: Date): Date {
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now));
  const at = (y: number) => new Date(`${y}-09-18T10:00:00+08:00`);
  return at(year) < now ? at(year) : at(year - 1);
}

/** One step of a siren's test as its terminal reported it (a delivery state of the step's command). */
export interface TestStepState {
  /** The step's signal program code (`preliminary`, …): the cause names it in each language. */
  program: string;
  state: string;
  reason: string | null;
}

export interface TestVerdict {
  outcome: SirenTestOutcome;
  /** Why, in each language (the report is printed in Chinese; the English console shows the English); null when working. */
  cause: { zh: string; en: string } | null;
  /** The fault ticket's category when the siren failed. */
  category: SirenFaultCategory | null;
}

/**
 * A siren's result. The terminal's reports come first: a step not answered, refused, or started but never finished
 * is a failure whatever anyone heard. A terminal that played everything, or a siren without a terminal (operated on
 * site), is judged by the observers: nobody heard it → failed (it does not sound); someone found it weak → weak.
 * A siren without a terminal that nobody reported on is unverified, not working: nothing shows it sounded.
 */
export function judgeSirenTest(steps: readonly TestStepState[], seen: { heard: number; notHeard: number; weak: number }): TestVerdict {
  const first = (states: readonly string[]) => steps.find((s) => states.includes(s.state));
  const named = (code: string) => SIGNAL_PROGRAMS.find((p) => p.code === code) ?? { zh: code, en: code };
  const noAnswer = first(['failed', 'pending', 'sent']);
  if (noAnswer) {
    const p = named(noAnswer.program);
    return { outcome: 'failed', cause: { zh: `${p.zh}：终端无应答`, en: `${p.en}: no answer from the terminal` }, category: 'communication' };
  }
  const refused = first(['rejected']);
  if (refused) {
    const p = named(refused.program);
    const why = refused.reason ?? '-';
    return { outcome: 'failed', cause: { zh: `${p.zh}：终端拒绝执行（${why}）`, en: `${p.en}: refused by the terminal (${why})` }, category: 'other' };
  }
  const unfinished = first(['accepted']);
  if (unfinished) {
    const p = named(unfinished.program);
    return { outcome: 'failed', cause: { zh: `${p.zh}：开始鸣放后未报告完成`, en: `${p.en}: started but never reported finishing` }, category: 'other' };
  }
  const remote = steps.length > 0 && steps.some((s) => s.state === 'finished');
  if (seen.notHeard > 0 && seen.heard === 0 && seen.weak === 0) {
    return { outcome: 'failed', cause: { zh: `观察员报告未听到（${seen.notHeard} 份）`, en: `observers did not hear it (${seen.notHeard} reports)` }, category: 'no_sound' };
  }
  if (seen.weak > 0 || seen.notHeard > 0) {
    const n = seen.weak + seen.notHeard;
    return { outcome: 'weak', cause: { zh: `观察员报告声音弱或未听到（${n} 份）`, en: `observers found it weak or did not hear it (${n} reports)` }, category: 'weak_sound' };
  }
  if (!remote && seen.heard === 0) return { outcome: 'unverified', cause: { zh: '无遥控终端且无观察员报告', en: 'no terminal and no observer report' }, category: null };
  return { outcome: 'working', cause: null, category: null };
}

/**
 * The share of the sirens whose result is known that are working (weak ones count as working), one decimal; null when
 * none is known. Beside `workingPercent`, which counts the unverified as not working: a campaign whose manual sirens
 * had no observer says 87 % there though every siren heard from worked, and 100 % here.
 */
export function verifiedWorkingPercent(counts: Readonly<Record<SirenTestOutcome, number>>): number | null {
  return workingPercent({ ...counts, unverified: 0 });
}

/** The campaign's figure: the share of its sirens working (weak ones count as working), one decimal; null when empty. */
export function workingPercent(counts: Readonly<Record<SirenTestOutcome, number>>): number | null {
  const total = counts.working + counts.weak + counts.failed + counts.unverified;
  return total === 0 ? null : Math.round(((counts.working + counts.weak) / total) * 1000) / 10;
}

/** How two campaigns compare on the sirens both tested (each siren's outcome this time and the time before). */
export interface CampaignComparison {
  /** Sirens in both campaigns. A one-town test after a city-wide 9·18 shares only that town's sirens. */
  common: number;
  /** The share working of the common sirens, the time before and this time (`workingPercent`'s rule); null when none. */
  commonBeforePercent: number | null;
  commonNowPercent: number | null;
  /** Failed both times: the sirens a repair did not mend, or that were never repaired. */
  failedBoth: number;
  /** Failed this time, working (weak counted) the time before. */
  newlyFailed: number;
  /** Working this time (weak counted), failed the time before. */
  recovered: number;
}

const isWorking = (o: SirenTestOutcome) => o === 'working' || o === 'weak';

/** Sirens with the same pair of outcomes in two campaigns: `now` this time, `before` the time before. */
export interface OutcomePair {
  now: SirenTestOutcome;
  before: SirenTestOutcome;
  sirens: number;
}

/**
 * Compares two campaigns on their common sirens only. The two campaigns' own figures may cover different sirens (a
 * one-town campaign after a city-wide one, sirens added or removed in between), so only the common set says whether
 * the network got better; `pairs` counts the common sirens by their outcome this time and the time before.
 *
 * @example
 * compareCampaigns([{ now: 'working', before: 'failed', sirens: 1 }, { now: 'failed', before: 'failed', sirens: 1 }]);
 * // common 2, 0 % → 50 %, failedBoth 1, recovered 1
 */
export function compareCampaigns(pairs: Iterable<OutcomePair>): CampaignComparison {
  const zero = (): Record<SirenTestOutcome, number> => ({ working: 0, weak: 0, failed: 0, unverified: 0 });
  const now = zero();
  const before = zero();
  let common = 0, failedBoth = 0, newlyFailed = 0, recovered = 0;
  for (const { now: n, before: b, sirens: k } of pairs) {
    common += k;
    now[n] += k;
    before[b] += k;
    if (n === 'failed' && b === 'failed') failedBoth += k;
    if (n === 'failed' && isWorking(b)) newlyFailed += k;
    if (isWorking(n) && b === 'failed') recovered += k;
  }
  return { common, commonBeforePercent: workingPercent(before), commonNowPercent: workingPercent(now), failedBoth, newlyFailed, recovered };
}
