/**
 * Events the users module emits, inside the transaction of the change. The auth module subscribes to end
 * the account's sessions in that same transaction, so a lock or a reset never commits with live sessions.
 */
declare module '../../lib/events.ts' {
  interface DomainEvents {
    /** An administrator (or the CLI) locked the account. */
    'user.locked': { userId: number };
    /** The password was set to a temporary one the user must change. */
    'user.password_reset': { userId: number };
  }
}

export {};
