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
 * answering. Not included: the database (the delivery rows the control service writes before sending and the report
 * rows after) — that is the server's share, measured separately by the module tests, not the network's.
 * Heartbeats are off; between two sizes a `stop` round (not measured) silences the sirens again.
 *
 * Run: node --import tsx apps/server/bench/sirens.bench.ts [--quick] [--sizes 1000,5000,10000]
 *   --quick  (or BENCH_QUICK=1) 1,000 terminals only
 *   --embedded-only  leave Mosquitto out
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import {
  PROTOCOL_VERSION, REPORT_TOPIC_FILTER, SERVER_BROKER_USER, brokerPassword, commandTopic, parseReport, randomNonce, signCommand, verifyReport, type CommandBody,
} from '../src/lib/siren-protocol.ts';
import { startMessaging, type Messaging } from '../src/plugins/messaging.ts';
import { mosquittoBinary, startMosquitto, type RunningMosquitto } from '../src/test/mosquitto.ts';
import { benchTerminals } from './sirens.keys.ts';

const args = process.argv.slice(2);
if (args.includes('--help')) {
  console.log('usage: node --import tsx apps/server/bench/sirens.bench.ts [--quick] [--sizes 1000,5000,10000] [--embedded-only]');
  process.exit(0);
}
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';
const sizesArg = args.indexOf('--sizes');
const SIZES = sizesArg >= 0 ? args[sizesArg + 1]!.split(',').map(Number) : quick ? [1_000] : [1_000, 5_000, 10_000];
const FLEET = Math.max(...SIZES);
const SECRET = randomBytes(32).toString('hex');
const terminals = benchTerminals(SECRET, FLEET);
const keyOf = new Map(terminals.map((t) => [t.terminalId, t.key]));
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as never;

interface Round {
  p50: number;
  p99: number;
  max: number;
  /** Signing and handing all commands to the MQTT client. */
  sendMs: number;
  answered: number;
}

/** Starts the fleet in its own process and waits until every terminal is connected. */
async function startFleet(url: string): Promise<{ child: ChildProcess; connectMs: number }> {
  const child = fork(path.join(import.meta.dirname, 'sirens.fleet.ts'), [], {
    execArgv: ['--import', 'tsx'], env: { ...process.env, SIREN_BENCH_URL: url, SIREN_BENCH_COUNT: String(FLEET), SIREN_BENCH_SECRET: SECRET }, stdio: 'inherit',
  });
  const ready = await new Promise<{ connectMs: number; stats: { connected: number; refusedLogin: number } }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as never));
    child.once('exit', (code) => reject(new Error(`fleet exited with ${code}`)));
  });
  if (ready.stats.connected !== FLEET) throw new Error(`only ${ready.stats.connected} of ${FLEET} terminals connected (${ready.stats.refusedLogin} refused)`);
  return { child, connectMs: ready.connectMs };
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
    await Promise.allSettled(sends);
    waiting.delete(id);
    const times = [...seen.values()].map((t) => t - t0).sort((a, b) => a - b);
    const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN);
    return { p50: at(0.5), p99: at(0.99), max: Math.round(times.at(-1) ?? NaN), sendMs: Math.round(sendMs), answered: times.length };
  };
}

async function measure(name: string, messaging: Messaging, url: string): Promise<Map<number, Round>> {
  await messaging.client!.subscribeAsync(REPORT_TOPIC_FILTER, { qos: 1 });
  const { child, connectMs } = await startFleet(url);
  console.log(`  ${name}: ${FLEET.toLocaleString('en')} terminals connected and logged in in ${(connectMs / 1000).toFixed(1)} s`);
  const round = platform(messaging);
  const results = new Map<number, Round>();
  try {
    // A warm-up round (not counted): the first messages pay for JIT compilation on both sides.
    await round(Math.min(1_000, FLEET), 'sound');
    await round(Math.min(1_000, FLEET), 'stop');
    for (const n of SIZES) {
      results.set(n, await round(n, 'sound'));
      await round(n, 'stop');
    }
  } finally {
    child.send({ type: 'stop' });
    await new Promise((r) => child.once('exit', r));
  }
  return results;
}

async function embedded(): Promise<Map<number, Round>> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MQTT_EMBEDDED_PORT: '0', CIVDEF_DATA_DIR: os.tmpdir() });
  const messaging = await startMessaging(config, silent);
  // The broker's login check as the sirens module answers it, from the benchmark's key table instead of the database.
  messaging.useAuthority!({ verifyTerminal: async (id, password) => keyOf.has(id) && brokerPassword(keyOf.get(id)!, id) === password });
  try {
    return await measure('embedded broker', messaging, `mqtt://127.0.0.1:${messaging.embeddedPort}`);
  } finally {
    await messaging.close();
  }
}

async function mosquitto(): Promise<Map<number, Round> | null> {
  if (!mosquittoBinary()) return null;
  const server = { username: SERVER_BROKER_USER, password: randomBytes(24).toString('hex') };
  let broker: RunningMosquitto | null = null;
  let messaging: Messaging | null = null;
  try {
    broker = await startMosquitto({ server, terminals: terminals.map((t) => ({ terminalId: t.terminalId, password: brokerPassword(t.key, t.terminalId) })) });
    messaging = await startMessaging(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MQTT_URL: broker.url, MQTT_USERNAME: server.username, MQTT_PASSWORD: server.password }), silent);
    return await measure('Mosquitto', messaging, broker.url);
  } finally {
    await messaging?.close();
    await broker?.close();
  }
}

const cell = (r: Round | undefined) => (r ? `${r.p50} / ${r.p99} / ${r.max}` : '');
console.log(`\nsirens: issue → activation report, ms (p50 / p99 / max over terminals); ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at start`);
const e = await embedded();
const m = args.includes('--embedded-only') ? null : await mosquitto();
console.log('\n| terminals | embedded (aedes) p50 / p99 / max | Mosquitto p50 / p99 / max | answered (embedded / Mosquitto) |');
console.log('| ---: | ---: | ---: | ---: |');
for (const n of SIZES) {
  const a = e.get(n);
  const b = m?.get(n);
  console.log(`| ${n.toLocaleString('en')} | ${cell(a)} | ${m ? cell(b) : args.includes('--embedded-only') ? 'not run (--embedded-only)' : 'skipped (no mosquitto binary)'} | ${a?.answered ?? '-'} / ${b?.answered ?? '-'} |`);
}
const worst = e.get(FLEET);
console.log(`\ntarget: ${FLEET.toLocaleString('en')} terminals all answered within 2,000 ms — embedded ${worst && worst.answered === FLEET ? `${worst.max} ms` : 'not all answered'}`
  + `${m ? `, Mosquitto ${m.get(FLEET)?.answered === FLEET ? `${m.get(FLEET)!.max} ms` : 'not all answered'}` : ''}; load average now ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
