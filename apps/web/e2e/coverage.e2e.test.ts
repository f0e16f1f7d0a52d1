/**
 * The siren map and the siren groups in Chromium against the real server (embedded database, the synthetic Nantong
 * sirens and population): a coverage run with its progress bar ending in the per-district table against the 100 %
 * target (red below it), the layers on the map (the sound-level grid with its legend), a what-if siren added by clicking the map and compared with the base
 * run; then a custom group created, given sirens from the list and saved, beside the read-only regional groups; and
 * surveyed town outlines uploaded as GeoJSON on the coverage page, previewed (problems listed, import held back) and
 * imported.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfStale, changePassword, launchChromium, screenshotDir, signIn, startServer, type RunningServer } from './harness.ts';

const INITIAL = 'Cover-Boot-Pw-2026!';
const ADMIN_PASSWORD = 'Cover-Chief-Pw-2026#';

let server: RunningServer;
let browser: Browser;
let page: Page;
const shots = screenshotDir();
const shot = (name: string) => page.screenshot({ path: path.join(shots, `coverage-${name}.png`) });

beforeAll(async () => {
  buildWebIfStale();
  [server, browser] = await Promise.all([startServer(INITIAL), launchChromium()]);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
  await signIn(page, server.baseUrl, 'admin', INITIAL);
  await changePassword(page, INITIAL, ADMIN_PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('siren map', () => {
  it('runs the coverage with a progress bar and shows each district against the target, red below it', async () => {
    await page.goto(`${server.baseUrl}/coverage`);
    await page.getByText('覆盖判据').waitFor();
    await page.getByTestId('coverage-run').click();
    await page.getByTestId('coverage-progress').waitFor({ timeout: 30_000 });
    const table = page.getByTestId('coverage-areas');
    await table.getByText('崇川区').waitFor({ timeout: 180_000 });
    // Seven districts under the city row; the city areas carry the target tag, and each row its status.
    await expect(table.locator('tbody tr.ant-table-row').count()).resolves.toBeGreaterThanOrEqual(8);
    await expect(table.getByText('目标').count()).resolves.toBeGreaterThan(0);
    await expect(page.getByText('面积覆盖率').count()).resolves.toBe(1);
    await shot('map');
    // The figures of the demo city's run, for the record (the time includes the placement of suggested sites).
    const runs = await page.evaluate(async () => (await (await fetch('/api/coverage/runs')).json()) as { items: Array<{ inputs: { sirens: number; grid: { cols: number; rows: number; cellM: number } }; summary: { areaPercent: number; peoplePercent: number; totalMs: number; candidates: number } }> });
    const r = runs.items[0]!;
    process.stdout.write(`coverage run (demo city): ${r.inputs.grid.cols}×${r.inputs.grid.rows} cells of ${r.inputs.grid.cellM} m, ${r.inputs.sirens} sirens, ${r.summary.candidates} candidate sites: `
      + `area ${r.summary.areaPercent} %, people ${r.summary.peoplePercent} %, ${r.summary.totalMs} ms\n`);
    await page.getByRole('tab', { name: '建议点位' }).click();
    await page.getByText('最佳 k 个新增点位').first().waitFor();
    await shot('sites');
  });

  it('draws the sound-level grid of the run on the map when asked, with its legend in dB around the threshold', async () => {
    const toggle = page.locator('.coverage-map-tools').getByText('声级栅格');
    await expect(page.getByTestId('coverage-raster-legend').count()).resolves.toBe(0);
    await toggle.click();
    const legend = page.getByTestId('coverage-raster-legend');
    await legend.getByText('达到阈值，已覆盖').waitFor();
    await legend.getByText('低于阈值，未覆盖').waitFor();
    // The layer is on the map as one image source under the circles.
    await expect.poll(() => page.evaluate(() => document.querySelector('[data-testid="coverage-map"] canvas') !== null)).toBe(true);
    await page.waitForTimeout(1500);
    await shot('raster');
    await toggle.click();
    await expect(legend.count()).resolves.toBe(0);
  });

  it('adds a siren by clicking the map, re-runs and compares with the base run per area', async () => {
    await page.getByRole('tab', { name: '假设分析' }).click();
    await page.getByTestId('coverage-mode').getByText('点击添加警报器').click();
    const map = page.getByTestId('coverage-map');
    const boxOf = (await map.boundingBox())!;
    await page.mouse.click(boxOf.x + boxOf.width * 0.5, boxOf.y + boxOf.height * 0.55);
    await page.getByText('新增 1 处：').waitFor();
    await page.getByTestId('coverage-whatif-run').click();
    const cmp = page.getByTestId('coverage-compare');
    await cmp.waitFor({ timeout: 180_000 });
    await cmp.getByText('覆盖人口变化').waitFor();
    await shot('what-if');
  });
});

describe('siren groups', () => {
  it('creates a custom group, adds sirens from the list and saves them; regional groups are read-only', async () => {
    await page.goto(`${server.baseUrl}/siren-groups`);
    await page.getByTestId('regional-groups').locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByTestId('group-create').click();
    await page.getByTestId('group-name').fill('濠河沿线');
    await page.getByTestId('group-region').click();
    await page.keyboard.type('崇川区（');
    await page.locator('.ant-select-dropdown').getByText('崇川区（320613）').click();
    await page.getByTestId('group-create-submit').click();
    await page.getByText('编辑“濠河沿线”：已选 0 台').waitFor();
    const members = page.getByTestId('group-members');
    await members.click();
    await page.keyboard.type('JB');
    await page.locator('.ant-select-dropdown .ant-select-item-option').nth(0).click();
    await page.locator('.ant-select-dropdown .ant-select-item-option').nth(1).click();
    await page.keyboard.press('Escape');
    await page.getByText('编辑“濠河沿线”：已选 2 台').waitFor();
    await page.getByTestId('group-save').click();
    await page.getByText('分组成员已保存').waitFor();
    await page.getByTestId('groups-table').getByText('濠河沿线').waitFor();
    await expect(page.getByTestId('groups-table').locator('tbody tr.ant-table-row').filter({ hasText: '濠河沿线' }).getByText('2').count()).resolves.toBeGreaterThan(0);
    await shot('groups');
  });
});

describe('town outlines', () => {
  it('previews a GeoJSON of town outlines, holds back a file with an unknown town, and imports a clean one', async () => {
    await page.goto(`${server.baseUrl}/coverage`);
    await page.getByRole('tab', { name: '乡镇边界' }).click();
    const panel = page.getByTestId('town-outlines');
    await panel.getByText('先预览检查').waitFor();
    // A small square round 和平桥街道's point: inside 崇川区, replacing the demo's synthetic outline.
    const town = await page.evaluate(async () => ((await (await fetch('/api/regions')).json()) as { items: Array<{ code: string; centroid: [number, number] | null }> })
      .items.find((r) => r.code === '320613002')!.centroid!);
    const d = 0.003;
    const ring = [[town[0] - d, town[1] - d], [town[0] + d, town[1] - d], [town[0] + d, town[1] + d], [town[0] - d, town[1] + d], [town[0] - d, town[1] - d]];
    const geojson = (features: object[]) => Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }));
    const feature = (properties: object) => ({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } });
    const input = panel.locator('input[type=file]');

    await input.setInputFiles({ name: 'bad.geojson', mimeType: 'application/geo+json', buffer: geojson([feature({ code: '320613002' }), feature({ name: '不存在镇' })]) });
    await panel.getByText(/bad\.geojson：1 处问题/).waitFor();
    await expect(page.getByTestId('town-outlines-apply').isDisabled()).resolves.toBe(true);

    await input.setInputFiles({ name: 'towns.geojson', mimeType: 'application/geo+json', buffer: geojson([feature({ code: '320613002', name: '和平桥街道' })]) });
    const preview = page.getByTestId('town-outlines-preview');
    await preview.getByText('和平桥街道（320613002）').waitFor();
    await preview.getByText('合成').waitFor();
    await shot('town-outlines');
    await page.getByTestId('town-outlines-apply').click();
    await page.getByText('已导入：新增 0 个，替换 1 个').waitFor();
    // The same file again: the town's outline is the surveyed one now.
    await input.setInputFiles({ name: 'towns.geojson', mimeType: 'application/geo+json', buffer: geojson([feature({ code: '320613002' })]) });
    await preview.getByText('实测').waitFor();
  });
});
