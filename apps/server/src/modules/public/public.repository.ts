/** The only SQL of the public module. Works are read through the works module's service, never here. */
import type { Queryable } from '../../db/index.ts';

/** The id of the open transaction `tx` (assigned if it had none), so a reader can wait for its outcome. */
export async function transactionId(tx: Queryable): Promise<string> {
  const { rows } = await tx.query<{ xid: string }>('SELECT txid_current()::text AS xid');
  return rows[0]!.xid;
}

/**
 * 'in progress', 'committed' or 'aborted' (null once it is too old to know: treat it as finished). PostgreSQL marks a
 * transaction committed a moment before new snapshots see it, so a commit not yet in this statement's snapshot still
 * counts as in progress: a read made after 'committed' sees the transaction's writes.
 */
export async function transactionStatus(db: Queryable, xid: string): Promise<string | null> {
  const { rows } = await db.query<{ s: string | null }>(
    `SELECT CASE WHEN txid_status($1::bigint) = 'committed' AND NOT txid_visible_in_snapshot($1::bigint, txid_current_snapshot())
                 THEN 'in progress' ELSE txid_status($1::bigint) END AS s`,
    [xid],
  );
  return rows[0]?.s ?? null;
}
