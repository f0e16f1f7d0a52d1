/** The CAP push signature: what a receiving agency verifies, on rotation's two-key pushes and on garbage headers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSm3Hex } from '../../lib/crypto.ts';
import { MAX_SKEW_S, parsePushSignature, pushSignature, verifyPushSignature } from './channels.signature.ts';

const OLD = '11'.repeat(32);
const NEW = '22'.repeat(32);
const body = '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier></alert>';
const now = 1_800_000_000;
const ts = String(now);

describe('push signature', () => {
  it('names each key and signs timestamp and body, newest first', () => {
    const header = pushSignature([{ id: 9, keyHex: NEW }, { id: 4, keyHex: OLD }], ts, body);
    expect(header).toBe(`kid=9;hmac-sm3=${hmacSm3Hex(NEW, `${ts}\n${body}`)}, kid=4;hmac-sm3=${hmacSm3Hex(OLD, `${ts}\n${body}`)}`);
    expect(parsePushSignature(header).map((e) => e.kid)).toEqual(['9', '4']);
  });

  it('verifies with either key during a rotation, and refuses a wrong key, a changed body or a stale timestamp', () => {
    const signature = pushSignature([{ id: 9, keyHex: NEW }, { id: 4, keyHex: OLD }], ts, body);
    expect(verifyPushSignature({ signature, timestamp: ts, body }, new Map([['4', OLD]]), now)).toBe(true);
    expect(verifyPushSignature({ signature, timestamp: ts, body }, new Map([['9', NEW]]), now)).toBe(true);
    // The right key under the wrong id is not trusted: the id says which key the receiver must use.
    expect(verifyPushSignature({ signature, timestamp: ts, body }, new Map([['9', OLD]]), now)).toBe(false);
    expect(verifyPushSignature({ signature, timestamp: ts, body: `${body} ` }, new Map([['9', NEW]]), now)).toBe(false);
    expect(verifyPushSignature({ signature, timestamp: ts, body }, new Map([['9', NEW]]), now + MAX_SKEW_S + 1)).toBe(false);
    expect(verifyPushSignature({ signature, timestamp: `${ts}.0`, body }, new Map([['9', NEW]]), now)).toBe(false);
  });

  it('answers false, never throws, for any header', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), fc.string({ maxLength: 20 }), (signature, timestamp) => {
      expect(verifyPushSignature({ signature, timestamp, body }, new Map([['9', NEW]]), now)).toBe(false);
    }), { numRuns: 300 });
  });
});
