/**
 * 警报试鸣 in Chromium against the real server and broker: a duty officer schedules a one-signal test for one town,
 * runs it now, sees each siren answer (one simulated terminal plays; the demo sirens nobody simulates do not answer),
 * reports from the field with the phone's position, closes the campaign and reads the report — failures with their
 * cause and fault ticket, the share working — then downloads the workbook.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, allowConsoleErrors, buildWebIfStale, callApi, changePassword, freePort, launchChromium, screenshotDir, signIn, startServer, type RunningServer } from './harness.ts';

interface SimulatedTerminal {
  sounded: unknown[];
  stop(): Promise<void>;
}
const simulator = () => import(path.join(REPO_ROOT, 'apps/server/src/sim/siren-terminal.ts')) as Promise<{
  SimulatedTerminal: { start(o: { url: string; terminalId: string; key: string; timeScale: number }): Promise<SimulatedTerminal> };
}>;

const INITIAL = 'Test-Boot-Pw-2026!';
const ADMIN_PASSWORD = 'Test-Chief-Pw-2026#';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let terminal: SimulatedTerminal | null = null;
let mqttPort = 0;
const shot = (name: string) => page.screenshot({ path: path.join(screenshotDir(), `siren-tests-${name}.png`), fullPage: true });

const call = <T>(method: string, url: string, body?: unknown) => callApi<T>(page, method, url, body);

beforeAll(async () => {
  buildWebIfStale();
  mqttPort = await freePort();
  [server, browser] = await Promise.all([
    startServer(INITIAL, { env: { MQTT_EMBEDDED_PORT: String(mqttPort), SIREN_ACK_TIMEOUT_MS: '1000', SIREN_COMMAND_RETRIES: '1' } }),
    launchChromium(),
  ]);
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await signIn(page, server.baseUrl, 'admin', INITIAL);
  await changePassword(page, INITIAL, ADMIN_PASSWORD);
});

afterAll(async () => {
  await terminal?.stop();
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('siren tests (Chromium, real server and broker)', () => {
  it('schedules, runs, observes and closes a test, with the per-siren report and the workbook', async () => {
    // A remote siren of a town with few sirens: the report shows 20 rows a page, and the demo's urban towns have many more.
    type Listed = { items: Array<{ id: number; regionCode: string; code: string; location: [number, number] }>; total: number };
    const towns = (await call<{ items: Array<{ code: string; level: string }> }>('GET', '/api/regions')).data.items.filter((r) => r.level === 'town');
    let pick: Listed['items'][number] | undefined;
    for (const town of towns) {
      if ((await call<Listed>('GET', `/api/sirens?regionCode=${town.code}&pageSize=1`)).data.total > 12) continue;
      pick = (await call<Listed>('GET', `/api/sirens?regionCode=${town.code}&controlChannel=mqtt&status=online&pageSize=1`)).data.items[0];
      if (pick) break;
    }
    if (!pick) throw new Error('no town with at most 12 sirens has an online remote siren');
    const key = (await call<{ terminalId: string; key: string }>('POST', `/api/sirens/${pick.id}/terminal-key`, {})).data;
    terminal = await (await simulator()).SimulatedTerminal.start({ url: `mqtt://127.0.0.1:${mqttPort}`, terminalId: key.terminalId, key: key.key, timeScale: 0.002 });

    await page.goto(`${server.baseUrl}/siren-tests`);
    await page.locator('#regionCodes').click();
    await page.locator('#regionCodes').fill(pick.regionCode);
    await page.locator(`.ant-select-item-option[title*="${pick.regionCode}"]`).click();
    await page.keyboard.press('Escape');
    // The 9·18 preset has three signals eight minutes apart; this test keeps the first only.
    await page.getByRole('button', { name: '✕' }).last().click();
    await page.getByRole('button', { name: '✕' }).last().click();
    await shot('schedule');
    await page.getByRole('button', { name: '安排试鸣' }).last().click();
    const panel = page.getByTestId('siren-test');
    await panel.getByText('待执行').waitFor();
    await panel.getByRole('button', { name: '立即试鸣' }).click();
    await page.locator('.ant-modal-confirm-btns .ant-btn-dangerous').click();
    await panel.getByText('执行中').waitFor();
    await panel.getByTestId('live-status').locator('tr', { hasText: pick.code }).getByText('已完成').waitFor({ timeout: 30_000 });
    expect(terminal.sounded).toHaveLength(1);

    // A field report from where the picked siren stands: the nearest siren of the test is the one meant.
    await context.grantPermissions(['geolocation'], { origin: server.baseUrl });
    await context.setGeolocation({ longitude: pick.location[0], latitude: pick.location[1] });
    await panel.getByRole('button', { name: '获取我的位置' }).click();
    await panel.getByRole('button', { name: '提交报告' }).click();
    await page.getByText(`已记录（最近的警报器：${pick.code}）`).waitFor();
    // Every demo siren of the town that nobody simulates must have been given up on before the close.
    await panel.getByTestId('live-status').getByText('无响应').first().waitFor({ timeout: 30_000 });
    // The reason the platform stored in both languages reads in the console's language only.
    await panel.getByTestId('live-status').getByText(/^\d+ 次发送均无应答$/).first().waitFor();
    await expect.poll(async () => (await call<{ steps: Array<{ counts: Record<string, number> }> }>('GET', `/api/siren-tests/${(await call<{ items: Array<{ id: number }> }>('GET', '/api/siren-tests')).data.items[0]!.id}`)).data.steps[0]!.counts.sent ?? 0, { timeout: 30_000 }).toBe(0);
    await shot('running');

    await panel.getByRole('button', { name: '结束并出报告' }).click();
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    const report = page.getByTestId('siren-test-report');
    await report.waitFor();
    // The fourth column is this campaign's result (the last, the result the time before, may say 正常 as well).
    await expect.poll(() => report.locator('.ant-table-row', { hasText: pick.code }).locator('td').nth(3).textContent()).toBe('正常');
    await expect.poll(() => report.locator('.ant-table-row').first().getByText('故障').count()).toBeGreaterThan(0);
    // Compared with the demo's last 9·18, closed city-wide.
    await report.getByText(/上次试鸣「\d{4}年“9·18”防空警报试鸣」（\d+ 台）完好率 \d+(\.\d)?%/).waitFor();
    // Its figure is over the whole city, this one over one town: the comparison is over the town's sirens, in both.
    type Summary = { total: number; previous: { total: number; common: number; commonBeforePercent: number | null; commonNowPercent: number | null } };
    const latest = (await call<{ items: Array<{ id: number }> }>('GET', '/api/siren-tests')).data.items[0]!.id;
    const summary = (await call<{ summary: Summary }>('GET', `/api/siren-tests/${latest}`)).data.summary;
    expect(summary.previous.total).toBeGreaterThan(summary.total);
    expect(summary.previous.common).toBe(summary.total);
    await report.getByTestId('siren-test-comparison')
      .getByText(`两次均参加的 ${summary.total} 台：上次完好率 ${summary.previous.commonBeforePercent}%，本次 ${summary.previous.commonNowPercent}%`, { exact: false }).waitFor();
    await report.getByRole('columnheader', { name: '上次结果' }).waitFor();
    await shot('report');

    const download = page.waitForEvent('download');
    await panel.getByRole('button', { name: '导出 XLSX' }).click();
    expect((await download).suggestedFilename()).toMatch(/9·18.*\.xlsx$/);
  });
  it('schedules a campaign for an area drawn on the map, after refusing one drawn beyond the city; in Beijing time from a browser in New York', async () => {
    // An officer's laptop left on another zone: the preset still reads 10:00 and means 10:00 in Beijing.
    const away = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'America/New_York' });
    const page = await away.newPage();
    const shot = (name: string) => page.screenshot({ path: path.join(screenshotDir(), `siren-tests-${name}.png`), fullPage: true });
    await signIn(page, server.baseUrl, 'admin', ADMIN_PASSWORD);
    await page.goto(`${server.baseUrl}/siren-tests`);
    const first = await page.locator('.ant-picker input').first().inputValue();
    expect(first).toMatch(/^\d{4}-09-18 10:00$/);
    const map = page.getByTestId('test-area-map');
    await page.locator('[data-testid="test-area-map"][data-ready="true"]').waitFor({ timeout: 60_000 });
    // A square in the view's corner, beyond the city's outline: refused, and said under the map.
    allowConsoleErrors(/status of 400 .* @ .*\/api\/siren-tests$/);
    for (const [x, y] of [[8, 8], [40, 8], [40, 40], [8, 40]]) await map.click({ position: { x: x!, y: y! } });
    await page.getByRole('button', { name: '安排试鸣' }).last().click();
    await page.locator('.ant-form-item-explain-error', { hasText: '超出您的管辖范围' }).waitFor();
    await shot('area-outside');
    await page.getByRole('button', { name: '清 除' }).click();
    // A square around the middle of the city's view: the form counts the sirens it encloses before it is sent.
    const box = (await map.boundingBox())!;
    for (const [dx, dy] of [[-25, -20], [25, -20], [25, 20], [-25, 20]]) await map.click({ position: { x: box.width / 2 + dx!, y: box.height / 2 + dy! } });
    const count = page.getByText(/划定区域内有警报器 \d+ 台/);
    await count.waitFor();
    expect(Number(/(\d+) 台/.exec(await count.innerText())![1])).toBeGreaterThan(0);
    await shot('area-drawn');
    await page.getByRole('button', { name: '安排试鸣' }).last().click();
    await page.getByTestId('siren-test').getByText('待执行').waitFor();
    const latest = (await call<{ items: Array<{ id: number }> }>('GET', '/api/siren-tests')).data.items[0]!;
    const { target, steps } = (await call<{ target: { polygon?: { coordinates: number[][][] } }; steps: Array<{ at: string }> }>('GET', `/api/siren-tests/${latest.id}`)).data;
    expect(steps[0]!.at).toBe(`${first.slice(0, 4)}-09-18T02:00:00.000Z`);
    const ring = target.polygon!.coordinates[0]!;
    expect(Object.keys(target)).toEqual(['polygon']);
    expect(ring).toHaveLength(5);
    expect(ring[4]).toEqual(ring[0]);
    await away.close();
  });
});
