/**
 * The PostgreSQL server a benchmark measures beside the embedded database: the one at BENCH_DATABASE_URL or
 * DATABASE_URL when set (a scratch database is created on it when the role may, else the URL's database is used as
 * it is), otherwise a throw-away PostgreSQL 15 cluster started from /usr/lib/postgresql/15/bin (as the `postgres` user
 * when run as root) and removed afterwards. When none can be had the answer is the reason, for the table to print.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../src/test/process.ts';

export interface PgTarget {
  url: string;
  describe: string;
  cleanup: () => Promise<void>;
}

const PG_BIN = '/usr/lib/postgresql/15/bin';
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL tool as the `postgres` user when we are root (initdb refuses root). */
function runPg(cmd: string, cmdArgs: string[]): { ok: boolean; out: string } {
  const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...cmdArgs], { encoding: 'utf8' }) : spawnSync(cmd, cmdArgs, { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** A database of its own on the given server when the role may create one; else the URL as it is. */
async function scratchDatabaseOn(url: string): Promise<PgTarget> {
  const name = `civdef_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (err) {
    await admin.end().catch(() => undefined);
    console.log(`  (could not create a scratch database: ${(err as Error).message}; using the URL's own database)`);
    return { url, describe: 'the given server', cleanup: async () => undefined };
  }
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    describe: `database ${name} on the given server`,
    cleanup: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name}`).catch(() => undefined);
      await c.end();
    },
  };
}

/**
 * A throw-away cluster on a free loopback port. `fsync: false` as CI starts one (a benchmark of reads); `true` where
 * the commit's flush is part of what is measured (a write that must survive a crash).
 */
async function throwAwayCluster(fsync: boolean): Promise<PgTarget | string> {
  if (!fs.existsSync(path.join(PG_BIN, 'initdb'))) return `${PG_BIN}/initdb not found (Debian: apt-get install postgresql-15-postgis-3), and neither BENCH_DATABASE_URL nor DATABASE_URL is set`;
  if (!fs.existsSync('/usr/share/postgresql/15/extension/postgis.control')) return 'PostGIS for PostgreSQL 15 is not installed (apt-get install postgresql-15-postgis-3)';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-bench-pg-'));
  fs.chmodSync(dir, 0o755);
  const data = path.join(dir, 'pg');
  fs.mkdirSync(data);
  if (asRoot) spawnSync('chown', ['postgres', data]);
  const port = await freePort();
  const init = runPg(path.join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  if (!init.ok) {
    fs.rmSync(dir, { recursive: true, force: true });
    return `initdb failed: ${init.out.trim().split('\n').slice(-2).join(' ')}`;
  }
  const start = runPg(path.join(PG_BIN, 'pg_ctl'), ['-D', data, '-o', `-p ${port} -k ${data} -c listen_addresses=127.0.0.1 -c fsync=${fsync ? 'on' : 'off'}`, '-l', path.join(data, 'log'), '-w', 'start']);
  const cleanup = async () => {
    runPg(path.join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  if (!start.ok) {
    await cleanup();
    return `pg_ctl start failed: ${start.out.trim().split('\n').slice(-2).join(' ')}`;
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, describe: `a throw-away PostgreSQL 15 cluster on 127.0.0.1:${port} (fsync ${fsync ? 'on' : 'off'})`, cleanup };
}

/** The given server (BENCH_DATABASE_URL, DATABASE_URL) or a throw-away cluster; a string says why there is none. */
export async function benchPostgres(opts: { fsync: boolean }): Promise<PgTarget | string> {
  const given = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  return given ? scratchDatabaseOn(given) : throwAwayCluster(opts.fsync);
}
