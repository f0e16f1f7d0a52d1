import path from 'node:path';
import type { Config } from '../config.ts';
import type { Database } from './database.ts';
import { openPglite } from './pglite-driver.ts';

export { DatabaseInUseError, openPglite, openPgliteFromDump } from './pglite-driver.ts';
import { openPostgres } from './pg-driver.ts';

export type { Database, DatabaseKind, PoolStats, Queryable, QueryResult } from './database.ts';
export { migrate, currentVersion, listMigrations } from './migrate.ts';

/** Opens the database the configuration names: a PostgreSQL server, or the embedded one. */
export function openDatabase(config: Pick<Config, 'databaseUrl' | 'databaseInMemory' | 'dataDir'>): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  return openPglite(config.databaseInMemory ? null : path.join(config.dataDir, 'db'));
}
