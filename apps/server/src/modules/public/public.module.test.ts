/**
 * The public app's API on a real database: the nearest shelters from the in-memory index (the same answer as
 * PostGIS KNN), kept current by the works module's events; alert mode; peacetime places; caching headers,
 * revalidation and the rate limit; the live alert stream pushing an alert issued while it is open.
 */
import type { AddressInfo } from 'node:net';
import { chinaMinuteOfDay } from '@civdef/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, type Session, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let manager: Session;
let code = 0;

/** Works the tests create: public, in use, far from the fixture's works unless placed. */
const body = (over: Record<string, unknown>) => ({
  code: `PUB-${++code}`, name: `公众测试工程 ${code}`, address: `南通市测试路 ${code} 号`, regionCode: FIXTURE.townA, location: [120.95, 32.1],
  constructionForm: 'attached', parentProject: '测试项目', workClass: 'personnel', subtype: 'class2', protectionGrade: 'N6', chemicalGrade: 'C',
  yearBuilt: 2015, isPublic: true, contactName: '王五', contactPhone: '13800000000', owner: '某业主', managementUnit: '某物业',
  units: [{ name: '1号防护单元', grossAreaM2: 1000, protectedAreaM2: 900, shelterAreaM2: 800, blastUnits: 2, parkingSpaces: 30 }],
  entrances: [{ location: [120.9503, 32.1], kind: 'main', widthM: 3 }],
  ...over,
});

async function createWork(over: Record<string, unknown>): Promise<{ id: number; version: number }> {
  const res = await call(t.app, manager, { method: 'POST', url: '/api/works', payload: body(over) });
  expect(res.statusCode, res.body).toBe(201);
  const w = res.json();
  // Into service: works are created as approved, and only registered or in-use works are public.
  for (const to of ['under_construction', 'quality_supervision', 'acceptance_filed', 'registered', 'in_use']) {
    const r = await call(t.app, manager, { method: 'POST', url: `/api/works/${w.id}/transitions`, payload: { to, version: w.version, reason: 'test', approvalRef: 'A-1' } });
    expect(r.statusCode, r.body).toBe(200);
    w.version = r.json().version;
  }
  return { id: w.id, version: w.version };
}

const until = async (what: () => Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};
const nearest = async (q: string) => (await call(t.app, null, { method: 'GET', url: `/api/public/shelters/nearest?${q}` })).json();


beforeAll(async () => {
  // With the embedded broker: issuing an alert commands the area's sirens, which needs a control network.
  t = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' }, { broker: true });
  manager = (await givenSession(t, { roles: ['works_manager'] })).session;
});
afterAll(() => t.close());

describe('nearest shelters', () => {
  it('answers from the index with the walk to the nearest entrance, whitelisted, the same as PostGIS KNN', async () => {
    const res = await call(t.app, null, { method: 'GET', url: '/api/public/shelters/nearest?lng=120.8705&lat=32.0005&limit=3' });
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json();
    expect(a.mode).toBe('normal');
    expect(a.warningMinutes).toBeNull();
    const first = a.items[0];
    expect(first.name).toBe('RF-A-001 防空地下室');
    // Nearest entrance: the main one 0.0003° east of the work's point.
    expect(first.entrance).toEqual({ kind: 'main', nameZh: '主要出入口', nameEn: 'main entrance', location: [120.8703, 32] });
    expect(first.distanceM).toBeGreaterThan(40);
    expect(first.distanceM).toBeLessThan(70);
    expect(Math.abs(first.walkM - first.distanceM * 1.3)).toBeLessThanOrEqual(1);
    expect(first.hint.zh).toMatch(/^向.+步行约 \d+ 米，到主要出入口$/);
    expect(first).toMatchObject({ capacity: 1500, openState: 'open', shelterOpen: true, fitsWarning: null, location: [120.87, 32] });
    const db = (await call(t.app, null, { method: 'GET', url: '/api/public/shelters/nearest-db?lng=120.8705&lat=32.0005&limit=3' })).json();
    expect(db.items.map((i: { id: number }) => i.id)).toEqual(a.items.map((i: { id: number }) => i.id));
    expect(db.items.map((i: { distanceM: number }) => i.distanceM)).toEqual(a.items.map((i: { distanceM: number }) => i.distanceM));
  });

  it('follows the works registry: a new public work appears, an edit moves it, leaving the public hides it', async () => {
    const w = await createWork({ location: [120.99, 32.2], entrances: [{ location: [120.9902, 32.2], kind: 'main', widthM: 3 }] });
    await until(async () => (await nearest('lng=120.99&lat=32.2&limit=1')).items[0]?.id === w.id);
    const there = '/api/public/shelters/nearest?lng=120.6&lat=32.3&limit=1';
    const etagBefore = (await call(t.app, null, { method: 'GET', url: there })).headers.etag;
    const moved = await call(t.app, manager, { method: 'PATCH', url: `/api/works/${w.id}`, payload: { version: w.version, location: [120.6, 32.3], entrances: [] } });
    expect(moved.statusCode, moved.body).toBe(200);
    // The work may already be the nearest to its new place from where it was: wait for the move itself.
    const movedThere = async () => {
      const first = (await nearest('lng=120.6&lat=32.3&limit=1')).items[0];
      return first?.id === w.id && first.location[0] === 120.6 && first.location[1] === 32.3;
    };
    await until(movedThere);
    expect((await nearest('lng=120.6&lat=32.3&limit=1')).items[0].entrance).toBeNull();
    // The answer there changed, so its validator did: a phone holding the old answer is not told 304.
    const after = await call(t.app, null, { method: 'GET', url: there, headers: { 'if-none-match': String(etagBefore) } });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etagBefore);
    const hidden = await call(t.app, manager, { method: 'PATCH', url: `/api/works/${w.id}`, payload: { version: moved.json().version, isPublic: false } });
    expect(hidden.statusCode, hidden.body).toBe(200);
    await until(async () => (await nearest('lng=120.6&lat=32.3&limit=1')).items[0]?.id !== w.id);
    expect((await call(t.app, null, { method: 'GET', url: `/api/public/shelters/${w.id}` })).json().code).toBe('PUBLIC_SHELTER_NOT_FOUND');
  });

  it('in alert mode puts the works that take people in first and says whether the walk fits', async () => {
    const medical = await createWork({ workClass: 'medical', subtype: null, location: [120.5, 31.8], entrances: [] });
    const shelter = await createWork({ location: [120.52, 31.8], entrances: [] });
    // Both new works indexed (each is reloaded after its own commit; a fixture work fills the list until then).
    await until(async () => (await nearest('lng=120.5&lat=31.8&limit=2')).items.map((i: { id: number }) => i.id).join() === `${medical.id},${shelter.id}`);
    const normal = await nearest('lng=120.5&lat=31.8&limit=2');
    expect(normal.items.map((i: { id: number }) => i.id)).toEqual([medical.id, shelter.id]);
    expect(normal.items[0].shelterOpen).toBe(false);
    const alert = await nearest('lng=120.5&lat=31.8&limit=2&mode=alert&warningMinutes=15');
    expect(alert).toMatchObject({ mode: 'alert', warningMinutes: 15 });
    // Shelters first: the fixture's shelter 40 km away ranks before the medical works next door.
    expect(alert.items[0].id).toBe(shelter.id);
    expect(alert.items.every((i: { shelterOpen: boolean }) => i.shelterOpen)).toBe(true);
    expect((await nearest('lng=120.5&lat=31.8&limit=10&mode=alert')).items.at(-1).id).toBe(medical.id);
    // 1.9 km straight, ≈ 2.5 km on foot: 35 minutes, more than 15.
    expect(alert.items[0].fitsWarning).toBe(false);
    expect((await nearest('lng=120.52&lat=31.8&limit=1&mode=alert')).items[0]).toMatchObject({ id: shelter.id, fitsWarning: true });
    expect((await nearest('lng=120.52&lat=31.8&limit=1&mode=alert')).warningMinutes).toBe(10);
  });

  it('refuses a point outside China naming the field', async () => {
    const res = await call(t.app, null, { method: 'GET', url: '/api/public/shelters/nearest?lng=2.35&lat=48.85', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toContain('lng');
  });
});

describe('the public whitelist on live answers', () => {
  const NEAREST_KEYS = ['address', 'capacity', 'distanceM', 'district', 'entrance', 'entranceCount', 'fitsWarning', 'hint', 'id', 'location', 'name', 'openState',
    'shelterOpen', 'walkM', 'walkMinutes'];
  const DETAIL_KEYS = ['address', 'capacity', 'district', 'entrances', 'id', 'location', 'name', 'openState', 'shelterOpen'];
  const ENTRANCE_KEYS = ['kind', 'location', 'nameEn', 'nameZh'];
  const PLACE_KEYS = ['address', 'cooling', 'distanceM', 'district', 'evChargers', 'id', 'location', 'name', 'parking', 'walkMinutes'];
  // What the registry holds about the fixture's works and the works made here, that the public must never get.
  const FORBIDDEN = ['N6', 'class2', '王五', '13800000000', '某业主', '某物业', '住宅项目', 'protection', 'contact', 'subtype', 'regionCode', 'wartime'];

  it('names every field of every answer, and no internal value appears in any', async () => {
    const get = async (url: string) => {
      const res = await call(t.app, null, { method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(FORBIDDEN.filter((f) => res.body.includes(f)), url).toEqual([]);
      return res.json();
    };
    for (const url of ['/api/public/shelters/nearest?lng=120.87&lat=32&limit=10', '/api/public/shelters/nearest-db?lng=120.87&lat=32&limit=10&mode=alert']) {
      const a = await get(url);
      expect(Object.keys(a).sort()).toEqual(['dataVersion', 'items', 'mode', 'warningMinutes']);
      expect(a.items.length).toBeGreaterThan(0);
      for (const item of a.items) {
        expect(Object.keys(item).sort()).toEqual(NEAREST_KEYS);
        expect(Object.keys(item.hint).sort()).toEqual(['en', 'zh']);
        // A work with no entrance on record is measured to its point: no entrance to name.
        expect(item.entrance === null).toBe(item.entranceCount === 0);
        if (item.entrance) expect(Object.keys(item.entrance).sort()).toEqual(ENTRANCE_KEYS);
        // The detail holds the list the answer counted, the nearest entrance among them.
        const one = await get(`/api/public/shelters/${item.id}`);
        expect(Object.keys(one).sort()).toEqual(DETAIL_KEYS);
        expect(one.entrances).toHaveLength(item.entranceCount);
        for (const e of one.entrances) expect(Object.keys(e).sort()).toEqual(ENTRANCE_KEYS);
        if (item.entrance) expect(one.entrances).toContainEqual(item.entrance);
      }
    }
    for (const kind of ['parking', 'cooling', 'ev']) {
      const a = await get(`/api/public/places?kind=${kind}&lng=120.87&lat=32`);
      expect(Object.keys(a).sort()).toEqual(['dataVersion', 'items', 'kind', 'total']);
      for (const item of a.items) {
        expect(Object.keys(item).sort()).toEqual(PLACE_KEYS);
        if (item.parking) expect(Object.keys(item.parking).sort()).toEqual(['feePerHourYuan', 'hours', 'publicSpaces', 'totalSpaces']);
        if (item.cooling) expect(Object.keys(item.cooling).sort()).toEqual(['capacity', 'facilities', 'hours', 'inSeason', 'seasonEnd', 'seasonStart']);
      }
    }
    // The map's district outlines: each district's code, name and the point its name is written at.
    const d = await get('/api/public/districts');
    expect(Object.keys(d).sort()).toEqual(['features', 'type']);
    expect(d.features.length).toBeGreaterThan(0);
    for (const f of d.features) {
      expect(Object.keys(f).sort()).toEqual(['geometry', 'id', 'properties', 'type']);
      expect(Object.keys(f.properties).sort()).toEqual(['code', 'labelAt', 'name']);
    }
  });
});

describe('district outlines for the public map', () => {
  it('gives every district of the city, each with a point inside it for its name', async () => {
    const d = (await call(t.app, null, { method: 'GET', url: '/api/public/districts' })).json();
    const counties = await t.db.query<{ code: string }>(`SELECT code FROM region_boundary WHERE code LIKE '3206%' ORDER BY code`);
    expect(d.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(counties.rows.map((r) => r.code));
    for (const f of d.features as Array<{ properties: { code: string; labelAt: [number, number] } }>) {
      const [lng, lat] = f.properties.labelAt;
      const inside = await t.db.query<{ inside: boolean }>(
        `SELECT ST_Contains(geom, ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)) AS inside FROM region_boundary WHERE code = $3`, [lng, lat, f.properties.code]);
      expect(inside.rows[0]?.inside, f.properties.code).toBe(true);
    }
  });
});

describe('peacetime places', () => {
  it('lists parking, cooling spots and EV charging by distance or by words', async () => {
    await createWork({
      name: '星光广场人防纳凉点', location: [120.7, 31.9], entrances: [],
      peacetimeUse: { coolingSpot: { seasonStart: '01-01', seasonEnd: '12-31', hours: '9:00-21:00', capacity: 80, facilities: ['座椅', '饮水'] }, evChargers: 6 },
    });
    await until(async () => (await call(t.app, null, { method: 'GET', url: '/api/public/places?kind=cooling&q=星光' })).json().total === 1);
    const cooling = (await call(t.app, null, { method: 'GET', url: '/api/public/places?kind=cooling&q=星光' })).json();
    expect(cooling.items[0]).toMatchObject({
      name: '星光广场人防纳凉点', distanceM: null, parking: null, evChargers: 6,
      cooling: { seasonStart: '01-01', seasonEnd: '12-31', hours: '9:00-21:00', capacity: 80, facilities: ['座椅', '饮水'], inSeason: true },
    });
    const ev = (await call(t.app, null, { method: 'GET', url: '/api/public/places?kind=ev&lng=120.7&lat=31.9&limit=1' })).json();
    expect(ev.items[0]).toMatchObject({ name: '星光广场人防纳凉点', distanceM: 0, walkMinutes: 1 });
    const parking = (await call(t.app, null, { method: 'GET', url: '/api/public/places?kind=parking&q=RF-A-001' })).json();
    expect(parking.items).toHaveLength(1);
    expect(parking.items[0].parking).toEqual({ totalSpaces: 50, publicSpaces: 20, feePerHourYuan: 3, hours: null });
    expect((await call(t.app, null, { method: 'GET', url: '/api/public/places?kind=parking&q=没有这个地方' })).json()).toMatchObject({ total: 0, items: [] });
  });
});

describe('parking hours', () => {
  it('shows a garage\'s hours and, asked for what is open now, leaves out the closed and the unknown', async () => {
    // Hours around this minute in China (a window that ends before now is closed, one round the clock is open).
    const hhmm = (m: number) => `${String(Math.floor((((m % 1440) + 1440) % 1440) / 60)).padStart(2, '0')}:${String((((m % 1440) + 1440) % 1440) % 60).padStart(2, '0')}`;
    const now = chinaMinuteOfDay(new Date());
    const closed = `${hhmm(now + 120)}-${hhmm(now + 180)}`;
    const open = await createWork({ name: '开放时间测试车库甲', location: [121.2, 32.3], entrances: [], peacetimeUse: { parking: { total: 40, publicSpaces: 40, hours: '00:00-24:00' } } });
    await createWork({ name: '开放时间测试车库乙', location: [121.2, 32.301], entrances: [], peacetimeUse: { parking: { total: 40, publicSpaces: 10, hours: closed } } });
    await createWork({ name: '开放时间测试车库丙', location: [121.2, 32.302], entrances: [], peacetimeUse: { parking: { total: 40, publicSpaces: 10 } } });
    const all = async (extra: string) => (await call(t.app, null, { method: 'GET', url: `/api/public/places?kind=parking&q=开放时间测试车库${extra}` })).json();
    await until(async () => (await all('')).total === 3);
    expect(new Set((await all('')).items.map((i: { parking: { hours: string | null } }) => i.parking.hours))).toEqual(new Set(['00:00-24:00', null, closed]));
    const openNow = await all('&open=true');
    expect(openNow.items.map((i: { id: number }) => i.id)).toEqual([open.id]);
    // The registry keeps the rule: hours must be HH:MM-HH:MM.
    const bad = await call(t.app, manager, { method: 'POST', url: '/api/works', payload: body({ peacetimeUse: { parking: { total: 1, hours: '全天' } } }), headers: { 'accept-language': 'en' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('peacetimeUse.parking.hours');
  });
});

describe('caching and limits', () => {
  it('sends ETag and Cache-Control with stale-while-revalidate on every public answer, and 304 on a match', async () => {
    const shelter = (await nearest('lng=120.87&lat=32')).items[0].id;
    for (const url of ['/api/public/shelters/nearest?lng=120.87&lat=32', `/api/public/shelters/${shelter}`, '/api/public/places?kind=parking', '/api/public/alerts', '/api/public/districts']) {
      const res = await call(t.app, null, { method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toBe('application/json; charset=utf-8');
      expect(Number(res.headers['content-length']), url).toBe(res.rawPayload.length);
      expect(res.headers['cache-control'], url).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
      const etag = res.headers.etag as string;
      expect(etag, url).toMatch(/^"[^"]+"$/);
      const again = await call(t.app, null, { method: 'GET', url, headers: { 'if-none-match': etag } });
      expect(again.statusCode, url).toBe(304);
      expect(again.body).toBe('');
    }
  });

  it('limits each client address per minute with 429 RATE_LIMITED', async () => {
    const small = await createTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await small.app.inject({ method: 'GET', url: '/api/public/places?kind=ev' })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const res = await small.app.inject({ method: 'GET', url: '/api/public/alerts', headers: { 'accept-language': 'en' } });
      expect(res.statusCode).toBe(429);
      expect(res.json().code).toBe('RATE_LIMITED');
      // Signed-in console routes are not limited by it.
      expect((await small.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await small.close();
    }
  });
});

describe('alert stream', () => {
  it('pushes an alert issued while the stream is open', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as AddressInfo).port;
    const controller = new AbortController();
    let text = '';
    let read: Promise<void> = Promise.resolve();
    try {
      const plain = await fetch(`http://127.0.0.1:${port}/api/public/alerts/stream`, { headers: { 'accept-language': 'en' } });
      expect(plain.status).toBe(406);
      expect(((await plain.json()) as { message: string }).message).toContain('Accept must include text/event-stream');
      const res = await fetch(`http://127.0.0.1:${port}/api/public/alerts/stream`, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = res.body!.getReader();
      read = (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          text += new TextDecoder().decode(value);
        }
      })().catch(() => undefined);
      const o1 = (await givenSession(t, { roles: ['duty_officer'] })).session;
      const o2 = (await givenSession(t, { roles: ['duty_officer'] })).session;
      const draft = await call(t.app, o1, { method: 'POST', url: '/api/alerts', payload: {
        kind: 'exercise', program: 'air_raid', area: { regionCodes: [FIXTURE.countyA] }, headline: '崇川区防空演习', messageZh: '这是一次演习。',
      } });
      expect(draft.statusCode, draft.body).toBe(201);
      expect(text).not.toContain('event: alert');
      const sent = await call(t.app, o2, { method: 'POST', url: `/api/alerts/${draft.json().id}/confirm`, payload: { version: 1 } });
      expect(sent.statusCode, sent.body).toBe(200);
      await until(async () => text.includes('event: alert'));
      const data = JSON.parse(text.split('event: alert\ndata: ')[1]!.split('\n')[0]!);
      expect(data).toMatchObject({ headline: '崇川区防空演习', status: 'Exercise', msgType: 'Alert', areaDesc: '崇川区' });
      expect(Object.keys(data).sort()).toEqual(['areaDesc', 'capUrl', 'description', 'descriptionEn', 'event', 'headline', 'identifier', 'instruction', 'msgType',
        'polygon', 'references', 'regionCodes', 'sent', 'status']);
    } finally {
      controller.abort();
      await read;
    }
  });
});
