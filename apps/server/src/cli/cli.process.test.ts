/**
 * The operator CLI as an operator runs it: a separate process against the same database as the server.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, openPglite, type Database } from '../db/index.ts';
import { openTestDatabase } from '../test/harness.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/civdef.mjs');

let env: Record<string, string>;
let reopen: () => Promise<Database>;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const base = { ...process.env, LOG_LEVEL: 'silent', CIVDEF_DEMO_DATA: 'false', MQTT_EMBEDDED_PORT: 'off' } as Record<string, string>;
  if (process.env.TEST_DATABASE_URL) {
    // A fresh database on the server; the CLI reaches it by DATABASE_URL.
    const { db, drop } = await openTestDatabase();
    const url = ((db as unknown as { url?: string }).url) ?? null;
    await db.close();
    if (!url) throw new Error('test database URL unknown');
    // The data dir still holds the audit chain's key files and checkpoints.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-cli-'));
    env = { ...base, DATABASE_URL: url, CIVDEF_DATA_DIR: dataDir };
    reopen = () => openDatabase({ databaseUrl: url, databaseInMemory: false, dataDir: '' });
    cleanup = async () => {
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  } else {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-cli-'));
    const template = inject('pgliteTemplate');
    const seeded = await openPglite(path.join(dataDir, 'db'), template ? { loadDataDir: new Blob([fs.readFileSync(template)]) } : {});
    await seeded.close();
    env = { ...base, CIVDEF_DATA_DIR: dataDir };
    reopen = () => openDatabase({ databaseUrl: null, databaseInMemory: false, dataDir });
    cleanup = async () => fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
afterAll(() => cleanup());

async function civdef(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('civdef CLI', () => {
  it('creates a user with a printed temporary password, then verifies the audit chain', async () => {
    const created = await civdef('user', 'create', '--username', 'tz-duty', '--role', 'duty_officer', '--region', '320612');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/created tz-duty with temporary password \S{20}/);

    const bad = await civdef('user', 'create', '--username', 'x', '--role', 'viewer', '--region', '320612');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('username');

    const ok = await civdef('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/audit chain intact: \d+ rows verified/);
  });

  it('detects a changed row and a deleted row', async () => {
    await civdef('user', 'lock', 'tz-duty');
    let db = await reopen();
    await db.query(`UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2`);
    await db.close();
    const changed = await civdef('audit', 'verify');
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain('AUDIT CHAIN BROKEN at row 2');

    db = await reopen();
    await db.query(`DELETE FROM audit_log WHERE seq = 2`);
    await db.close();
    const deleted = await civdef('audit', 'verify');
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toMatch(/row 2 is missing/);
  });

  it('lists every broken row, and finds the newest rows removed through the checkpoint the CLI wrote', async () => {
    for (const args of [['user', 'create', '--username', 'tz-many', '--role', 'viewer', '--region', '320612'], ['user', 'lock', 'tz-many'], ['user', 'unlock', 'tz-many']]) {
      expect((await civdef(...args)).code).toBe(0);
    }
    let db = await reopen();
    const seqs = (await db.query<{ seq: number }>('SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 3')).rows.map((r) => Number(r.seq));
    const [newest, middle, oldest] = seqs as [number, number, number];
    await db.query(`UPDATE audit_log SET ip = '203.0.113.9' WHERE seq IN ($1, $2)`, [oldest, newest]);
    await db.close();
    const both = await civdef('audit', 'verify');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain(`  row ${oldest}: row ${oldest} was changed`);
    expect(both.stderr).toContain(`  row ${newest}: row ${newest} was changed`);

    // Rows and head cut back consistently (or an older database restored): only the checkpoint outside knows.
    db = await reopen();
    const keep = (await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = $1', [middle])).rows[0]!.hash;
    await db.query('DELETE FROM audit_log WHERE seq > $1', [middle]);
    await db.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [middle, keep]);
    await db.close();
    const cut = await civdef('audit', 'verify');
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(new RegExp(`checkpoint of row ${newest} .* is newer than the log, which ends at row ${middle}`));
  });
});
