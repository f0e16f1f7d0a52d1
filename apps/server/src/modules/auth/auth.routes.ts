import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Config } from '../../config.ts';
import type { Actor } from '../../lib/actor.ts';
import { SESSION_COOKIE, requireActor } from '../../plugins/auth.ts';
import type { RegionsService } from '../regions/index.ts';
import { presentMe } from './auth.presenter.ts';
import { ChangePasswordSchema, LoginSchema, LogoutSchema, MeRouteSchema } from './auth.schemas.ts';
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

  app.post('/api/auth/login', {
    config: { access: 'public', rateLimit: { max: config.login.rateLimitPerMinute, timeWindow: '1 minute' } },
    schema: LoginSchema,
  }, async (request, reply) => {
    const session = await auth.login(request.body.username.trim().toLowerCase(), request.body.password, request.ip, request.headers['user-agent'] ?? null);
    setCookie(reply, session);
    const actor = await auth.resolveSession(session.token);
    return { user: await me(actor!), csrfToken: session.csrfToken };
  });

  app.get('/api/auth/me', { config: { access: 'authenticated', allowDuringPasswordChange: true }, schema: MeRouteSchema }, async (request) => {
    const actor = requireActor(request);
    return { user: await me(actor), csrfToken: actor.csrfToken };
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
