/**
 * First start of `civdef serve` as an operator runs it: no initial password configured, the embedded
 * MQTT broker on. The server prints a generated administrator password, which signs in only to change
 * it; health reports the broker connected and every migration applied. A restart on the same data keeps
 * that administrator. With TEST_DATABASE_URL the server runs on a fresh, empty PostgreSQL database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPglite } from '../db/index.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/civdef.mjs');
const MIGRATIONS = path.resolve(import.meta.dirname, '../../migrations');
const pgServer = process.env.TEST_DATABASE_URL;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-first-start-'));
let databaseUrl = '';
let dropDatabase: (() => Promise<void>) | null = null;
let running: Started | null = null;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface Started {
  base: string;
  mqttPort: number;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `civdef serve` and resolves once it has printed its banner and answers /api/health. */
async function serve(): Promise<Started> {
  const [port, mqttPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CIVDEF_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    MQTT_EMBEDDED_PORT: String(mqttPort),
    MQTT_URL: '',
    CIVDEF_DEMO_DATA: 'false',
    CIVDEF_WEB_DIST: path.join(dataDir, 'no-web'),
    LOG_LEVEL: 'warn',
  };
  delete env.CIVDEF_INITIAL_ADMIN_PASSWORD;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', (code) => ((exitCode = code), resolve())));
  const stop = async () => {
    if (exitCode !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`civdef serve exited (${exitCode}) before it was up:\n${output.slice(-4000)}`);
    if (output.includes('is running at')) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {
        /* not answering yet */
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`civdef serve not up after 150 s:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, mqttPort, output: () => output, stop };
}

class Client {
  cookie = '';
  csrf = '';
  constructor(private readonly base: string) {}
  async send(method: string, url: string, body?: unknown): Promise<Response> {
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), cookie: this.cookie, 'x-csrf-token': this.csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    return res;
  }
  async signIn(username: string, password: string): Promise<{ mustChangePassword: boolean }> {
    const res = await this.send('POST', '/api/auth/login', { username, password });
    if (!res.ok) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { csrfToken: string; user: { mustChangePassword: boolean } };
    this.csrf = body.csrfToken;
    return body.user;
  }
}

beforeAll(async () => {
  if (pgServer) {
    // An empty database: `serve` itself creates PostGIS and applies every migration.
    const name = `civdef_first_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: pgServer });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(pgServer);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: pgServer });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    // The migrated template (built by migrate() in global-setup) holds no user and no region yet, so
    // this is still a first start; it only spares the ~30 s of creating PostGIS in PGlite again.
    const template = inject('pgliteTemplate');
    if (template) await (await openPglite(path.join(dataDir, 'db'), { loadDataDir: new Blob([fs.readFileSync(template)]) })).close();
  }
});

afterAll(async () => {
  await running?.stop();
  await dropDatabase?.();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(`first start of civdef serve (${pgServer ? 'PostgreSQL' : 'embedded database'}, embedded broker)`, () => {
  const changed = 'Chosen-By-Operator-7';

  it('prints a generated admin password that only lets the admin change it', async () => {
    running = await serve();
    const printed = /^\s*password:\s+(\S+)\s*$/m.exec(running.output());
    expect(printed, running.output()).not.toBeNull();
    const password = printed![1]!;
    expect(password).not.toContain('CIVDEF_INITIAL_ADMIN_PASSWORD');
    expect(running.output()).toMatch(/user name:\s+admin\b/);

    const api = new Client(running.base);
    expect((await api.signIn('admin', password)).mustChangePassword).toBe(true);
    const me = await api.send('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { mustChangePassword: boolean } }).user.mustChangePassword).toBe(true);
    for (const [method, url] of [['GET', '/api/users'], ['GET', '/api/regions'], ['POST', '/api/audit/verify']] as const) {
      const res = await api.send(method, url);
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    }
    // The change itself is allowed, and afterwards the administrator may work.
    expect((await api.send('POST', '/api/auth/password', { currentPassword: password, newPassword: changed })).status).toBe(204);
    expect((await api.signIn('admin', changed)).mustChangePassword).toBe(false);
    expect((await api.send('GET', '/api/users')).status).toBe(200);
  });

  it('reports the embedded broker connected and every migration applied', async () => {
    const health = (await (await fetch(`${running!.base}/api/health`)).json()) as {
      status: string; database: { kind: string; migration: number; ok: boolean }; broker: { kind: string; connected: boolean };
    };
    const migrationFiles = fs.readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql'));
    expect(migrationFiles.length).toBeGreaterThan(0);
    expect(health.database).toEqual({ kind: pgServer ? 'postgres' : 'pglite', migration: migrationFiles.length, ok: true });
    expect(health.broker).toEqual({ kind: 'embedded', connected: true });
    expect(health.status).toBe('ok');

    // The broker listens on the configured port and takes an outside client (a siren terminal).
    const terminal = await mqtt.connectAsync(`mqtt://127.0.0.1:${running!.mqttPort}`, { connectTimeout: 5000, reconnectPeriod: 0 });
    expect(terminal.connected).toBe(true);
    await terminal.endAsync();
  });

  it('keeps the administrator across a restart and prints no new password', async () => {
    await running!.stop();
    running = await serve();
    expect(running.output()).not.toMatch(/^\s*password:/m);
    expect(running.output()).not.toContain('First start');
    const api = new Client(running.base);
    expect((await api.signIn('admin', changed)).mustChangePassword).toBe(false);
    const users = (await (await api.send('GET', '/api/users?pageSize=100')).json()) as { items: Array<{ username: string }> };
    expect(users.items.map((u) => u.username)).toEqual(['admin']);
  });
});
