/**
 * The demo's last 9·18 siren test (试鸣), city-wide: what each siren's terminal reported to the three signals and what
 * field observers reported, so that the test-day page has a closed campaign to read and a new one has last year's to
 * compare with. Synthetic, in proportions of the kind a city reports (Switzerland's yearly test: about 99 % working):
 * most remote terminals play all three signals; a few never answer, or refuse every command (a terminal that lost its
 * clock); hand-operated sirens are judged by observers only, and a few of them have none.
 */
import { DELIVERY_REASONS } from '@civdef/domain';
import { createRng } from './prng.ts';
import type { DemoSiren } from './types.ts';

export type DemoStepState = 'finished' | 'failed' | 'rejected' | 'skipped';

export interface DemoSirenTest {
  code: string;
  /** The terminal's answer to each of the three signals (预先警报, 空袭警报, 解除警报), with the platform's reason. */
  steps: Array<{ state: DemoStepState; reason: string | null }>;
  /** Field observers' reports about this siren, with where they stood (metres east and north of it). */
  observations: Array<{ result: 'heard' | 'weak' | 'not_heard'; eastM: number; northM: number }>;
}

/** What a terminal that lost its clock answers to every command (the terminal's check, `verifyCommand` in apps/server/src/lib/siren-protocol.ts). */
const CLOCK = 'not_yet_valid';

export function generateSirenTestDemo(sirens: readonly DemoSiren[], seed: number): DemoSirenTest[] {
  const rng = createRng(seed).fork('siren-test-918');
  const near = () => ({ eastM: rng.int(-400, 400), northM: rng.int(-400, 400) });
  return sirens.map((s) => {
    const three = (state: DemoStepState, reason: string | null) => [0, 1, 2].map(() => ({ state, reason }));
    if (s.controlChannel === 'manual') {
      const r = rng.next();
      const result = r < 0.82 ? 'heard' : r < 0.88 ? 'weak' : r < 0.92 ? 'not_heard' : null;
      return { code: s.code, steps: three('skipped', DELIVERY_REASONS.noTerminal), observations: result ? [{ result, ...near() }] : [] };
    }
    const r = rng.next();
    if (r < 0.016) return { code: s.code, steps: three('failed', DELIVERY_REASONS.noAnswer(3)), observations: [] };
    if (r < 0.02) return { code: s.code, steps: three('rejected', CLOCK), observations: [] };
    // Observers stand near some of the remote sirens too; a few find one weak (a horn turned, a tree grown in front).
    const o = rng.next();
    const observations = o < 0.01 ? [{ result: 'weak' as const, ...near() }] : o < 0.2 ? [{ result: 'heard' as const, ...near() }] : [];
    return { code: s.code, steps: three('finished', null), observations };
  });
}
