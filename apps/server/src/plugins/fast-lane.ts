/**
 * The fast lane: the request a whole city sends at once — the nearest public shelter, when the sirens sound — answered
 * straight from Node's HTTP server, past Fastify's routing, hooks and reply object. The server's one main thread is
 * what limits how many phones it answers, and on the 2-core bench machine the lane answers about 1.5 times as many a
 * second as the route does (`apps/server/bench/public.bench.ts` prints both, measured in the same run).
 *
 * The lane takes only a plain request, and answers it as the route would: the same status, body and headers (the
 * security headers, the rate-limit headers, ETag, Cache-Control), counted against the same per-address limit and in
 * the same request metrics. Everything else goes on to the route, which stays the one definition of the answer: a
 * method other than GET, a body, a cookie (a signed-in officer, whose answer is not to be cached), If-None-Match (a
 * revalidation), a query the lane's parser does not read exactly as the route's schema would, a client over its
 * limit, a failure. `modules/public/public.fast-lane.module.test.ts` holds the two paths to the same answers.
 *
 * The client's address, which the limit counts by, is worked out as Fastify works it out: the socket's peer, or behind
 * a proxy (TRUST_PROXY) the first address of X-Forwarded-For, read by the same library. Not opened when every request
 * is logged (LOG_LEVEL debug or trace), so that nothing the route would do is skipped.
 */
import proxyAddr from '@fastify/proxy-addr';
import http from 'node:http';
import type { RequestMeter } from './metrics.ts';
import type { PublicCache } from './public-cache.ts';
import { rateHeaders } from './public-cache.ts';
import type { HeaderPair } from './security.ts';

export interface FastLaneAnswer {
  /** The route's ETag for this answer. */
  etag: string;
  /** The JSON body, as the route sends it. */
  body: Buffer;
}

/**
 * The answer to a plain GET of the lane's path with this raw query string (after `?`, undecoded), or null to leave
 * the request to the route. Synchronous: the lane answers from memory or not at all.
 */
export type FastLaneHandler = (query: string, url: string) => FastLaneAnswer | null;

/** What the lane replays of the infrastructure that answers through Fastify. */
export interface FastLaneInfra {
  /** Whether the server sits behind a proxy whose X-Forwarded-For it trusts (Fastify's `trustProxy: true`). */
  trustProxy: boolean;
  securityHeaders: readonly HeaderPair[];
  publicCache: PublicCache;
  meter: RequestMeter;
}

export interface FastLane {
  /** Fastify's `serverFactory`: Node's HTTP server, which offers each request to the lane before Fastify. */
  serverFactory: (handler: http.RequestListener, options: { http?: http.ServerOptions; keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number }) => http.Server;
  /** Adds a lane for GET `path` (exactly the route's URL, which is also its metrics label). */
  add(path: string, handler: FastLaneHandler): void;
  /** Opens the lanes, once the infrastructure they replay is registered. */
  open(infra: FastLaneInfra): void;
  /** Answers given in the lane since start, by path (`civdef_fast_lane_answers_total`; the tests tell the paths apart by it). */
  answered(): Record<string, number>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function createFastLane(): FastLane {
  const lanes = new Map<string, FastLaneHandler>();
  let infra: FastLaneInfra | null = null;
  /** The security headers as Node's flat header list ([name, value, name, value, …]), built once. */
  let fixed: string[] = [];
  const answered: Record<string, number> = {};
  /** Fastify's `request.ip` (lib/request.js): with trustProxy the last of proxy-addr's list, trusting every hop. */
  let clientAddress = (req: http.IncomingMessage): string | undefined => req.socket.remoteAddress;

  /** Answers `req` in the lane and returns true, or returns false having written nothing. */
  function take(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    if (infra === null || req.method !== 'GET') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const handler = lanes.get(path);
    if (!handler) return false;
    const h = req.headers;
    if (h.cookie !== undefined || h['if-none-match'] !== undefined || h['content-length'] !== undefined || h['transfer-encoding'] !== undefined) return false;
    const started = performance.now();
    let answer: FastLaneAnswer | null;
    try {
      answer = handler(q < 0 ? '' : url.slice(q + 1), url);
    } catch {
      // The route answers it, through the error handler (logged, in the client's language).
      return false;
    }
    if (!answer) return false;
    const taken = infra.publicCache.limiter.take(clientAddress(req) ?? '');
    // Over the limit: the route's 429 (its body is in the client's language); it counts the request again, which
    // changes nothing for a client already over.
    if (!taken.allowed) return false;
    const headers = fixed.slice();
    for (const [name, value] of rateHeaders(taken)) headers.push(name, value);
    headers.push('content-type', JSON_TYPE, 'content-length', String(answer.body.length), 'etag', answer.etag, 'cache-control', infra.publicCache.cacheControl);
    res.writeHead(200, headers);
    res.end(answer.body);
    answered[path] = (answered[path] ?? 0) + 1;
    infra.meter('GET', path, 200, (performance.now() - started) / 1000);
    return true;
  }

  return {
    serverFactory(handler, options) {
      // What Fastify sets on the server it creates itself (lib/server.js), so the lane changes nothing else.
      const server = http.createServer(options.http ?? {}, (req, res) => {
        if (!take(req, res)) handler(req, res);
      });
      if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
      if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
      if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
      return server;
    },
    add(path, handler) {
      lanes.set(path, handler);
    },
    open(i) {
      infra = i;
      if (i.trustProxy) {
        const trustAll = () => true;
        clientAddress = (req) => {
          const addresses = proxyAddr.all(req, trustAll);
          return addresses[addresses.length - 1];
        };
      }
      fixed = i.securityHeaders.flatMap(([name, value]) => (Array.isArray(value) ? value.flatMap((v) => [name, v]) : [name, String(value)]));
    },
    answered: () => ({ ...answered }),
  };
}
