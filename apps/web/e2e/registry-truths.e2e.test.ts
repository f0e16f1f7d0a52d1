/**
 * The registry as its first users meet it (Chromium, real server, demo data): an exported district imports back as
 * pure updates in every format, the map and the dashboard give the same usable-shelter figures, the map's state
 * filter and popup link work, and a phone upload of several queued inspections says so once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfStale, changePassword, launchChromium, screenshotDir, signIn, startServer, type RunningServer } from './harness.ts';

const INITIAL = 'Truth-Boot-Pw-2026!';
const PASSWORD = 'Truth-Chief-Pw-2026#';
const DISTRICT = '320612'; // 通州区

let server: RunningServer;
let browser: Browser;
let admin: Page;
const contexts: BrowserContext[] = [];
const problems: string[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-truths-e2e-'));
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(screenshotDir(), `truths-${name}.png`) });

async function newPage(options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { context, page };
}

async function api<T>(page: Page, url: string): Promise<T> {
  return page.evaluate(async (u) => (await fetch(u, { credentials: 'include' })).json(), url) as Promise<T>;
}

beforeAll(async () => {
  buildWebIfStale();
  [server, browser] = await Promise.all([startServer(INITIAL), launchChromium()]);
  ({ page: admin } = await newPage());
  await signIn(admin, server.baseUrl, 'admin', INITIAL);
  await changePassword(admin, INITIAL, PASSWORD);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the registry tells the truth (Chromium, real server)', () => {
  it('an exported district imports back unchanged in XLSX, CSV and GeoJSON, and nothing is written', async () => {
    const { total } = await api<{ total: number }>(admin, `/api/works?regionCode=${DISTRICT}&pageSize=1`);
    expect(total).toBeGreaterThan(100);
    for (const format of ['xlsx', 'csv', 'geojson']) {
      const res = await admin.request.get(`${server.baseUrl}/api/works/export?format=${format}&regionCode=${DISTRICT}`);
      const file = path.join(tmp, `tongzhou.${format}`);
      fs.writeFileSync(file, await res.body());
      await admin.goto(`${server.baseUrl}/works/import`);
      await admin.locator('.works-import input[type=file]').setInputFiles(file);
      const job = admin.locator('[data-testid="import-job"][data-status="valid"]');
      await job.waitFor({ timeout: 120_000 });
      expect(await job.innerText(), format).toContain(`新建 0 处、更新 0 处，${total.toLocaleString('zh-CN')} 处与现有数据相同、不写入`);
    }
    await shot(admin, '01-reimport-valid');
    const version = async () => (await api<{ items: Array<{ version: number }> }>(admin, `/api/works?regionCode=${DISTRICT}&pageSize=5&sort=code`)).items.map((w) => w.version);
    const before = await version();
    await admin.getByTestId('import-commit').click();
    await admin.getByTestId('import-to-list').waitFor({ timeout: 120_000 });
    expect(await admin.locator('.works-import').innerText()).toContain(`新建 0 处，更新 0 处，未变 ${total.toLocaleString('zh-CN')} 处`);
    expect(await version()).toEqual(before);
  });

  it('the map counts usable shelter as the dashboard does, filters by state and links a work to its page', async () => {
    const stats = await api<{ totals: { works: number; usableWorks: number; shelterPlaces: number }; usableStates: string[] }>(admin, '/api/works/stats');
    expect(stats.usableStates.length).toBeGreaterThan(0);
    expect(stats.totals.usableWorks).toBeLessThan(stats.totals.works);

    await admin.goto(`${server.baseUrl}/overview`);
    await admin.getByTestId('stat-places').waitFor();
    expect(await admin.getByTestId('stat-places').innerText()).toContain(stats.totals.shelterPlaces.toLocaleString('zh-CN'));

    await admin.goto(`${server.baseUrl}/?debug`);
    await admin.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 90_000 });
    expect(await admin.getByTestId('map-places').innerText()).toBe(stats.totals.shelterPlaces.toLocaleString('zh-CN'));
    expect(await admin.getByTestId('map-usable-works').innerText()).toBe(stats.totals.usableWorks.toLocaleString('zh-CN'));
    expect(await admin.getByTestId('map-usable-note').innerText()).toContain('在用');

    // State filter: only demolished works — none of them counts as usable shelter.
    const demolished = await api<{ total: number }>(admin, '/api/works?lifecycleState=demolished&pageSize=1');
    await admin.getByTestId('map-state-filter').click();
    await admin.locator('.ant-select-item-option').filter({ hasText: '拆除' }).click();
    await admin.keyboard.press('Escape');
    await expect.poll(() => admin.getByTestId('map-counts').getAttribute('data-works')).toBe(String(demolished.total));
    expect(await admin.getByTestId('map-places').innerText()).toBe('0');
    await admin.getByTestId('map-state-filter').locator('.ant-select-clear').click({ force: true });
    await expect.poll(() => admin.getByTestId('map-counts').getAttribute('data-works')).toBe(String(stats.totals.works));

    // Popup → the work's page.
    await admin.evaluate(() => window.__civdefMap?.jumpTo({ center: [120.87, 32.01], zoom: 14 }));
    await admin.waitForTimeout(1500);
    const target = await admin.evaluate(() => {
      const m = window.__civdefMap!;
      // The work nearest the centre of the canvas, away from the floating panels.
      const c = m.getCanvas();
      const [cx, cy] = [c.clientWidth / 2, c.clientHeight / 2];
      const points = m.queryRenderedFeatures({ layers: ['works'] }).map((f) => {
        const p = m.project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
        return { x: p.x, y: p.y, id: f.properties.id as number, d: Math.hypot(p.x - cx, p.y - cy) };
      });
      points.sort((a, b) => a.d - b.d);
      return points[0] ?? null;
    });
    expect(target).not.toBeNull();
    const box = (await admin.getByTestId('map').boundingBox())!;
    await admin.mouse.click(box.x + target!.x, box.y + target!.y);
    await admin.locator('.map-popup-link').waitFor();
    await shot(admin, '02-map-popup');
    await admin.locator('.map-popup-link').click();
    await admin.waitForURL(new RegExp(`/works/${target!.id}$`));
  });

  it('the map search finds a work by several words of its name or address and flies to it', async () => {
    type Item = { id: number; code: string; name: string; location: [number, number] };
    const found = await api<{ items: Item[] }>(admin, `/api/works?q=${encodeURIComponent('碧桂 新村')}&pageSize=8`);
    expect(found.items.length).toBeGreaterThan(0);
    const target = found.items[0]!;
    await admin.goto(`${server.baseUrl}/?debug`);
    await admin.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 90_000 });
    await admin.getByTestId('map-search').locator('input').fill('碧桂 新村');
    await admin.getByTestId(`map-search-${target.code}`).click();
    await admin.locator(`[data-testid="map-search-pin"][data-code="${target.code}"]`).waitFor();
    await expect.poll(async () => admin.evaluate(() => {
      const map = window.__civdefMap!;
      return map.isMoving() ? null : { zoom: map.getZoom(), center: map.getCenter().toArray() };
    }), { timeout: 15_000 }).toMatchObject({ zoom: expect.any(Number) });
    const view = await admin.evaluate(() => ({ zoom: window.__civdefMap!.getZoom(), center: window.__civdefMap!.getCenter().toArray() }));
    expect(view.zoom).toBeGreaterThanOrEqual(15);
    expect(Math.abs(view.center[0]! - target.location[0])).toBeLessThan(1e-3);
    expect(Math.abs(view.center[1]! - target.location[1])).toBeLessThan(1e-3);
    await shot(admin, '04-map-search');
  });

  it('a phone upload of three queued inspections says so once', async () => {
    const here = { longitude: 120.8945, latitude: 32.0162 };
    const { context, page } = await newPage({
      viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, geolocation: { ...here, accuracy: 12 }, permissions: ['geolocation'],
    });
    await signIn(page, server.baseUrl, 'admin', PASSWORD);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${server.baseUrl}/inspect`);
    await page.getByTestId('locate').click();
    await page.locator('[data-testid="nearest-list"] .ant-card').first().waitFor();
    const code = await page.locator('[data-testid="nearest-list"] [data-testid^="nearest-"]').first().getAttribute('data-testid');
    await context.setOffline(true);
    await page.locator('[data-testid="online-state"][data-online="false"]').waitFor();
    for (let i = 1; i <= 3; i++) {
      await page.getByTestId(code!).click();
      // One tap marks every item 正常; the chosen answer carries its colour class.
      await page.getByTestId('all-ok').click();
      await expect.poll(() => page.locator('.inspect-answer-ok').count()).toBeGreaterThan(3);
      await page.getByTestId('inspect-submit').click();
      await page.locator(`[data-testid="queue-open"][data-count="${i}"]`).waitFor();
    }
    await page.waitForTimeout(3500); // the "queued" toasts fade
    const synced = () => page.locator('.ant-message-notice').filter({ hasText: '已上传' }).count();
    await context.setOffline(false);
    await page.locator('[data-testid="queue-open"][data-count="0"]').waitFor({ timeout: 60_000 });
    await expect.poll(synced).toBe(1);
    expect(await page.locator('.ant-message-notice').filter({ hasText: '已上传 3 条巡检' }).count()).toBe(1);
    await page.waitForTimeout(1000);
    expect(await synced()).toBe(1);
    await shot(page, '03-phone-synced');
    expect(problems).toEqual([]);
  });
});
