/**
 * Command and response in Chromium against the real server on the demo data: the city plan's waiting revision
 * approved and diffed against the one in force; the 9·18 drill started, an evacuation assignment run for 崇川 with
 * its progress, counts from two phones at assembly points with live totals; the drill's timeline logged, ended and
 * assessed; and the oil reserve base's readiness showing what it lacks.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfStale, changePassword, launchChromium, screenshotDir, signIn, startServer, type RunningServer } from './harness.ts';

const INITIAL = 'Resp-Boot-Pw-2026!';
const ADMIN_PASSWORD = 'Resp-Chief-Pw-2026#';
let server: RunningServer;
let browser: Browser;
let page: Page;
const shots = screenshotDir();
const btn = (label: string) => new RegExp(`^${[...label].join('\\s*')}$`);

beforeAll(async () => {
  buildWebIfStale();
  // A generous start-up wait: the demo load on a busy two-core machine can take minutes.
  [server, browser] = await Promise.all([startServer(INITIAL, { timeoutMs: 400_000 }), launchChromium()]);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await signIn(page, server.baseUrl, 'admin', INITIAL);
  await changePassword(page, INITIAL, ADMIN_PASSWORD);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('command and response console', () => {
  it('approves the waiting revision of the city plan and shows its difference from the last one', async () => {
    await page.goto(`${server.baseUrl}/response/plans`);
    await page.getByRole('cell', { name: '南通市人民防空方案（示例）' }).click();
    const revisions = page.getByTestId('plan-revisions');
    await revisions.getByRole('button', { name: btn('批准') }).click();
    await revisions.getByRole('row', { name: /第 2 版/ }).getByText('现行').waitFor();
    await revisions.getByRole('row', { name: /第 1 版/ }).getByText('已替代').waitFor();
    const diff = page.getByTestId('plan-diff');
    await diff.getByText('共 2 处变化').waitFor();
    await diff.getByText('team:南通市人防通信专业队:临战').waitFor();
    await diff.getByText('应急发电机').waitFor();
    await page.screenshot({ path: path.join(shots, 'response-plans.png'), fullPage: true });
  });

  it('starts the 9·18 drill, runs the evacuation assignment and takes counts from two phones', async () => {
    await page.goto(`${server.baseUrl}/response/drills`);
    await page.getByRole('cell', { name: /9·18/ }).click();
    await page.getByRole('button', { name: '开始演练' }).click();
    await page.getByText('进行中').first().waitFor();

    await page.goto(`${server.baseUrl}/response/evacuation`);
    await page.getByRole('button', { name: '开始计算' }).click();
    await page.getByTestId('evac-summary').waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByTestId('evac-areas').locator('tbody tr.ant-table-row').count(), { timeout: 30_000 }).toBeGreaterThan(5);
    await expect.poll(async () => page.getByTestId('evac-summary').textContent()).toContain('✓');
    await page.screenshot({ path: path.join(shots, 'response-evacuation.png'), fullPage: true });

    const phones = await Promise.all([1, 2].map(async () => {
      const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true });
      const p = await ctx.newPage();
      await signIn(p, server.baseUrl, 'admin', ADMIN_PASSWORD);
      // Signed in once the console has left the login page; only then has the session cookie been set.
      await p.waitForURL((u) => !u.pathname.startsWith('/login'));
      await p.goto(`${server.baseUrl}/response/count`);
      await p.getByTestId('count-form').waitFor();
      return p;
    }));
    const count = async (p: Page, place: string, people: number) => {
      // The second select is the place (the first, the running drill, is chosen already). Chosen again until it
      // shows: on a loaded machine the option list can re-render under the tap.
      const select = p.locator('.ant-select').nth(1);
      await expect.poll(async () => {
        if (!(await select.textContent())?.includes(place)) {
          await select.click();
          await p.keyboard.type(place);
          await p.locator('.ant-select-item-option').filter({ hasText: place }).first().click({ timeout: 5000 }).catch(() => undefined);
        }
        return select.textContent();
      }, { timeout: 30_000 }).toContain(place);
      await p.getByLabel('本次人数').fill(String(people));
      await expect.poll(() => p.getByRole('button', { name: btn('报数') }).isEnabled()).toBe(true);
      await p.getByRole('button', { name: btn('报数') }).click();
      await p.getByText(`已报 ${people} 人`).waitFor();
    };
    await count(phones[0]!, '和平桥街道集结点', 120);
    await count(phones[1]!, '任港街道集结点', 80);
    await count(phones[1]!, '和平桥街道集结点', 30);
    // Live totals on either phone within the polling interval.
    await expect.poll(async () => phones[0]!.getByTestId('count-totals').locator('.ant-statistic-content-value').first().textContent(), { timeout: 15_000 }).toBe('230');
    await phones[0]!.screenshot({ path: path.join(shots, 'response-count-phone.png'), fullPage: true });
    await Promise.all(phones.map((p) => p.context().close()));
  });

  it('logs the drill\'s timeline, ends it and assesses it', async () => {
    await page.goto(`${server.baseUrl}/response/drills`);
    await page.getByRole('cell', { name: /9·18/ }).click();
    await page.getByPlaceholder('内容').fill('09:30 试鸣防空警报');
    await page.getByRole('button', { name: btn('记录') }).click();
    await page.getByTestId('drill-timeline').getByText('09:30 试鸣防空警报').waitFor();
    await page.getByRole('button', { name: '结束演练' }).click();
    await page.getByText('已结束').first().waitFor();
    for (const [name, score] of [['集结用时', 8], ['报数准确', 9], ['秩序与安全', 10]] as const) await page.getByLabel(name).fill(String(score));
    await page.getByPlaceholder('评估意见').fill('集结迅速，报数准确');
    await page.getByRole('button', { name: btn('评估') }).click();
    // (2·0.8 + 2·0.9 + 1·1.0) / 5 = 88 %.
    await expect.poll(() => page.getByTestId('drill-score').textContent()).toBe('88');
    await page.screenshot({ path: path.join(shots, 'response-drill.png'), fullPage: true });
  });

  it('shows what lowers the oil reserve base\'s readiness', async () => {
    await page.goto(`${server.baseUrl}/response/targets`);
    const row = page.getByTestId('targets-table').getByRole('row', { name: /石油储备基地（示例）/ });
    await row.getByText('缺物资器材储备 −8').waitFor();
    await row.getByText('一中心在建 −3').waitFor();
    await row.click();
    // A controlled checkbox: it turns when the server has saved the change and answered.
    await page.getByTestId('target-detail').getByRole('checkbox', { name: '物资器材储备' }).click();
    await expect.poll(async () => page.getByTestId('targets-table').getByRole('row', { name: /石油储备基地（示例）/ }).textContent()).not.toContain('缺物资器材储备');
    await page.screenshot({ path: path.join(shots, 'response-targets.png'), fullPage: true });
  });
});
