/**
 * Presence on the real embedded broker: a terminal's signed heartbeats keep its siren online and record when it was
 * last heard; silent past the timeout it is shown offline with the reason in its history, and heard again it comes
 * back. A forged heartbeat, or one captured off the wire and replayed, keeps nothing alive.
 */
import type { FastifyInstance } from 'fastify';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { Database } from '../../db/index.ts';
import { PROTOCOL_VERSION, heartbeatTopic, signBeat } from '../../lib/siren-protocol.ts';
import { startMessaging, type Messaging } from '../../plugins/messaging.ts';
import { SimulatedTerminal } from '../../sim/siren-terminal.ts';
import { call, givenSession, openTestDatabase, seedFixture, testConfig, type Session } from '../../test/harness.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
const TIMEOUT_MS = 600;

let db: Database;
let drop: () => Promise<void>;
let messaging: Messaging;
let app: FastifyInstance;
let reader: Session;
let terminal: SimulatedTerminal;
let sirenId: number;
let terminalId: string;
let url: string;

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
  await seedFixture(db);
  const overrides = { MQTT_EMBEDDED_PORT: '0', SIREN_HEARTBEAT_TIMEOUT_MS: String(TIMEOUT_MS) };
  messaging = await startMessaging(testConfig(overrides), quiet);
  app = await buildApp(testConfig(overrides), { db, messaging });
  await app.ready();
  const manager = (await givenSession({ app, db }, { roles: ['siren_manager'] })).session;
  reader = (await givenSession({ app, db }, { roles: ['viewer'] })).session;
  sirenId = (await db.query<{ id: number }>(`SELECT id FROM siren WHERE code = 'JB-A-01'`)).rows[0]!.id;
  const key = (await call(app, manager, { method: 'POST', url: `/api/sirens/${sirenId}/terminal-key` })).json();
  terminalId = key.terminalId;
  url = `mqtt://127.0.0.1:${messaging.embeddedPort}`;
  terminal = await SimulatedTerminal.start({ url, terminalId, key: key.key, heartbeatMs: 100 });
});
afterAll(async () => {
  await terminal?.stop();
  await app?.close();
  await messaging?.close();
  await drop?.();
});

const until = async (what: () => Promise<boolean> | boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};
const siren = async () => (await call(app, reader, { method: 'GET', url: `/api/sirens/${sirenId}` })).json();
const publish = async (payload: string) => {
  // Only the terminal and the platform may publish on its topics (the broker's ACL): the intruder holds the platform's account.
  const c = await mqtt.connectAsync(url, { clientId: `intruder-${Math.random().toString(36).slice(2, 8)}`, ...messaging.credentials });
  await c.publishAsync(heartbeatTopic(terminalId), payload, { qos: 1 });
  await c.endAsync();
};

describe('siren presence (heartbeats)', () => {
  it('records when the terminal was last heard, and what it said it was doing', async () => {
    await until(async () => (await siren()).lastSeenAt !== null);
    const s = await siren();
    expect(s).toMatchObject({ status: 'online', terminalState: 'idle' });
    expect(Date.now() - Date.parse(s.lastSeenAt)).toBeLessThan(3000);
  });

  it('shows a siren silent past the timeout offline, with the reason in its history, and online again when heard', async () => {
    const captured = terminal.beats.at(-1)!;
    terminal.mute = true;
    await until(async () => (await siren()).status === 'offline');
    const down = await siren();
    expect(down.history[0]).toMatchObject({ fromStatus: 'online', toStatus: 'offline', reason: expect.stringContaining('心跳超时') });

    // Replayed or forged beats are not signs of life.
    await publish(captured);
    await publish(JSON.stringify(signBeat('ee'.repeat(32), { v: PROTOCOL_VERSION, terminal: terminalId, state: 'idle', at: new Date().toISOString() })));
    await new Promise((r) => setTimeout(r, TIMEOUT_MS));
    expect((await siren()).status).toBe('offline');

    terminal.mute = false;
    await until(async () => (await siren()).status === 'online');
    expect((await siren()).history[0]).toMatchObject({ fromStatus: 'offline', toStatus: 'online', reason: expect.stringContaining('心跳恢复') });
  });
});

describe('what the presence sweep writes', () => {
  it('keeps the columns it writes every second out of every index of the siren table, so the writes stay heap-only', async () => {
    // An indexed column written by an UPDATE makes it a new row version in every index (migration 0033 has the figures).
    const { rows } = await db.query<{ index: string; columns: string }>(
      `SELECT i.indexrelid::regclass::text AS index, pg_get_indexdef(i.indexrelid) AS columns
         FROM pg_index i WHERE i.indrelid = 'siren'::regclass`);
    expect(rows.length).toBeGreaterThan(3);
    const written = /\b(last_seen_at|terminal_state)\b/;
    expect(rows.filter((r) => written.test(r.columns)).map((r) => r.index)).toEqual([]);
  });
});
