/** User administration (用户管理): the module's only door. */
import type { FastifyPluginAsync } from 'fastify';
import { usersRoutes } from './users.routes.ts';
import type { UsersService } from './users.service.ts';

export { createUsersService, operatorActor, type AccountPatch, type NewAccount, type UserRow, type UsersDeps, type UsersService } from './users.service.ts';
export { UsersErrors } from './users.errors.ts';

export const usersModule: FastifyPluginAsync<{ users: UsersService }> = async (app, { users }) => {
  await app.register(usersRoutes, { users });
};
