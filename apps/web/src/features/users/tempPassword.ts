import { checkPasswordPolicy, type PasswordPolicy } from '@civdef/domain';

/** No look-alikes (0/O, 1/l/I): the password is read out over the phone or copied from a screen. */
const SETS = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '#%+=?@-'];

function pick(set: string, random: (n: number) => number): string {
  return set[random(set.length)]!;
}

/** A uniform integer in [0, n) from the browser's CSPRNG (rejection sampling: no modulo bias). */
function cryptoRandom(n: number): number {
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  const buf = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buf);
    if (buf[0]! < limit) return buf[0]! % n;
  }
}

/**
 * A temporary password for a new account or a reset: at least 14 characters (or the policy's length), every
 * character class, no look-alike characters, and it passes the policy the server checks (same function).
 */
export function generateTempPassword(policy: PasswordPolicy, username?: string, random: (n: number) => number = cryptoRandom): string {
  const length = Math.max(policy.minLength, 14);
  for (;;) {
    const chars = SETS.map((s) => pick(s, random));
    const all = SETS.join('');
    while (chars.length < length) chars.push(pick(all, random));
    // Fisher–Yates, so the class of each position is not predictable.
    for (let i = chars.length - 1; i > 0; i--) {
      const j = random(i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const password = chars.join('');
    if (!checkPasswordPolicy(password, policy, username)) return password;
  }
}
