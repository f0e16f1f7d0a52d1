/**
 * 人防工程 registry: the module's only door. `worksModule` registers every works route (REST, import and
 * export, upkeep, archives); the OGC API – Features under /ogc and the vector tiles under /tiles. The repository is
 * exported for the demo loader and the test fixture.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { Database } from '../../db/index.ts';
import { createWorksService } from './works.service.ts';
import { worksRoutes } from './works.routes.ts';
import { createImportService } from './works-import.service.ts';
import { IMPORT_FILE_LIMIT_BYTES, worksImportRoutes } from './works-import.routes.ts';
import { worksGisRoutes } from './works-gis.routes.ts';
import { createUpkeepService } from './upkeep.service.ts';
import { upkeepRoutes } from './upkeep.routes.ts';

export * as worksRepository from './works.repository.ts';
export * as upkeepRepository from './upkeep.repository.ts';
export type { WorkImport } from './works.repository.ts';
export { createWorksService, type WorksService } from './works.service.ts';
export { createImportService, type ImportService } from './works-import.service.ts';

export { renderWorksTile, tileBounds } from './works-gis.routes.ts';

export interface WorksModuleOptions {
  db: Database;
  areaPerPersonM2: number;
  dataDir: string;
}

export const worksModule: FastifyPluginAsync<WorksModuleOptions> = async (app, opts) => {
  const { db, areaPerPersonM2 } = opts;
  // Encapsulated here: only the works routes accept multipart uploads.
  await app.register(multipart, { limits: { fileSize: IMPORT_FILE_LIMIT_BYTES, files: 1, fields: 10, parts: 12 } });
  const works = createWorksService({ db, areaPerPersonM2 });
  const imports = createImportService({ db });
  app.addHook('onClose', () => imports.idle());
  await app.register(worksRoutes, { works });
  await app.register(worksImportRoutes, { db, imports, areaPerPersonM2 });
  await app.register(worksGisRoutes, { db, areaPerPersonM2 });
  await app.register(upkeepRoutes, { upkeep: createUpkeepService({ db, dataDir: opts.dataDir }), dataDir: opts.dataDir });
};
