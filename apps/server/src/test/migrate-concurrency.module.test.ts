/**
 * Two servers starting at once on the same empty PostgreSQL database both migrate it: the advisory
 * lock in migrate() must let both succeed and apply every migration exactly once. PostgreSQL only —
 * the embedded database has a single connection (CI runs this file through `npm run test:pg`).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentVersion, listMigrations, migrate, openDatabase, type Database } from '../db/index.ts';

const serverUrl = process.env.TEST_DATABASE_URL;
const name = `civdef_migrate_${process.pid}_${Date.now().toString(36)}`;
const dbs: Database[] = [];

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describe.skipIf(!serverUrl)('concurrent migrate() on PostgreSQL', () => {
  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    for (let i = 0; i < 3; i++) dbs.push(await openDatabase({ databaseUrl: url.toString(), databaseInMemory: false, dataDir: '' }));
  });
  afterAll(async () => {
    for (const db of dbs) await db.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('lets every starter succeed and applies each migration once', async () => {
    const all = listMigrations();
    expect(await currentVersion(dbs[0]!)).toBe(0);
    const results = await Promise.all(dbs.map((db) => migrate(db)));
    for (const r of results) expect(r.version).toBe(all.length);
    // Between them the starters applied every migration, none twice.
    expect(results.flatMap((r) => r.applied).sort()).toEqual(all.map((m) => m.name));
    const { rows } = await dbs[0]!.query<{ version: number; name: string }>('SELECT version, name FROM schema_migration ORDER BY version');
    expect(rows.map((r) => [r.version, r.name])).toEqual(all.map((m) => [m.version, m.name]));
    // And a later start finds nothing to do.
    expect((await migrate(dbs[1]!)).applied).toEqual([]);
  });
});
