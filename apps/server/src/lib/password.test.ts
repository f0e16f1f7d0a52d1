import { verify } from '@node-rs/argon2';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, generatePassword, hashPassword, verifyPassword } from './password.ts';

// OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane), which password.ts states it uses.
const MIN_MEMORY_KIB = 19_456;
const MIN_TIME = 2;

describe('hashPassword / verifyPassword', () => {
  it('hashes with Argon2id at no less than the OWASP minimum cost, salted', async () => {
    const a = await hashPassword('Correct-Horse-9');
    const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.exec(a);
    expect(m, a).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(MIN_MEMORY_KIB);
    expect(Number(m![2])).toBeGreaterThanOrEqual(MIN_TIME);
    expect(Number(m![3])).toBeGreaterThanOrEqual(1);
    // A fresh salt every time; the library itself agrees the hash is of this password.
    expect(await hashPassword('Correct-Horse-9')).not.toBe(a);
    expect(await verify(a, 'Correct-Horse-9')).toBe(true);
  });

  it('accepts the right password and rejects a wrong one or a broken hash', async () => {
    const h = await hashPassword('Correct-Horse-9');
    expect(await verifyPassword(h, 'Correct-Horse-9')).toBe(true);
    expect(await verifyPassword(h, 'correct-Horse-9')).toBe(false);
    expect(await verifyPassword(h, '')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'Correct-Horse-9')).toBe(false);
  });
});

// The policy's own cases live with it in packages/domain (accounts.test.ts).

describe('generatePassword', () => {
  it('always satisfies the policy, for any length and class count the configuration allows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 128 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 40 }), (minLength, classes, extra) => {
        const length = Math.min(128, minLength + extra);
        const password = generatePassword(length);
        expect(password).toHaveLength(length);
        expect(checkPasswordPolicy(password, { minLength, classes }, 'admin')).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('passes the strictest policy with its default length', () => {
    for (let i = 0; i < 200; i++) expect(checkPasswordPolicy(generatePassword(), { minLength: 20, classes: 4 }, 'admin')).toBeNull();
  });
});
