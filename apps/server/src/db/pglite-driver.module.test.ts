/**
 * The embedded driver's write epoch: what the caches of the session lookup and the works data version rely on to
 * reuse a read only while nothing can have changed the database (see `Database.writeEpoch`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.ts';
import { openPglite } from './pglite-driver.ts';

let db: Database;
beforeAll(async () => {
  db = await openPglite(null);
  await db.query('CREATE TABLE t (x int)');
});
afterAll(() => db.close());

const moves = async (work: () => Promise<unknown>) => {
  const before = db.writeEpoch!();
  await work().catch(() => undefined);
  return db.writeEpoch!() !== before;
};

describe('the embedded driver\'s write epoch', () => {
  it('stays for plain reads', async () => {
    expect(await moves(() => db.query('SELECT 1'))).toBe(false);
    expect(await moves(() => db.query('  /* why */\n-- and\n select x from t where x = $1', [1]))).toBe(false);
  });

  it('moves after every statement that writes or may write, every script and every transaction, failed ones too', async () => {
    expect(await moves(() => db.query('INSERT INTO t VALUES (1)'))).toBe(true);
    expect(await moves(() => db.query('UPDATE t SET x = x WHERE false'))).toBe(true);
    expect(await moves(() => db.query('WITH d AS (DELETE FROM t WHERE x = 99 RETURNING x) SELECT * FROM d'))).toBe(true);
    expect(await moves(() => db.exec('SELECT 1; SELECT 2'))).toBe(true);
    expect(await moves(() => db.transaction((tx) => tx.query('SELECT 1')))).toBe(true);
    expect(await moves(() => db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (2)');
      throw new Error('rolled back');
    }))).toBe(true);
    expect(await moves(() => db.query('INSERT INTO nowhere VALUES (1)'))).toBe(true);
  });

  it('has moved by the time a write\'s promise resolves, so a read started after it never reuses an older one', async () => {
    const before = db.writeEpoch!();
    const write = db.query('INSERT INTO t VALUES (3)');
    expect(db.writeEpoch!()).toBe(before);
    await write;
    expect(db.writeEpoch!()).toBeGreaterThan(before);
  });
});
