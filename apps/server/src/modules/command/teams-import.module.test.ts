/**
 * The teams import that updates by code, through HTTP on a real database: export → preview unchanged; an edited
 * file previews its changes (fields, members by name, missing members listed but kept unless asked), applies them in
 * one transaction, and refuses when the teams changed after the preview.
 */
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, ok, type Session, type TestContext } from '../../test/harness.ts';
import { workbookBuffer } from '../../lib/xlsx/write.ts';
import { loadWorkbook } from './test-xlsx.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let t: TestContext;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await givenSession(t, { roles: ['city_admin'], regionCode: FIXTURE.city })).session;
});
afterAll(() => t.close());

const preview = async (file: Buffer) => ok(await call(t.app, admin, { method: 'POST', url: '/api/teams/import/preview', payload: file, headers: { 'content-type': XLSX } }));
const apply = (file: Buffer, query: string) => call(t.app, admin, { method: 'POST', url: `/api/teams/import/apply?${query}`, payload: file, headers: { 'content-type': XLSX } });
const exported = async () => loadWorkbook((await call(t.app, admin, { method: 'GET', url: '/api/teams/export.xlsx' })).rawPayload);

/** The rows of a sheet whose first cell (the team code) is `code`, with their row numbers. */
function rowsOf(wb: ExcelJS.Workbook, sheet: string, code: string): ExcelJS.Row[] {
  const out: ExcelJS.Row[] = [];
  wb.getWorksheet(sheet)!.eachRow((row, n) => { if (n > 1 && row.getCell(1).value === code) out.push(row); });
  return out;
}
/** The column number of a header (headers carry `*` when required). */
const col = (wb: ExcelJS.Workbook, sheet: string, header: string) => {
  let found = 0;
  wb.getWorksheet(sheet)!.getRow(1).eachCell((cell, n) => { if (String(cell.value).replace('*', '') === header) found = n; });
  return found;
};

describe('teams import by code', () => {
  it('previews an exported file as unchanged and applies it as nothing', async () => {
    ok(await call(t.app, admin, { method: 'POST', url: '/api/teams', payload: {
      code: 'IM-1', name: '导入测试抢修队', category: 'professional', kind: 'repair', baseUnit: '市政公司', regionCode: FIXTURE.countyB, location: [120.912345678, 32.0123456],
      leaderName: '甲', leaderPhone: '13700001111',
      members: [{ name: '甲', role: '队长', phone: '13700001111' }, { name: '乙', role: '队员', qualification: '救援员', qualificationExpires: '2030-01-01' }, { name: '丙', role: '队员', volunteer: true }],
      equipment: [{ kind: '破拆', name: '液压破拆工具', count: 4, maintenanceDue: '2030-06-30' }, { kind: '照明', name: '移动照明灯', count: 2, state: 'faulty' }],
    } }), 201);
    const file = await workbookBuffer(await exported());
    const p = await preview(file);
    expect(p.preview).toMatch(/^[0-9a-f]{64}$/);
    expect(p.teams.map((x: { status: string }) => x.status)).toEqual(p.teams.map(() => 'unchanged'));
    const done = ok(await apply(file, `preview=${p.preview}`));
    expect(done).toMatchObject({ created: 0, updated: 0, membersAdded: 0, membersChanged: 0, membersRemoved: 0 });
    expect(done.unchanged).toBe(p.teams.length);
  });

  it('previews and applies a team\'s changed fields, members matched by name, and keeps missing members unless asked', async () => {
    const wb = await exported();
    const [team] = rowsOf(wb, '队伍', 'IM-1');
    team!.getCell(col(wb, '队伍', '名称')).value = '导入测试抢修一队';
    const members = rowsOf(wb, '队员', 'IM-1');
    const yi = members.find((r) => r.getCell(col(wb, '队员', '姓名')).value === '乙')!;
    yi.getCell(col(wb, '队员', '职务')).value = '副队长';
    yi.getCell(col(wb, '队员', '资质有效期至')).value = '2031-12-31';
    // 丙 leaves the file; 丁 joins; the cutter count drops.
    const bing = members.find((r) => r.getCell(col(wb, '队员', '姓名')).value === '丙')!;
    bing.getCell(col(wb, '队员', '姓名')).value = '丁';
    const cutter = rowsOf(wb, '装备', 'IM-1').find((r) => r.getCell(col(wb, '装备', '名称')).value === '液压破拆工具')!;
    cutter.getCell(col(wb, '装备', '数量')).value = 3;
    const file = await workbookBuffer(wb);

    const p = await preview(file);
    const im = p.teams.find((x: { code: string }) => x.code === 'IM-1');
    expect(im.status).toBe('changed');
    expect(im.fields).toEqual([{ field: 'name', before: '导入测试抢修队', after: '导入测试抢修一队' }]);
    expect(im.members.changed).toEqual([expect.objectContaining({ label: '乙', changes: [
      { field: 'role', before: '队员', after: '副队长' }, { field: 'qualificationExpires', before: '2030-01-01', after: '2031-12-31' },
    ] })]);
    expect(im.members.added).toEqual([{ label: '丁' }]);
    expect(im.members.missing).toEqual([expect.objectContaining({ label: '丙', inRollcall: false })]);
    expect(im.equipment.changed[0].changes).toEqual([{ field: 'count', before: 4, after: 3 }]);

    // A wrong fingerprint (the teams changed since, or another file) is refused and writes nothing.
    const stale = await apply(file, `preview=${'0'.repeat(64)}`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('TEAMS_IMPORT_STALE');

    const done = ok(await apply(file, `preview=${p.preview}`));
    expect(done).toMatchObject({ updated: 1, membersAdded: 1, membersChanged: 1, membersRemoved: 0, membersKept: 1, equipmentChanged: 1 });
    const id = im.teamId;
    const detail = ok(await call(t.app, admin, { method: 'GET', url: `/api/teams/${id}` }));
    expect(detail.name).toBe('导入测试抢修一队');
    expect(detail.memberList.map((m: { name: string }) => m.name).sort()).toEqual(['丁', '丙', '乙', '甲'].sort());
    expect(detail.memberList.find((m: { name: string }) => m.name === '乙')).toMatchObject({ role: '副队长', qualificationExpires: '2031-12-31' });
    // The leader's phone was not in the changes: still sealed at rest, still the same number.
    expect(detail.leaderPhone).toBe('13700001111');
    expect((await t.db.query<{ p: string }>(`SELECT leader_phone AS p FROM team WHERE id = $1`, [id])).rows[0]!.p).toMatch(/^sm4:v1:/);

    // The same file again: only 丙 is left to decide on; a roll-call pins 丙, so even when asked it stays.
    const again = await preview(file);
    const left = again.teams.find((x: { code: string }) => x.code === 'IM-1');
    expect(left.fields).toEqual([]);
    expect(left.members.changed).toEqual([]);
    expect(left.members.missing.map((m: { label: string }) => m.label)).toEqual(['丙']);
    const rc = ok(await call(t.app, admin, { method: 'POST', url: `/api/teams/${id}/rollcalls`, payload: { scheduledFor: '2026-09-18' } }), 201).rollcalls[0];
    ok(await call(t.app, admin, { method: 'POST', url: `/api/rollcalls/${rc.id}/record`, payload: {
      members: detail.memberList.map((m: { id: number }) => ({ memberId: m.id, present: true })),
      equipment: detail.equipmentList.map((e: { id: number; count: number }) => ({ equipmentId: e.id, counted: e.count, working: e.count })),
    } }));
    // The roll-call changed what the preview would say: the old fingerprint is stale.
    expect((await apply(file, `preview=${again.preview}&removeMissing=true`)).statusCode).toBe(409);
    const pinned = await preview(file);
    expect(pinned.teams.find((x: { code: string }) => x.code === 'IM-1').members.missing).toEqual([expect.objectContaining({ label: '丙', inRollcall: true })]);
    expect(ok(await apply(file, `preview=${pinned.preview}&removeMissing=true`))).toMatchObject({ membersRemoved: 0, membersKept: 1 });
    expect(ok(await call(t.app, admin, { method: 'GET', url: `/api/teams/${id}` })).memberList).toHaveLength(4);
  });

  it('removes a missing member no roll-call points at when asked, and creates a new code', async () => {
    // 戊 joins after the roll-call (which pinned every other member), then leaves the file.
    const id = ok(await call(t.app, admin, { method: 'GET', url: '/api/teams' })).items.find((x: { code: string }) => x.code === 'IM-1').id;
    ok(await call(t.app, admin, { method: 'POST', url: `/api/teams/${id}/members`, payload: [{ name: '戊', role: '队员' }] }), 201);
    const wb = await exported();
    const wu = rowsOf(wb, '队员', 'IM-1').find((r) => r.getCell(col(wb, '队员', '姓名')).value === '戊')!;
    wb.getWorksheet('队员')!.spliceRows(wu.number, 1);
    const [team] = rowsOf(wb, '队伍', 'IM-1');
    const teams = wb.getWorksheet('队伍')!;
    const values = (team!.values as unknown[]).slice(1);
    teams.addRow([...values]).getCell(1).value = 'IM-2';
    const file = await workbookBuffer(wb);
    const p = await preview(file);
    expect(p.teams.find((x: { code: string }) => x.code === 'IM-2').status).toBe('new');
    const done = ok(await apply(file, `preview=${p.preview}&removeMissing=true`));
    expect(done).toMatchObject({ created: 1, membersRemoved: 1, membersKept: 0 });
    const names = ok(await call(t.app, admin, { method: 'GET', url: '/api/teams' })).items.map((x: { code: string }) => x.code);
    expect(names).toContain('IM-2');
    expect(ok(await call(t.app, admin, { method: 'GET', url: `/api/teams/${id}` })).memberList.map((m: { name: string }) => m.name)).not.toContain('戊');
  });

  it('refuses a code of another jurisdiction and a moved region, naming the team', async () => {
    const { session: cc } = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyA });
    const wb = await exported();
    const file = await workbookBuffer(wb);
    const res = await call(t.app, cc, { method: 'POST', url: '/api/teams/import/preview', payload: file, headers: { 'content-type': XLSX, 'accept-language': 'en' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('TEAMS_IMPORT_INVALID');
    expect(res.json().message).toContain('IM-1');
    const [team] = rowsOf(wb, '队伍', 'IM-1');
    team!.getCell(col(wb, '队伍', '区划代码')).value = FIXTURE.townB;
    const moved = await call(t.app, admin, { method: 'POST', url: '/api/teams/import/preview', payload: await workbookBuffer(wb), headers: { 'content-type': XLSX } });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().message).toContain('区划代码');
  });
});
