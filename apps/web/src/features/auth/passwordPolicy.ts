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

export type PasswordProblem = 'tooShort' | 'tooFewClasses' | 'containsUsername' | 'repeated' | null;

/**
 * The first rule `password` breaks, or null: the server's rules (apps/server lib/password.ts) in the same
 * order. The server checks again; this only saves a round trip and explains the rule before sending.
 */
export function passwordProblem(password: string, policy: PasswordPolicy, username?: string): PasswordProblem {
  if (password.length < policy.minLength) return 'tooShort';
  if (passwordClasses(password) < policy.classes) return 'tooFewClasses';
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) return 'containsUsername';
  if (/(.)\1{3,}/.test(password)) return 'repeated';
  return null;
}

/** Used until /api/config/public answers: the server's default (PASSWORD_MIN_LENGTH, PASSWORD_MIN_CLASSES). */
export const FALLBACK_POLICY: PasswordPolicy = { minLength: 12, classes: 3 };

/** 3–32 lower-case letters, digits, `_ . -`, not starting with a symbol: the server's TypeBox rule. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{2,31}$/;
