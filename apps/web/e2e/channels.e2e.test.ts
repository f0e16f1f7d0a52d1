/**
 * Incoming CAP and the alert channels in Chromium against the real server (demo data): the demo's past exercise is on
 * the public Atom feed; an agency pushes a CAP document with its source's key and a broken one is refused; the duty
 * officer (here the administrator) opens it on 外部预警 and relays it, which makes a draft alert awaiting a second
 * officer; an agency subscription and an SMS list are added from their tabs, the key shown once and no number shown.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfStale, callApi, changePassword, launchChromium, screenshotDir, signIn, startServer, type RunningServer } from './harness.ts';

const INITIAL = 'Chan-Boot-Pw-2026!';
const ADMIN_PASSWORD = 'Chan-Chief-Pw-2026#';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let admin: Page;
const shots = screenshotDir();
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `channels-${name}.png`) });

const cap = (id: string) => `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${id}</identifier><sender>qxt@nantong.example</sender><sent>2026-07-01T10:00:00+08:00</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info><language>zh-CN</language><category>Met</category><event>暴雨红色预警</event><urgency>Immediate</urgency><severity>Extreme</severity>
    <certainty>Likely</certainty><senderName>南通市气象台</senderName><headline>南通市气象台发布暴雨红色预警</headline>
    <description>预计未来3小时崇川区降雨量将达100毫米以上。</description>
    <area><areaDesc>崇川区</areaDesc><geocode><valueName>GB/T 2260</valueName><value>320613</value></geocode></area></info>
</alert>`;

beforeAll(async () => {
  buildWebIfStale();
  // A first start (migrations, demo data) on a busy 2-core machine can take minutes.
  [server, browser] = await Promise.all([startServer(INITIAL, { timeoutMs: 280_000 }), launchChromium()]);
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  admin = await context.newPage();
  admin.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await signIn(admin, server.baseUrl, 'admin', INITIAL);
  await changePassword(admin, INITIAL, ADMIN_PASSWORD);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('incoming CAP and channels (Chromium, real server)', () => {
  it('carries the demo exercise on the Atom feed', async () => {
    const atom = await (await fetch(`${server.baseUrl}/cap/alerts.atom`)).text();
    expect(atom).toContain('【演习 Exercise】');
    const href = /type="application\/cap\+xml" href="([^"]+)"/.exec(atom)![1]!;
    expect(await (await fetch(`${server.baseUrl}${href}`)).text()).toContain('<status>Exercise</status>');
  });

  it('receives a pushed CAP document, refuses a broken one, and relays it as a draft alert', async () => {
    const made = await callApi<{ apiKey: string }>(admin, 'POST', '/api/cap-sources', { name: '南通市气象台', regionCode: '320600', push: true });
    expect(made.status).toBe(201);
    const push = (xml: string) => fetch(`${server.baseUrl}/api/cap-ingest`, { method: 'POST', body: xml, headers: { 'content-type': 'application/cap+xml', 'x-cap-key': made.data.apiKey } });
    expect((await push(cap('QXT-E2E-1'))).status).toBe(201);
    const refused = await push(cap('QXT-E2E-2').replace('<scope>Public</scope>', ''));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toContain('缺少必需元素 <scope>');

    await admin.goto(`${server.baseUrl}/alert-channels`);
    const row = admin.locator('.ant-table-row', { hasText: '暴雨红色预警' });
    await row.waitFor();
    await shot(admin, 'incoming');
    await row.click();
    await admin.locator('.ant-modal .ant-descriptions').getByText('预计未来3小时崇川区降雨量').waitFor();
    await shot(admin, 'incoming-detail');
    await admin.locator('.ant-modal').getByRole('button', { name: '生成警报草稿' }).click();
    await admin.getByText(/已生成警报草稿 #\d+/).waitFor();
    await admin.locator('.ant-table-row', { hasText: '已转发为警报' }).waitFor();
    const alerts = await callApi<{ items: Array<{ headline: string; state: string }> }>(admin, 'GET', '/api/alerts?state=awaiting_confirmation');
    expect(alerts.data.items[0]).toMatchObject({ headline: '【转发】南通市气象台：南通市气象台发布暴雨红色预警', state: 'awaiting_confirmation' });
  });

  it('adds an agency subscription (key shown once) and an SMS list (numbers never shown)', async () => {
    await admin.goto(`${server.baseUrl}/alert-channels`);
    await admin.getByRole('tab', { name: '推送订阅' }).click();
    await admin.locator('#subscription_name').fill('市应急管理局');
    await admin.locator('#subscription_url').fill('http://127.0.0.1:9/cap');
    await admin.locator('.ant-select', { has: admin.locator('#subscription_regionCode') }).click();
    await admin.locator('.ant-select-item-option', { hasText: '320600' }).first().click();
    await admin.locator('#subscription button[type="submit"]').click();
    await admin.locator('.ant-modal-confirm', { hasText: '共享密钥' }).locator('code').waitFor();
    expect(await admin.locator('.ant-modal-confirm code').innerText()).toMatch(/^[0-9a-f]{64}$/);
    await shot(admin, 'subscription-key');
    await admin.locator('.ant-modal-confirm-btns button').click();
    await admin.locator('.ant-table-row', { hasText: '市应急管理局' }).waitFor();

    await admin.getByRole('tab', { name: '短信名单' }).click();
    await admin.locator('#smsList_name').fill('崇川区网格员');
    await admin.locator('.ant-select', { has: admin.locator('#smsList_regionCode') }).click();
    // The list is long (every town): type to filter it, as a user would.
    await admin.keyboard.type('320613');
    await admin.keyboard.press('Enter');
    await admin.locator('#smsList_phones').fill('13800000001, 13900000002');
    await admin.locator('#smsList button[type="submit"]').click();
    const listRow = admin.locator('.ant-table-row', { hasText: '崇川区网格员' });
    await listRow.waitFor();
    expect(await listRow.innerText()).toContain('2');
    expect(await admin.content()).not.toContain('13800000001');
    await shot(admin, 'sms');
  });
});
