/**
 * The web console against the real server (embedded database, synthetic demo data) in Debian's Chromium.
 * Follows the README's first steps: sign in as admin, change the password, see the map, read the audit log,
 * create a county-scoped user and check that this user sees only the county's works and sirens.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowConsoleErrors,
  buildWebIfStale,
  changePassword,
  launchChromium,
  readMap,
  screenshotDir,
  signIn,
  startServer,
  type RunningServer,
} from './harness.ts';

// The server refuses passwords containing the user name.
const INITIAL_ADMIN_PASSWORD = 'Initial-Boot-Pw-2024!';
const ADMIN_PASSWORD = 'Changed-Duty-Pw-2024#';
const COUNTY = { code: '320612', username: 'tongzhou.admin', displayName: '通州区测试管理员' };
const COUNTY_INITIAL = 'County-Initial-Pw-77';
const COUNTY_PASSWORD = 'County-Changed-Pw-88!';

let server: RunningServer;
let browser: Browser;
let adminContext: BrowserContext;
let admin: Page;
const shots = screenshotDir();
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`) });

/** A fresh browser profile (own cookies and localStorage), in Chinese unless told otherwise. */
async function newPage(language: 'zh-CN' | 'en' = 'zh-CN'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await context.addInitScript((lang) => window.localStorage.setItem('civdef.language', lang), language);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  return { context, page };
}

/** GeoJSON from the API with the page's own session. */
async function apiFeatures(page: Page, url: string): Promise<{ regionCode: string }[]> {
  return page.evaluate(async (u) => {
    const res = await fetch(u, { credentials: 'include' });
    if (!res.ok) throw new Error(`${u}: ${res.status}`);
    const fc = (await res.json()) as { features: { properties: { regionCode: string } }[] };
    return fc.features.map((f) => f.properties);
  }, url);
}

beforeAll(async () => {
  buildWebIfStale();
  [server, browser] = await Promise.all([startServer(INITIAL_ADMIN_PASSWORD), launchChromium()]);
  ({ context: adminContext, page: admin } = await newPage());
});

afterAll(async () => {
  await adminContext?.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('web console (Chromium, real server)', () => {
  it('admin signs in, must change the password, then the map shows works and sirens', async () => {
    await admin.goto(`${server.baseUrl}/`);
    await admin.waitForURL(/\/login$/);
    await admin.getByTestId('demo-badge').waitFor();
    expect(await admin.getByTestId('demo-badge').innerText()).toContain('演示数据（合成）');
    await shot(admin, '01-login');

    await signIn(admin, server.baseUrl, 'admin', INITIAL_ADMIN_PASSWORD);
    await admin.waitForURL(/\/password$/);
    expect(await admin.getByTestId('password-policy').innerText()).toMatch(/至少 \d+ 位/);
    await shot(admin, '02-forced-password-change');
    await changePassword(admin, INITIAL_ADMIN_PASSWORD, ADMIN_PASSWORD);

    // The production build exposes the map instance only with ?debug.
    await admin.goto(`${server.baseUrl}/?debug`);
    const map = await readMap(admin);
    const works = await apiFeatures(admin, '/api/map/works');
    const sirens = await apiFeatures(admin, '/api/map/sirens');
    expect(works.length).toBeGreaterThan(0);
    expect(sirens.length).toBeGreaterThan(0);
    expect(map.shownWorks).toBe(works.length);
    expect(map.shownSirens).toBe(sirens.length);
    const counter = await admin.getByTestId('map-counts').innerText();
    expect(counter).toBe(`工程 ${works.length.toLocaleString('zh-CN')} / 警报器 ${sirens.length.toLocaleString('zh-CN')}`);
    // Every feature is drawn at the city view.
    expect(map.renderedWorks).toBe(works.length);
    expect(map.renderedSirens).toBe(sirens.length);
    // The mobile command vehicles are a layer of their own (at their bases until one reports), with its toggle.
    const vehicles = await apiFeatures(admin, '/api/map/command-vehicles');
    expect(vehicles.length).toBeGreaterThan(0);
    await expect.poll(() => admin.getByTestId('map-vehicles').getAttribute('data-total')).toBe(String(vehicles.length));
    const drawnVehicles = () => admin.evaluate(() => window.__civdefMap!.queryRenderedFeatures({ layers: ['vehicles'] }).length);
    await expect.poll(drawnVehicles).toBe(vehicles.length);
    await admin.getByTestId('layer-vehicles').click();
    await expect.poll(drawnVehicles).toBe(0);
    await admin.getByTestId('layer-vehicles').click();
    await expect.poll(drawnVehicles).toBe(vehicles.length);
    await shot(admin, '03-map-admin');

    // Clicking a work opens its popup with the key fields.
    const point = await admin.evaluate(() => {
      const m = window.__civdefMap!;
      // The work nearest the centre of the canvas, away from the floating panels and from any siren drawn over it
      // (the demo's urban sirens are dense: a click there would open the siren's popup).
      const c = m.getCanvas();
      const [cx, cy] = [c.clientWidth / 2, c.clientHeight / 2];
      const at = (f: { geometry: unknown }) => m.project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
      const sirens = m.queryRenderedFeatures({ layers: ['sirens'] }).map(at);
      const points = m.queryRenderedFeatures({ layers: ['works'] }).map(at)
        .filter((p) => sirens.every((q) => Math.hypot(p.x - q.x, p.y - q.y) > 12))
        .map((p) => ({ x: p.x, y: p.y, d: Math.hypot(p.x - cx, p.y - cy) }));
      points.sort((a, b) => a.d - b.d);
      return points[0]!;
    });
    const box = (await admin.getByTestId('map').boundingBox())!;
    await admin.mouse.click(box.x + point.x, box.y + point.y);
    await admin.locator('.map-popup-title').waitFor();
    expect(await admin.locator('.map-popup').innerText()).toContain('掩蔽人数');
    await shot(admin, '04-map-popup');
  });

  it('the audit log shows the sign-in and the hash chain verifies', async () => {
    await admin.goto(`${server.baseUrl}/audit`);
    const rows = admin.locator('[data-testid="audit-table"] tbody tr.ant-table-row');
    await rows.first().waitFor();
    // A record reads as a sentence: who (name and user name), what, on which record.
    const signIns = rows.filter({ hasText: '系统管理员（admin） 登录 用户「系统管理员」（admin）' });
    expect(await signIns.count()).toBeGreaterThan(0);
    expect(await signIns.first().innerText()).toContain('成功');

    // The action filter is chosen by its label.
    await admin.locator('#auditFilters_action').fill('登录');
    await admin.locator('.ant-select-item-option').filter({ hasText: /^登录$/ }).click();
    const filtered = admin.waitForResponse((r) => r.url().includes('/api/audit?') && r.url().includes('action=auth.login'));
    await admin.getByTestId('audit-search').click();
    await filtered;
    await expect.poll(async () => (await rows.allInnerTexts()).every((t) => t.includes(' 登录 ') && !t.includes('退出登录'))).toBe(true);

    await admin.getByTestId('audit-verify').click();
    const result = admin.getByTestId('audit-verify-result');
    await result.waitFor();
    expect(await result.getAttribute('class')).toContain('ant-alert-success');
    expect(await result.innerText()).toMatch(/已校验 \d+ 条/);
    await shot(admin, '05-audit');
  });

  it("a wrong password shows the server's message in the chosen language", async () => {
    allowConsoleErrors(/status of 401 .* @ .*\/api\/auth\/login$/);
    const zh = await newPage('zh-CN');
    await signIn(zh.page, server.baseUrl, 'admin', 'not-the-password');
    const zhError = zh.page.getByTestId('login-error');
    await zhError.waitFor();
    expect(await zhError.getAttribute('data-code')).toBe('AUTH_INVALID_CREDENTIALS');
    expect(await zhError.innerText()).toMatch(/[\u4e00-\u9fff]/);
    await zh.context.close();

    const en = await newPage('en');
    await signIn(en.page, server.baseUrl, 'admin', 'not-the-password');
    const enError = en.page.getByTestId('login-error');
    await enError.waitFor();
    expect(await enError.getAttribute('data-code')).toBe('AUTH_INVALID_CREDENTIALS');
    expect(await enError.innerText()).not.toMatch(/[\u4e00-\u9fff]/);
    expect(await en.page.getByTestId('login-submit').innerText()).toMatch(/Sign in/);
    await shot(en.page, '06-login-error-en');
    await en.context.close();
  });

  it('signing out ends the session', async () => {
    const { context, page } = await newPage();
    await signIn(page, server.baseUrl, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('user-menu').waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
    // The sign-in page shows at once; the message comes when the server has ended the session.
    await page.getByText('已退出登录').waitFor();
    allowConsoleErrors(/status of 401 .* @ .*\/api\/auth\/me$/);
    const status = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(status).toBe(401);
    await page.goto(`${server.baseUrl}/audit`);
    await page.waitForURL(/\/login$/);
    await context.close();
  });

  it('admin creates a county user, who sees only that county once unlocked', async () => {
    await admin.goto(`${server.baseUrl}/users`);
    await admin.getByTestId('user-create').click();
    await admin.locator('#user_username').fill(COUNTY.username);
    await admin.locator('#user_displayName').fill(COUNTY.displayName);
    await admin.locator('#user_password').fill(COUNTY_INITIAL);
    await admin.locator('#user_roles').click();
    await admin.locator('#user_roles').fill('县区管理员');
    await admin.keyboard.press('Enter');
    await admin.keyboard.press('Escape');
    const regions = await admin.evaluate(async () => (await (await fetch('/api/regions')).json()) as { items: { code: string; name: string }[] });
    const countyName = regions.items.find((r) => r.code === COUNTY.code)!.name;
    await admin.locator('#user_regionCode').click();
    await admin.locator('#user_regionCode').fill(countyName);
    await admin.locator('.ant-select-tree-title', { hasText: new RegExp(`^${countyName}$`) }).click();
    await shot(admin, '07-user-create');
    await admin.getByTestId('user-form-submit').click();
    const row = admin.locator('tr.ant-table-row', { hasText: COUNTY.username });
    await row.waitFor();
    expect(await row.innerText()).toContain(countyName);
    expect(await row.innerText()).toContain('县区管理员');

    // Locked: the sign-in page says so (with the server's words), and the county user cannot get in.
    allowConsoleErrors(/status of 423 .* @ .*\/api\/auth\/login$/);
    await admin.getByTestId(`lock-${COUNTY.username}`).click();
    await admin.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(() => admin.getByTestId(`status-${COUNTY.username}`).innerText()).toContain('已锁定');
    await shot(admin, '08-users');
    const county = await newPage();
    await signIn(county.page, server.baseUrl, COUNTY.username, COUNTY_INITIAL);
    await county.page.getByTestId('login-error').waitFor();
    expect(await county.page.getByTestId('login-error').getAttribute('data-code')).toBe('AUTH_ACCOUNT_LOCKED');

    await admin.getByTestId(`lock-${COUNTY.username}`).click();
    await admin.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(() => admin.getByTestId(`status-${COUNTY.username}`).innerText()).toContain('正常');

    await signIn(county.page, server.baseUrl, COUNTY.username, COUNTY_INITIAL);
    await changePassword(county.page, COUNTY_INITIAL, COUNTY_PASSWORD);
    await county.page.goto(`${server.baseUrl}/?debug`);
    const map = await readMap(county.page);

    const allWorks = await apiFeatures(admin, '/api/map/works');
    const allSirens = await apiFeatures(admin, '/api/map/sirens');
    const inCounty = (f: { regionCode: string }) => f.regionCode.startsWith(COUNTY.code);
    const countyWorks = allWorks.filter(inCounty).length;
    const countySirens = allSirens.filter(inCounty).length;
    expect(countyWorks).toBeGreaterThan(0);
    expect(countyWorks).toBeLessThan(allWorks.length);
    expect(map.shownWorks).toBe(countyWorks);
    expect(map.shownSirens).toBe(countySirens);
    expect(map.renderedWorks).toBe(countyWorks);
    expect(map.renderedRegionCodes.length).toBeGreaterThan(0);
    expect(map.renderedRegionCodes.every((c) => c.startsWith(COUNTY.code))).toBe(true);
    expect((await apiFeatures(county.page, '/api/map/works')).every(inCounty)).toBe(true);
    // The header names the county user's own jurisdiction, not the city the platform serves.
    expect(await county.page.getByTestId('header-jurisdiction').innerText()).toBe(countyName);
    await shot(county.page, '09-map-county');

    // English throughout after the switch.
    await county.page.getByTestId('language-switch').hover();
    await county.page.getByRole('menuitem', { name: 'English' }).click();
    await expect.poll(() => county.page.getByTestId('map-counts').innerText()).toBe(`Works ${countyWorks.toLocaleString('en-US')} / Sirens ${countySirens.toLocaleString('en-US')}`);
    await shot(county.page, '10-map-county-en');
    await county.context.close();
  });

  it('the audit log lists the new user\'s fields by their labels', async () => {
    await admin.goto(`${server.baseUrl}/audit`);
    const row = admin.locator('[data-testid="audit-table"] tbody tr.ant-table-row').filter({ hasText: `新建用户 用户「${COUNTY.displayName}」（${COUNTY.username}）` }).first();
    await row.waitFor();
    await row.locator('button.ant-table-row-expand-icon').click();
    const changes = admin.getByTestId('audit-changes');
    await changes.waitFor();
    const text = await changes.innerText();
    expect(text).toContain('用户名');
    expect(text).toContain(COUNTY.username);
    expect(text).toContain('姓名');
    expect(text).toContain(COUNTY.displayName);
    await shot(admin, '09-audit-user-created');
  });

  it('in English no menu entry is cut off, and the header shows the user\'s own jurisdiction', async () => {
    const { context, page } = await newPage('en');
    await signIn(page, server.baseUrl, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('side-menu').waitFor();
    expect(await page.getByTestId('header-jurisdiction').innerText()).toBe('南通市');
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="side-menu"] .ant-menu-title-content, [data-testid="side-menu"] .ant-menu-item-group-title')]
        .filter((e) => e.scrollWidth > e.clientWidth + 1)
        .map((e) => e.textContent),
    );
    expect(cut).toEqual([]);
    await shot(page, '11-menu-en');
    await context.close();
  });

  it('the administrator generates a temporary password, shown once, and the new user signs in with it', async () => {
    await admin.goto(`${server.baseUrl}/users`);
    await admin.getByTestId('user-create').click();
    await admin.locator('#user_username').fill('temp.user');
    await admin.locator('#user_displayName').fill('临时密码用户');
    await admin.getByTestId('user-password-generate').click();
    // Each role says what it may do.
    await admin.locator('#user_roles').click();
    await admin.locator('#user_roles').fill('只读');
    expect(await admin.getByTestId('role-option-viewer').innerText()).toContain('只能查看，不能修改');
    await admin.keyboard.press('Enter');
    await admin.keyboard.press('Escape');
    await admin.getByTestId('user-form-submit').click();
    const value = admin.getByTestId('temp-password-value');
    await value.waitFor();
    const password = (await value.innerText()).trim();
    expect(password.length).toBeGreaterThanOrEqual(14);
    await shot(admin, '12-temp-password');
    await admin.getByRole('button', { name: /知道了|OK/ }).click();
    await admin.getByTestId('temp-password').waitFor({ state: 'detached' });

    const { context, page } = await newPage();
    await signIn(page, server.baseUrl, 'temp.user', password);
    await page.waitForURL(/\/password$/);
    await context.close();
  });
});
