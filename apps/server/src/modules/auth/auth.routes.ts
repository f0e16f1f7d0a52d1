import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Config } from '../../config.ts';
import type { Actor } from '../../lib/actor.ts';
import { SESSION_COOKIE, requireActor } from '../../plugins/auth.ts';
import type { RegionsService } from '../regions/index.ts';
import { presentChallenge, presentMe } from './auth.presenter.ts';
import { AppError } from '../../lib/errors.ts';
import { ChallengeSchema, ChangePasswordSchema, LoginSchema, LogoutSchema, MeRouteSchema, SessionRouteSchema } from './auth.schemas.ts';
import type { AuthService, NewSession } from './auth.service.ts';

export interface AuthRoutesOptions {
  auth: AuthService;
  regions: Pick<RegionsService, 'nameOf'>;
  config: Pick<Config, 'cookieSecure' | 'login'>;
}

export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, { auth, regions, config }) => {
  const setCookie = (reply: FastifyReply, s: NewSession) =>
    reply.setCookie(SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'strict', secure: config.cookieSecure, path: '/', expires: s.expiresAt });
  const me = async (actor: Actor) => presentMe(actor, await regions.nameOf(actor.regionCode));

  // One spelling of a name for the throttle and the lookup alike: `Admin ` and `admin` are one account.
  const nameOf = (raw: string) => raw.trim().toLowerCase();
  const rateLimit = { max: config.login.rateLimitPerMinute, timeWindow: '1 minute' };

  app.post('/api/auth/login', { config: { access: 'public', rateLimit }, schema: LoginSchema }, async (request, reply) => {
    const { username, password, challenge } = request.body;
    let session: NewSession;
    try {
      session = await auth.login(nameOf(username), password, request.ip, request.headers['user-agent'] ?? null, challenge);
    } catch (err) {
      // The wait is the route's header; the error handler keeps one already set.
      if (err instanceof AppError && err.code === 'AUTH_THROTTLED') reply.header('retry-after', String(err.params.seconds));
      throw err;
    }
    setCookie(reply, session);
    const actor = await auth.resolveSession(session.token);
    return { user: await me(actor!), csrfToken: session.csrfToken };
  });

  app.post('/api/auth/challenge', { config: { access: 'public', rateLimit }, schema: ChallengeSchema }, async (request) =>
    presentChallenge(await auth.issueChallenge(nameOf(request.body.username), request.ip)));

  app.get('/api/auth/me', { config: { access: 'authenticated', allowDuringPasswordChange: true }, schema: MeRouteSchema }, async (request) => {
    const actor = requireActor(request);
    return { user: await me(actor), csrfToken: actor.csrfToken };
  });

  // Public: the auth plugin still resolves the cookie of a public route, so a signed-in caller gets its session.
  app.get('/api/auth/session', { config: { access: 'public' }, schema: SessionRouteSchema }, async (request) => {
    const actor = request.actor;
    return { session: actor ? { user: await me(actor), csrfToken: actor.csrfToken } : null };
  });

  app.post('/api/auth/logout', { config: { access: 'authenticated', allowDuringPasswordChange: true }, schema: LogoutSchema }, async (request, reply) => {
    await auth.logout(requireActor(request), request.ip);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.post('/api/auth/password', { config: { access: 'authenticated', allowDuringPasswordChange: true }, schema: ChangePasswordSchema }, async (request, reply) => {
    const actor = requireActor(request);
    const session = await auth.changePassword(actor, request.body.currentPassword, request.body.newPassword, request.ip, request.headers['user-agent'] ?? null);
    setCookie(reply, session);
    return reply.status(204).send(null);
  });
};
