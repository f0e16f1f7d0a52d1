/**
 * `civdef backup` and `civdef restore`: one file holding the database and the archive files kept on disk
 * (`<dataDir>/files`, the works' documents and photos).
 *
 * Archive: a gzip'd tar with `manifest.json` (what is inside, with a SHA-256 per entry, checked before a restore
 * touches anything), the database (`database/pglite.tar`: PGlite's data directory; or `database/postgres.dump`:
 * `pg_dump --format=custom`) and `files/…`. The field-encryption key file is left out on purpose: a backup that
 * carries its own key protects nothing; keep the key (FIELD_ENCRYPTION_KEY or `<dataDir>/field-encryption.key`) apart.
 *
 * Consistency: the embedded database is locked per process (`<dataDir>/db.lock`), so a backup refuses while a
 * server runs on it rather than copy files under a writer; pg_dump takes a consistent snapshot of a live server.
 * A restore goes into an empty target only, unless `force` is given; then the embedded database and the files
 * being replaced are kept aside (`…before-restore-<time>`), not deleted.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Config } from '../config.ts';
import type { Database, Queryable } from './database.ts';
import { currentVersion, listMigrations } from './migrate.ts';
import { openPostgres } from './pg-driver.ts';
import { lockDataDir, openPglite } from './pglite-driver.ts';
import { readTar, writeTar, type TarEntry } from './tar.ts';

const FORMAT = 'civdef-backup';
const FORMAT_VERSION = 1;

/** A refusal or failure to show the operator, in zh-CN and English. */
export class BackupError extends Error {
  constructor(zh: string, en: string) {
    super(`${zh}\n${en}`);
    this.name = 'BackupError';
  }
}

interface Manifest {
  format: typeof FORMAT;
  formatVersion: number;
  createdAt: string;
  database: { kind: 'pglite' | 'postgres'; schemaVersion: number; entry: string; sha256: string; bytes: number };
  files: Array<{ path: string; sha256: string; bytes: number }>;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  database: 'pglite' | 'postgres';
  schemaVersion: number;
  files: number;
  ms: number;
}

type BackupConfig = Pick<Config, 'databaseUrl' | 'dataDir'>;

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, 'Z');

function listFiles(root: string, rel = ''): string[] {
  const dir = path.join(root, rel);
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(root, p));
    else if (entry.isFile()) out.push(p);
  }
  return out.sort();
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', (err) => {
      reject((err as NodeJS.ErrnoException).code === 'ENOENT'
        ? new BackupError(`找不到 ${command}：请安装 PostgreSQL 客户端工具（Debian：postgresql-client-15）`, `${command} not found: install the PostgreSQL client tools (Debian: postgresql-client-15)`)
        : err);
    });
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${command} 失败（退出码 ${code}）：${stderr.trim()}`, `${command} failed (exit ${code}): ${stderr.trim()}`));
    });
  });
}

const pgliteDir = (config: BackupConfig) => path.join(config.dataDir, 'db');
const filesDir = (config: BackupConfig) => path.join(config.dataDir, 'files');

/** Writes a backup of the configured database and the archive files to `outFile` (mode 0600: it holds personal data). */
export async function createBackup(config: BackupConfig, outFile: string): Promise<BackupSummary> {
  const t0 = performance.now();
  let database: { kind: 'pglite' | 'postgres'; schemaVersion: number; entry: string; data: Uint8Array };
  if (config.databaseUrl) {
    const db = await openPostgres(config.databaseUrl, 1);
    const schemaVersion = await currentVersion(db).finally(() => db.close());
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-backup-'));
    try {
      const dump = path.join(tmp, 'postgres.dump');
      await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${dump}`, `--dbname=${config.databaseUrl}`]);
      database = { kind: 'postgres', schemaVersion, entry: 'database/postgres.dump', data: fs.readFileSync(dump) };
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  } else {
    const dir = pgliteDir(config);
    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
      throw new BackupError(`${dir} 中没有数据库，无可备份`, `There is no database in ${dir} to back up`);
    }
    const db = (await openPglite(dir)) as Database & { dumpDataDir(): Promise<Blob> };
    try {
      const schemaVersion = await currentVersion(db);
      const data = new Uint8Array(await (await db.dumpDataDir()).arrayBuffer());
      database = { kind: 'pglite', schemaVersion, entry: 'database/pglite.tar', data };
    } finally {
      await db.close();
    }
  }

  const files = listFiles(filesDir(config)).map((rel) => ({ rel, data: fs.readFileSync(path.join(filesDir(config), rel)) }));
  const manifest: Manifest = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    database: { kind: database.kind, schemaVersion: database.schemaVersion, entry: database.entry, sha256: sha256(database.data), bytes: database.data.length },
    files: files.map((f) => ({ path: `files/${f.rel}`, sha256: sha256(f.data), bytes: f.data.length })),
  };
  const entries: TarEntry[] = [
    { name: 'manifest.json', type: 'file', data: new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: database.entry, type: 'file', data: database.data },
    ...files.map((f) => ({ name: `files/${f.rel}`, type: 'file' as const, data: f.data })),
  ];
  // Level 1: most of the size win of gzip at a fraction of its time (a data directory is mostly empty pages).
  const archive = zlib.gzipSync(writeTar(entries), { level: 1 });
  fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
  const part = `${outFile}.${process.pid}.part`;
  fs.writeFileSync(part, archive, { mode: 0o600 });
  fs.renameSync(part, outFile);
  return { file: outFile, bytes: archive.length, database: database.kind, schemaVersion: database.schemaVersion, files: files.length, ms: Math.round(performance.now() - t0) };
}

/** Reads and checks a backup file: format, and every entry against the manifest's digest. */
function readBackup(file: string): { manifest: Manifest; entries: Map<string, Uint8Array> } {
  let entries: Map<string, Uint8Array>;
  try {
    entries = new Map(readTar(zlib.gunzipSync(fs.readFileSync(file))).filter((e) => e.type === 'file').map((e) => [e.name, e.data]));
  } catch (err) {
    throw new BackupError(`无法读取备份文件 ${file}：${(err as Error).message}`, `Cannot read backup file ${file}: ${(err as Error).message}`);
  }
  const raw = entries.get('manifest.json');
  const manifest = raw ? (JSON.parse(new TextDecoder().decode(raw)) as Manifest) : null;
  if (!manifest || manifest.format !== FORMAT || manifest.formatVersion !== FORMAT_VERSION) {
    throw new BackupError(`${file} 不是 civdef 备份文件（或格式版本不受支持）`, `${file} is not a civdef backup (or its format version is not supported)`);
  }
  for (const item of [{ path: manifest.database.entry, sha256: manifest.database.sha256 }, ...manifest.files]) {
    const data = entries.get(item.path);
    if (!data || sha256(data) !== item.sha256) {
      throw new BackupError(`备份文件已损坏：${item.path} 缺失或校验值不符`, `The backup is damaged: ${item.path} is missing or fails its checksum`);
    }
  }
  return { manifest, entries };
}

export interface RestoreSummary {
  database: 'pglite' | 'postgres';
  schemaVersion: number;
  files: number;
  /** Where replaced data was moved (restore with force into a non-empty embedded target). */
  keptAside: string[];
  ms: number;
}

async function userTables(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'spatial_ref_sys' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

function moveAside(dir: string, kept: string[]): void {
  if (!fs.existsSync(dir)) return;
  const aside = `${dir}.before-restore-${stamp()}`;
  fs.renameSync(dir, aside);
  kept.push(aside);
}

/**
 * Restores a backup into the configured database and data dir. The target must be empty (no database tables,
 * no archive files) unless `force` is set.
 */
export async function restoreBackup(config: BackupConfig, file: string, opts: { force?: boolean } = {}): Promise<RestoreSummary> {
  const t0 = performance.now();
  const { manifest, entries } = readBackup(file);
  const kind = config.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.database.kind !== kind) {
    throw new BackupError(
      `备份来自 ${manifest.database.kind} 数据库，当前配置的是 ${kind}：请在相同类型的数据库上恢复`,
      `The backup is of a ${manifest.database.kind} database but ${kind} is configured: restore into the same kind`,
    );
  }
  const known = listMigrations().length;
  if (manifest.database.schemaVersion > known) {
    throw new BackupError(
      `备份的数据库结构版本 ${manifest.database.schemaVersion} 新于本程序（${known}），请用更新的 civdef 恢复`,
      `The backup's schema version ${manifest.database.schemaVersion} is newer than this civdef's (${known}); restore with a newer civdef`,
    );
  }
  const files = manifest.files;
  const filesTarget = filesDir(config);
  const filesPresent = listFiles(filesTarget).length > 0;
  const dump = entries.get(manifest.database.entry)!;
  const kept: string[] = [];

  if (kind === 'postgres') {
    const db = await openPostgres(config.databaseUrl!, 1);
    const tables = await userTables(db).finally(() => db.close());
    if ((tables.length > 0 || filesPresent) && !opts.force) {
      throw new BackupError(
        `目标非空（数据库中已有 ${tables.length} 张表${filesPresent ? '，且已有档案文件' : ''}）：恢复只写入空目标，确需覆盖请加 --force`,
        `The target is not empty (${tables.length} tables in the database${filesPresent ? ', and archive files' : ''}): restore writes into an empty target; add --force to overwrite`,
      );
    }
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-restore-'));
    try {
      const dumpFile = path.join(tmp, 'postgres.dump');
      fs.writeFileSync(dumpFile, dump, { mode: 0o600 });
      const clean = tables.length > 0 ? ['--clean', '--if-exists'] : [];
      await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', ...clean, `--dbname=${config.databaseUrl!}`, dumpFile]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  } else {
    const target = pgliteDir(config);
    // Held for the whole restore: no server may open the directory while it is being replaced.
    fs.mkdirSync(config.dataDir, { recursive: true });
    const unlock = lockDataDir(target);
    try {
      const present = fs.existsSync(path.join(target, 'PG_VERSION'));
      if ((present || filesPresent) && !opts.force) {
        throw new BackupError(
          `目标非空（${present ? `${target} 中已有数据库` : ''}${present && filesPresent ? '，' : ''}${filesPresent ? `${filesTarget} 中已有档案文件` : ''}）：恢复只写入空目标，确需覆盖请加 --force`,
          `The target is not empty (${[present ? `a database in ${target}` : '', filesPresent ? `archive files in ${filesTarget}` : ''].filter(Boolean).join(', ')}): restore writes into an empty target; add --force to overwrite`,
        );
      }
      // Built beside the target and swapped in only once complete: a failed restore leaves the target as it was.
      const staging = `${target}.restoring-${process.pid}`;
      fs.rmSync(staging, { recursive: true, force: true });
      const db = await openPglite(staging, { loadDataDir: new Blob([dump]) });
      await db.close();
      if (present) moveAside(target, kept);
      else fs.rmSync(target, { recursive: true, force: true });
      fs.renameSync(staging, target);
    } finally {
      unlock();
    }
  }

  if (files.length > 0 || filesPresent) {
    const staging = `${filesTarget}.restoring-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    for (const f of files) {
      const dest = path.join(staging, f.path.slice('files/'.length));
      if (!dest.startsWith(staging + path.sep)) throw new BackupError(`备份中的路径不安全：${f.path}`, `Unsafe path in the backup: ${f.path}`);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.writeFileSync(dest, entries.get(f.path)!);
    }
    if (filesPresent) moveAside(filesTarget, kept);
    if (files.length > 0) fs.renameSync(staging, filesTarget);
  }
  return { database: kind, schemaVersion: manifest.database.schemaVersion, files: files.length, keptAside: kept, ms: Math.round(performance.now() - t0) };
}

/**
 * Row count and an MD5 over every row (as text, in sorted order) of each table in the public schema: two databases
 * with equal digests hold the same data. Used to check a restore, by the round-trip test and by operators.
 */
export async function tableDigests(db: Queryable): Promise<Record<string, { rows: number; md5: string }>> {
  const out: Record<string, { rows: number; md5: string }> = {};
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  for (const { name } of tables) {
    const ident = `"${name.replace(/"/g, '""')}"`;
    const { rows } = await db.query<{ n: number; h: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS h FROM public.${ident} t`,
    );
    out[name] = { rows: rows[0]!.n, md5: rows[0]!.h };
  }
  return out;
}
