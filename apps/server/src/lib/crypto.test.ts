import { sm3 } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import { randomSm2PrivateKey } from '../config.ts';
import { hmacSm3Hex, keyIdOf, portableHmacSm3Hex, sm3Hex, sm2PublicKeyOf, sm2Sign, sm2Verify } from './crypto.ts';

/** SM3 over raw bytes (the library's byte input; `sm3Hex` takes text). */
const sm3OfBytes = (b: Buffer): string => sm3(Uint8Array.from(b));

describe('HMAC-SM3', () => {
  it('is HMAC (RFC 2104, 64-byte blocks) over SM3', () => {
    const key = Buffer.from('0b'.repeat(32), 'hex');
    const padded = Buffer.concat([key, Buffer.alloc(64 - key.length)]);
    const inner = Buffer.from(sm3OfBytes(Buffer.concat([Buffer.from(padded.map((x) => x ^ 0x36)), Buffer.from('审计 row', 'utf8')])), 'hex');
    const outer = sm3OfBytes(Buffer.concat([Buffer.from(padded.map((x) => x ^ 0x5c)), inner]));
    expect(hmacSm3Hex(key.toString('hex'), '审计 row')).toBe(outer);
  });

  it('gives the same MAC natively and by the JavaScript fallback, for short, block-sized and over-long keys', () => {
    for (const key of ['', '0b'.repeat(20), 'a5'.repeat(32), '5c'.repeat(64), '36'.repeat(65), 'ff'.repeat(131)]) {
      for (const text of ['', 'x', '审计 row', 'cmd\n1\n'.repeat(40)]) expect(hmacSm3Hex(key, text), `key ${key.length / 2} bytes`).toBe(portableHmacSm3Hex(key, text));
    }
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(sm3Hex('审计')).toBe(sm3('审计'));
  });

  it('depends on the key, and names a key without revealing it', () => {
    expect(hmacSm3Hex('a5'.repeat(32), 'x')).not.toBe(hmacSm3Hex('a6'.repeat(32), 'x'));
    expect(keyIdOf('a5'.repeat(32))).toMatch(/^[0-9a-f]{8}$/);
    expect(keyIdOf('a5'.repeat(32))).not.toBe(keyIdOf('a6'.repeat(32)));
  });
});

describe('SM2 signatures', () => {
  it('verify with the signer\'s public key only, and only for the message signed', () => {
    const key = randomSm2PrivateKey();
    const other = randomSm2PrivateKey();
    const sig = sm2Sign(key, '{"seq":3}');
    expect(sig).toMatch(/^[0-9a-f]{128}$/);
    expect(sm2Verify(sm2PublicKeyOf(key), '{"seq":3}', sig)).toBe(true);
    expect(sm2Verify(sm2PublicKeyOf(key), '{"seq":4}', sig)).toBe(false);
    expect(sm2Verify(sm2PublicKeyOf(other), '{"seq":3}', sig)).toBe(false);
    expect(sm2Verify(sm2PublicKeyOf(key), '{"seq":3}', 'not hex')).toBe(false);
  });
});
