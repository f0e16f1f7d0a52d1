/**
 * Bulk loads for the demo dataset and the test fixtures: set-based inserts (one statement per table, through
 * `jsonb_to_recordset`) inside the caller's transaction. No rule checks, no life-cycle events, no per-work audit:
 * the caller loads trusted, generated data and audits the load as one action (`system.load_demo`).
 * Works a user creates or imports go through the registry and exchange services instead.
 */
import type { Queryable } from '../../db/index.ts';
import * as works from './registry/works.repository.ts';
import * as upkeep from './upkeep/upkeep.repository.ts';

export interface WorksLoader {
  /** Inserts the works with their units and entrances; returns how many. */
  insertWorks(q: Queryable, list: works.WorkImport[]): Promise<number>;
  /**
   * A synthetic upkeep history: per work code, one plan per active schedule, `phases` giving per schedule the
   * fraction of its interval elapsed since it was last done (> 1 = overdue). Returns the plans created.
   */
  insertDemoPlans(q: Queryable, items: Array<{ code: string; phases: Record<string, number> | null }>): Promise<number>;
}

export function createWorksLoader(): WorksLoader {
  return {
    insertWorks: async (q, list) => (await works.insertWorks(q, list)).size,
    insertDemoPlans: (q, items) => upkeep.insertDemoPlans(q, items),
  };
}
