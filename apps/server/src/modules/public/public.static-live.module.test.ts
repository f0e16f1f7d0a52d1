/**
 * The static export the server keeps current (PUBLIC_STATIC_DIR), on a real database: written once the index is
 * loaded, then following the works registry — a new public work appears in its tile with the API's fields, an edit
 * rewrites it, leaving the public takes it out — and the alert files follow a published alert.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { tileOf } from '@civdef/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, type Session, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let manager: Session;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-live-static-'));

const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
const tileOfWork = (lng: number, lat: number) => {
  const { z, x, y } = tileOf(lng, lat);
  return `tiles/${z}/${x}/${y}.json`;
};
const shelterIn = (file: string, id: number) => (fs.existsSync(path.join(dir, file)) ? read(file).shelters.find((s: { id: number }) => s.id === id) : undefined);
const until = async (what: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

beforeAll(async () => {
  // With the embedded broker: confirming an alert commands its area's sirens.
  t = await createTestApp({ PUBLIC_STATIC_DIR: dir }, { broker: true });
  manager = (await givenSession(t, { roles: ['works_manager'] })).session;
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the static export kept by the server', () => {
  it('is written at start and follows each work into, around and out of the public tiles', async () => {
    await until(() => fs.existsSync(path.join(dir, 'manifest.json')));
    const before = read('manifest.json');
    const location = [120.97, 32.15] as const;
    const created = await call(t.app, manager, { method: 'POST', url: '/api/works', payload: {
      code: 'LIVE-1', name: '静态导出测试工程', address: '南通市测试路 1 号', regionCode: FIXTURE.townA, location, constructionForm: 'attached',
      parentProject: '测试项目', workClass: 'personnel', subtype: 'class2', protectionGrade: 'N6', chemicalGrade: 'C', yearBuilt: 2015, isPublic: true,
      contactName: '王五', contactPhone: '13800000000', owner: '某业主', managementUnit: '某物业',
      units: [{ name: '1号防护单元', grossAreaM2: 1000, protectedAreaM2: 900, shelterAreaM2: 800, blastUnits: 2, parkingSpaces: 30 }],
      entrances: [{ location: [120.9703, 32.15], kind: 'main', widthM: 3 }],
    } });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: number }).id;
    let version = (created.json() as { version: number }).version;
    // Only registered or in-use works are public.
    for (const to of ['under_construction', 'quality_supervision', 'acceptance_filed', 'registered', 'in_use']) {
      const r = await call(t.app, manager, { method: 'POST', url: `/api/works/${id}/transitions`, payload: { to, version, reason: 'test', approvalRef: 'A-1' } });
      expect(r.statusCode, r.body).toBe(200);
      version = r.json().version;
    }
    const file = tileOfWork(...location);
    // The public API's whitelist, as the server's own answer for the shelter gives it. The work is public from
    // 'registered' on, so both the index (reloaded once each writer's transaction has ended) and a sync may have seen
    // a state between two transitions: each is waited for until it holds the last one (in use: open).
    const publicDetail = async () => (await call(t.app, null, { method: 'GET', url: `/api/public/shelters/${id}` })).json();
    await expect.poll(async () => (await publicDetail()).openState, { timeout: 10_000, interval: 25 }).toBe('open');
    const detail = await publicDetail();
    await expect.poll(() => shelterIn(file, id), { timeout: 10_000, interval: 25 }).toEqual(detail);
    // The manifest is written last, once the tiles of its version are in place.
    await until(() => read('manifest.json').version !== before.version);
    expect(read('manifest.json').works).toBe(before.works + 1);

    // (That an edit rewrites only the tiles holding the work is public.static.test.ts's: the fixture's few works are
    // in every tile's nearest five.)
    const renamed = await call(t.app, manager, { method: 'PATCH', url: `/api/works/${id}`, payload: { version, name: '静态导出测试工程（改）' } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    version = renamed.json().version;
    await until(() => shelterIn(file, id)?.name === '静态导出测试工程（改）');
    expect(zlib.gunzipSync(fs.readFileSync(path.join(dir, `${file}.gz`))).toString('utf8')).toBe(fs.readFileSync(path.join(dir, file), 'utf8'));

    const hidden = await call(t.app, manager, { method: 'PATCH', url: `/api/works/${id}`, payload: { version, isPublic: false } });
    expect(hidden.statusCode, hidden.body).toBe(200);
    await until(() => shelterIn(file, id) === undefined);
    // Operators see it in /metrics: no failed sync, the files written so far.
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/civdef_public_static_total\{what="failed"\} 0\b/);
    expect(Number(/civdef_public_static_total\{what="written"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(read('manifest.json').tiles);
  });

  it('writes a published alert into the alert files', async () => {
    await until(() => fs.existsSync(path.join(dir, 'alerts', 'active.json')));
    const o1 = (await givenSession(t, { roles: ['duty_officer'] })).session;
    const o2 = (await givenSession(t, { roles: ['duty_officer'] })).session;
    const draft = await call(t.app, o1, { method: 'POST', url: '/api/alerts', payload: {
      kind: 'exercise', program: 'air_raid', area: { regionCodes: [FIXTURE.countyA] }, headline: '静态导出演习', messageZh: '这是一次演习。',
    } });
    expect(draft.statusCode, draft.body).toBe(201);
    const sent = await call(t.app, o2, { method: 'POST', url: `/api/alerts/${draft.json().id}/confirm`, payload: { version: 1 } });
    expect(sent.statusCode, sent.body).toBe(200);
    await until(() => read('alerts/active.json').active?.headline === '静态导出演习');
    expect(read('alerts/recent.json').items[0]).toMatchObject({ headline: '静态导出演习', status: 'Exercise', msgType: 'Alert' });
    // The manifest is written after the alert files: it counts them once it is.
    await until(() => read('manifest.json').alerts.count > 0);
  });
});
