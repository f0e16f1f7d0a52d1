/**
 * Load benchmark: `civdef serve` with the Nantong demo data, once on the embedded database (PGlite) and once on a
 * PostgreSQL server, each driven in turn by autocannon at 50 connections on the four requests of a busy morning:
 *   health       GET /api/health                                  (public; a load balancer's probe)
 *   works list   GET /api/works                                   (signed in as the city administrator, default paging)
 *   ogc items    GET /ogc/collections/works-public/items          (anonymous, first page of 100)
 *   tile z12     GET /tiles/works/12/x/y.mvt over central Nantong  (signed in)
 * and prints req/s, p50, p99, errors and timeouts for both databases side by side with the targets.
 *
 * The server is a child process (as an operator runs it), so the load generator does not share its event loop.
 * PostgreSQL side: BENCH_DATABASE_URL or DATABASE_URL when set (a scratch database is created on that server when
 * the role may, else the URL's database is used as it is); otherwise a throw-away PostgreSQL 15 cluster is started
 * from /usr/lib/postgresql/15/bin (as the `postgres` user when run as root; fsync off) and removed afterwards. When
 * none can be had the PostgreSQL side is skipped and the reason printed.
 *
 * Run: node --import tsx apps/server/bench/load.bench.ts [--load-duration S] [--load-connections N] [--load-db pglite|postgres] [--quick]
 */
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { benchPostgres } from './postgres.ts';
import { serveCivdef, type Served } from './serve.ts';

const args = process.argv.slice(2);
const usage = 'usage: node --import tsx apps/server/bench/load.bench.ts [--load-duration S] [--load-connections N] [--load-db pglite|postgres] [--quick]\n'
  + '  --load-duration S     seconds per request and database (default 15; --quick 5), after an uncounted warm-up of 3 s (--quick 1 s)\n'
  + '  --load-connections N  concurrent connections (default 50)\n'
  + '  --load-db KIND        one database only: pglite or postgres\n'
  + '  --quick               (or BENCH_QUICK=1) 5 s per request\n'
  + 'Other arguments (those of the other benchmarks `npm run bench` runs) are ignored.';
if (args.includes('--help')) {
  console.log(usage);
  process.exit(0);
}
const argValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick') || process.env.BENCH_QUICK === '1';
const DURATION = Number(argValue('--load-duration') ?? (quick ? 5 : 15));
const CONNECTIONS = Number(argValue('--load-connections') ?? 50);
const ONLY = argValue('--load-db');
const WARMUP = quick ? 1 : 3;
if (!(DURATION > 0) || !(CONNECTIONS > 0) || (ONLY && !['pglite', 'postgres'].includes(ONLY))) {
  console.error(usage);
  process.exit(2);
}

const ADMIN = 'admin';
const FIRST_PASSWORD = 'Bench-first-Passw0rd!';
const PASSWORD = 'Bench-load-Passw0rd!2';
const CENTRE: [number, number] = [120.87, 32.0]; // 崇川, the densest district of the demo data

/** The targets of the issue, per request: a floor on req/s, a ceiling on p99. */
const REQUESTS = [
  { key: 'health', label: 'GET /api/health', target: { minRps: 5000 } },
  { key: 'works', label: 'GET /api/works (signed in)', target: { maxP99: 300 } },
  { key: 'ogc', label: 'GET /ogc/…/works-public/items', target: { maxP99: 300 } },
  { key: 'tile', label: 'GET /tiles/works/12/x/y.mvt', target: { maxP99: 300 } },
] as const;
type RequestKey = (typeof REQUESTS)[number]['key'];

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: number;
}

function tileOf(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lng + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}

/** `civdef serve` with the demo data on a fresh data directory; resolves when it answers /api/health. */
function serve(env: Record<string, string>, dataDir: string): Promise<Served> {
  return serveCivdef((port) => ({
    ...process.env, PORT: String(port), HOST: '127.0.0.1', CIVDEF_DATA_DIR: dataDir, CIVDEF_DEMO_DATA: 'true',
    CIVDEF_INITIAL_ADMIN_PASSWORD: FIRST_PASSWORD, CIVDEF_WEB_DIST: path.join(dataDir, 'no-web'), LOG_LEVEL: 'warn', NODE_ENV: 'production',
    COOKIE_SECURE: 'false', MQTT_URL: '', MQTT_EMBEDDED_PORT: '0', DATABASE_URL: '', ...env,
  }));
}

/** Signs in as the first administrator (changing the temporary password, as the console makes one) → cookie. */
async function signIn(base: string): Promise<string> {
  const login = async (password: string) => fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: ADMIN, password }),
  });
  let res = await login(FIRST_PASSWORD);
  if (res.status === 401) res = await login(PASSWORD); // a reused PostgreSQL database: already changed
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  let cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const body = (await res.json()) as { csrfToken: string; user: { mustChangePassword: boolean } };
  if (body.user.mustChangePassword) {
    const changed = await fetch(`${base}/api/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': body.csrfToken },
      body: JSON.stringify({ currentPassword: FIRST_PASSWORD, newPassword: PASSWORD }),
    });
    if (changed.status !== 204) throw new Error(`password change failed: ${changed.status} ${await changed.text()}`);
    cookie = changed.headers.get('set-cookie')!.split(';')[0]!;
  }
  return cookie;
}

function fire(url: string, headers: Record<string, string>, duration = DURATION): Promise<Measured> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration, headers, timeout: 10 }, (err, r) => {
      if (err) return reject(err);
      resolve({
        rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx,
        requests: r.requests.total,
      });
    });
  });
}

/** The four requests against one running server; each is checked once by hand before it is fired. */
async function measure(base: string): Promise<Record<RequestKey, Measured>> {
  const cookie = await signIn(base);
  const [x, y] = tileOf(CENTRE[0], CENTRE[1], 12);
  const urls: Record<RequestKey, { url: string; headers: Record<string, string> }> = {
    health: { url: `${base}/api/health`, headers: {} },
    works: { url: `${base}/api/works`, headers: { cookie } },
    ogc: { url: `${base}/ogc/collections/works-public/items`, headers: {} },
    tile: { url: `${base}/tiles/works/12/${x}/${y}.mvt`, headers: { cookie } },
  };
  const out = {} as Record<RequestKey, Measured>;
  for (const { key } of REQUESTS) {
    const { url, headers } = urls[key];
    const probe = await fetch(url, { headers });
    if (probe.status !== 200) throw new Error(`${url} answered ${probe.status} before the run: ${(await probe.text()).slice(0, 300)}`);
    const size = (await probe.arrayBuffer()).byteLength;
    process.stdout.write(`  ${key.padEnd(6)} ${url.replace(base, '')} (${size} bytes) … `);
    // A warm-up that is not counted: the first requests of a route compile its code paths and fill its caches.
    await fire(url, headers, WARMUP);
    out[key] = await fire(url, headers);
    const m = out[key];
    console.log(`${m.rps.toFixed(0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, errors ${m.errors}, timeouts ${m.timeouts}, non-2xx ${m.non2xx}`);
  }
  return out;
}

// --- run ----------------------------------------------------------------------------------------------------------

type Side = { name: string; result: Record<RequestKey, Measured> | null; note: string };
const sides: Side[] = [];

async function runSide(env: Record<string, string>, settle?: () => Promise<void>): Promise<Record<RequestKey, Measured>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-bench-'));
  try {
    const served = await serve(env, dataDir);
    try {
      console.log(`  up in ${(served.startMs / 1000).toFixed(1)} s (first start: migrations and demo data)`);
      await settle?.();
      return await measure(served.base);
    } finally {
      await served.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(`# civdef load bench — node ${process.version}, ${os.cpus().length} CPUs, ${CONNECTIONS} connections, ${DURATION} s per request`);

if (ONLY !== 'postgres') {
  console.log('\n## embedded PGlite');
  sides.push({ name: 'PGlite', result: await runSide({}), note: '' });
}

if (ONLY !== 'pglite') {
  console.log('\n## PostgreSQL');
  const target = await benchPostgres({ fsync: false });
  if (typeof target === 'string') {
    console.log(`  skipped: ${target}`);
    sides.push({ name: 'PostgreSQL', result: null, note: `skipped: ${target}` });
  } else {
    console.log(`  on ${target.describe}`);
    try {
      // The demo load just wrote every table: autovacuum would now vacuum and analyse them, taking CPU from the
      // run. Done here first, so that the run measures the steady state a live server is in.
      const settle = async () => {
        const c = new pg.Client({ connectionString: target.url });
        await c.connect();
        await c.query('VACUUM ANALYZE');
        await c.end();
        console.log('  VACUUM ANALYZE done (what autovacuum does after the demo load)');
      };
      sides.push({ name: 'PostgreSQL', result: await runSide({ DATABASE_URL: target.url }, settle), note: '' });
    } finally {
      await target.cleanup();
    }
  }
}

// --- the table ----------------------------------------------------------------------------------------------------
const cell = (m: Measured | undefined) => (m ? `${m.rps.toFixed(0).padStart(6)} ${String(m.p50).padStart(5)} ${String(m.p99).padStart(6)} ${String(m.errors + m.non2xx).padStart(4)}/${m.timeouts}` : 'skipped'.padEnd(26));
const verdict = (key: RequestKey, m: Measured | undefined) => {
  if (!m) return '';
  const t = REQUESTS.find((r) => r.key === key)!.target;
  const ok = ('minRps' in t ? m.rps >= t.minRps : m.p99 < t.maxP99) && m.timeouts === 0 && m.errors === 0 && m.non2xx === 0;
  return ok ? 'met' : 'MISSED';
};
console.log(`\n## summary (${CONNECTIONS} connections, ${DURATION} s each; req/s, p50 ms, p99 ms, errors/timeouts)`);
console.log(`${'request'.padEnd(32)} ${'target'.padEnd(18)} ${sides.map((s) => `${s.name.padEnd(26)} ${''.padEnd(6)}`).join(' ')}`);
for (const r of REQUESTS) {
  const target = 'minRps' in r.target ? `≥ ${r.target.minRps} req/s` : `p99 < ${r.target.maxP99} ms`;
  console.log(`${r.label.padEnd(32)} ${target.padEnd(18)} ${sides.map((s) => `${cell(s.result?.[r.key])} ${verdict(r.key, s.result?.[r.key]).padEnd(6)}`).join(' ')}`);
}
for (const s of sides) if (s.note) console.log(`${s.name}: ${s.note}`);
