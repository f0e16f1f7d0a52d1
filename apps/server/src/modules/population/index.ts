/** The population grid (人口网格): the module's only door. No routes yet, so no plugin: only the service. */
export { createPopulationService, type PopulationService, type PopulationCellImport } from './population.service.ts';
