// LEMON-dependent tests: on CI a missing peer is a failure (a silent skip would hide a broken pipeline); locally they
// skip with a message saying what to install.
import { lemonMissingReason } from './lemon.ts';

export const lemonReason = lemonMissingReason();
export const skipLemon = lemonReason !== null && !process.env.CI;
if (skipLemon) console.warn(`[engine] skipping LEMON comparisons: ${lemonReason}`);

/** Throws when LEMON is required (CI) but missing; call at the top of each LEMON test. */
export function requireLemon(): void {
  if (lemonReason) throw new Error(`CI requires LEMON for the peer comparison: ${lemonReason}`);
}
