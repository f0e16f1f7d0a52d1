/**
 * A request limit per client (address) per time window: at most `max` requests in a window that starts with the
 * client's first request and lasts `windowMs` (the fixed window @fastify/rate-limit keeps per key).
 *
 * Written here rather than taken from @fastify/rate-limit because the public nearest-shelter answer is also served
 * past Fastify (plugins/fast-lane.ts) and both paths must count against one limit; the plugin's store is not
 * reachable from outside its hook. The plugin still limits the sign-in routes.
 *
 * Memory: clients are kept in two generations that rotate every window, so a client not heard from for two windows
 * is forgotten without a sweep, however many addresses a city sends in a minute.
 */
export interface RateTaken {
  /** Whether this request is within the limit. */
  allowed: boolean;
  limit: number;
  /** Requests left in the window after this one (0 when refused). */
  remaining: number;
  /** Whole seconds until the window ends (at least 1): Retry-After and x-ratelimit-reset. */
  resetSeconds: number;
}

export interface RateWindow {
  /** Counts one request of `key` at `now` (ms) and says whether it is allowed. */
  take(key: string, now?: number): RateTaken;
}

interface Entry {
  count: number;
  resetAt: number;
}

export function createRateWindow(max: number, windowMs: number): RateWindow {
  if (!(Number.isInteger(max) && max > 0) || !(windowMs > 0)) throw new Error(`rate window: max ${max} per ${windowMs} ms`);
  let current = new Map<string, Entry>();
  let previous = new Map<string, Entry>();
  let rotateAt = 0;
  return {
    take(key, now = Date.now()) {
      if (now >= rotateAt) {
        // Every entry of `previous` started more than a window ago, so it has ended: dropping it loses nothing.
        previous = now - rotateAt >= windowMs ? new Map() : current;
        current = new Map();
        rotateAt = now + windowMs;
      }
      let entry = current.get(key);
      if (!entry) {
        const older = previous.get(key);
        entry = older && older.resetAt > now ? older : { count: 0, resetAt: now + windowMs };
        current.set(key, entry);
      } else if (entry.resetAt <= now) {
        entry.count = 0;
        entry.resetAt = now + windowMs;
      }
      entry.count++;
      const allowed = entry.count <= max;
      return { allowed, limit: max, remaining: allowed ? max - entry.count : 0, resetSeconds: Math.max(1, Math.ceil((entry.resetAt - now) / 1000)) };
    },
  };
}
