/**
 * Cross-module side effects as typed, synchronous-in-the-transaction events.
 *
 * A module that owns a fact emits an event with the open transaction; a module that must react subscribes
 * through its plugin options (its `index.ts`), runs its own repository against the same transaction, and so
 * commits or rolls back with the write that caused it. Nothing is queued or lost: an event is a call made
 * inside the writer's transaction, not a message. (Work that must outlive the transaction — sending to a
 * siren, say — is a job or an outbox row written by the handler, not done in the handler.)
 *
 * Modules declare the events they emit by augmenting `DomainEvents` in their own `<m>.events.ts`:
 *
 *     declare module '../../lib/events.ts' {
 *       interface DomainEvents { 'work.created': { workId: number; regionCode: string } }
 *     }
 */
import type { Queryable } from '../db/index.ts';
import type { AuditContext } from './actor.ts';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging in each module's events file
export interface DomainEvents {}

export type EventName = keyof DomainEvents & string;

export interface EventContext {
  /** The writer's open transaction: handlers write through it so they commit or roll back together. */
  tx: Queryable;
  /** Who caused it, for the handler's own audit rows. */
  audit: AuditContext;
}

export type EventHandler<K extends EventName> = (payload: DomainEvents[K], ctx: EventContext) => Promise<void>;

export interface EventBus {
  on<K extends EventName>(name: K, handler: EventHandler<K>): void;
  /** Runs every handler of `name`, in subscription order, inside the caller's transaction; a throw aborts it. */
  emit<K extends EventName>(name: K, payload: DomainEvents[K], ctx: EventContext): Promise<void>;
}

export function createEventBus(): EventBus {
  const handlers = new Map<string, EventHandler<never>[]>();
  return {
    on(name, handler) {
      const list = handlers.get(name) ?? [];
      list.push(handler as EventHandler<never>);
      handlers.set(name, list);
    },
    async emit(name, payload, ctx) {
      for (const handler of handlers.get(name) ?? []) await (handler as EventHandler<typeof name>)(payload, ctx);
    },
  };
}
