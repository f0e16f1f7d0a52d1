import ExcelJS from 'exceljs';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseXlsx } from './parse-xlsx.ts';
import { importTemplate } from './template.ts';
import { toXlsx } from './writers.ts';
import { MAX_XLSX_SHEET_ROWS, MAX_XLSX_UNPACKED_BYTES, UnpackedTooLarge, checkDeclaredSize, checkUnpacked, zipEntries } from '../../../../lib/xlsx/zip-guard.ts';
import { bombXlsx, liarXlsx, manyRowsXlsx } from './zip.test-fixtures.ts';

const LIMIT_MB = MAX_XLSX_UNPACKED_BYTES / 1048576;

describe('XLSX envelope limits', () => {
  it('reads the entries of a workbook exceljs wrote, and passes it', async () => {
    const file = await importTemplate('xlsx');
    const names = zipEntries(file).map((e) => e.name);
    expect(names).toContain('xl/workbook.xml');
    expect(() => checkUnpacked(file)).not.toThrow();
  });

  it('refuses a 300 MB-unpacking file on its declared sizes, without inflating it, naming the limit in zh and en', async () => {
    const file = await bombXlsx(300);
    expect(file.length).toBeLessThan(1024 * 1024);
    // Not a timing: the sheet's compressed bytes are overwritten with garbage, so a check that inflated anything would
    // fail with a zlib error. Refusing it on the limit proves the decision came from the central directory alone.
    const sheet = zipEntries(file).find((e) => e.name.endsWith('sheet1.xml'))!;
    const dataAt = sheet.localHeaderOffset + 30 + file.readUInt16LE(sheet.localHeaderOffset + 26) + file.readUInt16LE(sheet.localHeaderOffset + 28);
    file.fill(0xff, dataAt, dataAt + sheet.compressedSize);
    expect(() => inflateRawSync(file.subarray(dataAt, dataAt + sheet.compressedSize))).toThrow();
    let err: unknown;
    try {
      checkDeclaredSize(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnpackedTooLarge);
    expect((err as UnpackedTooLarge).zh).toContain(`上限 ${LIMIT_MB} MB`);
    expect((err as UnpackedTooLarge).en).toContain(`${LIMIT_MB} MB limit`);
    expect((err as UnpackedTooLarge).sizeMb).toBeGreaterThanOrEqual(300);
  });

  it('stops inflating a zip that unpacks to more than it declares', async () => {
    const file = await liarXlsx(50);
    expect(() => checkDeclaredSize(file)).not.toThrow();
    expect(() => checkUnpacked(file)).toThrow(/more than it declares/);
  });

  it('refuses a sheet with more rows than the limit before exceljs reads it', async () => {
    await expect(parseXlsx(manyRowsXlsx(MAX_XLSX_SHEET_ROWS + 1), 'wgs84')).rejects.toThrow(`more than the ${MAX_XLSX_SHEET_ROWS} limit`);
    expect(() => checkUnpacked(manyRowsXlsx(10))).not.toThrow();
  });

  it('refuses bytes that are not a zip as a broken file, not a crash', () => {
    expect(() => zipEntries(Buffer.from('PK\u0005\u0006 not really'))).toThrow(/broken zip/);
    expect(() => zipEntries(Buffer.alloc(3))).toThrow(/broken zip/);
  });

  it('writes a text cell starting with = as a string, never a formula (exceljs)', async () => {
    const file = await toXlsxWithName('=HYPERLINK("http://evil.example","点我")');
    // What Excel and WPS read: the sheet XML has no formula element at all.
    const sheet = zipEntries(file).find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    const start = sheet.localHeaderOffset + 30 + file.readUInt16LE(sheet.localHeaderOffset + 26) + file.readUInt16LE(sheet.localHeaderOffset + 28);
    const xml = inflateRawSync(file.subarray(start, start + sheet.compressedSize)).toString('utf8');
    expect(xml).toContain('<sheetData>');
    expect(xml).not.toMatch(/<f[\s>]/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const cell = wb.getWorksheet('工程')!.getRow(2).getCell(2);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('=HYPERLINK("http://evil.example","点我")');
    expect(cell.formula).toBeUndefined();
  });
});

async function toXlsxWithName(name: string): Promise<Buffer> {
  const row = {
    id: 1, code: 'X-1', name, address: null, regionCode: '320602', lng: 120.9, lat: 32, constructionForm: 'attached', parentProject: 'p', workClass: 'personnel_shelter',
    subtype: null, protectionGrade: null, chemicalGrade: null, yearBuilt: null, owner: null, managementUnit: null, contactName: null, contactPhone: null,
    isPublic: false, lifecycleState: 'in_use', grossAreaM2: 10, protectedAreaM2: 9, shelterAreaM2: 8, parkingSpaces: null, peacetimeUse: null,
  };
  return toXlsx([row as unknown as Parameters<typeof toXlsx>[0][number]], []);
}
