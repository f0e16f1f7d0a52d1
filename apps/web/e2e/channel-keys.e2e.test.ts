/**
 * Key rotation on 外部预警与发布渠道 in Chromium against the real server (demo data, an SMS gateway configured): an
 * agency subscription's key rotated from its row (the new key shown once, the old one signing on until its grace
 * period ends), and the SMS gateway's keys on their own tab: rotated with a chosen grace period (the new key shown
 * once behind a "shown only once" warning, never again on the page), then the replaced key retired at once.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfStale, callApi, changePassword, launchChromium, screenshotDir, signIn, startServer, type RunningServer } from './harness.ts';

const INITIAL = 'Keys-Boot-Pw-2026!';
const ADMIN_PASSWORD = 'Keys-Chief-Pw-2026#';
// Nothing listens on port 9: the gateway's deliveries fail, which this file does not look at.
const SMS_KEY = 'ab'.repeat(32);

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let admin: Page;
const shots = screenshotDir();
// After the modals' zoom and fade: a picture taken mid-animation shows two half-drawn dialogs.
const shot = async (name: string) => {
  await admin.waitForFunction(() => !document.querySelector('[class*="-appear"], [class*="-enter"], [class*="-leave"]'));
  await admin.screenshot({ path: path.join(shots, `channel-keys-${name}.png`) });
};

type Gateway = { configured: boolean; keys: Array<{ id: number; retiresAt: string | null; source: string }> };

beforeAll(async () => {
  buildWebIfStale();
  [server, browser] = await Promise.all([
    startServer(INITIAL, { timeoutMs: 280_000, env: { SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms', SMS_GATEWAY_KEY: SMS_KEY } }),
    launchChromium(),
  ]);
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

describe('key rotation on the channels page (Chromium, real server)', () => {
  it('rotates an agency subscription\'s key from its row: the new key shown once, the old one signing until its grace period ends', async () => {
    const made = await callApi<{ subscription: { id: number; keys: Array<{ id: number }> }; key: string }>(
      admin, 'POST', '/api/channels/subscriptions', { name: '市水利局', url: 'http://127.0.0.1:9/cap', regionCode: '320600' });
    expect(made.status).toBe(201);
    const { id } = made.data.subscription;
    const oldKid = made.data.subscription.keys[0]!.id;

    await admin.goto(`${server.baseUrl}/alert-channels`);
    await admin.getByRole('tab', { name: '推送订阅' }).click();
    const row = admin.locator('.ant-table-row', { hasText: '市水利局' });
    await row.getByText(`当前 #${oldKid}`).waitFor();
    await row.getByTestId(`rotate-key-${id}`).click();
    const confirm = admin.locator('.ant-modal-confirm', { hasText: '轮换“市水利局”的签名密钥？' });
    await confirm.getByRole('button', { name: '轮换密钥' }).click();
    const shown = admin.locator('.ant-modal-confirm', { hasText: '共享密钥' });
    const newKey = await shown.locator('code').innerText();
    expect(newKey).toMatch(/^[0-9a-f]{64}$/);
    expect(newKey).not.toBe(made.data.key);
    const newKid = Number(/密钥编号（kid）：(\d+)/.exec(await shown.innerText())![1]);
    expect(newKid).toBeGreaterThan(oldKid);
    await shot('subscription-rotated');
    await shown.locator('.ant-modal-confirm-btns button').click();
    await shown.waitFor({ state: 'detached' });

    // Both keys sign now, the new one current; the old one shows the end of its 72-hour grace period.
    await row.getByText(`当前 #${newKid}`).waitFor();
    await row.getByText(new RegExp(`#${oldKid} 签名至 `)).waitFor();
    const subs = await callApi<{ items: Array<{ id: number; keys: Array<{ id: number; retiresAt: string | null }> }> }>(admin, 'GET', '/api/channels/subscriptions');
    const keys = subs.data.items.find((s) => s.id === id)!.keys;
    expect(keys.map((k) => [k.id, k.retiresAt === null])).toEqual([[newKid, true], [oldKid, false]]);
    const grace = Date.parse(keys[1]!.retiresAt!) - Date.now();
    expect(grace).toBeGreaterThan(71 * 3_600_000);
    expect(await admin.content()).not.toContain(newKey);
  });

  it('rotates the SMS gateway key with a chosen grace period, shows the new key only once, then retires the old key at once', async () => {
    const before = (await callApi<Gateway>(admin, 'GET', '/api/channels/sms-gateway')).data;
    expect(before.configured).toBe(true);
    const oldKid = before.keys[0]!.id;

    await admin.goto(`${server.baseUrl}/alert-channels`);
    await admin.getByRole('tab', { name: '短信网关密钥' }).click();
    const panel = admin.getByTestId('sms-gateway-keys');
    await panel.locator('.ant-table-row', { hasText: `#${oldKid}` }).getByText('当前').waitFor();
    await panel.getByText('配置导入（SMS_GATEWAY_KEY）').waitFor();
    await shot('sms-keys');

    await panel.getByTestId('sms-key-rotate').click();
    const dialog = admin.locator('.ant-modal', { hasText: '轮换短信网关密钥' });
    await dialog.getByText(`当前密钥 #${oldKid} 在宽限期内继续同时签名`).waitFor();
    // A key given by the operator is checked before anything is sent.
    await dialog.locator('#smsRotate_key').fill('not-a-key');
    await dialog.locator('.ant-modal-footer').getByRole('button', { name: '轮换密钥' }).click();
    await dialog.getByText('密钥 key：须为 64 位十六进制数字（0-9、a-f）').waitFor();
    await dialog.locator('#smsRotate_key').fill('');
    await dialog.locator('.ant-select', { has: admin.locator('#smsRotate_graceHours') }).click();
    await admin.locator('.ant-select-item-option', { hasText: '24 小时' }).click();
    await dialog.locator('.ant-modal-footer').getByRole('button', { name: '轮换密钥' }).click();

    const shown = admin.locator('.ant-modal', { hasText: '新的短信网关密钥' });
    await shown.getByText('仅显示这一次').waitFor();
    const newKey = await shown.getByTestId('sms-new-key').innerText();
    expect(newKey).toMatch(/^[0-9a-f]{64}$/);
    expect(newKey).not.toBe(SMS_KEY);
    await shot('sms-new-key');
    // Escape does not close it: the key is gone once it closes, so closing takes the button.
    await admin.keyboard.press('Escape');
    await expect(shown.isVisible()).resolves.toBe(true);
    await shown.getByRole('button', { name: '我已复制并妥善保存' }).click();
    await shown.waitFor({ state: 'hidden' });
    expect(await admin.content()).not.toContain(newKey);

    const rotated = (await callApi<Gateway>(admin, 'GET', '/api/channels/sms-gateway')).data;
    const newKid = rotated.keys[0]!.id;
    expect(rotated.keys.map((k) => [k.id, k.source])).toEqual([[newKid, 'rotation'], [oldKid, 'configuration']]);
    const grace = Date.parse(rotated.keys[1]!.retiresAt!) - Date.now();
    expect(grace).toBeGreaterThan(23 * 3_600_000);
    expect(grace).toBeLessThanOrEqual(24 * 3_600_000);
    const oldRow = panel.locator('.ant-table-row', { hasText: `#${oldKid}` });
    await oldRow.getByText('宽限期至').waitFor();
    await oldRow.getByText('剩余约 24 小时').waitFor();
    const newRow = panel.locator('.ant-table-row', { hasText: `#${newKid}` });
    await newRow.getByText('当前').waitFor();
    await newRow.getByText('尚未签名').waitFor();
    // The current key has no "retire now": only a replaced one does.
    await expect(panel.getByTestId(`sms-key-retire-${newKid}`).count()).resolves.toBe(0);
    await shot('sms-rotated');

    await panel.getByTestId(`sms-key-retire-${oldKid}`).click();
    await admin.locator('.ant-modal-confirm', { hasText: `立即停用旧密钥 #${oldKid}？` }).getByRole('button', { name: '立即停用' }).click();
    await admin.getByText(`密钥 #${oldKid} 已停用`).waitFor();
    await oldRow.waitFor({ state: 'detached' });
    const after = (await callApi<Gateway>(admin, 'GET', '/api/channels/sms-gateway')).data;
    expect(after.keys.map((k) => k.id)).toEqual([newKid]);
  });
});
