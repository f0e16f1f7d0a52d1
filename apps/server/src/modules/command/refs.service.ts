/**
 * References into the command half. Plans, drills and key targets name member units (成员单位) and teams; those
 * names used to be free text beside an unchecked id, so a renamed team or a typo left a task nobody owned. This
 * service is what they call (through the command module's door) to check every id on write: the record must exist
 * and lie in the writer's jurisdiction, and its current name is what gets stored beside the id.
 */
import type { Database, Queryable } from '../../db/index.ts';
import type { Actor } from '../../lib/actor.ts';
import * as repo from './refs.repository.ts';

export type { RefKind, RefRow } from './refs.repository.ts';

export interface RefsService {
  /**
   * The records among `refs` that exist in the actor's jurisdiction, keyed `kind:id` (`refKey`). A key missing from
   * the answer is a reference the caller must refuse. `q` is the caller's transaction, when it has one.
   */
  resolve(actor: Actor, refs: ReadonlyArray<{ kind: repo.RefKind; id: number }>, q?: Queryable): Promise<Map<string, repo.RefRow>>;
  /** Every member unit and team of the actor's jurisdiction (the forms' pickers). */
  options(actor: Actor): Promise<repo.RefRow[]>;
  /**
   * Ids of the units or teams bearing exactly these names, a name borne by two records left out: how the demo load,
   * which has no signed-in user, links the records it writes in the caller's transaction `tx`.
   */
  idsByName(tx: Queryable, kind: repo.RefKind, names: readonly string[]): Promise<Map<string, number>>;
}

export const refKey = (kind: repo.RefKind, id: number) => `${kind}:${id}`;

export function createRefsService({ db }: { db: Database }): RefsService {
  return {
    async resolve(actor, refs, q = db) {
      const rows = await repo.refsByIds(q, actor.scope, refs);
      return new Map(rows.map((r) => [refKey(r.kind, r.id), r]));
    },
    options: (actor) => repo.refsInScope(db, actor.scope),
    idsByName: (tx, kind, names) => repo.uniqueIdsByName(tx, kind, names),
  };
}
