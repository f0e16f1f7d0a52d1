/**
 * "Nothing lost": a write the API acknowledged survives the process being killed (SIGKILL, no
 * shutdown hooks) on the embedded database. On a PostgreSQL server durability is the server's job.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openPglite } from '../db/index.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/civdef.mjs');
const ADMIN_PASSWORD = 'First-Start-Pass-1!';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-durability-'));
let child: ChildProcess | null = null;

afterAll(() => {
  child?.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(port: number): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, CIVDEF_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', CIVDEF_DEMO_DATA: 'false', MQTT_EMBEDDED_PORT: 'off', CIVDEF_INITIAL_ADMIN_PASSWORD: ADMIN_PASSWORD, DATABASE_URL: '' },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return proc;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  proc.kill('SIGKILL');
  throw new Error('server did not start');
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
  async signIn(username: string, password: string): Promise<void> {
    const res = await this.send('POST', '/api/auth/login', { username, password });
    if (!res.ok) throw new Error(`sign-in failed ${res.status}`);
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  }
}

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('durability of the embedded database', () => {
  it('keeps every acknowledged write across kill -9', async () => {
    // Start from the migrated template so the test spends its time on the crash, not on creating PostGIS.
    const template = inject('pgliteTemplate');
    if (template) await (await openPglite(path.join(dataDir, 'db'), { loadDataDir: new Blob([fs.readFileSync(template)]) })).close();

    const port = await freePort();
    child = await startServer(port);
    const api = new Client(`http://127.0.0.1:${port}`);
    await api.signIn('admin', ADMIN_PASSWORD);
    expect((await api.send('POST', '/api/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'Changed-Before-Crash-2' })).status).toBe(204);
    await api.signIn('admin', 'Changed-Before-Crash-2');
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api.send('POST', '/api/users', { username: `durable-${i}`, displayName: `持久 ${i}`, password: 'Durable-Pass-123', roles: ['viewer'], regionCode: '320612' });
      expect(res.status).toBe(201);
      created.push(`durable-${i}`);
    }
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));

    child = await startServer(port);
    const after = new Client(`http://127.0.0.1:${port}`);
    await after.signIn('admin', 'Changed-Before-Crash-2');
    const list = (await (await after.send('GET', '/api/users?q=durable-&pageSize=50')).json()) as { items: Array<{ username: string }> };
    expect(list.items.map((u) => u.username).sort()).toEqual(created);
    const verify = (await (await after.send('POST', '/api/audit/verify')).json()) as { ok: boolean; checked: number };
    expect(verify.ok).toBe(true);
    child.kill('SIGTERM');
  });
});
