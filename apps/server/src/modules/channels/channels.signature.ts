/**
 * The signature of a CAP push to a subscribed agency (docs/protocols/cap-push.md): HMAC-SM3 of
 * `timestamp + "\n" + body` under each key of the subscription that still signs, each named by its key id, newest
 * first. While a rotated-out key's grace period runs the push carries both signatures, so an agency that has not yet
 * installed the new key keeps verifying with the old one; afterwards only the new one. `verifyPushSignature` is the
 * receiver's side, written out as the reference a receiving agency can follow (and what the tests verify with).
 */
import { timingSafeEqual } from 'node:crypto';
import { hmacSm3Hex } from '../../lib/crypto.ts';

/** How far a push's timestamp may be from the receiver's clock (a captured request cannot be replayed later). */
export const MAX_SKEW_S = 300;

/** `kid=7;hmac-sm3=<64 hex>, kid=3;hmac-sm3=<64 hex>`: one entry per signing key, newest first. */
export function pushSignature(keys: ReadonlyArray<{ id: number; keyHex: string }>, timestamp: string, body: string): string {
  return keys.map((k) => `kid=${k.id};hmac-sm3=${hmacSm3Hex(k.keyHex, `${timestamp}\n${body}`)}`).join(', ');
}

/** The entries of a signature header; entries that are not `kid=…;hmac-sm3=<hex>` are skipped, never trusted. */
export function parsePushSignature(header: string): Array<{ kid: string; mac: string }> {
  const out: Array<{ kid: string; mac: string }> = [];
  for (const entry of header.split(',')) {
    const m = /^\s*kid=([A-Za-z0-9_-]{1,64});hmac-sm3=([0-9a-f]{64})\s*$/.exec(entry);
    if (m) out.push({ kid: m[1]!, mac: m[2]! });
  }
  return out;
}

/**
 * Whether a push is authentic: its timestamp within `MAX_SKEW_S` of `nowS`, and at least one entry whose key id the
 * receiver knows carries the right HMAC (compared in constant time).
 */
export function verifyPushSignature(
  input: { signature: string; timestamp: string; body: string },
  keysById: ReadonlyMap<string, string>,
  nowS = Math.floor(Date.now() / 1000),
): boolean {
  if (!/^\d{1,12}$/.test(input.timestamp) || Math.abs(Number(input.timestamp) - nowS) > MAX_SKEW_S) return false;
  return parsePushSignature(input.signature).some(({ kid, mac }) => {
    const key = keysById.get(kid);
    if (!key) return false;
    const want = Buffer.from(hmacSm3Hex(key, `${input.timestamp}\n${input.body}`), 'hex');
    return timingSafeEqual(want, Buffer.from(mac, 'hex'));
  });
}
