/**
 * 人防工程 registry: the module's only door. `worksModule` registers every works route (REST, import and
 * export, upkeep, archives); the OGC API – Features under /ogc and the vector tiles under /tiles. The repository is
 * exported for the demo loader and the test fixture.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { Database } from '../../db/index.ts';
import { createWorksService } from './registry/works.service.ts';
import { worksRoutes } from './registry/works.routes.ts';
import { createImportService } from './exchange/import.service.ts';
import { IMPORT_FILE_LIMIT_BYTES, worksImportRoutes } from './exchange/exchange.routes.ts';
import { worksGisRoutes } from './gis/gis.routes.ts';
import { createUpkeepService } from './upkeep/upkeep.service.ts';
import { upkeepRoutes } from './upkeep/upkeep.routes.ts';

export * as worksRepository from './registry/works.repository.ts';
export * as upkeepRepository from './upkeep/upkeep.repository.ts';
export type { WorkImport } from './registry/works.repository.ts';
export { createWorksService, type WorksService } from './registry/works.service.ts';
export { createImportService, type ImportService } from './exchange/import.service.ts';

export { renderWorksTile, tileBounds } from './gis/gis.routes.ts';

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
