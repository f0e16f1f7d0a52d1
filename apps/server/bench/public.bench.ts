/**
 * Public-app benchmark: the nearest-shelter answer when a whole city opens the app at once. `civdef serve` with the
 * Nantong demo data (embedded database), wrk (or autocannon) at 100 connections on loopback, each request asking from another
 * of 200,000 distinct points over central Nantong, while an administrator keeps editing a public work (admin writes go on):
 *   index        GET /api/public/shelters/nearest      the in-memory spatial index (a plain request: the fast lane)
 *   via route    the same, revalidating (If-None-Match): past the fast lane, through Fastify's route, for comparison
 *   postgis knn  GET /api/public/shelters/nearest-db   the same answer through PostGIS KNN per request
 *   nginx        GET /tiles/13/x/y.json                the static export served by nginx (the ceiling), which the server
 *                                                      keeps current in PUBLIC_STATIC_DIR while the writes go on; each
 *                                                      edit then also waits for its tile to show it through nginx, and
 *                                                      the summary prints how long that took
 * beside the server's cheapest route (/api/health, no writes: the ceiling of Node + Fastify + the load generator on
 * these cores), and prints req/s, p50, p99, errors and non-2xx beside the targets (≥ 20,000 req/s, p99 < 20 ms, no errors).
 * nginx is skipped, with the reason, when no nginx binary is installed (Debian: nginx-light).
 *
 * The load comes from wrk (Debian: wrk) when it is installed, else from autocannon: both share the server's two cores,
 * and autocannon, JavaScript building each request, is the limit on the nginx row (2,333 req/s through it, 61,178
 * through wrk on the same files); on the Node rows the two gave similar rates. `--generator autocannon` picks it.
 *
 * Run: node --import tsx apps/server/bench/public.bench.ts [--public-duration S] [--public-connections N] [--generator wrk|autocannon] [--cpu-prof DIR] [--quick]
 */
import autocannon from 'autocannon';
import { tileOf } from '@civdef/domain';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/test/process.ts';
import { serveCivdef } from './serve.ts';

const args = process.argv.slice(2);
const usage = 'usage: node --import tsx apps/server/bench/public.bench.ts [--public-duration S] [--public-connections N] [--generator wrk|autocannon] [--cpu-prof DIR] [--quick]\n'
  + '  --public-duration S     seconds per row (default 15; --quick 5), after an uncounted warm-up\n'
  + '  --public-connections N  concurrent connections (default 100)\n'
  + '  --generator G           the load generator: wrk (default when installed) or autocannon\n'
  + '  --cpu-prof DIR          the measured server writes a V8 CPU profile into DIR when it stops (open it in Chrome DevTools)\n'
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
const DURATION = Number(argValue('--public-duration') ?? (quick ? 5 : 15));
const CONNECTIONS = Number(argValue('--public-connections') ?? 100);
const WARMUP = quick ? 1 : 3;
const CPU_PROF = argValue('--cpu-prof');
const WRK = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((p) => fs.existsSync(p)) ?? null;
const GENERATOR = argValue('--generator') ?? (WRK ? 'wrk' : 'autocannon');
if (!(DURATION > 0) || !(CONNECTIONS > 0) || !['wrk', 'autocannon'].includes(GENERATOR) || (GENERATOR === 'wrk' && !WRK)) {
  console.error(usage);
  process.exit(2);
}

const FIRST_PASSWORD = 'Bench-first-Passw0rd!';
const PASSWORD = 'Bench-public-Passw0rd!2';
const TARGET = { minRps: 20_000, maxP99: 20 };

/** 200,000 points over central Nantong, the same every run (a small LCG). */
const POINTS: Array<[number, number]> = (() => {
  let s = 20261205;
  // Math.imul keeps the product exact: `s * 1103515245` in doubles lost its low bits past 2^53, and the generator gave
  // only 8,557 distinct positions, which the URL-keyed answer cache all held after the warm-up.
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff) / 2 ** 31);
  // Distinct positions, more than a run sends: phones report their own GPS fixes, so a position seldom repeats and
  // the nearest answer cached per index version must not be what is measured.
  return Array.from({ length: 200_000 }, () => [120.8 + next() * 0.15, 31.95 + next() * 0.13] as [number, number]);
})();

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function env(dataDir: string, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env, PORT: String(port), HOST: '127.0.0.1', CIVDEF_DATA_DIR: dataDir, CIVDEF_DEMO_DATA: 'true', CIVDEF_INITIAL_ADMIN_PASSWORD: FIRST_PASSWORD,
    CIVDEF_WEB_DIST: path.join(dataDir, 'no-web'), LOG_LEVEL: 'warn', NODE_ENV: 'production', COOKIE_SECURE: 'false', MQTT_URL: '', MQTT_EMBEDDED_PORT: 'off',
    DATABASE_URL: '', PUBLIC_RATE_LIMIT_PER_MINUTE: '100000000', PUBLIC_STATIC_DIR: path.join(dataDir, 'public-static'),
  };
}

const serve = (dataDir: string, nodeArgs: string[] = []) => serveCivdef((port) => env(dataDir, port), nodeArgs);

async function adminSession(base: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: FIRST_PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const first = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  const changed = await fetch(`${base}/api/auth/password`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie: first.cookie, 'x-csrf-token': first.csrf },
    body: JSON.stringify({ currentPassword: FIRST_PASSWORD, newPassword: PASSWORD }),
  });
  if (changed.status !== 204) throw new Error(`password change failed: ${changed.status}`);
  const cookie = changed.headers.get('set-cookie')!.split(';')[0]!;
  const me = (await (await fetch(`${base}/api/auth/me`, { headers: { cookie } })).json()) as { csrfToken: string };
  return { cookie, csrf: me.csrfToken };
}

/**
 * An administrator editing a public work (its name) back and forth until stopped: each edit moves the index, and the
 * server rewrites the static files holding the work. Once `watchStatic` names where the static export is served,
 * each edit also waits until the work's tile there shows the new name: how far the static files lag the API.
 */
function adminWrites(base: string, session: { cookie: string; csrf: string }) {
  let running = true;
  let writes = 0;
  let failed = 0;
  let staticBase: string | null = null;
  const lagsMs: number[] = [];
  let unseen = 0;
  const started = performance.now();
  let tilePath = '';
  let workId = 0;
  /** Polls the work's tile where the export is served until it shows `name` (or 10 s have passed: counted unseen). */
  async function waitForTile(at: string, name: string): Promise<void> {
    const answered = performance.now();
    try {
      for (; performance.now() - answered < 10_000; await sleep(10)) {
        const tile = (await (await fetch(`${at}${tilePath}`)).json()) as { shelters: Array<{ id: number; name: string }> };
        if (tile.shelters.find((x) => x.id === workId)?.name === name) {
          lagsMs.push(performance.now() - answered);
          return;
        }
      }
    } catch {
      // The static server stopped while this edit was watched: the edit itself went through.
      return;
    }
    unseen++;
  }
  const loop = (async () => {
    const list = (await (await fetch(`${base}/api/works?isPublic=true&pageSize=1`, { headers: { cookie: session.cookie } })).json()) as { items: Array<{ id: number; name: string }> };
    const work = list.items[0]!;
    const { location } = (await (await fetch(`${base}/api/public/shelters/${work.id}`)).json()) as { location: [number, number] };
    const t = tileOf(location[0], location[1]);
    tilePath = `/tiles/${t.z}/${t.x}/${t.y}.json`;
    workId = work.id;
    while (running) {
      try {
        const detail = (await (await fetch(`${base}/api/works/${work.id}`, { headers: { cookie: session.cookie } })).json()) as { version: number };
        const name = `${work.name}${writes % 2 ? '' : '（更新）'}`;
        const res = await fetch(`${base}/api/works/${work.id}`, {
          method: 'PATCH', headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
          body: JSON.stringify({ version: detail.version, name }),
        });
        await res.arrayBuffer();
        if (res.ok) writes++;
        else failed++;
        if (res.ok && staticBase !== null) await waitForTile(staticBase, name);
      } catch {
        // A write lost under load counts as refused; the run goes on.
        failed++;
      }
      // An office's pace, generously: an edit every half second at most (each read and write also waits its turn
      // behind the readers, so under load the pace is lower; the summary prints the rate it reached).
      await sleep(500);
    }
  })();
  return {
    /** Where the static export is served (null: no longer watched). */
    watchStatic: (at: string | null) => (staticBase = at),
    stop: async () => ((running = false), await loop, { writes, failed, seconds: (performance.now() - started) / 1000, lagsMs, unseen }),
  };
}

/** The next position to ask from, across rows and warm-ups: a measured run does not repeat the warm-up's positions. */
let nextPoint = 0;

// wrk asks each request of a Lua script: the paths come from a file (one per line, from the next unused position on)
// and the script prints wrk's figures as one JSON line at the end.
const WRK_SCRIPT = `
local paths, i = {}, 0
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  for k = 2, #args, 2 do wrk.headers[args[k]] = args[k + 1] end
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"us":%d,"errors":%d,"non2xx":%d,"p50":%d,"p99":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
`;

function fire(base: string, pathOf: (i: number) => string, duration: number, headers: Record<string, string>): Promise<Measured> {
  return GENERATOR === 'wrk' ? fireWrk(base, pathOf, duration, headers) : fireAutocannon(base, pathOf, duration, headers);
}

async function fireWrk(base: string, pathOf: (i: number) => string, duration: number, headers: Record<string, string>): Promise<Measured> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-wrk-'));
  try {
    const script = path.join(dir, 'paths.lua');
    const paths = path.join(dir, 'paths.txt');
    fs.writeFileSync(script, WRK_SCRIPT);
    // Every position once, from the next unused one: a run longer than that starts over, as autocannon's did.
    fs.writeFileSync(paths, POINTS.map((_, k) => pathOf((nextPoint + k) % POINTS.length)).join('\n') + '\n');
    // One thread: it keeps up with these rates on one core and leaves the other to the server.
    const args = ['-t1', `-c${CONNECTIONS}`, `-d${duration}s`, '--timeout', '10s', '-s', script, base, '--', paths, ...Object.entries(headers).flat()];
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(WRK!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d));
      child.stderr.on('data', (d: Buffer) => (text += d));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`))));
    });
    const line = /^WRK (\{.*\})$/m.exec(out);
    if (!line) throw new Error(`wrk printed no figures: ${out}`);
    const r = JSON.parse(line[1]!) as { requests: number; us: number; errors: number; non2xx: number; p50: number; p99: number };
    nextPoint += r.requests;
    return { rps: r.requests / (r.us / 1e6), p50: Math.round(r.p50 / 1000), p99: Math.round(r.p99 / 1000), errors: r.errors, non2xx: r.non2xx, requests: r.requests };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function fireAutocannon(base: string, pathOf: (i: number) => string, duration: number, headers: Record<string, string>): Promise<Measured> {
  return new Promise((resolve, reject) => {
    autocannon({
      url: base, connections: CONNECTIONS, duration, timeout: 10, headers,
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pathOf(nextPoint++ % POINTS.length) }) }],
    }, (err, r) => {
      if (err) return reject(err);
      resolve({ rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, requests: r.requests.total });
    });
  });
}

async function row(label: string, base: string, pathOf: (i: number) => string, headers: Record<string, string> = {}): Promise<Measured> {
  const probe = await fetch(`${base}${pathOf(0)}`);
  if (probe.status !== 200) throw new Error(`${label}: ${pathOf(0)} answered ${probe.status}: ${(await probe.text()).slice(0, 300)}`);
  await probe.arrayBuffer();
  process.stdout.write(`  ${label.padEnd(16)} … `);
  await fire(base, pathOf, WARMUP, headers);
  const m = await fire(base, pathOf, DURATION, headers);
  console.log(`${m.rps.toFixed(0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, errors ${m.errors}, non-2xx ${m.non2xx}`);
  return m;
}

function nginxBinary(): string | null {
  for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (fs.existsSync(p)) return p;
  return null;
}

async function startNginx(bin: string, root: string): Promise<{ base: string; stop: () => void }> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-nginx-'));
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, `worker_processes ${Math.max(1, os.cpus().length)};\ndaemon off;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\n`
    + 'events { worker_connections 1024; }\n'
    + `http { access_log off; types { application/json json; } client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};\n`
    // The export writes each tile's .gz beside it: nginx sends that to a client that accepts gzip, compressing nothing.
    // The server keeps the files current: cached as briefly as the API's answers (PUBLIC_MAX_AGE_SECONDS' default).
    + `  server { listen 127.0.0.1:${port}; root ${root}; etag on; gzip_static on; add_header Cache-Control "public, max-age=10, stale-while-revalidate=60"; } }\n`);
  const child = spawn(bin, ['-c', conf, '-p', dir], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && !(await fetch(`${base}/manifest.json`).then((r) => r.ok, () => false)); i++) await sleep(100);
  return { base, stop: () => child.kill('SIGTERM') };
}

async function main(): Promise<void> {
  // Counted as sent (five decimals), so the line below cannot claim more distinct positions than the requests carry.
  const distinct = new Set(POINTS.map(([lng, lat]) => `${lng.toFixed(5)},${lat.toFixed(5)}`)).size;
  console.log(`\npublic app: nearest shelter, ${CONNECTIONS} connections, ${DURATION} s per row, ${distinct.toLocaleString('en')} distinct points, admin writes going on, load from ${GENERATOR}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-public-bench-'));
  const staticDir = path.join(dataDir, 'public-static');
  // nginx's workers run as an unprivileged user: they must be able to enter the directory.
  fs.chmodSync(dataDir, 0o755);
  try {
    // The first start loads the demo data. Both keep the static export in PUBLIC_STATIC_DIR current, as a server
    // behind nginx or a CDN is set up to.
    await (await serve(dataDir)).stop();
    const server = await serve(dataDir, CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`] : []);
    const manifest = path.join(staticDir, 'manifest.json');
    for (let i = 0; i < 600 && !fs.existsSync(manifest); i++) await sleep(100);
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { tiles: number; works: number };
    console.log(`  static export kept by the server in PUBLIC_STATIC_DIR: ${m.works} public works in ${m.tiles} tiles`);
    const rows: Array<[string, Measured | string, string?]> = [];
    try {
      const session = await adminSession(server.base);
      const q = (i: number) => `lng=${POINTS[i]![0].toFixed(5)}&lat=${POINTS[i]![1].toFixed(5)}&limit=5`;
      // The server's cheapest route, no writes: what Node, Fastify and the load generator on the same cores can do at
      // all — no answer of this server can be faster, so a target above it is out of reach on this machine.
      rows.push(['/api/health (ceiling)', await row('/api/health', server.base, () => '/api/health'), 'the fastest this server answers anything here']);
      // Once without writes, to show what the writes cost the readers.
      rows.push(['index, no writes', await row('index, no writes', server.base, (i) => `/api/public/shelters/nearest?${q(i)}`)]);
      // The same requests past the fast lane, through Fastify's route: a client revalidating an answer it no longer
      // matches is the route's (plugins/fast-lane.ts), and gets the full 200.
      rows.push(['index via the route', await row('via the route', server.base, (i) => `/api/public/shelters/nearest?${q(i)}`, { 'if-none-match': '"an-older-answer"' }), 'no writes; Fastify\'s route, what the fast lane saves']);
      const writer = adminWrites(server.base, session);
      rows.push(['index', await row('index', server.base, (i) => `/api/public/shelters/nearest?${q(i)}`)]);
      rows.push(['postgis knn', await row('postgis knn', server.base, (i) => `/api/public/shelters/nearest-db?${q(i)}`)]);
      const bin = nginxBinary();
      if (!bin) {
        rows.push(['nginx static', 'skipped: no nginx binary (install nginx-light)']);
        console.log('  nginx static skipped: no nginx binary (Debian: apt-get install nginx-light)');
      } else {
        const nginx = await startNginx(bin, staticDir);
        writer.watchStatic(nginx.base);
        try {
          rows.push(['nginx static', await row('nginx static', nginx.base, (i) => {
            const t = tileOf(POINTS[i]![0], POINTS[i]![1]);
            return `/tiles/${t.z}/${t.x}/${t.y}.json`;
            // As a phone's browser asks (every one accepts gzip).
          }, { 'accept-encoding': 'gzip' })]);
        } finally {
          writer.watchStatic(null);
          nginx.stop();
        }
      }
      const w = await writer.stop();
      if (!server.alive()) console.log(`the server exited during the runs:\n${server.output().slice(-3000)}`);
      console.log(`\n| request (100 connections) | req/s | p50 ms | p99 ms | errors | non-2xx | target |\n| --- | ---: | ---: | ---: | ---: | ---: | --- |`);
      for (const [label, m, note] of rows) {
        if (typeof m === 'string') console.log(`| ${label} | — | — | — | — | — | ${m} |`);
        else if (note) console.log(`| ${label} | ${m.rps.toFixed(0)} | ${m.p50} | ${m.p99} | ${m.errors} | ${m.non2xx} | ${note} |`);
        else {
          const ok = m.rps >= TARGET.minRps && m.p99 < TARGET.maxP99 && m.errors === 0 && m.non2xx === 0;
          console.log(`| ${label} | ${m.rps.toFixed(0)} | ${m.p50} | ${m.p99} | ${m.errors} | ${m.non2xx} | ≥ ${TARGET.minRps} req/s, p99 < ${TARGET.maxP99} ms: ${ok ? 'met' : 'not met'} |`);
        }
      }
      console.log(`admin writes during the runs: ${w.writes} edits of a public work in ${w.seconds.toFixed(0)} s (${(w.writes / w.seconds).toFixed(2)} a second; ${w.failed} refused), each reloading it into the index and rewriting its static tiles`);
      if (w.lagsMs.length > 0) {
        const lags = [...w.lagsMs].sort((a, b) => a - b);
        console.log(`static files current through nginx after each edit's answer (during the nginx row, ${lags.length} edits): p50 ${lags[Math.floor(lags.length / 2)]!.toFixed(0)} ms, max ${lags[lags.length - 1]!.toFixed(0)} ms; not seen within 10 s: ${w.unseen}`);
      }
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
