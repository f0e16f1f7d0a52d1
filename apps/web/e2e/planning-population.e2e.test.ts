/**
 * Population import and run comparison in Chromium against the real server (demo data): a file with a bad row is
 * previewed with its problem named and cannot be imported; 崇川区's own population exported and imported back
 * through the drawer becomes dataset #1 that the next run cites; a base run and a 300 m what-if are compared on the
 * map (difference per area) and in the table; gap sites are ranked; an imported set of assessment areas is balanced;
 * the dashboard shows the deficit chart and the balance report prints.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfStale, callApi, changePassword, launchChromium, screenshotDir, signIn, startServer, type RunningServer } from './harness.ts';

const INITIAL = 'Pop-Boot-Pw-2026!';
const ADMIN_PASSWORD = 'Pop-Chief-Pw-2026#';
const COUNTY = '320613'; // 崇川区

let server: RunningServer;
let browser: Browser;
let page: Page;
const shots = screenshotDir();
const shot = (name: string) => page.screenshot({ path: path.join(shots, `population-${name}.png`) });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-pop-'));

beforeAll(async () => {
  buildWebIfStale();
  [server, browser] = await Promise.all([startServer(INITIAL), launchChromium()]);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await signIn(page, server.baseUrl, 'admin', INITIAL);
  await changePassword(page, INITIAL, ADMIN_PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function pickArea(name: string) {
  await page.getByTestId('population-area').click();
  await page.locator('.ant-select-item-option', { hasText: name }).first().click();
}

async function waitRun(id: number) {
  const until = Date.now() + 240_000;
  for (;;) {
    const r = await callApi<{ status: string }>(page, 'GET', `/api/planning/runs/${id}`);
    if (r.data.status === 'succeeded') return;
    if (!['queued', 'running'].includes(r.data.status) || Date.now() > until) throw new Error(`run ${id}: ${r.data.status}`);
    await page.waitForTimeout(500);
  }
}

describe('population import and run comparison', () => {
  it('previews a file with a bad row, naming the cell and the rule, and offers no import', async () => {
    await page.goto(`${server.baseUrl}/planning`);
    await page.getByTestId('population-import-open').click();
    await pickArea('崇川区');
    const bad = path.join(tmp, 'bad.csv');
    fs.writeFileSync(bad, `\uFEFF区划代码,经度,纬度,人口,网格边长m,名称\r\n${COUNTY},120.87,32.0,-5,100,\r\n${COUNTY},120.88,32.01,300,,某小区\r\n`);
    await page.getByTestId('population-pick').locator('xpath=ancestor::span[contains(@class,"ant-upload")]').locator('input[type=file]').setInputFiles(bad);
    await page.getByTestId('population-errors').waitFor();
    await expect(page.getByTestId('population-errors').textContent()).resolves.toContain('人口!D2');
    await expect(page.getByTestId('population-commit').isDisabled()).resolves.toBe(true);
    await shot('preview-errors');
  });

  it('imports 崇川区\'s own population back unchanged as dataset #1, which the next run cites', async () => {
    const csv = await page.evaluate(async (area) => {
      const res = await fetch(`/api/population/export?format=csv&area=${area}`, { credentials: 'include' });
      return Array.from(new Uint8Array(await res.arrayBuffer()));
    }, COUNTY);
    const file = path.join(tmp, '崇川区人口.csv');
    fs.writeFileSync(file, Buffer.from(csv));
    await page.getByTestId('population-pick').locator('xpath=ancestor::span[contains(@class,"ant-upload")]').locator('input[type=file]').setInputFiles(file);
    await page.waitForFunction(() => document.querySelector('[data-testid="population-preview"]')?.textContent?.includes('将替换该片区现有'), null, { timeout: 120_000, polling: 250 });
    await expect(page.getByTestId('population-errors').count()).resolves.toBe(0);
    await shot('preview-ok');
    await page.getByTestId('population-commit').click();
    await page.getByTestId('population-datasets').waitFor({ timeout: 120_000 });
    await expect(page.getByTestId('population-datasets').textContent()).resolves.toContain('#1');
    // The import's success message can lie over the drawer's close button while it fades (for seconds on a busy
    // machine): wait for it to go, as a person would.
    await page.locator('.ant-message-notice').waitFor({ state: 'detached', timeout: 60_000 });
    await page.locator('.ant-drawer-close').click();
    await page.locator('.ant-drawer-content').waitFor({ state: 'hidden' });
  });

  it('compares a base run with a 300 m what-if on the map and in the table, and ranks gap sites', async () => {
    await page.getByTestId('run-start').click();
    await page.getByTestId('run-view').waitFor();
    const base = (await callApi<{ items: Array<{ id: number }> }>(page, 'GET', '/api/planning/runs')).data.items[0]!.id;
    await waitRun(base);
    const run = await callApi<{ inputs: { populationDataset: { id: number } | null } }>(page, 'GET', `/api/planning/runs/${base}`);
    expect(run.data.inputs.populationDataset?.id).toBe(1);
    await page.waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-status') === 'succeeded', null, { timeout: 60_000, polling: 500 });
    await page.getByTestId('run-300').click();
    await page.waitForFunction((b) => [...document.querySelectorAll('.ant-message-notice')].some((n) => n.textContent?.includes(`#${b + 1}`)), base, { timeout: 30_000, polling: 250 });
    await waitRun(base + 1);
    await page.waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.getAttribute('data-status') === 'succeeded', null, { timeout: 60_000, polling: 500 });
    const card = page.getByTestId('compare-card');
    await card.scrollIntoViewIfNeeded();
    await card.getByTestId('compare-table').locator('tbody tr.ant-table-row').first().waitFor({ timeout: 60_000 });
    // A larger radius reaches more places: no area has more people without a place than in the base run.
    const cmp = await callApi<{ areas: Array<{ difference: number }> }>(page, 'GET', `/api/planning/runs/compare?a=${base}&b=${base + 1}`);
    expect(cmp.data.areas.every((a) => a.difference <= 0)).toBe(true);
    expect(cmp.data.areas.some((a) => a.difference < 0)).toBe(true);
    await page.getByTestId('compare-on-map').click();
    await page.getByTestId('map-diff-legend').waitFor();
    await page.getByTestId('gap-table').locator('tbody tr.ant-table-row').first().waitFor({ timeout: 60_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByTestId('planning-map').scrollIntoViewIfNeeded();
    await page.waitForTimeout(3000);
    await shot('compare-map');
    await page.getByTestId('gap-card').scrollIntoViewIfNeeded();
    await shot('gaps');
  });

  it('takes the balance over an imported set of assessment areas, in the table and on the map', async () => {
    const square = (lng: number, lat: number, d: number) => ({ type: 'Polygon', coordinates: [[[lng - d, lat - d], [lng + d, lat - d], [lng + d, lat + d], [lng - d, lat + d], [lng - d, lat - d]]] });
    const put = await callApi<{ areas: number }>(page, 'PUT', '/api/planning/area-sets/%E9%98%B2%E6%8A%A4%E5%88%86%E5%8C%BA', {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: square(120.86, 32.0, 0.04), properties: { name: '主城片区' } },
        { type: 'Feature', geometry: square(121.0, 32.1, 0.06), properties: { name: '东部片区' } },
      ],
    });
    expect(put.status).toBe(201);
    await page.reload();
    await page.getByTestId('area-set-select').click();
    await page.locator('.ant-select-item-option', { hasText: '防护分区' }).first().click();
    await page.getByTestId('area-set-table').locator('tbody tr.ant-table-row').nth(1).waitFor({ timeout: 60_000 });
    await page.getByTestId('area-set-card').scrollIntoViewIfNeeded();
    await shot('area-set');
    await page.goto(`${server.baseUrl}/overview`);
    await page.getByTestId('chart-deficit').locator('canvas').waitFor({ timeout: 60_000 });
    await page.getByTestId('dash-balance').scrollIntoViewIfNeeded();
    await shot('dashboard');
  });

  it('prints the balance report: a row per county and the city total', async () => {
    await page.goto(`${server.baseUrl}/planning/report`);
    await page.getByTestId('balance-report').locator('tbody tr').first().waitFor();
    await page.emulateMedia({ media: 'print' });
    await shot('report-print');
    await page.emulateMedia({ media: 'screen' });
    await expect(page.getByTestId('balance-report').locator('tbody tr').count()).resolves.toBe(8);
  });
});
