/**
 * Browser-test harness: builds the console when its sources are newer than dist/, starts the real server
 * (embedded database, demo data) on a free port in a fresh data directory, and launches Debian's Chromium
 * through playwright-core. Nothing is downloaded.
 *
 * Every page of a browser from launchChromium() is watched: an uncaught exception or a console error on any page
 * fails the test during which it happened (afterEach below), so a page that works but logs an error is caught.
 * A test that provokes an error on purpose (a wrong password answers 401, which Chromium logs) says so with
 * allowConsoleErrors().
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterEach, expect } from 'vitest';

export const WEB_DIR = path.resolve(import.meta.dirname, '..');
export const REPO_ROOT = path.resolve(WEB_DIR, '../..');
const DIST_INDEX = path.join(WEB_DIR, 'dist', 'index.html');

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)));
  return max;
}

/** `vite build` unless dist/ is newer than every input of the build. */
export function buildWebIfStale(): void {
  const inputs = [
    path.join(WEB_DIR, 'src'),
    path.join(WEB_DIR, 'public'),
    path.join(WEB_DIR, 'index.html'),
    path.join(WEB_DIR, 'vite.config.ts'),
    path.join(REPO_ROOT, 'packages/domain/src'),
  ];
  const built = fs.existsSync(DIST_INDEX) ? fs.statSync(DIST_INDEX).mtimeMs : 0;
  if (built > Math.max(...inputs.map(newestMtime))) return;
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: WEB_DIR,
    stdio: 'inherit',
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  stop: () => Promise<void>;
  log: () => string;
}

/** The real server with demo data; the admin must change `adminPassword` at first sign-in. */
export async function startServer(
  adminPassword: string,
  { env = {}, timeoutMs = 150_000 }: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/cli/main.ts', 'serve'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      CIVDEF_DATA_DIR: dataDir,
      CIVDEF_WEB_DIST: path.join(WEB_DIR, 'dist'),
      CIVDEF_INITIAL_ADMIN_PASSWORD: adminPassword,
      PORT: String(port),
      HOST: '127.0.0.1',
      MQTT_EMBEDDED_PORT: 'off',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((c) => (exitCode = c));

  const stop = async () => {
    if (exitCode === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`server exited (${exitCode}) before it was healthy:\n${output.slice(-4000)}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server not healthy after ${timeoutMs} ms:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { baseUrl, dataDir, stop, log: () => output };
}

/** What the watched pages reported since the last check, and what the running test said to expect. */
const consoleProblems: string[] = [];
let allowedProblems: RegExp[] = [];

/** Lets the current test's console errors matching one of `patterns` pass (each problem reads "<kind>: <text> @ <url>"). */
export function allowConsoleErrors(...patterns: RegExp[]): void {
  allowedProblems.push(...patterns);
}

/** The problems reported and not allowed, emptied: afterEach fails on them; a test may check mid-way too. */
export function takeConsoleProblems(): string[] {
  const unexpected = consoleProblems.filter((p) => !allowedProblems.some((re) => re.test(p)));
  consoleProblems.length = 0;
  return unexpected;
}

/**
 * Known problems of pages whose owners have yet to fix them: reported on stderr, not failed. Each names where it
 * comes from; remove an entry once its pages are clean (the gate then holds there too). Empty: every page is held
 * to the gate.
 */
const TOLERATED: Array<{ problem: RegExp; pages: RegExp; why: string }> = [];

function record(problem: string, page: Page): void {
  const path = page.url().startsWith('http') ? new URL(page.url()).pathname : page.url();
  const known = TOLERATED.find((k) => k.problem.test(problem) && k.pages.test(path));
  if (known) console.warn(`[tolerated: ${known.why}] ${problem}`);
  else consoleProblems.push(problem);
}

function watchPage(page: Page): void {
  page.on('pageerror', (err) => {
    // A test's init script (localStorage.setItem) also runs in the blank first document, where storage is denied:
    // the console is never served there, so what happens there is the test's, not the console's.
    if (page.url() !== 'about:blank') record(`page error: ${err.message} @ ${page.url()}`, page);
  });
  page.on('console', (msg) => {
    // The resource's address (a failed request) where there is one, else the page's.
    if (msg.type() === 'error') record(`console error: ${msg.text()} @ ${msg.location().url || page.url()}`, page);
  });
}

function watchContext(context: BrowserContext): BrowserContext {
  context.on('page', watchPage);
  return context;
}

// Registered when a test file imports the harness: every test of every browser suite is checked.
afterEach(() => {
  const unexpected = takeConsoleProblems();
  allowedProblems = [];
  expect(unexpected, 'console errors or uncaught exceptions in the browser').toEqual([]);
});

export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // MapLibre needs WebGL: software rendering through SwiftShader.
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
  // browser.newPage() goes through newContext() too, so every page of this browser is watched.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => watchContext(await newContext(options));
  return browser;
}

/** Where screenshots go (looked at by a person after a run). */
export function screenshotDir(): string {
  const dir = process.env.CIVDEF_E2E_SCREENSHOTS ?? path.join(os.tmpdir(), 'civdef-e2e-screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** JSON from the API with the page's session (and its CSRF token on writes); an empty body is null. */
export async function callApi<T>(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; data: T }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const me = await (await fetch('/api/auth/me', { credentials: 'include' })).json();
      const res = await fetch(url, {
        method, credentials: 'include', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken, accept: 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, data: text ? JSON.parse(text) : null };
    },
    { method, url, body },
  ) as Promise<{ status: number; data: T }>;
}

export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#login_username').fill(username);
  await page.locator('#login_password').fill(password);
  // Returns once the server has answered: a navigation right after the click could otherwise abort the sign-in or
  // arrive before its cookie, and land signed out on /login (it did on a slow CI machine).
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/auth/login');
  await page.getByTestId('login-submit').click();
  await answered;
}

export async function changePassword(page: Page, current: string, next: string): Promise<void> {
  await page.waitForURL(/\/password$/);
  await page.getByTestId('forced-notice').waitFor();
  await page.locator('#changePassword_currentPassword').fill(current);
  await page.locator('#changePassword_newPassword').fill(next);
  await page.locator('#changePassword_confirmPassword').fill(next);
  await page.getByTestId('password-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/password') && !u.pathname.startsWith('/login'));
}

export interface MapCounts {
  shownWorks: number;
  shownSirens: number;
  renderedWorks: number;
  renderedSirens: number;
  renderedRegionCodes: string[];
}

/** Waits for the map's data and first render, then reads the counter and the rendered features. */
export async function readMap(page: Page): Promise<MapCounts> {
  await page.locator('[data-testid="map"][data-ready="true"]').waitFor({ timeout: 60_000 });
  const counts = page.getByTestId('map-counts');
  const shownWorks = Number(await counts.getAttribute('data-works'));
  const shownSirens = Number(await counts.getAttribute('data-sirens'));
  const rendered = await page.evaluate(async () => {
    const map = window.__civdefMap;
    if (!map) throw new Error('window.__civdefMap missing: open the page with ?debug');
    // Idle = sources parsed, tiles laid out and drawn.
    await new Promise<void>((resolve) => (map.loaded() && !map.isMoving() ? resolve() : map.once('idle', () => resolve())));
    const works = map.queryRenderedFeatures({ layers: ['works'] });
    const sirens = map.queryRenderedFeatures({ layers: ['sirens'] });
    const ids = (fs: typeof works) => new Set(fs.map((f) => String(f.properties.id))).size;
    const codes = [...new Set([...works, ...sirens].map((f) => String(f.properties.regionCode)))];
    return { renderedWorks: ids(works), renderedSirens: ids(sirens), renderedRegionCodes: codes };
  });
  return { shownWorks, shownSirens, ...rendered };
}

/**
 * Chooses `label` in the antd Select `testId` of a page whose choice lands in the URL as `param=value`, and waits
 * until it has. The option is looked for in the open dropdown only (a closed one stays in the page, hidden).
 * On a loaded machine Chromium has been seen to drop the option's click while the dropdown is still animating in
 * (the URL never changed); the choice is then made once more, and the retry is logged so it stays visible.
 */
export async function chooseInUrl(page: Page, testId: string, label: RegExp, param: string, value: string): Promise<void> {
  const holds = () => new URL(page.url()).searchParams.get(param) === value;
  for (let attempt = 1; ; attempt++) {
    await page.getByTestId(testId).click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: label }).click();
    try {
      await expect.poll(holds, { timeout: 10_000 }).toBe(true);
      return;
    } catch (err) {
      if (attempt >= 2) throw err;
      console.warn(`[chooseInUrl] ${testId}: ${param}=${value} not in ${page.url()} after the click; choosing again`);
      await page.keyboard.press('Escape');
    }
  }
}
