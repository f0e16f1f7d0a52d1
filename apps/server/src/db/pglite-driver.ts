import { PGlite, types, type Extension } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { Mutex, type Database, type QueryResult, type Queryable } from './database.ts';
import { readTar, writeTar } from './tar.ts';

/** int8 and numeric as JS numbers, the same as the pg driver is set up to return them. */
export const parsers = {
  [types.INT8]: (v: string) => Number(v),
  [types.NUMERIC]: (v: string) => Number(v),
};

// What the platform uses of the PostGIS bundle: the core library, its extension scripts and PROJ's data.
// Raster, topology and the tiger geocoder are not used (migrations create `postgis` only).
const KEEP = [/^lib\/postgresql\/postgis-3\.so$/, /^share\/postgresql\/extension\/postgis(\.control|--(?!unpackaged)[^/]*\.sql)$/, /^share\/proj\//];

/**
 * The PostGIS extension with a trimmed bundle. PGlite unpacks an extension's whole bundle into its in-memory file
 * system and compiles every `.so` in it on *each* start; the stock bundle holds three 15–17 MB libraries (core,
 * raster, topology), which made opening the database most of a restart. The trimmed bundle is built once from the
 * installed package's bundle (keyed by its version and size, so an upgrade rebuilds it) and kept in the
 * `node_modules/.cache` beside it: the same trust as the package itself, unlike a shared temp directory. When it
 * cannot be written there the stock bundle is used, slower but identical in behaviour.
 */
let trimmed: Promise<Extension> | null = null;
export function postgisExtension(): Promise<Extension> {
  return (trimmed ??= (async () => {
    try {
      const require = createRequire(import.meta.url);
      // The package exports no package.json; its entry lives in dist/.
      const pkgDir = path.resolve(path.dirname(require.resolve('@electric-sql/pglite-postgis')), '..');
      const { version } = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string };
      const source = path.join(pkgDir, 'dist/postgis.tar.gz');
      const nodeModules = pkgDir.slice(0, pkgDir.lastIndexOf(`${path.sep}node_modules${path.sep}`) + '/node_modules'.length);
      const target = path.join(nodeModules, '.cache', 'civdef', `postgis-${version}-${fs.statSync(source).size}.tar.gz`);
      if (!fs.existsSync(target)) {
        const entries = readTar(zlib.gunzipSync(fs.readFileSync(source))).filter((e) => e.type === 'file' && KEEP.some((re) => re.test(e.name)));
        if (!entries.some((e) => e.name.endsWith('postgis-3.so'))) throw new Error('postgis-3.so not found in the PostGIS bundle');
        fs.mkdirSync(path.dirname(target), { recursive: true });
        // Written aside and renamed: processes starting together never read a half-written bundle.
        const part = `${target}.${process.pid}.part`;
        fs.writeFileSync(part, zlib.gzipSync(writeTar(entries), { level: 1 }));
        fs.renameSync(part, target);
      }
      const bundlePath = pathToFileURL(target);
      return { name: 'postgis', setup: async (pg, opts) => ({ ...(await postgis.setup(pg, opts)), bundlePath }) } satisfies Extension;
    } catch (err) {
      process.emitWarning(`PostGIS: using the full bundle, the trimmed one could not be made (${(err as Error).message})`);
      return postgis;
    }
  })());
}

/** A statement that only reads: SELECT first (after blanks and comments), not WITH (a CTE may write). */
export const PLAIN_SELECT = /^(?:\s+|--[^\n]*\n|\/\*[\s\S]*?\*\/)*SELECT\b/i;

/** The embedded database directory is open in another process (a running `civdef serve`, another command). */
export class DatabaseInUseError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(
      `数据库 ${dataDir} 正由进程 ${pid} 使用（civdef serve 是否在运行？），请先停止该进程
`
      + `the embedded database ${dataDir} is in use by process ${pid} (is civdef serve running?); stop it first. `
      + `If no civdef process runs, delete ${dataDir}.lock`,
    );
    this.name = 'DatabaseInUseError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has no postmaster to keep a second process out of its directory, and two processes writing one data
 * directory corrupt it. So each process holds `<dataDir>.lock` (its pid) while the database is open; a lock left
 * by a process that died (kill -9, power loss) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = `${dataDir}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw err;
      const holder = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) throw new DatabaseInUseError(dataDir, holder);
      fs.rmSync(file, { force: true });
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file, { force: true });
    } catch {
      /* already gone */
    }
  };
  // A command that exits without closing (process.exit on an error) leaves no lock behind.
  process.on('exit', release);
  return release;
}

/**
 * Embedded PostgreSQL + PostGIS (WASM). One connection per process: every statement and
 * transaction goes through one mutex, so a transaction never interleaves with other work.
 */
export async function openPglite(dataDir: string | null, opts: { loadDataDir?: Blob } = {}): Promise<Database> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  let pg: PGlite;
  try {
    pg = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}), extensions: { postgis: await postgisExtension() }, parsers });
  } catch (err) {
    unlock();
    throw err;
  }
  const mutex = new Mutex();
  let closing: Promise<void> | null = null;
  // Moved *after* each write has finished (committed or not): a reader that saw one value before and after its
  // read cannot have read anything older than the newest commit.
  let epoch = 0;

  const run = async <R>(q: Pick<PGlite, 'query'>, text: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const res = await q.query<R>(text, params as unknown[] | undefined);
    return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
  };
  const autocommit = async <R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    let wrote = !PLAIN_SELECT.test(text);
    try {
      const res = await pg.query<R>(text, params as unknown[] | undefined);
      if (res.affectedRows) wrote = true;
      return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
    } finally {
      if (wrote) epoch++;
    }
  };

  return {
    kind: 'pglite',
    query: (text, params) => mutex.run(() => autocommit(text, params)),
    exec: (sql) => mutex.run(async () => void (await pg.exec(sql))).finally(() => epoch++),
    transaction: (fn) =>
      mutex.run(() =>
        pg.transaction(async (tx) => {
          const scoped: Queryable = { query: (text, params) => run(tx, text, params), exec: async (sql) => void (await tx.exec(sql)) };
          return fn(scoped);
        }).finally(() => epoch++),
      ),
    writeEpoch: () => epoch,
    close: () => (closing ??= mutex.run(() => pg.close()).finally(unlock)),
    poolStats: () => ({ total: 1, idle: mutex.pending === 0 ? 1 : 0, waiting: Math.max(0, mutex.pending - 1) }),
    dumpDataDir: () => mutex.run(() => pg.dumpDataDir('none')),
  } as Database & { dumpDataDir(): Promise<Blob> };
}

/**
 * An in-memory embedded database cloned from a dump (see `dumpDataDir`): a few seconds instead of the
 * ~10 s that creating PostGIS from scratch takes. Used by the test harness.
 */
export function openPgliteFromDump(dump: Blob): Promise<Database> {
  return openPglite(null, { loadDataDir: dump });
}
