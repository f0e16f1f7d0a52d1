/**
 * 人防工程 registry: the module's only door. `worksModule` registers every works route (REST, import and
 * export, upkeep, archives, OGC API – Features, vector tiles); the repository is exported for the demo
 * loader and the test fixture.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Database } from '../../db/index.ts';
import { createWorksService } from './works.service.ts';
import { worksRoutes } from './works.routes.ts';

export * as worksRepository from './works.repository.ts';
export type { WorkImport } from './works.repository.ts';
export { createWorksService, type WorksService } from './works.service.ts';

export interface WorksModuleOptions {
  db: Database;
  areaPerPersonM2: number;
  dataDir: string;
}

export const worksModule: FastifyPluginAsync<WorksModuleOptions> = async (app, opts) => {
  const works = createWorksService({ db: opts.db, areaPerPersonM2: opts.areaPerPersonM2 });
  await app.register(worksRoutes, { works });
};
