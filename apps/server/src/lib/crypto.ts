import { createHash, createHmac, getHashes, randomBytes } from 'node:crypto';
import { sm2, sm3 } from 'sm-crypto-v2';

/**
 * Whether Node's OpenSSL has SM3 (the bundled one does; a distribution's shared OpenSSL may leave it out). Native
 * SM3 is ~3× faster than the JavaScript library, which matters where one alert signs a command and checks a report
 * per siren (10,000 of each); both give the same digest (crypto.test.ts checks them against each other).
 */
const NATIVE_SM3 = getHashes().includes('sm3');

/** SM3 (GB/T 32905) digest as 64 hex characters: the hash the commercial-cryptography rules expect. */
export function sm3Hex(input: string): string {
  return NATIVE_SM3 ? createHash('sm3').update(input, 'utf8').digest('hex') : sm3(input);
}

/**
 * HMAC-SM3 (GB/T 15852.2 with SM3) of the UTF-8 of `input` under `keyHex`, as 64 hex characters. Unlike a plain
 * digest it cannot be recomputed by someone who holds the data but not the key.
 */
export function hmacSm3Hex(keyHex: string, input: string): string {
  return NATIVE_SM3 ? createHmac('sm3', Buffer.from(keyHex, 'hex')).update(input, 'utf8').digest('hex') : portableHmacSm3Hex(keyHex, input);
}

/** HMAC-SM3 by the JavaScript library: the fallback where OpenSSL has no SM3 (and the reference the test compares with). */
export function portableHmacSm3Hex(keyHex: string, input: string): string {
  return sm3(input, { key: Uint8Array.from(Buffer.from(keyHex, 'hex')), mode: 'hmac' });
}

/** A short public name for a secret key (8 hex of its SM3 digest): tells keys apart, reveals nothing usable. */
export function keyIdOf(keyHex: string): string {
  return sm3(Uint8Array.from(Buffer.from(keyHex, 'hex'))).slice(0, 8);
}

/** A new random SM2 (GB/T 32918) private key: 64 hex digits. */
export function generateSm2PrivateKey(): string {
  return sm2.generateKeyPairHex().privateKey;
}

/** The uncompressed public key (130 hex digits, `04…`) of an SM2 private key. */
export function sm2PublicKeyOf(privateKeyHex: string): string {
  return sm2.getPublicKeyFromPrivateKey(privateKeyHex);
}

/** SM2 signature (r‖s, 128 hex digits) over the UTF-8 of `message`, with the SM3 digest and default user id. */
export function sm2Sign(privateKeyHex: string, message: string): string {
  return sm2.doSignature(message, privateKeyHex, { hash: true, der: false });
}

/** Whether `signature` is `publicKeyHex`'s SM2 signature over `message`; false for any malformed input. */
export function sm2Verify(publicKeyHex: string, message: string, signature: string): boolean {
  try {
    return sm2.doVerifySignature(message, signature, publicKeyHex, { hash: true, der: false });
  } catch {
    return false;
  }
}

/** A random URL-safe token with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
