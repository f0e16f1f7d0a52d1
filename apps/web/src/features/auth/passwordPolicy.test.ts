import { describe, expect, it } from 'vitest';
import { USERNAME_PATTERN, passwordClasses, passwordProblem } from './passwordPolicy.ts';

describe('password policy', () => {
  const policy = { minLength: 10, classes: 3 };
  it('counts character classes', () => {
    expect(passwordClasses('abc')).toBe(1);
    expect(passwordClasses('abcD1')).toBe(3);
    expect(passwordClasses('aB3$')).toBe(4);
    expect(passwordClasses('人防办Ab1')).toBe(4);
  });
  it('names the first broken rule', () => {
    expect(passwordProblem('Ab1$', policy)).toBe('tooShort');
    expect(passwordProblem('abcdefghijkl', policy)).toBe('tooFewClasses');
    expect(passwordProblem('Abcdefghij1', policy)).toBeNull();
    expect(passwordProblem('Xy-Admin-2024', policy, 'admin')).toBe('containsUsername');
    expect(passwordProblem('Xy-Admin-2024', policy, 'ad')).toBeNull();
    expect(passwordProblem('Abcd-1111-xyz', policy)).toBe('repeated');
  });
  it('checks usernames', () => {
    expect(USERNAME_PATTERN.test('admin')).toBe(true);
    expect(USERNAME_PATTERN.test('haimen.duty_01')).toBe(true);
    expect(USERNAME_PATTERN.test('1abc')).toBe(true);
    expect(USERNAME_PATTERN.test('Admin')).toBe(false);
    expect(USERNAME_PATTERN.test('.abc')).toBe(false);
    expect(USERNAME_PATTERN.test('ab')).toBe(false);
    expect(USERNAME_PATTERN.test('张三')).toBe(false);
  });
});
