/**
 * First start of `civdef serve` as an operator runs it: no initial password configured, the embedded
 * MQTT broker on. The server prints a generated administrator password, which signs in only to change
 * it; health reports the broker connected and every migration applied. A restart on the same data keeps
 * that administrator. With TEST_DATABASE_URL the server runs on a fresh, empty PostgreSQL database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyPgDatabase } from './harness.ts';
import { HttpClient as Client, freePort, seedDataDirFromTemplate, startServe, type ServeProcess } from './process.ts';

const MIGRATIONS = path.resolve(import.meta.dirname, '../../migrations');
const pgServer = process.env.TEST_DATABASE_URL;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-first-start-'));
let databaseUrl = '';
let dropDatabase: (() => Promise<void>) | null = null;
let running: (ServeProcess & { mqttPort: number }) | null = null;

/** `civdef serve` with no initial password and the embedded broker on a free port. */
async function serve(): Promise<ServeProcess & { mqttPort: number }> {
  const mqttPort = await freePort();
  const started = await startServe({
    CIVDEF_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, MQTT_EMBEDDED_PORT: String(mqttPort), CIVDEF_INITIAL_ADMIN_PASSWORD: undefined,
  });
  return { ...started, mqttPort };
}

beforeAll(async () => {
  if (pgServer) {
    // An empty database: `serve` itself creates PostGIS and applies every migration.
    const created = await createEmptyPgDatabase(pgServer);
    databaseUrl = created.url;
    dropDatabase = created.drop;
  } else {
    await seedDataDirFromTemplate(dataDir);
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

    // The broker listens on the configured port and checks who connects: a client without a terminal's login is refused.
    const stranger = mqtt.connectAsync(`mqtt://127.0.0.1:${running!.mqttPort}`, { connectTimeout: 5000, reconnectPeriod: 0 });
    await expect(stranger).rejects.toThrow(/Bad username or password|Not authorized/i);
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
