export * as usersRepository from './users.repository.ts';
export { createUsersService, operatorActor, type UsersService } from './users.service.ts';
export { usersRoutes } from './users.routes.ts';
