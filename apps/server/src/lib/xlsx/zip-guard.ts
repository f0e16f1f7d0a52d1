/**
 * The envelope of an XLSX (a zip): what its central directory declares, and an exact check of what it really
 * unpacks to, before any workbook parser builds objects from it. A 7 MB file that unpacks to 300 MB must be
 * refused on its declared sizes in milliseconds, and one that lies about its sizes must be refused while
 * inflating, never after the parser has spent gigabytes on it. Pure (no I/O).
 */
import { inflateRawSync } from 'node:zlib';
import { ImportFormatError } from './format-error.ts';

/** Everything inside one workbook together: a 50,000-row, 32-column sheet unpacks to well under half of this. */
export const MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024;
/**
 * Row elements per worksheet: twice the largest import's row limit (the works import's 50,000), leaving room for
 * the header, a template's 说明 row and some formatted blank rows.
 */
export const MAX_XLSX_SHEET_ROWS = 100_000;
/** Cell elements in all worksheets together: the works and unit sheets at the row limit with every column filled. */
export const MAX_XLSX_CELLS = 4_000_000;
/** More entries than any workbook has: a zip of many tiny files is another way to exhaust memory. */
export const MAX_XLSX_ENTRIES = 10_000;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MB = 1024 * 1024;

const notZip = () => new ImportFormatError('不是有效的 XLSX 文件（zip 结构损坏）', 'not a valid XLSX file (broken zip structure)');

function u64(b: Buffer, at: number): number {
  const n = b.readBigUInt64LE(at);
  // Beyond 2^53 no real file goes: treat as "too large" rather than lose precision.
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}

/** The entries the central directory declares. Throws ImportFormatError when the structure is not a zip. */
export function zipEntries(data: Buffer): ZipEntry[] {
  if (data.length < 22) throw notZip();
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (data.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notZip();
  let count = data.readUInt16LE(eocd + 10);
  let cdOffset = data.readUInt32LE(eocd + 16);
  if ((count === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && data.readUInt32LE(eocd - 20) === EOCD64_LOCATOR) {
    const at = u64(data, eocd - 20 + 8);
    if (at + 56 > data.length || data.readUInt32LE(at) !== EOCD64) throw notZip();
    count = u64(data, at + 32);
    cdOffset = u64(data, at + 48);
  }
  if (count > MAX_XLSX_ENTRIES) {
    throw new ImportFormatError(`XLSX 内含文件 ${count} 个，超过上限 ${MAX_XLSX_ENTRIES}`, `the XLSX holds ${count} files, more than the ${MAX_XLSX_ENTRIES} limit`);
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > data.length || data.readUInt32LE(p) !== CENTRAL) throw notZip();
    const nameLen = data.readUInt16LE(p + 28);
    const extraLen = data.readUInt16LE(p + 30);
    const commentLen = data.readUInt16LE(p + 32);
    if (p + 46 + nameLen + extraLen + commentLen > data.length) throw notZip();
    let compressedSize = data.readUInt32LE(p + 20);
    let uncompressedSize = data.readUInt32LE(p + 24);
    let localHeaderOffset = data.readUInt32LE(p + 42);
    // Zip64: the real sizes are in the 0x0001 extra field, in this order, only for the fields set to 0xFFFFFFFF.
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen;) {
      const id = data.readUInt16LE(x);
      const size = data.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let f = x + 4;
        if (uncompressedSize === 0xffffffff && f + 8 <= x + 4 + size) { uncompressedSize = u64(data, f); f += 8; }
        if (compressedSize === 0xffffffff && f + 8 <= x + 4 + size) { compressedSize = u64(data, f); f += 8; }
        if (localHeaderOffset === 0xffffffff && f + 8 <= x + 4 + size) localHeaderOffset = u64(data, f);
      }
      x += 4 + size;
    }
    entries.push({ name: data.toString('utf8', p + 46, p + 46 + nameLen), method: data.readUInt16LE(p + 10), compressedSize, uncompressedSize, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

const lies = () => new ImportFormatError(
  'XLSX 实际解压大小超过其声明的大小（疑似压缩炸弹），拒绝处理', 'the XLSX unpacks to more than it declares (a zip bomb?); refused',
);

/** The declared unpacked size is over the limit: the upload can be refused at once, before a job exists. */
export class UnpackedTooLarge extends ImportFormatError {
  constructor(readonly sizeMb: number, readonly limitMb = MAX_XLSX_UNPACKED_BYTES / MB) {
    super(`XLSX 解压后大小 ${sizeMb} MB 超过上限 ${limitMb} MB，请拆分文件`, `the XLSX unpacks to ${sizeMb} MB, more than the ${limitMb} MB limit; split the file`);
  }
}

const tooLarge = (bytes: number) => new UnpackedTooLarge(Math.ceil(bytes / MB));

/** The declared check: milliseconds, before anything is inflated. */
export function checkDeclaredSize(data: Buffer): ZipEntry[] {
  const entries = zipEntries(data);
  const total = entries.reduce((s, e) => s + e.uncompressedSize, 0);
  if (total > MAX_XLSX_UNPACKED_BYTES) throw tooLarge(total);
  return entries;
}

/** Counts `<row` / `<c` elements (with or without a namespace prefix) in a worksheet's XML. */
function countElements(xml: Buffer): { rows: number; cells: number } {
  const text = xml.toString('latin1');
  const rows = text.match(/<(?:[A-Za-z_][\w.-]*:)?row[\s>/]/g)?.length ?? 0;
  const cells = text.match(/<(?:[A-Za-z_][\w.-]*:)?c[\s>/]/g)?.length ?? 0;
  return { rows, cells };
}

/**
 * The exact check: inflates every entry with its declared size as the ceiling (a zip that lies about its sizes
 * stops at the lie), then counts the rows and cells of each worksheet against the limits. Runs where the parse
 * runs (the import worker), before the workbook parser.
 */
export function checkUnpacked(data: Buffer): void {
  const entries = checkDeclaredSize(data);
  let cells = 0;
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const at = e.localHeaderOffset;
    if (at + 30 > data.length || data.readUInt32LE(at) !== LOCAL) throw notZip();
    const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28);
    const raw = data.subarray(start, start + e.compressedSize);
    let body: Buffer;
    if (e.method === 0) body = raw;
    else if (e.method === 8) {
      try {
        // One byte over the declared size is enough to know the declaration lied.
        body = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.uncompressedSize + 1) });
      } catch (err) {
        if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw lies();
        throw notZip();
      }
    } else throw new ImportFormatError(`XLSX 使用了不支持的压缩方式 ${e.method}`, `the XLSX uses an unsupported compression method ${e.method}`);
    if (body.length !== e.uncompressedSize) {
      if (body.length > e.uncompressedSize) throw lies();
      throw notZip();
    }
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) {
      const n = countElements(body);
      if (n.rows > MAX_XLSX_SHEET_ROWS) {
        throw new ImportFormatError(`工作表行数 ${n.rows} 超过上限 ${MAX_XLSX_SHEET_ROWS}`, `a sheet has ${n.rows} rows, more than the ${MAX_XLSX_SHEET_ROWS} limit`);
      }
      cells += n.cells;
      if (cells > MAX_XLSX_CELLS) {
        throw new ImportFormatError(`单元格数超过上限 ${MAX_XLSX_CELLS}`, `more than ${MAX_XLSX_CELLS} cells`);
      }
    }
  }
}
