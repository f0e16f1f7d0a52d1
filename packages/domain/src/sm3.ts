/**
 * SM3 (GB/T 32905-2016) in plain TypeScript, for the rules that must run the same in the server, the console
 * and a citizen's script (the 双随机 draw): the domain package has no dependencies and runs in the browser, so
 * it cannot use the server's crypto library. Small inputs only (a seed, a counter): it is not optimised.
 */
const IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];
const rotl = (x: number, n: number) => ((x << (n % 32)) | (x >>> (32 - (n % 32)))) >>> 0;
const p0 = (x: number) => (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0;
const p1 = (x: number) => (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0;

/** SM3 digest of `data` (a string is taken as UTF-8), 32 bytes. */
export function sm3(data: Uint8Array | string): Uint8Array {
  const msg = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const bitLen = msg.length * 8;
  const padded = new Uint8Array(Math.ceil((msg.length + 9) / 64) * 64);
  padded.set(msg);
  padded[msg.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLen / 2 ** 32));
  view.setUint32(padded.length - 4, bitLen >>> 0);
  const v = [...IV];
  const w = new Array<number>(68);
  const w1 = new Array<number>(64);
  for (let off = 0; off < padded.length; off += 64) {
    for (let j = 0; j < 16; j += 1) w[j] = view.getUint32(off + j * 4);
    for (let j = 16; j < 68; j += 1) w[j] = (p1(w[j - 16]! ^ w[j - 9]! ^ rotl(w[j - 3]!, 15)) ^ rotl(w[j - 13]!, 7) ^ w[j - 6]!) >>> 0;
    for (let j = 0; j < 64; j += 1) w1[j] = (w[j]! ^ w[j + 4]!) >>> 0;
    let [a, b, c, d, e, f, g, h] = v as [number, number, number, number, number, number, number, number];
    for (let j = 0; j < 64; j += 1) {
      const t = j < 16 ? 0x79cc4519 : 0x7a879d8a;
      const ss1 = rotl((rotl(a, 12) + e + rotl(t, j)) >>> 0, 7);
      const ss2 = (ss1 ^ rotl(a, 12)) >>> 0;
      const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
      const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
      const tt1 = ((ff >>> 0) + d + ss2 + w1[j]!) >>> 0;
      const tt2 = ((gg >>> 0) + h + ss1 + w[j]!) >>> 0;
      d = c; c = rotl(b, 9); b = a; a = tt1;
      h = g; g = rotl(f, 19); f = e; e = p0(tt2);
    }
    const next = [a, b, c, d, e, f, g, h];
    for (let i = 0; i < 8; i += 1) v[i] = (v[i]! ^ next[i]!) >>> 0;
  }
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  v.forEach((x, i) => ov.setUint32(i * 4, x));
  return out;
}

/** SM3 digest as 64 lower-case hex digits. */
export function sm3Hex(data: Uint8Array | string): string {
  return [...sm3(data)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
