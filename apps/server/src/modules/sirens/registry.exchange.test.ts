/**
 * The registry exchange format without a database: any valid registry written as XLSX or CSV reads back unchanged
 * (property), and a bad file names every problem of every row by row, column and rule in zh and en.
 */
import { SIREN_CONTROL_CHANNELS, SIREN_KINDS } from '@civdef/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvBuffer, csvRows } from '../../lib/xlsx/csv.ts';
import { loadWorkbook, sheetRows } from '../../lib/xlsx/read.ts';
import { addSheet, newWorkbook, workbookBuffer } from '../../lib/xlsx/write.ts';
import { parseSirenRows, sirenSheet, sirenTemplate, type SirenRecord } from './registry.exchange.ts';

// Texts as people keep them: no surrounding spaces (cells are trimmed on reading), printable characters, Chinese, line
// breaks, and the characters a spreadsheet would take for a formula. (A bare carriage return is not kept by XLSX: XML
// turns it into a line break.)
const text = (max: number) => fc.string({ minLength: 1, maxLength: max, unit: fc.oneof(fc.constantFrom('=', '+', '-', '@', "'", ',', '"', '\n', '警', '报', ' ', '\t'), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 })) })
  .map((s) => s.trim()).filter((s) => s.length > 0 && !s.startsWith('说明'));
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const num = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));

const record: fc.Arbitrary<Omit<SirenRecord, 'code' | 'terminalId'> & { terminal: string | null }> = fc.record({
  name: text(100),
  regionCode: fc.constantFrom('320602', '320602001', '110101'),
  location: fc.tuple(num(73, 136), num(3, 54)),
  kind: fc.constantFrom(...SIREN_KINDS.map((k) => k.code)),
  controlChannel: fc.constantFrom(...SIREN_CONTROL_CHANNELS.map((k) => k.code)),
  terminal: opt(fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/)),
  ratedPowerW: opt(num(0, 100_000)),
  ratedLevelDb: opt(num(40, 160)),
  referenceDistanceM: opt(num(0.5, 1000)),
  mountHeightM: opt(num(0, 500)),
  hostUnit: opt(text(100)),
  contactName: opt(text(50)),
  contactPhone: opt(fc.stringMatching(/^[0-9+()-][0-9+()\- ]{1,30}[0-9+()-]$/)),
  installedYear: opt(fc.integer({ min: 1950, max: 2100 })),
});
// Codes and terminal ids unique in the file; a terminal id only on a remote siren.
const registry = fc.array(record, { maxLength: 12 }).map((rs) => rs.map(({ terminal, ...r }, i): SirenRecord => ({
  ...r, code: `S${i}`, terminalId: r.controlChannel === 'mqtt' && terminal ? `${terminal.slice(0, 60)}-${i}` : null,
})));

async function viaXlsx(sirens: SirenRecord[]) {
  const wb = await newWorkbook();
  addSheet(wb, sirenSheet(sirens));
  return parseSirenRows(sheetRows((await loadWorkbook(await workbookBuffer(wb))).worksheets[0]!));
}
const strip = (r: { sirens: Array<SirenRecord & { row: number }> }) => r.sirens.map(({ row: _row, ...s }) => s);

describe('siren registry exchange', () => {
  it('reads back every registry it wrote as CSV unchanged', () => {
    fc.assert(fc.property(registry, (sirens) => {
      const c = parseSirenRows(csvRows(csvBuffer(sirenSheet(sirens))));
      expect(c.errors).toEqual([]);
      expect(strip(c)).toEqual(sirens);
    }), { numRuns: 200 });
  });

  // A workbook takes tens of milliseconds to write and read: fewer runs, a longer timeout.
  it('reads back every registry it wrote as XLSX unchanged', async () => {
    await fc.assert(fc.asyncProperty(registry, async (sirens) => {
      const x = await viaXlsx(sirens);
      expect(x.errors).toEqual([]);
      expect(strip(x)).toEqual(sirens);
    }), { numRuns: 30 });
  }, 60_000);

  it('reads its own template as an empty file, in both formats', async () => {
    expect(parseSirenRows(csvRows(csvBuffer(sirenTemplate())))).toEqual({ sirens: [], errors: [] });
    const wb = await newWorkbook();
    addSheet(wb, sirenTemplate());
    expect(parseSirenRows(sheetRows((await loadWorkbook(await workbookBuffer(wb))).worksheets[0]!))).toEqual({ sirens: [], errors: [] });
  });

  it('names every problem of every row at once: row, column and rule, in Chinese and English', () => {
    const csv = [
      '编号*,名称*,区划代码*,经度*,纬度*,类型*,控制方式*,终端编号,额定声级dB,参考距离m,联系电话,安装年份',
      'A-1,好的,320602,120.8,32.0,电动警报器,网络遥控,,,,,',
      'A 2,,3206,200,32.0,喇叭,网络遥控,,30,0,电话,1800.5',
      'A-1,重复,320602,120.8,32.0,motor,现场手动,T-1,,,,',
    ].join('\r\n');
    const { errors } = parseSirenRows(csvRows(Buffer.from(csv)));
    const at = errors.map((e) => e.at);
    expect(at).toEqual(['警报器!A3', '警报器!B3', '警报器!C3', '警报器!D3', '警报器!F3', '警报器!I3', '警报器!J3', '警报器!K3', '警报器!L3', '警报器!4', '警报器!4']);
    expect(errors[1]).toEqual({ at: '警报器!B3', zh: '「名称」必填', en: 'name: required' });
    expect(errors[3]).toMatchObject({ zh: '「经度」200 超出范围 73–136', en: 'longitude: 200 is outside 73–136' });
    expect(errors[4]!.en).toMatch(/^kind: "喇叭" is not one of motor \(电动警报器\)/);
    expect(errors[6]).toMatchObject({ zh: '「参考距离m」0 超出范围 0（不含）–1000', en: 'reference distance m: 0 is outside 0 (exclusive)–1000' });
    expect(errors[8]).toMatchObject({ en: 'installation year: "1800.5" should be a whole number' });
    expect(errors[9]).toMatchObject({ zh: '「编号」A-1 与第 2 行重复' });
    expect(errors[10]!.en).toMatch(/^terminal id: only a siren controlled over the network/);
  });

  it('reports a missing required column once, on the header row', () => {
    const { errors } = parseSirenRows(csvRows(Buffer.from('编号,名称\r\nA,B\r\n')));
    expect(errors.filter((e) => e.at === '警报器!1').map((e) => e.en)).toEqual([
      'the required column "区划代码" (region code) is missing', 'the required column "经度" (longitude) is missing', 'the required column "纬度" (latitude) is missing',
      'the required column "类型" (kind) is missing', 'the required column "控制方式" (control channel) is missing',
    ]);
  });
});
