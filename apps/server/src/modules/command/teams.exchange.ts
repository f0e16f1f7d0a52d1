/**
 * The teams exchange format (XLSX, three sheets: 队伍, 队员, 装备, Chinese headers): rows ↔ teams with their members
 * and equipment. Pure: the workbook is read and written by lib/xlsx (the same reader and writer as the works
 * import), and `parseTeamSheets` reports every bad cell by sheet, row and column in zh and en rather than stopping.
 */
import { EQUIPMENT_STATES, isRegionCode, TEAM_CATEGORIES, TEAM_KINDS, teamKindAllowed as kindAllowed } from '@civdef/domain';
import type { Cell } from '../../lib/xlsx/read.ts';
import type { CellOut, SheetSpec } from '../../lib/xlsx/write.ts';

export const TEAM_SHEET = '队伍';
export const MEMBER_SHEET = '队员';
export const EQUIPMENT_SHEET = '装备';
export const MAX_TEAM_IMPORT_ROWS = 5_000;

type Kind = 'text' | 'int' | 'number' | 'date' | 'bool' | 'phone' | 'enum';
interface Column {
  key: string;
  zh: string;
  en: string;
  kind: Kind;
  required?: boolean;
  max?: number;
  options?: ReadonlyArray<{ code: string; zh: string }>;
}

const TEAM_COLUMNS: readonly Column[] = [
  { key: 'code', zh: '编号', en: 'code', kind: 'text', required: true, max: 40 },
  { key: 'name', zh: '名称', en: 'name', kind: 'text', required: true, max: 100 },
  { key: 'category', zh: '类别', en: 'category', kind: 'enum', required: true, options: TEAM_CATEGORIES },
  { key: 'kind', zh: '专业', en: 'kind', kind: 'enum', required: true, options: TEAM_KINDS },
  { key: 'baseUnit', zh: '组建单位', en: 'base unit', kind: 'text', required: true, max: 100 },
  { key: 'regionCode', zh: '区划代码', en: 'region code', kind: 'text', required: true, max: 9 },
  { key: 'lng', zh: '经度', en: 'longitude', kind: 'number', required: true },
  { key: 'lat', zh: '纬度', en: 'latitude', kind: 'number', required: true },
  { key: 'leaderName', zh: '队长', en: 'leader', kind: 'text', max: 50 },
  { key: 'leaderPhone', zh: '队长电话', en: 'leader phone', kind: 'phone' },
];
const MEMBER_COLUMNS: readonly Column[] = [
  { key: 'teamCode', zh: '队伍编号', en: 'team code', kind: 'text', required: true, max: 40 },
  { key: 'name', zh: '姓名', en: 'name', kind: 'text', required: true, max: 50 },
  { key: 'role', zh: '职务', en: 'role', kind: 'text', required: true, max: 30 },
  { key: 'phone', zh: '手机', en: 'phone', kind: 'phone' },
  { key: 'qualification', zh: '资质', en: 'qualification', kind: 'text', max: 100 },
  { key: 'qualificationExpires', zh: '资质有效期至', en: 'qualification valid until', kind: 'date' },
  { key: 'volunteer', zh: '志愿者', en: 'volunteer', kind: 'bool' },
];
const EQUIPMENT_COLUMNS: readonly Column[] = [
  { key: 'teamCode', zh: '队伍编号', en: 'team code', kind: 'text', required: true, max: 40 },
  { key: 'kind', zh: '类别', en: 'kind', kind: 'text', required: true, max: 50 },
  { key: 'name', zh: '名称', en: 'name', kind: 'text', required: true, max: 100 },
  { key: 'count', zh: '数量', en: 'count', kind: 'int', required: true },
  { key: 'location', zh: '存放地点', en: 'kept at', kind: 'text', max: 200 },
  { key: 'state', zh: '状态', en: 'state', kind: 'enum', options: EQUIPMENT_STATES },
  { key: 'maintenanceDue', zh: '保养到期', en: 'upkeep due', kind: 'date' },
];

export interface TeamRowIn {
  code: string; name: string; category: string; kind: string; baseUnit: string; regionCode: string; location: [number, number];
  leaderName: string | null; leaderPhone: string | null;
  members: Array<{ name: string; role: string; phone: string | null; qualification: string | null; qualificationExpires: string | null; volunteer: boolean }>;
  equipment: Array<{ kind: string; name: string; count: number; location: string | null; state: string; maintenanceDue: string | null }>;
}

export interface CellError {
  /** Where: `队员!C5` (sheet, column letter, 1-based row as the spreadsheet shows it). */
  at: string;
  zh: string;
  en: string;
}

const letter = (i: number) => (i < 26 ? String.fromCharCode(65 + i) : `${String.fromCharCode(64 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`);
const norm = (h: Cell) => String(h ?? '').replace(/[\s*＊]/g, '');
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PHONE = /^[0-9+()\- ]{3,30}$/;

/** Reads one sheet's rows by its header into records, recording every bad cell. */
function readSheet(sheet: string, rows: Cell[][] | null, columns: readonly Column[], errors: CellError[]): Array<{ row: number; rec: Record<string, string | number | boolean | null> }> {
  if (!rows || rows.length === 0) return [];
  const header = (rows[0] ?? []).map(norm);
  const index = new Map<string, number>();
  for (const c of columns) {
    const i = header.findIndex((h) => h === c.zh || h.toLowerCase() === c.en.replace(/\s/g, '').toLowerCase() || h.toLowerCase() === c.key.toLowerCase());
    if (i >= 0) index.set(c.key, i);
    else if (c.required) errors.push({ at: `${sheet}!1`, zh: `缺少必填列「${c.zh}」`, en: `the required column "${c.zh}" (${c.en}) is missing` });
  }
  const out: Array<{ row: number; rec: Record<string, string | number | boolean | null> }> = [];
  const dataRows = rows.length - 1;
  if (dataRows > MAX_TEAM_IMPORT_ROWS) {
    errors.push({ at: sheet, zh: `行数 ${dataRows} 超过上限 ${MAX_TEAM_IMPORT_ROWS}`, en: `${dataRows} rows, more than the ${MAX_TEAM_IMPORT_ROWS} limit` });
    return [];
  }
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r] ?? [];
    if (cells.every((c) => c === null || String(c).trim() === '')) continue;
    // A template's 说明 row under the header.
    if (r === 1 && String(cells[0] ?? '').startsWith('说明')) continue;
    const rec: Record<string, string | number | boolean | null> = {};
    for (const c of columns) {
      const i = index.get(c.key);
      const raw = i === undefined ? null : cells[i] ?? null;
      const at = `${sheet}!${i === undefined ? '?' : letter(i)}${r + 1}`;
      const text = raw === null ? '' : String(raw).trim();
      const bad = (zh: string, en: string) => errors.push({ at, zh: `「${c.zh}」${zh}`, en: `${c.en}: ${en}` });
      if (text === '') {
        if (c.required) bad('必填', 'required');
        rec[c.key] = c.kind === 'bool' ? false : null;
        continue;
      }
      switch (c.kind) {
        case 'text':
          if (c.max && text.length > c.max) bad(`超过 ${c.max} 个字符`, `longer than ${c.max} characters`);
          rec[c.key] = text;
          break;
        case 'phone':
          if (!PHONE.test(text)) bad(`「${text}」不是电话号码`, `"${text}" is not a phone number`);
          rec[c.key] = text;
          break;
        case 'int':
        case 'number': {
          const n = typeof raw === 'number' ? raw : /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
          if (!Number.isFinite(n) || (c.kind === 'int' && (!Number.isInteger(n) || n < 0 || n > 100_000))) {
            bad(c.kind === 'int' ? `「${text}」应为 0–100000 的整数` : `「${text}」不是数字`, c.kind === 'int' ? `"${text}" should be a whole number 0–100000` : `"${text}" is not a number`);
          }
          rec[c.key] = n;
          break;
        }
        case 'date':
          if (!DATE.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`)) || new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text) {
            bad(`「${text}」应为日期 YYYY-MM-DD`, `"${text}" should be a date YYYY-MM-DD`);
          }
          rec[c.key] = text;
          break;
        case 'bool':
          if (!['是', '否', 'true', 'false', 'TRUE', 'FALSE', '1', '0'].includes(text)) bad(`「${text}」应为 是 或 否`, `"${text}" should be 是 (yes) or 否 (no)`);
          rec[c.key] = ['是', 'true', 'TRUE', '1'].includes(text);
          break;
        case 'enum': {
          const o = c.options!.find((x) => x.code === text || x.zh === text);
          if (!o) bad(`「${text}」不是可选值（${c.options!.map((x) => x.zh).join('、')}）`, `"${text}" is not one of ${c.options!.map((x) => x.code).join(', ')}`);
          rec[c.key] = o?.code ?? text;
          break;
        }
      }
    }
    out.push({ row: r + 1, rec });
  }
  return out;
}

/**
 * The three sheets → teams with their members and equipment, and every bad cell. Cross-row rules: team codes unique
 * in the file, kinds fitting the category, a real-looking region code and coordinates in China, and members and
 * equipment naming a team of the file.
 */
export function parseTeamSheets(sheets: { teams: Cell[][] | null; members: Cell[][] | null; equipment: Cell[][] | null }): { teams: TeamRowIn[]; errors: CellError[] } {
  const errors: CellError[] = [];
  if (!sheets.teams) return { teams: [], errors: [{ at: TEAM_SHEET, zh: `缺少工作表「${TEAM_SHEET}」`, en: `the sheet "${TEAM_SHEET}" is missing` }] };
  const teams = new Map<string, TeamRowIn>();
  for (const { row, rec } of readSheet(TEAM_SHEET, sheets.teams, TEAM_COLUMNS, errors)) {
    const code = String(rec.code ?? '');
    const at = `${TEAM_SHEET}!${row}`;
    if (code && !/^[A-Za-z0-9_-]+$/.test(code)) errors.push({ at, zh: `「编号」${code} 只能含字母、数字、- 和 _`, en: `code: ${code} may hold only letters, digits, - and _` });
    if (teams.has(code)) errors.push({ at, zh: `「编号」${code} 在文件中重复`, en: `code: ${code} appears twice in the file` });
    if (rec.category && rec.kind && !kindAllowed(String(rec.category), String(rec.kind))) errors.push({ at, zh: `「专业」${String(rec.kind)} 与类别不符`, en: `kind: ${String(rec.kind)} does not fit the category ${String(rec.category)}` });
    if (rec.regionCode && !isRegionCode(String(rec.regionCode))) errors.push({ at, zh: `「区划代码」${String(rec.regionCode)} 不是 GB/T 2260 代码`, en: `region code: ${String(rec.regionCode)} is not a GB/T 2260 code` });
    const lng = Number(rec.lng);
    const lat = Number(rec.lat);
    if (Number.isFinite(lng) && Number.isFinite(lat) && (lng < 73 || lng > 136 || lat < 3 || lat > 54)) errors.push({ at, zh: '「经度/纬度」不在中国范围内', en: 'longitude/latitude: not in China' });
    teams.set(code, {
      code, name: String(rec.name ?? ''), category: String(rec.category ?? ''), kind: String(rec.kind ?? ''), baseUnit: String(rec.baseUnit ?? ''),
      regionCode: String(rec.regionCode ?? ''), location: [lng, lat], leaderName: (rec.leaderName as string | null) ?? null,
      leaderPhone: (rec.leaderPhone as string | null) ?? null, members: [], equipment: [],
    });
  }
  const owner = (sheet: string, row: number, code: unknown) => {
    const t = teams.get(String(code ?? ''));
    if (!t && code) errors.push({ at: `${sheet}!${row}`, zh: `「队伍编号」${String(code)} 不在「${TEAM_SHEET}」表中`, en: `team code: ${String(code)} is not in the "${TEAM_SHEET}" sheet` });
    return t;
  };
  for (const { row, rec } of readSheet(MEMBER_SHEET, sheets.members, MEMBER_COLUMNS, errors)) {
    owner(MEMBER_SHEET, row, rec.teamCode)?.members.push({
      name: String(rec.name ?? ''), role: String(rec.role ?? ''), phone: (rec.phone as string | null) ?? null, qualification: (rec.qualification as string | null) ?? null,
      qualificationExpires: (rec.qualificationExpires as string | null) ?? null, volunteer: rec.volunteer === true,
    });
  }
  for (const { row, rec } of readSheet(EQUIPMENT_SHEET, sheets.equipment, EQUIPMENT_COLUMNS, errors)) {
    owner(EQUIPMENT_SHEET, row, rec.teamCode)?.equipment.push({
      kind: String(rec.kind ?? ''), name: String(rec.name ?? ''), count: Number(rec.count), location: (rec.location as string | null) ?? null,
      state: (rec.state as string | null) ?? 'ready', maintenanceDue: (rec.maintenanceDue as string | null) ?? null,
    });
  }
  return { teams: [...teams.values()], errors };
}

const header = (c: Column) => `${c.zh}${c.required ? '*' : ''}`;
const zhOf = (c: Column, code: string | null) => (code === null ? null : c.options?.find((o) => o.code === code)?.zh ?? code);

/** Teams → the three sheets (enumerations in Chinese, as people type them); what `parseTeamSheets` reads back. */
export function teamSheets(teams: readonly TeamRowIn[]): SheetSpec[] {
  const col = (cs: readonly Column[], key: string) => cs.find((c) => c.key === key)!;
  const spec = (name: string, cs: readonly Column[], rows: Array<Record<string, CellOut>>): SheetSpec => ({ name, columns: cs.map((c) => ({ header: header(c), key: c.key })), rows });
  return [
    spec(TEAM_SHEET, TEAM_COLUMNS, teams.map((t) => ({
      code: t.code, name: t.name, category: zhOf(col(TEAM_COLUMNS, 'category'), t.category), kind: zhOf(col(TEAM_COLUMNS, 'kind'), t.kind), baseUnit: t.baseUnit,
      regionCode: t.regionCode, lng: t.location[0], lat: t.location[1], leaderName: t.leaderName, leaderPhone: t.leaderPhone,
    }))),
    spec(MEMBER_SHEET, MEMBER_COLUMNS, teams.flatMap((t) => t.members.map((m) => ({
      teamCode: t.code, name: m.name, role: m.role, phone: m.phone, qualification: m.qualification, qualificationExpires: m.qualificationExpires, volunteer: m.volunteer ? '是' : '否',
    })))),
    spec(EQUIPMENT_SHEET, EQUIPMENT_COLUMNS, teams.flatMap((t) => t.equipment.map((e) => ({
      teamCode: t.code, kind: e.kind, name: e.name, count: e.count, location: e.location, state: zhOf(col(EQUIPMENT_COLUMNS, 'state'), e.state), maintenanceDue: e.maintenanceDue,
    })))),
  ];
}
