/**
 * Synthetic upkeep history of the demo works: for every work that needs upkeep, per default maintenance
 * schedule, the fraction of its interval elapsed since it was last done (phase; > 1 = overdue). Dates are
 * not fixed here — the loader counts phases back from the day it runs — so the demo stays realistic whenever
 * it is loaded, while the same seed always gives the same history.
 *
 * Works in service (registered, in use, converting) have a history; most are kept up (every phase < 0.85, so
 * nothing is due yet), about one in ten is neglected (one to three schedules 1.1–3 intervals late). Works not
 * built yet get no phases (plans start on the load day); demolished and scrapped works get no plans at all.
 */
import { DEFAULT_MAINTENANCE_SCHEDULES, needsUpkeep } from '@civdef/domain';
import type { Rng } from './prng.ts';
import type { DemoMaintenance, DemoWork } from './types.ts';

const IN_SERVICE = new Set(['registered', 'in_use', 'converting']);
/** Share of works in service with overdue upkeep. */
export const NEGLECTED_SHARE = 0.11;
/** Well-kept schedules stay below this fraction of their interval (a 1-month interval is then < 26 days old). */
const KEPT_MAX_PHASE = 0.85;

export function generateMaintenance(rng: Rng, works: readonly DemoWork[]): DemoMaintenance[] {
  const codes = DEFAULT_MAINTENANCE_SCHEDULES.map((s) => s.code);
  const out: DemoMaintenance[] = [];
  for (const w of works) {
    if (!needsUpkeep(w.lifecycleState)) continue;
    if (!IN_SERVICE.has(w.lifecycleState)) {
      out.push({ code: w.code, phases: null });
      continue;
    }
    const phases: Record<string, number> = {};
    for (const c of codes) phases[c] = Math.round(rng.range(0, KEPT_MAX_PHASE) * 1000) / 1000;
    if (rng.chance(NEGLECTED_SHARE)) {
      const late = [...codes];
      for (let k = rng.int(1, 3); k > 0; k--) {
        const c = late.splice(rng.int(0, late.length - 1), 1)[0]!;
        phases[c] = Math.round(rng.range(1.1, 3) * 1000) / 1000;
      }
    }
    out.push({ code: w.code, phases });
  }
  return out;
}
