/**
 * The live view of a command, pushed over server-sent events, on a listening server with the real embedded broker
 * and simulated terminals: a snapshot first, then deltas carrying only the deliveries written since the last event
 * (reports, retries, failures, the unreachable flag), coalesced; a reconnect with Last-Event-ID gets only what
 * changed since; the stream ends when the command is complete. The cursor read (?since=) answers the same rows.
 */
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { Database } from '../../db/index.ts';
import { startMessaging, type Messaging } from '../../plugins/messaging.ts';
import { SimulatedTerminal } from '../../sim/siren-terminal.ts';
import { CommandLiveFrame } from './sirens.schemas.ts';
import { FIXTURE, call, givenSession, openTestDatabase, seedFixture, testConfig, type Session } from '../../test/harness.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;

interface Delivery { sirenId: number; state: string; seq: number; unreachableAt: string | null; lon: number; lat: number }
interface Frame { counts: Record<string, number>; deliveries: Delivery[]; cursor: number; complete: boolean }
interface SseEvent { event: string; id: string | null; data: Frame; at: number }

let db: Database;
let drop: () => Promise<void>;
let messaging: Messaging;
let app: FastifyInstance;
let base = '';
let duty: Session;
let otherDistrict: Session;
const terminals: SimulatedTerminal[] = [];
let sirenA: number;
let sirenB: number;

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
  await seedFixture(db);
  // B never answers: sent at once, again after 1.5 s, failed after 3 s; flagged unreachable 0.4 s after the first send.
  const overrides = {
    MQTT_EMBEDDED_PORT: '0', SIREN_ACK_TIMEOUT_MS: '1500', SIREN_COMMAND_RETRIES: '1', SIREN_COMMAND_TTL_SECONDS: '60',
    SIREN_UNREACHABLE_AFTER_MS: '400', SIREN_LIVE_MAX_STREAMS: '3',
  };
  messaging = await startMessaging(testConfig(overrides), quiet);
  const url = `mqtt://127.0.0.1:${messaging.embeddedPort}`;
  app = await buildApp(testConfig(overrides), { db, messaging });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const t = { app, db };
  const manager = (await givenSession(t, { roles: ['siren_manager'] })).session;
  duty = (await givenSession(t, { roles: ['duty_officer'] })).session;
  otherDistrict = (await givenSession(t, { roles: ['duty_officer'], regionCode: FIXTURE.countyB })).session;
  const provision = async (code: string) => {
    const id = (await db.query<{ id: number }>('SELECT id FROM siren WHERE code = $1', [code])).rows[0]!.id;
    const res = await call(app, manager, { method: 'POST', url: `/api/sirens/${id}/terminal-key` });
    expect(res.statusCode, res.body).toBe(200);
    return { id, terminalId: res.json().terminalId as string, key: res.json().key as string };
  };
  const a = await provision('JB-A-01');
  const b = await provision('JB-B-01');
  [sirenA, sirenB] = [a.id, b.id];
  // A acknowledges at once and plays 3 minutes in 1.8 s: its `finished` comes while the stream is open.
  terminals.push(await SimulatedTerminal.start({ url, terminalId: a.terminalId, key: a.key, timeScale: 0.01 }));
  terminals.push(await SimulatedTerminal.start({ url, terminalId: b.terminalId, key: b.key, silent: true }));
});
afterAll(async () => {
  for (const t of terminals) await t.stop();
  await app?.close();
  await messaging?.close();
  await drop?.();
});

/** Opens a command's stream and collects its events until it ends (or `stopWhen` says so). */
async function stream(session: Session, commandId: string, opts: { lastEventId?: string; stopWhen?: (events: SseEvent[]) => boolean; accept?: string } = {}) {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/siren-commands/${commandId}/events`, {
    signal: controller.signal,
    headers: { cookie: session.cookie, accept: opts.accept ?? 'text/event-stream', ...(opts.lastEventId ? { 'last-event-id': opts.lastEventId } : {}) },
  });
  const events: SseEvent[] = [];
  const done = (async () => {
    if (res.status !== 200 || !res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? null;
          const event = field('event');
          // Every event's data is what the contract describes (the stream is not checked by a response schema).
          if (event && !Value.Check(CommandLiveFrame, JSON.parse(field('data')!))) throw new Error(`event ${event} does not match CommandLiveFrame: ${field('data')}`);
          if (event) events.push({ event, id: field('id'), data: JSON.parse(field('data')!) as Frame, at: Date.now() });
        }
        if (opts.stopWhen?.(events)) controller.abort();
      }
    } catch (err) {
      if ((err as Error).name !== 'AbortError') throw err;
    }
  })();
  return { res, events, done, close: () => controller.abort() };
}

const issue = async (sirenIds: number[]) => {
  const res = await call(app, duty, { method: 'POST', url: '/api/siren-commands', payload: { action: 'sound', program: 'air_raid', target: { sirenIds } } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
const until = async (what: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms))]);

describe('a command\'s live stream', () => {
  let id: string;
  let first: SseEvent[];

  it('sends a snapshot, then only what changed as reports come, the unreachable flag, and ends when the command is complete', async () => {
    id = await issue([sirenA, sirenB]);
    const s = await stream(duty, id);
    expect(s.res.status).toBe(200);
    expect(s.res.headers.get('content-type')).toContain('text/event-stream');
    await within(s.done, 15_000);
    first = s.events;
    const [snapshot, ...deltas] = first;
    expect(snapshot!.event).toBe('snapshot');
    expect(snapshot!.data.deliveries.map((d) => d.sirenId).sort()).toEqual([sirenA, sirenB].sort());
    expect(Number(snapshot!.id)).toBe(snapshot!.data.cursor);
    // Every delta carries only rows written after the event before it, and its id is its cursor, increasing.
    let cursor = snapshot!.data.cursor;
    for (const d of deltas) {
      expect(d.event).toBe('delta');
      expect(Number(d.id)).toBe(d.data.cursor);
      expect(d.data.cursor).toBeGreaterThanOrEqual(cursor);
      for (const row of d.data.deliveries) expect(row.seq).toBeGreaterThan(cursor);
      cursor = d.data.cursor;
    }
    // A's acknowledgement and finish were pushed, and B was flagged unreachable while still unanswered, then failed.
    const rowsOf = (sirenId: number) => deltas.flatMap((d) => d.data.deliveries.filter((r) => r.sirenId === sirenId));
    expect(rowsOf(sirenA).map((r) => r.state)).toContain('finished');
    expect(rowsOf(sirenB).some((r) => r.state === 'sent' && r.unreachableAt !== null)).toBe(true);
    expect(rowsOf(sirenB).at(-1)).toMatchObject({ state: 'failed' });
    // A delta after A had finished carried B alone: deltas are the changed rows, not the command.
    expect(deltas.some((d) => d.data.deliveries.length === 1 && d.data.deliveries[0]!.sirenId === sirenB)).toBe(true);
    const last = deltas.at(-1)!;
    expect(last.data).toMatchObject({ complete: true, counts: { finished: 1, failed: 1 } });
    // The stream ended by itself (done resolved) and no watcher is left behind.
    // Coalesced: never more than one read per quarter second (a little slack for the client's own event loop).
    const span = last.at - snapshot!.at;
    expect(deltas.length).toBeLessThanOrEqual(Math.ceil(span / 250) + 2);
  });

  it('answers a reconnect (Last-Event-ID) with only what changed after it, and the cursor read the same rows', async () => {
    const snapshot = first[0]!;
    const again = await stream(duty, id, { lastEventId: snapshot.id! });
    await within(again.done, 5000);
    expect(again.events.map((e) => e.event)).toEqual(['delta']);
    const changed = again.events[0]!.data;
    expect(changed.complete).toBe(true);
    expect(changed.deliveries.map((d) => d.sirenId).sort()).toEqual([sirenA, sirenB].sort());
    for (const row of changed.deliveries) expect(row.seq).toBeGreaterThan(snapshot.data.cursor);

    const last = first.at(-1)!;
    const upToDate = await stream(duty, id, { lastEventId: last.id! });
    await within(upToDate.done, 5000);
    expect(upToDate.events).toHaveLength(1);
    expect(upToDate.events[0]!.data).toMatchObject({ deliveries: [], complete: true, cursor: last.data.cursor });

    // The fallback: the same answer by polling with the cursor.
    const since = await call(app, duty, { method: 'GET', url: `/api/siren-commands/${id}?since=${snapshot.data.cursor}` });
    expect(since.statusCode).toBe(200);
    expect(since.json().deliveries.map((d: Delivery) => d.sirenId).sort()).toEqual([sirenA, sirenB].sort());
    expect(since.json().cursor).toBe(last.data.cursor);
    const none = await call(app, duty, { method: 'GET', url: `/api/siren-commands/${id}?since=${last.data.cursor}` });
    expect(none.json()).toMatchObject({ deliveries: [], cursor: last.data.cursor, counts: { finished: 1, failed: 1 } });
    // The whole read still answers everything, with the cursor to go on from.
    const whole = await call(app, duty, { method: 'GET', url: `/api/siren-commands/${id}` });
    expect(whole.json().deliveries).toHaveLength(2);
    expect(whole.json().cursor).toBe(last.data.cursor);
    expect(whole.json().deliveries[0]).toMatchObject({ lon: expect.any(Number), lat: expect.any(Number) });
  });

  it('ignores a Last-Event-ID it did not give (a snapshot instead) and refuses a bad ?since by name', async () => {
    const s = await stream(duty, id, { lastEventId: 'not-a-cursor' });
    await within(s.done, 5000);
    expect(s.events.map((e) => e.event)).toEqual(['snapshot']);
    const bad = await call(app, duty, { method: 'GET', url: `/api/siren-commands/${id}?since=-1`, headers: { 'accept-language': 'en' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('since');
  });

  it('pushes a report to a stream that is open before it comes, without the browser asking', async () => {
    const commandId = await issue([sirenA]);
    const s = await stream(duty, commandId);
    await within(s.done, 10_000);
    const finished = s.events.find((e) => e.data.deliveries.some((d) => d.state === 'finished'));
    expect(finished).toBeDefined();
    expect(s.events.at(-1)!.data.complete).toBe(true);
  });

  it('pushes a change another server process wrote (no poke here) within its sweep of two seconds', async () => {
    // A command this process never sent: its row as another process would leave it, first sent an hour from now (so
    // nothing here flags it), then answered by writes of that other process — plain SQL here.
    const other = '3d2c1b0a-9f8e-4d7c-8b6a-5a4b3c2d1e0f';
    await db.query(`INSERT INTO siren_command (id, action, program, target, region_code, issued_at, expires_at)
      VALUES ($1, 'sound', 'air_raid', '{}'::jsonb, $2, now(), now() + interval '1 minute')`, [other, FIXTURE.city]);
    await db.query(`INSERT INTO siren_command_target (command_id, siren_id, region_code, nonce, state, attempts, sent_at)
      VALUES ($1, $2, $3, 'n', 'sent', 1, now() + interval '1 hour')`, [other, sirenA, FIXTURE.city]);
    const s = await stream(duty, other);
    await until(() => s.events.length === 1);
    const t0 = Date.now();
    await db.query(`UPDATE siren_command_target SET state = 'accepted', accepted_at = now(), seq = nextval('siren_command_target_seq') WHERE command_id = $1`, [other]);
    await until(() => s.events.length === 2, 5000);
    expect(s.events[1]!.data.deliveries).toEqual([expect.objectContaining({ sirenId: sirenA, state: 'accepted' })]);
    expect(Date.now() - t0).toBeLessThan(4000);
    await db.query(`UPDATE siren_command_target SET state = 'finished', finished_at = now(), seq = nextval('siren_command_target_seq') WHERE command_id = $1`, [other]);
    await within(s.done, 5000);
    expect(s.events.at(-1)!.data).toMatchObject({ complete: true, counts: { finished: 1 } });
  });

  it('is not there for another district\'s officer, needs an event-stream client, and is capped', async () => {
    const other = await stream(otherDistrict, id);
    expect(other.res.status).toBe(404);
    expect(((await other.res.json()) as { code: string }).code).toBe('SIRENS_COMMAND_NOT_FOUND');
    const plain = await stream(duty, id, { accept: 'application/json' });
    expect(plain.res.status).toBe(406);

    // A long command keeps its streams open: B never answers for 3 s.
    const open = await issue([sirenB]);
    const held = [await stream(duty, open), await stream(duty, open), await stream(duty, open)];
    try {
      expect(held.map((h) => h.res.status)).toEqual([200, 200, 200]);
      const full = await stream(duty, open);
      expect(full.res.status).toBe(503);
      expect(full.res.headers.get('retry-after')).toBe('60');
      expect(((await full.res.json()) as { code: string }).code).toBe('SIRENS_STREAM_FULL');
    } finally {
      for (const h of held) h.close();
    }
  });
});
