/**
 * Hand-made zips for the upload-limit tests: an honest zip bomb (a deflate stream of zeros, declared at its
 * real size), a liar (declares less than it unpacks to), and a workbook whose sheet has too many rows.
 */
import { createDeflateRaw, deflateRawSync } from 'node:zlib';

export interface RawEntry { name: string; data: Buffer; method: 0 | 8; size: number }

/** A zip of already-compressed entries with the sizes given (the CRC is not checked by any reader on our path). */
export function zipOf(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Deflates `mb` MiB of zeros without holding them (one reused 1 MiB chunk). */
export async function deflatedZeros(mb: number): Promise<Buffer> {
  const chunk = Buffer.alloc(1024 * 1024);
  const z = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (b: Buffer) => out.push(b));
  const ended = new Promise<void>((resolve, reject) => {
    z.on('end', resolve);
    z.on('error', reject);
  });
  for (let i = 0; i < mb; i++) if (!z.write(chunk)) await new Promise((r) => z.once('drain', r));
  z.end();
  await ended;
  return Buffer.concat(out);
}

/** An XLSX-shaped zip whose sheet honestly declares `mb` MiB unpacked. */
export async function bombXlsx(mb: number): Promise<Buffer> {
  return zipOf([
    { name: '[Content_Types].xml', data: Buffer.from('<Types/>'), method: 0, size: 8 },
    { name: 'xl/worksheets/sheet1.xml', data: await deflatedZeros(mb), method: 8, size: mb * 1024 * 1024 },
  ]);
}

/** An XLSX-shaped zip whose sheet declares 1 KiB and unpacks to `mb` MiB. */
export async function liarXlsx(mb: number): Promise<Buffer> {
  return zipOf([{ name: 'xl/worksheets/sheet1.xml', data: await deflatedZeros(mb), method: 8, size: 1024 }]);
}

/** An XLSX-shaped zip whose sheet has `rows` empty row elements. */
export function manyRowsXlsx(rows: number): Buffer {
  const xml = Buffer.from(`<worksheet><sheetData>${'<row r="1"/>'.repeat(rows)}</sheetData></worksheet>`);
  return zipOf([{ name: 'xl/worksheets/sheet1.xml', data: deflateRawSync(xml), method: 8, size: xml.length }]);
}
