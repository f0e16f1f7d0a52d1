import path from 'node:path';
import type { Config } from '../config.ts';
import type { Database } from './database.ts';
import { openPglite } from './pglite-driver.ts';
import { openPgliteWorker } from './pglite-worker.ts';

export { DatabaseInUseError, openPglite, openPgliteFromDump } from './pglite-driver.ts';
export { DatabaseWorkerFailed, openPgliteWorker } from './pglite-worker.ts';
import { openPostgres } from './pg-driver.ts';

export type { Database, DatabaseKind, PoolStats, Queryable, QueryResult } from './database.ts';
export { migrate, currentVersion, listMigrations } from './migrate.ts';

/**
 * Opens the database the configuration names: a PostgreSQL server, or the embedded one — on its own worker thread
 * unless `pgliteThread` is 'main' (CIVDEF_PGLITE_THREAD=main, the in-thread driver, kept as an escape hatch).
 */
export function openDatabase(config: Pick<Config, 'databaseUrl' | 'databaseInMemory' | 'dataDir'> & Partial<Pick<Config, 'pgliteThread'>>): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  const dir = config.databaseInMemory ? null : path.join(config.dataDir, 'db');
  return config.pgliteThread === 'main' ? openPglite(dir) : openPgliteWorker(dir);
}
