/**
 * The broker killed in the middle of an alert and started again (Mosquitto with the generated password file and
 * ACL, which a test can kill like a crash): the platform and every terminal reconnect and log in again, the
 * platform re-sends what was not acknowledged, and every siren is recorded as sounding — each exactly once.
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
let broker: RunningMosquitto;
let messaging: Messaging;
let app: FastifyInstance;
let fleet: SirenFleet;
const sirens: Array<{ id: number; terminalId: string; key: string }> = [];

describe.skipIf(!mosquittoBinary())('the broker restarted during an alert (Mosquitto)', () => {
  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase());
    await seedFixture(db);
    // Keys first (the broker's password file is made from them), through the API of an app without a broker.
    const keyApp = await buildApp(testConfig({ MQTT_EMBEDDED_PORT: 'off' }), { db });
    await keyApp.ready();
    const manager = (await givenSession({ app: keyApp, db }, { roles: ['siren_manager'] })).session;
    for (let i = 0; i < TERMINALS; i++) {
      const code = `JB-R-${String(i).padStart(2, '0')}`;
      const id = (await db.query<{ id: number }>(
        `INSERT INTO siren (code, name, region_code, location, kind, status, control_channel, terminal_id)
         VALUES ($1, $1, $2, ST_SetSRID(ST_MakePoint(120.87, 32.0), 4326), 'electronic', 'online', 'mqtt', $1) RETURNING id`, [code, FIXTURE.townA],
      )).rows[0]!.id;
      const res = await call(keyApp, manager, { method: 'POST', url: `/api/sirens/${id}/terminal-key` });
      expect(res.statusCode, res.body).toBe(200);
      sirens.push({ id, terminalId: res.json().terminalId, key: res.json().key });
    }
    await keyApp.close();
    const cfg = testConfig();
    const { control } = createSirensServices({ db, regions: createRegionsService({ db }), cipher: fieldCipherFor(cfg.fieldEncryption), messaging: { kind: 'none', client: null }, settings: cfg.sirens });
    broker = await startMosquitto({ server, terminals: await control.terminalAccounts('test') });
    const overrides = {
      MQTT_URL: broker.url, MQTT_USERNAME: server.username, MQTT_PASSWORD: server.password,
      SIREN_ACK_TIMEOUT_MS: '1000', SIREN_COMMAND_RETRIES: '8', SIREN_COMMAND_TTL_SECONDS: '60',
    };
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

  const until = async (what: () => Promise<boolean> | boolean, ms = 30_000) => {
    const end = Date.now() + ms;
    while (!(await what())) {
      if (Date.now() > end) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('reconnects the platform and every terminal, re-sends what was owed, and every siren sounds once', async () => {
    const duty = (await givenSession({ app, db }, { roles: ['duty_officer'] })).session;
    const terminals = fleet.terminals() as SimulatedTerminal[];
    // Half the terminals miss the first send (busy, out of range): only a re-send after the restart can reach them.
    for (const t of terminals.slice(0, TERMINALS / 2)) t.silent = true;
    const res = await call(app, duty, { method: 'POST', url: '/api/siren-commands', payload: { action: 'sound', program: 'air_raid', target: { sirenIds: sirens.map((s) => s.id) } } });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    // The broker crashes as the commands go out, and comes back half a second later.
    await broker.stop(true);
    await until(() => !messaging.connected(), 5000);
    await new Promise((r) => setTimeout(r, 500));
    for (const t of terminals) t.silent = false;
    await broker.restart();

    const states = async () => (await db.query<{ state: string }>(
      `SELECT state FROM siren_command_target WHERE command_id = $1 ORDER BY siren_id`, [id])).rows.map((r) => r.state);
    await until(async () => (await states()).every((s) => s === 'accepted' || s === 'finished'));
    await until(() => messaging.connected());
    expect(terminals.map((t) => t.sounded.filter((s) => s.id === id).length)).toEqual(Array(TERMINALS).fill(1));
    expect(fleet.stats().connected).toBe(TERMINALS);
  }, 60_000);
});
