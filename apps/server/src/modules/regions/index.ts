export * as regionsRepository from './regions.repository.ts';
export { regionsRoutes } from './regions.routes.ts';
