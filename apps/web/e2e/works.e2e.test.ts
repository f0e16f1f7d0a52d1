/**
 * The works registry in Chromium against the real server (embedded database, 3,000 synthetic works in
 * Nantong): find and open a work, edit it and drag its point, a life-cycle step and a refused illegal one,
 * import with a row-by-row report then for real, export of a filtered selection, a county user's scope,
 * and the phone inspection page with its offline outbox.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowConsoleErrors, buildWebIfStale, changePassword, launchChromium, screenshotDir, signIn, startServer, type RunningServer, callApi, chooseInUrl } from './harness.ts';

const INITIAL = 'Works-Boot-Pw-2026!';
// The server refuses passwords containing the user name.
const ADMIN_PASSWORD = 'Works-Chief-Pw-2026#';
const COUNTY = { code: '320612', username: 'tz.works', initial: 'County-Init-Pw-61x', password: 'County-Field-Pw-62!' };

let server: RunningServer;
let browser: Browser;
let admin: Page;
const contexts: BrowserContext[] = [];
const shots = screenshotDir();
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `works-${name}.png`) });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-works-e2e-'));

async function newPage(options: Parameters<Browser['newContext']>[0] = {}, language: 'zh-CN' | 'en' = 'zh-CN') {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
  contexts.push(context);
  await context.addInitScript((lang) => window.localStorage.setItem('civdef.language', lang), language);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  return { context, page };
}

const call = callApi;

interface Summary {
  id: number;
  code: string;
  name: string;
  regionCode: string;
  workClass: string;
  lifecycleState: string;
  location: [number, number];
  version: number;
}
const list = (page: Page, query: string) => call<{ items: Summary[]; total: number }>(page, 'GET', `/api/works?${query}`).then((r) => r.data);

/** Parses our CSV export (UTF-8 BOM, quoted fields). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows.filter((r) => r.some((x) => x !== ''));
}

async function exportCsv(page: Page): Promise<string[][]> {
  await page.getByTestId('works-export').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const file = path.join(tmp, `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  return parseCsv(fs.readFileSync(file, 'utf8'));
}

beforeAll(async () => {
  buildWebIfStale();
  [server, browser] = await Promise.all([startServer(INITIAL), launchChromium()]);
  ({ page: admin } = await newPage());
  await signIn(admin, server.baseUrl, 'admin', INITIAL);
  await changePassword(admin, INITIAL, ADMIN_PASSWORD);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('works registry (Chromium, real server)', () => {
  it('finds works by text and filters, shows them on the clustered map, and opens a detail page', async () => {
    const target = (await list(admin, 'q=%E6%8C%87%E6%8C%A5%E6%89%80&pageSize=1')).items[0]!; // 指挥所
    await admin.goto(`${server.baseUrl}/works`);
    await admin.locator('[data-testid="works-total"][data-total="3000"]').waitFor();

    await admin.getByTestId('works-search').locator('input').fill(target.name);
    await admin.getByTestId('works-search').locator('input').press('Enter');
    await admin.waitForURL(/q=/);
    await admin.getByTestId(`work-link-${target.code}`).waitFor();

    // Filters: class = 指挥工程 (from the select), then region through the URL the page keeps.
    await admin.getByTestId('works-search').locator('input').fill('');
    await admin.getByTestId('works-search').locator('input').press('Enter');
    // The cleared search reaches the URL first: a class picked before it does can be written over by it.
    await admin.waitForURL((u) => !u.searchParams.has('q'));
    await admin.getByTestId('filter-class').click();
    await admin.locator('.ant-select-item-option').filter({ hasText: '指挥工程' }).click();
    await admin.keyboard.press('Escape');
    await admin.waitForURL(/workClass=command/);
    const commands = await list(admin, 'workClass=command');
    await admin.locator(`[data-testid="works-total"][data-total="${commands.total}"]`).waitFor();
    const classCells = await admin.locator('[data-testid="works-table"] tbody tr.ant-table-row td:nth-child(4)').allInnerTexts();
    expect(classCells.length).toBe(Math.min(20, commands.total));
    expect(new Set(classCells)).toEqual(new Set(['指挥工程']));
    await shot(admin, '01-list-filtered');

    // Map view of the same selection: every filtered work is on the map (clusters count their points).
    await admin.getByTestId('works-view').getByText('地图').click();
    await admin.locator(`[data-testid="works-map"][data-ready="true"][data-count="${commands.total}"]`).waitFor({ timeout: 60_000 });
    await shot(admin, '02-map');
    await admin.getByTestId('works-view').getByText('列表').click();

    await admin.getByTestId(`work-link-${commands.items[0]!.code}`).click();
    await admin.waitForURL(/\/works\/\d+$/);
    expect(await admin.getByTestId('work-title').innerText()).toBe(commands.items[0]!.name);
    await admin.getByRole('tab', { name: /防护单元/ }).click();
    await admin.getByTestId('units-table').waitFor();
    await shot(admin, '03-detail-units');
  });

  it('registers a new work through the form: its place must be picked, and it is stored where it was put', async () => {
    await admin.goto(`${server.baseUrl}/works/new?debug`);
    await admin.locator('[data-testid="location-map"][data-ready="true"]').waitFor({ timeout: 60_000 });
    // Nothing is placed for the clerk: no coordinates filled in, no marker on the map.
    expect(await admin.locator('#work_lng').inputValue()).toBe('');
    expect(await admin.getByTestId('location-marker').count()).toBe(0);
    await admin.locator('#work_code').fill('RF-320612-E2E1');
    await admin.locator('#work_name').fill('测试新建防空地下室');
    await admin.locator('#work_regionCode').click();
    await admin.locator('#work_regionCode').fill('通州区');
    await admin.locator('.ant-select-tree-title', { hasText: /^通州区$/ }).click();
    await admin.locator('.ant-select', { has: admin.locator('#work_constructionForm') }).click();
    await admin.locator('.ant-select-item-option').filter({ hasText: '单建·掘开式' }).click();
    await admin.locator('.ant-select', { has: admin.locator('#work_workClass') }).click();
    await admin.locator('.ant-select-item-option').filter({ hasText: '人员掩蔽工程' }).click();
    await admin.locator('#work_units_0_grossAreaM2').fill('1200');
    await admin.locator('#work_units_0_protectedAreaM2').fill('1000');
    await admin.locator('#work_units_0_shelterAreaM2').fill('800');
    // Saved without a place: refused on the form, nothing stored.
    await admin.getByTestId('work-save').click();
    await admin.locator('#work_lng_help').waitFor();
    expect((await list(admin, 'q=RF-320612-E2E1')).total).toBe(0);
    await shot(admin, '02b-new-needs-place');
    // Placed by a click on the map, at 通州's centre.
    const tongzhou = (await call<{ items: Array<{ code: string; centroid: [number, number] | null }> }>(admin, 'GET', '/api/regions')).data.items.find((r) => r.code === '320612')!;
    await admin.evaluate((c) => window.__civdefMap?.jumpTo({ center: c, zoom: 14 }), tongzhou.centroid!);
    await admin.getByTestId('location-map').click();
    await admin.getByTestId('location-marker').waitFor();
    await expect.poll(async () => admin.locator('#work_lng').inputValue()).not.toBe('');
    const lng = Number(await admin.locator('#work_lng').inputValue());
    const lat = Number(await admin.locator('#work_lat').inputValue());
    expect(Math.abs(lng - tongzhou.centroid![0])).toBeLessThan(0.01);
    expect(Math.abs(lat - tongzhou.centroid![1])).toBeLessThan(0.01);
    await admin.getByTestId('work-save').click();
    await admin.waitForURL(/\/works\/\d+$/);
    const [created] = (await list(admin, 'q=RF-320612-E2E1')).items;
    expect(created!.name).toBe('测试新建防空地下室');
    expect(created!.location[0]).toBeCloseTo(lng, 6);
    expect(created!.location[1]).toBeCloseTo(lat, 6);
    await shot(admin, '02c-new-saved');
  });

  it('edits a field and drags the point on the map; the change is stored; a stale version is refused with a reload', async () => {
    const w = (await list(admin, 'regionCode=320612&workClass=personnel&pageSize=1')).items[0]!;
    await admin.goto(`${server.baseUrl}/works/${w.id}/edit?debug`);
    await admin.locator('[data-testid="location-map"][data-ready="true"]').waitFor({ timeout: 60_000 });
    const newName = `${w.name}（已核实）`;
    await admin.locator('#work_name').fill(newName);

    const marker = admin.getByTestId('location-marker');
    const box = (await marker.boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + box.height - 4;
    await admin.mouse.move(x, y);
    await admin.mouse.down();
    await admin.mouse.move(x + 40, y + 10, { steps: 5 });
    await admin.mouse.move(x + 80, y + 30, { steps: 5 });
    await admin.mouse.up();
    await expect.poll(async () => Number(await admin.locator('#work_lng').inputValue())).toBeGreaterThan(w.location[0] + 1e-6);
    const lng = Number(await admin.locator('#work_lng').inputValue());
    const lat = Number(await admin.locator('#work_lat').inputValue());
    expect(lat).toBeLessThan(w.location[1]);
    await shot(admin, '04-edit-dragged');

    await admin.getByTestId('work-save').click();
    await admin.waitForURL(new RegExp(`/works/${w.id}$`));
    await admin.reload();
    expect(await admin.getByTestId('work-title').innerText()).toBe(newName);
    const stored = (await call<Summary>(admin, 'GET', `/api/works/${w.id}`)).data;
    expect(stored.name).toBe(newName);
    expect(stored.location[0]).toBeCloseTo(lng, 6);
    expect(stored.location[1]).toBeCloseTo(lat, 6);
    expect(stored.version).toBe(w.version + 1);

    // Someone else saves while this form is open: our save answers 409 and the page offers a reload.
    allowConsoleErrors(/status of 409 .* @ .*\/api\/works\/\d+$/);
    await admin.goto(`${server.baseUrl}/works/${w.id}/edit`);
    await admin.locator('#work_address').waitFor();
    const other = await call(admin, 'PATCH', `/api/works/${w.id}`, { version: stored.version, address: '南通市通州区他人修改路1号' });
    expect(other.status).toBe(200);
    await admin.locator('#work_address').fill('南通市通州区我的修改路2号');
    await admin.getByTestId('work-save').click();
    await admin.getByTestId('conflict-alert').waitFor();
    expect(await admin.getByTestId('conflict-alert').innerText()).toContain('已被他人修改');
    await shot(admin, '05-edit-conflict');
    await admin.getByTestId('conflict-reload').click();
    await expect.poll(() => admin.locator('#work_address').inputValue()).toBe('南通市通州区他人修改路1号');
  });

  it('renaming a work through the form keeps its units’ chemical grade and peacetime function', async () => {
    const w = (await list(admin, 'workClass=support&pageSize=1&sort=code')).items[0]!;
    type Unit = Record<string, unknown> & { chemicalGrade: string | null; peacetimeFunction: string | null };
    const before = (await call<Summary & { units: Unit[] }>(admin, 'GET', `/api/works/${w.id}`)).data;
    // Give every unit values the form must carry through (whatever the demo data holds).
    const units = before.units.map((u, i) => ({
      name: u.name, grossAreaM2: u.grossAreaM2, protectedAreaM2: u.protectedAreaM2, shelterAreaM2: u.shelterAreaM2,
      wartimeFunction: u.wartimeFunction, protectionGrade: u.protectionGrade, blastUnits: u.blastUnits, parkingSpaces: u.parkingSpaces,
      chemicalGrade: i % 2 ? 'C' : 'B', peacetimeFunction: `平时停车库${i + 1}`,
    }));
    const seeded = await call<Summary & { units: Unit[] }>(admin, 'PATCH', `/api/works/${w.id}`, { version: before.version, units });
    expect(seeded.status).toBe(200);

    await admin.goto(`${server.baseUrl}/works/${w.id}/edit`);
    await admin.locator('#work_name').waitFor();
    // The unit row shows both fields.
    await expect.poll(() => admin.locator('#work_units_0_peacetimeFunction').inputValue()).toBe('平时停车库1');
    expect(await admin.getByTestId('unit-0').innerText()).toContain('乙级');
    await admin.locator('#work_name').fill(`${w.name}（更名）`);
    await admin.getByTestId('work-save').click();
    await admin.waitForURL(new RegExp(`/works/${w.id}$`));

    const after = (await call<Summary & { units: Unit[] }>(admin, 'GET', `/api/works/${w.id}`)).data;
    expect(after.name).toBe(`${w.name}（更名）`);
    expect(after.version).toBe(seeded.data.version + 1);
    expect(after.units.map((u) => [u.name, u.chemicalGrade, u.peacetimeFunction])).toEqual(units.map((u) => [u.name, u.chemicalGrade, u.peacetimeFunction]));
  });

  it('the filter bar narrows by construction form, public flag and early works, kept in the URL', async () => {
    const all = (await list(admin, 'pageSize=1')).total;
    await admin.goto(`${server.baseUrl}/works`);
    await admin.locator(`[data-testid="works-total"][data-total="${all}"]`).waitFor();

    await admin.getByTestId('filter-early').click();
    await admin.waitForURL(/early=true/);
    const early = (await list(admin, 'early=true&pageSize=1')).total;
    expect(early).toBeGreaterThan(0);
    expect(early).toBeLessThan(all);
    await admin.locator(`[data-testid="works-total"][data-total="${early}"]`).waitFor();

    await admin.getByTestId('filter-public').click();
    await admin.locator('.ant-select-item-option').filter({ hasText: /^对外公开$/ }).click();
    await admin.waitForURL(/isPublic=true/);
    const earlyPublic = (await list(admin, 'early=true&isPublic=true&pageSize=1')).total;
    expect(earlyPublic).toBeLessThan(early);
    await admin.locator(`[data-testid="works-total"][data-total="${earlyPublic}"]`).waitFor();

    await admin.getByTestId('filter-public').click();
    await admin.locator('.ant-select-item-option').filter({ hasText: /^不公开$/ }).click();
    await admin.waitForURL(/isPublic=false/);
    // Wait for the count first: the filter bar re-wraps when it changes, moving the next dropdown under the mouse.
    const earlyPrivate = (await list(admin, 'early=true&isPublic=false&pageSize=1')).total;
    await admin.locator(`[data-testid="works-total"][data-total="${earlyPrivate}"]`).waitFor();
    await admin.getByTestId('filter-form').click();
    await admin.locator('.ant-select-item-option').filter({ hasText: '结建（防空地下室）' }).click();
    await admin.keyboard.press('Escape');
    await admin.waitForURL(/constructionForm=attached/);
    const narrowed = await list(admin, 'early=true&isPublic=false&constructionForm=attached&pageSize=100');
    expect(narrowed.total).toBeLessThan(early);
    await admin.locator(`[data-testid="works-total"][data-total="${narrowed.total}"]`).waitFor();
    await shot(admin, '01b-list-more-filters');

    // The URL is the state: a reload shows the same selection with the controls set.
    await admin.reload();
    await admin.locator(`[data-testid="works-total"][data-total="${narrowed.total}"]`).waitFor();
    expect(await admin.getByRole('checkbox', { name: /仅看早期工程/ }).isChecked()).toBe(true);
    expect(await admin.getByTestId('filter-form').innerText()).toContain('结建');
    expect(await admin.getByTestId('filter-public').innerText()).toContain('不公开');
  });

  it('changes a work’s sign status with a note and shows the note', async () => {
    const w = (await list(admin, 'workClass=team&pageSize=1&sort=code')).items[0]!;
    await admin.goto(`${server.baseUrl}/works/${w.id}?tab=upkeep`);
    await admin.getByTestId('sign-change').click();
    await admin.getByTestId('sign-select').click();
    await admin.locator('.ant-select-item-option').filter({ hasText: /^损坏$/ }).click();
    await admin.locator('#sign_note').fill('东侧出入口标牌损坏');
    await admin.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => admin.getByTestId('sign-note').innerText().catch(() => '')).toBe('东侧出入口标牌损坏');
    expect(await admin.getByTestId('sign-status').innerText()).toContain('损坏');
    const stored = (await call<{ signStatus: string; signNote: string | null }>(admin, 'GET', `/api/works/${w.id}`)).data;
    expect([stored.signStatus, stored.signNote]).toEqual(['damaged', '东侧出入口标牌损坏']);
  });

  it('the upkeep page lists overdue rectifications and due plans across the jurisdiction and links to the work', async () => {
    const w = (await list(admin, 'workClass=medical&pageSize=1&sort=code')).items[0]!;
    // An overdue rectification (a finding with a deadline long past) and, if the work has none yet, plans first due long ago.
    const batch = await call<{ items: { status: string }[] }>(admin, 'POST', '/api/works/inspections/batch', {
      items: [{
        clientId: crypto.randomUUID(), workId: w.id, inspectedAt: new Date().toISOString(),
        checklist: [{ item: 'leaks', result: 'problem', note: 'e2e 顶板渗水' }],
        findings: [{ category: 'leaks', description: 'e2e 顶板渗水', deadline: '2001-01-01' }], photos: [],
      }],
    });
    expect(batch.data.items[0]!.status).toBe('created');
    const plans = (await call<{ items: unknown[] }>(admin, 'GET', `/api/works/${w.id}/maintenance-plans`)).data.items;
    if (!plans.length) expect((await call(admin, 'POST', `/api/works/${w.id}/maintenance-plans/generate`, { startOn: '2001-01-01' })).status).toBe(200);

    type Row = { workId: number; workName: string; description?: string; title?: string };
    const overdueRects = (await call<{ items: Row[]; total: number }>(admin, 'GET', '/api/works/rectifications?status=overdue&pageSize=20')).data;
    const openRects = (await call<{ items: Row[]; total: number }>(admin, 'GET', '/api/works/rectifications?status=open&pageSize=1')).data;
    const dueOverdue = (await call<{ items: Row[]; total: number; overdue: number }>(admin, 'GET', '/api/works/upkeep/due?withinDays=0&limit=20')).data;
    const due = dueOverdue.items;
    expect(overdueRects.total).toBeGreaterThan(0);
    expect(due.length).toBeGreaterThan(0);
    expect(overdueRects.items.some((r) => r.workId === w.id && r.description === 'e2e 顶板渗水')).toBe(true);

    // From the dashboard's overdue number to the page, showing what the API lists.
    await admin.goto(`${server.baseUrl}/overview`);
    await admin.getByTestId('dash-overdue-rect').click();
    await admin.waitForURL(/\/upkeep\?rect=overdue/);
    await admin.locator(`[data-testid="rect-total"][data-total="${overdueRects.total}"]`).waitFor();
    const rectRows = admin.locator('[data-testid="rect-table"] tbody tr.ant-table-row');
    expect(await rectRows.count()).toBe(Math.min(20, overdueRects.total));
    expect(new Set(await rectRows.locator('td:nth-child(6)').allInnerTexts())).toEqual(new Set(['逾期']));
    expect(await admin.getByTestId('rect-table').innerText()).toContain('e2e 顶板渗水');

    // All open ones: at least as many.
    await admin.getByTestId('rect-status').getByText('全部未关闭').click();
    await admin.waitForURL((u) => !u.search.includes('rect=overdue'));
    await admin.locator(`[data-testid="rect-total"][data-total="${openRects.total}"]`).waitFor();
    expect(openRects.total).toBeGreaterThanOrEqual(overdueRects.total);

    // Plans: overdue only, in the API's order.
    // Under load a click can reach the list while it is still opening (or closing) and leave the window as it was (two
    // CI runs of many): opened and clicked again until the choice is in the URL; choosing it twice changes nothing.
    const overdueOnly = admin.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^仅逾期$/ });
    await expect.poll(async () => {
      if (!/due=0/.test(admin.url())) {
        if (!(await overdueOnly.isVisible())) await admin.getByTestId('due-window').click();
        await overdueOnly.click({ timeout: 3_000 }).catch(() => undefined);
      }
      return admin.url();
    }, { timeout: 30_000 }).toMatch(/due=0/);
    expect(dueOverdue.overdue).toBe(dueOverdue.total);
    await admin.locator(`[data-testid="due-total"][data-total="${dueOverdue.total}"][data-overdue="${dueOverdue.total}"]`).waitFor();
    expect(await admin.locator('[data-testid="due-table"] tbody tr.ant-table-row').count()).toBe(Math.min(20, dueOverdue.total));
    expect(await admin.locator('[data-testid="due-table"] tbody tr.ant-table-row').first().innerText()).toContain(due[0]!.title!);
    await shot(admin, '10-upkeep-page');

    // A row opens the work's upkeep tab.
    await admin.getByTestId('rect-table').getByTestId(`upkeep-work-${overdueRects.items[0]!.workId}`).first().click();
    await admin.waitForURL(new RegExp(`/works/${overdueRects.items[0]!.workId}\\?tab=upkeep$`));
    await admin.getByTestId('upkeep-tab').waitFor();
  });

  it('the works table hides and shows columns, remembered across visits, and scrolls sideways only when needed', async () => {
    await admin.goto(`${server.baseUrl}/works`);
    const header = admin.locator('[data-testid="works-table"] thead th');
    await header.filter({ hasText: '抗力等级' }).waitFor();
    await admin.getByTestId('works-columns').click();
    // The code and the name identify a row: they cannot be hidden.
    expect(await admin.getByTestId('works-column-code').isDisabled()).toBe(true);
    await admin.getByTestId('works-column-protectionGrade').click();
    await admin.getByTestId('works-column-parkingSpaces').click();
    await expect.poll(() => header.filter({ hasText: '抗力等级' }).count()).toBe(0);
    await admin.reload();
    await header.filter({ hasText: '工程名称' }).waitFor();
    expect(await header.filter({ hasText: '抗力等级' }).count()).toBe(0);
    expect(await header.filter({ hasText: '停车位' }).count()).toBe(0);
    await shot(admin, '03b-works-columns');
    await admin.getByTestId('works-columns').click();
    await admin.getByText('恢复默认列').click();
    await header.filter({ hasText: '抗力等级' }).waitFor();
  });

  it('the due list narrows by district and discipline, counts days overdue, exports what it shows and records completion in place', async () => {
    type Plan = { id: number; workId: number; regionCode: string; discipline: string; daysOverdue: number; nextDueOn: string; title: string };
    const query = 'withinDays=0&regionCode=320612&discipline=ventilation';
    const api = (await call<{ items: Plan[]; total: number }>(admin, 'GET', `/api/works/upkeep/due?${query}&limit=20`)).data;
    expect(api.total).toBeGreaterThan(0);
    expect(api.items.every((p) => p.regionCode.startsWith('320612') && p.discipline === 'ventilation' && p.daysOverdue > 0)).toBe(true);

    await admin.goto(`${server.baseUrl}/upkeep?due=0`);
    await chooseInUrl(admin, 'due-region', /^通州区$/, 'region', '320612');
    await chooseInUrl(admin, 'due-discipline', /^通风$/, 'discipline', 'ventilation');
    expect(new URL(admin.url()).searchParams.get('region')).toBe('320612');
    await admin.locator(`[data-testid="due-total"][data-total="${api.total}"]`).waitFor();
    const first = api.items[0]!;
    expect(await admin.getByTestId(`days-overdue-${first.id}`).innerText()).toBe(`${first.daysOverdue} 天`);
    await shot(admin, '10b-upkeep-filtered');

    // The export is the same list, days overdue included.
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('due-export').click()]);
    const file = path.join(tmp, `${Date.now()}-${download.suggestedFilename()}`);
    await download.saveAs(file);
    const lines = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(api.total + 1);
    expect(lines[0]).toContain('逾期天数');
    expect(lines[1]!.split(',')[7]).toBe(String(first.daysOverdue));

    // Completion from the list: the plan moves on and leaves the overdue list.
    await admin.getByTestId(`due-done-${first.id}`).click();
    const modal = admin.locator('.ant-modal').filter({ hasText: first.title });
    await modal.locator('#description, textarea').first().fill('e2e 风机运行 1 小时，正常');
    await modal.getByRole('button', { name: /确\s*定|OK/ }).click();
    await admin.getByText('已登记').first().waitFor();
    await admin.locator(`[data-testid="due-total"][data-total="${api.total - 1}"]`).waitFor();
    const after = (await call<{ items: Plan[] }>(admin, 'GET', `/api/works/${first.workId}/maintenance-plans`)).data.items.find((p) => p.id === first.id)!;
    expect(after.nextDueOn > first.nextDueOn).toBe(true);
  });

  it('two filters changed before the page renders both stay in the URL', async () => {
    // React Router applies a navigation inside a transition, so a second choice can come before the first has
    // rendered. Both dropdowns are opened once (their options stay in the page), then both options are clicked in
    // one task: nothing renders in between. The page must merge the second change into the URL as it is now.
    await admin.goto(`${server.baseUrl}/upkeep?due=0`);
    for (const [select, label] of [['due-region', /^通州区$/], ['due-discipline', /^通风$/]] as const) {
      await admin.getByTestId(select).click();
      await admin.locator('.ant-select-item-option').filter({ hasText: label }).waitFor();
      await admin.keyboard.press('Escape');
    }
    await admin.evaluate(() => {
      const option = (label: string) =>
        [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find((o) => o.textContent === label);
      option('通州区')!.click();
      option('通风')!.click();
    });
    await expect.poll(() => new URL(admin.url()).searchParams.toString()).toBe('due=0&region=320612&discipline=ventilation');
  });

  it('adds a maintenance item: each work that needs upkeep gets its plan', async () => {
    await admin.goto(`${server.baseUrl}/maintenance-schedules`);
    await admin.getByTestId('schedule-add').click();
    // Submitted empty: each field says what it needs.
    await admin.getByTestId('schedule-add-submit').click();
    for (const msg of ['请填写编码', '请填写中文名称', '请填写英文名称', '请选择专业']) await admin.getByText(msg).waitFor();
    await admin.locator('#schedule_code').fill('sumps_yearly');
    await admin.locator('#schedule_name').fill('集水井年度清理');
    await admin.locator('#schedule_nameEn').fill('Sumps cleaned yearly');
    await admin.locator('#schedule_discipline').click();
    await admin.locator('.ant-select-item-option').filter({ hasText: /^给排水/ }).first().click();
    await admin.getByTestId('schedule-add-submit').click();
    await admin.getByText(/已新增「集水井年度清理」，为 [\d,]+ 处工程生成了维护计划/).waitFor();
    await admin.getByTestId('schedule-every-sumps_yearly').waitFor();
    expect(await admin.getByTestId('schedule-every-sumps_yearly').innerText()).toContain('每 12 个月');
    const w = (await list(admin, 'lifecycleState=in_use&pageSize=1&sort=code')).items[0]!;
    const plans = (await call<{ items: Array<{ scheduleCode: string }> }>(admin, 'GET', `/api/works/${w.id}/maintenance-plans`)).data.items;
    expect(plans.some((p) => p.scheduleCode === 'sumps_yearly')).toBe(true);
    await shot(admin, '11b-schedule-added');
  });

  it('maintenance schedules: the system administrator changes an interval and switches one off in the table', async () => {
    type Schedule = { code: string; intervalMonths: number; active: boolean };
    const before = (await call<{ items: Schedule[] }>(admin, 'GET', '/api/works/maintenance-schedules')).data.items;
    const s = before.find((x) => x.active)!;
    await admin.goto(`${server.baseUrl}/works`);
    await admin.locator('.ant-menu').getByText('维护周期').click();
    await admin.waitForURL(/\/maintenance-schedules$/);
    const row = admin.locator(`[data-testid="schedules-table"] tr[data-row-key="${s.code}"]`);
    const next = s.intervalMonths === 7 ? 8 : 7;
    await row.locator('input.ant-input-number-input').fill(String(next));
    await row.locator('input.ant-input-number-input').press('Enter');
    const stored = async () => (await call<{ items: Schedule[] }>(admin, 'GET', '/api/works/maintenance-schedules')).data.items.find((x) => x.code === s.code)!;
    await expect.poll(async () => (await stored()).intervalMonths).toBe(next);
    await row.locator('button.ant-switch').click();
    await expect.poll(async () => (await stored()).active).toBe(false);
    await shot(admin, '11-schedules');
    expect((await call(admin, 'PATCH', `/api/works/maintenance-schedules/${s.code}`, { intervalMonths: s.intervalMonths, active: true })).status).toBe(200);
  });

  it('takes a life-cycle step with its approval reference, after confirming the change it names, and refuses an illegal one', async () => {
    const w = (await list(admin, 'lifecycleState=in_use&regionCode=320612&pageSize=1&sort=name')).items[0]!;
    await admin.goto(`${server.baseUrl}/works/${w.id}?tab=lifecycle`);
    await admin.getByTestId('transition-scrapped').click();
    // Submitted empty: each field says what it needs (and nothing is thrown: the harness fails on an uncaught error).
    await admin.getByTestId('transition-submit').click();
    await admin.getByText('请填写变更原因').waitFor();
    await admin.getByText('拆除、报废须填写审批文号').waitFor();
    await admin.locator('#transition_reason').fill('结构老化，经鉴定无法修复');
    await admin.getByTestId('transition-submit').click();
    // The approval reference is required before anything is sent.
    await admin.getByText('拆除、报废须填写审批文号').waitFor();
    await admin.locator('#transition_approvalRef').fill('通人防批〔2026〕88号');
    await admin.getByTestId('transition-submit').click();
    // A second dialog names the work and the change; nothing is written before it is confirmed.
    const confirm = admin.locator('.ant-modal-confirm');
    await confirm.getByTestId('transition-confirm').waitFor();
    expect(await confirm.innerText()).toContain(`确认将「${w.name}」（${w.code}）由「在用」变更为「报废」？`);
    expect(await confirm.innerText()).toContain('通人防批〔2026〕88号');
    expect((await call<Summary>(admin, 'GET', `/api/works/${w.id}`)).data.lifecycleState).toBe('in_use');
    await shot(admin, '06-lifecycle-confirm');
    await confirm.getByTestId('transition-confirm-ok').click();
    await admin.getByText('已变更为「报废」').waitFor();
    await admin.locator('[data-testid="work-detail"][data-state="scrapped"]').waitFor();
    await admin.getByTestId('lifecycle-history').getByText('通人防批〔2026〕88号').waitFor();
    expect(await admin.locator('[data-testid="lifecycle-steps"] button').count()).toBe(0);
    await shot(admin, '06-lifecycle-scrapped');

    // Scrapped is terminal: the server refuses scrapped → in_use and the work stays as it is.
    const current = (await call<Summary>(admin, 'GET', `/api/works/${w.id}`)).data;
    allowConsoleErrors(/status of 422 .* @ .*\/transitions$/);
    const refused = await call<{ code: string; message: string }>(admin, 'POST', `/api/works/${w.id}/transitions`, {
      to: 'in_use',
      version: current.version,
      reason: '试图恢复',
    });
    expect(refused.status).toBe(422);
    expect(refused.data.code).toBe('WORKS_ILLEGAL_TRANSITION');
    expect((await call<Summary>(admin, 'GET', `/api/works/${w.id}`)).data.lifecycleState).toBe('scrapped');
  });

  it('imports CSV: a file with one bad row is reported row by row and writes nothing; a good file creates the works', async () => {
    const header =
      '工程编号*,工程名称*,地址,行政区划代码*,经度*,纬度*,构筑形式*,所属建设项目,战时功能*,战时功能细类,抗力等级,防化等级,建成年份,产权单位,管理单位,联系人,联系电话,是否公开,生命周期状态,建筑面积(m²),防护面积(m²),掩蔽面积(m²),抗爆单元数,停车位';
    const row = (code: string, name: string, lat: string) =>
      `${code},${name},南通市通州区测试路1号,320612,120.95,${lat},结建,通州测试小区,人员掩蔽工程,,核6级,丙级,2024,,,,,否,,1200,1100,1000,2,30`;
    const bad = path.join(tmp, 'bad.csv');
    const good = path.join(tmp, 'good.csv');
    fs.writeFileSync(bad, `\uFEFF${header}\n${row('E2E-IMP-001', '导入测试一号', '32.10')}\n${row('E2E-IMP-002', '导入测试二号', '99.5')}\n`);
    fs.writeFileSync(good, `\uFEFF${header}\n${row('E2E-IMP-001', '导入测试一号', '32.10')}\n${row('E2E-IMP-002', '导入测试二号', '32.11')}\n`);

    await admin.goto(`${server.baseUrl}/works/import`);
    await admin.locator('.works-import input[type=file]').setInputFiles(bad);
    await admin.locator('[data-testid="import-job"][data-status="invalid"]').waitFor({ timeout: 60_000 });
    const errorRows = await admin.locator('[data-testid="import-errors"] tbody tr.ant-table-row').allInnerTexts();
    expect(errorRows.length).toBeGreaterThanOrEqual(1);
    expect(errorRows.join('\n')).toMatch(/^3\t/m);
    expect(errorRows.join('\n')).toContain('纬度');
    await shot(admin, '07-import-invalid');
    expect((await list(admin, 'q=E2E-IMP')).total).toBe(0);

    await admin.locator('.works-import input[type=file]').setInputFiles(good);
    await admin.locator('[data-testid="import-job"][data-status="valid"]').waitFor({ timeout: 60_000 });
    await admin.getByTestId('import-commit').click();
    await admin.getByTestId('import-done').waitFor({ timeout: 60_000 });
    expect(await admin.getByTestId('import-done').innerText()).toContain('新建 2 处');
    await shot(admin, '08-import-done');
    const created = await list(admin, 'q=E2E-IMP&sort=code');
    expect(created.items.map((w) => w.code)).toEqual(['E2E-IMP-001', 'E2E-IMP-002']);
  });

  it('exports the filtered selection as CSV', async () => {
    const expected = await list(admin, 'regionCode=320612&workClass=command&workClass=medical&pageSize=500');
    await admin.goto(`${server.baseUrl}/works?regionCode=320612&workClass=command&workClass=medical`);
    await admin.locator(`[data-testid="works-total"][data-total="${expected.total}"]`).waitFor();
    const rows = await exportCsv(admin);
    const [head, ...all] = rows;
    const col = (name: string) => head!.findIndex((h) => h.replace(/[*△]/, '') === name);
    // One row per protection unit: a work's further units are rows with only 工程编号 and the unit columns.
    const data = all.filter((r) => r[col('工程名称')] !== '');
    expect(all.length).toBeGreaterThanOrEqual(data.length);
    expect(data.length).toBe(expected.total);
    expect(new Set(data.map((r) => r[col('工程编号')]))).toEqual(new Set(expected.items.map((w) => w.code)));
    for (const r of data) {
      expect(r[col('行政区划代码')]).toMatch(/^320612/);
      expect(['指挥工程', '医疗救护工程']).toContain(r[col('战时功能')]);
    }
  });

  it('a county user sees and exports only the county’s works', async () => {
    const created = await call(admin, 'POST', '/api/users', {
      username: COUNTY.username,
      displayName: '通州工程科',
      password: COUNTY.initial,
      roles: ['works_manager'],
      regionCode: COUNTY.code,
    });
    expect(created.status).toBe(201);
    const { page } = await newPage();
    await signIn(page, server.baseUrl, COUNTY.username, COUNTY.initial);
    await changePassword(page, COUNTY.initial, COUNTY.password);
    const mine = await list(page, 'pageSize=1');
    const cityWide = await list(admin, 'regionCode=320612&pageSize=1');
    expect(mine.total).toBe(cityWide.total);
    expect(mine.total).toBeLessThan(3000);

    await page.goto(`${server.baseUrl}/works`);
    await page.locator(`[data-testid="works-total"][data-total="${mine.total}"]`).waitFor();
    // Another county's work is not there even when asked for by code.
    await page.goto(`${server.baseUrl}/works?q=RF-320613`);
    await page.locator('[data-testid="works-total"][data-total="0"]').waitFor();
    await page.goto(`${server.baseUrl}/works`);
    await page.locator(`[data-testid="works-total"][data-total="${mine.total}"]`).waitFor();
    const rows = await exportCsv(page);
    const [head, ...all] = rows;
    const regionCol = head!.findIndex((h) => h.startsWith('行政区划代码'));
    const nameCol = head!.findIndex((h) => h.startsWith('工程名称'));
    // Work rows only (further protection units have rows of their own with the work columns empty).
    const data = all.filter((r) => r[nameCol] !== '');
    expect(data.length).toBe(mine.total);
    expect(data.every((r) => r[regionCol]!.startsWith(COUNTY.code))).toBe(true);
  });

  it('the phone inspection page submits online, queues offline and syncs once when back online', async () => {
    const here = { longitude: 120.8945, latitude: 32.0162 };
    const { context, page } = await newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      geolocation: { ...here, accuracy: 12 },
      permissions: ['geolocation'],
    });
    await signIn(page, server.baseUrl, 'admin', ADMIN_PASSWORD);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${server.baseUrl}/inspect`);
    await page.getByTestId('locate').click();
    const first = page.locator('[data-testid="nearest-list"] .ant-card').first();
    await first.waitFor();
    await shot(page, '09-inspect-nearest');
    const nearest = (await call<{ items: { id: number; code: string }[] }>(page, 'GET', `/api/works/nearest?lng=${here.longitude}&lat=${here.latitude}&limit=1`)).data.items[0]!;
    await page.getByTestId(`nearest-${nearest.code}`).click();

    const fill = async (note: string) => {
      await page.getByTestId('check-structure').getByText('正常', { exact: true }).click();
      await page.getByTestId('check-exits').getByText('正常', { exact: true }).click();
      await page.getByTestId('check-leaks').getByText('有问题', { exact: true }).click();
      await page.getByTestId('note-leaks').fill(note);
    };
    await fill('东侧墙体渗水');
    // A photo from the "camera": a small PNG, shrunk to JPEG on the page before it is queued.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHbQSACj/P8Fu7N9hAAAAAElFTkSuQmCC', 'base64');
    await page.getByTestId('photo-input').setInputFiles({ name: 'leak.png', mimeType: 'image/png', buffer: png });
    await page.locator('.inspect-photo img').waitFor();
    await shot(page, '10-inspect-form');
    await page.getByTestId('inspect-submit').click();
    await page.locator('[data-testid="queue-open"][data-count="0"]').waitFor();
    const inspections = () => call<{ items: { photoIds: number[]; checklist: unknown[] }[] }>(page, 'GET', `/api/works/${nearest.id}/inspections`);
    await expect.poll(async () => (await inspections()).data.items.length).toBe(1);
    expect((await inspections()).data.items[0]!.photoIds.length).toBe(1);
    const rect = await call<{ total: number }>(page, 'GET', `/api/works/rectifications?workId=${nearest.id}`);
    expect(rect.data.total).toBe(1);

    // Offline: the inspection waits in the outbox, then goes up once when the network is back.
    await context.setOffline(true);
    await page.locator('[data-testid="online-state"][data-online="false"]').waitFor();
    await page.getByTestId(`nearest-${nearest.code}`).click();
    await fill('西侧顶板渗水');
    await page.getByTestId('inspect-submit').click();
    await page.locator('[data-testid="queue-open"][data-count="1"]').waitFor();
    await shot(page, '11-inspect-offline-queued');
    await context.setOffline(false);
    await page.locator('[data-testid="queue-open"][data-count="0"]').waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await inspections()).data.items.length).toBe(2);
  });
});
