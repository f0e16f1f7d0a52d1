/**
 * The phone's outbox of field inspections, in IndexedDB so photos fit and nothing is lost when the
 * page closes offline. Each entry carries the client-generated id the server dedupes on: sending an entry
 * twice (a lost answer, two tabs) stores it once, so an entry leaves the queue only on `created` or
 * `duplicate`; `rejected` ones stay, marked, for the user to read and discard, and are not sent again.
 */
import type { InspectionOutcome, InspectionSubmission } from '../works/types.ts';

export interface QueuedInspection {
  submission: InspectionSubmission;
  workName: string;
  workCode: string;
  queuedAt: string;
  attempts: number;
  rejected?: { code: string | null; message: string | null };
}

const DB_NAME = 'civdef-inspect';
const STORE = 'queue';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'submission.clientId' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  });
}

async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await openDb();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const req = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(req ? req.result : undefined);
      t.onerror = () => reject(t.error ?? new Error('IndexedDB transaction failed'));
      t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

export const queueStore = {
  all: async (): Promise<QueuedInspection[]> => {
    const items = (await tx<QueuedInspection[]>('readonly', (s) => s.getAll())) ?? [];
    return items.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  },
  put: (item: QueuedInspection) => tx('readwrite', (s) => s.put(item)).then(() => undefined),
  remove: (clientId: string) => tx('readwrite', (s) => s.delete(clientId)).then(() => undefined),
};

/** A v4 UUID; crypto.randomUUID needs a secure context, which a phone on the office LAN over http is not. */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface SyncResult {
  sent: number;
  done: number;
  rejected: number;
  /** Set when the server could not be reached: everything stays queued. */
  networkError: boolean;
}

/** Answers that say "the server or the way to it is down, try everything later", not "this content is wrong". */
const TRY_LATER = new Set([0, 401, 404, 408, 429, 502, 503, 504]);
/** A single entry that keeps failing on the server (500) is marked after this many tries, so it cannot block the queue. */
export const MAX_SERVER_ERRORS = 5;

/**
 * Sends what is queued in small batches. `send` is the API call; outcomes decide each entry's fate.
 * One sync at a time (the `online` event, the timer and the button may fire together).
 *
 * A batch refused as a whole (a 4xx the server gives for one bad entry, or a 500) is sent again entry by entry,
 * so one bad entry is marked on its own and never holds back the good ones sent with it; an entry that alone
 * still answers 500 is retried on later syncs and marked after MAX_SERVER_ERRORS tries.
 */
let running: Promise<SyncResult> | null = null;
export function syncQueue(
  send: (items: InspectionSubmission[]) => Promise<{ items: InspectionOutcome[] }>,
  store: Pick<typeof queueStore, 'all' | 'put' | 'remove'> = queueStore,
  batchSize = 5,
): Promise<SyncResult> {
  running ??= (async () => {
    const result: SyncResult = { sent: 0, done: 0, rejected: 0, networkError: false };
    const mark = async (q: QueuedInspection, code: string | null, message: string | null) => {
      await store.put({ ...q, attempts: q.attempts + 1, rejected: { code, message } });
      result.rejected++;
    };
    /** Sends one batch; false when the server cannot be reached (stop, everything stays queued). */
    const sendBatch = async (batch: QueuedInspection[]): Promise<boolean> => {
      let outcomes: InspectionOutcome[];
      try {
        outcomes = (await send(batch.map((q) => q.submission))).items;
      } catch (err) {
        const status = (err as { status?: number }).status ?? 0;
        // No network, a proxy without its server, a lost session (sign in again) or an older server without
        // the route: try later.
        if (TRY_LATER.has(status)) {
          result.networkError = true;
          for (const q of batch) await store.put({ ...q, attempts: q.attempts + 1 });
          return false;
        }
        if (batch.length > 1) {
          for (const q of batch) if (!(await sendBatch([q]))) return false;
          return true;
        }
        const q = batch[0]!;
        const code = (err as { code?: string }).code ?? null;
        if (status >= 500 && q.attempts + 1 < MAX_SERVER_ERRORS) await store.put({ ...q, attempts: q.attempts + 1 });
        else await mark(q, code, (err as Error).message);
        return true;
      }
      result.sent += batch.length;
      for (const q of batch) {
        const o = outcomes.find((x) => x.clientId === q.submission.clientId);
        if (o && (o.status === 'created' || o.status === 'duplicate')) {
          await store.remove(q.submission.clientId);
          result.done++;
        } else if (o?.status === 'rejected') {
          await mark(q, o.code, o.message);
        } else {
          // Not answered: count the try and send it again next time.
          await store.put({ ...q, attempts: q.attempts + 1 });
        }
      }
      return true;
    };
    const pending = (await store.all()).filter((q) => !q.rejected);
    for (let i = 0; i < pending.length; i += batchSize) {
      if (!(await sendBatch(pending.slice(i, i + batchSize)))) break;
    }
    return result;
  })().finally(() => {
    running = null;
  });
  return running;
}
