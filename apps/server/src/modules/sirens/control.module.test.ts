/**
 * Remote control over the real embedded MQTT broker, with simulated terminals that check every command as a real
 * one must: a good command sounds once and is acknowledged; a siren that does not answer is retried and then
 * shown as failed; a replayed, forged, altered or cross-terminal command sounds nothing; a forged report changes
 * nothing; a repeated command id sends nothing again.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { Database } from '../../db/index.ts';
import { PROTOCOL_VERSION, reportTopic, signCommand, signReport } from '../../lib/siren-protocol.ts';
import { startMessaging, type Messaging } from '../../plugins/messaging.ts';
import { SimulatedTerminal } from '../../sim/siren-terminal.ts';
import { FIXTURE, call, givenSession, openTestDatabase, seedFixture, testConfig, type Session } from '../../test/harness.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;

let db: Database;
let drop: () => Promise<void>;
let messaging: Messaging;
let app: FastifyInstance;
let url: string;
let duty: Session;
const terminals: SimulatedTerminal[] = [];
let sirenA: { id: number; terminalId: string; key: string };
let sirenB: { id: number; terminalId: string; key: string };

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
  await seedFixture(db);
  const overrides = { MQTT_EMBEDDED_PORT: '0', SIREN_ACK_TIMEOUT_MS: '1000', SIREN_COMMAND_RETRIES: '1', SIREN_COMMAND_TTL_SECONDS: '60' };
  messaging = await startMessaging(testConfig(overrides), quiet);
  url = `mqtt://127.0.0.1:${messaging.embeddedPort}`;
  app = await buildApp(testConfig(overrides), { db, messaging });
  await app.ready();
  const t = { app, db };
  const manager = (await givenSession(t, { roles: ['siren_manager'] })).session;
  duty = (await givenSession(t, { roles: ['duty_officer'] })).session;
  const provision = async (code: string) => {
    const id = (await db.query<{ id: number }>('SELECT id FROM siren WHERE code = $1', [code])).rows[0]!.id;
    const res = await call(app, manager, { method: 'POST', url: `/api/sirens/${id}/terminal-key` });
    expect(res.statusCode, res.body).toBe(200);
    return { id, terminalId: res.json().terminalId as string, key: res.json().key as string };
  };
  sirenA = await provision('JB-A-01');
  sirenB = await provision('JB-B-01');
  // A answers, playing 3 minutes in 0.18 s; B is off the air.
  terminals.push(await SimulatedTerminal.start({ url, terminalId: sirenA.terminalId, key: sirenA.key, timeScale: 0.001 }));
  terminals.push(await SimulatedTerminal.start({ url, terminalId: sirenB.terminalId, key: sirenB.key, silent: true }));
});
afterAll(async () => {
  for (const t of terminals) await t.stop();
  await app?.close();
  await messaging?.close();
  await drop?.();
});

const [termA, termB] = [() => terminals[0]!, () => terminals[1]!];
const until = async (what: () => Promise<boolean> | boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};
const command = async (id: string) => (await call(app, duty, { method: 'GET', url: `/api/siren-commands/${id}` })).json();
const delivery = async (id: string, sirenId: number) => (await command(id)).deliveries.find((d: { sirenId: number }) => d.sirenId === sirenId);

describe('siren commands over MQTT', () => {
  let first: string;

  it('sounds an answering siren once and records its acknowledgement; a silent one is retried, then failed', async () => {
    const res = await call(app, duty, { method: 'POST', url: '/api/siren-commands', payload: { action: 'sound', program: 'air_raid', target: { sirenIds: [sirenA.id, sirenB.id] } } });
    expect(res.statusCode, res.body).toBe(201);
    first = res.json().id;
    expect(res.json()).toMatchObject({ action: 'sound', program: 'air_raid' });
    await until(async () => (await delivery(first, sirenA.id)).state === 'finished');
    const a = await delivery(first, sirenA.id);
    // On a loaded machine the acknowledgement may miss the timeout and the command be sent again: it still sounds once.
    expect(a.state).toBe('finished');
    expect(a.attempts).toBeGreaterThanOrEqual(1);
    expect(a.acceptedAt).not.toBeNull();
    expect(termA().sounded).toEqual([expect.objectContaining({ id: first, program: 'air_raid' })]);
    await until(async () => (await delivery(first, sirenB.id)).state === 'failed');
    const b = await delivery(first, sirenB.id);
    expect(b.attempts).toBe(2);
    expect(b.reason).toMatch(/no answer/);
    expect(termB().received).toHaveLength(2);
    // The siren that did not answer is shown offline; the one that played is back online, its history says why.
    const sirenBNow = (await call(app, duty, { method: 'GET', url: `/api/sirens/${sirenB.id}` })).json();
    expect(sirenBNow.status).toBe('offline');
    const sirenANow = (await call(app, duty, { method: 'GET', url: `/api/sirens/${sirenA.id}` })).json();
    expect(sirenANow.status).toBe('online');
    expect(sirenANow.history.map((h: { toStatus: string }) => h.toStatus).slice(0, 2)).toEqual(['online', 'sounding']);
    expect((await command(first)).counts).toEqual({ finished: 1, failed: 1 });
    const audit = (await db.query<{ after: { id: string; sirens: number } }>(`SELECT after FROM audit_log WHERE action = 'siren_command.issue' AND entity_id = $1`, [first])).rows;
    expect(audit).toEqual([expect.objectContaining({ after: expect.objectContaining({ id: first, sirens: 2 }) })]);
  });

  it('exports the command\'s report: the siren that did not answer first, the counts, each district', async () => {
    const res = await call(app, duty, { method: 'GET', url: `/api/siren-commands/${first}/report.xlsx` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="siren-command-\d{8}-\d{4}\.xlsx"; filename\*=UTF-8''/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const values = (name: string) => wb.getWorksheet(name)!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    const summary = new Map(values('汇总').map((r) => [r[0], r[1]]));
    expect(summary.get('指令编号')).toBe(first);
    expect(summary.get('信号')).toBe('空袭警报');
    expect(summary.get('警报器总数')).toBe(2);
    expect(summary.get('无响应')).toBe(1);
    expect(summary.get('已完成')).toBe(1);
    expect(summary.get('完成率 %（已完成 / 可遥控）')).toBe(50);
    const sirens = values('警报器');
    expect(sirens[0]!.slice(0, 2)).toEqual(['编号', '名称']);
    // Attention first: the silent siren B, sent twice, before A.
    expect(sirens.slice(1).map((r) => [r[0], r[4], r[6]])).toEqual([['JB-B-01', '无响应', 2], ['JB-A-01', '已完成', expect.any(Number)]]);
    // The reason is stored in both languages for the English console; the printed workbook has the Chinese only.
    expect(sirens[1]![11]).toBe('2 次发送均无应答');
    const districts = values('按区划');
    expect(districts.slice(1).reduce((n, r) => n + Number(r[2]), 0)).toBe(2);
    expect((await call(app, duty, { method: 'GET', url: `/api/siren-commands/${randomUUID()}/report.xlsx` })).statusCode).toBe(404);
  });

  it('answers a repeated command id with the same command and sends nothing again', async () => {
    const before = termA().received.length;
    const res = await call(app, duty, { method: 'POST', url: '/api/siren-commands', payload: { id: first, action: 'sound', program: 'air_raid', target: { sirenIds: [sirenB.id, sirenA.id] } } });
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(first);
    await new Promise((r) => setTimeout(r, 300));
    expect(termA().received.length).toBe(before);
    const other = await call(app, duty, { method: 'POST', url: '/api/siren-commands', payload: { id: first, action: 'sound', program: 'preliminary', target: { sirenIds: [sirenA.id] } } });
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('SIRENS_COMMAND_ID_REUSED');
  });

  it('sounds nothing for a replayed command, even on a rebooted terminal once the command has expired', async () => {
    const captured = termA().received.find((r) => JSON.parse(r).id === first)!;
    await SimulatedTerminal.inject(url, sirenA.terminalId, captured, messaging.credentials);
    await until(() => termA().duplicates.includes(first));
    expect(termA().sounded).toHaveLength(1);
    // The same terminal after a reboot that lost its memory, a day later: the signature is good, the command is stale.
    const rebooted = await SimulatedTerminal.start({ url, terminalId: sirenA.terminalId, key: sirenA.key, now: () => Date.now() + 86_400_000 });
    terminals.push(rebooted);
    await SimulatedTerminal.inject(url, sirenA.terminalId, captured, messaging.credentials);
    await until(() => rebooted.refused.length > 0);
    expect(rebooted.refused).toEqual([{ id: first, reason: 'expired' }]);
    expect(rebooted.sounded).toEqual([]);
    await rebooted.stop();
    terminals.pop();
  });

  it('sounds nothing for a forged, altered or misaddressed command', async () => {
    const now = Date.now();
    const body = {
      v: PROTOCOL_VERSION, id: randomUUID(), terminal: sirenA.terminalId, action: 'sound' as const, program: { code: 'air_raid', onS: 6, offS: 6, repeat: 15 },
      issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + 60_000).toISOString(), nonce: 'aa',
    };
    const refusedBefore = termA().refused.length;
    // Signed with a key that is not the terminal's (an attacker on the broker).
    await SimulatedTerminal.inject(url, sirenA.terminalId, JSON.stringify(signCommand('11'.repeat(32), body)), messaging.credentials);
    // A genuine signature with the program changed after signing.
    const genuine = JSON.parse(termA().received.find((r) => JSON.parse(r).id === first)!);
    await SimulatedTerminal.inject(url, sirenA.terminalId, JSON.stringify({ ...genuine, program: { code: 'all_clear', onS: 180, offS: 0, repeat: 1 } }), messaging.credentials);
    // Siren B's key used to command A.
    await SimulatedTerminal.inject(url, sirenA.terminalId, JSON.stringify(signCommand(sirenB.key, body)), messaging.credentials);
    // A command for B, published on A's topic.
    await SimulatedTerminal.inject(url, sirenA.terminalId, JSON.stringify(signCommand(sirenA.key, { ...body, terminal: sirenB.terminalId })), messaging.credentials);
    await until(() => termA().refused.length >= refusedBefore + 4);
    expect(termA().refused.slice(refusedBefore).map((r) => r.reason)).toEqual(['bad_mac', 'bad_mac', 'bad_mac', 'wrong_terminal']);
    expect(termA().sounded).toHaveLength(1);
  });

  it('ignores a report that is not signed by the terminal', async () => {
    // Behind the ACL only the platform's account may publish on B's report topic: the forger holds it and still fails.
    const peer = await mqtt.connectAsync(url, { clientId: 'forger', ...messaging.credentials });
    const forged = signReport('22'.repeat(32), { v: PROTOCOL_VERSION, id: first, terminal: sirenB.terminalId, status: 'accepted', reason: null, at: new Date().toISOString() });
    await peer.publishAsync(reportTopic(sirenB.terminalId), JSON.stringify(forged), { qos: 1 });
    await peer.endAsync();
    await new Promise((r) => setTimeout(r, 300));
    expect((await delivery(first, sirenB.id)).state).toBe('failed');
  });

  it('stops and self-tests by group and region; a manual siren is listed as needing someone on site', async () => {
    const manual = (await db.query<{ id: number }>(
      `INSERT INTO siren (code, name, region_code, location, kind, status, control_channel) VALUES ('JB-A-HAND', '手摇', $1, ST_SetSRID(ST_MakePoint(120.87, 32.0), 4326), 'manual', 'online', 'manual') RETURNING id`,
      [FIXTURE.townA],
    )).rows[0]!.id;
    const res = await call(app, duty, { method: 'POST', url: '/api/siren-commands', payload: { action: 'self_test', target: { regionCodes: [FIXTURE.countyA] } } });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    expect(res.json().deliveries.find((d: { sirenId: number }) => d.sirenId === manual)).toMatchObject({ state: 'skipped' });
    await until(async () => (await delivery(id, sirenA.id)).state === 'finished');
    expect(termA().selfTests).toEqual([id]);
    const bad = await call(app, duty, { method: 'POST', url: '/api/siren-commands', payload: { action: 'stop', program: 'air_raid', target: { sirenIds: [sirenA.id] } } });
    expect(bad.json().code).toBe('SIRENS_COMMAND_PROGRAM_NOT_ALLOWED');
    const none = await call(app, duty, { method: 'POST', url: '/api/siren-commands', payload: { action: 'sound', target: { sirenIds: [sirenA.id] } } });
    expect(none.json().code).toBe('SIRENS_COMMAND_PROGRAM_REQUIRED');
    const empty = await call(app, duty, { method: 'POST', url: '/api/siren-commands', payload: { action: 'stop', target: {} } });
    expect(empty.json().code).toBe('SIRENS_COMMAND_NO_TARGETS');
    const list = await call(app, duty, { method: 'GET', url: '/api/siren-commands' });
    expect(list.json().items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([first, id]));
  });

  it('targets a whole city by its code: the sirens of every district and town in it', async () => {
    // Sirens are coded at the district or town (3206 13 001…); the city's own code (320600) is the prefix 3206.
    const res = await call(app, duty, { method: 'POST', url: '/api/siren-commands', payload: { action: 'self_test', target: { regionCodes: [FIXTURE.city] } } });
    expect(res.statusCode, res.body).toBe(201);
    const reached = new Set<number>(res.json().deliveries.map((d: { sirenId: number }) => d.sirenId));
    const all = (await db.query<{ id: number }>(`SELECT id FROM siren WHERE region_code LIKE '3206%'`)).rows.map((r) => r.id);
    expect(all.length).toBeGreaterThan(2);
    expect([...reached].sort((a, b) => a - b)).toEqual(all.sort((a, b) => a - b));
    expect(reached.has(sirenA.id) && reached.has(sirenB.id)).toBe(true);
  });

  it('answers an issue with what it wrote, in the order and with the stamps a read of the command returns', async () => {
    const res = await call(app, duty, { method: 'POST', url: '/api/siren-commands', payload: { action: 'self_test', target: { regionCodes: [FIXTURE.countyA] } } });
    expect(res.statusCode, res.body).toBe(201);
    // What later reports do not change: which sirens, in which order, sent when (or skipped why).
    const fixed = (ds: Array<Record<string, unknown>>) => ds.map(({ sirenId, sirenCode, sirenName, regionCode, terminalId, sentAt, state }) =>
      ({ sirenId, sirenCode, sirenName, regionCode, terminalId, sentAt, skipped: state === 'skipped' }));
    const issued = res.json();
    expect(issued.deliveries.length).toBeGreaterThan(1);
    expect(issued.deliveries.every((d: { state: string; sentAt: string | null }) => (d.state === 'skipped') === (d.sentAt === null))).toBe(true);
    expect(fixed(issued.deliveries)).toEqual(fixed((await command(issued.id)).deliveries));
    expect(issued.counts).toEqual(issued.deliveries.reduce((c: Record<string, number>, d: { state: string }) => ({ ...c, [d.state]: (c[d.state] ?? 0) + 1 }), {}));
  });

  it('keeps a county officer to their county: another county\'s siren or region is refused, naming the field', async () => {
    const county = (await givenSession({ app, db }, { roles: ['duty_officer'], regionCode: FIXTURE.countyB })).session;
    const res = await call(app, county, { method: 'POST', url: '/api/siren-commands', payload: { action: 'stop', target: { sirenIds: [sirenB.id, sirenA.id] } }, headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'SIRENS_COMMAND_TARGET_UNKNOWN' });
    expect(res.json().message).toContain('target.sirenIds[1]');
    const region = await call(app, county, { method: 'POST', url: '/api/siren-commands', payload: { action: 'stop', target: { regionCodes: [FIXTURE.countyA] } } });
    expect(region.json().code).toBe('SIRENS_COMMAND_TARGET_UNKNOWN');
    expect((await call(app, county, { method: 'GET', url: `/api/siren-commands/${first}` })).statusCode).toBe(404);
  });
});
