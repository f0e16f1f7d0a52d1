/**
 * Activation reports written in batches, over the real embedded broker: many signed reports at once (duplicates
 * and `finished` before `accepted` among them) end as they would one by one — each delivery finished once, each
 * siren's history showing it sounded once — in far fewer transactions than reports; a shutdown with reports still
 * waiting writes them before it returns; a full queue drops (and counts) rather than grows. A `finished` lost on the
 * way never leaves a delivery stuck: it is inferred from a later command, taken from the terminal's signed beat, or
 * the delivery is failed with the reason.
 */
import { PERMISSIONS } from '@civdef/domain';
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { PROTOCOL_VERSION, heartbeatTopic, reportTopic, signBeat, signReport } from '../../lib/siren-protocol.ts';
import { startMessaging, type Messaging } from '../../plugins/messaging.ts';
import { FIXTURE, createUser, openTestDatabase, seedFixture, testConfig, testFieldCipher } from '../../test/harness.ts';
import { createRegionsService } from '../regions/index.ts';
import type { ControlService, ControlSettings } from './control.service.ts';
import { TERMINAL_KEY_CONTEXT } from './sirens.service.ts';
import { createSirensServices } from './sirens.module.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
const SIRENS = 120;

let db: Database;
let drop: () => Promise<void>;
let messaging: Messaging;
let peer: mqtt.MqttClient;
let actor: Actor;
const sirens: Array<{ id: number; terminalId: string; key: string }> = [];
let control: ControlService | null = null;
let transactions = 0;

/** The database, counting transactions (one per batch is the point). */
const counted = () => new Proxy(db, {
  get(target, prop, receiver) {
    if (prop === 'transaction') return (fn: never) => (transactions++, target.transaction(fn));
    const v = Reflect.get(target, prop, receiver);
    return typeof v === 'function' ? v.bind(target) : v;
  },
});

/** A control service of its own (stopped after each test), with long acknowledgement timeouts: no re-send interferes. */
async function startControl(overrides: Partial<ControlSettings> = {}): Promise<ControlService> {
  const base = testConfig({ SIREN_ACK_TIMEOUT_MS: '60000', SIREN_COMMAND_RETRIES: '0', SIREN_COMMAND_TTL_SECONDS: '120' }).sirens;
  control = createSirensServices({ db: counted(), regions: createRegionsService({ db }), cipher: testFieldCipher(), messaging, settings: { ...base, ...overrides }, log: quiet }).control;
  await control.start();
  return control;
}

const until = async (what: () => Promise<boolean> | boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

const report = (s: (typeof sirens)[number], id: string, status: 'accepted' | 'finished') =>
  peer.publishAsync(reportTopic(s.terminalId), JSON.stringify(signReport(s.key, { v: PROTOCOL_VERSION, id, terminal: s.terminalId, status, reason: null, at: new Date().toISOString() })), { qos: 1 });

/** A signed heartbeat naming the terminal's last report, as docs/protocols/siren-control.md has terminals send. */
const beat = (s: (typeof sirens)[number], last: { id: string; status: 'accepted' | 'finished'; reason: string | null } | null) =>
  peer.publishAsync(heartbeatTopic(s.terminalId), JSON.stringify(signBeat(s.key, { v: PROTOCOL_VERSION, terminal: s.terminalId, state: 'idle', at: new Date().toISOString(), last })), { qos: 1 });

const delivery = async (id: string, sirenId: number) => (await db.query<{ state: string; reason: string | null; finished: boolean }>(
  `SELECT state, reason, finished_at IS NOT NULL AS finished FROM siren_command_target WHERE command_id = $1 AND siren_id = $2`, [id, sirenId])).rows[0]!;
const statusOf = async (sirenId: number) => (await db.query<{ status: string }>('SELECT status FROM siren WHERE id = $1', [sirenId])).rows[0]!.status;

const sound = async (c: ControlService, targets = sirens) =>
  (await c.issue(actor, null, { action: 'sound', program: 'air_raid', target: { sirenIds: targets.map((s) => s.id) } })).data.command.id;

const states = async (id: string) => (await db.query<{ state: string; n: number }>(
  `SELECT state, count(*)::int AS n FROM siren_command_target WHERE command_id = $1 GROUP BY state ORDER BY state`, [id])).rows;

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
  await seedFixture(db);
  messaging = await startMessaging(testConfig({ MQTT_EMBEDDED_PORT: '0' }), quiet);
  // The platform's own login may publish on any terminal's topic: it stands in for the terminals here.
  peer = await mqtt.connectAsync(`mqtt://127.0.0.1:${messaging.embeddedPort}`, { clientId: 'reports-test', ...messaging.credentials });
  const cipher = testFieldCipher();
  for (let i = 0; i < SIRENS; i++) {
    const terminalId = `JB-Q-${String(i).padStart(3, '0')}`;
    const key = randomBytes(32).toString('hex');
    const id = (await db.query<{ id: number }>(
      `INSERT INTO siren (code, name, region_code, location, kind, status, control_channel, terminal_id, terminal_key)
       VALUES ($1, $1, $2, ST_SetSRID(ST_MakePoint(120.87, 32.0), 4326), 'electronic', 'online', 'mqtt', $1, $3) RETURNING id`,
      [terminalId, FIXTURE.townA, cipher.encrypt(key, TERMINAL_KEY_CONTEXT)],
    )).rows[0]!.id;
    sirens.push({ id, terminalId, key });
  }
  const userId = await createUser(db, 'reports-duty', ['duty_officer'], FIXTURE.city);
  actor = {
    userId, username: 'reports-duty', displayName: 'reports-duty', roles: ['duty_officer'], permissions: new Set(PERMISSIONS), regionCode: FIXTURE.city, scope: '3206',
    mustChangePassword: false, sessionTokenHash: '', csrfToken: '',
  };
}, 60_000);
afterEach(async () => {
  await control?.stop();
  control = null;
  // The sirens start each test online, whatever the last one left.
  await db.query(`UPDATE siren SET status = 'online' WHERE terminal_id LIKE 'JB-Q-%'`);
});
afterAll(async () => {
  await peer?.endAsync();
  await messaging?.close();
  await drop?.();
});

describe('activation reports written in batches', () => {
  it('many reports at once, duplicated and out of order, end as one by one would — in few transactions', async () => {
    const c = await startControl();
    const id = await sound(c);
    transactions = 0;
    // Every siren: accepted twice and finished once; every third one's finished arrives first.
    await Promise.all(sirens.map((s, i) => (i % 3 === 0
      ? report(s, id, 'finished').then(() => Promise.all([report(s, id, 'accepted'), report(s, id, 'accepted')]))
      : Promise.all([report(s, id, 'accepted'), report(s, id, 'accepted')]).then(() => report(s, id, 'finished')))));
    await until(() => c.reportQueue().written === 3 * SIRENS);
    expect(await states(id)).toEqual([{ state: 'finished', n: SIRENS }]);
    // 360 reports; written one transaction each, that would be 360.
    expect(transactions).toBeLessThan(SIRENS);
    // Each siren sounded once and is back online, in that order, whichever report came first.
    const { rows } = await db.query<{ sirenId: number; to: string[] }>(
      `SELECT siren_id AS "sirenId", array_agg(to_status ORDER BY id) AS to FROM siren_status_event
        WHERE siren_id = ANY($1::int[]) AND reason LIKE '%' || $2 || '%' GROUP BY siren_id`, [sirens.map((s) => s.id), id]);
    expect(rows).toHaveLength(SIRENS);
    for (const r of rows) expect(r.to, `siren ${r.sirenId}`).toEqual(['sounding', 'online']);
    const d = (await db.query<{ ok: boolean }>(
      `SELECT bool_and(accepted_at IS NOT NULL AND finished_at IS NOT NULL AND accepted_at <= finished_at) AS ok FROM siren_command_target WHERE command_id = $1`, [id])).rows[0]!;
    expect(d.ok).toBe(true);
    expect(c.reportQueue()).toMatchObject({ dropped: 0, failed: 0 });
  }, 60_000);

  it('a repeated report of a finished delivery changes nothing', async () => {
    const c = await startControl();
    const [s] = sirens;
    const id = await sound(c, [s!]);
    await report(s!, id, 'accepted');
    await report(s!, id, 'finished');
    await until(() => c.reportQueue().written === 2);
    const before = (await db.query(`SELECT state, accepted_at, finished_at, updated_at FROM siren_command_target WHERE command_id = $1`, [id])).rows;
    const events = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM siren_status_event WHERE siren_id = $1`, [s!.id])).rows[0]!.n;
    const eventsBefore = await events();
    const written = c.reportQueue().written;
    await Promise.all([report(s!, id, 'accepted'), report(s!, id, 'finished'), report(s!, id, 'finished')]);
    await until(() => c.reportQueue().written === written + 3);
    await c.stop();
    expect((await db.query(`SELECT state, accepted_at, finished_at, updated_at FROM siren_command_target WHERE command_id = $1`, [id])).rows).toEqual(before);
    expect(await events()).toBe(eventsBefore);
  });

  it('a shutdown with reports still waiting writes every one of them before it returns', async () => {
    // A batch that would wait a minute: only the shutdown can write it.
    const c = await startControl({ reportFlushMs: 60_000 });
    const id = await sound(c);
    await Promise.all(sirens.map((s) => report(s, id, 'accepted')));
    await until(() => c.reportQueue().queued === SIRENS);
    expect(await states(id)).toEqual([{ state: 'sent', n: SIRENS }]);
    await c.stop();
    control = null;
    expect(await states(id)).toEqual([{ state: 'accepted', n: SIRENS }]);
    expect((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM siren WHERE id = ANY($1::int[]) AND status = 'sounding'`, [sirens.map((s) => s.id)])).rows[0]!.n).toBe(SIRENS);
  });

  it('a full queue drops what does not fit and counts it; the rest is written', async () => {
    const c = await startControl({ reportFlushMs: 60_000, reportQueueLimit: 50 });
    const id = await sound(c);
    await Promise.all(sirens.map((s) => report(s, id, 'accepted')));
    await until(() => c.reportQueue().queued + c.reportQueue().dropped === SIRENS);
    expect(c.reportQueue()).toMatchObject({ queued: 50, dropped: SIRENS - 50 });
    await c.stop();
    control = null;
    // The dropped ones stay owed: their deliveries are sent again, and the terminals answer again.
    expect(await states(id)).toEqual([{ state: 'accepted', n: 50 }, { state: 'sent', n: SIRENS - 50 }]);
  });

  it('a sound command\'s lost finished is inferred from the later stop the siren acknowledged: finished, siren online', async () => {
    const c = await startControl({ finishMarginMs: 200 });
    const [s] = sirens;
    const id = await sound(c, [s!]);
    await report(s!, id, 'accepted');
    await until(async () => (await delivery(id, s!.id)).state === 'accepted');
    expect(await statusOf(s!.id)).toBe('sounding');
    // The stop: the terminal's `finished … stopped` of the sound command is lost; the stop's own reports arrive.
    const stop = (await c.issue(actor, null, { action: 'stop', target: { sirenIds: [s!.id] } })).data.command.id;
    await report(s!, stop, 'accepted');
    await report(s!, stop, 'finished');
    await until(async () => (await delivery(id, s!.id)).state === 'finished');
    const d = await delivery(id, s!.id);
    expect(d.finished).toBe(true);
    expect(d.reason).toMatch(new RegExp(`^stopped: .*finished report lost, inferred from the later command ${stop}$`));
    expect(await statusOf(s!.id)).toBe('online');
  });

  it('a lost finished is taken from the terminal\'s signed beat once the program is over; a forged beat changes nothing', async () => {
    const c = await startControl({ finishMarginMs: 200, heartbeatTimeoutMs: 10_000 });
    const [, s, other] = sirens;
    const id = (await c.issue(actor, null, { action: 'self_test', target: { sirenIds: [s!.id, other!.id] } })).data.command.id;
    await Promise.all([report(s!, id, 'accepted'), report(other!, id, 'accepted')]);
    await until(async () => (await states(id)).some((r) => r.state === 'accepted' && r.n === 2));
    // The other terminal's beat is signed with the wrong key: not its word.
    await peer.publishAsync(heartbeatTopic(other!.terminalId), JSON.stringify(signBeat(s!.key, {
      v: PROTOCOL_VERSION, terminal: other!.terminalId, state: 'idle', at: new Date().toISOString(), last: { id, status: 'finished', reason: null } })), { qos: 1 });
    await beat(s!, { id, status: 'finished', reason: null });
    await until(async () => (await delivery(id, s!.id)).state === 'finished');
    expect(await delivery(id, s!.id)).toMatchObject({ state: 'finished', reason: null, finished: true });
    expect((await delivery(id, other!.id)).state).toBe('accepted');
  });

  it('a lost finished the terminal does not account for either: failed with the reason, never stuck', async () => {
    const c = await startControl({ finishMarginMs: 200, heartbeatTimeoutMs: 300 });
    const s = sirens[3]!;
    const id = (await c.issue(actor, null, { action: 'self_test', target: { sirenIds: [s.id] } })).data.command.id;
    await report(s, id, 'accepted');
    // Its beat names only the acceptance: it does not say the test finished.
    await beat(s, { id, status: 'accepted', reason: null });
    await until(async () => (await delivery(id, s.id)).state === 'failed');
    expect((await delivery(id, s.id)).reason).toMatch(/no finished report after the program's end/);
    // A late finished still counts.
    await report(s, id, 'finished');
    await until(async () => (await delivery(id, s.id)).state === 'finished');
  });
});

describe('issuing to many sirens', () => {
  it('opens no terminal key on the way out once the start has opened them, and writes the deliveries sent without a second pass', async () => {
    let decrypts = 0;
    const markSent: string[] = [];
    const base = testFieldCipher();
    const cipher = new Proxy(base, {
      get(target, prop, receiver) {
        if (prop === 'decrypt') return (value: string, context: string) => (decrypts++, target.decrypt(value, context));
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const watched = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'query') return (sql: string, params?: unknown[]) => (/SET state = 'sent'/.test(sql) && markSent.push(sql), target.query(sql, params));
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const settings = testConfig({ SIREN_ACK_TIMEOUT_MS: '60000', SIREN_COMMAND_RETRIES: '0', SIREN_COMMAND_TTL_SECONDS: '120' }).sirens;
    control = createSirensServices({ db: watched as Database, regions: createRegionsService({ db }), cipher, messaging, settings, log: quiet }).control;
    await control.start();
    // The start opens every remote terminal's key in the background (the fixture's own sirens among them).
    await until(() => decrypts >= SIRENS);
    await new Promise((r) => setTimeout(r, 200));
    const opened = decrypts;
    const id = await sound(control);
    expect(decrypts).toBe(opened);
    // Written `sent`, first attempt stamped, in the issuing transaction: no UPDATE of every row after it.
    expect(markSent).toEqual([]);
    const { rows } = await db.query<{ state: string; attempts: number; sent: boolean; n: number }>(
      `SELECT state, attempts, sent_at IS NOT NULL AS sent, count(*)::int AS n FROM siren_command_target WHERE command_id = $1 GROUP BY 1, 2, 3`, [id]);
    expect(rows).toEqual([{ state: 'sent', attempts: 1, sent: true, n: SIRENS }]);
  }, 60_000);

  it('sends what an outbox caller committed without reading it back or marking it again, and nothing of a rolled-back one', async () => {
    const readBack: unknown[][] = [];
    const markSent: string[] = [];
    const watched = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'query') {
          return (sql: string, params?: unknown[]) => {
            if (/SET state = 'sent'/.test(sql)) markSent.push(sql);
            if (/d\.payload/.test(sql) && params?.[0] != null) readBack.push(params);
            return target.query(sql, params);
          };
        }
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const settings = testConfig({ SIREN_ACK_TIMEOUT_MS: '60000', SIREN_COMMAND_RETRIES: '0', SIREN_COMMAND_TTL_SECONDS: '120' }).sirens;
    control = createSirensServices({ db: watched as Database, regions: createRegionsService({ db }), cipher: testFieldCipher(), messaging, settings, log: quiet }).control;
    await control.start();
    // The start re-sent what earlier tests' commands still owe, read back as owed deliveries are after a restart.
    readBack.length = 0;
    const seen = new Map<string, Set<string>>();
    const listener = (topic: string, payload: Buffer) => {
      if (!topic.endsWith('/cmd')) return;
      const { id, terminal } = JSON.parse(payload.toString()) as { id: string; terminal: string };
      seen.set(id, (seen.get(id) ?? new Set()).add(terminal));
    };
    await peer.subscribeAsync('civdef/v1/t/+/cmd', { qos: 1 });
    peer.on('message', listener);
    try {
      const target = { sirenIds: sirens.map((s) => s.id) };
      // As an alert does: the command written in the caller's transaction, sent after its commit.
      const { id } = await db.transaction((tx) => control!.issueWithin(tx, actor, null, { action: 'sound', program: 'air_raid', target }));
      await control.send(id);
      await until(() => (seen.get(id)?.size ?? 0) === SIRENS);
      expect(readBack).toEqual([]);
      expect(markSent).toEqual([]);
      expect(await states(id)).toEqual([{ state: 'sent', n: SIRENS }]);
      // A caller whose transaction rolled back and sends anyway: nothing leaves, nothing is written.
      let rolledBack = '';
      await expect(db.transaction(async (tx) => {
        rolledBack = (await control!.issueWithin(tx, actor, null, { action: 'sound', program: 'air_raid', target })).id;
        throw new Error('the caller changed its mind');
      })).rejects.toThrow('changed its mind');
      await control.send(rolledBack);
      await new Promise((r) => setTimeout(r, 300));
      expect(seen.has(rolledBack)).toBe(false);
      expect(await states(rolledBack)).toEqual([]);
    } finally {
      peer.off('message', listener);
      await peer.unsubscribeAsync('civdef/v1/t/+/cmd');
    }
  }, 60_000);
});

describe('the rows a city-wide command writes in bulk', () => {
  it('checks no foreign key per delivery of its command or per state-history line, only the delivery\'s siren', async () => {
    // A per-row check that looks up and locks the row it names: 10,000 of them per command and per report wave, for
    // facts the writing statement already holds (migration 0034 has the figures and the reasons).
    const { rows } = await db.query<{ def: string }>(
      `SELECT conrelid::regclass::text || ': ' || pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE contype = 'f' AND conrelid IN ('siren_command_target'::regclass, 'siren_status_event'::regclass) ORDER BY 1`);
    expect(rows.map((r) => r.def)).toEqual(['siren_command_target: FOREIGN KEY (siren_id) REFERENCES siren(id)']);
  });
});
