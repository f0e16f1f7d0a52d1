import type { Database, Queryable } from '../../db/index.ts';
import type { Actor, AuditContext } from '../../lib/actor.ts';
import { toPlainJson } from '../../lib/canonical-json.ts';
import { GENESIS_HASH, chainHash } from './audit.chain.ts';
import * as repo from './audit.repository.ts';
import type { AuditRow } from './audit.repository.ts';

export interface AuditEntry {
  action: string;
  entityType?: string | null;
  entityId?: string | number | null;
  regionCode?: string | null;
  outcome?: 'success' | 'failure';
  before?: unknown;
  after?: unknown;
}

/**
 * The hash-chained audit log. Every module writes its rows with `appendAudit(tx, …)` inside the transaction of
 * the write it describes; the service adds the jurisdiction-scoped search and the chain check.
 */

/**
 * Appends one audit row inside the caller's transaction, so the row exists exactly when the write it
 * describes was committed. Never call it outside a transaction.
 */
export async function appendAudit(tx: Queryable, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  const head = await repo.lockHead(tx);
  const fields = {
    seq: head.seq + 1,
    at: new Date().toISOString(),
    actorId: ctx.actorId,
    actor: ctx.actor,
    action: entry.action,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    regionCode: entry.regionCode ?? null,
    outcome: entry.outcome ?? 'success',
    ip: ctx.ip,
    before: toPlainJson(entry.before),
    after: toPlainJson(entry.after),
  } as const;
  await repo.insertRow(tx, { ...fields, prevHash: head.hash, hash: chainHash(head.hash, fields) });
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBadId: number | null;
  reason: string | null;
}

/** Walks the whole chain: detects a changed row, a removed row (anywhere, including the newest) and a reordered one. */
export async function verifyChain(db: Database, batchSize = 2000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await repo.readBatch(db, expectedSeq - 1, batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.seq !== expectedSeq) return bad(checked, expectedSeq, `row ${expectedSeq} is missing`);
      if (row.prevHash !== prevHash) return bad(checked, row.seq, `row ${row.seq} does not link to row ${row.seq - 1}`);
      const { prevHash: _p, hash, ...fields } = row;
      if (chainHash(prevHash, fields) !== hash) return bad(checked, row.seq, `row ${row.seq} was changed`);
      prevHash = hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
  const head = await repo.readHead(db);
  if (head.seq !== expectedSeq - 1 || head.hash !== prevHash) {
    return bad(checked, expectedSeq, `the chain ends at row ${expectedSeq - 1} but the head says ${head.seq}: newest rows removed`);
  }
  return { ok: true, checked, firstBadId: null, reason: null };
}

function bad(checked: number, seq: number, reason: string): VerifyResult {
  return { ok: false, checked, firstBadId: seq, reason };
}

export interface AuditQuery {
  action?: string;
  actor?: string;
  outcome?: 'success' | 'failure';
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export interface AuditService {
  /** Rows of the actor's jurisdiction matching `q`, newest first, with the total over all pages. */
  searchFor(actor: Actor, q: AuditQuery): Promise<{ items: AuditRow[]; total: number }>;
  /** Walks the whole chain (see `verifyChain`). */
  verify(): Promise<VerifyResult>;
}

export function createAuditService({ db }: { db: Database }): AuditService {
  return {
    searchFor: (actor, { page, pageSize, ...filter }) =>
      repo.search(db, { scope: actor.scope, ...filter, limit: pageSize, offset: (page - 1) * pageSize }),
    verify: () => verifyChain(db),
  };
}
