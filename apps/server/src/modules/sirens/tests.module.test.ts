/**
 * A 试鸣 campaign on the real embedded broker with simulated terminals: scheduled, run now, its two signals sent
 * through the signed control path a second apart, observers' reports, then closed — each siren's result fixed
 * (a terminal that never answered fails and gets a fault ticket; a siren without a terminal is working only if
 * someone heard it), the share working, the workbook, and the comparison with the campaign closed before.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { Database } from '../../db/index.ts';
import { startMessaging, type Messaging } from '../../plugins/messaging.ts';
import { SimulatedTerminal } from '../../sim/siren-terminal.ts';
import { FIXTURE, call, givenSession, openTestDatabase, seedFixture, testConfig, type Session } from '../../test/harness.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;

let db: Database;
let drop: () => Promise<void>;
let messaging: Messaging;
let app: FastifyInstance;
let duty: Session;
const terminals: SimulatedTerminal[] = [];
const ids: Record<string, number> = {};

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
  await seedFixture(db);
  const overrides = { MQTT_EMBEDDED_PORT: '0', SIREN_ACK_TIMEOUT_MS: '400', SIREN_COMMAND_RETRIES: '1', SIREN_COMMAND_TTL_SECONDS: '60' };
  messaging = await startMessaging(testConfig(overrides), quiet);
  app = await buildApp(testConfig(overrides), { db, messaging });
  await app.ready();
  const t = { app, db };
  const manager = (await givenSession(t, { roles: ['siren_manager'] })).session;
  duty = (await givenSession(t, { roles: ['duty_officer'] })).session;
  const url = `mqtt://127.0.0.1:${messaging.embeddedPort}`;
  for (const code of ['JB-A-01', 'JB-B-01']) {
    ids[code] = (await db.query<{ id: number }>('SELECT id FROM siren WHERE code = $1', [code])).rows[0]!.id;
    const key = (await call(app, manager, { method: 'POST', url: `/api/sirens/${ids[code]}/terminal-key` })).json();
    // A plays (fast); B is off the air.
    terminals.push(await SimulatedTerminal.start({ url, terminalId: key.terminalId, key: key.key, timeScale: 0.0005, silent: code === 'JB-B-01' }));
  }
  // Two hand-operated sirens: one an observer will hear, one nobody reports on.
  for (const [code, lng] of [['JB-A-M1', 120.9], ['JB-A-M2', 120.95]] as const) {
    const res = await call(app, manager, { method: 'POST', url: '/api/sirens', payload: {
      code, name: code, regionCode: FIXTURE.townA, location: [lng, 32.0], kind: 'manual', controlChannel: 'manual',
    } });
    expect(res.statusCode, res.body).toBe(201);
    ids[code] = res.json().id;
  }
});
afterAll(async () => {
  for (const t of terminals) await t.stop();
  await app?.close();
  await messaging?.close();
  await drop?.();
});

const until = async (what: () => Promise<boolean> | boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};
const inAnHour = (s = 0) => new Date(Date.now() + 3_600_000 + s * 1000).toISOString();
const get = async (id: number) => (await call(app, duty, { method: 'GET', url: `/api/siren-tests/${id}` })).json();
const target = { regionCodes: [FIXTURE.countyA, FIXTURE.countyB] };

describe('test days (试鸣)', () => {
  let testId: number;

  it('refuses steps out of order or in the past, naming the step', async () => {
    const order = await call(app, duty, { method: 'POST', url: '/api/siren-tests', headers: { 'accept-language': 'en' }, payload: {
      name: 'x', target, steps: [{ program: 'preliminary', at: inAnHour(10) }, { program: 'air_raid', at: inAnHour(5) }],
    } });
    expect(order.statusCode).toBe(400);
    expect(order.json()).toMatchObject({ code: 'SIRENS_TEST_STEPS_ORDER', message: expect.stringContaining('steps[1].at') });
    const past = await call(app, duty, { method: 'POST', url: '/api/siren-tests', payload: {
      name: 'x', target, steps: [{ program: 'preliminary', at: new Date(Date.now() - 3_600_000).toISOString() }],
    } });
    expect(past.json().code).toBe('SIRENS_TEST_STEP_PAST');
    const outside = await call(app, (await givenSession({ app, db }, { roles: ['duty_officer'], regionCode: FIXTURE.countyB })).session, {
      method: 'POST', url: '/api/siren-tests', payload: { name: 'x', target, steps: [{ program: 'preliminary', at: inAnHour() }] },
    });
    expect(outside.json().code).toBe('SIRENS_COMMAND_TARGET_UNKNOWN');
  });

  it('schedules a campaign and, run now, sends its signals through the signed path a second apart', async () => {
    const res = await call(app, duty, { method: 'POST', url: '/api/siren-tests', payload: {
      name: '2026年“9·18”防空警报试鸣', target, steps: [{ program: 'preliminary', at: inAnHour() }, { program: 'air_raid', at: inAnHour(1) }],
    } });
    expect(res.statusCode, res.body).toBe(201);
    testId = res.json().id;
    expect(res.json()).toMatchObject({ state: 'scheduled', version: 1, summary: null, results: [] });
    expect(res.json().steps.map((s: { issuedAt: string | null }) => s.issuedAt)).toEqual([null, null]);

    const run = await call(app, duty, { method: 'POST', url: `/api/siren-tests/${testId}/run`, payload: { version: 1 } });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json()).toMatchObject({ state: 'running' });
    expect(run.json().steps[0].issuedAt).not.toBeNull();
    await until(async () => (await get(testId)).steps[1].issuedAt !== null);
    const [a] = terminals;
    await until(() => a!.sounded.length === 2);
    expect(a!.sounded.map((s) => s.program)).toEqual(['preliminary', 'air_raid']);
    const steps = (await get(testId)).steps;
    expect(a!.sounded.map((s) => s.id)).toEqual(steps.map((s: { commandId: string }) => s.commandId));
    // B never answers: each step's command shows it failed; the hand-operated sirens are skipped (someone must go there).
    await until(async () => (await get(testId)).steps.every((s: { counts: Record<string, number> }) => s.counts.failed === 1 && s.counts.finished === 1));
    expect((await get(testId)).steps[0].counts).toEqual({ finished: 1, failed: 1, skipped: 2 });
  });

  it('takes observers\' reports for a siren of the test, or the nearest one to where they stand', async () => {
    const heardA = await call(app, duty, { method: 'POST', url: `/api/siren-tests/${testId}/observations`, payload: { sirenId: ids['JB-A-01'], result: 'heard', location: [120.872, 32.002] } });
    expect(heardA.statusCode, heardA.body).toBe(201);
    const near = await call(app, duty, { method: 'POST', url: `/api/siren-tests/${testId}/observations`, payload: { result: 'heard', location: [120.901, 32.0], note: '清晰' } });
    expect(near.statusCode, near.body).toBe(201);
    const obs = near.json().observations;
    expect(obs[0]).toMatchObject({ sirenCode: 'JB-A-M1', result: 'heard', note: '清晰' });
    expect(obs[0].distanceM).toBeGreaterThan(50);
    expect(obs[0].distanceM).toBeLessThan(150);
    expect(obs[1]).toMatchObject({ sirenCode: 'JB-A-01' });
    const where = await call(app, duty, { method: 'POST', url: `/api/siren-tests/${testId}/observations`, payload: { result: 'heard' } });
    expect(where.json().code).toBe('SIRENS_TEST_OBSERVATION_WHERE');
    const other = await call(app, duty, { method: 'POST', url: `/api/siren-tests/${testId}/observations`, payload: { sirenId: 2_000_000, result: 'heard' } });
    expect(other.json()).toMatchObject({ code: 'SIRENS_TEST_SIREN_NOT_IN_TEST' });
    // A field inspector may report (past the permission check to the rules of the report), without remote control; a
    // viewer may not.
    const inspector = (await givenSession({ app, db }, { roles: ['inspector'] })).session;
    expect((await call(app, inspector, { method: 'POST', url: `/api/siren-tests/${testId}/observations`, payload: { result: 'heard' } })).json().code).toBe('SIRENS_TEST_OBSERVATION_WHERE');
    expect((await call(app, inspector, { method: 'POST', url: `/api/siren-tests/${testId}/run`, payload: { version: 1 } })).statusCode).toBe(403);
    const viewer = (await givenSession({ app, db }, { roles: ['viewer'] })).session;
    expect((await call(app, viewer, { method: 'POST', url: `/api/siren-tests/${testId}/observations`, payload: { result: 'heard' } })).statusCode).toBe(403);
  });

  it('closes the campaign: each siren\'s result fixed, failures ticketed once, the share working, the workbook', async () => {
    const version = (await get(testId)).version;
    const res = await call(app, duty, { method: 'POST', url: `/api/siren-tests/${testId}/finish`, payload: { version } });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.state).toBe('finished');
    expect(d.summary).toMatchObject({ total: 4, working: 2, weak: 0, failed: 1, unverified: 1, workingPercent: 50, verifiedWorkingPercent: 66.7, faultTickets: 1, previous: null });
    expect(d.results.map((r: { sirenCode: string; outcome: string }) => `${r.sirenCode}:${r.outcome}`)).toEqual(['JB-B-01:failed', 'JB-A-M2:unverified', 'JB-A-01:working', 'JB-A-M1:working']);
    const failed = d.results[0];
    // The cause in each language apart: the report prints the Chinese, the English console shows the English.
    expect([failed.cause, failed.causeEn]).toEqual(['预先警报：终端无应答', 'Preliminary warning: no answer from the terminal']);
    expect(failed.faultId).toEqual(expect.any(Number));
    const fault = (await call(app, duty, { method: 'GET', url: `/api/siren-faults/${failed.faultId}` })).json();
    expect(fault).toMatchObject({ category: 'communication', state: 'reported', description: '2026年“9·18”防空警报试鸣：预先警报：终端无应答' });
    expect((await call(app, duty, { method: 'GET', url: `/api/sirens/${ids['JB-B-01']}` })).json().status).toBe('fault');
    const again = await call(app, duty, { method: 'POST', url: `/api/siren-tests/${testId}/finish`, payload: { version: d.version } });
    expect(again.json().code).toBe('SIRENS_TEST_WRONG_STATE');

    const xlsx = await call(app, duty, { method: 'GET', url: `/api/siren-tests/${testId}/report.xlsx` });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('警报器')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '编号', '名称', '区划', '结果', '原因', '1. 预先警报', '2. 空袭警报', '听到', '声音弱', '未听到', '故障工单', '上次结果']);
    expect((sheet.getRow(2).values as unknown[]).slice(1, 6)).toEqual(['JB-B-01', '通州 1 号', expect.any(String), '故障', '预先警报：终端无应答']);
    expect(sheet.getRow(2).getCell(11).value).toBe(`#${failed.faultId}`);
    expect(sheet.getRow(2).getCell(12).value).toBe(''); // no campaign before this one
    expect(wb.getWorksheet('汇总')!.getRow(9).values).toEqual([undefined, '完好率 %', 50]);
    expect(wb.getWorksheet('汇总')!.getRow(10).values).toEqual([undefined, '已核实完好率 %（不计未核实）', 66.7]);
  });

  it('will not close before every step has sounded, and compares a campaign with the one closed before it on the sirens both tested', async () => {
    const res = await call(app, duty, { method: 'POST', url: '/api/siren-tests', payload: {
      name: '复测', target: { sirenIds: [ids['JB-A-01']!] }, steps: [{ program: 'air_raid', at: inAnHour() }, { program: 'all_clear', at: inAnHour(3600) }],
    } });
    const id = res.json().id;
    await call(app, duty, { method: 'POST', url: `/api/siren-tests/${id}/run`, payload: { version: 1 } });
    const early = await call(app, duty, { method: 'POST', url: `/api/siren-tests/${id}/finish`, payload: { version: (await get(id)).version } });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'SIRENS_TEST_STEPS_OWED', message: expect.stringContaining('steps[1]') });
    const cancelled = await call(app, duty, { method: 'POST', url: `/api/siren-tests/${id}/cancel`, payload: { version: (await get(id)).version } });
    expect(cancelled.json().state).toBe('cancelled');

    // A retest of two of the four sirens: one worked last time and still does, one failed and is still off the air.
    const two = [ids['JB-A-01']!, ids['JB-B-01']!];
    const again = await call(app, duty, { method: 'POST', url: '/api/siren-tests', payload: { name: '复测二', target: { sirenIds: two }, steps: [{ program: 'air_raid', at: inAnHour() }] } });
    const id2 = again.json().id;
    await call(app, duty, { method: 'POST', url: `/api/siren-tests/${id2}/run`, payload: { version: 1 } });
    await until(async () => {
      const c = (await get(id2)).steps[0].counts;
      return c.finished === 1 && c.failed === 1;
    });
    const done = (await call(app, duty, { method: 'POST', url: `/api/siren-tests/${id2}/finish`, payload: { version: (await get(id2)).version } })).json();
    // Each campaign's own figure is over its own sirens (4 then, 2 now); the comparison is over the 2 both tested.
    expect(done.summary).toMatchObject({
      total: 2, working: 1, failed: 1, workingPercent: 50,
      previous: { id: testId, total: 4, workingPercent: 50, common: 2, commonBeforePercent: 50, commonNowPercent: 50, failedBoth: 1, newlyFailed: 0, recovered: 0 },
    });
    expect(done.results.map((r: { sirenCode: string; outcome: string; previousOutcome: string | null }) => [r.sirenCode, r.outcome, r.previousOutcome]))
      .toEqual([['JB-B-01', 'failed', 'failed'], ['JB-A-01', 'working', 'working']]);
    const list = (await call(app, duty, { method: 'GET', url: '/api/siren-tests' })).json();
    expect(list.items.map((i: { id: number; workingPercent: number | null }) => [i.id, i.workingPercent])).toEqual([[id2, 50], [id, null], [testId, 50]]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await call(app, duty, { method: 'GET', url: `/api/siren-tests/${id2}/report.xlsx` })).rawPayload as unknown as ArrayBuffer);
    const summary = new Map(wb.getWorksheet('汇总')!.getSheetValues().slice(1).map((r) => [(r as unknown[])[1], (r as unknown[])[2]]));
    expect([summary.get('上次警报器总数'), summary.get('两次均参加的警报器'), summary.get('两次均故障')]).toEqual([4, 2, 1]);
    expect(wb.getWorksheet('警报器')!.getRow(2).getCell(11).value).toBe('故障'); // one step: 上次结果 is the 11th column
  });

  it('schedules a campaign for an area drawn on the map, and refuses one drawn beyond the jurisdiction', async () => {
    // Around 崇川 1 号 alone (the hand-operated sirens of 崇川 stand east of it).
    const polygon = { type: 'Polygon', coordinates: [[[120.86, 31.99], [120.88, 31.99], [120.88, 32.01], [120.86, 32.01], [120.86, 31.99]]] };
    const steps = [{ program: 'preliminary', at: inAnHour() }];
    const res = await call(app, duty, { method: 'POST', url: '/api/siren-tests', payload: { name: '划定区域试鸣', target: { polygon }, steps } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().target).toEqual({ polygon });
    const audit = (await db.query<{ after: { sirens: number } }>(`SELECT after FROM audit_log WHERE action = 'siren_test.schedule' AND entity_id = $1`, [String(res.json().id)])).rows;
    expect(audit.map((a) => a.after.sirens)).toEqual([1]);
    const cancelled = await call(app, duty, { method: 'POST', url: `/api/siren-tests/${res.json().id}/cancel`, payload: { version: res.json().version } });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    // 通州's officer draws the same square: it lies in 崇川, outside their jurisdiction; nothing is scheduled.
    const tongzhou = (await givenSession({ app, db }, { roles: ['duty_officer'], regionCode: FIXTURE.countyB })).session;
    const before = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM siren_test')).rows[0]!.n;
    const outside = await call(app, tongzhou, { method: 'POST', url: '/api/siren-tests', headers: { 'accept-language': 'en' }, payload: { name: 'x', target: { polygon }, steps } });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({ code: 'SIRENS_COMMAND_AREA_INVALID', details: [{ field: 'body.target.polygon', rule: 'inside_region' }] });
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM siren_test')).rows[0]!.n).toBe(before);
  });
});
