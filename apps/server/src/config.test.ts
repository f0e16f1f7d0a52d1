import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('runs on embedded defaults with nothing set', () => {
    const c = loadConfig({}, '/srv/civdef');
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: null, mqttUrl: null, mqttEmbeddedPort: 1883, dataDir: '/srv/civdef/data', basemap: null });
    expect(c.demo).toEqual({ enabled: true, seed: 20260918 });
    expect(c.cookieSecure).toBe(false);
  });

  it('lists every problem at once', () => {
    let error: ConfigError | null = null;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', SESSION_IDLE_MINUTES: '0', BASEMAP_URL: 'https://t0.example/{z}/{x}', CIVDEF_DEMO_DATA: 'maybe' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'SESSION_IDLE_MINUTES', 'BASEMAP_URL', 'CIVDEF_DEMO_DATA']) expect(text).toContain(name);
    expect(error!.problems).toHaveLength(6);
  });

  it('reads a PostgreSQL server, an external broker and a basemap', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/civdef', MQTT_URL: 'mqtt://broker:1883', BASEMAP_URL: 'https://tiles.example/{z}/{x}/{y}.png', NODE_ENV: 'production' });
    expect(c.databaseUrl).toBe('postgres://u:p@db:5432/civdef');
    expect(c.mqttUrl).toBe('mqtt://broker:1883');
    expect(c.mqttEmbeddedPort).toBeNull();
    expect(c.basemap).toEqual({ type: 'xyz', url: 'https://tiles.example/{z}/{x}/{y}.png', attribution: null });
    expect(c.cookieSecure).toBe(true);
  });

  it('can switch the embedded broker off', () => {
    expect(loadConfig({ MQTT_EMBEDDED_PORT: 'off' }).mqttEmbeddedPort).toBeNull();
  });
});
