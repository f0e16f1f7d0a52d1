/** The teams exchange format: what is written reads back unchanged through a real workbook, and bad cells are named. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadWorkbook, sheetRows } from '../../lib/xlsx/read.ts';
import { addSheet, newWorkbook, workbookBuffer } from '../../lib/xlsx/write.ts';
import { EQUIPMENT_SHEET, MEMBER_SHEET, parseTeamSheets, TEAM_SHEET, teamSheets, type TeamRowIn } from './teams.exchange.ts';

const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).map((s) => s.trim()).filter((s) => s.length > 0 && !s.startsWith('说明'));
const date = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const phone = fc.stringMatching(/^1[0-9]{10}$/);
const team: fc.Arbitrary<TeamRowIn> = fc.record({
  code: fc.stringMatching(/^[A-Z][A-Z0-9-]{0,9}$/),
  name: text(30), category: fc.constant('professional'), kind: fc.constantFrom('repair', 'medical', 'fire'), baseUnit: text(20),
  regionCode: fc.constantFrom('320612', '320613001'),
  location: fc.tuple(fc.double({ min: 120, max: 122, noNaN: true }), fc.double({ min: 31, max: 33, noNaN: true })),
  leaderName: fc.option(text(10), { nil: null }), leaderPhone: fc.option(phone, { nil: null }),
  members: fc.array(fc.record({
    name: text(10), role: text(8), phone: fc.option(phone, { nil: null }), qualification: fc.option(text(20), { nil: null }),
    qualificationExpires: fc.option(date, { nil: null }), volunteer: fc.boolean(),
  }), { maxLength: 4 }),
  equipment: fc.array(fc.record({
    kind: text(10), name: text(20), count: fc.integer({ min: 0, max: 100_000 }), location: fc.option(text(20), { nil: null }),
    state: fc.constantFrom('ready', 'faulty', 'maintenance'), maintenanceDue: fc.option(date, { nil: null }),
  }), { maxLength: 3 }),
});

async function roundTrip(teams: TeamRowIn[]) {
  const wb = await newWorkbook();
  for (const s of teamSheets(teams)) addSheet(wb, s);
  const back = await loadWorkbook(await workbookBuffer(wb));
  const rows = (name: string) => sheetRows(back.getWorksheet(name)!);
  return parseTeamSheets({ teams: rows(TEAM_SHEET), members: rows(MEMBER_SHEET), equipment: rows(EQUIPMENT_SHEET) });
}

describe('teams XLSX', () => {
  it('reads back what it wrote, every field', async () => {
    await fc.assert(fc.asyncProperty(fc.uniqueArray(team, { selector: (t) => t.code, minLength: 1, maxLength: 4 }), async (teams) => {
      const { teams: back, errors } = await roundTrip(teams);
      expect(errors).toEqual([]);
      expect(back).toEqual(teams);
    }), { numRuns: 15 });
  }, 60_000);

  it('names every bad cell by sheet, column and row, in zh and en, and keeps going', () => {
    const { errors } = parseTeamSheets({
      teams: [['编号*', '名称*', '类别*', '专业*', '组建单位*', '区划代码*', '经度*', '纬度*'], ['T-1', '队', '专业队', '志愿者', '单位', '3206', 'x', '32'], ['T-1', '队2', '专业队', '消防', '单位', '320612', '120', '32']],
      members: [['队伍编号*', '姓名*', '职务*', '资质有效期至'], ['T-9', '甲', '队员', '2026-02-30']],
      equipment: [['队伍编号*', '类别*', '名称*', '数量*'], ['T-1', '破拆', '工具', '-1']],
    });
    const at = errors.map((e) => e.at);
    expect(at).toEqual(expect.arrayContaining(['队伍!G2', '队伍!2', '队伍!3', '队员!D2', '队员!2', '装备!D2']));
    expect(errors.find((e) => e.at === '队员!D2')).toMatchObject({ zh: expect.stringContaining('资质有效期至'), en: expect.stringContaining('YYYY-MM-DD') });
  });

  it('refuses a file without the 队伍 columns it needs', () => {
    expect(parseTeamSheets({ teams: [['名称']], members: null, equipment: null }).errors.map((e) => e.zh)).toContain('缺少必填列「编号」');
  });
});
