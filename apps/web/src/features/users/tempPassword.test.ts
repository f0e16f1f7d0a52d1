import { checkPasswordPolicy } from '@civdef/domain';
import { describe, expect, it } from 'vitest';
import { generateTempPassword } from './tempPassword.ts';

describe('generateTempPassword', () => {
  it('passes the policy the server checks, for strict and default policies, and never repeats', () => {
    const seen = new Set<string>();
    for (const policy of [{ minLength: 12, classes: 3 }, { minLength: 20, classes: 4 }]) {
      for (let i = 0; i < 300; i++) {
        const p = generateTempPassword(policy, 'zhang.san');
        expect(checkPasswordPolicy(p, policy, 'zhang.san'), p).toBeNull();
        expect(p.length).toBeGreaterThanOrEqual(Math.max(policy.minLength, 14));
        expect(p).not.toMatch(/[0O1lI]/);
        seen.add(p);
      }
    }
    expect(seen.size).toBe(600);
  });
});
