import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import { passwordRule } from './passwordRule.ts';

const t = ((key: string) => key) as unknown as TFunction;
const policy = { minLength: 10, classes: 3 };

async function problemOf(password: string, username?: string): Promise<string | null> {
  const rule = passwordRule(policy, t, () => username) as { validator: (r: unknown, v: string) => Promise<void> };
  return rule.validator({}, password).then(() => null, (e: Error) => e.message);
}

describe('password rule of the console forms', () => {
  it("names the domain policy's first broken rule by its message key", async () => {
    expect(await problemOf('Ab1$')).toBe('auth.tooShort');
    expect(await problemOf('abcdefghijkl')).toBe('auth.tooFewClasses');
    expect(await problemOf('Abcdefghij1')).toBeNull();
    expect(await problemOf('Xy-Admin-2024', 'admin')).toBe('auth.containsUsername');
    expect(await problemOf('Abcd-1111-xyz')).toBe('auth.repeated');
    expect(await problemOf(`${'Ab1-'.repeat(32)}x`)).toBe('auth.tooLong');
  });

  it('has a message for every rule the policy can name, in both languages', () => {
    for (const rule of ['tooShort', 'tooLong', 'tooFewClasses', 'containsUsername', 'repeated']) {
      expect((zhCN.auth as Record<string, string>)[rule], rule).toBeTruthy();
      expect((en.auth as Record<string, string>)[rule], rule).toBeTruthy();
    }
  });
});
