/**
 * Every public answer (GET /api/public/… and the CAP feeds under /cap/, no sign-in) is cacheable and rate-limited, whichever module serves it:
 * - a validator (ETag: the route's own, else a hash of the body) and `If-None-Match` answered with 304;
 * - `Cache-Control: public, max-age=…, stale-while-revalidate=…` unless the route set its own, so a CDN or the
 *   app's service worker can answer at once while it fetches the next version;
 * - a limit per client address per minute (429 RATE_LIMITED with Retry-After). Set TRUST_PROXY behind a proxy.
 * Registered before the modules, so that it reaches their routes (hooks reach the plugins registered after them).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { AppError } from '../lib/errors.ts';
import { createRateWindow, type RateTaken, type RateWindow } from '../lib/rate-window.ts';

export interface PublicCacheSettings {
  rateLimitPerMinute: number;
  maxAgeSeconds: number;
  staleWhileRevalidateSeconds: number;
}

const PUBLIC = /^\/(api\/public|cap)\//;

/** Whether an If-None-Match header holds `etag` (a list, weak forms and `*` included). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

/** What the public answers share with the fast lane (plugins/fast-lane.ts), which must answer as they do. */
export interface PublicCache {
  /** The per-address limit, one count for both paths. */
  limiter: RateWindow;
  /** The Cache-Control of a public 2xx answer. */
  cacheControl: string;
}

/** The rate-limit headers of an answer (those @fastify/rate-limit sends), as name/value pairs. */
export function rateHeaders(t: RateTaken): Array<[string, string]> {
  const h: Array<[string, string]> = [['x-ratelimit-limit', String(t.limit)], ['x-ratelimit-remaining', String(t.remaining)], ['x-ratelimit-reset', String(t.resetSeconds)]];
  if (!t.allowed) h.push(['retry-after', String(t.resetSeconds)]);
  return h;
}

export function registerPublicCache(app: FastifyInstance, settings: PublicCacheSettings): PublicCache {
  const rates = createRateWindow(settings.rateLimitPerMinute, 60_000);
  const limiter: onRequestHookHandler = (request, reply, done) => {
    const taken = rates.take(request.ip);
    for (const [name, value] of rateHeaders(taken)) reply.header(name, value);
    done(taken.allowed ? undefined : new AppError('RATE_LIMITED', 429));
  };
  app.addHook('onRoute', (route) => {
    if (!PUBLIC.test(route.url)) return;
    const existing = route.onRequest ? (Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]) : [];
    route.onRequest = [limiter, ...existing];
  });
  const cacheControl = `public, max-age=${settings.maxAgeSeconds}, stale-while-revalidate=${settings.staleWhileRevalidateSeconds}`;
  app.addHook('onSend', async (request, reply, payload) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !PUBLIC.test(request.url)) return payload;
    const status = reply.statusCode;
    if (status === 429 || status >= 500) return payload;
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', status < 300 ? cacheControl : 'public, max-age=5');
    if (status !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
    let etag = reply.getHeader('etag') as string | undefined;
    if (!etag) {
      etag = `"${createHash('sha1').update(payload).digest('base64url')}"`;
      reply.header('etag', etag);
    }
    if (etagMatches(request.headers['if-none-match'], etag)) {
      reply.code(304);
      reply.removeHeader('content-type');
      reply.removeHeader('content-length');
      return '';
    }
    return payload;
  });
  return { limiter: rates, cacheControl };
}
