/**
 * The teams exchange format (XLSX, three sheets: 队伍, 队员, 装备, Chinese headers): rows ↔ teams with their members
 * and equipment. Pure: each sheet is read and written by the shared typed-table reader (lib/xlsx/table.ts, as the
 * sirens and zoning exchanges), and `parseTeamSheets` reports every bad cell by sheet, row and column in zh and en
 * rather than stopping.
 */
import { EQUIPMENT_STATES, isRegionCode, TEAM_CATEGORIES, TEAM_KINDS, teamKindAllowed as kindAllowed } from '@civdef/domain';
import type { Cell } from '../../lib/xlsx/read.ts';
import { readTable, tableSheet, type CellError, type TableColumn, type TableRecord } from '../../lib/xlsx/table.ts';
import type { SheetSpec } from '../../lib/xlsx/write.ts';

export type { CellError };

export const TEAM_SHEET = '队伍';
export const MEMBER_SHEET = '队员';
export const EQUIPMENT_SHEET = '装备';
export const MAX_TEAM_IMPORT_ROWS = 5_000;

const TEAM_COLUMNS: readonly TableColumn[] = [
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
const MEMBER_COLUMNS: readonly TableColumn[] = [
  { key: 'teamCode', zh: '队伍编号', en: 'team code', kind: 'text', required: true, max: 40 },
  { key: 'name', zh: '姓名', en: 'name', kind: 'text', required: true, max: 50 },
  { key: 'role', zh: '职务', en: 'role', kind: 'text', required: true, max: 30 },
  { key: 'phone', zh: '手机', en: 'phone', kind: 'phone' },
  { key: 'qualification', zh: '资质', en: 'qualification', kind: 'text', max: 100 },
  { key: 'qualificationExpires', zh: '资质有效期至', en: 'qualification valid until', kind: 'date' },
  { key: 'volunteer', zh: '志愿者', en: 'volunteer', kind: 'bool' },
];
const EQUIPMENT_COLUMNS: readonly TableColumn[] = [
  { key: 'teamCode', zh: '队伍编号', en: 'team code', kind: 'text', required: true, max: 40 },
  { key: 'kind', zh: '类别', en: 'kind', kind: 'text', required: true, max: 50 },
  { key: 'name', zh: '名称', en: 'name', kind: 'text', required: true, max: 100 },
  { key: 'count', zh: '数量', en: 'count', kind: 'int', required: true, min: 0, max: 100_000 },
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

/** One sheet's records by the shared table reader; a sheet that is absent or has no header row holds none. */
function readSheet(sheet: string, rows: Cell[][] | null, columns: readonly TableColumn[], errors: CellError[]): Array<{ row: number; rec: TableRecord }> {
  return !rows || rows.length === 0 ? [] : readTable(sheet, rows, columns, MAX_TEAM_IMPORT_ROWS, errors);
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

/** Teams → the three sheets (enumerations in Chinese, as people type them); what `parseTeamSheets` reads back. */
export function teamSheets(teams: readonly TeamRowIn[]): SheetSpec[] {
  return [
    tableSheet(TEAM_SHEET, TEAM_COLUMNS, teams.map((t) => ({
      code: t.code, name: t.name, category: t.category, kind: t.kind, baseUnit: t.baseUnit, regionCode: t.regionCode, lng: t.location[0], lat: t.location[1],
      leaderName: t.leaderName, leaderPhone: t.leaderPhone,
    }))),
    tableSheet(MEMBER_SHEET, MEMBER_COLUMNS, teams.flatMap((t) => t.members.map((m) => ({ teamCode: t.code, ...m })))),
    tableSheet(EQUIPMENT_SHEET, EQUIPMENT_COLUMNS, teams.flatMap((t) => t.equipment.map((e) => ({ teamCode: t.code, ...e })))),
  ];
}
