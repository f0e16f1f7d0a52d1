/**
 * The public app on a phone (390×844 headless Chromium) against the real server with the demo data: a person finds
 * the nearest shelter and sees it on the map, receives an exercise alert pushed while the page is open, completes a
 * quiz, finds the nearest shelter from the static export the server keeps (served as nginx would) and sees an edit
 * there, and reopens the page offline; axe-core finds no serious or critical violation on any of its pages.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowConsoleErrors, buildWebIfStale, freePort, launchChromium, screenshotDir, signIn, startServer, type RunningServer } from './harness.ts';

const INITIAL = 'Public-Boot-Pw-2026!';
const ADMIN_PASSWORD = 'Public-Chief-Pw-2026#';
const HERE: [number, number] = [120.8755, 32.0068]; // 南通市崇川区, among the demo works
/** Where the server keeps the public static export (PUBLIC_STATIC_DIR). */
const STATIC_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-e2e-static-'));

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const shots = screenshotDir();
const shot = (name: string) => page.screenshot({ path: path.join(shots, `public-${name}.png`), fullPage: true });
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface ApiSession {
  cookie: string;
  csrf: string;
}

/** The API as a console user would use it (sign-in, forced password change, then writes with the CSRF token). */
async function api<T>(s: ApiSession | null, method: string, url: string, body?: unknown): Promise<{ status: number; data: T; cookie?: string }> {
  const res = await fetch(`${server.baseUrl}${url}`, {
    method, headers: { ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const set = res.headers.getSetCookie().find((c) => c.startsWith('civdef_sid='));
  return { status: res.status, data: (text ? JSON.parse(text) : null) as T, cookie: set?.split(';')[0] };
}

async function signedIn(username: string, password: string, next?: string): Promise<ApiSession> {
  const login = await api<{ csrfToken: string }>(null, 'POST', '/api/auth/login', { username, password });
  expect(login.status, JSON.stringify(login.data)).toBe(200);
  let s: ApiSession = { cookie: login.cookie!, csrf: login.data.csrfToken };
  if (next) {
    const changed = await api(s, 'POST', '/api/auth/password', { currentPassword: password, newPassword: next });
    expect(changed.status).toBe(204);
    const me = await api<{ csrfToken: string }>({ ...s, cookie: changed.cookie! }, 'GET', '/api/auth/me');
    s = { cookie: changed.cookie!, csrf: me.data.csrfToken };
  }
  return s;
}

/** axe-core in the page: the violations a person would trip over (serious or critical). */
async function seriousViolations(p: Page): Promise<string[]> {
  await p.addScriptTag({ path: AXE });
  const found = await p.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(c: Document): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    return (await axe.run(document)).violations.map((v) => ({ id: v.id, impact: v.impact, where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ') }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.where}`);
}

/**
 * Opens the entrance list of the first card with more than one entrance: as many entrances as the card counts, exactly
 * one marked nearest. Answers the card.
 */
async function opensEntrances(p: Page, cards: Locator): Promise<Locator> {
  const many = cards.filter({ has: p.getByRole('button', { name: '全部出入口' }) }).first();
  const count = Number((await many.locator('.meta').last().textContent())?.match(/出入口 (\d+) 个/)?.[1]);
  expect(count).toBeGreaterThan(1);
  await many.getByRole('button', { name: '全部出入口' }).click();
  await expect.poll(() => many.locator('ul.entrances > li').count()).toBe(count);
  expect(await many.locator('ul.entrances > li', { hasText: '(最近)' }).count()).toBe(1);
  return many;
}

beforeAll(async () => {
  buildWebIfStale();
  const mqttPort = await freePort();
  [server, browser] = await Promise.all([
    startServer(INITIAL, { env: { MQTT_EMBEDDED_PORT: String(mqttPort), PUBLIC_RATE_LIMIT_PER_MINUTE: '100000', PUBLIC_STATIC_DIR: STATIC_DIR } }),
    launchChromium(),
  ]);
  context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
    geolocation: { longitude: HERE[0], latitude: HERE[1] }, permissions: ['geolocation'],
    // axe-core is injected as a script: the app's CSP (script-src 'self') would refuse it otherwise.
    bypassCSP: true,
  });
  page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  page.on('console', (m) => m.type() === 'error' && console.error(`[console] ${m.text()}`));
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  fs.rmSync(STATIC_DIR, { recursive: true, force: true });
});

describe('public app on a phone', () => {
  it('finds the nearest shelter and shows it on the map', async () => {
    await page.goto(`${server.baseUrl}/m/`);
    // No basemap is configured here: the map draws the city's districts, named, so that a tap can be placed.
    await expect.poll(() => page.locator('.map .district-label').allTextContents(), { timeout: 90_000 }).toContain('崇川区');
    await shot('map-districts');
    await page.getByRole('button', { name: '用我的位置查找最近的人防工程' }).click();
    const cards = page.locator('ol.cards > li');
    await cards.first().waitFor({ timeout: 30_000 });
    expect(await cards.count()).toBe(5);
    await expect.poll(() => cards.first().locator('.walk').textContent()).toMatch(/^步行约 \d+ 分钟 · \d+ 米$/);
    await shot('nearest-list');
    // The answer counts each shelter's entrances; the list is fetched from the shelter's detail when opened.
    const many = await opensEntrances(page, cards);
    await many.getByRole('button', { name: '全部出入口' }).click();
    await expect.poll(() => many.locator('ul.entrances').count()).toBe(0);
    await page.locator('.map[data-shelters="5"] canvas').waitFor({ timeout: 90_000 });
    expect(await page.locator('.map').getAttribute('data-origin')).toBe(`${HERE[0].toFixed(4)},${HERE[1].toFixed(4)}`);
    await shot('nearest');
    expect(await seriousViolations(page)).toEqual([]);
    // The service worker takes the page (and the answers seen) for offline use.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  });

  it('receives an exercise alert pushed while the page is open, turns to alert mode, and tells whether one is in its drawn area', async () => {
    const admin = await signedIn('admin', INITIAL, ADMIN_PASSWORD);
    const officers: ApiSession[] = [];
    for (const name of ['pub.duty.one', 'pub.duty.two']) {
      const made = await api(admin, 'POST', '/api/users', { username: name, displayName: name, password: 'Duty-Init-Pw-71x', roles: ['duty_officer'], regionCode: '320600' });
      expect(made.status).toBe(201);
      officers.push(await signedIn(name, 'Duty-Init-Pw-71x', 'Officer-Shift-Pw-2026#'));
    }
    await page.goto(`${server.baseUrl}/m/#alerts`);
    await page.getByText('实时推送已连接').waitFor({ timeout: 20_000 });
    // An area drawn around the person's point (about 2 km across).
    const [x, y] = HERE;
    const ring = [[x - 0.01, y - 0.01], [x + 0.01, y - 0.01], [x + 0.01, y + 0.01], [x - 0.01, y + 0.01], [x - 0.01, y - 0.01]];
    const draft = await api<{ id: number }>(officers[0]!, 'POST', '/api/alerts', {
      kind: 'exercise', program: 'air_raid', area: { polygon: { type: 'Polygon', coordinates: [ring] } }, headline: '崇川区防空演习', messageZh: '这是一次演习。空袭警报，请就近进入人防工程。',
    });
    expect(draft.status, JSON.stringify(draft.data)).toBe(201);
    const sent = await api(officers[1]!, 'POST', `/api/alerts/${draft.data.id}/confirm`, { version: 1 });
    expect(sent.status, JSON.stringify(sent.data)).toBe(200);
    const banner = page.locator('.banner a');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toBe('空袭警报（演习）：崇川区防空演习');
    await page.getByText('空袭警报：鸣 6 秒，停 6 秒，反复 15 遍（约 3 分钟）。').waitFor();
    await shot('alert');
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('nav a', { hasText: '避难' }).click();
    await page.getByText('警报模式：优先显示可供人员掩蔽的工程').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('ol.cards .fits, ol.cards .too-far').count()).toBeGreaterThan(0);
    // The map outlines the alert's area; the alert's page says the person's point lies inside it.
    await page.locator('.map[data-alert-area="shown"]').waitFor();
    await shot('alert-area-map');
    await page.locator('nav a', { hasText: '警报' }).click();
    expect(await page.getByTestId('in-area').textContent()).toBe('你所在的位置在警报划定区域内');
    await page.getByText(/区域：.*划定区域/).waitFor();
  });

  it('completes a test quiz counted for a school picked from the district\'s list', async () => {
    // The district list arrives a second late (a slow phone network): a start pressed before it waits for it.
    await page.route('**/api/public/quiz/orgs', async (r) => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await r.continue();
    });
    await page.locator('nav a', { hasText: '学习' }).click();
    await page.getByRole('button', { name: '测试' }).click();
    // Nothing picked yet: the page says what is missing.
    await page.getByRole('button', { name: '开始' }).click();
    await page.getByRole('alert').getByText('请选择所在区县').waitFor();
    await page.unroute('**/api/public/quiz/orgs');
    await page.getByLabel('所在区县').selectOption({ label: '崇川区' });
    await page.getByLabel('单位类型').selectOption({ label: '学校' });
    await page.getByLabel('学校或社区', { exact: true }).selectOption({ label: '崇川实验中学' });
    expect(await seriousViolations(page)).toEqual([]);
    await shot('quiz-org');
    await page.getByRole('button', { name: '开始' }).click();
    const questions = page.locator('fieldset.question');
    await questions.first().waitFor();
    const n = await questions.count();
    expect(n).toBe(10);
    for (let i = 0; i < n; i++) await questions.nth(i).locator('input').first().check();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '交卷' }).click();
    const score = page.locator('p.score');
    await score.waitFor();
    expect(await score.textContent()).toMatch(/^得分 \d+ 分（答对 \d+ \/ 10 题）$/);
    await shot('quiz');
    const admin = await signedIn('admin', ADMIN_PASSWORD);
    const summary = await api<{ items: Array<{ orgId: number | null; orgName: string; districtName: string; tests: number }> }>(admin, 'GET', '/api/quiz/results/summary');
    const counted = summary.data.items.find((i) => i.orgName === '崇川实验中学');
    expect(counted).toMatchObject({ districtName: '崇川区', tests: 1 });
    expect(counted?.orgId).toBeGreaterThan(0);
  });

  it('lists peacetime places with their hours, open now only, and reads in English', async () => {
    await page.locator('nav a', { hasText: '平时服务' }).click();
    await page.locator('ul.cards > li').first().waitFor({ timeout: 15_000 });
    // Each demo garage has its hours; asked for what is open now, every card says so.
    await page.getByLabel('只看现在开放的').check();
    await expect.poll(async () => {
      const cards = await page.locator('ul.cards > li').allTextContents();
      return cards.length > 0 && cards.every((c) => c.includes('现在开放'));
    }, { timeout: 15_000 }).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('places-open-now');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Services' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await shot('places-en');
    await page.getByRole('button', { name: '中文' }).click();
  });

  it('lets the office manage the question bank and see the results on the dashboard (console, 1440×900)', async () => {
    const desk = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    try {
      const office = await desk.newPage();
      await signIn(office, server.baseUrl, 'admin', ADMIN_PASSWORD);
      await office.waitForURL((u) => !u.pathname.startsWith('/login'));
      await office.goto(`${server.baseUrl}/quiz`);
      // The question bank's table (the list of schools and communities follows in a card of its own).
      const bank = office.locator('.ant-card').first().locator('.ant-table-row');
      await bank.first().waitFor();
      expect(await bank.count()).toBe(12);
      await office.getByRole('button', { name: '新增题目' }).click();
      await office.locator('#question_stem').fill('南通市人防指挥信息保障中心的防空警报试鸣日是？');
      await office.locator('#question_options_A').fill('9 月 18 日前后');
      await office.locator('#question_options_B').fill('元旦');
      await office.locator('#question_answer').getByText('A', { exact: true }).click();
      await office.locator('.ant-modal-footer .ant-btn-primary').click();
      await office.getByText('已新增题目').waitFor();
      await expect.poll(() => bank.count()).toBe(13);
      // The office adds a community to the list; the public's list offers it under its district.
      const orgs = office.locator('form#quizOrg');
      await orgs.locator('#quizOrg_regionCode').click();
      await office.keyboard.type('和平桥街道');
      await office.keyboard.press('Enter');
      await orgs.locator('#quizOrg_kind').click();
      await office.locator('.ant-select-item-option', { hasText: '社区' }).click();
      await orgs.locator('#quizOrg_name').fill('濠河社区（测试）');
      await office.getByRole('button', { name: '加入名单' }).click();
      await office.getByText('已加入名单').waitFor();
      const listed = await api<{ districts: Array<{ name: string; orgs: Array<{ name: string }> }> }>(null, 'GET', '/api/public/quiz/orgs');
      expect(listed.data.districts.find((d) => d.name === '崇川区')?.orgs.map((o) => o.name)).toContain('濠河社区（测试）');
      await office.screenshot({ path: path.join(shots, 'public-console-quiz.png') });
      await office.goto(`${server.baseUrl}/overview`);
      await office.getByTestId('chart-quiz').waitFor({ timeout: 30_000 });
      await office.screenshot({ path: path.join(shots, 'public-console-dashboard.png'), fullPage: true });
    } finally {
      await desk.close();
    }
  });

  it('with the static export the server keeps served in front (nginx, a CDN), ranks from the tile, opens entrances without the API and sees an edit', async () => {
    // The server keeps PUBLIC_STATIC_DIR current; this phone is served those files as nginx would serve them, and
    // never reaches the shelter API.
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
      geolocation: { longitude: HERE[0], latitude: HERE[1] }, permissions: ['geolocation'],
      // Requests a service worker answers never reach page.route.
      serviceWorkers: 'block',
    });
    const admin = await signedIn('admin', ADMIN_PASSWORD);
    const nearest = await api<{ items: Array<{ id: number; name: string }> }>(null, 'GET', `/api/public/shelters/nearest?lng=${HERE[0]}&lat=${HERE[1]}&limit=1`);
    const { id, name } = nearest.data.items[0]!;
    const rename = async (to: string) => {
      const work = await api<{ version: number }>(admin, 'GET', `/api/works/${id}`);
      expect((await api(admin, 'PATCH', `/api/works/${id}`, { version: work.data.version, name: to })).status).toBe(200);
    };
    try {
      const asked: string[] = [];
      const served: string[] = [];
      await phone.route('**/public-static/**', (r) => {
        const file = path.join(STATIC_DIR, decodeURIComponent(new URL(r.request().url()).pathname.slice('/public-static/'.length)));
        if (!file.startsWith(STATIC_DIR) || !fs.existsSync(file)) return r.fulfill({ status: 404 });
        served.push(path.relative(STATIC_DIR, file));
        return r.fulfill({ path: file, contentType: 'application/json' });
      });
      await phone.route(/\/api\/public\/(shelters|districts)/, (r) => {
        asked.push(r.request().url());
        return r.abort();
      });
      const p = await phone.newPage();
      await p.goto(`${server.baseUrl}/m/`);
      await p.getByRole('button', { name: '用我的位置查找最近的人防工程' }).click();
      const cards = p.locator('ol.cards > li');
      await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(5);
      await opensEntrances(p, cards);
      // The district outlines come from the export too (the API's are refused here).
      await expect.poll(() => p.locator('.map .district-label').allTextContents()).toContain('崇川区');
      expect(served.some((f) => f.startsWith('tiles/'))).toBe(true);

      // An officer renames the nearest work: the server rewrites its tiles, and the phone's next search shows it.
      await rename(`${name}（已更名）`);
      await expect.poll(async () => {
        await p.getByRole('button', { name: '用我的位置查找最近的人防工程' }).click();
        return cards.filter({ hasText: `${name}（已更名）` }).count();
      }, { timeout: 15_000 }).toBe(1);
      await p.screenshot({ path: path.join(shots, 'public-static-export.png'), fullPage: true });
      expect(asked).toEqual([]);
    } finally {
      await rename(name);
      await phone.close();
    }
  });

  it('reopens offline with the last nearest shelters', async () => {
    await page.goto(`${server.baseUrl}/m/#shelter`);
    await page.locator('ol.cards > li').first().waitFor();
    // A shelter's entrances, opened while online: kept for offline like every answer.
    // (By its name: the list may be re-ranked meanwhile, the alert issued above turning the page to alert mode.)
    const opened = await page.locator('ol.cards > li').filter({ has: page.getByRole('button', { name: '全部出入口' }) }).first().locator('h3').textContent();
    const same = page.locator('ol.cards > li').filter({ has: page.locator('h3', { hasText: opened ?? '' }) });
    await same.getByRole('button', { name: '全部出入口' }).click();
    await expect.poll(() => same.locator('ul.entrances > li').count()).toBeGreaterThan(1);
    // No network at all: the server is gone too (the browser's offline switch does not reach the service worker).
    await server.stop();
    await context.setOffline(true);
    // Offline, what the service worker does not hold fails to load, and Chromium logs each failure: expected here. The
    // live alert stream may also reconnect to the stopped server before the offline switch lands (refused), or while
    // it is still closing (Fastify answers 503 to a request that arrives during close).
    allowConsoleErrors(
      /^console error: Failed to load resource: net::ERR_(FAILED|INTERNET_DISCONNECTED|CONNECTION_REFUSED) @ /,
      /^console error: Failed to load resource: the server responded with a status of 503 \(Service Unavailable\) @ \S+\/api\/public\/alerts\/stream$/,
    );
    try {
      await page.reload();
      await page.getByRole('heading', { name: '离您最近的人防工程' }).waitFor();
      await shot('offline-reloaded');
      await page.locator('p.offline').first().waitFor();
      expect(await page.locator('p.offline').first().textContent()).toMatch(/^当前离线：显示的是 .+ 的结果$/);
      expect(await page.locator('ol.cards > li').count()).toBe(5);
      await same.getByRole('button', { name: '全部出入口' }).click();
      await expect.poll(() => same.locator('ul.entrances > li').count()).toBeGreaterThan(1);
      await shot('offline');
    } finally {
      await context.setOffline(false);
    }
  });
});
