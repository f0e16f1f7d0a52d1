/**
 * Events of the command structure, emitted inside the writer's transaction (see lib/events.ts).
 *
 * Plans and drills name member units (成员单位) by id; they depend on this module (through its door), so this module
 * cannot ask them who names a unit without an import cycle. Instead it announces the delete in its transaction and
 * they answer by filling in `references`: the delete is refused (and rolled back) while any record names the unit.
 */
export interface UnitReference {
  /** The kind of record that names the unit. */
  what: 'plan' | 'drill';
  /** Each such record: its title, and whether it lies in the deleting user's jurisdiction (only those are named). */
  records: Array<{ title: string; inScope: boolean }>;
}

export interface MemberUnitDeletedEvent {
  unit: { id: number; name: string; regionCode: string };
  /** The deleting user's jurisdiction prefix: titles outside it are counted, not named. */
  scope: string;
  /** Filled in by the handlers: what still names the unit. Empty when nothing does. */
  references: UnitReference[];
}

declare module '../../lib/events.ts' {
  interface DomainEvents {
    'command.member_unit_deleted': MemberUnitDeletedEvent;
  }
}
