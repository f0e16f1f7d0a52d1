/**
 * The sign-in challenge in a real browser: after repeated wrong passwords for a name the server asks every
 * sign-in to it for a solved proof-of-work challenge, and the console solves it by itself (its own SHA-256 on
 * a plain-HTTP address, where `crypto.subtle` is missing) so the right password still gets in.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowConsoleErrors, buildWebIfStale, launchChromium, signIn, startServer, takeConsoleProblems, type RunningServer } from './harness.ts';

const ADMIN_PASSWORD = 'Initial-Boot-Pw-2024!';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  buildWebIfStale();
  // Two failures ask for the challenge; the per-address delay is kept out of the way (it has its module test).
  // The challenge has its default work (18 bits), to see what a user waits.
  [server, browser] = await Promise.all([
    startServer(ADMIN_PASSWORD, { env: { LOGIN_MAX_FAILURES: '2', LOGIN_THROTTLE_AFTER: '50' } }),
    launchChromium(),
  ]);
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  await context.addInitScript(() => window.localStorage.setItem('civdef.language', 'en'));
  page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('sign-in challenge (Chromium, real server)', () => {
  it('opens the sign-in page without a console error, and the harness does catch one', async () => {
    await page.goto(`${server.baseUrl}/login`);
    await page.getByTestId('login-submit').waitFor();
    await page.waitForLoadState('networkidle');
    // Before the session route, asking "who is signed in?" answered 401 and Chromium logged it as an error here.
    expect(takeConsoleProblems()).toEqual([]);
    await page.evaluate(() => {
      console.error('planted');
      setTimeout(() => { throw new Error('planted uncaught'); });
    });
    await page.waitForTimeout(200);
    const caught = takeConsoleProblems();
    expect(caught).toHaveLength(2);
    expect(caught[0]).toMatch(/^console error: planted @ /);
    expect(caught[1]).toMatch(/^page error: planted uncaught @ /);
  });

  it('after wrong passwords the console solves the challenge by itself and the right password gets in', async () => {
    // Each wrong password and the request for a challenge answer 401, which Chromium logs.
    allowConsoleErrors(/status of 401 .* @ .*\/api\/auth\/login$/);
    for (let i = 0; i < 2; i++) {
      await signIn(page, server.baseUrl, 'admin', `wrong-password-${i}`);
      await page.getByTestId('login-error').waitFor();
      expect(await page.getByTestId('login-error').getAttribute('data-code')).toBe('AUTH_INVALID_CREDENTIALS');
    }

    const challenges: string[] = [];
    const logins: number[] = [];
    page.on('response', (res) => {
      if (res.url().endsWith('/api/auth/challenge')) challenges.push(String(res.status()));
      if (res.url().endsWith('/api/auth/login')) logins.push(res.status());
    });
    const started = Date.now();
    await signIn(page, server.baseUrl, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(/\/password$/, { timeout: 60_000 });
    console.log(`[challenge] solved and signed in within ${Date.now() - started} ms`);
    // Asked for the challenge (401), fetched one, and got in with it (200).
    expect(challenges).toEqual(['200']);
    expect(logins).toEqual([401, 200]);
  });
});
