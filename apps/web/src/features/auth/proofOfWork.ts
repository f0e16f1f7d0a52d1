/**
 * The sign-in challenge, solved in the browser: find the decimal `nonce` such that SHA-256 of `id:nonce` starts
 * with `bits` zero bits (the server's rule, `modules/auth/auth.throttle.ts`). At the default 18 bits that is
 * about 260 000 hashes on average, well under a second on an office PC.
 *
 * SHA-256 is written out here rather than taken from `crypto.subtle`, which browsers only offer on HTTPS and
 * localhost: many office intranets serve the console over plain HTTP on a private address. It is also much
 * faster for this job, hashing one short block per try without a promise per hash.
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL = Uint32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** One SHA-256 block: `w[0..15]` holds the block's words (the rest is scratch); `h` is updated in place. */
function compress(h: Uint32Array, w: Uint32Array): void {
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15]!;
    const b = w[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, hh = h[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (hh + s1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    hh = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = h[0]! + a; h[1] = h[1]! + b; h[2] = h[2]! + c; h[3] = h[3]! + d;
  h[4] = h[4]! + e; h[5] = h[5]! + f; h[6] = h[6]! + g; h[7] = h[7]! + hh;
}

/** SHA-256 of `bytes`, as eight 32-bit big-endian words. */
export function sha256Words(bytes: Uint8Array): Uint32Array {
  const bitLength = bytes.length * 8;
  const blocks = Math.ceil((bytes.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = Uint32Array.from(INITIAL);
  const w = new Uint32Array(64);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    compress(h, w);
  }
  return h;
}

/** Hex of SHA-256 over the UTF-8 text `s` (for tests against published vectors). */
export function sha256Hex(s: string): string {
  return [...sha256Words(new TextEncoder().encode(s))].map((x) => x.toString(16).padStart(8, '0')).join('');
}

/** Leading zero bits of a digest given as 32-bit words. */
export function leadingZeroBits(words: Uint32Array): number {
  let bits = 0;
  for (const word of words) {
    if (word !== 0) return bits + Math.clz32(word);
    bits += 32;
  }
  return bits;
}

export interface ChallengeToSolve {
  id: string;
  bits: number;
}

/**
 * Counts nonces up from 0 until one solves the challenge. Works in slices, yielding to the page between them,
 * so the spinner keeps turning and `signal` (leaving the page) stops the work. `id:nonce` fits one block (the
 * server's ids are 24 characters), so each try writes the nonce's digits into one reused block and hashes it
 * without allocating: about twenty times faster than `sha256Words` per try.
 */
export async function solveChallenge({ id, bits }: ChallengeToSolve, signal?: AbortSignal): Promise<string> {
  const prefix = new TextEncoder().encode(`${id}:`);
  const SLICE = 50_000;
  // One block holds up to 55 bytes of message; the nonce has at most 15 digits.
  const oneBlock = prefix.length + 15 <= 55;
  const block = new Uint8Array(64);
  block.set(prefix);
  const view = new DataView(block.buffer);
  const w = new Uint32Array(64);
  const h = new Uint32Array(8);
  const tries = (nonce: number): boolean => {
    if (!oneBlock) return leadingZeroBits(sha256Words(new TextEncoder().encode(`${id}:${nonce}`))) >= bits;
    const digits = String(nonce);
    let at = prefix.length;
    for (let i = 0; i < digits.length; i++) block[at++] = digits.charCodeAt(i);
    block[at] = 0x80;
    block.fill(0, at + 1, 60);
    view.setUint32(60, at * 8);
    for (let i = 0, j = 0; i < 16; i++, j += 4) w[i] = (block[j]! << 24) | (block[j + 1]! << 16) | (block[j + 2]! << 8) | block[j + 3]!;
    h.set(INITIAL);
    compress(h, w);
    return leadingZeroBits(h) >= bits;
  };
  for (let nonce = 0; nonce < Number.MAX_SAFE_INTEGER; ) {
    const end = nonce + SLICE;
    for (; nonce < end; nonce++) if (tries(nonce)) return String(nonce);
    if (signal?.aborted) throw new DOMException('challenge abandoned', 'AbortError');
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new Error('no solution found');
}
