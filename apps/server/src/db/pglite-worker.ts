/**
 * The embedded database on its own worker thread. PGlite runs PostgreSQL as WebAssembly, and each statement holds
 * the thread it runs on for as long as it takes: in the main thread a 10,000-siren report batch or an admin's edit
 * stalls every HTTP request and MQTT socket behind it. Here PGlite runs in a worker (pglite.worker.ts) and the main
 * thread only posts statements and receives rows, so it keeps serving while the database works on another core.
 *
 * Semantics are the in-thread driver's (pglite-driver.ts): one connection behind one mutex (held here, on the main
 * side, for a whole transaction), the same write epoch, the data-dir lock held by this process, errors with every
 * PostgreSQL field, rows with the same JS types (structured cloning keeps Date, Uint8Array, numbers and objects).
 * A worker that dies rejects every pending and later call and tells `onFailure` listeners (the server exits).
 */
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { Mutex, type Database, type QueryResult, type Queryable } from './database.ts';
import { lockDataDir, PLAIN_SELECT } from './pglite-driver.ts';
import { reviveError, type WorkerReply, type WorkerRequest, type WorkerStart } from './pglite-worker.protocol.ts';

const WORKER_URL = new URL('./pglite.worker.mjs', import.meta.url);

/** For tests: the worker behind a database opened here, to make it die. */
export const WORKER = Symbol('pglite worker');

/** The database's worker thread stopped: nothing more can be read or written until civdef is restarted. */
export class DatabaseWorkerFailed extends Error {
  constructor(readonly reason: string) {
    super(`嵌入式数据库的工作线程已停止（${reason}），数据库不可用，请重启 civdef\n`
      + `the embedded database's worker thread stopped (${reason}); the database is unavailable, restart civdef`);
    this.name = 'DatabaseWorkerFailed';
  }
}

type Request = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

export type PgliteWorkerDatabase = Database & { dumpDataDir(): Promise<Blob>; [WORKER]: Worker };

export async function openPgliteWorker(dataDir: string | null, opts: { loadDataDir?: Blob } = {}): Promise<PgliteWorkerDatabase> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  const load = opts.loadDataDir ? new Uint8Array(await opts.loadDataDir.arrayBuffer()) : null;
  const start: WorkerStart = { dataDir, loadDataDir: load };
  // execArgv: [] — the entry registers the TypeScript loader itself; the parent's flags (an inspector port) would clash.
  const worker = new Worker(WORKER_URL, { workerData: start, transferList: load ? [load.buffer as ArrayBuffer] : [], execArgv: [] });

  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; here: Error }>();
  let nextId = 1;
  let failed: DatabaseWorkerFailed | null = null;
  let closed = false;
  let closeSent = false;
  const listeners: ((err: Error) => void)[] = [];
  // The worker keeps the process alive only while an answer is awaited: a command that ends without closing the
  // database exits as it did with the in-thread driver.
  const refresh = () => (pending.size > 0 ? worker.ref() : worker.unref());

  const fail = (reason: string) => {
    if (failed || closed || (closeSent && reason === 'exit code 0')) return;
    failed = new DatabaseWorkerFailed(reason);
    for (const p of pending.values()) p.reject(failed);
    pending.clear();
    void worker.terminate();
    unlock();
    for (const l of listeners) l(failed);
  };
  worker.on('error', (err: Error & { code?: string }) => fail(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out of memory' : err.message));
  worker.on('exit', (code) => fail(`exit code ${code}`));
  worker.on('messageerror', (err) => fail(`a message could not be read: ${err.message}`));
  worker.on('message', (m: WorkerReply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    refresh();
    if (m.ok) p.resolve(m.value);
    else p.reject(reviveError(m.error, p.here));
  });

  const call = <T>(request: Request, id = nextId++): Promise<T> => {
    if (failed) return Promise.reject(failed);
    if (closed && id !== 0) return Promise.reject(new Error('the embedded database is closed'));
    return new Promise<T>((resolve, reject) => {
      // Where the caller was, for the error's stack: the worker's own frames say little about which query it was.
      const here = new Error();
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, here });
      refresh();
      if (id === 0) return;
      try {
        worker.postMessage({ ...request, id });
      } catch (err) {
        // A parameter that cannot be cloned (a function, a class with private state): the caller's mistake.
        pending.delete(id);
        refresh();
        reject(err as Error);
      }
    });
  };

  try {
    await call({ op: 'begin' } as Request, 0); // id 0: the worker's answer to its start, nothing is sent
  } catch (err) {
    closed = true;
    await worker.terminate();
    unlock();
    throw err;
  }

  const mutex = new Mutex();
  let closing: Promise<void> | null = null;
  let epoch = 0;

  const query = async <R>(text: string, params: readonly unknown[] | undefined, inTx: boolean): Promise<QueryResult<R>> => {
    const res = await call<{ rows: R[]; affectedRows: number | null }>({ op: 'query', text, ...(params ? { params } : {}), inTx });
    return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
  };
  const autocommit = async <R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    let wrote = !PLAIN_SELECT.test(text);
    try {
      const res = await call<{ rows: R[]; affectedRows: number | null }>({ op: 'query', text, ...(params ? { params } : {}), inTx: false });
      if (res.affectedRows) wrote = true;
      return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
    } finally {
      // Moved after each write has finished, committed or not (see Database.writeEpoch).
      if (wrote) epoch++;
    }
  };

  const db: PgliteWorkerDatabase = {
    kind: 'pglite',
    query: (text, params) => mutex.run(() => autocommit(text, params)),
    exec: (sql) => mutex.run(() => call<void>({ op: 'exec', sql, inTx: false })).finally(() => epoch++),
    transaction: (fn) =>
      mutex.run(async () => {
        try {
          await call({ op: 'begin' });
          let ended = false;
          const scoped: Queryable = {
            query: (text, params) => (ended ? Promise.reject(new Error('query after the transaction ended')) : query(text, params, true)),
            exec: (sql) => (ended ? Promise.reject(new Error('exec after the transaction ended')) : call<void>({ op: 'exec', sql, inTx: true })),
          };
          let result;
          try {
            result = await fn(scoped);
          } catch (err) {
            ended = true;
            await call({ op: 'rollback' }).catch(() => undefined);
            throw err;
          }
          ended = true;
          await call({ op: 'commit' });
          return result;
        } finally {
          epoch++;
        }
      }),
    writeEpoch: () => epoch,
    poolStats: () => ({ total: 1, idle: mutex.pending === 0 ? 1 : 0, waiting: Math.max(0, mutex.pending - 1) }),
    dumpDataDir: () => mutex.run(async () => new Blob([await call<Uint8Array>({ op: 'dump' })])),
    onFailure: (listener) => {
      if (failed) queueMicrotask(() => listener(failed!));
      else listeners.push(listener);
    },
    // The worker's PGlite closes (its final checkpoint) before the thread ends and the directory is unlocked.
    close: () => (closing ??= mutex.run(async () => {
      if (failed) return;
      closeSent = true;
      await call({ op: 'close' });
      closed = true;
      await worker.terminate();
    }).finally(unlock)),
    [WORKER]: worker,
  };
  return db;
}
