import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ROLES, ROLE_DEFINITIONS } from '@civdef/domain';
import { requireActor } from '../../plugins/auth.ts';
import { presentUser } from './users.presenter.ts';
import { CreateUserSchema, GetUserSchema, ListRolesSchema, ListUsersSchema, ResetPasswordSchema, UpdateUserSchema, lockUserSchema } from './users.schemas.ts';
import type { UsersService } from './users.service.ts';

export const usersRoutes: FastifyPluginAsyncTypebox<{ users: UsersService }> = async (app, { users }) => {
  app.get('/api/roles', { config: { access: 'users:read' }, schema: ListRolesSchema }, async () => ({
    items: ROLES.map((r) => ({ ...ROLE_DEFINITIONS[r], permissions: [...ROLE_DEFINITIONS[r].permissions] })),
  }));

  app.get('/api/users', { config: { access: 'users:read' }, schema: ListUsersSchema }, async (request) => {
    const result = await users.list(requireActor(request), request.query);
    return { items: result.items.map((u) => presentUser(u)), total: result.total };
  });

  app.get('/api/users/:id', { config: { access: 'users:read' }, schema: GetUserSchema }, async (request) =>
    presentUser(await users.get(requireActor(request), request.params.id)),
  );

  app.post('/api/users', { config: { access: 'users:write' }, schema: CreateUserSchema }, async (request, reply) => {
    const user = await users.create(requireActor(request), request.ip, request.body);
    return reply.status(201).send(presentUser(user));
  });

  app.patch('/api/users/:id', { config: { access: 'users:write' }, schema: UpdateUserSchema }, async (request) =>
    presentUser(await users.update(requireActor(request), request.ip, request.params.id, request.body)),
  );

  for (const [suffix, locked] of [['lock', true], ['unlock', false]] as const) {
    app.post(`/api/users/:id/${suffix}`, { config: { access: 'users:write' }, schema: lockUserSchema(locked) }, async (request) =>
      presentUser(await users.setLocked(requireActor(request), request.ip, request.params.id, locked)),
    );
  }

  app.post('/api/users/:id/reset-password', { config: { access: 'users:write' }, schema: ResetPasswordSchema }, async (request, reply) => {
    await users.resetPassword(requireActor(request), request.ip, request.params.id, request.body.password);
    return reply.status(204).send(null);
  });
};
