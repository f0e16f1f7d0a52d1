/**
 * Regulation in Chromium against the real server: register an enterprise through the form (its USCC checked
 * before it is sent), then a 双随机 task made, committed, drawn and published through the page, the drawn list shown,
 * the published record re-run by the independent script with the same result, and an approval case with its
 * working-day due dates.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { usccCheckChar } from '@civdef/domain';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, buildWebIfStale, changePassword, launchChromium, screenshotDir, signIn, startServer, type RunningServer } from './harness.ts';

const INITIAL = 'Reg-Boot-Pw-2026!';
const ADMIN_PASSWORD = 'Reg-Chief-Pw-2026#';
let server: RunningServer;
let browser: Browser;
let page: Page;
const shots = screenshotDir();
const uscc = (n: number) => {
  const first17 = `91320613${String(n).padStart(8, '0')}X`;
  return first17 + usccCheckChar(first17)!;
};

async function api<T>(method: string, url: string, body?: unknown): Promise<{ status: number; data: T }> {
  return page.evaluate(async ({ method, url, body }) => {
    const me = await (await fetch('/api/auth/me', { credentials: 'include' })).json();
    const res = await fetch(url, {
      method, credentials: 'include', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, data: await res.json() };
  }, { method, url, body }) as Promise<{ status: number; data: T }>;
}

beforeAll(async () => {
  buildWebIfStale();
  [server, browser] = await Promise.all([startServer(INITIAL), launchChromium()]);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await signIn(page, server.baseUrl, 'admin', INITIAL);
  await changePassword(page, INITIAL, ADMIN_PASSWORD);
  // The pool: user units and officers of 崇川 (the console has no officer page yet).
  for (let i = 1; i <= 6; i += 1) {
    expect((await api('POST', '/api/regulation/enterprises', { uscc: uscc(i), name: `合成维护单位${i}`, kind: 'user_unit', regionCode: '320613' })).status).toBe(201);
  }
  for (let i = 1; i <= 3; i += 1) {
    expect((await api('POST', '/api/regulation/officers', { name: `合成执法员${i}`, certNo: `E2E-${i}`, certExpiresOn: '2099-12-31', regionCode: '320613' })).status).toBe(201);
  }
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('regulation console', () => {
  it('registers an enterprise, refusing a bad USCC in the form', async () => {
    await page.goto(`${server.baseUrl}/regulation`);
    await page.getByRole('tab', { name: '企业名录' }).click();
    await page.getByRole('button', { name: '登记企业' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('统一社会信用代码').fill(uscc(7).slice(0, 17) + (uscc(7)[17] === '0' ? '1' : '0'));
    await dialog.getByLabel('企业名称').fill('合成物业公司');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await dialog.getByText('统一社会信用代码校验未通过').waitFor();
    await dialog.getByLabel('统一社会信用代码').fill(uscc(7));
    await dialog.getByLabel('区划代码').fill('320613');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByRole('cell', { name: /合成物业公司/ }).waitFor();
    await page.screenshot({ path: path.join(shots, 'regulation-enterprises.png') });
  });

  it('runs a 双随机 task from creation to publication, and the published draw re-runs independently', async () => {
    await page.getByRole('tab', { name: '双随机抽查' }).click();
    await page.getByRole('button', { name: '新建抽查任务' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('任务名称').fill('崇川维护管理抽查');
    await dialog.getByLabel('抽查范围（区划代码）').fill('320613');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByRole('button', { name: '提交承诺（冻结抽取池）' }).click();
    const commit = (await page.getByTestId('draw-commit').textContent())!;
    expect(commit).toMatch(/^[0-9a-f]{64}$/);
    await page.getByRole('button', { name: '抽 取' }).or(page.getByRole('button', { name: '抽取' })).click();
    await page.getByRole('tooltip').getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByTestId('draw-seed').waitFor();
    const rows = page.getByTestId('draw-result').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByRole('button', { name: '公 示' }).or(page.getByRole('button', { name: '公示' })).click();
    await page.getByText('已公示').first().waitFor();
    await page.screenshot({ path: path.join(shots, 'regulation-draw.png') });

    const { data: tasks } = await api<{ items: Array<{ id: number }> }>('GET', '/api/regulation/inspections');
    const published = await (await fetch(`${server.baseUrl}/api/public/inspections/${tasks.items[0]!.id}`)).text();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-reg-e2e-')), 'draw.json');
    fs.writeFileSync(file, published);
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'scripts/verify-draw.mjs'), file]);
    expect(stdout).not.toContain('FAIL');
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td .ant-typography-secondary')?.textContent));
    expect(shown).toEqual(JSON.parse(published).result.targets);
  });

  it('registers an approval case and shows its working-day due dates', async () => {
    await page.getByRole('tab', { name: '审批时限' }).click();
    await page.getByRole('button', { name: '受理审批' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('案件名称').fill('合成拆除审批');
    await dialog.getByLabel('受理日期').fill('2026-11-20');
    await dialog.getByLabel('受理日期').press('Enter');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('全部', { exact: true }).click();
    const row = page.getByRole('row', { name: /合成拆除审批/ });
    // 7 and 20 working days from 20 Nov 2026 (no holiday in between): 1 Dec and 18 Dec.
    await row.getByRole('cell', { name: '2026-12-01' }).waitFor();
    await row.getByRole('cell', { name: '2026-12-18' }).waitFor();
    await page.screenshot({ path: path.join(shots, 'regulation-approvals.png') });
  });
});
