/**
 * Wiring of the works module: one set of services per application, upkeep subscribed to the registry's events,
 * and the Fastify plugin that registers every resource's routes with them.
 */
import { DEFAULT_USABLE_SHELTER_STATES } from '@civdef/domain';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { Database } from '../../db/index.ts';
import type { EventBus } from '../../lib/events.ts';
import type { FieldCipher } from '../../lib/field-crypto.ts';
import { worksImportRoutes } from './exchange/exchange.routes.ts';
import { IMPORT_FILE_LIMIT_BYTES } from './exchange/exchange.schemas.ts';
import { createExportService } from './exchange/export.service.ts';
import { createImportService } from './exchange/import.service.ts';
import { worksGisRoutes } from './gis/gis.routes.ts';
import { createGisService } from './gis/gis.service.ts';
import { worksRoutes } from './registry/works.routes.ts';
import { createWorksService } from './registry/works.service.ts';
import { upkeepRoutes } from './upkeep/upkeep.routes.ts';
import { createUpkeepService, subscribeUpkeep } from './upkeep/upkeep.service.ts';

export interface WorksModuleOptions {
  db: Database;
  /** The application's event bus: the module emits `work.created` / `work.retired` on it and upkeep listens. */
  events: EventBus;
  areaPerPersonM2: number;
  /** States whose works count as usable shelter (config USABLE_SHELTER_STATES); the domain's default when absent. */
  usableShelterStates?: readonly string[];
  dataDir: string;
  /** Seals and opens the works' personal field (联系电话) at rest: `fieldCipherFor(config.fieldEncryption)`. */
  cipher: FieldCipher;
  /** Services already built by `createWorksServices` (app.ts builds them once and hands the public-directory reads to other modules). */
  services?: WorksServices;
}

/** The module's services, wired to one event bus. The plugin uses them; the bench and tools may too. */
export function createWorksServices(opts: WorksModuleOptions) {
  const { db, events, areaPerPersonM2, dataDir, cipher } = opts;
  const usableShelterStates = opts.usableShelterStates ?? DEFAULT_USABLE_SHELTER_STATES;
  subscribeUpkeep(events);
  return {
    works: createWorksService({ db, areaPerPersonM2, usableShelterStates, events, cipher }),
    imports: createImportService({ db, events, cipher }),
    exports: createExportService({ db, areaPerPersonM2, cipher }),
    upkeep: createUpkeepService({ db, dataDir }),
    gis: createGisService({ db, areaPerPersonM2 }),
  };
}

export type WorksServices = ReturnType<typeof createWorksServices>;

export const worksModule: FastifyPluginAsync<WorksModuleOptions> = async (app, opts) => {
  // Encapsulated here: only the works routes accept multipart uploads.
  await app.register(multipart, { limits: { fileSize: IMPORT_FILE_LIMIT_BYTES, files: 1, fields: 10, parts: 12 } });
  const { works, imports, exports, upkeep, gis } = opts.services ?? createWorksServices(opts);
  app.addHook('onClose', () => imports.idle());
  await app.register(worksRoutes, { works });
  await app.register(worksImportRoutes, { imports, exports });
  await app.register(worksGisRoutes, { gis });
  await app.register(upkeepRoutes, { upkeep });
};
