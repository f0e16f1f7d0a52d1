/**
 * The embedded drivers — in the main thread (pglite-driver.ts) and on a worker thread (pglite-worker.ts) — behave
 * alike: the write epoch that the caches of the session lookup and the works data version rely on (see
 * `Database.writeEpoch`), the JS types of every column type the schema uses, the PostgreSQL fields of an error,
 * transactions, dump and load. The worker's own failure mode (it dies) is tested last.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from './database.ts';
import { openPglite } from './pglite-driver.ts';
import { DatabaseWorkerFailed, openPgliteWorker, WORKER } from './pglite-worker.ts';

type Dumpable = Database & { dumpDataDir(): Promise<Blob> };
const drivers: [string, (dataDir: string | null, opts?: { loadDataDir?: Blob }) => Promise<Dumpable>][] = [
  ['main thread', (dir, opts) => openPglite(dir, opts) as Promise<Dumpable>],
  ['worker thread', (dir, opts) => openPgliteWorker(dir, opts)],
];

describe.each(drivers)('the embedded driver (%s)', (_name, open) => {
  let db: Dumpable;
  beforeAll(async () => {
    // The migrated template when there is one (PostGIS already created: seconds instead of a dozen).
    const template = inject('pgliteTemplate');
    db = await open(null, template ? { loadDataDir: new Blob([fs.readFileSync(template)]) } : {});
    await db.query('CREATE TABLE t (x int)');
  });
  afterAll(() => db.close());

  const moves = async (work: () => Promise<unknown>) => {
    const before = db.writeEpoch!();
    await work().catch(() => undefined);
    return db.writeEpoch!() !== before;
  };

  it('keeps its write epoch for plain reads', async () => {
    expect(await moves(() => db.query('SELECT 1'))).toBe(false);
    expect(await moves(() => db.query('  /* why */\n-- and\n select x from t where x = $1', [1]))).toBe(false);
  });

  it('moves the epoch after every statement that writes or may write, every script and every transaction, failed ones too', async () => {
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

  it('has moved the epoch by the time a write\'s promise resolves, so a read started after it never reuses an older one', async () => {
    const before = db.writeEpoch!();
    const write = db.query('INSERT INTO t VALUES (3)');
    expect(db.writeEpoch!()).toBe(before);
    await write;
    expect(db.writeEpoch!()).toBeGreaterThan(before);
  });

  it('returns every column type the schema uses as the same JS values', async () => {
    await db.exec(`CREATE EXTENSION IF NOT EXISTS postgis;
      CREATE TABLE kinds (i integer, b bigint, n numeric(12,2), d double precision, r real, t text, ok boolean, at timestamptz,
        day date, tm time, j jsonb, js json, raw bytea, u uuid, span interval, ints integer[], texts text[], g geometry(Point, 4326))`);
    const at = new Date('2026-12-05T06:07:08.123Z');
    const raw = Buffer.from([0, 1, 2, 254, 255]);
    await db.query(`INSERT INTO kinds VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
      ST_SetSRID(ST_MakePoint(119.9, 32.0), 4326))`,
    [7, 9007199254740991, '12.5', 1.25, 0.5, '人防', true, at, '2026-12-05', '08:30:00', { a: [1, { b: null }] }, { c: 'x' }, raw,
      '6f1e8a8e-9b5e-4b8e-9d7e-3f4c1e2a9b10', '2 hours', [1, 2], ['a', 'b']]);
    const [row] = (await db.query<Record<string, unknown>>('SELECT *, ST_AsGeoJSON(g)::json AS gj FROM kinds')).rows;
    expect(row).toMatchObject({
      i: 7, b: 9007199254740991, n: 12.5, d: 1.25, r: 0.5, t: '人防', ok: true, day: new Date('2026-12-05T00:00:00Z'), tm: '08:30:00',
      j: { a: [1, { b: null }] }, js: { c: 'x' }, u: '6f1e8a8e-9b5e-4b8e-9d7e-3f4c1e2a9b10', span: '02:00:00', ints: [1, 2], texts: ['a', 'b'],
      gj: { type: 'Point', coordinates: [119.9, 32] },
    });
    expect(row!.at).toBeInstanceOf(Date);
    expect(row!.day).toBeInstanceOf(Date);
    expect((row!.at as Date).toISOString()).toBe(at.toISOString());
    expect(row!.raw).toBeInstanceOf(Uint8Array);
    expect([...(row!.raw as Uint8Array)]).toEqual([...raw]);
    expect(typeof row!.g).toBe('string');
    expect((await db.query('SELECT null::int AS nothing')).rows).toEqual([{ nothing: null }]);
  });

  it('rejects with every PostgreSQL field the application reads', async () => {
    await db.exec(`CREATE TABLE parent (id int PRIMARY KEY, name text UNIQUE, qty int CONSTRAINT parent_qty_check CHECK (qty >= 0));
      CREATE TABLE child (parent_id int REFERENCES parent(id))`);
    await db.query('INSERT INTO parent VALUES (1, $1, 1)', ['a']);
    const failure = async (work: () => Promise<unknown>) => work().then(() => expect.unreachable(), (e: unknown) => e as Record<string, unknown>);
    const dup = await failure(() => db.query('INSERT INTO parent VALUES (2, $1, 1)', ['a']));
    expect(dup).toBeInstanceOf(Error);
    expect(dup).toMatchObject({ code: '23505', constraint: 'parent_name_key', table: 'parent', schema: 'public', severity: 'ERROR' });
    expect(dup.detail).toMatch(/already exists/);
    expect(dup.message).toMatch(/duplicate key/);
    expect(await failure(() => db.query('INSERT INTO child VALUES (9)'))).toMatchObject({ code: '23503', constraint: 'child_parent_id_fkey', table: 'child' });
    expect(await failure(() => db.query('INSERT INTO parent VALUES (3, null, -1)'))).toMatchObject({ code: '23514', constraint: 'parent_qty_check', table: 'parent' });
    expect(await failure(() => db.query('INSERT INTO parent (id) VALUES (null)'))).toMatchObject({ code: '23502', column: 'id', table: 'parent' });
    expect(await failure(() => db.query('SELECT $1::int', ['x']))).toMatchObject({ code: '22P02' });
    // Inside a transaction too, and the transaction is rolled back.
    const inTx = await failure(() => db.transaction(async (tx) => {
      await tx.query('INSERT INTO parent VALUES (4, $1, 1)', ['b']);
      await tx.query('INSERT INTO parent VALUES (5, $1, 1)', ['a']);
    }));
    expect(inTx).toMatchObject({ code: '23505', constraint: 'parent_name_key' });
    expect((await db.query('SELECT count(*)::int AS n FROM parent')).rows).toEqual([{ n: 1 }]);
  });

  it('commits a transaction when its work resolves, rolls it back when it throws, and keeps other work out meanwhile', async () => {
    await db.exec('CREATE TABLE ledger (v int)');
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tx = db.transaction(async (q) => {
      await q.query('INSERT INTO ledger VALUES (1)');
      inside();
      await gate;
      await q.exec('INSERT INTO ledger VALUES (2)');
      return (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger')).rows[0]!.n;
    });
    await entered;
    // A statement outside waits for the transaction's end, so it sees its commit and never interleaves with it.
    const outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger');
    expect(db.poolStats!()).toMatchObject({ total: 1, idle: 0, waiting: 1 });
    release();
    expect(await tx).toBe(2);
    expect((await outside).rows).toEqual([{ n: 2 }]);
    await expect(db.transaction(async (q) => {
      await q.query('INSERT INTO ledger VALUES (3)');
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect((await db.query('SELECT count(*)::int AS n FROM ledger')).rows).toEqual([{ n: 2 }]);
    expect((await db.query('DELETE FROM ledger WHERE v = 1')).rowCount).toBe(1);
  });

  it('dumps its data directory, and a database opened from the dump holds the same rows', async () => {
    await db.exec('CREATE TABLE kept (v text); INSERT INTO kept VALUES (\'dumped\')');
    const dump = await db.dumpDataDir();
    const copy = await open(null, { loadDataDir: dump });
    try {
      expect((await copy.query('SELECT v FROM kept')).rows).toEqual([{ v: 'dumped' }]);
    } finally {
      await copy.close();
    }
  });

  it('keeps its data on disk across close and open, and locks the directory while open', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-pglite-'));
    try {
      const first = await open(path.join(dir, 'db'));
      await first.exec('CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)');
      expect(fs.readFileSync(path.join(dir, 'db.lock'), 'utf8')).toBe(String(process.pid));
      await first.close();
      expect(fs.existsSync(path.join(dir, 'db.lock'))).toBe(false);
      const again = await open(path.join(dir, 'db'));
      expect((await again.query('SELECT v FROM kept')).rows).toEqual([{ v: 42 }]);
      await again.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the embedded database on a worker thread, when the worker dies', () => {
  it('rejects the pending and every later call with a clear error and tells its failure listeners', async () => {
    const db = await openPgliteWorker(null);
    const heard: Error[] = [];
    db.onFailure!((err) => heard.push(err));
    const pending = db.query('SELECT pg_sleep(0.5)');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await db[WORKER].terminate();
    await expect(pending).rejects.toBeInstanceOf(DatabaseWorkerFailed);
    await expect(db.query('SELECT 1')).rejects.toThrow(/worker thread stopped .*restart civdef/);
    await expect(db.transaction((tx) => tx.query('SELECT 1'))).rejects.toBeInstanceOf(DatabaseWorkerFailed);
    expect(heard).toHaveLength(1);
    expect(heard[0]!.message).toMatch(/嵌入式数据库的工作线程已停止/);
    await db.close();
  });
});
