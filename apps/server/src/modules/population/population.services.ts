/** The population module's services built together: the grid (read by planning) and its imports and exports. */
import type { Database } from '../../db/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { createPopulationImportsService, type PopulationImportsService } from './population.imports.ts';
import { createPopulationService, type PopulationService } from './population.service.ts';

export type { PopulationImportsService };

export function createPopulationServices({ db, regions }: { db: Database; regions: Pick<RegionsService, 'listFor' | 'unknownCodes'> }): { population: PopulationService; imports: PopulationImportsService } {
  return { population: createPopulationService({ db }), imports: createPopulationImportsService({ db, regions }) };
}
