import { randomBytes } from 'node:crypto';
import { sm3 } from 'sm-crypto-v2';

/** SM3 (GB/T 32905) digest as 64 hex characters: the hash the commercial-cryptography rules expect. */
export function sm3Hex(input: string): string {
  return sm3(input);
}

/** A random URL-safe token with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
