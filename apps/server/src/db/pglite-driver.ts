import { PGlite, types } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import fs from 'node:fs';
import { Mutex, type Database, type QueryResult, type Queryable } from './database.ts';

/** int8 and numeric as JS numbers, the same as the pg driver is set up to return them. */
const parsers = {
  [types.INT8]: (v: string) => Number(v),
  [types.NUMERIC]: (v: string) => Number(v),
};

/**
 * Embedded PostgreSQL + PostGIS (WASM). One connection per process: every statement and
 * transaction goes through one mutex, so a transaction never interleaves with other work.
 */
export async function openPglite(dataDir: string | null, opts: { loadDataDir?: Blob } = {}): Promise<Database> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create({ ...(dataDir ? { dataDir } : {}), ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}), extensions: { postgis }, parsers });
  const mutex = new Mutex();
  let closing: Promise<void> | null = null;

  const run = async <R>(q: Pick<PGlite, 'query'>, text: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const res = await q.query<R>(text, params as unknown[] | undefined);
    return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
  };

  return {
    kind: 'pglite',
    query: (text, params) => mutex.run(() => run(pg, text, params)),
    exec: (sql) => mutex.run(async () => void (await pg.exec(sql))),
    transaction: (fn) =>
      mutex.run(() =>
        pg.transaction(async (tx) => {
          const scoped: Queryable = { query: (text, params) => run(tx, text, params), exec: async (sql) => void (await tx.exec(sql)) };
          return fn(scoped);
        }),
      ),
    close: () => (closing ??= mutex.run(() => pg.close())),
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
