import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ROLES, PERMISSIONS } from '@civdef/domain';
import { Type } from 'typebox';
import type { Config } from '../../config.ts';
import { SESSION_COOKIE, requireActor } from '../../plugins/auth.ts';
import { errorResponses } from '../../lib/schemas.ts';
import type { Actor } from '../../lib/actor.ts';
import type { AuthService, NewSession } from './auth.service.ts';

export const MeSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.Enum(ROLES)),
  permissions: Type.Array(Type.Enum(PERMISSIONS)),
  regionCode: Type.String(),
  regionName: Type.Union([Type.String(), Type.Null()]),
  mustChangePassword: Type.Boolean(),
});
const SessionBody = Type.Object({ user: MeSchema, csrfToken: Type.String() });

export interface AuthRoutesOptions {
  auth: AuthService;
  config: Config;
  regionName: (code: string) => Promise<string | null>;
}

export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, { auth, config, regionName }) => {
  const setCookie = (reply: { setCookie: (...a: never[]) => unknown }, s: NewSession) =>
    (reply.setCookie as (n: string, v: string, o: object) => unknown)(SESSION_COOKIE, s.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: config.cookieSecure,
      path: '/',
      expires: s.expiresAt,
    });

  const me = async (actor: Actor) => ({
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    roles: actor.roles,
    permissions: [...actor.permissions].sort(),
    regionCode: actor.regionCode,
    regionName: await regionName(actor.regionCode),
    mustChangePassword: actor.mustChangePassword,
  });

  app.post('/api/auth/login', {
    config: { access: 'public', rateLimit: { max: config.login.rateLimitPerMinute, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'],
      summary: '登录 Sign in',
      body: Type.Object({
        username: Type.String({ minLength: 1, maxLength: 64 }),
        password: Type.String({ minLength: 1, maxLength: 256 }),
      }, { additionalProperties: false }),
      response: { 200: SessionBody, ...errorResponses(400, 401, 423, 429) },
    },
  }, async (request, reply) => {
    const session = await auth.login(request.body.username.trim().toLowerCase(), request.body.password, request.ip, request.headers['user-agent'] ?? null);
    setCookie(reply as never, session);
    const token = session.token;
    const actor = await auth.resolveSession(token);
    return { user: await me(actor!), csrfToken: session.csrfToken };
  });

  app.get('/api/auth/me', {
    config: { access: 'authenticated', allowDuringPasswordChange: true },
    schema: { tags: ['auth'], summary: '当前用户 Current user', response: { 200: SessionBody, ...errorResponses(401) } },
  }, async (request) => {
    const actor = requireActor(request);
    return { user: await me(actor), csrfToken: actor.csrfToken };
  });

  app.post('/api/auth/logout', {
    config: { access: 'authenticated', allowDuringPasswordChange: true },
    schema: { tags: ['auth'], summary: '退出 Sign out', response: { 204: Type.Null(), ...errorResponses(401, 403) } },
  }, async (request, reply) => {
    await auth.logout(requireActor(request), request.ip);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.post('/api/auth/password', {
    config: { access: 'authenticated', allowDuringPasswordChange: true },
    schema: {
      tags: ['auth'],
      summary: '修改密码 Change own password (ends other sessions)',
      body: Type.Object({
        currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
        newPassword: Type.String({ minLength: 1, maxLength: 256 }),
      }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const session = await auth.changePassword(actor, request.body.currentPassword, request.body.newPassword, request.ip, request.headers['user-agent'] ?? null);
    setCookie(reply as never, session);
    return reply.status(204).send(null);
  });
};
