import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
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

/** Security headers (CSP, frame-ancestors, nosniff, …), rate limiting, and refusal of NUL characters. */
export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  const basemapOrigin = config.basemap ? originOf(config.basemap.url) : null;
  const extra = basemapOrigin ? [basemapOrigin] : [];
  await app.register(helmet, {
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
  // Per-route limits only (sign-in); general traffic limits belong to the load balancer.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError('RATE_LIMITED', 429),
  });

  // PostgreSQL text cannot hold U+0000: refuse it up front with a 400 naming the field.
  app.addHook('preValidation', async (request) => {
    const path = findNul(request.body, 'body') ?? findNul(request.query, 'query');
    if (path) throw new AppError('VALIDATION_FAILED', 400, { detail: `${path}: NUL (U+0000)` });
  });
}

function findNul(value: unknown, path: string, depth = 0): string | null {
  if (depth > 32) return null;
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], `${path}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) return `${path}.${k}`;
      const hit = findNul(v, `${path}.${k}`, depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}
