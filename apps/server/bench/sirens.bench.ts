/**
 * Sirens benchmark: the time from issuing a sound command to the activation report (`accepted`, the terminal's real
 * acknowledgement) of every terminal, for 1,000 / 5,000 / 10,000 simulated terminals, on the embedded broker and on
 * Mosquitto side by side (the issue's target: 10,000 within 2 s on the 2-core machine).
 *
 * What runs: the platform's side of docs/protocols/siren-control.md exactly as the control service does it — one
 * HMAC-SM3-signed command per terminal (own key, own nonce), published QoS 1 all at once over the server's MQTT link
 * (plugins/messaging.ts: the embedded aedes broker with its login/ACL hooks, or Mosquitto with the password file and
 * ACL of `civdef broker mosquitto-config`); every report parsed and verified under the terminal's key. The terminals
 * are `SirenFleet` in a child process: each its own MQTT session with its own login, verifying each command before
 * answering. That is the "link only" figure: no database.
 *
 * The "full path" figure adds the database, as a duty officer's command goes: the control service (modules/sirens)
 * issues the command — the command, one delivery row per siren with its signed bytes and the audit row in one
 * transaction (the outbox) — its dispatcher publishes after the commit, and each verified activation report is
 * recorded on the siren's delivery row (and the siren shown sounding), the reports written in batches of one
 * transaction each. The time of a siren is its delivery row's `accepted_at` (when the transaction of the report's
 * batch recorded it) minus the moment the issue began. The full path runs on both databases, one after the other
 * with the same fleet: PGlite in memory, on its worker thread in the server's process as in a default install, and
 * PostgreSQL as a production install runs it (BENCH_DATABASE_URL or DATABASE_URL: a scratch database on that server;
 * otherwise a throw-away PostgreSQL 15 cluster on loopback with fsync on, since a report's commit must survive a
 * crash: apps/server/bench/postgres.ts). Not included: HTTP and the session check in front of the service.
 * Heartbeats are off; between two sizes a `stop` round (not measured) silences the sirens again.
 *
 * Run: node --import tsx apps/server/bench/sirens.bench.ts [--quick] [--sizes 1000,5000,10000] [--db pglite|postgres] [--cpu-prof DIR]
 *   --quick  (or BENCH_QUICK=1) 1,000 terminals only
 *   --embedded-only  leave Mosquitto out
 *   --link-only  leave the full path (database) out
 *   --db KIND  the full path on one database only (pglite or postgres)
 *   --cpu-prof DIR  V8 CPU profiles of the largest size's measured rounds only (not the set-up, logins or the other
 *                   rounds), of this process (`<broker>-<link|full>-server.cpuprofile`) and of the fleet's
 *                   (`…-fleet.cpuprofile`); open them in Chrome DevTools, or summarise them by self time with
 *                   `node --import tsx apps/server/bench/cpuprofile-top.ts FILE`
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { PERMISSIONS } from '@civdef/domain';
import { loadConfig } from '../src/config.ts';
import { migrate, openDatabase, type Database } from '../src/db/index.ts';
import type { Actor } from '../src/lib/actor.ts';
import { fieldCipherFor } from '../src/lib/field-crypto.ts';
import { ensureReferenceData } from '../src/modules/bootstrap/index.ts';
import { createRegionsService } from '../src/modules/regions/index.ts';
import { createSirensServices, TERMINAL_KEY_CONTEXT } from '../src/modules/sirens/index.ts';
import {
  PROTOCOL_VERSION, REPORT_TOPIC_FILTER, SERVER_BROKER_USER, brokerPassword, commandTopic, parseReport, randomNonce, signCommand, verifyReport, type CommandBody,
} from '../src/lib/siren-protocol.ts';
import { startMessaging, type Messaging } from '../src/plugins/messaging.ts';
import { mosquittoBinary, startMosquitto, type RunningMosquitto } from '../src/test/mosquitto.ts';
import { benchPostgres, type PgTarget } from './postgres.ts';
import { benchTerminals } from './sirens.keys.ts';

const args = process.argv.slice(2);
if (args.includes('--help')) {
  console.log('usage: node --import tsx apps/server/bench/sirens.bench.ts [--quick] [--sizes 1000,5000,10000] [--embedded-only] [--link-only] [--db pglite|postgres] [--cpu-prof DIR]');
  process.exit(0);
}
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';
const sizesArg = args.indexOf('--sizes');
const SIZES = sizesArg >= 0 ? args[sizesArg + 1]!.split(',').map(Number) : quick ? [1_000] : [1_000, 5_000, 10_000];
const FLEET = Math.max(...SIZES);
const SECRET = randomBytes(32).toString('hex');
const terminals = benchTerminals(SECRET, FLEET);
const keyOf = new Map(terminals.map((t) => [t.terminalId, t.key]));
const linkOnly = args.includes('--link-only');
const dbArg = args.indexOf('--db');
const ONLY_DB = dbArg >= 0 ? args[dbArg + 1] : undefined;
if (ONLY_DB !== undefined && ONLY_DB !== 'pglite' && ONLY_DB !== 'postgres') {
  console.error('--db takes pglite or postgres');
  process.exit(2);
}
const profArg = args.indexOf('--cpu-prof');
const CPU_PROF = profArg >= 0 ? path.resolve(args[profArg + 1]!) : null;
if (CPU_PROF) mkdirSync(CPU_PROF, { recursive: true });
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as never;

interface Round {
  p50: number;
  p99: number;
  max: number;
  /** Signing and handing all commands to the MQTT client. */
  sendMs: number;
  answered: number;
  /**
   * CPU time of this process (every thread: broker, database, control service) from the issue to the last report:
   * what the round costs the server whatever else the machine runs, where the times above grow with the load.
   */
  cpuMs: number;
}
const cpuSince = (c: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c);
  return Math.round((d.user + d.system) / 1000);
};

/** Starts the fleet in its own process and waits until every terminal is connected. */
async function startFleet(url: string): Promise<{ child: ChildProcess; connectMs: number }> {
  const child = fork(path.join(import.meta.dirname, 'sirens.fleet.ts'), [], {
    // `node --cpu-prof … sirens.bench.ts` profiles the fleet's process too (its own .cpuprofile file).
    execArgv: ['--import', 'tsx', ...process.execArgv.filter((a) => a.startsWith('--cpu-prof'))], env: { ...process.env, SIREN_BENCH_URL: url, SIREN_BENCH_COUNT: String(FLEET), SIREN_BENCH_SECRET: SECRET, ...(CPU_PROF ? { SIREN_BENCH_PROF: CPU_PROF } : {}) }, stdio: 'inherit',
  });
  const ready = await new Promise<{ connectMs: number; stats: { connected: number; refusedLogin: number } }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as never));
    child.once('exit', (code) => reject(new Error(`fleet exited with ${code}`)));
  });
  if (ready.stats.connected !== FLEET) throw new Error(`only ${ready.stats.connected} of ${FLEET} terminals connected (${ready.stats.refusedLogin} refused)`);
  return { child, connectMs: ready.connectMs };
}

/**
 * Runs `fn` with both processes profiled when --cpu-prof is given (the fleet is asked over IPC and answers once its
 * profile is written), so a profile holds the measured round and nothing else.
 */
async function profiled<T>(fleet: ChildProcess, name: string, fn: () => Promise<T>): Promise<T> {
  if (!CPU_PROF) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  fleet.send({ type: 'prof-start' });
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    writeFileSync(path.join(CPU_PROF, `${name}-server.cpuprofile`), JSON.stringify(profile));
    const written = new Promise((r) => fleet.once('message', r));
    fleet.send({ type: 'prof-stop', file: path.join(CPU_PROF, `${name}-fleet.cpuprofile`) });
    await written;
  }
}

/** The platform side: sends one signed command to each of the first n terminals and times each verified report. */
function platform(messaging: Messaging) {
  const client = messaging.client!;
  const waiting = new Map<string, { status: 'accepted'; seen: Map<string, number>; n: number; done: () => void }>();
  client.on('message', (topic, payload) => {
    const report = parseReport(payload);
    if (!report) return;
    const w = waiting.get(report.id);
    const terminal = topic.split('/')[3]!;
    const key = keyOf.get(terminal);
    if (!w || report.status !== w.status || report.terminal !== terminal || !key || !verifyReport(key, report)) return;
    if (!w.seen.has(terminal)) w.seen.set(terminal, performance.now());
    if (w.seen.size === w.n) w.done();
  });
  return async function round(n: number, action: 'sound' | 'stop', timeoutMs = 60_000): Promise<Round> {
    const id = randomUUID();
    const cpu0 = process.cpuUsage();
    const seen = new Map<string, number>();
    const finished = new Promise<void>((resolve) => waiting.set(id, { status: 'accepted', seen, n, done: resolve }));
    const t0 = performance.now();
    const issuedAt = new Date();
    const expiresAt = new Date(issuedAt.getTime() + 120_000);
    const program = action === 'sound' ? { code: 'air_raid', onS: 6, offS: 6, repeat: 15 } : null;
    const sends = terminals.slice(0, n).map((t) => {
      const body: CommandBody = { v: PROTOCOL_VERSION, id, terminal: t.terminalId, action, program, issuedAt: issuedAt.toISOString(), expiresAt: expiresAt.toISOString(), nonce: randomNonce() };
      return client.publishAsync(commandTopic(t.terminalId), JSON.stringify(signCommand(t.key, body)), { qos: 1 });
    });
    const sendMs = performance.now() - t0;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    const cpuMs = cpuSince(cpu0);
    await Promise.allSettled(sends);
    waiting.delete(id);
    const times = [...seen.values()].map((t) => t - t0).sort((a, b) => a - b);
    const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN);
    return { p50: at(0.5), p99: at(0.99), max: Math.round(times.at(-1) ?? NaN), sendMs: Math.round(sendMs), answered: times.length, cpuMs };
  };
}

/** The database of the full-path rounds: the bench's sirens (the same ids and keys as the fleet's), keys sealed as stored. */
interface Store {
  name: 'PGlite' | 'PostgreSQL';
  db: Database;
  config: ReturnType<typeof loadConfig>;
  sirenIds: number[];
}

const benchActor: Actor = {
  userId: 1, username: 'bench', displayName: 'bench', roles: ['system_admin'], permissions: new Set(PERMISSIONS), regionCode: '320600', scope: '3206',
  mustChangePassword: false, sessionTokenHash: '', csrfToken: '',
};

/** `databaseUrl`: a PostgreSQL database (empty); none: PGlite in memory. */
async function openStore(databaseUrl?: string): Promise<Store> {
  const config = loadConfig({
    NODE_ENV: 'test', LOG_LEVEL: 'silent', CIVDEF_DB_IN_MEMORY: 'true', MQTT_EMBEDDED_PORT: 'off', FIELD_ENCRYPTION_KEY: 'be0cbe0cbe0cbe0cbe0cbe0cbe0cbe0c',
    SIREN_ACK_TIMEOUT_MS: '30000', SIREN_COMMAND_TTL_SECONDS: '120', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    // The embedded database's thread (worker by default), so the two drivers can be compared.
    ...(process.env.CIVDEF_PGLITE_THREAD ? { CIVDEF_PGLITE_THREAD: process.env.CIVDEF_PGLITE_THREAD } : {}),
  });
  const db = await openDatabase(config);
  await migrate(db);
  await ensureReferenceData(db, config);
  const region = (await db.query<{ code: string }>(`SELECT code FROM region WHERE code LIKE '3206%' ORDER BY length(code) DESC, code LIMIT 1`)).rows[0]!.code;
  const cipher = fieldCipherFor(config.fieldEncryption);
  const rows = terminals.map((t) => ({ code: t.terminalId, key: cipher.encrypt(t.key, TERMINAL_KEY_CONTEXT) }));
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 2_000) {
    const { rows: inserted } = await db.query<{ id: number }>(
      `INSERT INTO siren (code, name, region_code, location, kind, status, control_channel, terminal_id, terminal_key)
       SELECT r.code, r.code, $2, ST_SetSRID(ST_MakePoint(120.87, 32.0), 4326), 'electronic', 'online', 'mqtt', r.code, r.key
         FROM jsonb_to_recordset($1::jsonb) AS r(code text, key text) ORDER BY r.code RETURNING id`, [JSON.stringify(rows.slice(i, i + 2_000)), region]);
    ids.push(...inserted.map((r) => r.id).sort((a, b) => a - b));
  }
  return { name: databaseUrl ? 'PostgreSQL' : 'PGlite', db, config, sirenIds: ids };
}

/** The full path: the control service on this broker link and the bench's database; one round per size. */
async function fullPath(store: Store, messaging: Messaging, fleet: ChildProcess): Promise<Map<number, Round>> {
  const { control } = createSirensServices({ db: store.db, regions: createRegionsService({ db: store.db }), cipher: fieldCipherFor(store.config.fieldEncryption), messaging, settings: store.config.sirens });
  await control.start();
  const results = new Map<number, Round>();
  const round = async (n: number, action: 'sound' | 'stop', timeoutMs = 300_000): Promise<Round> => {
    const t0 = Date.now();
    const cpu0 = process.cpuUsage();
    const issued = await control.issue(benchActor, null, { action, ...(action === 'sound' ? { program: 'air_raid' } : {}), target: { sirenIds: store.sirenIds.slice(0, n) } });
    const sendMs = Date.now() - t0;
    const id = issued.data.command.id;
    const end = t0 + timeoutMs;
    // Waiting polls a count only (the database works in the measured process); the times are read once at the end.
    // The recorded time is the row's own `accepted_at`, so how often this looks does not change what it reads.
    for (;;) {
      const { rows } = await store.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM siren_command_target WHERE command_id = $1 AND accepted_at IS NOT NULL`, [id]);
      if (rows[0]!.n >= n || Date.now() > end) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const cpuMs = cpuSince(cpu0);
    const { rows } = await store.db.query<{ ms: number }>(
      `SELECT (extract(epoch FROM accepted_at) * 1000)::float8 AS ms FROM siren_command_target WHERE command_id = $1 AND accepted_at IS NOT NULL`, [id]);
    const times = rows.map((r) => Number(r.ms) - t0).sort((a, b) => a - b);
    const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN);
    return { p50: at(0.5), p99: at(0.99), max: Math.round(times.at(-1) ?? NaN), sendMs, answered: times.length, cpuMs };
  };
  // After a stop round the reports still coming in (each silenced sound command's `finished`) are written first, so
  // that they do not slow the next measured round. A `finished` lost on the way is reconciled by the control service
  // a few seconds later (inferred from the stop the terminal acknowledged); should one still be missing after 30 s,
  // the count left is printed and the run goes on.
  const settle = async (timeoutMs = 30_000) => {
    const end = Date.now() + timeoutMs;
    let left = 0;
    while (Date.now() < end) {
      const { rows } = await store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM siren_command_target WHERE state IN ('pending', 'sent', 'accepted')`);
      left = rows[0]!.n;
      if (left === 0) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    console.log(`  (full path on ${store.name} and ${messaging.kind}: ${left.toLocaleString('en')} deliveries still without their last report after ${timeoutMs / 1000} s; going on)`);
  };
  try {
    await round(Math.min(1_000, FLEET), 'sound');
    await round(Math.min(1_000, FLEET), 'stop');
    await settle();
    for (const n of SIZES) {
      results.set(n, n === FLEET ? await profiled(fleet, `${messaging.kind}-full-${store.name.toLowerCase()}`, () => round(n, 'sound')) : await round(n, 'sound'));
      await round(n, 'stop');
      await settle();
    }
  } finally {
    await control.stop();
  }
  return results;
}

interface Measured {
  link: Map<number, Round>;
  /** Per database (Store.name). */
  full: Map<string, Map<number, Round>>;
}

async function measure(name: string, messaging: Messaging, url: string, stores: readonly Store[]): Promise<Measured> {
  await messaging.client!.subscribeAsync(REPORT_TOPIC_FILTER, { qos: 1 });
  const { child, connectMs } = await startFleet(url);
  console.log(`  ${name}: ${FLEET.toLocaleString('en')} terminals connected and logged in in ${(connectMs / 1000).toFixed(1)} s`);
  const round = platform(messaging);
  const results = new Map<number, Round>();
  const full = new Map<string, Map<number, Round>>();
  try {
    // A warm-up round (not counted): the first messages pay for JIT compilation on both sides.
    await round(Math.min(1_000, FLEET), 'sound');
    await round(Math.min(1_000, FLEET), 'stop');
    for (const n of SIZES) {
      results.set(n, n === FLEET ? await profiled(child, `${messaging.kind}-link`, () => round(n, 'sound')) : await round(n, 'sound'));
      await round(n, 'stop');
    }
    // After the link-only rounds: the control service listens to every report, and would write for theirs too.
    for (const store of stores) full.set(store.name, await fullPath(store, messaging, child));
  } finally {
    child.send({ type: 'stop' });
    await new Promise((r) => child.once('exit', r));
  }
  return { link: results, full };
}

async function embedded(stores: readonly Store[]): Promise<Measured> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MQTT_EMBEDDED_PORT: '0', CIVDEF_DATA_DIR: os.tmpdir() });
  const messaging = await startMessaging(config, silent);
  // The broker's login check as the sirens module answers it, from the benchmark's key table instead of the database.
  messaging.useAuthority!({ verifyTerminal: async (id, password) => keyOf.has(id) && brokerPassword(keyOf.get(id)!, id) === password });
  try {
    return await measure('embedded broker', messaging, `mqtt://127.0.0.1:${messaging.embeddedPort}`, stores);
  } finally {
    await messaging.close();
  }
}

async function mosquitto(stores: readonly Store[]): Promise<Measured | null> {
  if (!mosquittoBinary()) return null;
  const server = { username: SERVER_BROKER_USER, password: randomBytes(24).toString('hex') };
  let broker: RunningMosquitto | null = null;
  let messaging: Messaging | null = null;
  try {
    broker = await startMosquitto({ server, terminals: terminals.map((t) => ({ terminalId: t.terminalId, password: brokerPassword(t.key, t.terminalId) })) });
    messaging = await startMessaging(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MQTT_URL: broker.url, MQTT_USERNAME: server.username, MQTT_PASSWORD: server.password }), silent);
    return await measure('Mosquitto', messaging, broker.url, stores);
  } finally {
    await messaging?.close();
    await broker?.close();
  }
}

const cell = (r: Round | undefined) => (r ? `${r.p50} / ${r.p99} / ${r.max}` : '');
console.log(`\nsirens: issue → activation report, ms (p50 / p99 / max over terminals); ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at start`);
const stores: Store[] = [];
let postgres: PgTarget | null = null;
let postgresWhy = '';
try {
  if (!linkOnly && ONLY_DB !== 'postgres') stores.push(await openStore());
  if (!linkOnly && ONLY_DB !== 'pglite') {
    const target = await benchPostgres({ fsync: true });
    if (typeof target === 'string') postgresWhy = `skipped: ${target}`;
    else {
      postgres = target;
      console.log(`  PostgreSQL: ${target.describe}`);
      stores.push(await openStore(target.url));
    }
  }
  const e = await embedded(stores);
  const m = args.includes('--embedded-only') ? null : await mosquitto(stores);
  const none = args.includes('--embedded-only') ? 'not run (--embedded-only)' : 'skipped (no mosquitto binary)';
  const databases = linkOnly ? [] : ONLY_DB === 'pglite' ? ['PGlite'] : ONLY_DB === 'postgres' ? ['PostgreSQL'] : ['PGlite', 'PostgreSQL'];
  const fullCell = (r: Measured | null, db: string, n: number) => (!r ? none : r.full.has(db) ? cell(r.full.get(db)!.get(n)) : postgresWhy || 'not run');
  const brokers = [['embedded', e], ['Mosquitto', m]] as const;
  const fullColumns = databases.flatMap((db) => brokers.map(([b, r]) => ({ title: `full path: ${db}, ${b}`, db, r })));
  console.log(`\n| terminals | link only: embedded (aedes) | link only: Mosquitto |${fullColumns.map((c) => ` ${c.title} |`).join('')} answered (link e/M${fullColumns.length ? ', then full path in column order' : ''}) |`);
  console.log(`| ---: | ---: | ---: |${fullColumns.map(() => ' ---: |').join('')} ---: |`);
  for (const n of SIZES) {
    const answered = [e.link, m?.link, ...fullColumns.map((c) => c.r?.full.get(c.db))].map((x) => x?.get(n)?.answered ?? '-').join(' / ');
    console.log(`| ${n.toLocaleString('en')} | ${cell(e.link.get(n))} | ${m ? cell(m.link.get(n)) : none} |${fullColumns.map((c) => ` ${fullCell(c.r, c.db, n)} |`).join('')} ${answered} |`);
  }
  const cpu = (r: Map<number, Round> | null | undefined) => r?.get(FLEET)?.cpuMs ?? '-';
  console.log(`\nserver process CPU, ms, issue to last report of ${FLEET.toLocaleString('en')} (all its threads, PGlite's included; the fleet, Mosquitto and PostgreSQL's own processes not): `
    + `link only: embedded ${cpu(e.link)}, Mosquitto ${cpu(m?.link)}${fullColumns.map((c) => `; ${c.title} ${cpu(c.r?.full.get(c.db))}`).join('')}`);
  const worst = (r: Map<number, Round> | null | undefined) => {
    const x = r?.get(FLEET);
    return x ? (x.answered === FLEET ? `${x.max} ms` : `${x.answered} of ${FLEET} answered`) : '-';
  };
  console.log(`\ntarget: ${FLEET.toLocaleString('en')} terminals all answered within 2,000 ms — link only: embedded ${worst(e.link)}${m ? `, Mosquitto ${worst(m.link)}` : ''}`
    + `${fullColumns.filter((c) => c.r?.full.has(c.db)).map((c) => `; ${c.title} ${worst(c.r!.full.get(c.db))}`).join('')}; load average now ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  for (const store of stores) await store.db.close();
  await postgres?.cleanup();
}
