export * as sirensRepository from './sirens.repository.ts';
export type { SirenImport } from './sirens.repository.ts';
export { sirensRoutes } from './sirens.routes.ts';
