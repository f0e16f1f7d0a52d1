/**
 * A minimal POSIX ustar reader and writer for the two archives the platform makes itself: the trimmed PostGIS
 * bundle for the embedded database and `civdef backup` files. Regular files and directories only; long names
 * through the ustar prefix field (written) and pax / GNU long-name records (read), which covers what PGlite's
 * own bundles and dumps contain.
 */

export interface TarEntry {
  name: string;
  type: 'file' | 'dir';
  data: Uint8Array;
  mode?: number;
}

const BLOCK = 512;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

function field(block: Uint8Array, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return decoder.decode(end === -1 ? raw : raw.subarray(0, end));
}

function octal(block: Uint8Array, offset: number, length: number): number {
  const s = field(block, offset, length).trim();
  return s === '' ? 0 : parseInt(s, 8);
}

/** Every file and directory of an uncompressed tar archive, in archive order. */
export function readTar(archive: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | null = null;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const typeflag = String.fromCharCode(header[156] ?? 0);
    const prefix = field(header, 345, 155);
    const baseName = field(header, 0, 100);
    const data = archive.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (typeflag === 'L') {
      longName = decoder.decode(data).replace(/\0+$/, '');
      continue;
    }
    if (typeflag === 'x') {
      const m = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(decoder.decode(data));
      if (m) longName = m[1]!;
      continue;
    }
    if (typeflag === 'g') continue;
    const name = longName ?? (prefix ? `${prefix}/${baseName}` : baseName);
    longName = null;
    if (typeflag === '5') entries.push({ name, type: 'dir', data: new Uint8Array(0), mode: octal(header, 100, 8) });
    else if (typeflag === '0' || typeflag === '\0') entries.push({ name, type: 'file', data, mode: octal(header, 100, 8) });
    // Links and devices do not occur in the archives this reads; they are skipped rather than guessed at.
  }
  return entries;
}

function writeString(block: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = encoder.encode(value);
  if (bytes.length > length) throw new Error(`tar: "${value}" does not fit a ${length}-byte field`);
  block.set(bytes, offset);
}

function writeOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  writeString(block, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

/** Splits a long path at a slash into the ustar prefix (≤ 155 bytes) and name (≤ 100 bytes). */
function splitName(name: string): [string, string] {
  if (encoder.encode(name).length <= 100) return ['', name];
  for (let i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (encoder.encode(prefix).length <= 155 && encoder.encode(rest).length <= 100) return [prefix, rest];
  }
  throw new Error(`tar: path too long: ${name}`);
}

/** An uncompressed ustar archive of `entries`, modification times fixed at `mtime` (seconds). */
export function writeTar(entries: readonly TarEntry[], mtime = Math.floor(Date.now() / 1000)): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const entry of entries) {
    const header = new Uint8Array(BLOCK);
    const dir = entry.type === 'dir';
    const [prefix, name] = splitName(dir && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name);
    writeString(header, 0, 100, name);
    writeOctal(header, 100, 8, entry.mode ?? (dir ? 0o755 : 0o644));
    writeOctal(header, 108, 8, 0);
    writeOctal(header, 116, 8, 0);
    writeOctal(header, 124, 12, dir ? 0 : entry.data.length);
    writeOctal(header, 136, 12, mtime);
    header.fill(0x20, 148, 156); // checksum field counts as spaces while summing
    header[156] = (dir ? '5' : '0').charCodeAt(0);
    writeString(header, 257, 6, 'ustar');
    writeString(header, 263, 2, '00');
    writeString(header, 345, 155, prefix);
    let sum = 0;
    for (const b of header) sum += b;
    writeString(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    chunks.push(header);
    if (!dir && entry.data.length > 0) {
      chunks.push(entry.data);
      const pad = (BLOCK - (entry.data.length % BLOCK)) % BLOCK;
      if (pad) chunks.push(new Uint8Array(pad));
    }
  }
  chunks.push(new Uint8Array(BLOCK * 2));
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
