import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { USERNAME_PATTERN, checkPasswordPolicy, isValidUsername, passwordClasses, type PasswordPolicy } from './accounts.ts';

const POLICY: PasswordPolicy = { minLength: 12, classes: 3 };
const reason = (password: string, username?: string, policy = POLICY) => checkPasswordPolicy(password, policy, username)?.reasonEn ?? null;
const rule = (password: string, username?: string, policy = POLICY) => checkPasswordPolicy(password, policy, username)?.rule ?? null;

describe('checkPasswordPolicy (server and console)', () => {
  it('accepts a good password', () => {
    expect(checkPasswordPolicy('Harbour-Lights-42', POLICY, 'zhangwei')).toBeNull();
  });

  it('rejects a short password, naming the length', () => {
    expect(reason('Ab1!Ab1!Ab1')).toMatch(/at least 12 characters/);
    expect(checkPasswordPolicy('Ab1!Ab1!Ab1', POLICY)?.reasonZh).toContain('12');
    expect(rule('Ab1$', undefined, { minLength: 10, classes: 3 })).toBe('tooShort');
  });

  it('rejects too few character classes, naming the classes', () => {
    expect(reason('harbourlights42')).toMatch(/at least 3 of: lower case, upper case, digits, symbols/);
    expect(rule('harbourlights')).toBe('tooFewClasses');
    expect(reason('harbourlights42', undefined, { minLength: 12, classes: 2 })).toBeNull();
  });

  it('rejects a password containing the user name, whatever its case, from 3 characters', () => {
    expect(reason('Zhangwei-2026!', 'zhangwei')).toMatch(/user name/);
    expect(rule('x-ZHANGWEI-2026', 'ZhangWei')).toBe('containsUsername');
    expect(reason('Zhangwei-2026!', 'li')).toBeNull();
  });

  it('rejects a run of four identical characters but not three', () => {
    expect(rule('Harbour-aaaa-42')).toBe('repeated');
    expect(reason('Harbour-aaaa-42')).toMatch(/repeated 4 times/);
    expect(reason('Harbour-aaa-42')).toBeNull();
  });

  it('rejects more than 128 characters', () => {
    const long = 'Ab1-'.repeat(32);
    expect(reason(long)).toBeNull();
    expect(rule(`${long}x`)).toBe('tooLong');
    expect(reason(`${long}x`)).toMatch(/at most 128 characters/);
  });

  it('counts character classes (anything not ASCII letter or digit is a symbol)', () => {
    expect(passwordClasses('abc')).toBe(1);
    expect(passwordClasses('abcD1')).toBe(3);
    expect(passwordClasses('aB3$')).toBe(4);
    expect(passwordClasses('人防办Ab1')).toBe(4);
  });

  it('a password of enough length and classes, without runs or the user name, always passes', () => {
    const piece = fc.constantFrom('a', 'b', 'Q', 'R', '7', '8', '-', '#');
    fc.assert(fc.property(fc.array(piece, { minLength: 12, maxLength: 128 }), (chars) => {
      const password = chars.join('');
      const expected = passwordClasses(password) >= 3 && !/(.)\1{3,}/.test(password);
      expect(checkPasswordPolicy(password, POLICY, 'zhangwei') === null).toBe(expected);
    }));
  });
});

describe('user names', () => {
  it('3–32 lower-case letters, digits, _ . -, starting with a letter or digit', () => {
    for (const ok of ['admin', 'haimen.duty_01', '1abc', 'a'.repeat(32)]) expect(isValidUsername(ok), ok).toBe(true);
    for (const bad of ['Admin', '.abc', 'ab', '张三', 'a'.repeat(33), 'a b', '']) expect(isValidUsername(bad), bad).toBe(false);
    expect(USERNAME_PATTERN.source).toBe('^[a-z0-9][a-z0-9_.-]{2,31}$');
  });
});
