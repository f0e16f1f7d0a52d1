/**
 * The population grid (人口网格) and per-building population: the module's only door — the plugin (imports and
 * exports of population files), the services and the errors.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { PopulationImportsService } from './population.imports.ts';
import { populationRoutes } from './population.routes.ts';

export { createPopulationService, type PopulationService, type PopulationCellImport, type PopulationCellRow } from './population.service.ts';
export { createPopulationServices, type PopulationImportsService } from './population.services.ts';
export { PopulationErrors } from './population.errors.ts';

export const populationModule: FastifyPluginAsync<{ imports: PopulationImportsService }> = async (app, { imports }) => {
  await app.register(populationRoutes, { imports });
};
