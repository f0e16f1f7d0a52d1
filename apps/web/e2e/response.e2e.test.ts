/**
 * Command and response in Chromium against the real server on the demo data: the city plan's waiting revision
 * approved and diffed against the one in force; the 9·18 drill started, an evacuation assignment run for 崇川 with
 * its progress, counts from two phones at assembly points with live totals; the drill's timeline logged, ended and
 * assessed; and the oil reserve base's readiness showing what it lacks.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowConsoleErrors, buildWebIfStale, callApi, changePassword, launchChromium, screenshotDir, signIn, startServer, type RunningServer } from './harness.ts';

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
    // The summary shows while the run finishes; its certificate mark follows once the check is stored (slow on a busy machine).
    await expect.poll(async () => page.getByTestId('evac-summary').textContent(), { timeout: 60_000 }).toContain('✓');
    await page.screenshot({ path: path.join(shots, 'response-evacuation.png'), fullPage: true });

    const phones = await Promise.all([1, 2].map(async () => {
      const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true });
      const p = await ctx.newPage();
      // Signed in from the count page itself, which the console returns to: signed in at /login, each phone landed
      // on the map first, and the two maps' tile and layer requests queued on the server's one database connection
      // ahead of the count page's drill list — under load for longer than the wait for the 报数 button.
      await p.goto(`${server.baseUrl}/response/count`);
      await p.waitForURL((u) => u.pathname.startsWith('/login'));
      await p.locator('#login_username').fill('admin');
      await p.locator('#login_password').fill(ADMIN_PASSWORD);
      await p.getByTestId('login-submit').click();
      await p.waitForURL((u) => u.pathname === '/response/count');
      // The form shows once the running drills are known, with the running 9·18 drill already chosen.
      await p.getByTestId('count-form').waitFor({ timeout: 60_000 });
      await expect.poll(async () => p.locator('.ant-select').first().textContent(), { timeout: 30_000 }).toContain('9·18');
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
      // By its test id, ready when enabled and not loading: while a submission is in flight antd names it
      // "loading 报 数", and under load a phone's submission was seen in flight for over 15 s, which the
      // name-based locator read as the button not being there at all.
      const submit = p.getByTestId('count-submit');
      await expect.poll(async () => (await submit.isEnabled()) && !(await submit.getAttribute('class'))?.includes('ant-btn-loading'), { timeout: 60_000 }).toBe(true);
      await submit.click();
      await p.getByText(`已报 ${people} 人`).waitFor({ timeout: 60_000 });
      // Settled before the next count on this phone.
      await expect.poll(async () => (await submit.getAttribute('class'))?.includes('ant-btn-loading'), { timeout: 60_000 }).toBe(false);
    };
    await count(phones[0]!, '和平桥街道集结点', 120);
    await count(phones[1]!, '任港街道集结点', 80);
    await count(phones[1]!, '和平桥街道集结点', 30);
    // Live totals on either phone within the polling interval.
    await expect.poll(async () => phones[0]!.getByTestId('count-totals').locator('.ant-statistic-content-value').first().textContent(), { timeout: 30_000 }).toBe('230');
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
  it('lets a clerk create a plan, a drill, an evacuation route and a key target through the forms, with real team references', async () => {
    // Picks an option of an antd select by typing part of its label.
    const pick = async (testId: string, text: string) => {
      await page.getByTestId(testId).click();
      await page.keyboard.type(text);
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
    };
    const clickMap = async (testId: string, points: Array<[number, number]>) => {
      await page.locator(`[data-testid="${testId}"][data-ready="true"]`).waitFor({ timeout: 60_000 });
      for (const [x, y] of points) await page.getByTestId(testId).click({ position: { x, y } });
    };

    // A plan: an empty save shows the rule under the field; a task given to a team picked from the command half.
    await page.goto(`${server.baseUrl}/response/plans`);
    await page.getByTestId('new-plan').click();
    // Saved again until the rule shows: in one CI run the first click (the drawer still sliding in on a loaded machine)
    // reached nothing and the rule never appeared; an empty form only validates, so a second click changes nothing.
    await expect.poll(async () => {
      await page.getByTestId('plan-save').click();
      return page.getByTestId('plan-form').getByText('必填').count();
    }, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByTestId('plan-title').fill('崇川区燃气抢险专项方案（测试）');
    await pick('plan-region', '崇川区');
    await page.getByTestId('add-task').click();
    await pick('task-0-ref', '抢险抢修专业队');
    await page.getByTestId('task-0-task').fill('燃气管网抢修');
    await page.screenshot({ path: path.join(shots, 'response-plan-form.png') });
    await page.getByTestId('plan-save').click();
    const link = page.locator('[data-testid^="ref-team-"]').filter({ hasText: '南通市人防抢险抢修专业队' }).first();
    await link.waitFor();
    const plans = (await callApi<{ items: Array<{ id: number; title: string }> }>(page, 'GET', '/api/plans')).data.items;
    const made = plans.find((p) => p.title === '崇川区燃气抢险专项方案（测试）')!;
    const detail = (await callApi<{ revisions: Array<{ content: { tasks: Array<{ refId: number | null; assignee: string }> } }> }>(page, 'GET', `/api/plans/${made.id}`)).data;
    const task = detail.revisions[0]!.content.tasks[0]!;
    expect(task.assignee).toBe('南通市人防抢险抢修专业队');
    expect(await link.getAttribute('href')).toBe(`/teams?team=${task.refId}`);

    // A drill with that team taking part.
    await page.goto(`${server.baseUrl}/response/drills`);
    await page.getByTestId('new-drill').click();
    await page.getByTestId('drill-title').fill('燃气泄漏抢险演练（测试）');
    await page.getByTestId('drill-date').fill('2026-10-20');
    await pick('drill-region', '崇川区');
    await page.getByTestId('drill-scenario').fill('某小区燃气管道泄漏，组织抢修与群众疏散');
    await page.getByTestId('add-participant').click();
    await pick('participant-0-ref', '抢险抢修专业队');
    await page.getByTestId('criterion-0').fill('到场用时');
    await page.getByTestId('drill-save').click();
    await page.locator(`[data-testid="ref-team-${task.refId}"]`).first().waitFor();

    // An evacuation route drawn on the map, leading to a base.
    await page.goto(`${server.baseUrl}/response/evacuation`);
    await page.getByTestId('new-route').click();
    await page.getByTestId('route-code').fill('LX-TEST-01');
    await page.getByTestId('route-name').fill('测试疏散路线');
    await pick('route-region', '崇川区');
    await page.getByTestId('route-pph').fill('1500');
    await page.getByTestId('route-save').click();
    await page.getByTestId('route-form').getByText('请在地图上画出路线').waitFor();
    await clickMap('route-map', [[200, 150], [300, 170], [420, 200]]);
    await page.screenshot({ path: path.join(shots, 'response-route-form.png') });
    await page.getByTestId('route-save').click();
    await page.getByTestId('route-form').waitFor({ state: 'detached' });
    const routes = (await callApi<{ items: Array<{ code: string; path: unknown[]; peoplePerHour: number }> }>(page, 'GET', '/api/evacuation/routes')).data.items;
    expect(routes.find((r) => r.code === 'LX-TEST-01')).toMatchObject({ peoplePerHour: 1500, path: expect.arrayContaining([expect.any(Array)]) });
    expect(routes.find((r) => r.code === 'LX-TEST-01')!.path).toHaveLength(3);

    // A key target: point and footprint drawn, repair team picked.
    await page.goto(`${server.baseUrl}/response/targets`);
    await page.getByTestId('new-target').click();
    await page.getByTestId('target-code').fill('KT-TEST-01');
    await page.getByTestId('target-name').fill('测试燃气门站');
    await page.getByTestId('target-unit').fill('测试燃气公司');
    await pick('target-region', '崇川区');
    await pick('target-team', '抢险抢修专业队');
    await clickMap('target-point-map', [[200, 130]]);
    await clickMap('target-footprint-map', [[180, 110], [230, 110], [230, 160], [180, 160]]);
    await page.screenshot({ path: path.join(shots, 'response-target-form.png') });
    await page.getByTestId('target-save').click();
    await page.getByTestId('target-detail').getByText('测试燃气门站').waitFor();
    const targets = (await callApi<{ items: Array<{ code: string; repairTeam: { id: number | null; name: string } | null }> }>(page, 'GET', '/api/targets')).data.items;
    expect(targets.find((x) => x.code === 'KT-TEST-01')!.repairTeam).toEqual({ id: task.refId, name: '南通市人防抢险抢修专业队' });
    const footprint = (await callApi<{ footprint: { type: string } | null }>(page, 'GET', `/api/targets/${(await callApi<{ items: Array<{ id: number; code: string }> }>(page, 'GET', '/api/targets')).data.items.find((x) => x.code === 'KT-TEST-01')!.id}`)).data.footprint;
    expect(footprint?.type).toBe('MultiPolygon');
    await page.screenshot({ path: path.join(shots, 'response-target-created.png'), fullPage: true });
  });

  it('edits a key target\'s point, a route\'s throughput and a drill through the same forms, and deletes a planned drill', async () => {
    // The target: renamed and its point moved with a click on the map; the footprint left alone stays as it was.
    await page.goto(`${server.baseUrl}/response/targets`);
    await page.getByTestId('targets-table').getByRole('row', { name: /测试燃气门站/ }).click();
    await page.getByTestId('target-edit').click();
    await page.getByTestId('target-name').fill('测试燃气门站（改）');
    await page.locator('[data-testid="target-point-map"][data-ready="true"]').waitFor({ timeout: 60_000 });
    // Meanwhile someone else ticks a box of the checklist: this form's version is stale, and saving it is refused.
    const before = (await callApi<{ items: Array<{ id: number; code: string }> }>(page, 'GET', '/api/targets')).data.items.find((x) => x.code === 'KT-TEST-01')!;
    expect((await callApi(page, 'PATCH', `/api/targets/${before.id}`, { checklist: { drills: true } })).status).toBe(200);
    allowConsoleErrors(/status of 409 .*\/api\/targets\/\d+/);
    await page.getByTestId('target-save').click();
    await page.getByTestId('form-banner').getByText(/已过期/).waitFor();
    await page.screenshot({ path: path.join(shots, 'response-target-edit.png') });
    // Opened again on the version now stored, the rename is saved; the footprint left alone stays as it was.
    await page.keyboard.press('Escape');
    await page.getByTestId('target-form').waitFor({ state: 'detached' });
    await page.getByTestId('target-edit').click();
    await page.getByTestId('target-name').fill('测试燃气门站（改）');
    await page.getByTestId('target-save').click();
    await page.getByTestId('target-detail').getByText('测试燃气门站（改）').waitFor();
    const list = (await callApi<{ items: Array<{ id: number; code: string; version: number; location: [number, number] }> }>(page, 'GET', '/api/targets')).data.items;
    const kt = list.find((x) => x.code === 'KT-TEST-01')!;
    expect(kt.version).toBe(3);
    const after = (await callApi<{ footprint: { type: string } | null }>(page, 'GET', `/api/targets/${kt.id}`)).data;
    expect(after.footprint?.type).toBe('MultiPolygon');

    // The route's throughput, from the routes table.
    await page.goto(`${server.baseUrl}/response/evacuation`);
    const routes = (await callApi<{ items: Array<{ id: number; code: string }> }>(page, 'GET', '/api/evacuation/routes')).data.items;
    const route = routes.find((r) => r.code === 'LX-TEST-01')!;
    await page.getByTestId(`route-edit-${route.id}`).click();
    await page.getByTestId('route-pph').fill('1800');
    await page.getByTestId('route-save').click();
    await page.getByTestId('route-form').waitFor({ state: 'detached' });
    await page.getByTestId('evac-routes').getByRole('row', { name: /测试疏散路线/ }).getByText('1800').waitFor();

    // The assessed 9·18 drill: only title and participants stay open.
    await page.goto(`${server.baseUrl}/response/drills`);
    await page.getByRole('cell', { name: /9·18/ }).click();
    await page.getByTestId('drill-edit').click();
    await page.getByTestId('drill-locked-note').waitFor();
    expect(await page.getByTestId('drill-scenario').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(shots, 'response-drill-edit.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('drill-form').waitFor({ state: 'detached' });

    // The planned test drill, deleted after confirmation.
    await page.getByRole('cell', { name: '燃气泄漏抢险演练（测试）' }).click();
    await page.getByTestId('drill-delete').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.getByRole('cell', { name: '燃气泄漏抢险演练（测试）' }).waitFor({ state: 'detached' });
  });
});
