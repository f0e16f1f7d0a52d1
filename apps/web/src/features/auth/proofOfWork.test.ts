import { describe, expect, it } from 'vitest';
import { leadingZeroBits, sha256Hex, sha256Words, solveChallenge } from './proofOfWork.ts';

const words = (s: string) => sha256Words(new TextEncoder().encode(s));

describe('SHA-256', () => {
  it('matches the published test vectors, across block boundaries and in UTF-8', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    expect(sha256Hex('a'.repeat(1000))).toBe('41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3');
    expect(sha256Hex('人防')).toBe('0b3b6b6247ca9c244ef18257ddf8ea65457457a75c0977f3385fe1b52d071c22');
  });
});

describe('solveChallenge', () => {
  it('finds the first nonce whose hash starts with the asked zero bits', async () => {
    const nonce = await solveChallenge({ id: 'abc123', bits: 12 });
    expect(leadingZeroBits(words(`abc123:${nonce}`))).toBeGreaterThanOrEqual(12);
    for (let n = 0; n < Number(nonce); n++) expect(leadingZeroBits(words(`abc123:${n}`))).toBeLessThan(12);
  });

  it('solves ids too long for one block the same way', async () => {
    const id = 'x'.repeat(60);
    const nonce = await solveChallenge({ id, bits: 8 });
    expect(leadingZeroBits(words(`${id}:${nonce}`))).toBeGreaterThanOrEqual(8);
    for (let n = 0; n < Number(nonce); n++) expect(leadingZeroBits(words(`${id}:${n}`))).toBeLessThan(8);
  });

  it('stops when the page gives up', async () => {
    const ctl = new AbortController();
    ctl.abort();
    await expect(solveChallenge({ id: 'abc123', bits: 30 }, ctl.signal)).rejects.toThrow('challenge abandoned');
  });
});
