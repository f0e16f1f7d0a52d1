export * as systemRepository from './system.repository.ts';
export { systemRoutes } from './system.routes.ts';
