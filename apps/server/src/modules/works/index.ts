/**
 * 人防工程 (works): the module's only door. Nothing else in the module may be imported from outside it.
 *
 * - `worksModule`: the Fastify plugin (REST registry, import/export, upkeep and archives, OGC API – Features under
 *   /ogc, vector tiles under /tiles), given the database, the application's event bus and its settings;
 * - `createWorksServices`: the same services without HTTP (tools, benchmarks), and their types;
 * - `createWorksLoader`: set-based bulk loads for the demo dataset and test fixtures;
 * - `WorksErrors`: the module's error codes; the events it emits (`work.created`, `work.retired`, `work.changed`).
 */
export { createWorksServices, worksModule, type WorksModuleOptions, type WorksServices } from './works.module.ts';
export type { WorksService } from './registry/works.service.ts';
export type { ImportService } from './exchange/import.service.ts';
export type { ExportService } from './exchange/export.service.ts';
export type { GisService } from './gis/gis.service.ts';
export type { UpkeepService } from './upkeep/upkeep.service.ts';
export { createWorksLoader, type WorksLoader } from './works.loader.ts';
export type { UnitImport, WorkImport } from './registry/works.repository.ts';
export { WorksErrors } from './works.errors.ts';
export type { NewWork, WorkChangedEvent, WorkCreatedEvent, WorkRetiredEvent } from './works.events.ts';
export type { PublicDirectoryRow } from './gis/gis.repository.ts';
