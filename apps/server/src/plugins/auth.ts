import type { Permission } from '@civdef/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../lib/actor.ts';
import { AppError } from '../lib/errors.ts';

/** What a route requires: a permission, any signed-in user, or nothing. Every route must say which. */
export type RouteAccess = Permission | 'authenticated' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** Reachable while the user still has to change a temporary password (the change itself, /me, sign-out). */
    allowDuringPasswordChange?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** Every declared route with its access, for the OpenAPI document and the scoping tests. */
    routeCatalogue: Array<{ method: string; url: string; access: RouteAccess }>;
  }
}

export const SESSION_COOKIE = 'civdef_sid';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Routes registered by documentation and static plugins, which do not declare access themselves.
const UNDECLARED_PUBLIC_PREFIXES = ['/api/docs', '/api/openapi.json'];

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('AUTH_REQUIRED', 401);
  return request.actor;
}

/** What the plugin needs from the auth module: turning a cookie token into an actor. */
export interface SessionResolver {
  resolveSession(token: string): Promise<Actor | null>;
}

/**
 * Resolves the session cookie to an actor and enforces each route's declared access before anything
 * else runs (so unauthenticated callers learn nothing from validation errors). Writes need the
 * session's CSRF token in `x-csrf-token`. Installed on the root instance by `app.ts` before any module
 * registers, so its `onRoute` hook sees (and refuses) every route without a declared access.
 */
export function registerAuth(app: FastifyInstance, auth: SessionResolver): void {
  app.decorateRequest('actor', null);
  const catalogue: FastifyInstance['routeCatalogue'] = [];
  app.decorate('routeCatalogue', catalogue);

  app.addHook('onRoute', (route) => {
    const url = route.url;
    const access = route.config?.access;
    if (access) {
      for (const method of [route.method].flat()) if (method !== 'HEAD') catalogue.push({ method, url, access });
    }
    const needsDeclaration = /^\/(api|ogc|tiles)(\/|$)/.test(url) && !UNDECLARED_PUBLIC_PREFIXES.some((p) => url.startsWith(p));
    if (needsDeclaration && !route.config?.access) {
      throw new Error(`route ${String(route.method)} ${url} does not declare its access (config.access)`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    const token = request.cookies[SESSION_COOKIE];
    if (token && access !== undefined) request.actor = await auth.resolveSession(token);
    if (access === undefined || access === 'public') return;

    const actor = request.actor;
    if (!actor) throw new AppError('AUTH_REQUIRED', 401);
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== actor.csrfToken) throw new AppError('AUTH_CSRF_INVALID', 403);
    }
    if (actor.mustChangePassword && !request.routeOptions.config.allowDuringPasswordChange) {
      throw new AppError('AUTH_PASSWORD_CHANGE_REQUIRED', 403);
    }
    if (access !== 'authenticated' && !actor.permissions.has(access)) {
      throw new AppError('AUTH_FORBIDDEN', 403, { permission: access });
    }
  });
}
