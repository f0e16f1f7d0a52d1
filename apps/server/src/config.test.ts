import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ensureAuditKeys, loadConfig } from './config.ts';

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

describe('sign-in throttling', () => {
  it('throttles by default and locks nothing; LOGIN_LOCK_MINUTES still bounds the longest wait', () => {
    expect(loadConfig({}).login).toEqual({
      throttleAfter: 3, delayBaseSeconds: 2, delayMaxSeconds: 900, challengeAfter: 5, challengeBits: 18, failureWindowMinutes: 60, rateLimitPerMinute: 20,
    });
    expect(loadConfig({ LOGIN_LOCK_MINUTES: '7' }).login.delayMaxSeconds).toBe(420);
    expect(loadConfig({ LOGIN_LOCK_MINUTES: '7', LOGIN_THROTTLE_MAX_SECONDS: '30' }).login.delayMaxSeconds).toBe(30);
    let problems: string[] = [];
    try {
      loadConfig({ LOGIN_CHALLENGE_BITS: '40', LOGIN_THROTTLE_AFTER: '0' });
    } catch (err) {
      problems = (err as ConfigError).problems;
    }
    expect(problems.join('\n')).toMatch(/LOGIN_CHALLENGE_BITS=40: must be between 1 and 28/);
    expect(problems.join('\n')).toMatch(/LOGIN_THROTTLE_AFTER=0/);
  });
});

describe('field encryption key and metrics token', () => {
  it('takes FIELD_ENCRYPTION_KEY, else the data dir key file, and refuses malformed keys and short tokens', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-config-'));
    try {
      expect(loadConfig({ CIVDEF_DATA_DIR: dir }).fieldEncryption).toEqual({ key: null, previousKeys: [], keyFile: path.join(dir, 'field-encryption.key') });
      fs.writeFileSync(path.join(dir, 'field-encryption.key'), 'ab'.repeat(16) + '\n');
      expect(loadConfig({ CIVDEF_DATA_DIR: dir }).fieldEncryption.key).toBe('ab'.repeat(16));
      expect(loadConfig({ CIVDEF_DATA_DIR: dir, FIELD_ENCRYPTION_KEY: 'cd'.repeat(16) }).fieldEncryption.key).toBe('cd'.repeat(16));
      let problems: string[] = [];
      try {
        loadConfig({ CIVDEF_DATA_DIR: dir, FIELD_ENCRYPTION_KEY: 'xyz', FIELD_ENCRYPTION_PREVIOUS_KEYS: 'ab'.repeat(16) + ',nope', METRICS_TOKEN: 'short' });
      } catch (err) {
        problems = (err as ConfigError).problems;
      }
      expect(problems.join('\n')).toMatch(/FIELD_ENCRYPTION_KEY: must be 32 hex digits/);
      expect(problems.join('\n')).toMatch(/FIELD_ENCRYPTION_PREVIOUS_KEYS/);
      expect(problems.join('\n')).toMatch(/METRICS_TOKEN: at least 16 characters/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('audit chain keys', () => {
  it('takes AUDIT_HMAC_KEY and AUDIT_SIGNING_KEY, else key files made on first start with mode 0600, and refuses malformed keys', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-config-'));
    try {
      const c = loadConfig({ CIVDEF_DATA_DIR: dir });
      expect(c.audit).toEqual({
        hmacKey: null, previousHmacKeys: [], hmacKeyFile: path.join(dir, 'audit-hmac.key'), signingKey: null, signingKeyFile: path.join(dir, 'audit-signing.key'),
        checkpointFile: path.join(dir, 'audit-checkpoints.jsonl'), checkpointSeconds: 60, syslogUrl: null,
      });
      const keys = ensureAuditKeys(c);
      expect(keys.hmacKey).toMatch(/^[0-9a-f]{64}$/);
      expect(keys.signingKey).toMatch(/^[0-9a-f]{64}$/);
      expect(fs.statSync(c.audit.hmacKeyFile).mode & 0o777).toBe(0o600);
      expect(fs.statSync(c.audit.signingKeyFile).mode & 0o777).toBe(0o600);
      // The next start reads the same keys back; the environment wins over the files.
      expect(loadConfig({ CIVDEF_DATA_DIR: dir }).audit).toMatchObject({ hmacKey: keys.hmacKey, signingKey: keys.signingKey });
      expect(loadConfig({ CIVDEF_DATA_DIR: dir, AUDIT_HMAC_KEY: 'cd'.repeat(32) }).audit.hmacKey).toBe('cd'.repeat(32));
      expect(loadConfig({ CIVDEF_DATA_DIR: dir, AUDIT_SYSLOG_URL: 'udp://logs.example:514', AUDIT_CHECKPOINT_SECONDS: '300' }).audit)
        .toMatchObject({ syslogUrl: 'udp://logs.example:514', checkpointSeconds: 300 });
      expect(loadConfig({ CIVDEF_DATA_DIR: dir, AUDIT_HMAC_PREVIOUS_KEYS: ` ${'a1'.repeat(32)}, ${'b2'.repeat(32)} ` }).audit.previousHmacKeys)
        .toEqual(['a1'.repeat(32), 'b2'.repeat(32)]);
      let problems: string[] = [];
      try {
        loadConfig({ CIVDEF_DATA_DIR: dir, AUDIT_HMAC_KEY: 'ab'.repeat(16), AUDIT_HMAC_PREVIOUS_KEYS: 'cd'.repeat(31), AUDIT_SIGNING_KEY: 'zz', AUDIT_SYSLOG_URL: 'http://logs.example', AUDIT_CHECKPOINT_SECONDS: '0' });
      } catch (err) {
        problems = (err as ConfigError).problems;
      }
      expect(problems.join('\n')).toMatch(/AUDIT_HMAC_KEY: must be 64 hex digits/);
      expect(problems.join('\n')).toMatch(/AUDIT_SIGNING_KEY: must be 64 hex digits/);
      expect(problems.join('\n')).toMatch(/AUDIT_HMAC_PREVIOUS_KEYS: comma-separated keys of 64 hex digits each/);
      expect(problems.join('\n')).toMatch(/AUDIT_SYSLOG_URL: protocol must be one of udp:, tcp:/);
      expect(problems.join('\n')).toMatch(/AUDIT_CHECKPOINT_SECONDS=0: must be between 1 and 86400/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('.env.example', () => {
  const source = fs.readFileSync(path.join(import.meta.dirname, 'config.ts'), 'utf8');
  const example = fs.readFileSync(path.resolve(import.meta.dirname, '../../../.env.example'), 'utf8');

  it('documents every variable config.ts reads', () => {
    // Names passed to the Reader (r.str('NAME', …), r.int(…), …) or read straight from env (env.NAME, env['NAME']).
    const read = new Set<string>();
    for (const m of source.matchAll(/\br\.\w+\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g)) read.add(m[1]!);
    for (const m of source.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]*)|\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\])/g)) read.add((m[1] ?? m[2])!);
    // Guard the parser itself: it must see the variables every installation relies on.
    expect([...read]).toEqual(expect.arrayContaining(['NODE_ENV', 'PORT', 'DATABASE_URL', 'MQTT_EMBEDDED_PORT', 'CIVDEF_WEB_DIST']));
    const documented = new Set([...example.matchAll(/^#?[ \t]*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!));
    expect([...read].filter((name) => !documented.has(name)).sort(), 'read in config.ts but missing from .env.example').toEqual([]);
  });
});
