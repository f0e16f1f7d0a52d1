/**
 * A bounded in-process cache for reads that are expensive to compute and cheap to key: vector tiles, pages of
 * the works list and of the OGC collections, their counts.
 *
 * Correctness comes from the key, not from expiry: callers put the data version they read *before* computing
 * (`data_version`, moved by a trigger at the commit of every change, see migration 0006) into the key, so after a
 * write the next read asks for a key that is not there and computes afresh; entries of older versions are never
 * asked for again and age out of the LRU. Nothing is ever served from a version older than the one just read.
 *
 * Concurrent misses on one key share one computation (a busy morning asks fifty times for the same first page at
 * once); a failed computation is not kept.
 */
export interface ReadCacheOptions<V> {
  /** Most entries kept (least recently used go first). */
  maxEntries: number;
  /** Most bytes kept, by `sizeOf` (default: no byte bound). An entry larger than this is computed but not kept. */
  maxBytes?: number;
  sizeOf?: (value: V) => number;
}

export interface ReadCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

export interface ReadCache<V> {
  /** The value under `key`, computed by `compute` on a miss (once for concurrent callers). */
  get(key: string, compute: () => Promise<V>): Promise<V>;
  clear(): void;
  stats(): ReadCacheStats;
}

export function createReadCache<V>(opts: ReadCacheOptions<V>): ReadCache<V> {
  const { maxEntries, maxBytes = Infinity, sizeOf = () => 0 } = opts;
  // Map iteration order is insertion order: re-inserting on a hit keeps the least recently used first.
  const entries = new Map<string, { value: V; size: number }>();
  const pending = new Map<string, Promise<V>>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;

  const evict = () => {
    for (const [key, entry] of entries) {
      if (entries.size <= maxEntries && bytes <= maxBytes) break;
      entries.delete(key);
      bytes -= entry.size;
    }
  };

  return {
    get(key, compute) {
      const hit = entries.get(key);
      if (hit) {
        hits++;
        entries.delete(key);
        entries.set(key, hit);
        return Promise.resolve(hit.value);
      }
      const inFlight = pending.get(key);
      if (inFlight) {
        hits++;
        return inFlight;
      }
      misses++;
      const computing = compute().then(
        (value) => {
          pending.delete(key);
          const size = sizeOf(value);
          if (size <= maxBytes) {
            entries.set(key, { value, size });
            bytes += size;
            evict();
          }
          return value;
        },
        (err: unknown) => {
          pending.delete(key);
          throw err;
        },
      );
      pending.set(key, computing);
      return computing;
    },
    clear() {
      entries.clear();
      bytes = 0;
    },
    stats: () => ({ entries: entries.size, bytes, hits, misses }),
  };
}

/** A cache key from parts: JSON of the parts with object keys sorted, so that `{a, b}` and `{b, a}` are one key. */
export function cacheKey(...parts: unknown[]): string {
  return JSON.stringify(parts, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

/**
 * `read()` (a small query, such as the data version) remembered while nothing can have changed its answer: on a
 * database this process alone writes (`Database.writeEpoch`), until anything is written through it, and at most
 * `maxAgeMs` (answers that move with the clock, such as today's date, are read again). Elsewhere it reads every time.
 */
export function memoUntilWrite<T>(db: { writeEpoch?: () => number }, read: () => Promise<T>, maxAgeMs = 1_000): () => Promise<T> {
  const epochOf = db.writeEpoch;
  if (!epochOf) return read;
  let kept: { value: T; epoch: number; at: number } | null = null;
  return async () => {
    const epoch = epochOf();
    const now = Date.now();
    if (kept && kept.epoch === epoch && now - kept.at < maxAgeMs) return kept.value;
    const value = await read();
    // Kept under the epoch seen *before* the read: a write that finished meanwhile makes it stale at once.
    kept = { value, epoch, at: now };
    return value;
  };
}
