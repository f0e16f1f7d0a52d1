/**
 * Body of the embedded database's worker thread: PGlite (with the trimmed PostGIS bundle and the same int8/numeric
 * parsers as the in-thread driver) answering one request at a time from the main thread (pglite-worker.ts). The main
 * side owns the ordering (its mutex) and the write epoch; this side only runs what it is sent.
 */
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { parentPort, workerData } from 'node:worker_threads';
import { parsers, postgisExtension } from './pglite-driver.ts';
import { serialiseError, type WorkerReply, type WorkerRequest, type WorkerStart } from './pglite-worker.protocol.ts';

const port = parentPort!;
const start = workerData as WorkerStart;
const post = (m: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

/** The open transaction: its handle, and how to end it (resolve commits, reject rolls back). */
let open: { tx: Transaction; end: { commit: () => void; rollback: (e: Error) => void }; done: Promise<unknown> } | null = null;
const ROLLBACK = new Error('rolled back by the caller');

async function main(): Promise<void> {
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      ...(start.dataDir ? { dataDir: start.dataDir } : {}),
      ...(start.loadDataDir ? { loadDataDir: new Blob([start.loadDataDir]) } : {}),
      extensions: { postgis: await postgisExtension() },
      parsers,
    });
  } catch (err) {
    post({ id: 0, ok: false, error: serialiseError(err) });
    return;
  }
  post({ id: 0, ok: true, value: null });

  const handle = async (m: WorkerRequest): Promise<{ value: unknown; transfer?: ArrayBuffer[] }> => {
    switch (m.op) {
      case 'query': {
        const on = m.inTx ? current(m.op) : pg;
        const res = await on.query(m.text, m.params as unknown[] | undefined);
        return { value: { rows: res.rows, affectedRows: res.affectedRows ?? null } };
      }
      case 'exec':
        await (m.inTx ? current(m.op) : pg).exec(m.sql);
        return { value: null };
      case 'begin': {
        if (open) throw new Error('a transaction is already open');
        // PGlite's own transaction (BEGIN, COMMIT or ROLLBACK on the way out), held open until the main side's work
        // has resolved or thrown.
        let began!: () => void;
        const started = new Promise<void>((resolve) => (began = resolve));
        const done = pg.transaction((tx) => new Promise<void>((commit, rollback) => {
          open = { tx, end: { commit, rollback }, done };
          began();
        }));
        await Promise.race([started, done]);
        return { value: null };
      }
      case 'commit':
      case 'rollback': {
        const tx = open;
        if (!tx) throw new Error('no transaction is open');
        if (m.op === 'commit') tx.end.commit();
        else tx.end.rollback(ROLLBACK);
        try {
          await tx.done;
        } catch (err) {
          if (err !== ROLLBACK) throw err;
        } finally {
          open = null;
        }
        return { value: null };
      }
      case 'dump': {
        const bytes = new Uint8Array(await (await pg.dumpDataDir('none')).arrayBuffer());
        return { value: bytes, transfer: [bytes.buffer as ArrayBuffer] };
      }
      case 'close':
        await pg.close();
        return { value: null };
    }
  };

  port.on('message', (m: WorkerRequest) => {
    handle(m).then(
      ({ value, transfer }) => {
        post({ id: m.id, ok: true, value }, transfer);
        if (m.op === 'close') port.close();
      },
      (err: unknown) => post({ id: m.id, ok: false, error: serialiseError(err) }),
    );
  });
}

function current(op: string): Transaction {
  if (!open) throw new Error(`${op} inside a transaction that has already ended`);
  return open.tx;
}

await main();
