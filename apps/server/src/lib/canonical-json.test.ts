import { describe, expect, it } from 'vitest';
import { canonicalJson, toPlainJson, toWellFormed, wellFormedStrings } from './canonical-json.ts';

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('replaces lone surrogates by U+FFFD, as the database stores them, and keeps pairs', () => {
    expect(toWellFormed('a\ud800b')).toBe('a\ufffdb');
    expect(toWellFormed('\udc00')).toBe('\ufffd');
    expect(toWellFormed('x\ud800')).toBe('x\ufffd');
    expect(toWellFormed('\udc00\ud800')).toBe('\ufffd\ufffd');
    expect(toWellFormed('人防😀')).toBe('人防😀');
    // What a UTF-8 encoder (the database driver) writes for the raw string is what the hash now covers.
    const raw = `u${'\ud800'}${'\ud83d\ude00'}${'\ude00'}`;
    expect(toWellFormed(raw)).toBe(new TextDecoder().decode(new TextEncoder().encode(raw)));
  });

  it('hashes a value with a lone surrogate exactly as it hashes the value read back', () => {
    const written = { actor: 'x\ud800', after: { ['k\udc00']: ['\ud800'] } };
    const readBack = JSON.parse(new TextDecoder().decode(new TextEncoder().encode(JSON.stringify(toPlainJson(written))))) as unknown;
    expect(canonicalJson(written)).toBe(canonicalJson(readBack));
    expect(wellFormedStrings(written)).toEqual({ actor: 'x\ufffd', after: { 'k\ufffd': ['\ufffd'] } });
  });
});
