/**
 * Account rules the console checks before sending and the server enforces: the password policy and the
 * user-name rule. One definition here, so the two sides cannot drift (they did once: the console forgot
 * the 128-character ceiling). Hashing stays on the server.
 */

/** What `PASSWORD_MIN_LENGTH` / `PASSWORD_MIN_CLASSES` configure; the console reads it from /api/config/public. */
export interface PasswordPolicy {
  minLength: number;
  /** How many of the character classes (lower, upper, digit, symbol) a password must use. */
  classes: number;
}

/** The server's default policy, used by the console until /api/config/public answers. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 12, classes: 3 };

/** Longer passwords are refused so that Argon2 cannot be made to hash megabytes. */
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordRule = 'tooShort' | 'tooLong' | 'tooFewClasses' | 'containsUsername' | 'repeated';

/** The first rule a password breaks: a stable id (the console's message key) and the reason in both languages. */
export interface PolicyViolation {
  rule: PasswordRule;
  reasonZh: string;
  reasonEn: string;
}

/** Character classes the policy counts: lower case, upper case, digits, anything else. */
export function passwordClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
}

/**
 * Length, character classes, not containing the user name (from 3 characters, any case), no run of four
 * identical characters; the first broken rule, or null.
 *
 *     checkPasswordPolicy('harbourlights42', { minLength: 12, classes: 3 })?.rule  // 'tooFewClasses'
 */
export function checkPasswordPolicy(password: string, policy: PasswordPolicy, username?: string): PolicyViolation | null {
  if (password.length < policy.minLength) {
    return { rule: 'tooShort', reasonZh: `长度至少 ${policy.minLength} 位`, reasonEn: `at least ${policy.minLength} characters` };
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return { rule: 'tooLong', reasonZh: `长度不超过 ${PASSWORD_MAX_LENGTH} 位`, reasonEn: `at most ${PASSWORD_MAX_LENGTH} characters` };
  }
  if (passwordClasses(password) < policy.classes) {
    return {
      rule: 'tooFewClasses',
      reasonZh: `须包含小写字母、大写字母、数字、符号中的至少 ${policy.classes} 类`,
      reasonEn: `must mix at least ${policy.classes} of: lower case, upper case, digits, symbols`,
    };
  }
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    return { rule: 'containsUsername', reasonZh: '不能包含用户名', reasonEn: 'must not contain the user name' };
  }
  if (/(.)\1{3,}/.test(password)) return { rule: 'repeated', reasonZh: '不能有 4 个以上连续相同字符', reasonEn: 'no character repeated 4 times in a row' };
  return null;
}

/**
 * A user name: 3–32 lower-case letters, digits, `_ . -`, starting with a letter or digit. The source string
 * goes into the server's JSON schema (so the API document states it); the RegExp serves the console and the CLI.
 */
export const USERNAME_PATTERN_SOURCE = '^[a-z0-9][a-z0-9_.-]{2,31}$';
export const USERNAME_PATTERN = new RegExp(USERNAME_PATTERN_SOURCE);
export const USERNAME_RULE = {
  zh: '3–32 位小写字母、数字、下划线、点或连字符，以字母或数字开头',
  en: '3–32 lower-case letters, digits, _ . -, starting with a letter or digit',
} as const;

export function isValidUsername(username: string): boolean {
  return USERNAME_PATTERN.test(username);
}
