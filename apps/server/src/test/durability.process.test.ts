/**
 * "Nothing lost": a write the API acknowledged survives the process being killed (SIGKILL, no
 * shutdown hooks) on the embedded database. On a PostgreSQL server durability is the server's job.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpClient, seedDataDirFromTemplate, startServe, type ServeProcess } from './process.ts';

const ADMIN_PASSWORD = 'First-Start-Pass-1!';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-durability-'));
let child: ServeProcess | null = null;

afterAll(async () => {
  await child?.crash();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const startServer = (): Promise<ServeProcess> =>
  startServe({ CIVDEF_DATA_DIR: dataDir, MQTT_EMBEDDED_PORT: 'off', CIVDEF_INITIAL_ADMIN_PASSWORD: ADMIN_PASSWORD });

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('durability of the embedded database', () => {
  it('keeps every acknowledged write across kill -9', async () => {
    // Start from the migrated template so the test spends its time on the crash, not on creating PostGIS.
    await seedDataDirFromTemplate(dataDir);
    child = await startServer();
    const api = new HttpClient(child.base);
    await api.signIn('admin', ADMIN_PASSWORD);
    expect((await api.send('POST', '/api/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'Changed-Before-Crash-2' })).status).toBe(204);
    await api.signIn('admin', 'Changed-Before-Crash-2');
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api.send('POST', '/api/users', { username: `durable-${i}`, displayName: `持久 ${i}`, password: 'Durable-Pass-123', roles: ['viewer'], regionCode: '320612' });
      expect(res.status).toBe(201);
      created.push(`durable-${i}`);
    }
    await child.crash();

    child = await startServer();
    const after = new HttpClient(child.base);
    await after.signIn('admin', 'Changed-Before-Crash-2');
    const list = (await (await after.send('GET', '/api/users?q=durable-&pageSize=50')).json()) as { items: Array<{ username: string }> };
    expect(list.items.map((u) => u.username).sort()).toEqual(created);
    const verify = (await (await after.send('POST', '/api/audit/verify')).json()) as { ok: boolean; checked: number };
    expect(verify.ok).toBe(true);
    await child.stop();
  });
});
