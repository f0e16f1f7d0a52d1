/**
 * Command and response in Chromium against the real server with the synthetic demo: a leader sees the three-level
 * command with today's duty officers and the command vehicle live (driven by the vehicle simulator over the embedded
 * broker, logged in and signing with the vehicle's key); a roll-call recorded on a phone changes the team's readiness; an incident is dispatched to the nearest
 * team, its task moved on and a warning drafted for its area.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, buildWebIfStale, changePassword, freePort, launchChromium, screenshotDir, signIn, startServer, type RunningServer , callApi, allowConsoleErrors } from './harness.ts';

/** The server's vehicle simulator, loaded at run time (it belongs to the server's project, not the console's). */
interface SimulatedVehicle {
  sent: unknown[];
  stop(): Promise<void>;
}
const simulator = () => import(path.join(REPO_ROOT, 'apps/server/src/sim/command-vehicle.ts')) as Promise<{
  SimulatedVehicle: { start(o: { url: string; code: string; key: string; route: Array<[number, number]>; intervalMs: number }): Promise<SimulatedVehicle> };
}>;
/** The server's vehicle master key (VEHICLE_MASTER_KEY): the simulated vehicle signs with the key derived from it. */
const VEHICLE_MASTER_KEY = '4b'.repeat(32);
/** The vehicle's key, derived from the master key the server is started with, as the server derives it. */
const vehicleKeyOf = async (code: string) =>
  (await import(path.join(REPO_ROOT, 'apps/server/src/lib/vehicle-protocol.ts')) as { vehicleKey(master: string, code: string): string }).vehicleKey(VEHICLE_MASTER_KEY, code);

/** The server's workbook reader and writer, loaded at run time like the simulator (typed here by what is used). */
interface Cells { value: unknown }
interface Workbook { getWorksheet(name: string): { getRow(n: number): { getCell(c: number): Cells } } | undefined }
const xlsx = async () => {
  const read = await import(path.join(REPO_ROOT, 'apps/server/src/lib/xlsx/read.ts')) as { loadWorkbook(data: Buffer): Promise<Workbook> };
  const write = await import(path.join(REPO_ROOT, 'apps/server/src/lib/xlsx/write.ts')) as { workbookBuffer(wb: Workbook): Promise<Buffer> };
  return { loadWorkbook: read.loadWorkbook, workbookBuffer: write.workbookBuffer };
};

const INITIAL = 'Cmd-Boot-Pw-2026!';
const PASSWORD = 'Cmd-Chief-Pw-2026#';

let server: RunningServer;
let browser: Browser;
let admin: Page;
let vehicle: SimulatedVehicle | null = null;
let mqttPort = 0;
const contexts: BrowserContext[] = [];
const shots = screenshotDir();
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `command-${name}.png`), fullPage: true });

async function newPage(viewport = { width: 1440, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  return page;
}

const call = callApi;

interface Team { id: number; code: string; name: string; lastRollcallAt: string | null; readiness: { peoplePct: number | null; equipmentPct: number | null } }

beforeAll(async () => {
  buildWebIfStale();
  mqttPort = await freePort();
  [server, browser] = await Promise.all([startServer(INITIAL, { env: { MQTT_EMBEDDED_PORT: String(mqttPort), VEHICLE_MASTER_KEY } }), launchChromium()]);
  admin = await newPage();
  await signIn(admin, server.baseUrl, 'admin', INITIAL);
  await changePassword(admin, INITIAL, PASSWORD);
});

afterAll(async () => {
  await vehicle?.stop();
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('command and response (Chromium, real server)', () => {
  it('shows a leader the three-level command with today\'s duty officers, and the command vehicle live', async () => {
    const { SimulatedVehicle } = await simulator();
    vehicle = await SimulatedVehicle.start({
      url: `mqtt://127.0.0.1:${mqttPort}`, code: 'JDZHC-01', key: await vehicleKeyOf('JDZHC-01'), route: [[120.9, 31.98], [120.95, 32.0]], intervalMs: 300,
    });
    await admin.goto(`${server.baseUrl}/command`);
    await admin.getByTestId('hq-city').waitFor();
    expect(await admin.getByTestId('hq-city').count()).toBe(1);
    expect(await admin.getByTestId('hq-county').count()).toBe(7);
    expect(await admin.getByTestId('hq-town').count()).toBe(2);
    // Every command has exactly one officer on duty now.
    expect(await admin.getByTestId('duty-now').count()).toBe(10);
    await admin.getByText('实时').first().waitFor({ timeout: 30_000 });
    await shot(admin, 'structure');
    await admin.getByTestId('hq-city').click();
    await admin.getByText('成员单位', { exact: true }).waitFor();
    await admin.getByText('市基本指挥所').waitFor();
    await shot(admin, 'hq-detail');
  });

  it('records a roll-call on a phone, and the team\'s readiness changes', async () => {
    const teams = (await call<{ items: Team[] }>(admin, 'GET', '/api/teams')).data.items;
    const team = teams.find((t) => t.lastRollcallAt === null)!;
    expect(team.readiness.peoplePct).toBeNull();
    const detail = (await call<{ memberList: Array<{ id: number }>; equipmentList: Array<{ id: number }> }>(admin, 'GET', `/api/teams/${team.id}`)).data;

    const phone = await newPage({ width: 390, height: 844 });
    await signIn(phone, server.baseUrl, 'admin', PASSWORD);
    await phone.waitForURL((u) => !u.pathname.startsWith('/login'));
    await phone.goto(`${server.baseUrl}/rollcall?team=${team.id}`);
    await phone.getByTestId(`present-${detail.memberList[0]!.id}`).waitFor();
    // Half the members (rounded up) turned up; the first item of equipment has one fewer working than counted.
    const present = Math.ceil(detail.memberList.length / 2);
    for (const m of detail.memberList.slice(0, present)) await phone.getByTestId(`present-${m.id}`).click();
    await phone.getByTestId(`working-${detail.equipmentList[0]!.id}`).fill('0');
    await shot(phone, 'rollcall-phone');
    await phone.getByRole('button', { name: '提交点验' }).click();
    await phone.getByTestId('rollcall-done').waitFor();
    await shot(phone, 'rollcall-done');

    const after = (await call<Team>(admin, 'GET', `/api/teams/${team.id}`)).data;
    expect(after.lastRollcallAt).not.toBeNull();
    expect(after.readiness.peoplePct).toBeCloseTo((100 * present) / detail.memberList.length, 0);
    expect(after.readiness.equipmentPct).toBeLessThan(100);
    await admin.goto(`${server.baseUrl}/teams`);
    await admin.getByText(team.name).first().waitFor();
    await shot(admin, 'teams');
  });

  it('adds a team member and a piece of equipment through the forms, and sees them listed', async () => {
    const teams = (await call<{ items: Team[] }>(admin, 'GET', '/api/teams')).data.items;
    const team = teams[teams.length - 1]!;
    await admin.goto(`${server.baseUrl}/teams?team=${team.id}`);
    await admin.getByTestId('add-member').click();
    const memberForm = admin.getByTestId('member-form');
    // An empty form is refused under its fields, in Chinese, without a round trip.
    await admin.getByTestId('member-form-ok').click();
    await memberForm.getByText('请填写姓名').waitFor();
    await admin.getByTestId('member-name').fill('测试队员甲');
    await admin.getByTestId('member-role').fill('抢修员');
    await memberForm.getByLabel('手机').fill('13800001234');
    await memberForm.getByLabel('资质').fill('电工证');
    await shot(admin, 'member-form');
    await admin.getByTestId('member-form-ok').click();
    await memberForm.waitFor({ state: 'detached' });
    // The page holding the new member is shown; its phone is listed as the API presents it.
    await admin.getByRole('cell', { name: '测试队员甲' }).waitFor();

    await admin.getByTestId('add-equipment').click();
    await admin.getByTestId('equipment-kind').fill('照明');
    await admin.getByTestId('equipment-name').fill('移动照明灯塔（测试）');
    await admin.getByTestId('equipment-count').fill('3');
    await admin.getByTestId('equipment-form').getByLabel('存放地点').fill('测试装备库');
    await shot(admin, 'equipment-form');
    await admin.getByTestId('equipment-form-ok').click();
    await admin.getByTestId('equipment-form').waitFor({ state: 'detached' });
    await admin.getByRole('cell', { name: '照明 · 移动照明灯塔（测试）' }).waitFor();
    await shot(admin, 'team-added');

    const detail = (await call<{ memberList: Array<{ name: string; role: string; qualification: string | null }>; equipmentList: Array<{ name: string; count: number; location: string | null; state: string }> }>(admin, 'GET', `/api/teams/${team.id}`)).data;
    expect(detail.memberList).toContainEqual(expect.objectContaining({ name: '测试队员甲', role: '抢修员', qualification: '电工证' }));
    expect(detail.equipmentList).toContainEqual(expect.objectContaining({ name: '移动照明灯塔（测试）', count: 3, location: '测试装备库', state: 'ready' }));
  });

  it('edits a member through the form: only the role changes, the phone stays as it was', async () => {
    const teams = (await call<{ items: Team[] }>(admin, 'GET', '/api/teams')).data.items;
    const team = teams[teams.length - 1]!;
    type Member = { id: number; name: string; role: string; phone: string | null; version: number };
    const list = (await call<{ memberList: Member[] }>(admin, 'GET', `/api/teams/${team.id}`)).data.memberList;
    const member = list.find((m) => m.name === '测试队员甲')!;
    await admin.goto(`${server.baseUrl}/teams?team=${team.id}`);
    // The drawer lists eight members a page: turn to the one holding the member.
    await admin.getByTestId('add-member').waitFor();
    const page = Math.floor(list.indexOf(member) / 8) + 1;
    if (page > 1) await admin.locator(`.ant-drawer .ant-pagination-item-${page}`).click();
    await admin.getByTestId(`edit-member-${member.id}`).click();
    const form = admin.getByTestId('member-form');
    await admin.getByText('修改队员').first().waitFor();
    expect(await admin.getByTestId('member-role').inputValue()).toBe('抢修员');
    await admin.getByTestId('member-role').fill('副队长');
    await shot(admin, 'member-edit');
    await admin.getByTestId('member-form-ok').click();
    await form.waitFor({ state: 'detached' });
    await admin.getByRole('cell', { name: '副队长' }).first().waitFor();
    const after = (await call<{ memberList: Member[] }>(admin, 'GET', `/api/teams/${team.id}`)).data.memberList.find((m) => m.id === member.id)!;
    expect(after).toMatchObject({ role: '副队长', phone: member.phone, version: member.version + 1 });
  });

  it('imports an edited export: the preview highlights the changed team, and applying updates it by code', async () => {
    const { loadWorkbook, workbookBuffer } = await xlsx();
    const res = await admin.request.get(`${server.baseUrl}/api/teams/export.xlsx`);
    expect(res.status()).toBe(200);
    const wb = await loadWorkbook(await res.body());
    const sheet = wb.getWorksheet('队伍')!;
    const row = sheet.getRow(2);
    const code = String(row.getCell(1).value);
    const renamed = `${String(row.getCell(2).value)}（更新）`;
    row.getCell(2).value = renamed;
    const file = await workbookBuffer(wb);
    await admin.goto(`${server.baseUrl}/teams`);
    await admin.locator('.ant-upload:has([data-testid=teams-import]) input[type=file]').setInputFiles({
      name: 'teams.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file,
    });
    await admin.getByTestId('import-preview').waitFor({ timeout: 30_000 });
    expect(await admin.getByTestId(`import-status-${code}`).textContent()).toBe('有修改');
    await admin.getByText(renamed).first().waitFor();
    // Only the one team changed: the others are unchanged and hidden until asked for.
    expect(await admin.locator('.import-row-changed').count()).toBe(1);
    await shot(admin, 'import-preview');
    await admin.getByTestId('import-apply').click();
    await admin.getByTestId('import-preview').waitFor({ state: 'detached', timeout: 30_000 });
    const teams = (await call<{ items: Team[] }>(admin, 'GET', '/api/teams')).data.items;
    expect(teams.find((t) => t.code === code)?.name).toBe(renamed);
  });

  it('dispatches an incident placed on the map to the nearest team and drafts a warning for its area', async () => {
    // ?debug exposes the picker's map: the incident is placed at 崇川's centre, since the server refuses a point
    // that lies outside the region the incident is filed under.
    await admin.goto(`${server.baseUrl}/dispatch?debug`);
    await admin.getByTestId('incident-title').fill('燃气管道泄漏（演练）');
    const map = admin.getByTestId('location-map');
    await admin.locator('[data-testid="location-map"][data-ready="true"]').waitFor({ timeout: 60_000 });
    const chongchuan = (await call<{ items: Array<{ name: string; centroid: [number, number] | null }> }>(admin, 'GET', '/api/regions')).data.items.find((r) => r.name === '崇川区')!;
    await admin.evaluate((c) => window.__civdefMap?.jumpTo({ center: c, zoom: 13 }), chongchuan.centroid!);
    // No place picked yet, so no marker: one at the city's centre would look like a picked place.
    expect(await admin.getByTestId('location-marker').count()).toBe(0);
    await map.click();
    await admin.getByTestId('location-marker').waitFor();
    // The place fills in its region (the district: the demo's town outlines are made up, so no town is guessed).
    await expect.poll(() => admin.getByTestId('incident-region').textContent()).toContain('崇川区');
    await admin.getByRole('button', { name: /报\s*告/ }).click();
    const listed = async () => (await call<{ items: Array<{ id: number; title: string; location: [number, number] }> }>(admin, 'GET', '/api/incidents')).data.items;
    await expect.poll(async () => (await listed()).length, { timeout: 15_000 }).toBe(1);
    const [incident] = await listed();
    expect(incident!.title).toBe('燃气管道泄漏（演练）');
    // The form is cleared for the next report, and so is the map.
    await admin.getByTestId('location-marker').waitFor({ state: 'detached' });
    const created = { data: { id: incident!.id } };
    await shot(admin, 'dispatch-reported');
    const candidates = (await call<{ teams: Array<{ team: { id: number; name: string }; etaMin: number }> }>(admin, 'GET', `/api/incidents/${created.data.id}/candidates`)).data.teams;
    const etas = candidates.map((c) => c.etaMin);
    expect([...etas].sort((a, b) => a - b)).toEqual(etas);

    await admin.getByTestId(`incident-${created.data.id}`).click();
    await admin.getByTestId('dispatch-0').click();
    const task = admin.locator('[data-testid^="task-"]').first();
    await task.getByText(candidates[0]!.team.name).waitFor();
    // antd spaces out a two-character button label (出 发).
    await task.getByRole('button', { name: /出\s*发/ }).click();
    await task.getByTestId('task-state').getByText('在途').waitFor();
    await admin.getByTestId('draft-warning').click();
    await admin.getByText(/已起草警报 #\d+/).first().waitFor();
    await shot(admin, 'dispatch');

    const detail = (await call<{ tasks: Array<{ teamId: number; state: string }>; alertId: number | null; timeline: Array<{ kind: string }> }>(admin, 'GET', `/api/incidents/${created.data.id}`)).data;
    expect(detail.tasks).toEqual([expect.objectContaining({ teamId: candidates[0]!.team.id, state: 'en_route' })]);
    expect(detail.timeline.map((e) => e.kind)).toEqual(['reported', 'dispatched', 'state', 'warning_drafted']);
    const alert = (await call<{ state: string }>(admin, 'GET', `/api/alerts/${detail.alertId}`)).data;
    expect(alert.state).toBe('awaiting_confirmation');
  });
  it('edits a team through its form, and deletes a member unit only once no plan names it', async () => {
    const teams = (await call<{ items: Team[] }>(admin, 'GET', '/api/teams')).data.items;
    const team = teams[0]!;
    await admin.goto(`${server.baseUrl}/teams?team=${team.id}`);
    await admin.getByTestId('edit-team').click();
    const form = admin.getByTestId('team-form');
    await admin.getByTestId('team-base-unit').fill('测试组建单位');
    await shot(admin, 'team-edit');
    await admin.getByTestId('team-form-ok').click();
    await form.waitFor({ state: 'detached' });
    await admin.getByText('测试组建单位').first().waitFor();
    const after = (await call<{ baseUnit: string; version: number; location: [number, number] }>(admin, 'GET', `/api/teams/${team.id}`)).data;
    expect(after.baseUnit).toBe('测试组建单位');

    // A unit a plan's task names is refused with the plan's title; once the task goes elsewhere, it is deleted.
    const hq = (await call<{ items: Array<{ id: number; level: string; regionCode: string }> }>(admin, 'GET', '/api/command/hqs')).data.items.find((h) => h.level === 'city')!;
    const units = (await call<{ memberUnits: Array<{ id: number; name: string }> }>(admin, 'POST', `/api/command/hqs/${hq.id}/member-units`, {
      name: '测试待删成员单位', peacetimeDuty: '平时职责', wartimeDuty: '战时职责',
    })).data.memberUnits;
    const unit = units.find((u) => u.name === '测试待删成员单位')!;
    const content = (refId: number | null) => ({ summary: '测试', triggers: [], tasks: [{ assigneeKind: 'unit', refId, assignee: '测试待删成员单位', task: '测试任务', phase: '临战' }], resources: [], contacts: [] });
    const plan = await call<{ plan: { id: number } }>(admin, 'POST', '/api/plans', { kind: 'special', title: '测试引用方案', regionCode: hq.regionCode, content: content(unit.id) });
    expect(plan.status).toBe(201);
    // The refusal is the 409 this step expects (the browser logs it as a failed request).
    allowConsoleErrors(/status of 409 .*\/api\/command\/member-units\/\d+/);
    await admin.goto(`${server.baseUrl}/command`);
    await admin.getByTestId('hq-city').click();
    await admin.getByTestId(`delete-unit-${unit.id}`).click();
    await admin.locator('.ant-popconfirm').getByRole('button', { name: /删\s*除/ }).click();
    await admin.getByText(/仍被方案《测试引用方案》引用/).waitFor();
    await shot(admin, 'unit-delete-refused');
    expect((await call(admin, 'PUT', `/api/plans/${plan.data.plan.id}/revisions/1`, { content: content(null) })).status).toBe(200);
    await admin.getByTestId(`delete-unit-${unit.id}`).click();
    await admin.locator('.ant-popconfirm').last().getByRole('button', { name: /删\s*除/ }).click();
    await admin.getByTestId(`delete-unit-${unit.id}`).waitFor({ state: 'detached' });
  });
});
