/** The population grid (人口网格): the module's only door. No routes of its own, so no plugin: only the service. */
export { createPopulationService, type PopulationService, type PopulationCellImport, type PopulationCellRow } from './population.service.ts';
