/**
 * An alert from draft to all-clear on the real embedded broker with simulated terminals and a local agency receiver:
 * the two-person rule, the sirens of the area sounding, the CAP document on the public feed (valid against the OASIS
 * schema), the signed push to the agency, and the all-clear referencing the alert.
 */
import type { FastifyInstance } from 'fastify';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { Database } from '../../db/index.ts';
import { hmacSm3Hex } from '../../lib/crypto.ts';
import { startMessaging, type Messaging } from '../../plugins/messaging.ts';
import { SimulatedTerminal } from '../../sim/siren-terminal.ts';
import { FIXTURE, call, givenSession, openTestDatabase, seedFixture, testConfig, type Session } from '../../test/harness.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
const AGENCY_KEY = 'cd'.repeat(32);

let db: Database;
let drop: () => Promise<void>;
let messaging: Messaging;
let app: FastifyInstance;
let agency: http.Server;
const received: Array<{ body: string; signature: string; timestamp: string; keyId: string | undefined; identifier: string | undefined }> = [];
let terminal: SimulatedTerminal;
let officer1: Session;
let officer2: Session;
let manager: Session;

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
  await seedFixture(db);
  agency = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({
        body, signature: String(req.headers['x-civdef-signature']), timestamp: String(req.headers['x-civdef-timestamp']),
        keyId: req.headers['x-civdef-key-id'] as string | undefined, identifier: req.headers['x-civdef-identifier'] as string | undefined,
      });
      res.writeHead(received.length === 1 ? 503 : 200).end();
    });
  });
  await new Promise<void>((r) => agency.listen(0, '127.0.0.1', () => r()));
  const port = (agency.address() as { port: number }).port;
  const overrides = {
    MQTT_EMBEDDED_PORT: '0', SIREN_ACK_TIMEOUT_MS: '1000', CHANNEL_RETRY_MS: '50', CHANNEL_TICK_MS: '50',
    // The older configuration-only push: imported at start as a city-wide subscription, pushed like any other.
    ALERT_AGENCY_WEBHOOKS: JSON.stringify([{ name: '市应急管理局', url: `http://127.0.0.1:${port}/cap`, key: AGENCY_KEY }]),
  };
  messaging = await startMessaging(testConfig(overrides), quiet);
  app = await buildApp(testConfig(overrides), { db, messaging });
  await app.ready();
  const t = { app, db };
  manager = (await givenSession(t, { roles: ['siren_manager'] })).session;
  const id = (await db.query<{ id: number }>(`SELECT id FROM siren WHERE code = 'JB-A-01'`)).rows[0]!.id;
  const key = (await call(app, manager, { method: 'POST', url: `/api/sirens/${id}/terminal-key` })).json();
  terminal = await SimulatedTerminal.start({ url: `mqtt://127.0.0.1:${messaging.embeddedPort}`, terminalId: key.terminalId, key: key.key, timeScale: 0.0005 });
  officer1 = (await givenSession(t, { roles: ['duty_officer'] })).session;
  officer2 = (await givenSession(t, { roles: ['duty_officer'] })).session;
});
afterAll(async () => {
  await terminal?.stop();
  await app?.close();
  await messaging?.close();
  // fetch keeps its connection alive: close it, or the server would wait for it forever.
  agency?.closeAllConnections();
  await new Promise((r) => agency?.close(r));
  await drop?.();
});

const until = async (what: () => Promise<boolean> | boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};
const XSD = path.join(import.meta.dirname, 'cap12.xsd');
function validCap(xml: string): boolean {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
  } catch {
    expect(process.env.CI, 'xmllint must be installed in CI').toBeFalsy();
    return true;
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cap-')), 'a.xml');
  fs.writeFileSync(file, xml);
  execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
  return true;
}

describe('alerts', () => {
  let alertId: number;

  it('takes a draft from one officer and refuses its confirmation by the same officer', async () => {
    const res = await call(app, officer1, { method: 'POST', url: '/api/alerts', payload: {
      kind: 'exercise', program: 'air_raid', area: { regionCodes: [FIXTURE.countyA] }, headline: '崇川区防空演习空袭警报',
      messageZh: '这是一次演习。空袭警报，请就近进入人防工程。', messageEn: 'This is an exercise. Air-raid warning: take shelter.', instructionZh: '保持镇静',
    } });
    expect(res.statusCode, res.body).toBe(201);
    alertId = res.json().id;
    expect(res.json()).toMatchObject({ state: 'awaiting_confirmation', areaDesc: '崇川区', commandId: null, messages: [] });
    const self = await call(app, officer1, { method: 'POST', url: `/api/alerts/${alertId}/confirm`, payload: { version: 1 }, headers: { 'accept-language': 'en' } });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('ALERTS_SAME_PERSON');
    expect(self.json().message).toContain('Two-person rule');
    expect(terminal.received).toHaveLength(0);
  });

  it('issues on a second officer\'s confirmation: the area\'s sirens sound, CAP is published and pushed, signed', async () => {
    const res = await call(app, officer2, { method: 'POST', url: `/api/alerts/${alertId}/confirm`, payload: { version: 1 } });
    expect(res.statusCode, res.body).toBe(200);
    const alert = res.json();
    expect(alert).toMatchObject({ state: 'issued', version: 2 });
    expect(alert.commandId).toMatch(/^[0-9a-f-]{36}$/);
    await until(() => terminal.sounded.length === 1);
    expect(terminal.sounded[0]).toMatchObject({ id: alert.commandId, program: 'air_raid' });
    const cmd = (await call(app, officer2, { method: 'GET', url: `/api/siren-commands/${alert.commandId}` })).json();
    expect(cmd.deliveries.map((d: { sirenCode: string }) => d.sirenCode)).toEqual(['JB-A-01']);

    const feed = await call(app, null, { method: 'GET', url: '/api/public/alerts' });
    expect(feed.statusCode).toBe(200);
    const item = feed.json().items[0];
    expect(Object.keys(item).sort()).toEqual(['areaDesc', 'capUrl', 'description', 'descriptionEn', 'event', 'headline', 'identifier', 'instruction', 'msgType', 'polygon', 'references', 'regionCodes', 'sent', 'status']);
    expect(item).toMatchObject({ status: 'Exercise', msgType: 'Alert', event: '空袭警报', areaDesc: '崇川区', regionCodes: [FIXTURE.countyA] });
    const xml = await call(app, null, { method: 'GET', url: item.capUrl });
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-type']).toContain('application/cap+xml');
    expect(xml.body).toContain('<status>Exercise</status>');
    expect(validCap(xml.body)).toBe(true);

    // The configured agency answered 503 first: retried, then delivered, signed over timestamp and body under the
    // configured key (its key id named), as every subscription is; the older mechanism wrote nothing.
    const channelDeliveries = async () => (await call(app, officer2, { method: 'GET', url: `/api/alerts/${alertId}/channel-deliveries` })).json().items as Array<Record<string, unknown>>;
    await until(async () => (await channelDeliveries())[0]?.state === 'delivered');
    expect(received.length).toBeGreaterThanOrEqual(2);
    const last = received.at(-1)!;
    expect(last).toMatchObject({ body: xml.body, identifier: item.identifier, keyId: expect.stringMatching(/^\d+$/) });
    expect(last.signature).toBe(`kid=${last.keyId!};hmac-sm3=${hmacSm3Hex(AGENCY_KEY, `${last.timestamp}\n${last.body}`)}`);
    expect(Math.abs(Number(last.timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect((await channelDeliveries())[0]).toMatchObject({ channel: 'agency', target: '市应急管理局', state: 'delivered', attempts: 2, lastStatus: 200 });
    const subs = (await call(app, manager, { method: 'GET', url: '/api/channels/subscriptions' })).json().items;
    expect(subs).toEqual([expect.objectContaining({ name: '市应急管理局', importedFrom: 'ALERT_AGENCY_WEBHOOKS:市应急管理局', regionCode: FIXTURE.city })]);
    const detail = (await call(app, officer2, { method: 'GET', url: `/api/alerts/${alertId}` })).json();
    expect(detail.deliveries).toEqual([]);
    expect(detail).toMatchObject({ draftedBy: expect.any(String), confirmedBy: expect.any(String) });
    expect(detail.draftedBy).not.toBe(detail.confirmedBy);
  });

  it('refuses a second confirmation; the all-clear too needs a second officer, then sounds and references the alert', async () => {
    const again = await call(app, officer1, { method: 'POST', url: `/api/alerts/${alertId}/confirm`, payload: { version: 2 } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ALERTS_WRONG_STATE');
    const asked = await call(app, officer1, { method: 'POST', url: `/api/alerts/${alertId}/all-clear`, payload: { version: 2 } });
    expect(asked.statusCode, asked.body).toBe(200);
    // Asked for, not done: the alert still stands, nothing sounded, nothing published.
    expect(asked.json()).toMatchObject({ state: 'issued', version: 3, clearCommandId: null });
    expect(asked.json().followUps).toEqual([expect.objectContaining({ kind: 'all_clear', state: 'awaiting_confirmation', decidedBy: null })]);
    expect((await call(app, null, { method: 'GET', url: '/api/public/alerts' })).json().items).toHaveLength(1);
    const twice = await call(app, officer2, { method: 'POST', url: `/api/alerts/${alertId}/cancel`, payload: { version: 3, reason: '误报' } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('ALERTS_FOLLOW_UP_PENDING');
    const self = await call(app, officer1, { method: 'POST', url: `/api/alerts/${alertId}/follow-up/confirm`, payload: { version: 3 }, headers: { 'accept-language': 'en' } });
    expect(self.statusCode).toBe(403);
    expect(self.json()).toMatchObject({ code: 'ALERTS_SAME_PERSON_FOLLOW_UP' });
    expect(self.json().message).toContain('all-clear');
    expect(terminal.sounded).toHaveLength(1);

    const res = await call(app, officer2, { method: 'POST', url: `/api/alerts/${alertId}/follow-up/confirm`, payload: { version: 3 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'cleared', clearedBy: expect.any(String) });
    expect(res.json().followUps[0]).toMatchObject({ state: 'done', decidedBy: res.json().clearedBy, commandId: res.json().clearCommandId });
    await until(() => terminal.sounded.length === 2);
    expect(terminal.sounded[1]!.program).toBe('all_clear');
    const feed = (await call(app, null, { method: 'GET', url: '/api/public/alerts' })).json().items;
    expect(feed[0]).toMatchObject({ msgType: 'Update', event: '解除警报', status: 'Exercise' });
    expect(feed[0].references).toContain(feed[1].identifier);
    expect(validCap((await call(app, null, { method: 'GET', url: feed[0].capUrl })).body)).toBe(true);
    expect((await call(app, null, { method: 'GET', url: '/api/public/alerts/nope/cap.xml' })).statusCode).toBe(404);
    const after = await call(app, officer1, { method: 'POST', url: `/api/alerts/${alertId}/update`, payload: { version: 4, headline: '晚了' } });
    expect(after.json().code).toBe('ALERTS_WRONG_STATE');
  });

  it('updates an issued alert\'s text and cancels it, each on a second officer\'s word, every CAP message referencing the earlier ones', async () => {
    const draft = await call(app, officer1, { method: 'POST', url: '/api/alerts', payload: {
      kind: 'exercise', program: 'preliminary', area: { regionCodes: [FIXTURE.countyA] }, headline: '崇川区演习预先警报', messageZh: '演习：预先警报。',
    } });
    const id = draft.json().id as number;
    expect((await call(app, officer2, { method: 'POST', url: `/api/alerts/${id}/confirm`, payload: { version: 1 } })).statusCode).toBe(200);
    await until(() => terminal.sounded.length === 3);

    const empty = await call(app, officer1, { method: 'POST', url: `/api/alerts/${id}/update`, payload: { version: 2, headline: '崇川区演习预先警报' } });
    expect(empty.json().code).toBe('ALERTS_UPDATE_EMPTY');
    const asked = await call(app, officer1, { method: 'POST', url: `/api/alerts/${id}/update`, payload: { version: 2, instructionZh: '请前往就近人防工程', reason: '补充指引' } });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().followUps[0]).toMatchObject({ kind: 'update', instructionZh: '请前往就近人防工程', headline: null, messageZh: null });
    // Withdrawn by anyone allowed to issue: nothing published, and the next request may come.
    const withdrawn = await call(app, officer2, { method: 'POST', url: `/api/alerts/${id}/follow-up/withdraw`, payload: { version: 3 } });
    expect(withdrawn.json().followUps[0]).toMatchObject({ state: 'withdrawn', decidedBy: expect.any(String) });
    expect((await call(app, officer2, { method: 'POST', url: `/api/alerts/${id}/follow-up/confirm`, payload: { version: 4 } })).json().code).toBe('ALERTS_NO_FOLLOW_UP');
    await call(app, officer1, { method: 'POST', url: `/api/alerts/${id}/update`, payload: { version: 4, instructionZh: '请前往就近人防工程' } });
    const stale = await call(app, officer2, { method: 'POST', url: `/api/alerts/${id}/follow-up/confirm`, payload: { version: 4 } });
    expect(stale.json().code).toBe('ALERTS_VERSION_CONFLICT');
    const updated = await call(app, officer2, { method: 'POST', url: `/api/alerts/${id}/follow-up/confirm`, payload: { version: 5 } });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ state: 'issued', instructionZh: '请前往就近人防工程', headline: '崇川区演习预先警报' });
    expect(terminal.sounded).toHaveLength(3);
    const [u] = (await call(app, null, { method: 'GET', url: '/api/public/alerts' })).json().items;
    expect(u).toMatchObject({ msgType: 'Update', instruction: '请前往就近人防工程', event: '预先警报' });
    const uXml = (await call(app, null, { method: 'GET', url: u.capUrl })).body;
    expect(validCap(uXml)).toBe(true);

    const noReason = await call(app, officer1, { method: 'POST', url: `/api/alerts/${id}/cancel`, payload: { version: 6 } });
    expect(noReason.json().code).toBe('ALERTS_REASON_REQUIRED');
    expect((await call(app, officer1, { method: 'POST', url: `/api/alerts/${id}/cancel`, payload: { version: 6, reason: '误发，请忽略' } })).json().state).toBe('issued');
    const cancelled = await call(app, officer2, { method: 'POST', url: `/api/alerts/${id}/follow-up/confirm`, payload: { version: 7 } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().state).toBe('cancelled');
    // The sirens still playing the mistaken signal are told to stop.
    await until(() => terminal.stops.length === 1);
    expect(terminal.stops[0]).toBe(cancelled.json().followUps.at(-1).commandId);
    const items = (await call(app, null, { method: 'GET', url: '/api/public/alerts' })).json().items;
    const [c, update, alert] = items;
    expect(c).toMatchObject({ msgType: 'Cancel', description: expect.stringContaining('误发，请忽略') });
    expect(c.references.split(' ')).toEqual([alert.identifier, update.identifier].map((i: string) => expect.stringContaining(`,${i},`)));
    const xml = (await call(app, null, { method: 'GET', url: c.capUrl })).body;
    expect(xml).toContain('<msgType>Cancel</msgType>');
    expect(xml).toContain('<responseType>None</responseType>');
    expect(validCap(xml)).toBe(true);
  });

  it('sounds only the sirens inside a drawn area, names it by its districts, and publishes it as a CAP polygon', async () => {
    // Around 崇川 1 号 (120.871, 32.001) only; 通州 1 号 lies far outside.
    const polygon = { type: 'Polygon', coordinates: [[[120.86, 31.99], [120.88, 31.99], [120.88, 32.01], [120.86, 32.01], [120.86, 31.99]]] };
    const draft = await call(app, officer1, { method: 'POST', url: '/api/alerts', payload: {
      kind: 'exercise', program: 'preliminary', area: { polygon }, headline: '和平桥演习预先警报', messageZh: '演习：划定区域预先警报。',
    } });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json()).toMatchObject({ areaDesc: '崇川区内划定区域', area: { polygon } });
    const id = draft.json().id as number;
    expect((await call(app, officer1, { method: 'GET', url: `/api/alerts/${id}` })).json().area).toEqual({ polygon });
    const issued = await call(app, officer2, { method: 'POST', url: `/api/alerts/${id}/confirm`, payload: { version: 1 } });
    expect(issued.statusCode, issued.body).toBe(200);
    await until(() => terminal.sounded.length === 4);
    const cmd = (await call(app, officer2, { method: 'GET', url: `/api/siren-commands/${issued.json().commandId}` })).json();
    expect(cmd.deliveries.map((d: { sirenCode: string }) => d.sirenCode)).toEqual(['JB-A-01']);
    expect(cmd.target).toEqual({ polygon });
    const [item] = (await call(app, null, { method: 'GET', url: '/api/public/alerts' })).json().items;
    expect(item).toMatchObject({ headline: '和平桥演习预先警报', areaDesc: '崇川区内划定区域', regionCodes: [] });
    const xml = (await call(app, null, { method: 'GET', url: item.capUrl })).body;
    expect(xml).toContain('<polygon>31.99,120.86 31.99,120.88 32.01,120.88 32.01,120.86 31.99,120.86</polygon>');
    expect(validCap(xml)).toBe(true);
  });

  it('refuses a drawn area that is open, crosses itself or reaches outside the jurisdiction, naming the rule, and stores nothing', async () => {
    const count = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM alert')).rows[0]!.n;
    const before = await count();
    const county = (await givenSession({ app, db }, { roles: ['duty_officer'], regionCode: FIXTURE.countyB })).session;
    const ring = (...points: number[][]) => ({ type: 'Polygon', coordinates: [points] });
    const cases: Array<[Session, ReturnType<typeof ring>, string, string]> = [
      [officer1, ring([120.86, 31.99], [120.88, 31.99], [120.88, 32.01], [120.86, 32.01]), 'closed_ring', '未闭合'],
      [officer1, ring([120.86, 31.99], [120.88, 32.01], [120.88, 31.99], [120.86, 32.01], [120.86, 31.99]), 'valid', '不是有效的几何图形'],
      // 通州's officer, drawing over 崇川.
      [county, ring([120.86, 31.99], [120.88, 31.99], [120.88, 32.01], [120.86, 32.01], [120.86, 31.99]), 'inside_region', '超出您的管辖范围'],
      // The city's officer, across the gap between the two districts' outlines.
      [officer1, ring([120.9, 32.0], [121.05, 32.0], [121.05, 32.05], [120.9, 32.05], [120.9, 32.0]), 'inside_region', '超出您的管辖范围'],
    ];
    for (const [who, polygon, rule, zh] of cases) {
      const res = await call(app, who, { method: 'POST', url: '/api/alerts', payload: { kind: 'test', program: 'preliminary', area: { polygon }, headline: 'x', messageZh: 'x' } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'ALERTS_AREA_POLYGON', details: [{ field: 'body.area.polygon', rule }] });
      expect(res.json().message).toContain('自绘区域 area.polygon');
      expect(res.json().message).toContain(zh);
    }
    // A command drawn straight at the sirens is held to the same rules, in English too.
    const bowTie = cases[1]![1];
    const cmd = await call(app, officer1, { method: 'POST', url: '/api/siren-commands', payload: { action: 'sound', program: 'preliminary', target: { polygon: bowTie } }, headers: { 'accept-language': 'en' } });
    expect(cmd.statusCode, cmd.body).toBe(400);
    expect(cmd.json()).toMatchObject({ code: 'SIRENS_COMMAND_AREA_INVALID', details: [{ field: 'body.target.polygon', rule: 'valid' }] });
    expect(cmd.json().message).toContain('target.polygon: not a valid geometry');
    expect(await count()).toBe(before);
    expect(terminal.sounded).toHaveLength(4);
  });

  it('keeps the area inside the drafter\'s jurisdiction, naming the field', async () => {
    const county = (await givenSession({ app, db }, { roles: ['duty_officer'], regionCode: FIXTURE.countyB })).session;
    const res = await call(app, county, { method: 'POST', url: '/api/alerts', payload: {
      kind: 'test', program: 'preliminary', area: { regionCodes: [FIXTURE.countyB, FIXTURE.countyA] }, headline: 'x', messageZh: 'x',
    }, headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('area.regionCodes[1]');
    const empty = await call(app, county, { method: 'POST', url: '/api/alerts', payload: { kind: 'test', program: 'preliminary', area: {}, headline: 'x', messageZh: 'x' } });
    expect(empty.json().code).toBe('ALERTS_AREA_EMPTY');
  });
});
