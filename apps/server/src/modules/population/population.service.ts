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
  /** The newest imported dataset feeding the prefix `scope` (what a run cites), or null for the demo grid alone. */
  latestDataset(scope: string): Promise<{ id: number; sha256: string; createdAt: Date } | null>;
}

export function createPopulationService({ db }: { db: Database }): PopulationService {
  return {
    loadBulk: (tx, cellSizeM, cells) => repo.insertCellsBulk(tx, cellSizeM, cells),
    peopleByRegion: (scope) => repo.peopleByRegion(db, scope),
    cells: (scope) => repo.cellsIn(db, scope),
    async latestDataset(scope) {
      const d = (await repo.datasetsFor(db, scope, 1))[0];
      return d ? { id: d.id, sha256: d.sha256, createdAt: d.createdAt } : null;
    },
  };
}
