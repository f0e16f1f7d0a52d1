/**
 * The siren registry exchange format (one sheet 警报器, Chinese headers; XLSX or CSV): rows ↔ registry records.
 * Pure: files are read and written by lib/xlsx (the reader, writer and table columns every import shares), and
 * `parseSirenRows` reports every bad cell of every row, by row, column and rule in zh and en, rather than stopping.
 * Limits are the same as the create route's schema (sirens.schemas.ts), so a file row and a form say the same.
 */
import { SIREN_CONTROL_CHANNELS, SIREN_KINDS } from '@civdef/domain';
import type { Cell } from '../../lib/xlsx/read.ts';
import { readTable, tableSheet, type CellError, type TableColumn } from '../../lib/xlsx/table.ts';
import type { SheetSpec } from '../../lib/xlsx/write.ts';

export type { CellError };
export const SIREN_SHEET = '警报器';
export const MAX_SIREN_IMPORT_ROWS = 10_000;

const REGION = /^\d{6}(\d{3})?$/;

export const SIREN_EXCHANGE_COLUMNS: readonly TableColumn[] = [
  { key: 'code', zh: '编号', en: 'code', kind: 'text', required: true, pattern: { re: /^[A-Za-z0-9_-]{1,32}$/, zh: '只能含 1–32 个字母、数字、- 和 _', en: 'may hold only 1–32 letters, digits, - and _' } },
  { key: 'name', zh: '名称', en: 'name', kind: 'text', required: true, max: 100 },
  { key: 'regionCode', zh: '区划代码', en: 'region code', kind: 'text', required: true, pattern: { re: REGION, zh: '应为 6 或 9 位 GB/T 2260 区划代码', en: 'should be a 6- or 9-digit GB/T 2260 region code' } },
  { key: 'lng', zh: '经度', en: 'longitude', kind: 'number', required: true, min: 73, max: 136 },
  { key: 'lat', zh: '纬度', en: 'latitude', kind: 'number', required: true, min: 3, max: 54 },
  { key: 'kind', zh: '类型', en: 'kind', kind: 'enum', required: true, options: SIREN_KINDS },
  { key: 'controlChannel', zh: '控制方式', en: 'control channel', kind: 'enum', required: true, options: SIREN_CONTROL_CHANNELS },
  { key: 'terminalId', zh: '终端编号', en: 'terminal id', kind: 'text', pattern: { re: /^[A-Za-z0-9_.-]{1,64}$/, zh: '只能含 1–64 个字母、数字、. - 和 _（它是 MQTT 主题的一级）', en: 'may hold only 1–64 letters, digits, . - and _ (it is an MQTT topic level)' } },
  { key: 'ratedPowerW', zh: '额定功率W', en: 'rated power W', kind: 'number', min: 0, max: 100_000 },
  { key: 'ratedLevelDb', zh: '额定声级dB', en: 'rated level dB', kind: 'number', min: 40, max: 160 },
  { key: 'referenceDistanceM', zh: '参考距离m', en: 'reference distance m', kind: 'number', min: 0, minExclusive: true, max: 1000 },
  { key: 'mountHeightM', zh: '安装高度m', en: 'mount height m', kind: 'number', min: 0, max: 500 },
  { key: 'hostUnit', zh: '设置单位', en: 'host unit', kind: 'text', max: 100 },
  { key: 'contactName', zh: '联系人', en: 'contact', kind: 'text', max: 50 },
  { key: 'contactPhone', zh: '联系电话', en: 'contact phone', kind: 'phone' },
  { key: 'installedYear', zh: '安装年份', en: 'installation year', kind: 'int', min: 1950, max: 2100 },
];

/** One registry record as the file carries it (the create route's fields, `status` aside: state is not the file's). */
export interface SirenRecord {
  code: string;
  name: string;
  regionCode: string;
  location: [number, number];
  kind: string;
  controlChannel: string;
  terminalId: string | null;
  ratedPowerW: number | null;
  ratedLevelDb: number | null;
  referenceDistanceM: number | null;
  mountHeightM: number | null;
  hostUnit: string | null;
  contactName: string | null;
  contactPhone: string | null;
  installedYear: number | null;
}

const OPTIONAL_KEYS = ['terminalId', 'ratedPowerW', 'ratedLevelDb', 'referenceDistanceM', 'mountHeightM', 'hostUnit', 'contactName', 'contactPhone', 'installedYear'] as const;

/**
 * Rows (header first) → records with the row each came from, and every bad cell. Rules across cells and rows: codes
 * and terminal ids unique in the file, and a terminal id only on a siren controlled over the network.
 */
export function parseSirenRows(rows: Cell[][]): { sirens: Array<SirenRecord & { row: number }>; errors: CellError[] } {
  const errors: CellError[] = [];
  const sirens: Array<SirenRecord & { row: number }> = [];
  const codes = new Map<string, number>();
  const terminals = new Map<string, number>();
  for (const { row, rec } of readTable(SIREN_SHEET, rows, SIREN_EXCHANGE_COLUMNS, MAX_SIREN_IMPORT_ROWS, errors)) {
    const at = `${SIREN_SHEET}!${row}`;
    const code = String(rec.code ?? '');
    if (code && codes.has(code)) errors.push({ at, zh: `「编号」${code} 与第 ${codes.get(code)} 行重复`, en: `code: ${code} repeats row ${codes.get(code)}` });
    else if (code) codes.set(code, row);
    const remote = rec.controlChannel === 'mqtt';
    if (rec.terminalId !== null && rec.controlChannel === 'manual') {
      errors.push({ at, zh: '「终端编号」只有控制方式为网络遥控的警报器才有遥控终端', en: 'terminal id: only a siren controlled over the network (mqtt) has a remote terminal' });
    }
    // A remote siren without its own terminal id gets its code as one (as the create route does).
    const terminal = remote ? String(rec.terminalId ?? code) : null;
    if (terminal && terminals.has(terminal)) errors.push({ at, zh: `「终端编号」${terminal} 与第 ${terminals.get(terminal)} 行重复`, en: `terminal id: ${terminal} repeats row ${terminals.get(terminal)}` });
    else if (terminal) terminals.set(terminal, row);
    const s: SirenRecord & { row: number } = {
      row, code, name: String(rec.name ?? ''), regionCode: String(rec.regionCode ?? ''), location: [Number(rec.lng), Number(rec.lat)],
      kind: String(rec.kind ?? ''), controlChannel: String(rec.controlChannel ?? ''),
      terminalId: null, ratedPowerW: null, ratedLevelDb: null, referenceDistanceM: null, mountHeightM: null, hostUnit: null, contactName: null, contactPhone: null, installedYear: null,
    };
    for (const k of OPTIONAL_KEYS) (s as unknown as Record<string, unknown>)[k] = rec[k] ?? null;
    sirens.push(s);
  }
  return { sirens, errors };
}

/** Records → the 警报器 sheet (enumerations by their Chinese names); what `parseSirenRows` reads back. */
export function sirenSheet(sirens: readonly SirenRecord[]): SheetSpec {
  return tableSheet(SIREN_SHEET, SIREN_EXCHANGE_COLUMNS, sirens.map(({ location, ...s }) => ({ ...s, lng: location[0], lat: location[1] })));
}

/** The empty template: the header, and a 说明 row naming each column's rule. */
export function sirenTemplate(): SheetSpec {
  const notes: Record<string, string> = {
    code: '说明：必填，字母数字-_，全局唯一；已有编号则更新该警报器',
    name: '必填，≤100 字',
    regionCode: '必填，6/9 位区划代码，须在您的管辖范围内',
    lng: '必填，WGS84 经度 73–136',
    lat: '必填，WGS84 纬度 3–54',
    kind: `必填：${SIREN_KINDS.map((k) => k.zh).join('/')}`,
    controlChannel: `必填：${SIREN_CONTROL_CHANNELS.map((k) => k.zh).join('/')}`,
    terminalId: '仅网络遥控；空则用编号',
    ratedPowerW: '0–100000；空则按类型默认',
    ratedLevelDb: '40–160',
    referenceDistanceM: '0–1000',
    mountHeightM: '0–500',
    installedYear: '1950–2100',
  };
  return tableSheet(SIREN_SHEET, SIREN_EXCHANGE_COLUMNS, [], notes);
}
