/**
 * The rules of the sirens module. Routes call it with the signed-in actor; other modules (the demo loader,
 * test fixtures) call `loadBulk` with their open transaction. It reaches other modules only through the
 * service interfaces in its dependencies, never their repositories.
 */
import type { Database, Queryable } from '../../db/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import type { RegionsService } from '../regions/index.ts';
import { SirensErrors as E } from './sirens.errors.ts';
import * as repo from './sirens.repository.ts';
import type { SirenImport, SirenMapRow } from './sirens.repository.ts';

export type { SirenImport, SirenMapRow };

export interface SirensDeps {
  db: Database;
  /** Only what sirens needs of the regions module: which region codes exist. */
  regions: Pick<RegionsService, 'unknownCodes'>;
}

export interface SirensService {
  /** The sirens of the actor's jurisdiction, for the map. */
  mapOf(actor: Actor): Promise<SirenMapRow[]>;
  /**
   * Loads many sirens inside the caller's transaction `tx` (which also audits the load). Refuses the whole
   * batch, naming the first siren, when one names a region that does not exist.
   */
  loadBulk(tx: Queryable, sirens: readonly SirenImport[]): Promise<number>;
}

export function createSirensService({ db, regions }: SirensDeps): SirensService {
  return {
    mapOf: (actor) => repo.mapFeatures(db, actor.scope),

    async loadBulk(tx, sirens) {
      const unknown = new Set(await regions.unknownCodes([...new Set(sirens.map((s) => s.regionCode))], tx));
      const bad = sirens.find((s) => unknown.has(s.regionCode));
      if (bad) throw new AppError(E.SIRENS_REGION_UNKNOWN, 400, { code: bad.code, regionCode: bad.regionCode });
      return repo.insertSirensBulk(tx, sirens);
    },
  };
}
