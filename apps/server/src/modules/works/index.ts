export * as worksRepository from './works.repository.ts';
export type { WorkImport } from './works.repository.ts';
export { worksRoutes } from './works.routes.ts';
