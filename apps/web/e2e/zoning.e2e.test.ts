/**
 * Building rules and 控规 parcels in Chromium against the real server with the synthetic demo: the rule versions
 * (national and the city's example rate), a new county version from an effective date, a project calculated with
 * the rule and date shown, the parcels on the table and the map, and the 易地统筹 ledger adding up to Nantong's
 * published figures (59 parcels, 312 000 m², about 2.30 亿元).
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfStale, changePassword, launchChromium, screenshotDir, signIn, startServer, type RunningServer } from './harness.ts';

const INITIAL = 'Zone-Boot-Pw-2026!';
const ADMIN_PASSWORD = 'Zone-Chief-Pw-2026#';

let server: RunningServer;
let browser: Browser;
let page: Page;
const shots = screenshotDir();
const shot = (name: string) => page.screenshot({ path: path.join(shots, `zoning-${name}.png`) });

beforeAll(async () => {
  buildWebIfStale();
  // A first start migrates and loads the whole demo: on a busy machine that took 140 s, near the default limit.
  [server, browser] = await Promise.all([startServer(INITIAL, { timeoutMs: 300_000 }), launchChromium()]);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await signIn(page, server.baseUrl, 'admin', INITIAL);
  await changePassword(page, INITIAL, ADMIN_PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('building rules and parcels', () => {
  it('lists the rule versions and adds a county version from its effective date', async () => {
    await page.goto(`${server.baseUrl}/planning/zoning`);
    const table = page.getByTestId('rules-table');
    await table.getByText('全国（基准）').waitFor();
    await table.getByText('320600').waitFor();
    await page.getByTestId('rule-create').click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByLabel('适用区划', { exact: true }).fill('320612');
    await dialog.getByLabel('生效日期', { exact: true }).fill('2025-01-01');
    await dialog.getByLabel('生效日期', { exact: true }).press('Enter');
    await dialog.getByLabel('依据', { exact: true }).fill('通州区人防办〔2025〕1号（示例）');
    await dialog.getByLabel('来源', { exact: true }).fill('区政府公报（示例）');
    await dialog.getByLabel('易地建设费（元/m²）', { exact: true }).fill('1800');
    await dialog.getByRole('button', { name: '保存版本' }).click();
    await page.getByText(/已新增版本 r\d+/).waitFor();
    await table.getByText('320612').waitFor();
    await shot('rules');
  });

  it('calculates a project in 通州 with the county version and shows the rule and date', async () => {
    await page.getByRole('tab', { name: '项目核算' }).click();
    const calc = page.getByTestId('calc-card');
    await calc.getByLabel('区划', { exact: true }).fill('320612001');
    await page.getByTestId('calc-submit').click();
    const result = page.getByTestId('calc-result');
    await result.waitFor();
    // 18 storeys, residential: the ground floor 1 800 m²; planned 1 200 → 600 m² short × 1 800 元 = 1 080 000 元.
    await expect(result.getByTestId('calc-fee').innerText()).resolves.toContain('1,080,000.00');
    await expect(page.getByTestId('calc-rule').innerText()).resolves.toMatch(/320612，2025-01-01 起/);
    await shot('calculator');
  });

  it('shows the synthetic parcels on the table and the map, and the ledger adds up to Nantong\'s figures', async () => {
    await page.getByRole('tab', { name: '控规地块' }).click();
    const parcels = page.getByTestId('parcels-table');
    await parcels.locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByText('含合成示例数据（非真实统计）').first().waitFor();
    await page.getByTestId('parcel-map').locator('canvas').waitFor();
    await parcels.locator('tbody tr.ant-table-row').first().click();
    await page.waitForTimeout(800);
    await shot('parcels');

    await page.getByRole('tab', { name: '易地统筹台账' }).click();
    const headline = page.getByTestId('ledger-headline');
    await headline.waitFor();
    await expect(headline.innerText()).resolves.toMatch(/59 个地块，统筹 312,000 m²，节约资金 230,000,160\.00 元（约 2\.30 亿元）/);
    await expect(page.getByTestId('ledger-totals').locator('tbody tr.ant-table-row').count()).resolves.toBeGreaterThan(1);
    await shot('ledger');
  });
});
