/**
 * CAP from other agencies on a real database: a source pushes with its key (real samples, some deliberately
 * invalid: refused with the reason in both languages, nothing stored), a feed served by a local HTTP server is
 * polled (Atom linking CAP documents, one of them invalid), duplicates are stored once, and a duty officer relays
 * one to the sirens as a draft alert that another officer must confirm.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, type Session, type TestContext } from '../../test/harness.ts';

const SAMPLES = path.join(import.meta.dirname, '../../lib/cap-samples');
const sample = (f: string) => fs.readFileSync(path.join(SAMPLES, f), 'utf8');

/** A CAP document of the weather service for Nantong districts, with GB/T 2260 geocodes. */
const weather = (id: string, status = 'Actual') => `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${id}</identifier><sender>qxj@nantong.example</sender><sent>2026-07-01T10:00:00+08:00</sent>
  <status>${status}</status><msgType>Alert</msgType><scope>Public</scope>
  <info><language>zh-CN</language><category>Met</category><event>暴雨红色预警</event><urgency>Immediate</urgency><severity>Extreme</severity>
    <certainty>Likely</certainty><senderName>南通市气象台</senderName><headline>南通市气象台发布暴雨红色预警</headline>
    <description>预计未来3小时崇川区降雨量将达100毫米以上。</description><instruction>停止户外活动，避开低洼地带。</instruction>
    <area><areaDesc>崇川区</areaDesc><geocode><valueName>GB/T 2260</valueName><value>${FIXTURE.countyA}</value></geocode></area></info>
</alert>`;

let t: TestContext;
let admin: Session;
let officer1: Session;
let officer2: Session;
let countyB: Session;
let feed: http.Server;
let feedBase = '';
let feedUp = true;

beforeAll(async () => {
  t = await createTestApp({ CAP_POLL_TICK_MS: '0' });
  admin = (await givenSession(t, { roles: ['siren_manager'] })).session;
  officer1 = (await givenSession(t, { roles: ['duty_officer'] })).session;
  officer2 = (await givenSession(t, { roles: ['duty_officer'] })).session;
  countyB = (await givenSession(t, { roles: ['duty_officer'], regionCode: FIXTURE.countyB })).session;
  feed = http.createServer((req, res) => {
    if (!feedUp) return void res.writeHead(503).end();
    const docs: Record<string, string> = {
      '/feed.atom': `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>气象</title><updated>2026-07-01T10:00:00+08:00</updated>
        <entry><id>urn:1</id><title>a</title><updated>2026-07-01T10:00:00+08:00</updated><link rel="alternate" type="application/cap+xml" href="/cap/feed-1.xml"/></entry>
        <entry><id>urn:2</id><title>b</title><updated>2026-07-01T10:00:00+08:00</updated><link href="cap/bad.xml"/></entry>
      </feed>`,
      '/cap/feed-1.xml': weather('QX-FEED-1'),
      '/cap/bad.xml': sample('invalid.cap'),
    };
    const body = docs[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/xml' }).end(body ?? '');
  });
  await new Promise<void>((r) => feed.listen(0, '127.0.0.1', () => r()));
  feedBase = `http://127.0.0.1:${(feed.address() as AddressInfo).port}`;
});
afterAll(async () => {
  feed?.closeAllConnections();
  await new Promise((r) => feed?.close(r));
  await t?.close();
});

const push = (key: string | null, xml: string, lang = 'en') => t.app.inject({
  method: 'POST', url: '/api/cap-ingest', payload: xml, headers: { 'content-type': 'application/cap+xml', 'accept-language': lang, ...(key ? { 'x-cap-key': key } : {}) },
});
const incomingCount = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cap_incoming')).rows[0]!.n;

describe('CAP ingest', () => {
  let key = '';
  let sourceId = 0;

  it('makes a push source whose key is shown once and kept only as a hash', async () => {
    const res = await call(t.app, admin, { method: 'POST', url: '/api/cap-sources', payload: { name: '南通市气象台', regionCode: FIXTURE.city, push: true } });
    expect(res.statusCode, res.body).toBe(201);
    key = res.json().apiKey;
    sourceId = res.json().source.id;
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify((await call(t.app, admin, { method: 'GET', url: '/api/cap-sources' })).json())).not.toContain(key);
    const stored = (await t.db.query<{ key_hash: string }>('SELECT key_hash FROM cap_source WHERE id = $1', [sourceId])).rows[0]!.key_hash;
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a push without the right key', async () => {
    expect((await push(null, weather('X'))).statusCode).toBe(401);
    expect((await push('wrong', weather('X'))).json().code).toBe('CAP_INGEST_KEY_INVALID');
  });

  it('stores valid samples once each and refuses the invalid ones with the reason, storing nothing', async () => {
    for (const f of ['australia_bom.cap', 'canada.cap', 'iceland_met_office.cap', 'no_info_tag.cap']) {
      const res = await push(key, sample(f));
      expect(res.statusCode, `${f}: ${res.body}`).toBe(201);
      expect(res.json().duplicate).toBe(false);
    }
    const again = await push(key, sample('canada.cap'));
    expect(again.json()).toMatchObject({ duplicate: true });
    const before = await incomingCount();
    const bad = await push(key, sample('invalid.cap'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'CAP_INGEST_INVALID' });
    expect(bad.json().message).toContain('alert.scope');
    expect(bad.json().message).toContain('nothing was stored');
    const zh = await push(key, sample('invalid_xmlns.cap'), 'zh-CN');
    expect(zh.json().message).toMatch(/根元素须为 CAP 1\.2 的 <alert>.*文档未保存/);
    for (const f of ['earthquake.cap', 'smhi.se.alerts.cap']) expect((await push(key, sample(f))).statusCode).toBe(400);
    expect(await incomingCount()).toBe(before);
    const source = (await call(t.app, admin, { method: 'GET', url: '/api/cap-sources' })).json().items[0];
    expect(source).toMatchObject({ received: 4, refused: 4 });
    expect(source.lastError).toContain('alert');
  });

  it('polls a feed: the Atom\'s CAP links are read, the invalid one refused with its reason, and a second poll stores nothing new', async () => {
    const made = await call(t.app, admin, {
      method: 'POST', url: '/api/cap-sources', payload: { name: '气象订阅', regionCode: FIXTURE.countyA, push: false, feedUrl: `${feedBase}/feed.atom`, intervalS: 60 },
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().apiKey).toBeNull();
    const id = made.json().source.id;
    const first = await call(t.app, admin, { method: 'POST', url: `/api/cap-sources/${id}/poll` });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ documents: 2, stored: 1, duplicates: 0, error: null });
    expect(first.json().refused).toEqual([expect.objectContaining({ url: `${feedBase}/cap/bad.xml`, field: 'alert.scope' })]);
    const second = (await call(t.app, admin, { method: 'POST', url: `/api/cap-sources/${id}/poll` })).json();
    expect(second).toMatchObject({ stored: 0, duplicates: 1 });
    feedUp = false;
    const down = (await call(t.app, admin, { method: 'POST', url: `/api/cap-sources/${id}/poll` })).json();
    expect(down.error).toBe('HTTP 503');
    feedUp = true;
    // A source of 崇川 is invisible to 通州.
    expect((await call(t.app, countyB, { method: 'GET', url: '/api/cap-incoming' })).json().total).toBe(0);
  });

  it('lists incoming messages for the duty officer and relays one as a draft that another officer confirms', async () => {
    const list = (await call(t.app, officer1, { method: 'GET', url: '/api/cap-incoming?pageSize=50' })).json();
    const msg = list.items.find((m: { identifier: string }) => m.identifier === 'QX-FEED-1');
    expect(msg).toMatchObject({ source: '气象订阅', status: 'Actual', event: '暴雨红色预警', areaDesc: '崇川区', relayedAlertId: null });
    const detail = (await call(t.app, officer1, { method: 'GET', url: `/api/cap-incoming/${msg.id}` })).json();
    expect(detail.infos[0].areas[0].geocodes).toEqual([{ valueName: 'GB/T 2260', value: FIXTURE.countyA }]);
    expect(detail.xml).toContain('<identifier>QX-FEED-1</identifier>');

    const relay = await call(t.app, officer1, { method: 'POST', url: `/api/cap-incoming/${msg.id}/relay`, payload: { program: 'preliminary' } });
    expect(relay.statusCode, relay.body).toBe(201);
    const alertId = relay.json().alertId;
    const alert = (await call(t.app, officer1, { method: 'GET', url: `/api/alerts/${alertId}` })).json();
    expect(alert).toMatchObject({ state: 'awaiting_confirmation', kind: 'disaster', program: 'preliminary', area: { regionCodes: [FIXTURE.countyA] }, areaDesc: '崇川区' });
    expect(alert.headline).toBe('【转发】南通市气象台：南通市气象台发布暴雨红色预警');
    expect(alert.messageZh).toContain('100毫米');
    // The relaying officer cannot confirm it: the two-person rule of the alerts module holds.
    expect((await call(t.app, officer1, { method: 'POST', url: `/api/alerts/${alertId}/confirm`, payload: { version: 1 } })).json().code).toBe('ALERTS_SAME_PERSON');
    const again = await call(t.app, officer2, { method: 'POST', url: `/api/cap-incoming/${msg.id}/relay`, payload: { program: 'preliminary' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CAP_INGEST_ALREADY_RELAYED');
  });

  it('relays a message that gives its area only as a polygon as an alert for that drawn area', async () => {
    const drawn = (id: string, ring: string) => weather(id).replace(/<geocode>.*<\/geocode>/, `<polygon>${ring}</polygon>`);
    expect((await push(key, drawn('QX-POLY-1', '31.99,120.86 31.99,120.88 32.01,120.88 32.01,120.86 31.99,120.86'))).statusCode).toBeLessThan(300);
    // Partly over the gap between the districts' outlines: not the officer's to sound.
    expect((await push(key, drawn('QX-POLY-2', '32.0,120.9 32.0,121.05 32.05,121.05 32.05,120.9 32.0,120.9'))).statusCode).toBeLessThan(300);
    const items = (await call(t.app, officer1, { method: 'GET', url: '/api/cap-incoming?pageSize=50' })).json().items as Array<{ id: number; identifier: string }>;
    const inside = items.find((m) => m.identifier === 'QX-POLY-1')!;
    const relay = await call(t.app, officer1, { method: 'POST', url: `/api/cap-incoming/${inside.id}/relay`, payload: { program: 'preliminary' } });
    expect(relay.statusCode, relay.body).toBe(201);
    const alert = (await call(t.app, officer1, { method: 'GET', url: `/api/alerts/${relay.json().alertId}` })).json();
    expect(alert).toMatchObject({ areaDesc: '崇川区内划定区域', area: { polygon: { type: 'Polygon', coordinates: [[[120.86, 31.99], [120.88, 31.99], [120.88, 32.01], [120.86, 32.01], [120.86, 31.99]]] } } });
    const across = items.find((m) => m.identifier === 'QX-POLY-2')!;
    const refused = await call(t.app, officer1, { method: 'POST', url: `/api/cap-incoming/${across.id}/relay`, payload: { program: 'preliminary' } });
    expect(refused.json().code).toBe('CAP_INGEST_AREA_REQUIRED');
  });

  it('refuses to relay a Cancel, and asks for an area when the message names no region code', async () => {
    const list = (await call(t.app, officer1, { method: 'GET', url: '/api/cap-incoming?pageSize=50' })).json().items as Array<{ id: number; msgType: string; identifier: string }>;
    const cancel = list.find((m) => m.msgType === 'Cancel')!;
    expect((await call(t.app, officer1, { method: 'POST', url: `/api/cap-incoming/${cancel.id}/relay`, payload: { program: 'air_raid' } })).json().code).toBe('CAP_INGEST_NOT_RELAYABLE');
    const australia = list.find((m) => m.msgType === 'Alert' && m.identifier !== 'QX-FEED-1')!;
    const res = await call(t.app, officer1, { method: 'POST', url: `/api/cap-incoming/${australia.id}/relay`, payload: { program: 'air_raid' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('CAP_INGEST_AREA_REQUIRED');
  });
});
