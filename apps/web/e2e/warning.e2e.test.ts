/**
 * The warning service in Chromium against the real server (embedded database and MQTT broker, the synthetic demo
 * fleet): the siren list and fault tickets pages, then the main flow — one duty officer drafts an exercise alert,
 * the same officer cannot confirm it, a second officer confirms, and the live view shows a simulated terminal's
 * siren sound and finish while the demo sirens nobody simulates show as not answering; the public feed carries it; the
 * all-clear is asked for by one officer and confirmed by the other.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, allowConsoleErrors, buildWebIfStale, changePassword, freePort, launchChromium, screenshotDir, signIn, startServer, type RunningServer , callApi } from './harness.ts';

/** The server's terminal simulator, loaded at run time (it belongs to the server's project, not the console's). */
interface SimulatedTerminal {
  sounded: unknown[];
  stop(): Promise<void>;
}
const simulator = () => import(path.join(REPO_ROOT, 'apps/server/src/sim/siren-terminal.ts')) as Promise<{
  SimulatedTerminal: { start(o: { url: string; terminalId: string; key: string; timeScale: number }): Promise<SimulatedTerminal> };
}>;

const INITIAL = 'Warn-Boot-Pw-2026!';
const ADMIN_PASSWORD = 'Warn-Chief-Pw-2026#';
const OFFICERS = [
  { username: 'duty.one', initial: 'Duty-Init-Pw-71x', password: 'Duty-One-Pw-72!' },
  { username: 'duty.two', initial: 'Duty-Init-Pw-73x', password: 'Duty-Two-Pw-74!' },
];

let server: RunningServer;
let browser: Browser;
let admin: Page;
let terminal: SimulatedTerminal | null = null;
const contexts: BrowserContext[] = [];
const shots = screenshotDir();
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `warning-${name}.png`) });
let mqttPort = 0;

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  return page;
}

const call = callApi;

beforeAll(async () => {
  buildWebIfStale();
  mqttPort = await freePort();
  [server, browser] = await Promise.all([
    startServer(INITIAL, { env: { MQTT_EMBEDDED_PORT: String(mqttPort), SIREN_ACK_TIMEOUT_MS: '1500', SIREN_COMMAND_RETRIES: '1' } }),
    launchChromium(),
  ]);
  admin = await newPage();
  await signIn(admin, server.baseUrl, 'admin', INITIAL);
  await changePassword(admin, INITIAL, ADMIN_PASSWORD);
});

afterAll(async () => {
  await terminal?.stop();
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('warning (Chromium, real server and broker)', () => {
  it('lists the demo sirens with state, rating and masked contact, and the fault tickets', async () => {
    await admin.goto(`${server.baseUrl}/sirens`);
    await admin.locator('.ant-table-row').first().waitFor();
    expect(await admin.locator('.ant-table-row').count()).toBe(20);
    await admin.locator('.ant-table-row').first().click();
    await admin.locator('.ant-drawer .ant-timeline-item').first().waitFor();
    await shot(admin, 'sirens');
    await admin.goto(`${server.baseUrl}/siren-faults`);
    await admin.locator('.ant-table').waitFor();
    await shot(admin, 'faults');
  });

  it('exports the registry and imports it back unchanged, and lists every problem of a bad file', async () => {
    await admin.goto(`${server.baseUrl}/sirens`);
    await admin.locator('.ant-table-row').first().waitFor();
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('sirens-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^警报器-\d{8}\.xlsx$/);
    const file = await download.path();
    await admin.locator('input[type=file][accept=".xlsx,.csv"]').setInputFiles(file);
    await admin.getByText(/已导入：新增 0 台，更新 0 台，未变 \d+ 台/).waitFor();
    // The bad file is refused with 400 on purpose, and Chromium logs the refused request.
    allowConsoleErrors(/status of 400 .* @ .*\/api\/sirens\/import$/);
    const bad = '编号*,名称*,区划代码*,经度*,纬度*,类型*,控制方式*\r\nE2E-1,,320602,200,32,电动警报器,网络遥控\r\n';
    await admin.locator('input[type=file][accept=".xlsx,.csv"]').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await admin.locator('.ant-modal-confirm').getByText('警报器!B2：「名称」必填', { exact: true }).waitFor();
    await admin.locator('.ant-modal-confirm').getByText('警报器!D2：「经度」200 超出范围 73–136', { exact: true }).waitFor();
    await shot(admin, 'sirens-import-errors');
    await admin.locator('.ant-modal-confirm .ant-btn').click();
  });

  it('issues an exercise alert on two officers\' word and shows each siren answer live', async () => {
    for (const o of OFFICERS) {
      const res = await call(admin, 'POST', '/api/users', { username: o.username, displayName: o.username, password: o.initial, roles: ['duty_officer'], regionCode: '320600' });
      expect(res.status).toBe(201);
    }
    // One demo siren gets a terminal: its key made anew and loaded into a simulated terminal on the server's broker.
    const pick = (await call<{ items: Array<{ id: number; regionCode: string; code: string }> }>(admin, 'GET', '/api/sirens?controlChannel=mqtt&status=online&pageSize=1')).data.items[0]!;
    const made = await call<{ terminalId: string; key: string }>(admin, 'POST', `/api/sirens/${pick.id}/terminal-key`, {});
    expect(made.status).toBe(200);
    const key = made.data;
    terminal = await (await simulator()).SimulatedTerminal.start({ url: `mqtt://127.0.0.1:${mqttPort}`, terminalId: key.terminalId, key: key.key, timeScale: 0.005 });

    const one = await newPage();
    await signIn(one, server.baseUrl, OFFICERS[0]!.username, OFFICERS[0]!.initial);
    await changePassword(one, OFFICERS[0]!.initial, OFFICERS[0]!.password);
    await one.goto(`${server.baseUrl}/alerts`);
    await one.locator('#regionCodes').click();
    await one.locator('#regionCodes').fill(pick.regionCode);
    await one.locator(`.ant-select-item-option[title*="${pick.regionCode}"]`).click();
    await one.keyboard.press('Escape');
    await one.locator('#headline').fill('演习：空袭警报试放');
    await one.locator('#messageZh').fill('这是一次演习。空袭警报，请就近进入人防工程掩蔽。');
    await one.getByRole('button', { name: '提交，等待第二人确认' }).click();
    await one.getByText('待确认').first().waitFor();
    // The drafter's confirm button is disabled (and the server would refuse it: ALERTS_SAME_PERSON).
    await expect.poll(() => one.getByRole('button', { name: '确认发布' }).isDisabled()).toBe(true);
    await shot(one, 'alert-drafted');

    const two = await newPage();
    await signIn(two, server.baseUrl, OFFICERS[1]!.username, OFFICERS[1]!.initial);
    await changePassword(two, OFFICERS[1]!.initial, OFFICERS[1]!.password);
    await two.goto(`${server.baseUrl}/alerts`);
    await two.getByText('演习：空袭警报试放').first().click();
    // The live view is pushed: it opens the command's event stream and never reads the command again by polling.
    const commandReads: string[] = [];
    const streams: string[] = [];
    two.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (/^\/api\/siren-commands\/[^/]+$/.test(path)) commandReads.push(r.url());
      if (/^\/api\/siren-commands\/[^/]+\/events$/.test(path)) streams.push(r.url());
    });
    await two.getByRole('button', { name: '确认发布' }).click();
    await two.locator('.ant-modal-confirm-btns .ant-btn-dangerous').click();
    const live = two.getByTestId('live-status').first();
    // The confirmation signs and writes a command per siren of the town first; on a loaded machine (lint beside it)
    // that once took longer than the default 30 s.
    await live.waitFor({ timeout: 60_000 });
    await live.locator('[data-testid="live-map"][data-ready="true"]').waitFor();
    await live.locator('tr', { hasText: pick.code }).getByText('已完成').waitFor({ timeout: 30_000 });
    expect(terminal.sounded).toHaveLength(1);
    expect(streams.length).toBeGreaterThanOrEqual(1);
    expect(commandReads, 'the live view polled the command instead of taking the pushed changes').toEqual([]);
    // The stream ends once nothing is owed an answer, and the page says so (it does not fall back to polling).
    await live.getByTestId('live-mode').getByText('已结束').waitFor({ timeout: 30_000 });
    expect(commandReads).toEqual([]);
    await shot(two, 'alert-live');
    // The office's record of it: the command's report as a workbook, named by when it was issued.
    const download = two.waitForEvent('download');
    await live.getByTestId('live-report').click();
    expect((await download).suggestedFilename()).toMatch(/^警报器指令执行报告-\d{8}-\d{4}\.xlsx$/);

    const feed = await call<{ items: Array<{ status: string; headline: string }> }>(two, 'GET', '/api/public/alerts');
    expect(feed.data.items[0]).toMatchObject({ status: 'Exercise', headline: '演习：空袭警报试放' });

    // The all-clear under the same rule: the first officer asks, cannot confirm it, the second confirms and it sounds.
    await one.getByText('演习：空袭警报试放').first().click();
    await one.getByRole('button', { name: '申请解除警报' }).click();
    const pendingOne = one.getByTestId('pending-follow-up');
    await pendingOne.waitFor();
    await expect.poll(() => pendingOne.getByRole('button', { name: '确认解除警报' }).isDisabled()).toBe(true);
    const pendingTwo = two.getByTestId('pending-follow-up');
    await pendingTwo.waitFor({ timeout: 10_000 });
    // The all-clear's live view with its stream refused, as the server's cap refuses one (503): the page falls back
    // to polling the command by cursor, and still follows it to the end.
    allowConsoleErrors(/EventSource|\/api\/siren-commands\/[^ ]+\/events/);
    await two.route(/\/api\/siren-commands\/[^/]+\/events$/, (route) => route.fulfill({
      status: 503, contentType: 'application/json', headers: { 'retry-after': '60' }, body: JSON.stringify({ code: 'SIRENS_STREAM_FULL', message: 'full' }),
    }));
    await pendingTwo.getByRole('button', { name: '确认解除警报' }).click();
    await two.locator('.ant-modal-confirm-btns .ant-btn-dangerous').click();
    await two.getByText('已解除').first().waitFor();
    await expect.poll(() => terminal!.sounded.length, { timeout: 15_000 }).toBe(2);
    const allClear = two.getByTestId('live-status').nth(1);
    await allClear.getByTestId('live-mode').getByText('已结束').waitFor({ timeout: 30_000 });
    expect(commandReads.some((u) => /[?&]since=\d+/.test(u)), 'the refused stream was not replaced by cursor polling').toBe(true);
    await allClear.locator('tr', { hasText: pick.code }).getByText('已完成').waitFor();
    await two.unroute(/\/api\/siren-commands\/[^/]+\/events$/);
    await shot(two, 'alert-all-clear');
    const after = await call<{ items: Array<{ msgType: string; event: string }> }>(two, 'GET', '/api/public/alerts');
    expect(after.data.items[0]).toMatchObject({ msgType: 'Update', event: '解除警报' });
  });

  it('drafts an alert for a siren group: the form asks for an area first, and the draft names the group', async () => {
    const sirens = (await call<{ items: Array<{ id: number }> }>(admin, 'GET', '/api/sirens?regionCode=320612&pageSize=3')).data.items;
    const group = await call<{ id: number }>(admin, 'POST', '/api/siren-groups', { name: '沿江警报器（测试）', regionCode: '320612', sirenIds: sirens.map((x) => x.id) });
    expect(group.status).toBe(201);
    await admin.goto(`${server.baseUrl}/alerts`);
    await admin.locator('#headline').fill('演习：沿江片区试放');
    await admin.locator('#messageZh').fill('这是一次演习。');
    await admin.getByRole('button', { name: '提交，等待第二人确认' }).click();
    await admin.getByText('请选择至少一个区划、警报器分组，或在地图上划定区域').waitFor();
    await admin.locator('#groupIds').click();
    await admin.locator('.ant-select-item-option', { hasText: '沿江警报器（测试）' }).click();
    await admin.keyboard.press('Escape');
    await admin.getByText('请选择至少一个区划、警报器分组，或在地图上划定区域').waitFor({ state: 'detached' });
    await admin.getByRole('button', { name: '提交，等待第二人确认' }).click();
    await admin.getByText('待确认').first().waitFor();
    await shot(admin, 'alert-group-drafted');
    const drafted = (await call<{ items: Array<{ id: number; headline: string; areaDesc: string; version: number }> }>(admin, 'GET', '/api/alerts')).data.items
      .find((a) => a.headline === '演习：沿江片区试放')!;
    expect(drafted.areaDesc).toContain('沿江警报器（测试）');
    const detail = (await call<{ area: { groupIds?: number[]; regionCodes?: string[] }; version: number }>(admin, 'GET', `/api/alerts/${drafted.id}`)).data;
    expect(detail.area).toEqual({ groupIds: [group.data.id] });
    expect((await call(admin, 'POST', `/api/alerts/${drafted.id}/cancel`, { version: detail.version })).status).toBe(200);
  });

  it('drafts an alert for an area drawn on the map: the form counts the sirens inside, and the draft carries the polygon', async () => {
    await admin.goto(`${server.baseUrl}/alerts`);
    await admin.locator('#headline').fill('演习：划定区域试放');
    await admin.locator('#messageZh').fill('这是一次演习。');
    const map = admin.getByTestId('alert-area-map');
    await admin.locator('[data-testid="alert-area-map"][data-ready="true"]').waitFor({ timeout: 60_000 });
    // First a square in the view's corner, beyond the city's outline: refused, and said under the map, not in a toast.
    allowConsoleErrors(/status of 400 .* @ .*\/api\/alerts$/);
    for (const [x, y] of [[8, 8], [40, 8], [40, 40], [8, 40]]) await map.click({ position: { x: x!, y: y! } });
    await admin.getByRole('button', { name: '提交，等待第二人确认' }).click();
    await admin.locator('.ant-form-item-explain-error', { hasText: '超出您的管辖范围' }).waitFor();
    await shot(admin, 'alert-area-outside');
    await admin.getByRole('button', { name: '清 除' }).click();
    // Then a square around the middle of the city's view (the map opens on the city's bounds).
    const box = (await map.boundingBox())!;
    const [cx, cy] = [box.width / 2, box.height / 2];
    for (const [dx, dy] of [[-25, -20], [25, -20], [25, 20], [-25, 20]]) await map.click({ position: { x: cx + dx!, y: cy + dy! } });
    await admin.getByText(/划定区域内有警报器 \d+ 台/).waitFor();
    const shown = Number(/(\d+) 台/.exec(await admin.getByText(/划定区域内有警报器 \d+ 台/).innerText())![1]);
    await shot(admin, 'alert-area-drawn');
    await admin.getByRole('button', { name: '提交，等待第二人确认' }).click();
    await admin.getByText('待确认').first().waitFor();
    const drafted = (await call<{ items: Array<{ id: number; headline: string; areaDesc: string }> }>(admin, 'GET', '/api/alerts')).data.items
      .find((a) => a.headline === '演习：划定区域试放')!;
    expect(drafted.areaDesc).toMatch(/内划定区域$/);
    const detail = (await call<{ area: { polygon?: { type: string; coordinates: number[][][] } }; version: number }>(admin, 'GET', `/api/alerts/${drafted.id}`)).data;
    const ring = detail.area.polygon!.coordinates[0]!;
    expect(detail.area).toEqual({ polygon: { type: 'Polygon', coordinates: [ring] } });
    expect(ring).toHaveLength(5);
    expect(ring[4]).toEqual(ring[0]);
    // The count the form showed: the sirens of the map layer inside the square (a rectangle on the screen is one in
    // longitude and latitude, as Web Mercator's axes are those).
    const layer = (await call<{ features: Array<{ geometry: { coordinates: [number, number] } }> }>(admin, 'GET', '/api/map/sirens')).data.features;
    const [xs, ys] = [ring.map((p) => p[0]!), ring.map((p) => p[1]!)];
    const inBox = layer.filter(({ geometry: { coordinates: [x, y] } }) => x > Math.min(...xs) && x < Math.max(...xs) && y > Math.min(...ys) && y < Math.max(...ys));
    expect(shown).toBe(inBox.length);

    // The second officer of the main flow confirms: the server sends to the sirens PostGIS finds in the polygon, as many
    // as the form counted, and the live view draws the area beneath them.
    const two = contexts[2]!.pages()[0]!;
    await two.goto(`${server.baseUrl}/alerts`);
    await two.getByText('演习：划定区域试放').first().click();
    await two.getByRole('button', { name: '确认发布' }).click();
    await two.locator('.ant-modal-confirm-btns .ant-btn-dangerous').click();
    const live = two.getByTestId('live-status').first();
    await live.locator('[data-testid="live-map"][data-ready="true"]').waitFor({ timeout: 30_000 });
    const issued = (await call<{ commandId: string }>(two, 'GET', `/api/alerts/${drafted.id}`)).data;
    const command = (await call<{ deliveries: unknown[]; target: unknown }>(two, 'GET', `/api/siren-commands/${issued.commandId}`)).data;
    expect(command.target).toEqual(detail.area);
    expect(command.deliveries).toHaveLength(shown);
    await live.scrollIntoViewIfNeeded();
    await shot(two, 'alert-area-live');
  });
});
