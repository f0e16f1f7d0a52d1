/**
 * Jurisdictions (GB/T 2260 codes) and district boundaries: reference data every other module scopes by.
 * Reads for a user are filtered by the actor's scope; the reference load runs in the caller's transaction.
 */
import type { Database, Queryable } from '../../db/index.ts';
import type { Actor } from '../../lib/actor.ts';
import * as repo from './regions.repository.ts';
import type { RegionInput, RegionRow } from './regions.repository.ts';

export type { RegionInput, RegionRow };

export interface RegionsService {
  listFor(actor: Actor): Promise<RegionRow[]>;
  boundariesFor(actor: Actor): Promise<Array<{ code: string; name: string; geometry: string }>>;
  /** Town outlines in the actor's scope (GeoJSON text), `synthetic` when made up rather than surveyed; often none. */
  townBoundariesFor(actor: Actor): Promise<Array<{ code: string; geometry: string; synthetic: boolean }>>;
  /** How many town outlines are loaded. */
  townBoundaryCount(): Promise<number>;
  /** Upserts town outlines inside the caller's transaction `tx` (their towns must be loaded). */
  loadTownBoundaries(tx: Queryable, boundaries: ReadonlyArray<{ code: string; geometry: object; synthetic: boolean }>): Promise<void>;
  /** A jurisdiction's name, or null for an unknown code. */
  nameOf(code: string): Promise<string | null>;
  /** The codes among `codes` that name no jurisdiction (read through `q`, a transaction when the caller has one). */
  unknownCodes(codes: readonly string[], q?: Queryable): Promise<string[]>;
  /**
   * Whether a point lies in the jurisdiction `scope` (a region code): true or false by the loaded outlines, null when
   * no outline covers the scope. Read through `q`, a transaction when the caller has one.
   */
  pointInScope(scope: string, lng: number, lat: number, q?: Queryable): Promise<boolean | null>;
  /** Whether a GeoJSON geometry (checked valid by the caller) lies wholly in the jurisdiction `scope`, as pointInScope reads it. */
  geometryInScope(scope: string, geojson: string, q?: Queryable): Promise<boolean | null>;
  /** How many jurisdictions are loaded: 0 before the first start loaded the reference data. */
  count(): Promise<number>;
  /** Upserts jurisdictions (parents first) and their boundaries inside the caller's transaction `tx`. */
  loadReference(tx: Queryable, regions: RegionInput[], boundaries: Array<{ code: string; geometry: object }>): Promise<void>;
}

export function createRegionsService({ db }: { db: Database }): RegionsService {
  return {
    listFor: (actor) => repo.listInScope(db, actor.scope),
    boundariesFor: (actor) => repo.boundariesInScope(db, actor.scope),
    nameOf: (code) => repo.nameOf(db, code),
    unknownCodes: (codes, q = db) => repo.unknownCodes(q, codes),
    pointInScope: (scope, lng, lat, q = db) => repo.pointInScope(q, scope, lng, lat),
    geometryInScope: (scope, geojson, q = db) => repo.geometryInScope(q, scope, geojson),
    count: () => repo.count(db),
    townBoundariesFor: (actor) => repo.townBoundariesInScope(db, actor.scope),
    townBoundaryCount: () => repo.townBoundaryCount(db),
    async loadTownBoundaries(tx, boundaries) {
      if (boundaries.length > 0) await repo.upsertTownBoundaries(tx, boundaries);
    },
    async loadReference(tx, regions, boundaries) {
      await repo.upsertRegions(tx, regions);
      if (boundaries.length > 0) await repo.upsertBoundaries(tx, boundaries);
    },
  };
}
