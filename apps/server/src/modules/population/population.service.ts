/**
 * The population grid the planning analyses read. It has no routes yet (they arrive with the planning
 * module), so its door holds only the service: the demo loader fills the grid through `loadBulk`.
 */
import type { Database, Queryable } from '../../db/index.ts';
import * as repo from './population.repository.ts';
import type { PopulationCellImport } from './population.repository.ts';

export type { PopulationCellImport };

export interface PopulationService {
  /** Loads grid cells of `cellSizeM` metres inside the caller's transaction `tx`; answers how many. */
  loadBulk(tx: Queryable, cellSizeM: number, cells: readonly PopulationCellImport[]): Promise<number>;
}

// `db` is unused until the grid has reads of its own; the factory takes it now so the module is wired like every other.
export function createPopulationService(_deps: { db: Database }): PopulationService {
  return {
    loadBulk: (tx, cellSizeM, cells) => repo.insertCellsBulk(tx, cellSizeM, cells),
  };
}
