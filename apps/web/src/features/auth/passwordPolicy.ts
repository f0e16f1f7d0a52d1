import type { PasswordPolicy } from '../../api/types.ts';

/** Character classes counted by the server's policy: lower, upper, digit, anything else. */
export function passwordClasses(password: string): number {
  let n = 0;
  if (/[a-z]/.test(password)) n++;
  if (/[A-Z]/.test(password)) n++;
  if (/[0-9]/.test(password)) n++;
  if (/[^A-Za-z0-9]/.test(password)) n++;
  return n;
}

export type PasswordProblem = 'tooShort' | 'tooFewClasses' | null;

/** The first rule `password` breaks, or null. The server checks again; this only saves a round trip. */
export function passwordProblem(password: string, policy: PasswordPolicy): PasswordProblem {
  if ([...password].length < policy.minLength) return 'tooShort';
  if (passwordClasses(password) < policy.classes) return 'tooFewClasses';
  return null;
}

/** Used until /api/config/public answers: the server's documented default (等保 level 3 practice). */
export const FALLBACK_POLICY: PasswordPolicy = { minLength: 10, classes: 3 };

/** 3–32 characters, a letter first; the same rule the server's TypeBox schema applies. */
export const USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/;
