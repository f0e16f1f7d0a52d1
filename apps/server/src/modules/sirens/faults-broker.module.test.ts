/**
 * The broker killed in the middle of an alert and started again — Mosquitto with the generated password file and
 * ACL (killed like a crash), and the embedded broker (`restartBroker`: every connection dropped, its queued messages
 * lost): the platform and every terminal reconnect and log in again, the platform re-sends what was not acknowledged
 * (from the database: the broker kept nothing), and every siren is recorded as sounding — each exactly once.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { Database } from '../../db/index.ts';
import { fieldCipherFor } from '../../lib/field-crypto.ts';
import { SERVER_BROKER_USER } from '../../lib/siren-protocol.ts';
import { startMessaging, type Messaging } from '../../plugins/messaging.ts';
import { SirenFleet } from '../../sim/siren-fleet.ts';
import type { SimulatedTerminal } from '../../sim/siren-terminal.ts';
import { FIXTURE, call, givenSession, openTestDatabase, seedFixture, testConfig } from '../../test/harness.ts';
import { mosquittoBinary, startMosquitto, type RunningMosquitto } from '../../test/mosquitto.ts';
import { createRegionsService } from '../regions/index.ts';
import { createSirensServices } from './sirens.module.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
const TERMINALS = 6;
const server = { username: SERVER_BROKER_USER, password: 'faults-test-platform-login' };

let db: Database;
let drop: () => Promise<void>;
let messaging: Messaging;
let app: FastifyInstance;
let fleet: SirenFleet;
const sirens: Array<{ id: number; terminalId: string; key: string }> = [];

const until = async (what: () => Promise<boolean> | boolean, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** Registers TERMINALS remote sirens and gives each a key through the API of `keyApp`. */
async function registerSirens(keyApp: FastifyInstance, prefix: string): Promise<void> {
  const manager = (await givenSession({ app: keyApp, db }, { roles: ['siren_manager'] })).session;
  for (let i = 0; i < TERMINALS; i++) {
    const code = `${prefix}-${String(i).padStart(2, '0')}`;
    const id = (await db.query<{ id: number }>(
      `INSERT INTO siren (code, name, region_code, location, kind, status, control_channel, terminal_id)
       VALUES ($1, $1, $2, ST_SetSRID(ST_MakePoint(120.87, 32.0), 4326), 'electronic', 'online', 'mqtt', $1) RETURNING id`, [code, FIXTURE.townA],
    )).rows[0]!.id;
    const res = await call(keyApp, manager, { method: 'POST', url: `/api/sirens/${id}/terminal-key` });
    expect(res.statusCode, res.body).toBe(200);
    sirens.push({ id, terminalId: res.json().terminalId, key: res.json().key });
  }
}

/**
 * Issues a sound command to every siren while half the terminals miss the first send (busy, out of range), crashes
 * the broker as the commands go out and brings it back half a second later: only a re-send after the restart can
 * reach that half, and a terminal that heard the first send must not sound again.
 */
async function restartDuringAlert(ctx: { db: Database; app: FastifyInstance; messaging: Messaging; fleet: SirenFleet; crash: () => Promise<void>; recover: () => Promise<void> }): Promise<void> {
  const { db, app, messaging, fleet } = ctx;
  const duty = (await givenSession({ app, db }, { roles: ['duty_officer'] })).session;
  const terminals = fleet.terminals() as SimulatedTerminal[];
  for (const t of terminals.slice(0, TERMINALS / 2)) t.silent = true;
  const res = await call(app, duty, { method: 'POST', url: '/api/siren-commands', payload: { action: 'sound', program: 'air_raid', target: { sirenIds: sirens.map((s) => s.id) } } });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  await ctx.crash();
  await until(() => !messaging.connected(), 5000);
  await new Promise((r) => setTimeout(r, 500));
  for (const t of terminals) t.silent = false;
  await ctx.recover();

  const states = async () => (await db.query<{ state: string }>(
    `SELECT state FROM siren_command_target WHERE command_id = $1 ORDER BY siren_id`, [id])).rows.map((r) => r.state);
  await until(async () => (await states()).every((s) => s === 'accepted' || s === 'finished'));
  await until(() => messaging.connected());
  expect(terminals.map((t) => t.sounded.filter((s) => s.id === id).length)).toEqual(Array(TERMINALS).fill(1));
  await until(() => fleet.stats().connected === TERMINALS, 10_000);
  // The registry followed the answers: no siren is left shown unreachable after the broker came back.
  const shown = (await db.query<{ status: string }>(`SELECT status FROM siren WHERE id = ANY($1::int[]) ORDER BY id`, [sirens.map((x) => x.id)])).rows.map((r) => r.status);
  expect(shown.every((s) => s === 'online' || s === 'sounding'), shown.join()).toBe(true);
}

const timing = { SIREN_ACK_TIMEOUT_MS: '1000', SIREN_COMMAND_RETRIES: '8', SIREN_COMMAND_TTL_SECONDS: '60' };

describe.skipIf(!mosquittoBinary())('the broker restarted during an alert (Mosquitto)', () => {
  let broker: RunningMosquitto;
  beforeAll(async () => {
    sirens.length = 0;
    ({ db, drop } = await openTestDatabase());
    await seedFixture(db);
    // Keys first (the broker's password file is made from them), through the API of an app without a broker.
    const keyApp = await buildApp(testConfig({ MQTT_EMBEDDED_PORT: 'off' }), { db });
    await keyApp.ready();
    await registerSirens(keyApp, 'JB-R');
    await keyApp.close();
    const cfg = testConfig();
    const { control } = createSirensServices({ db, regions: createRegionsService({ db }), cipher: fieldCipherFor(cfg.fieldEncryption), messaging: { kind: 'none', client: null }, settings: cfg.sirens });
    broker = await startMosquitto({ server, terminals: await control.terminalAccounts('test') });
    const overrides = { MQTT_URL: broker.url, MQTT_USERNAME: server.username, MQTT_PASSWORD: server.password, ...timing };
    messaging = await startMessaging(testConfig(overrides), quiet);
    expect(messaging.connected()).toBe(true);
    app = await buildApp(testConfig(overrides), { db, messaging });
    await app.ready();
    fleet = await SirenFleet.start({ url: broker.url, terminals: sirens, timeScale: 0.0005, record: true });
    expect(fleet.stats().connected).toBe(TERMINALS);
  });
  afterAll(async () => {
    await fleet?.stop();
    await app?.close();
    await messaging?.close();
    await broker?.close();
    await drop?.();
  });

  it('reconnects the platform and every terminal, re-sends what was owed, and every siren sounds once', () => restartDuringAlert({ db, app, messaging, fleet, crash: () => broker.stop(true), recover: () => broker.restart() }), 60_000);
});

describe('the embedded broker restarted during an alert', () => {
  beforeAll(async () => {
    sirens.length = 0;
    ({ db, drop } = await openTestDatabase());
    await seedFixture(db);
    const overrides = { MQTT_EMBEDDED_PORT: '0', ...timing };
    messaging = await startMessaging(testConfig(overrides), quiet);
    expect(messaging.connected()).toBe(true);
    app = await buildApp(testConfig(overrides), { db, messaging });
    await app.ready();
    await registerSirens(app, 'JB-E');
    fleet = await SirenFleet.start({ url: `mqtt://127.0.0.1:${messaging.embeddedPort}`, terminals: sirens, timeScale: 0.0005, record: true });
    expect(fleet.stats().connected).toBe(TERMINALS);
  });
  afterAll(async () => {
    await fleet?.stop();
    await app?.close();
    await messaging?.close();
    await drop?.();
  });

  it('reconnects the platform and every terminal, re-sends from the database what the lost broker held, and every siren sounds once', () => {
    let restarting: Promise<void> = Promise.resolve();
    return restartDuringAlert({
      db, app, messaging, fleet,
      // The broker goes down (all connections dropped) and listens again 1 s later on the same port.
      crash: async () => void (restarting = messaging.restartBroker!(1000)),
      recover: () => restarting,
    });
  }, 60_000);
});
