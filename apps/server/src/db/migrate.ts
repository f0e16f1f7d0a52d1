import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './database.ts';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered `NNNN_name.sql` files, in order. A gap or duplicate number is a packaging error. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = fs.readdirSync(dir).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  return files.map((file, i) => {
    const version = Number(file.slice(0, 4));
    if (version !== i + 1) throw new Error(`migration numbering broken at ${file}: expected ${String(i + 1).padStart(4, '0')}`);
    return { version, name: file.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(dir, file), 'utf8') };
  });
}

// Any fixed number: processes starting at once wait on the same advisory lock.
const MIGRATION_LOCK_KEY = 4_206_118;

/**
 * Applies pending migrations, each in its own transaction, while holding a transaction-level
 * advisory lock so two servers starting together never apply one twice. Returns the version now in force.
 */
export async function migrate(db: Database, migrations = listMigrations()): Promise<{ version: number; applied: string[] }> {
  const applied: string[] = [];
  // One read instead of a locked transaction per migration when nothing is pending (every restart). A migration
  // seen as pending here is still checked again under the lock, so concurrent starts stay safe.
  const done = await appliedVersions(db);
  for (const m of migrations.filter((x) => !done.has(x.version))) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await tx.query(`CREATE TABLE IF NOT EXISTS schema_migration (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migration WHERE version = $1', [m.version]);
      if (rows.length > 0) return false;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.name);
  }
  return { version: await currentVersion(db), applied };
}

async function appliedVersions(db: Database): Promise<Set<number>> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migration')::text AS t`);
  if (!exists.rows[0]?.t) return new Set();
  const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migration');
  return new Set(rows.map((r) => r.version));
}

export async function currentVersion(db: Database): Promise<number> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migration')::text AS t`);
  if (!exists.rows[0]?.t) return 0;
  const { rows } = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migration');
  return rows[0]?.v ?? 0;
}
