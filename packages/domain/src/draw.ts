/**
 * The verifiable 双随机一公开 draw (algorithm `civdef-draw-v1`). Anyone holding the published JSON can re-run it —
 * with this file, or with `scripts/verify-draw.mjs`, which restates it in ~60 lines of plain Node — and must get
 * the same targets and inspectors. The steps, exactly:
 *
 * 1. Before the draw the office publishes `commit = SM3(seed)` (the seed's 64 hex digits as ASCII) together with
 *    `poolDigest = SM3(canonicalPool(input))`: the pool, the counts and the conflicts are fixed before anyone
 *    (the office included) can know which of them the seed will pick. After the draw it reveals `seed`.
 * 2. Random stream: block i (i = 0, 1, 2, …) is SM3 of the ASCII text `<seed>:<i>` (i in decimal); the stream is
 *    the blocks one after another, read as big-endian unsigned 32-bit words.
 * 3. uniform(n), a whole number in [0, n): take the next word u; if u < floor(2^32 / n) · n answer u mod n,
 *    else discard it and take the next (rejection sampling, so no value is favoured).
 * 4. Targets: sort the target keys ascending by UTF-16 code units (plain `<`, never a locale); for
 *    i = 0 … targetCount − 1 swap position i with position i + uniform(n − i) (a partial Fisher–Yates shuffle);
 *    the first targetCount keys, in that order, are the drawn targets.
 * 5. Inspectors: for each drawn target in draw order, the candidates are the inspector keys sorted the same way
 *    without those in conflict with that target; the same partial shuffle, continuing the same stream, picks
 *    `inspectorsPerTarget` of them, in order. An inspector may serve several targets.
 *
 * Optional public randomness (a beacon). The office can promise, in the commitment, to mix in a value nobody knows
 * at commit time and everyone can look up afterwards (say the winning numbers of a named lottery draw a few days
 * later): `beaconSource` describes which value, and is part of the pool text `poolDigest` covers, so it cannot be
 * added, dropped or changed after the commitment. At the draw the value itself (`beacon`, the text as published) is
 * entered and the stream of step 2 runs on `SM3("<seed>:beacon:<beacon>")` (64 hex digits) instead of the seed.
 * Neither the office (which knows the seed but not the beacon) nor whoever publishes the beacon (who does not know
 * the seed) can choose the result. Without a beaconSource the draw is exactly the one above.
 */
import { sm3, sm3Hex } from './sm3.ts';

export const DRAW_ALGORITHM = 'civdef-draw-v1';

export interface DrawInput {
  /** Keys of the targets (the enterprises' 统一社会信用代码). */
  targets: readonly string[];
  /** Keys of the inspectors (their enforcement certificate numbers). */
  inspectors: readonly string[];
  /** [inspectorKey, targetKey]: this inspector may not inspect this target (回避). */
  conflicts: ReadonlyArray<readonly [string, string]>;
  targetCount: number;
  inspectorsPerTarget: number;
  /** Which public value will be mixed into the seed (announced at commit); absent or null: none. */
  beaconSource?: string | null;
}

export interface DrawResult {
  targets: string[];
  teams: Array<{ target: string; inspectors: string[] }>;
}

export type DrawProblem =
  | { problem: 'duplicate'; pool: 'targets' | 'inspectors'; key: string }
  | { problem: 'count'; field: 'targetCount' | 'inspectorsPerTarget'; value: number; max: number }
  | { problem: 'candidates'; target: string; available: number; needed: number }
  | { problem: 'seed' };

const SEED = /^[0-9a-f]{64}$/;
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The pool as one canonical text (sorted keys, fixed field order): what `poolDigest` is the SM3 of. */
export function canonicalPool(input: DrawInput): string {
  return JSON.stringify({
    algorithm: DRAW_ALGORITHM,
    targets: [...input.targets].sort(byCodeUnits),
    inspectors: [...input.inspectors].sort(byCodeUnits),
    conflicts: input.conflicts.map(([i, t]) => [i, t]).sort((a, b) => byCodeUnits(`${a[0]}\u0000${a[1]}`, `${b[0]}\u0000${b[1]}`)),
    targetCount: input.targetCount,
    inspectorsPerTarget: input.inspectorsPerTarget,
    // Only when announced, so that the digests of draws made without a beacon stay what they were.
    ...(input.beaconSource ? { beaconSource: input.beaconSource } : {}),
  });
}

/**
 * The seed the stream runs on: the committed seed itself, or — when a beacon was announced — SM3 of
 * `<seed>:beacon:<beacon>` as 64 lower-case hex digits.
 *
 * @example drawSeedOf('ab…', '2026339期 3D 开奖号码 472') // → 64 hex digits, the same for everyone
 */
export function drawSeedOf(seed: string, beacon: string | null | undefined): string {
  return beacon === null || beacon === undefined ? seed : sm3Hex(`${seed}:beacon:${beacon}`);
}

export const poolDigest = (input: DrawInput): string => sm3Hex(canonicalPool(input));
export const commitOf = (seed: string): string => sm3Hex(seed);

/** Why the draw cannot run on `input` (a duplicate key, a count beyond the pool, a target short of inspectors), or null. */
export function drawProblem(input: DrawInput): DrawProblem | null {
  for (const pool of ['targets', 'inspectors'] as const) {
    const seen = new Set<string>();
    for (const key of input[pool]) {
      if (seen.has(key)) return { problem: 'duplicate', pool, key };
      seen.add(key);
    }
  }
  if (!Number.isSafeInteger(input.targetCount) || input.targetCount < 1 || input.targetCount > input.targets.length) {
    return { problem: 'count', field: 'targetCount', value: input.targetCount, max: input.targets.length };
  }
  if (!Number.isSafeInteger(input.inspectorsPerTarget) || input.inspectorsPerTarget < 1 || input.inspectorsPerTarget > input.inspectors.length) {
    return { problem: 'count', field: 'inspectorsPerTarget', value: input.inspectorsPerTarget, max: input.inspectors.length };
  }
  // Every target, not only the ones the seed will pick: the draw must be possible whatever the seed is.
  const conflicted = new Map<string, Set<string>>();
  for (const [i, t] of input.conflicts) conflicted.set(t, (conflicted.get(t) ?? new Set()).add(i));
  for (const target of input.targets) {
    const available = input.inspectors.filter((i) => !conflicted.get(target)?.has(i)).length;
    if (available < input.inspectorsPerTarget) return { problem: 'candidates', target, available, needed: input.inspectorsPerTarget };
  }
  return null;
}

/** The stream of step 2 with uniform(n) of step 3. */
function randomStream(seed: string) {
  let block = 0;
  let words: DataView | null = null;
  let at = 8;
  const nextWord = () => {
    if (at === 8) {
      words = new DataView(sm3(`${seed}:${block}`).buffer);
      block += 1;
      at = 0;
    }
    const w = words!.getUint32(at * 4);
    at += 1;
    return w;
  };
  return (n: number) => {
    const limit = Math.floor(2 ** 32 / n) * n;
    for (;;) {
      const u = nextWord();
      if (u < limit) return u % n;
    }
  };
}

function partialShuffle(keys: string[], count: number, uniform: (n: number) => number): string[] {
  for (let i = 0; i < count; i += 1) {
    const j = i + uniform(keys.length - i);
    [keys[i], keys[j]] = [keys[j]!, keys[i]!];
  }
  return keys.slice(0, count);
}

/** Runs the draw (steps 2–5). Throws when `seed` is not 64 lower-case hex digits or `drawProblem` finds one. */
export function runDraw(seed: string, input: DrawInput): DrawResult {
  if (!SEED.test(seed)) throw new RangeError('种子须为 64 位小写十六进制 / the seed must be 64 lower-case hex digits');
  const problem = drawProblem(input);
  if (problem) throw new RangeError(`抽取参数无效 / the draw cannot run: ${JSON.stringify(problem)}`);
  const uniform = randomStream(seed);
  const targets = partialShuffle([...input.targets].sort(byCodeUnits), input.targetCount, uniform);
  const teams = targets.map((target) => {
    const excluded = new Set(input.conflicts.filter(([, t]) => t === target).map(([i]) => i));
    const candidates = input.inspectors.filter((i) => !excluded.has(i)).sort(byCodeUnits);
    return { target, inspectors: partialShuffle(candidates, input.inspectorsPerTarget, uniform) };
  });
  return { targets, teams };
}
