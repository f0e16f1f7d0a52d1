import { hash, verify } from '@node-rs/argon2';

// Argon2id with OWASP's minimum (19 MiB, 2 passes): memory-hard, so GPU guessing is expensive.
// algorithm 2 = Argon2id (the package's const enum cannot be imported under isolatedModules).
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when the user name is unknown, so both paths cost the same time.
let dummyHash: Promise<string> | null = null;
export async function burnVerifyTime(password: string): Promise<void> {
  dummyHash ??= hashPassword('civdef-timing-equaliser-9f3b');
  await verifyPassword(await dummyHash, password);
}

// The policy itself is shared with the console (packages/domain): one definition for both sides.
export { checkPasswordPolicy, type PasswordPolicy, type PolicyViolation } from '@civdef/domain';

/** A random password that satisfies any policy of up to 4 classes: used for the first administrator. */
export function generatePassword(length = 20): string {
  const sets = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '!@#%^*-_+='];
  const all = sets.join('');
  const pick = (s: string) => s[crypto.getRandomValues(new Uint32Array(1))[0]! % s.length]!;
  const chars = sets.map(pick);
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = crypto.getRandomValues(new Uint32Array(1))[0]! % (i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  const out = chars.join('');
  return /(.)\1{3,}/.test(out) ? generatePassword(length) : out;
}
