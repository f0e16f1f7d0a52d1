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

export interface PasswordPolicy {
  minLength: number;
  classes: number;
}

export interface PolicyViolation {
  reasonZh: string;
  reasonEn: string;
}

/** Length, character classes, not containing the user name, no long runs of one character. */
export function checkPasswordPolicy(password: string, policy: PasswordPolicy, username?: string): PolicyViolation | null {
  if (password.length < policy.minLength) {
    return { reasonZh: `长度至少 ${policy.minLength} 位`, reasonEn: `at least ${policy.minLength} characters` };
  }
  if (password.length > 128) return { reasonZh: '长度不超过 128 位', reasonEn: 'at most 128 characters' };
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < policy.classes) {
    return {
      reasonZh: `须包含小写字母、大写字母、数字、符号中的至少 ${policy.classes} 类`,
      reasonEn: `must mix at least ${policy.classes} of: lower case, upper case, digits, symbols`,
    };
  }
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    return { reasonZh: '不能包含用户名', reasonEn: 'must not contain the user name' };
  }
  if (/(.)\1{3,}/.test(password)) return { reasonZh: '不能有 4 个以上连续相同字符', reasonEn: 'no character repeated 4 times in a row' };
  return null;
}

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
