import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { delaySeconds, leadingZeroBits, solves } from './auth.throttle.ts';

const settings = { throttleAfter: 3, delayBaseSeconds: 2, delayMaxSeconds: 60 };

/** The console's search, in a few lines: the first nonce whose hash has the bits. */
function solve(id: string, bits: number): string {
  for (let n = 0; ; n++) if (leadingZeroBits(createHash('sha256').update(`${id}:${n}`).digest()) >= bits) return String(n);
}

describe('delaySeconds', () => {
  it('lets the first failures through, then doubles the wait up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((n) => delaySeconds(n, settings))).toEqual([0, 0, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('stays finite for absurd failure counts', () => {
    expect(delaySeconds(1_000_000, { ...settings, delayMaxSeconds: 86_400 })).toBe(86_400);
  });
});

describe('the proof-of-work challenge', () => {
  it('counts leading zero bits across bytes', () => {
    expect(leadingZeroBits(Uint8Array.from([0x00, 0x00, 0x1f, 0xff]))).toBe(19);
    expect(leadingZeroBits(Uint8Array.from([0x80]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array(4))).toBe(32);
  });

  it('takes a nonce that solves it and refuses one that does not', () => {
    const nonce = solve('challenge-1', 10);
    expect(solves('challenge-1', nonce, 10)).toBe(true);
    // The same nonce for another challenge, or a harder one, almost never holds; find a failing case to be sure.
    const wrong = [...Array(50).keys()].map(String).find((n) => !solves('challenge-1', n, 10))!;
    expect(solves('challenge-1', wrong, 10)).toBe(false);
  });

  it('refuses a nonce that is not a plain decimal number before hashing', () => {
    const nonce = solve('challenge-2', 4);
    expect(solves('challenge-2', ` ${nonce}`, 4)).toBe(false);
    expect(solves('challenge-2', `${nonce}.0`, 4)).toBe(false);
    expect(solves('challenge-2', '1'.repeat(16), 0)).toBe(false);
  });
});
