import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PERMISSIONS, ROLES, ROLE_DEFINITIONS, USERNAME_PATTERN_SOURCE, USERNAME_RULE } from '@civdef/domain';
import { Type } from 'typebox';
import { requireActor } from '../../plugins/auth.ts';
import { IdParams, Paging, RegionCode, errorResponses, iso } from '../../lib/schemas.ts';
import type { UserRow } from './users.repository.ts';
import type { UsersService } from './users.service.ts';

const RoleSchema = Type.Enum(ROLES);
const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(RoleSchema),
  regionCode: Type.String(),
  regionName: Type.Union([Type.String(), Type.Null()]),
  locked: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  mustChangePassword: Type.Boolean(),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

/** The API shape of a user: never the password hash or failure counters. */
export function presentUser(u: UserRow) {
  const lockedOut = u.lockedUntil !== null && u.lockedUntil.getTime() > Date.now();
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    regionCode: u.regionCode,
    regionName: u.regionName,
    locked: u.locked || lockedOut,
    lockedUntil: lockedOut ? iso(u.lockedUntil) : null,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: iso(u.lastLoginAt),
    createdAt: iso(u.createdAt)!,
  };
}

const Username = Type.String({ pattern: USERNAME_PATTERN_SOURCE, description: USERNAME_RULE.en });
const DisplayName = Type.String({ minLength: 1, maxLength: 64 });
const Roles = Type.Array(RoleSchema, { minItems: 1, maxItems: ROLES.length, uniqueItems: true });

export interface UsersRoutesOptions {
  users: UsersService;
  revokeSessions: (userId: number) => Promise<void>;
}

export const usersRoutes: FastifyPluginAsyncTypebox<UsersRoutesOptions> = async (app, { users, revokeSessions }) => {
  app.get('/api/roles', {
    config: { access: 'users:read' },
    schema: {
      tags: ['users'],
      summary: '角色与权限 Roles and the permissions each grants',
      response: {
        200: Type.Object({
          items: Type.Array(Type.Object({ code: RoleSchema, nameZh: Type.String(), nameEn: Type.String(), permissions: Type.Array(Type.Enum(PERMISSIONS)) })),
        }),
        ...errorResponses(401, 403),
      },
    },
  }, async () => ({ items: ROLES.map((r) => ({ ...ROLE_DEFINITIONS[r], permissions: [...ROLE_DEFINITIONS[r].permissions] })) }));

  app.get('/api/users', {
    config: { access: 'users:read' },
    schema: {
      tags: ['users'],
      summary: '用户列表 List users in my jurisdiction',
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 64 })), ...Paging }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(UserSchema), total: Type.Integer() }), ...errorResponses(400, 401, 403) },
    },
  }, async (request) => {
    const result = await users.list(requireActor(request), request.query);
    return { items: result.items.map(presentUser), total: result.total };
  });

  app.get('/api/users/:id', {
    config: { access: 'users:read' },
    schema: { tags: ['users'], summary: '用户详情 Get a user', params: IdParams, response: { 200: UserSchema, ...errorResponses(401, 403, 404) } },
  }, async (request) => presentUser(await users.get(requireActor(request), request.params.id)));

  app.post('/api/users', {
    config: { access: 'users:write' },
    schema: {
      tags: ['users'],
      summary: '新建用户 Create a user (must change password at first sign-in)',
      body: Type.Object({
        username: Username,
        displayName: DisplayName,
        password: Type.String({ minLength: 1, maxLength: 256 }),
        roles: Roles,
        regionCode: RegionCode,
      }, { additionalProperties: false }),
      response: { 201: UserSchema, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const user = await users.create(requireActor(request), request.ip, request.body);
    return reply.status(201).send(presentUser(user));
  });

  app.patch('/api/users/:id', {
    config: { access: 'users:write' },
    schema: {
      tags: ['users'],
      summary: '修改用户 Update roles, jurisdiction or name',
      params: IdParams,
      body: Type.Object({ displayName: Type.Optional(DisplayName), roles: Type.Optional(Roles), regionCode: Type.Optional(RegionCode) }, { additionalProperties: false, minProperties: 1 }),
      response: { 200: UserSchema, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => presentUser(await users.update(requireActor(request), request.ip, request.params.id, request.body)));

  for (const [suffix, locked] of [['lock', true], ['unlock', false]] as const) {
    app.post(`/api/users/:id/${suffix}`, {
      config: { access: 'users:write' },
      schema: {
        tags: ['users'],
        summary: locked ? '锁定账户 Lock an account (ends its sessions)' : '解锁账户 Unlock an account',
        params: IdParams,
        response: { 200: UserSchema, ...errorResponses(400, 401, 403, 404) },
      },
    }, async (request) => presentUser(await users.setLocked(requireActor(request), request.ip, request.params.id, locked, revokeSessions)));
  }

  app.post('/api/users/:id/reset-password', {
    config: { access: 'users:write' },
    schema: {
      tags: ['users'],
      summary: '重置密码 Set a temporary password (user must change it)',
      params: IdParams,
      body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await users.resetPassword(requireActor(request), request.ip, request.params.id, request.body.password, revokeSessions);
    return reply.status(204).send(null);
  });
};
