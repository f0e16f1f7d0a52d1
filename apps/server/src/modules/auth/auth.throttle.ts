/**
 * The rules of sign-in throttling, with no database: how long an address waits, and what solves a challenge.
 *
 * Why throttling and a challenge rather than a lock: a lock after N wrong passwords lets anyone who knows a
 * user name keep that user (the administrator first of all) out for good, from anywhere. Here failures cost
 * the one who makes them: the address that keeps failing for a name waits longer and longer (exponentially,
 * so a guesser gets a few dozen tries a day), and once a name has failed often from any address, every
 * sign-in to it must carry a solved proof-of-work challenge, which the real user's browser solves in well
 * under a second without their noticing, and which makes a guesser spread over many addresses pay CPU time
 * for each guess. The account itself never locks and its sessions never end for failures.
 *
 * Why proof of work rather than a picture or a sum to type: the platform runs in offices with no outside
 * service to call (no reCAPTCHA/hCaptcha, no 极验), a picture captcha needs an image library and is hard for
 * users with poor sight (and is solved by OCR services for cents anyway), and a typed sum is read by any bot.
 * A hash puzzle needs nothing but SHA-256 on both ends, shows the user nothing to read, works the same in
 * Chinese and English, and its cost is one setting (LOGIN_CHALLENGE_BITS). It is the scheme of ALTCHA and
 * Cap (`altcha-lib`, `@cap.js/server`), built here in a few lines because neither is installed; the
 * console computes SHA-256 itself because `crypto.subtle` is missing on plain-HTTP intranet addresses.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../../config.ts';

export type ThrottleSettings = Pick<Config['login'], 'throttleAfter' | 'delayBaseSeconds' | 'delayMaxSeconds'>;

/**
 * Seconds the address must wait after its `failures`-th failure for one name: none before `throttleAfter`,
 * then the base, doubled with each further failure, up to the cap.
 *
 * @example delaySeconds(5, { throttleAfter: 3, delayBaseSeconds: 2, delayMaxSeconds: 900 }) // 8
 */
export function delaySeconds(failures: number, s: ThrottleSettings): number {
  if (failures < s.throttleAfter) return 0;
  const doublings = Math.min(failures - s.throttleAfter, 30);
  return Math.min(s.delayMaxSeconds, s.delayBaseSeconds * 2 ** doublings);
}

/** The hash algorithm of the challenge, as the console names it. */
export const CHALLENGE_ALGORITHM = 'SHA-256';

/** How many leading bits of `digest` are zero. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/**
 * Whether `nonce` solves the challenge `id`: SHA-256 of the UTF-8 text `id:nonce` starts with `bits` zero bits.
 * The nonce is the decimal counter the console stopped at; anything else is refused before hashing.
 */
export function solves(id: string, nonce: string, bits: number): boolean {
  if (!/^\d{1,15}$/.test(nonce)) return false;
  return leadingZeroBits(createHash('sha256').update(`${id}:${nonce}`, 'utf8').digest()) >= bits;
}
