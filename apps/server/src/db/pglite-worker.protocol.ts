/** Messages between the embedded database's worker thread and the main thread (pglite-worker.ts). */

export interface WorkerStart {
  dataDir: string | null;
  loadDataDir: Uint8Array | null;
}

export type WorkerRequest = { id: number } & (
  | { op: 'query'; text: string; params?: readonly unknown[]; inTx: boolean }
  | { op: 'exec'; sql: string; inTx: boolean }
  | { op: 'begin' | 'commit' | 'rollback' | 'dump' | 'close' }
);

/** Id 0 answers the start (PGlite created, or why not). */
export type WorkerReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; error: SerialisedError });

export type SerialisedError = Record<string, string | number | boolean | null> & { message: string };

/**
 * An error as data: structured cloning keeps only an Error's message and stack, while the application reads the
 * PostgreSQL fields a driver error carries (code, constraint, table, column, detail, …). Every own field with a
 * plain value crosses; structured ones (the statement's parameters) stay behind.
 */
export function serialiseError(err: unknown): SerialisedError {
  if (!(err instanceof Error)) return { message: String(err), name: 'Error' };
  const out: SerialisedError = { message: err.message, name: err.name, stack: err.stack ?? '' };
  for (const [key, value] of Object.entries(err)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = value as string | number | boolean | null;
  }
  return out;
}

/** The error again on this side: the same fields, and a stack that shows the caller here as well as the worker's. */
export function reviveError(data: SerialisedError, here: Error): Error {
  const { message, name, stack, ...fields } = data;
  const err = Object.assign(new Error(message), fields);
  if (typeof name === 'string') err.name = name;
  const workerFrames = typeof stack === 'string' ? stack.split('\n').slice(1).join('\n') : '';
  err.stack = `${err.name}: ${message}\n${(here.stack ?? '').split('\n').slice(1).join('\n')}${workerFrames ? `\n  (in the database worker)\n${workerFrames}` : ''}`;
  return err;
}
