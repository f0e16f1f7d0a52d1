import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from '../lib/errors.ts';

function originOf(url: string): string | null {
  try {
    const u = new URL(url.replace(/\{[a-z]\}/gi, '0'));
    return u.origin;
  } catch {
    return null;
  }
}

/** A response header as Node takes it. */
export type HeaderPair = [string, string | number | string[]];

/**
 * Security headers (CSP, frame-ancestors, nosniff, …), rate limiting, and refusal of NUL characters. Returns the
 * security headers, which every answer carries (the fast lane's too).
 */
export async function registerSecurity(app: FastifyInstance, config: Config): Promise<readonly HeaderPair[]> {
  const basemapOrigin = config.basemap ? originOf(config.basemap.url) : null;
  const extra = basemapOrigin ? [basemapOrigin] : [];
  const headers = await helmetHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...extra],
        connectSrc: ["'self'", ...extra],
        // MapLibre runs its tile workers from blob: URLs.
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: config.cookieSecure ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: config.cookieSecure,
  });
  // Before anything else answers, as helmet's own hook did, so errors and 404s carry them too.
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
  // Per-route limits only (sign-in); general traffic limits belong to the load balancer.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError('RATE_LIMITED', 429),
  });

  // Text that cannot be stored as it was sent is refused up front with a 400 naming the field, in every part of
  // every request (values and keys): PostgreSQL text cannot hold U+0000, and a lone UTF-16 surrogate ("\ud800")
  // is silently replaced by U+FFFD on the way into the database — so what was checked, hashed (the audit chain)
  // or compared is not what is stored.
  app.addHook('preValidation', async (request) => {
    const hit = findBadText(request.params, 'params') ?? findBadText(request.query, 'querystring') ?? findBadText(request.body, 'body');
    if (hit) {
      const { path, what } = hit;
      throw new AppError('VALIDATION_FAILED', 400, { detail: `${path}: ${what.name}` }, [{ field: path, rule: what.rule, zh: what.zh, en: what.en }]);
    }
  });

  // Signed-in answers (records, exports) must not be kept by a browser or a shared proxy after sign-out. A route
  // that sets its own Cache-Control (public OGC items, tiles, the console's static files) keeps it.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.actor && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  return headers;
}

/**
 * The headers helmet sets for these options, worked out once at start-up. @fastify/helmet builds helmet again, and
 * parses the whole CSP again, on every request — an eighth of the CPU a public nearest-shelter answer costs under
 * load — although nothing in them depends on the request (no nonces, no per-route options). So the plugin runs
 * once in a throwaway instance and its headers are replayed: the same names and values, from one source of truth.
 */
async function helmetHeaders(options: NonNullable<Parameters<typeof helmet>[1]>): Promise<HeaderPair[]> {
  const probe = Fastify();
  let seen: Record<string, string | number | string[] | undefined> = {};
  await probe.register(helmet, options);
  probe.addHook('onRequest', async (_request, reply) => {
    seen = reply.raw.getHeaders();
  });
  probe.get('/', async () => '');
  await probe.inject('/');
  await probe.close();
  const headers = Object.entries(seen).filter((e): e is HeaderPair => e[1] !== undefined);
  if (!headers.some(([name]) => name === 'content-security-policy')) throw new Error('security headers: helmet set no Content-Security-Policy');
  return headers;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

interface BadText {
  rule: string;
  name: string;
  zh: string;
  en: string;
}
const NUL: BadText = { rule: 'nul', name: 'NUL (U+0000)', zh: '不能包含 NUL 字符 (U+0000)', en: 'must not contain NUL (U+0000)' };
const SURROGATE: BadText = {
  rule: 'unicode', name: 'lone UTF-16 surrogate', zh: '不是有效的 Unicode 文本（含孤立的 UTF-16 代理项）', en: 'must be valid Unicode (has a lone UTF-16 surrogate)',
};

function badText(s: string): BadText | null {
  if (s.includes('\u0000')) return NUL;
  if (LONE_SURROGATE.test(s)) return SURROGATE;
  return null;
}

/** The first string (value or key) under `value` that cannot be stored as sent, with where it is. */
export function findBadText(value: unknown, path: string, depth = 0): { path: string; what: BadText } | null {
  if (depth > 32) return null;
  if (typeof value === 'string') {
    const what = badText(value);
    return what ? { path, what } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findBadText(value[i], `${path}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      const what = badText(k);
      // The key itself is not echoed: it is the bad text; its escaped form names it.
      if (what) return { path: `${path}.${JSON.stringify(k).slice(1, -1).replace(/[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}`, what };
      const hit = findBadText(v, `${path}.${k}`, depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}
