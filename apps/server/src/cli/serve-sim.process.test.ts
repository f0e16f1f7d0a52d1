/**
 * `civdef serve --sim-sirens N --sim-vehicles`, the demo as the README starts it with its devices: the simulated
 * terminals log in to the embedded broker with their own keys, and the demo's command vehicles report signed
 * positions that the console's map shows as live.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpClient, freePort, seedDataDirFromTemplate, startServe, type ServeProcess } from '../test/process.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-serve-sim-'));
let running: ServeProcess | null = null;

afterAll(async () => {
  await running?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('civdef serve with simulated devices (embedded database and broker, demo data)', () => {
  it('drives the demo vehicles: every one is shown live on the map', async () => {
    await seedDataDirFromTemplate(dataDir);
    const password = 'Serve-Sim-Admin-1';
    running = await startServe(
      { CIVDEF_DATA_DIR: dataDir, CIVDEF_DEMO_DATA: 'true', MQTT_EMBEDDED_PORT: String(await freePort()), CIVDEF_INITIAL_ADMIN_PASSWORD: password },
      ['--sim-sirens', '3', '--sim-vehicles'],
    );
    // The devices start after the banner that startServe waits for.
    const vehiclesLine = /simulated command vehicles: (\d+) reporting every 5 s/;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && !vehiclesLine.test(running.output());) await new Promise((r) => setTimeout(r, 250));
    expect(running.output()).toMatch(/simulated sirens: 3 of 3 terminals connected/);
    const announced = vehiclesLine.exec(running.output());
    expect(announced, running.output()).not.toBeNull();
    const count = Number(announced![1]);
    expect(count).toBeGreaterThan(0);

    const api = new HttpClient(running.base);
    await api.signIn('admin', password);
    expect((await api.send('POST', '/api/auth/password', { currentPassword: password, newPassword: 'Chosen-By-Operator-8' })).status).toBe(204);
    await api.signIn('admin', 'Chosen-By-Operator-8');
    let live: boolean[] = [];
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
      const map = (await (await api.send('GET', '/api/map/command-vehicles')).json()) as { features: Array<{ properties: { live: boolean } }> };
      live = map.features.map((f) => f.properties.live);
      if (live.length === count && live.every(Boolean)) break;
    }
    expect(live).toEqual(Array(count).fill(true));
  });
});
