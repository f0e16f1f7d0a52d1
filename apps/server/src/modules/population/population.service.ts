/**
 * The population grid: the demo loader fills it through `loadBulk`; planning reads it through `peopleByRegion` and
 * `cells`, always inside a jurisdiction prefix.
 */
import type { Database, Queryable } from '../../db/index.ts';
import * as repo from './population.repository.ts';
import type { PopulationCellImport, PopulationCellRow } from './population.repository.ts';

export type { PopulationCellImport, PopulationCellRow };

export interface PopulationService {
  /** Loads grid cells of `cellSizeM` metres inside the caller's transaction `tx`; answers how many. */
  loadBulk(tx: Queryable, cellSizeM: number, cells: readonly PopulationCellImport[]): Promise<number>;
  /** Residents per region code inside the jurisdiction prefix `scope`. */
  peopleByRegion(scope: string): Promise<Array<{ regionCode: string; people: number }>>;
  /** The inhabited cells inside the jurisdiction prefix `scope`. */
  cells(scope: string): Promise<PopulationCellRow[]>;
}

export function createPopulationService({ db }: { db: Database }): PopulationService {
  return {
    loadBulk: (tx, cellSizeM, cells) => repo.insertCellsBulk(tx, cellSizeM, cells),
    peopleByRegion: (scope) => repo.peopleByRegion(db, scope),
    cells: (scope) => repo.cellsIn(db, scope),
  };
}
