import pg from 'pg';
import type { Database, QueryResult, Queryable } from './database.ts';

// Same shapes as the PGlite driver: int8 (counts, ids) and numeric as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/** PostgreSQL server (≥ 15 with PostGIS) through a `pg` connection pool. */
export async function openPostgres(url: string, max = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'civdef' });
  pool.on('error', () => {
    /* an idle client died; the pool replaces it. Queries report their own errors. */
  });
  await pool.query('SELECT 1');

  let closing: Promise<void> | null = null;
  const run = async <R>(c: pg.Pool | pg.PoolClient, text: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const res = await c.query(text, params as unknown[] | undefined);
    return { rows: res.rows as R[], rowCount: res.rowCount ?? res.rows.length };
  };

  return {
    kind: 'postgres',
    query: (text, params) => run(pool, text, params),
    exec: async (sql) => void (await pool.query(sql)),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const scoped: Queryable = { query: (text, params) => run(client, text, params), exec: async (sql) => void (await client.query(sql)) };
        const result = await fn(scoped);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    // Idempotent: shutdown paths (signal handler, onClose hook, tests) may each call it.
    close: () => (closing ??= pool.end()),
  };
}
