/**
 * 人防工程 registry: the module's only door. `worksModule` registers every works route (REST, import and
 * export, upkeep, archives); the OGC API – Features under /ogc and the vector tiles under /tiles. The repository is
 * exported for the demo loader and the test fixture.
 */
export * as worksRepository from './registry/works.repository.ts';
export * as upkeepRepository from './upkeep/upkeep.repository.ts';
export type { WorkImport } from './registry/works.repository.ts';
export { createWorksServices, worksModule, type WorksModuleOptions, type WorksServices } from './works.module.ts';
export type { WorksService } from './registry/works.service.ts';
export type { ImportService } from './exchange/import.service.ts';
export type { NewWork, WorkCreatedEvent, WorkRetiredEvent } from './works.events.ts';
export type { GisService } from './gis/gis.service.ts';
