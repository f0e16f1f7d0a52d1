/** The import plan and the sheet parser under random input: what is stored plans as unchanged, nothing is lost or doubled. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../lib/xlsx/read.ts';
import { parseTeamSheets, type TeamRowIn } from './teams.exchange.ts';
import { planTeamsImport, type StoredTeam } from './teams.import-plan.ts';

const name = fc.constantFrom('甲', '乙', '丙', '丁');
const date = fc.option(fc.constantFrom('2026-01-01', '2030-12-31'), { nil: null });
const member = fc.record({
  name, role: fc.constantFrom('队长', '队员'), phone: fc.option(fc.constantFrom('13700001111', '13900002222'), { nil: null }),
  qualification: fc.option(fc.constantFrom('救援员', '医师'), { nil: null }), qualificationExpires: date, volunteer: fc.boolean(),
});
const item = fc.record({
  kind: fc.constantFrom('破拆', '照明'), name: fc.constantFrom('工具', '灯'), count: fc.integer({ min: 0, max: 9 }),
  location: fc.option(fc.constantFrom('一号库', '二号库'), { nil: null }), state: fc.constantFrom('ready', 'faulty'), maintenanceDue: date,
});
const team = (code: string): fc.Arbitrary<TeamRowIn> => fc.record({
  code: fc.constant(code), name: fc.constantFrom('一队', '二队'), category: fc.constant('professional'), kind: fc.constantFrom('repair', 'fire'),
  baseUnit: fc.constant('单位'), regionCode: fc.constant('320612'), location: fc.tuple(fc.double({ min: 120, max: 121, noNaN: true }), fc.double({ min: 31, max: 32, noNaN: true })),
  leaderName: fc.option(name, { nil: null }), leaderPhone: fc.option(fc.constant('13700001111'), { nil: null }),
  members: fc.array(member, { maxLength: 6 }), equipment: fc.array(item, { maxLength: 4 }),
});
/** A team as the database would hold it: every member and item with an id. */
const stored = (t: TeamRowIn, firstId = 1): StoredTeam => ({
  ...t, id: 99, members: t.members.map((m, i) => ({ ...m, id: firstId + i })), equipment: t.equipment.map((e, i) => ({ ...e, id: firstId + 100 + i })),
});

describe('planTeamsImport', () => {
  it('plans a file identical to what is stored as unchanged', () => {
    fc.assert(fc.property(team('T-1'), (t) => {
      const [plan] = planTeamsImport([t], new Map([['T-1', stored(t)]]));
      expect(plan).toMatchObject({ status: 'unchanged', fields: [] });
      expect(plan!.members).toMatchObject({ added: [], changed: [], missing: [], unchanged: t.members.length });
      expect(plan!.equipment).toMatchObject({ added: [], changed: [], missing: [], unchanged: t.equipment.length });
    }));
  });

  it('accounts for every row: each file row is added or matched once, each stored row matched or missing once', () => {
    fc.assert(fc.property(team('T-1'), team('T-1'), (before, after) => {
      const [plan] = planTeamsImport([after], new Map([['T-1', stored(before)]]));
      const m = plan!.members;
      const matched = m.changed.length + m.unchanged;
      expect(m.added.length + matched).toBe(after.members.length);
      expect(m.missing.length + matched).toBe(before.members.length);
      // A matched member keeps its name: only the other fields change.
      for (const c of m.changed) expect(c.changes.map((x) => x.field)).not.toContain('name');
      const ids = [...m.changed.map((c) => c.id), ...m.missing.map((x) => x.id)];
      expect(new Set(ids).size).toBe(ids.length);
      const e = plan!.equipment;
      expect(e.added.length + e.changed.length + e.unchanged).toBe(after.equipment.length);
      expect(e.missing.length + e.changed.length + e.unchanged).toBe(before.equipment.length);
      expect(plan!.status === 'unchanged').toBe(plan!.fields.length === 0 && [m, e].every((l) => l.added.length + l.changed.length + l.missing.length === 0));
    }));
  });

  it('plans an unknown code as new with every member added', () => {
    fc.assert(fc.property(team('T-NEW'), (t) => {
      const [plan] = planTeamsImport([t], new Map());
      expect(plan).toMatchObject({ status: 'new', teamId: null });
      expect(plan!.members.added).toHaveLength(t.members.length);
    }));
  });
});

describe('parseTeamSheets', () => {
  const cell: fc.Arbitrary<Cell> = fc.oneof(fc.constant(null), fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.constantFrom('是', '否', '专业队', '消防', '2026-02-30', '320612'));
  const grid = (header: string[]) => fc.array(fc.array(cell, { maxLength: header.length + 1 }), { maxLength: 6 }).map((rows) => [header as Cell[], ...rows]);
  it('never throws on any cells, and every error says where and what in zh and en', () => {
    fc.assert(fc.property(
      fc.option(grid(['编号*', '名称*', '类别*', '专业*', '组建单位*', '区划代码*', '经度*', '纬度*', '队长', '队长电话']), { nil: null }),
      fc.option(grid(['队伍编号*', '姓名*', '职务*', '手机', '资质', '资质有效期至', '志愿者']), { nil: null }),
      fc.option(grid(['队伍编号*', '类别*', '名称*', '数量*', '存放地点', '状态', '保养到期']), { nil: null }),
      (teams, members, equipment) => {
        const { teams: out, errors } = parseTeamSheets({ teams, members, equipment });
        for (const e of errors) {
          expect(e.at.length).toBeGreaterThan(0);
          expect(e.zh.length).toBeGreaterThan(0);
          expect(e.en.length).toBeGreaterThan(0);
        }
        // A file without errors yields teams whose codes are unique.
        if (errors.length === 0) expect(new Set(out.map((t) => t.code)).size).toBe(out.length);
      },
    ), { numRuns: 300 });
  });
});
