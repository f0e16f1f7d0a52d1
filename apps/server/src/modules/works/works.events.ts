/**
 * Events of the works registry, emitted inside the writer's transaction (see lib/events.ts).
 *
 * The registry and the importer own the work; upkeep reacts (plans for new works, plans off for retired ones)
 * without the registry knowing upkeep exists. Warning, planning and the other modules that come next subscribe
 * to the same events the same way.
 *
 * Each payload carries an `effects` record that the handlers fill in with what they did, so that the emitter's
 * own audit row can say it (`work.import` lists the maintenance plans it caused, `work.transition` how many plans
 * it switched off): one audit row for one user action, as before the side effects became events.
 */
export interface NewWork {
  id: number;
  regionCode: string;
  lifecycleState: string;
}

export interface WorkCreatedEvent {
  /** Works just inserted in this transaction (one for a create, a batch for an import commit). */
  works: NewWork[];
  effects: { maintenancePlans?: { startOn: string; created: number } };
}

export interface WorkRetiredEvent {
  /** A work that left service (demolished or scrapped) in this transaction. */
  work: NewWork;
  /** The approval the step cites (审批文号), so the module that issued it can check it in this transaction. */
  approvalRef?: string | null;
  effects: { plansRetired?: number };
}

/**
 * Existing works whose registry fields, units or entrances changed in this transaction (an edit, a life-cycle
 * step, an import that overwrote them). Readers that keep a copy of works (the public app's spatial index) reload
 * these ids after the commit; nothing is asked of handlers inside the transaction.
 */
export interface WorkChangedEvent {
  workIds: number[];
}

declare module '../../lib/events.ts' {
  interface DomainEvents {
    'work.created': WorkCreatedEvent;
    'work.retired': WorkRetiredEvent;
    'work.changed': WorkChangedEvent;
  }
}
