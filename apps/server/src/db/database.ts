/**
 * The data-access layer: one small interface with two drivers (embedded PGlite and a `pg` pool),
 * so every repository runs the same SQL on both. Repositories take a `Queryable`, which is either the
 * database or an open transaction.
 */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type DatabaseKind = 'pglite' | 'postgres';

/** Connections of a driver, for /metrics: PGlite has one connection and a queue in front of it. */
export interface PoolStats {
  total: number;
  idle: number;
  /** Callers waiting for a connection (PGlite: for its one connection). */
  waiting: number;
}

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  poolStats?(): PoolStats;
  /**
   * Only where this process is the database's only writer (the embedded database: its directory is locked to one
   * process): a number that moves after anything may have been written through this handle — every transaction,
   * every script, every statement that is not a plain SELECT or that reported affected rows. A value read before a
   * read and still current after it means nothing changed the database in between, so what was read may be
   * reused until it moves. Absent on PostgreSQL, where other processes write too.
   */
  writeEpoch?(): number;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Only where the database runs beside the process (the embedded database on its worker thread): `listener` hears
   * once that it stopped for good (a crash, out of memory); every call after that rejects. The server exits on it.
   */
  onFailure?(listener: (err: Error) => void): void;
  close(): Promise<void>;
}

/** Serialises async work: PGlite has one connection, so a transaction must own it until it ends. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  /** Holders and waiters: 0 idle, 1 busy, more = that many minus one queued. */
  pending = 0;

  async run<T>(fn: () => Promise<T>): Promise<T> {
    this.pending++;
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await fn();
    } finally {
      this.pending--;
      release();
    }
  }
}
