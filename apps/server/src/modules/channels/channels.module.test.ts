/**
 * The channels of an alert on a real database and the embedded broker, against local HTTP servers the test starts:
 * an agency that fails twice and then recovers (retried with doubling waits, delivered on the third attempt, every
 * attempt recorded), one that never answers well (failed after the configured attempts), and an SMS gateway (the
 * documented protocol, signed). Deliveries are written in the confirming transaction and shown per alert. Keys of both
 * rotate with a grace period in which the old and the new key sign.
 */
import type { FastifyInstance } from 'fastify';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { Database } from '../../db/index.ts';
import { hmacSm3Hex } from '../../lib/crypto.ts';
import { verifyPushSignature } from './channels.signature.ts';
import { startMessaging, type Messaging } from '../../plugins/messaging.ts';
import { FIXTURE, call, givenSession, openTestDatabase, seedFixture, testConfig, type Session } from '../../test/harness.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
const SMS_KEY = 'ab'.repeat(32);
const AGENCY_KEY = '12'.repeat(32);

interface Received { url: string; body: string; headers: http.IncomingHttpHeaders; at: number }
const received: Received[] = [];
let server: http.Server;
let base = '';
let recovering = 0;

let db: Database;
let drop: () => Promise<void>;
let messaging: Messaging;
let app: FastifyInstance;
let manager: Session;
let officer1: Session;
let officer2: Session;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body, headers: req.headers, at: Date.now() });
      if (req.url === '/recovering') return void res.writeHead(++recovering <= 2 ? 500 : 200).end();
      if (req.url === '/broken') return void res.writeHead(502).end();
      if (req.url === '/sms') {
        const to = (JSON.parse(body) as { to: string[] }).to;
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: to.length, rejected: [] }));
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ({ db, drop } = await openTestDatabase());
  await seedFixture(db);
  const overrides = {
    MQTT_EMBEDDED_PORT: '0', CHANNEL_TICK_MS: '40', CHANNEL_RETRY_MS: '100', CHANNEL_ATTEMPTS: '3', SMS_GATEWAY_URL: `${base}/sms`, SMS_GATEWAY_KEY: SMS_KEY,
  };
  messaging = await startMessaging(testConfig(overrides), quiet);
  app = await buildApp(testConfig(overrides), { db, messaging });
  await app.ready();
  const t = { app, db };
  manager = (await givenSession(t, { roles: ['siren_manager'] })).session;
  officer1 = (await givenSession(t, { roles: ['duty_officer'] })).session;
  officer2 = (await givenSession(t, { roles: ['duty_officer'] })).session;
});
afterAll(async () => {
  await app?.close();
  await messaging?.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await drop?.();
});

const until = async (what: () => Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('channels: subscribed agencies and SMS', () => {
  it('manages subscriptions and lists without ever showing a key or a number', async () => {
    const a = await call(app, manager, { method: 'POST', url: '/api/channels/subscriptions', payload: { name: '市应急管理局', url: `${base}/recovering`, regionCode: FIXTURE.city, key: AGENCY_KEY } });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json().key).toBe(AGENCY_KEY);
    const b = await call(app, manager, { method: 'POST', url: '/api/channels/subscriptions', payload: { name: '市气象局', url: `${base}/broken`, regionCode: FIXTURE.city } });
    expect(b.json().key).toMatch(/^[0-9a-f]{64}$/);
    // A 通州 agency does not receive 崇川's alert.
    await call(app, manager, { method: 'POST', url: '/api/channels/subscriptions', payload: { name: '通州区应急局', url: `${base}/recovering`, regionCode: FIXTURE.countyB } });
    const bad = await call(app, manager, { method: 'POST', url: '/api/channels/sms-lists', payload: { name: 'x', regionCode: FIXTURE.countyA, phones: ['13800000000', '12345'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('CHANNELS_PHONE_INVALID');
    const list = await call(app, manager, { method: 'POST', url: '/api/channels/sms-lists', payload: { name: '崇川区网格员', regionCode: FIXTURE.countyA, phones: ['13800000001', '13900000002', '13800000001'] } });
    expect(list.statusCode, list.body).toBe(201);
    expect(list.json()).toMatchObject({ phoneCount: 2 });
    await call(app, manager, { method: 'POST', url: '/api/channels/sms-lists', payload: { name: '通州区网格员', regionCode: FIXTURE.countyB, phones: ['13700000003'] } });
    const shown = JSON.stringify([(await call(app, manager, { method: 'GET', url: '/api/channels/subscriptions' })).json(), (await call(app, manager, { method: 'GET', url: '/api/channels/sms-lists' })).json()]);
    expect(shown).not.toContain(AGENCY_KEY);
    expect(shown).not.toContain('13800000001');
    const stored = (await db.query<{ phones_sealed: string }>('SELECT phones_sealed FROM sms_recipient_list ORDER BY id LIMIT 1')).rows[0]!.phones_sealed;
    expect(stored).toMatch(/^sm4:v1:/);
  });

  it('writes a delivery per target with the alert, retries a failing agency until it recovers, fails one that never does, and sends the SMS', async () => {
    const draft = await call(app, officer1, { method: 'POST', url: '/api/alerts', payload: {
      kind: 'exercise', program: 'air_raid', area: { regionCodes: [FIXTURE.countyA] }, headline: '崇川区防空演习', messageZh: '这是一次演习，请按预案疏散。',
    } });
    expect(draft.statusCode, draft.body).toBe(201);
    const id = draft.json().id;
    const sent = await call(app, officer2, { method: 'POST', url: `/api/alerts/${id}/confirm`, payload: { version: 1 } });
    expect(sent.statusCode, sent.body).toBe(200);
    const deliveries = async () => (await call(app, officer1, { method: 'GET', url: `/api/alerts/${id}/channel-deliveries` })).json().items as Array<Record<string, unknown>>;
    // Written in the confirming transaction: there at once, whatever the dispatcher has done yet.
    expect((await deliveries()).map((d) => `${String(d.channel)}:${String(d.target)}`).sort()).toEqual(['agency:市应急管理局', 'agency:市气象局', 'sms:崇川区网格员']);
    await until(async () => (await deliveries()).every((d) => d.state !== 'pending'));
    const byTarget = Object.fromEntries((await deliveries()).map((d) => [d.target, d]));
    expect(byTarget['市应急管理局']).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 200, lastError: null });
    expect(byTarget['市气象局']).toMatchObject({ state: 'failed', attempts: 3, lastStatus: 502, lastError: 'HTTP 502' });
    expect(byTarget['崇川区网格员']).toMatchObject({ state: 'delivered', attempts: 1 });

    // The recovering agency: three attempts, waits doubling (≥ 100 ms, then ≥ 200 ms), each signed over timestamp and body.
    const pushes = received.filter((r) => r.url === '/recovering');
    expect(pushes).toHaveLength(3);
    expect(pushes[1]!.at - pushes[0]!.at).toBeGreaterThanOrEqual(90);
    expect(pushes[2]!.at - pushes[1]!.at).toBeGreaterThanOrEqual(190);
    const last = pushes[2]!;
    expect(last.body).toContain('<status>Exercise</status>');
    expect(last.headers['content-type']).toContain('application/cap+xml');
    const ts = String(last.headers['x-civdef-timestamp']);
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
    const kid = String(last.headers['x-civdef-key-id']);
    expect(kid).toMatch(/^\d+$/);
    expect(last.headers['x-civdef-signature']).toBe(`kid=${kid};hmac-sm3=${hmacSm3Hex(AGENCY_KEY, `${ts}\n${last.body}`)}`);

    const smsCalls = received.filter((r) => r.url === '/sms');
    expect(smsCalls).toHaveLength(1);
    const sms = JSON.parse(smsCalls[0]!.body) as { to: string[]; text: string; reference: string };
    expect(sms.to.sort()).toEqual(['13800000001', '13900000002']);
    expect(sms.text).toMatch(/^【.+】【演习】崇川区防空演习：这是一次演习/);
    // Signed as the CAP pushes are: one entry per signing key, named by its id (the configured key, stored at start).
    const smsKid = String(smsCalls[0]!.headers['x-civdef-key-id']);
    expect(smsKid).toMatch(/^\d+$/);
    expect(smsCalls[0]!.headers['x-civdef-signature']).toBe(`kid=${smsKid};hmac-sm3=${hmacSm3Hex(SMS_KEY, `${String(smsCalls[0]!.headers['x-civdef-timestamp'])}\n${smsCalls[0]!.body}`)}`);
  });

  it('sends the SMS of a drawn area to the lists of the districts it reaches, of a group to those of its sirens\' districts', async () => {
    const smsTargets = async (area: object, headline: string) => {
      const draft = await call(app, officer1, { method: 'POST', url: '/api/alerts', payload: { kind: 'exercise', program: 'preliminary', area, headline, messageZh: '这是一次演习。' } });
      expect(draft.statusCode, draft.body).toBe(201);
      const sent = await call(app, officer2, { method: 'POST', url: `/api/alerts/${draft.json().id}/confirm`, payload: { version: 1 } });
      expect(sent.statusCode, sent.body).toBe(200);
      const items = (await call(app, officer1, { method: 'GET', url: `/api/alerts/${draft.json().id}/channel-deliveries` })).json().items as Array<{ channel: string; target: string }>;
      return items.filter((d) => d.channel === 'sms').map((d) => d.target).sort();
    };
    // Around 崇川 1 号, inside 崇川区 alone: the city's officer drafts it, yet 通州's list is not texted.
    const polygon = { type: 'Polygon', coordinates: [[[120.86, 31.99], [120.88, 31.99], [120.88, 32.01], [120.86, 32.01], [120.86, 31.99]]] };
    expect(await smsTargets({ polygon }, '崇川划定区域演习')).toEqual(['崇川区网格员']);
    const sirens = (await call(app, manager, { method: 'GET', url: '/api/sirens?pageSize=10' })).json().items as Array<{ id: number; code: string }>;
    const group = await call(app, manager, { method: 'POST', url: '/api/siren-groups', payload: { name: '短信分组演习', regionCode: FIXTURE.city, sirenIds: [sirens.find((x) => x.code === 'JB-A-01')!.id] } });
    expect(group.statusCode, group.body).toBe(201);
    // A city group of one 崇川 siren: 崇川's list only (it used to text every list of the city).
    expect(await smsTargets({ groupIds: [group.json().id] }, '分组演习')).toEqual(['崇川区网格员']);
    // Its other siren joins (通州): the next alert for the group texts both lists.
    const g = group.json() as { id: number };
    const grown = await call(app, manager, { method: 'PATCH', url: `/api/siren-groups/${g.id}`, payload: { sirenIds: sirens.map((x) => x.id) } });
    expect(grown.statusCode, grown.body).toBe(200);
    expect(await smsTargets({ groupIds: [g.id] }, '分组演习二')).toEqual(['崇川区网格员', '通州区网格员']);
  });

  it('rotates a subscription\'s key: the new key signs at once, the old one beside it for the grace period, then not at all', async () => {
    const subs = (await call(app, manager, { method: 'GET', url: '/api/channels/subscriptions' })).json().items as Array<{ id: number; name: string; version: number; keys: Array<{ id: number }> }>;
    const sub = subs.find((x) => x.name === '市应急管理局')!;
    expect(sub.keys).toHaveLength(1);
    const oldKid = String(sub.keys[0]!.id);
    const url = `/api/channels/subscriptions/${sub.id}/rotate-key`;

    expect((await call(app, officer1, { method: 'POST', url, payload: { version: sub.version } })).statusCode).toBe(403);
    const stale = await call(app, manager, { method: 'POST', url, payload: { version: sub.version + 5 } });
    expect(stale.statusCode).toBe(409);
    const reused = await call(app, manager, { method: 'POST', url, payload: { version: sub.version, key: AGENCY_KEY }, headers: { 'accept-language': 'en' } });
    expect(reused.statusCode).toBe(400);
    expect(reused.json()).toMatchObject({ code: 'CHANNELS_KEY_REUSED', message: expect.stringContaining('key:') });

    const rotated = await call(app, manager, { method: 'POST', url, payload: { version: sub.version, graceHours: 1 } });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { key: newKey, keyId, subscription } = rotated.json() as { key: string; keyId: number; subscription: { version: number; keys: Array<{ id: number; retiresAt: string | null }> } };
    expect(newKey).toMatch(/^[0-9a-f]{64}$/);
    expect(newKey).not.toBe(AGENCY_KEY);
    expect(subscription.version).toBe(sub.version + 1);
    expect(subscription.keys.map((k) => k.id)).toEqual([keyId, Number(oldKid)]);
    expect(subscription.keys[0]!.retiresAt).toBeNull();
    const grace = Date.parse(subscription.keys[1]!.retiresAt!) - Date.now();
    expect(grace).toBeGreaterThan(55 * 60_000);
    expect(grace).toBeLessThanOrEqual(3_600_000);
    const audit = (await db.query<{ after: unknown }>(`SELECT after FROM audit_log WHERE action = 'channels.subscription.rotate_key' ORDER BY seq`)).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ keyId, retired: [Number(oldKid)], graceHours: 1 });
    expect(JSON.stringify(audit)).not.toContain(newKey);

    const pushOf = async (headline: string) => {
      const before = received.filter((r) => r.url === '/recovering').length;
      const draft = await call(app, officer1, { method: 'POST', url: '/api/alerts', payload: {
        kind: 'exercise', program: 'air_raid', area: { regionCodes: [FIXTURE.countyA] }, headline, messageZh: '这是一次演习。',
      } });
      expect((await call(app, officer2, { method: 'POST', url: `/api/alerts/${draft.json().id}/confirm`, payload: { version: 1 } })).statusCode).toBe(200);
      await until(async () => received.filter((r) => r.url === '/recovering').length > before);
      const r = received.filter((x) => x.url === '/recovering').at(-1)!;
      return { signature: String(r.headers['x-civdef-signature']), timestamp: String(r.headers['x-civdef-timestamp']), body: r.body, keyId: String(r.headers['x-civdef-key-id']) };
    };
    // In the grace period: signed under both keys, the new one named current; a receiver with either key verifies.
    const during = await pushOf('轮换期间演习');
    expect(during.keyId).toBe(String(keyId));
    expect(during.signature.split(', ').map((e) => e.split(';')[0])).toEqual([`kid=${keyId}`, `kid=${oldKid}`]);
    expect(verifyPushSignature(during, new Map([[oldKid, AGENCY_KEY]]))).toBe(true);
    expect(verifyPushSignature(during, new Map([[String(keyId), newKey]]))).toBe(true);
    expect(verifyPushSignature(during, new Map([[String(keyId), AGENCY_KEY]]))).toBe(false);

    // A second rotation with no grace (a leaked key): only the newest key signs from then on.
    const again = await call(app, manager, { method: 'POST', url, payload: { version: subscription.version, graceHours: 0 } });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().subscription.keys).toHaveLength(1);
    const after = await pushOf('轮换之后演习');
    expect(after.signature.split(', ')).toHaveLength(1);
    expect(verifyPushSignature(after, new Map([[oldKid, AGENCY_KEY], [String(keyId), newKey]]))).toBe(false);
    expect(verifyPushSignature(after, new Map([[String(again.json().keyId), again.json().key]]))).toBe(true);
  });

  it('stores the configured SMS gateway key once and rotates it: both keys sign in the grace period, audited with ids only', async () => {
    const url = '/api/channels/sms-gateway/rotate-key';
    const gw = await call(app, manager, { method: 'GET', url: '/api/channels/sms-gateway' });
    expect(gw.statusCode, gw.body).toBe(200);
    const first = gw.json() as { configured: boolean; url: string; keys: Array<{ id: number; source: string; retiresAt: string | null }> };
    expect(first).toMatchObject({ configured: true, url: `${base}/sms` });
    expect(first.keys).toEqual([expect.objectContaining({ source: 'configuration', retiresAt: null })]);
    const oldKid = first.keys[0]!.id;
    const imported = (await db.query<{ after: unknown }>(`SELECT after FROM audit_log WHERE action = 'channels.sms_gateway.import_key'`)).rows;
    expect(imported).toEqual([{ after: { keyId: oldKid, from: 'SMS_GATEWAY_KEY', retired: [] } }]);
    expect(JSON.stringify(gw.json())).not.toContain(SMS_KEY);

    // The gateway is the whole city's: a district user neither reads nor rotates its keys; a duty officer lacks the permission.
    const district = (await givenSession({ app, db }, { roles: ['siren_manager'], regionCode: FIXTURE.countyA })).session;
    expect((await call(app, district, { method: 'GET', url: '/api/channels/sms-gateway' })).statusCode).toBe(403);
    const refused = await call(app, district, { method: 'POST', url, payload: { currentKeyId: oldKid }, headers: { 'accept-language': 'en' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'CHANNELS_SMS_GATEWAY_CITY_ONLY' });
    expect((await call(app, officer1, { method: 'POST', url, payload: { currentKeyId: oldKid } })).statusCode).toBe(403);
    const stale = await call(app, manager, { method: 'POST', url, payload: { currentKeyId: oldKid + 7 }, headers: { 'accept-language': 'en' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CHANNELS_SMS_KEY_STALE', message: expect.stringContaining('currentKeyId:') });
    const reused = await call(app, manager, { method: 'POST', url, payload: { currentKeyId: oldKid, key: SMS_KEY }, headers: { 'accept-language': 'en' } });
    expect(reused.statusCode).toBe(400);
    expect(reused.json()).toMatchObject({ code: 'CHANNELS_SMS_KEY_REUSED', message: expect.stringContaining('key:') });

    const rotated = await call(app, manager, { method: 'POST', url, payload: { currentKeyId: oldKid, graceHours: 1 } });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { key: newKey, keyId, gateway } = rotated.json() as { key: string; keyId: number; gateway: typeof first };
    expect(newKey).toMatch(/^[0-9a-f]{64}$/);
    expect(gateway.keys.map((k) => [k.id, k.source])).toEqual([[keyId, 'rotation'], [oldKid, 'configuration']]);
    // The new key has signed nothing yet.
    expect((rotated.json() as { gateway: { keys: Array<{ lastSignedAt: string | null }> } }).gateway.keys[0]!.lastSignedAt).toBeNull();
    const grace = Date.parse(gateway.keys[1]!.retiresAt!) - Date.now();
    expect(grace).toBeGreaterThan(55 * 60_000);
    expect(grace).toBeLessThanOrEqual(3_600_000);
    const audit = (await db.query<{ before: unknown; after: unknown }>(`SELECT before, after FROM audit_log WHERE action = 'channels.sms_gateway.rotate_key'`)).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ before: { keyIds: [oldKid] }, after: { keyId, retired: [oldKid], graceHours: 1 } });
    expect(JSON.stringify(audit)).not.toContain(newKey);
    // The rotation is two officers' race: the second, still holding the old current id, is refused rather than doubled.
    expect((await call(app, manager, { method: 'POST', url, payload: { currentKeyId: oldKid } })).statusCode).toBe(409);

    // A message in the grace period is signed under both keys, the new one named current: a gateway with either verifies.
    const before = received.filter((r) => r.url === '/sms').length;
    const draft = await call(app, officer1, { method: 'POST', url: '/api/alerts', payload: {
      kind: 'exercise', program: 'air_raid', area: { regionCodes: [FIXTURE.countyA] }, headline: '短信密钥轮换演习', messageZh: '这是一次演习。',
    } });
    expect((await call(app, officer2, { method: 'POST', url: `/api/alerts/${draft.json().id}/confirm`, payload: { version: 1 } })).statusCode).toBe(200);
    await until(async () => received.filter((r) => r.url === '/sms').length > before);
    const r = received.filter((x) => x.url === '/sms').at(-1)!;
    const sent = { signature: String(r.headers['x-civdef-signature']), timestamp: String(r.headers['x-civdef-timestamp']), body: r.body };
    expect(r.headers['x-civdef-key-id']).toBe(String(keyId));
    expect(sent.signature.split(', ').map((e) => e.split(';')[0])).toEqual([`kid=${keyId}`, `kid=${oldKid}`]);
    expect(verifyPushSignature(sent, new Map([[String(oldKid), SMS_KEY]]))).toBe(true);
    expect(verifyPushSignature(sent, new Map([[String(keyId), newKey]]))).toBe(true);
    expect(verifyPushSignature(sent, new Map([[String(keyId), SMS_KEY]]))).toBe(false);
    // Both keys signed it, and each shows when: what the console shows before someone retires the old key at once.
    const signed = (await call(app, manager, { method: 'GET', url: '/api/channels/sms-gateway' })).json().keys as Array<{ id: number; lastSignedAt: string | null }>;
    for (const k of signed) expect(Date.now() - Date.parse(k.lastSignedAt!), `key ${k.id}`).toBeLessThan(120_000);

    // A restart with the same SMS_GATEWAY_KEY (now rotated out) does not bring it back as current.
    const again = await buildApp(testConfig({ MQTT_EMBEDDED_PORT: '0', CHANNEL_TICK_MS: '0', SMS_GATEWAY_URL: `${base}/sms`, SMS_GATEWAY_KEY: SMS_KEY }), { db, messaging });
    await again.ready();
    await again.close();
    const keys = (await call(app, manager, { method: 'GET', url: '/api/channels/sms-gateway' })).json().keys as Array<{ id: number }>;
    expect(keys.map((k) => k.id)).toEqual([keyId, oldKid]);
    expect((await db.query(`SELECT 1 FROM audit_log WHERE action = 'channels.sms_gateway.import_key'`)).rows).toHaveLength(1);

    // Retire now: the replaced key stops signing at once (audited); the current key and a retired one are refused.
    const retire = (session: Session, id: number) => call(app, session, { method: 'POST', url: `/api/channels/sms-gateway/keys/${id}/retire`, headers: { 'accept-language': 'en' } });
    expect((await retire(district, oldKid)).statusCode).toBe(403);
    expect((await retire(officer1, oldKid)).statusCode).toBe(403);
    const current = await retire(manager, keyId);
    expect(current.statusCode).toBe(409);
    expect(current.json()).toMatchObject({ code: 'CHANNELS_SMS_KEY_CURRENT', message: expect.stringContaining('id:') });
    const retired = await retire(manager, oldKid);
    expect(retired.statusCode, retired.body).toBe(200);
    expect((retired.json() as typeof first).keys.map((k) => k.id)).toEqual([keyId]);
    expect((await retire(manager, oldKid)).json()).toMatchObject({ code: 'CHANNELS_SMS_KEY_NOT_SIGNING' });
    expect((await retire(manager, oldKid)).statusCode).toBe(404);
    expect(((await call(app, manager, { method: 'GET', url: '/api/channels/sms-gateway' })).json() as typeof first).keys.map((k) => k.id)).toEqual([keyId]);
    const retiredAudit = (await db.query<{ entity_id: string; after: unknown }>(`SELECT entity_id, after FROM audit_log WHERE action = 'channels.sms_gateway.retire_key'`)).rows;
    expect(retiredAudit).toEqual([{ entity_id: String(oldKid), after: { retiredNow: true } }]);
  });
});
