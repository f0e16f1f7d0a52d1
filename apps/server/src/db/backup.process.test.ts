/**
 * `civdef backup` → `civdef restore` into a fresh target, through the real binary, comparing every table of the
 * public schema row for row (an ordered hash per table) and the archive files byte for byte. On the embedded
 * database always; on PostgreSQL too when TEST_DATABASE_URL is set.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyPgDatabase } from '../test/harness.ts';
import { seedDataDirFromTemplate, startServe } from '../test/process.ts';
import { tableDigests } from './backup.ts';
import { openDatabase, type Database } from './index.ts';

const execFileAsync = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/civdef.mjs');

async function civdef(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', CIVDEF_DEMO_DATA: 'false', MQTT_EMBEDDED_PORT: 'off', ...env }, timeout: 240_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function digestsOf(open: () => Promise<Database>) {
  const db = await open();
  try {
    return await tableDigests(db);
  } finally {
    await db.close();
  }
}

/** Puts some of everything in a database: users (CLI, audited), and an archive file on disk. */
async function populate(env: Record<string, string>, dataDir: string): Promise<void> {
  expect((await civdef(env, 'user', 'create', '--username', 'bk-duty', '--role', 'duty_officer', '--region', '320612')).code).toBe(0);
  expect((await civdef(env, 'user', 'lock', 'bk-duty')).code).toBe(0);
  fs.mkdirSync(path.join(dataDir, 'files/2026/12'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'files/2026/12/doc-1'), Buffer.from('%PDF-1.7 维护记录 '.repeat(100)));
}

const tmpDirs: string[] = [];
const tmp = (prefix: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tmpDirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('backup and restore, embedded database', () => {
  let source: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    source = tmp('civdef-bk-src-');
    await seedDataDirFromTemplate(source);
    env = { CIVDEF_DATA_DIR: source };
    await populate(env, source);
  });

  it('round-trips every table and every archive file into a fresh data dir', async () => {
    const file = path.join(tmp('civdef-bk-out-'), 'backup.tar.gz');
    const backup = await civdef(env, 'backup', '--out', file);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/backup written to .* pglite database at schema version \d+, 1 archive files/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const target = tmp('civdef-bk-dst-');
    const restore = await civdef({ CIVDEF_DATA_DIR: target }, 'restore', file);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/restored pglite database at schema version \d+ and 1 archive files/);

    const before = await digestsOf(() => openDatabase({ databaseUrl: null, databaseInMemory: false, dataDir: source }));
    const after = await digestsOf(() => openDatabase({ databaseUrl: null, databaseInMemory: false, dataDir: target }));
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['app_user', 'audit_log', 'region', 'work', 'schema_migration']));
    expect(before.app_user!.rows).toBeGreaterThan(0);
    expect(after).toEqual(before);
    expect(fs.readFileSync(path.join(target, 'files/2026/12/doc-1'))).toEqual(fs.readFileSync(path.join(source, 'files/2026/12/doc-1')));
    // The audit chain's keys are not in the backup (like the field-encryption key): the operator brings them.
    for (const key of ['audit-hmac.key', 'audit-signing.key']) fs.copyFileSync(path.join(source, key), path.join(target, key));
    expect((await civdef({ CIVDEF_DATA_DIR: target }, 'audit', 'verify')).stdout).toMatch(/audit chain intact/);

    // Into the now non-empty target: refused without --force, and nothing changed.
    const again = await civdef({ CIVDEF_DATA_DIR: target }, 'restore', file);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('add --force to overwrite');
    expect(again.stderr).toContain('恢复只写入空目标');
    const forced = await civdef({ CIVDEF_DATA_DIR: target }, 'restore', file, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/replaced data kept at .*db\.before-restore-/);
    expect(await digestsOf(() => openDatabase({ databaseUrl: null, databaseInMemory: false, dataDir: target }))).toEqual(before);
  });

  it('refuses a damaged backup file and leaves the target untouched', async () => {
    const file = path.join(tmp('civdef-bk-out-'), 'backup.tar.gz');
    expect((await civdef(env, 'backup', '--out', file)).code).toBe(0);
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const target = tmp('civdef-bk-dst-');
    const r = await civdef({ CIVDEF_DATA_DIR: target }, 'restore', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot read backup file|damaged/);
    expect(fs.existsSync(path.join(target, 'db', 'PG_VERSION'))).toBe(false);
  });

  it('refuses to back up while a server holds the embedded database', async () => {
    const server = await startServe({ CIVDEF_DATA_DIR: source, MQTT_EMBEDDED_PORT: 'off' });
    try {
      const r = await civdef(env, 'backup', '--out', path.join(tmp('civdef-bk-out-'), 'x.tar.gz'));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/in use by process \d+ \(is civdef serve running\?\)/);
    } finally {
      await server.stop();
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('backup and restore, PostgreSQL', () => {
  it('round-trips every table into a fresh database (pg_dump / pg_restore)', async () => {
    const serverUrl = process.env.TEST_DATABASE_URL!;
    const src = await createEmptyPgDatabase(serverUrl);
    const dst = await createEmptyPgDatabase(serverUrl);
    try {
      const dataDir = tmp('civdef-bk-pg-');
      const env = { DATABASE_URL: src.url, CIVDEF_DATA_DIR: dataDir };
      expect((await civdef(env, 'migrate')).code).toBe(0);
      await populate(env, dataDir);
      const file = path.join(dataDir, 'backup.tar.gz');
      const backup = await civdef(env, 'backup', '--out', file);
      expect(backup.stderr).toBe('');
      expect(backup.stdout).toMatch(/postgres database at schema version \d+, 1 archive files/);

      const target = tmp('civdef-bk-pg-dst-');
      const restore = await civdef({ DATABASE_URL: dst.url, CIVDEF_DATA_DIR: target }, 'restore', file);
      expect(restore.stderr).toBe('');
      expect(restore.code).toBe(0);
      const before = await digestsOf(() => openDatabase({ databaseUrl: src.url, databaseInMemory: false, dataDir }));
      const after = await digestsOf(() => openDatabase({ databaseUrl: dst.url, databaseInMemory: false, dataDir: target }));
      expect(before.app_user!.rows).toBeGreaterThan(0);
      expect(after).toEqual(before);
      expect(fs.readFileSync(path.join(target, 'files/2026/12/doc-1'))).toEqual(fs.readFileSync(path.join(dataDir, 'files/2026/12/doc-1')));

      const again = await civdef({ DATABASE_URL: dst.url, CIVDEF_DATA_DIR: tmp('civdef-bk-pg-x-') }, 'restore', file);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('add --force to overwrite');
    } finally {
      await src.drop();
      await dst.drop();
    }
  });
});
