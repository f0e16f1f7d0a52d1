/**
 * Command vehicles' telemetry end to end, on the embedded broker (aedes hooks) and on Mosquitto (the password file and
 * ACL `civdef broker mosquitto-config` writes): a client without a vehicle's login is refused; vehicle A can publish
 * only its own position, never B's nor anything in the sirens' tree; and of what A publishes the platform stores only
 * a fresh report signed with A's key — unsigned, forged, misdirected, stale and replayed ones are dropped and counted
 * on /metrics. The simulator, given the vehicle's key, drives a vehicle on the map through either broker.
 */
import type { FastifyInstance } from 'fastify';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { Database } from '../../db/index.ts';
import { SERVER_BROKER_USER, brokerPassword } from '../../lib/siren-protocol.ts';
import { positionTopic, signPosition, vehicleBrokerPassword, vehicleBrokerUser, vehicleKey, type PositionBody } from '../../lib/vehicle-protocol.ts';
import { startMessaging, type Messaging } from '../../plugins/messaging.ts';
import { SimulatedVehicle } from '../../sim/command-vehicle.ts';
import { FIXTURE, TEST_VEHICLE_MASTER_KEY, givenCommandServices, openTestDatabase, seedFixture, testConfig } from '../../test/harness.ts';
import { mosquittoBinary, startMosquitto, type RunningMosquitto } from '../../test/mosquitto.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
type Login = { username: string; password: string };
const LOGIN_REFUSED = /not authori[sz]ed|bad user ?name or password/i;

let db: Database;
let drop: () => Promise<void>;
const keyOf = (code: string) => vehicleKey(TEST_VEHICLE_MASTER_KEY, code);
const loginOf = (code: string): Login => ({ username: vehicleBrokerUser(code), password: vehicleBrokerPassword(keyOf(code), code) });
const connect = (url: string, login: Partial<Login> = {}) =>
  mqtt.connectAsync(url, { clientId: `v-${Math.random().toString(36).slice(2, 8)}`, reconnectPeriod: 0, connectTimeout: 5000, ...login });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const report = (code: string, b: Partial<PositionBody> = {}, key = keyOf(code)) =>
  JSON.stringify(signPosition(key, { v: 1, vehicle: code, lng: 120.9, lat: 32.0, at: new Date().toISOString(), speedKmh: 30, ...b }));

async function fixOf(code: string): Promise<{ lng: number | null; at: Date | null }> {
  const { rows } = await db.query<{ lng: number | null; at: Date | null }>(`SELECT ST_X(position) AS lng, position_at AS at FROM command_vehicle WHERE code = $1`, [code]);
  return rows[0]!;
}

/** The counts of `civdef_vehicle_positions_total` by result, as a scraper reads them. */
async function countsOf(app: FastifyInstance): Promise<Record<string, number>> {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  const out: Record<string, number> = {};
  for (const [, result, n] of res.body.matchAll(/^civdef_vehicle_positions_total\{result="(\w+)"\} (\d+)$/gm)) out[result!] = Number(n);
  return out;
}

async function waitFor(check: () => Promise<boolean>, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
  await seedFixture(db);
  for (const code of ['JD-A', 'JD-B', 'JD-SIM-1', 'JD-SIM-2']) {
    await db.query(`INSERT INTO command_vehicle (code, name, region_code, crew, home) VALUES ($1, $1, $2, 4, ST_SetSRID(ST_MakePoint(120.86, 32.01), 4326))`, [code, FIXTURE.countyB]);
  }
});
afterAll(async () => drop?.());

/** The checks shared by both brokers; `ctx().app` is a platform connected to that broker. */
function brokerChecks(ctx: () => { url: string; server: Login; app: FastifyInstance; simVehicle: string }) {
  it('refuses a client without a vehicle\'s login: anonymous, wrong or another\'s password, the old spelling, an unregistered vehicle', async () => {
    const { url } = ctx();
    await expect(connect(url)).rejects.toThrow(LOGIN_REFUSED);
    await expect(connect(url, { username: vehicleBrokerUser('JD-A'), password: 'guess' })).rejects.toThrow(LOGIN_REFUSED);
    await expect(connect(url, { username: vehicleBrokerUser('JD-A'), password: loginOf('JD-B').password })).rejects.toThrow(LOGIN_REFUSED);
    // The old user name (`vehicle:<code>`, with its derived password) is no account any more, on either broker.
    await expect(connect(url, { username: 'vehicle:JD-A', password: brokerPassword(keyOf('JD-A'), 'vehicle:JD-A') })).rejects.toThrow(LOGIN_REFUSED);
    // Nor is the bare code (a terminal id), nor a vehicle the registry does not hold, even with the right derivation.
    await expect(connect(url, { username: 'JD-A', password: loginOf('JD-A').password })).rejects.toThrow(LOGIN_REFUSED);
    await expect(connect(url, loginOf('JD-NOBODY'))).rejects.toThrow(LOGIN_REFUSED);
  });

  it('stores only A\'s fresh report signed with A\'s key; drops and counts the rest; A reaches neither B\'s topic nor the sirens\'', async () => {
    const { url, server, app } = ctx();
    const watch = await connect(url, server);
    const seen: string[] = [];
    watch.on('message', (topic) => seen.push(topic));
    await watch.subscribeAsync(['civdef/v1/vehicle/#', 'civdef/v1/t/#'], { qos: 0 });
    const before = await countsOf(app);
    const a = await connect(url, loginOf('JD-A'));
    const aGot: string[] = [];
    a.on('message', (topic) => aGot.push(topic));
    try {
      const good = report('JD-A', { lng: 120.91 + Math.random() / 100 });
      const sent: Array<[string, string]> = [
        ['stored', good],
        ['replayed', good],
        ['unsigned', JSON.stringify({ lng: 121.5, lat: 32.0, at: new Date().toISOString(), speedKmh: 30 })],
        ['forged', report('JD-A', { lng: 121.5 }, keyOf('JD-B'))],
        ['wrong_vehicle', report('JD-B', { lng: 121.5 })],
        ['too_old', report('JD-A', { lng: 121.5, at: new Date(Date.now() - 10 * 60_000).toISOString() })],
        ['future', report('JD-A', { lng: 121.5, at: new Date(Date.now() + 10 * 60_000).toISOString() })],
        ['malformed', 'not json'],
      ];
      for (const [, payload] of sent) await a.publishAsync(positionTopic('JD-A'), payload, { qos: 0 });
      const expected = { ...before };
      for (const [result] of sent) expected[result] = (expected[result] ?? 0) + 1;
      await waitFor(async () => JSON.stringify(await countsOf(app)) === JSON.stringify(expected), 'every report to be judged');
      // A's position is the one good report's, the fakes moved nothing.
      expect((await fixOf('JD-A')).lng).toBeCloseTo(JSON.parse(good).lng, 9);

      // A reads nothing (not even its own topic), and what it publishes outside its one topic reaches nobody — on B's
      // topic even a report signed with B's key, and in the sirens' tree under its own name.
      await a.subscribeAsync('civdef/v1/vehicle/#', { qos: 0 }).catch(() => undefined);
      await watch.publishAsync(positionTopic('JD-A'), 'from the platform', { qos: 0 });
      a.publish(`civdef/v1/t/${vehicleBrokerUser('JD-A')}/report`, 'fake report', { qos: 0 });
      a.publish(positionTopic('JD-B'), report('JD-B'), { qos: 0 });
      await sleep(600);
      expect(aGot).toEqual([]);
      expect(seen.filter((t) => t !== positionTopic('JD-A'))).toEqual([]);
      expect(await fixOf('JD-B')).toEqual({ lng: null, at: null });
    } finally {
      await a.endAsync(true);
      await watch.endAsync(true);
    }
  });

  it('shows a vehicle driven by the simulator with its key on the map', async () => {
    const { url, simVehicle } = ctx();
    const v = await SimulatedVehicle.start({ url, code: simVehicle, key: keyOf(simVehicle), route: [[120.9, 31.98], [120.95, 32.0]], intervalMs: 100 });
    try {
      await waitFor(async () => (await fixOf(simVehicle)).at !== null && v.sent.length >= 3, 'the simulated vehicle\'s position');
      const at = (await fixOf(simVehicle)).at!.getTime();
      await waitFor(async () => (await fixOf(simVehicle)).at!.getTime() > at, 'it to move on');
    } finally {
      await v.stop();
    }
    // Without its key (another vehicle's), the simulator cannot even log in.
    await expect(SimulatedVehicle.start({ url, code: simVehicle, key: keyOf('JD-A'), route: [[120.9, 31.98]], intervalMs: 100 })).rejects.toThrow(LOGIN_REFUSED);
  });
}

function appOn(messaging: Messaging, overrides: Record<string, string>) {
  return async () => {
    const app = await buildApp(testConfig(overrides), { db, messaging });
    await app.ready();
    return app;
  };
}

describe('embedded broker (aedes hooks)', () => {
  let messaging: Messaging;
  let app: FastifyInstance;
  beforeAll(async () => {
    messaging = await startMessaging(testConfig({ MQTT_EMBEDDED_PORT: '0' }), quiet);
    app = await appOn(messaging, { MQTT_EMBEDDED_PORT: '0' })();
  });
  afterAll(async () => {
    await app?.close();
    await messaging?.close();
  });
  brokerChecks(() => ({ url: `mqtt://127.0.0.1:${messaging.embeddedPort}`, server: messaging.credentials!, app, simVehicle: 'JD-SIM-1' }));

  it('admits no vehicle before the command module gives its check (fail closed)', async () => {
    const bare = await startMessaging(testConfig({ MQTT_EMBEDDED_PORT: '0' }), quiet);
    try {
      await expect(connect(`mqtt://127.0.0.1:${bare.embeddedPort}`, loginOf('JD-A'))).rejects.toThrow(LOGIN_REFUSED);
    } finally {
      await bare.close();
    }
  });
});

describe.skipIf(!mosquittoBinary())('Mosquitto with the generated password file and ACL', () => {
  let broker: RunningMosquitto;
  let messaging: Messaging;
  let app: FastifyInstance;
  const server: Login = { username: SERVER_BROKER_USER, password: 'mosquitto-test-platform-login' };
  beforeAll(async () => {
    // What `civdef broker mosquitto-config` writes: every registered vehicle's account (and no terminal here).
    const { vehicles } = givenCommandServices(db);
    const accounts = await vehicles.brokerAccounts('test');
    expect(accounts.map((v) => v.code)).toEqual(['JD-A', 'JD-B', 'JD-SIM-1', 'JD-SIM-2']);
    broker = await startMosquitto({ server, terminals: [], vehicles: accounts });
    const overrides = { MQTT_URL: broker.url, MQTT_USERNAME: server.username, MQTT_PASSWORD: server.password };
    messaging = await startMessaging(testConfig(overrides), quiet);
    app = await appOn(messaging, overrides)();
  });
  afterAll(async () => {
    await app?.close();
    await messaging?.close();
    await broker?.close();
  });
  brokerChecks(() => ({ url: broker.url, server, app, simVehicle: 'JD-SIM-2' }));
});
