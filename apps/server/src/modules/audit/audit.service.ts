import fs from 'node:fs';
import type { Database, Queryable } from '../../db/index.ts';
import type { Actor, AuditContext } from '../../lib/actor.ts';
import { toPlainJson, wellFormedStrings } from '../../lib/canonical-json.ts';
import { keyIdOf, sm2PublicKeyOf } from '../../lib/crypto.ts';
import { appendCheckpoint, checkpointSignatureValid, readCheckpoints, sendToSyslog, signCheckpoint, type Checkpoint } from './audit.anchor.ts';
import {
  GENESIS_HASH, chainHash, chainSettings, installChainSettings, isKeyedHash, keyIdOfHash, keyedChainHash,
  type ChainSettings, type ChainedFields,
} from './audit.chain.ts';
import * as repo from './audit.repository.ts';
import type { AuditListRow } from './audit.repository.ts';

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
 * the write it describes; the service adds the jurisdiction-scoped search, the chain check and the checkpoints.
 */

/**
 * Appends one audit row inside the caller's transaction, so the row exists exactly when the write it
 * describes was committed. Never call it outside a transaction.
 *
 * Every string is hashed in the form the database stores (`wellFormedStrings`): whatever a caller passes — a user
 * name with a lone surrogate from a failed sign-in, a CLI argument — the row verifies when read back.
 */
export async function appendAudit(tx: Queryable, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  const head = await repo.lockHead(tx);
  const fields: ChainedFields = wellFormedStrings({
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
  });
  const settings = chainSettings();
  const key = settings?.hmacKey ?? null;
  let hash: string;
  if (key) {
    const chainKey = keyIdOfHash(head.hash);
    // A head written with a previous key is where a rotation starts the new key's segment.
    if (chainKey !== null && chainKey !== keyIdOf(key) && !(settings?.previousHmacKeys ?? []).some((k) => keyIdOf(k) === chainKey)) {
      throw new Error(`the audit chain is keyed with HMAC key ${chainKey} but this process has key ${keyIdOf(key)}: configure the same AUDIT_HMAC_KEY in every process `
        + '(after a rotation, the old key in AUDIT_HMAC_PREVIOUS_KEYS)');
    }
    hash = keyedChainHash(key, head.hash, fields);
  } else {
    // A plain row after keyed ones would be indistinguishable from a forgery: refuse rather than weaken the chain.
    if (isKeyedHash(head.hash)) throw new Error('the audit chain is keyed (HMAC-SM3) but this process has no AUDIT_HMAC_KEY: refusing to extend it');
    hash = chainHash(head.hash, fields);
  }
  await repo.insertRow(tx, { ...fields, prevHash: head.hash, hash });
}

export interface VerifyProblem {
  /** The row (or checkpointed row) concerned; null for a problem of the checkpoint file as a whole. */
  seq: number | null;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Rows walked. */
  checked: number;
  /** The lowest row with a problem, and its reason (the first of `problems` for that row). */
  firstBadId: number | null;
  reason: string | null;
  /** Every problem found, in chain order, then the head's, then the checkpoints'. */
  problems: VerifyProblem[];
  /** The first row hashed with HMAC-SM3; null while the chain is plain SM3 only. */
  keyedFrom: number | null;
  /** Checkpoints whose signature was valid and that were checked against the chain. */
  checkpoints: number;
}

export type VerifySettings = Pick<ChainSettings, 'hmacKey' | 'previousHmacKeys' | 'signingKey' | 'checkpointFile'>;

/**
 * Walks the whole chain and reports every problem, not only the first: a changed row (plain SM3 or HMAC-SM3 as the
 * row was written), a removed or reordered row, a broken link, keyed rows rewritten as plain ones, the newest rows
 * removed (the head), and each signed checkpoint the chain no longer holds (history rewritten, or the database
 * older than a checkpoint). `settings` defaults to this process's (see `createAuditService`).
 */
export async function verifyChain(db: Queryable, settings: VerifySettings | null = chainSettings(), batchSize = 2000): Promise<VerifyResult> {
  const problems: VerifyProblem[] = [];
  const report = (seq: number | null, reason: string) => problems.push({ seq, reason });

  // Checkpoints first: the first one bounds where plain rows may still be.
  const anchors: Checkpoint[] = [];
  const lines = settings ? readCheckpoints(settings.checkpointFile) : [];
  const publicKey = settings?.signingKey ? sm2PublicKeyOf(settings.signingKey) : null;
  for (const l of lines) {
    if ('problem' in l) report(null, l.problem);
    else if (publicKey && !checkpointSignatureValid(publicKey, l.checkpoint)) {
      report(l.checkpoint.seq, `checkpoint on line ${l.line} (row ${l.checkpoint.seq}, ${l.checkpoint.at}) has an invalid SM2 signature`);
    } else if (publicKey) anchors.push(l.checkpoint);
  }
  if (lines.length > 0 && !publicKey) report(null, `${lines.length} checkpoints cannot be checked: no AUDIT_SIGNING_KEY is configured`);
  const firstAnchor = anchors.length > 0 ? Math.min(...anchors.map((c) => c.seq)) : null;
  const anchoredHashes = new Map<number, string | undefined>(anchors.map((c) => [c.seq, undefined]));

  const hmacKey = settings?.hmacKey ?? null;
  const ownKeyId = hmacKey ? keyIdOf(hmacKey) : null;
  // The keyring, oldest first: each segment of the chain is checked with the key that wrote it, and a segment may
  // only follow one of an older key (a row under a retired key after a newer key took over is a rewrite by
  // whoever still holds the retired key).
  const ring = [...(settings?.previousHmacKeys ?? []), ...(hmacKey ? [hmacKey] : [])].map((key, rank) => ({ key, id: keyIdOf(key), rank }));
  const keyById = new Map(ring.map((k) => [k.id, k]));
  let segment: { id: string; rank: number; from: number } | null = null;
  const unknownKeys = new Set<string | null>();
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let keyedFrom: number | null = null;
  for (;;) {
    const rows = await repo.readBatch(db, expectedSeq - 1, batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      const { prevHash: storedPrev, hash, ...fields } = row;
      if (row.seq !== expectedSeq) {
        report(expectedSeq, row.seq === expectedSeq + 1 ? `row ${expectedSeq} is missing` : `rows ${expectedSeq}–${row.seq - 1} are missing`);
      } else if (storedPrev !== prevHash) {
        report(row.seq, `row ${row.seq} does not link to row ${row.seq - 1}`);
      }
      // Each row is checked against its own stored predecessor hash, so one changed row is reported once, not
      // together with every row after it.
      if (isKeyedHash(hash)) {
        keyedFrom ??= row.seq;
        const rowKey = keyIdOfHash(hash);
        const known = rowKey === null ? undefined : keyById.get(rowKey);
        if (!known) {
          if (!unknownKeys.has(rowKey)) {
            unknownKeys.add(rowKey);
            report(row.seq, hmacKey
              ? `rows from ${row.seq} were written with HMAC key ${rowKey}, neither the configured AUDIT_HMAC_KEY (${ownKeyId}) nor one of AUDIT_HMAC_PREVIOUS_KEYS: they cannot be checked`
              : `rows from ${row.seq} are keyed (HMAC-SM3) but no AUDIT_HMAC_KEY is configured: they cannot be checked`);
          }
        } else {
          if (segment && known.rank < segment.rank) {
            report(row.seq, `row ${row.seq} is keyed with the retired HMAC key ${known.id} after key ${segment.id} took over at row ${segment.from}: rewritten with an old key`);
          } else if (!segment || known.rank > segment.rank) segment = { id: known.id, rank: known.rank, from: row.seq };
          if (keyedChainHash(known.key, storedPrev, fields) !== hash) report(row.seq, `row ${row.seq} was changed`);
        }
      } else if (keyedFrom !== null) {
        report(row.seq, `row ${row.seq} has a plain SM3 hash after keyed row ${keyedFrom}: rewritten without the key`);
      } else if (firstAnchor !== null && row.seq > firstAnchor) {
        report(row.seq, `row ${row.seq} has a plain SM3 hash after the first checkpoint (row ${firstAnchor}): rewritten without the key`);
      } else if (chainHash(storedPrev, fields) !== hash) {
        report(row.seq, `row ${row.seq} was changed`);
      }
      if (anchoredHashes.has(row.seq)) anchoredHashes.set(row.seq, hash);
      prevHash = hash;
      expectedSeq = row.seq + 1;
      checked += 1;
    }
  }
  const lastSeq = expectedSeq - 1;
  const head = await repo.readHead(db);
  if (head.seq !== lastSeq || head.hash !== prevHash) {
    report(lastSeq + 1, head.seq > lastSeq
      ? `the chain ends at row ${lastSeq} but the head says ${head.seq}: newest rows removed`
      : `the head (row ${head.seq}) does not match the newest row ${lastSeq}`);
  }
  const seen = new Set<string>();
  for (const c of anchors) {
    if (seen.has(`${c.seq}|${c.hash}`)) continue;
    seen.add(`${c.seq}|${c.hash}`);
    if (c.seq > lastSeq) {
      report(c.seq, `checkpoint of row ${c.seq} (${c.at}) is newer than the log, which ends at row ${lastSeq}: newest rows removed or the database restored to an older state`);
    } else if ((c.seq === 0 ? GENESIS_HASH : anchoredHashes.get(c.seq)) !== c.hash) {
      report(c.seq, `row ${c.seq} is not the row checkpointed at ${c.at}: history rewritten`);
    }
  }
  const first = problems.filter((p) => p.seq !== null).sort((a, b) => a.seq! - b.seq!)[0] ?? problems[0] ?? null;
  return {
    ok: problems.length === 0, checked, firstBadId: first?.seq ?? null, reason: first?.reason ?? null,
    problems, keyedFrom, checkpoints: anchors.length,
  };
}

/** The newest checkpoint in the file, reading only its end (the file grows by a line a minute at most). */
function newestCheckpoint(file: string): Checkpoint | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, 8192);
    const buf = Buffer.alloc(length);
    fs.readSync(fd, buf, 0, length, size - length);
    const lines = buf.toString('utf8').split('\n').filter((l) => l.trim() !== '');
    try {
      return JSON.parse(lines.at(-1) ?? 'null') as Checkpoint | null;
    } catch {
      return null;
    }
  } finally {
    fs.closeSync(fd);
  }
}

interface Log {
  warn(obj: object, msg: string): void;
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
  searchFor(actor: Actor, q: AuditQuery): Promise<{ items: AuditListRow[]; total: number }>;
  /** Walks the whole chain and the checkpoints (see `verifyChain`). */
  verify(): Promise<VerifyResult>;
  /**
   * Writes a signed checkpoint of the committed head, unless the newest one already holds it; null when nothing
   * was written (no move, or no signing key in this process). Also sent to the syslog receiver, if configured.
   */
  checkpoint(log?: Log): Promise<Checkpoint | null>;
  /** Checkpoints now, then every `checkpointSeconds`; the returned stop() writes the last one (call it before the database closes). */
  startCheckpoints(log: Log): () => Promise<void>;
}

/**
 * The audit service. `chain` (the server and the CLI give `config.audit`, its keys filled by `ensureAuditKeys`)
 * becomes this process's chain settings: from then on `appendAudit` writes HMAC-SM3 rows and checkpoints are
 * signed. Without it (a bare test database), the chain stays plain SM3.
 */
export function createAuditService({ db, chain }: { db: Database; chain?: ChainSettings }): AuditService {
  if (chain) installChainSettings(chain);
  const settings = () => chain ?? chainSettings();
  let writing: Promise<unknown> = Promise.resolve();

  const writeCheckpoint = async (log?: Log): Promise<Checkpoint | null> => {
    const s = settings();
    if (!s?.signingKey) return null;
    const head = await repo.readHead(db);
    const newest = newestCheckpoint(s.checkpointFile);
    if (newest && newest.seq === head.seq && newest.hash === head.hash) return null;
    const c = signCheckpoint(s.signingKey, head);
    appendCheckpoint(s.checkpointFile, c);
    if (s.syslogUrl) {
      // The file is the anchor of record; the remote copy is best effort and its failure is logged, not fatal.
      await sendToSyslog(s.syslogUrl, c).catch((err: unknown) => log?.warn({ err }, 'audit checkpoint not sent to syslog'));
    }
    return c;
  };
  // One writer at a time: the interval, a shutdown and a CLI command never interleave their reads of the head.
  const checkpoint = (log?: Log) => {
    const next = writing.then(() => writeCheckpoint(log));
    writing = next.catch(() => undefined);
    return next;
  };

  return {
    searchFor: (actor, { page, pageSize, ...filter }) =>
      repo.search(db, { scope: actor.scope, ...filter, limit: pageSize, offset: (page - 1) * pageSize }),
    verify: () => verifyChain(db, settings()),
    checkpoint,
    startCheckpoints: (log) => {
      const tick = () => void checkpoint(log).catch((err: unknown) => log.warn({ err }, 'audit checkpoint failed'));
      tick();
      const timer = setInterval(tick, (settings()?.checkpointSeconds ?? 60) * 1000);
      timer.unref();
      return async () => {
        clearInterval(timer);
        await checkpoint(log).catch((err: unknown) => log.warn({ err }, 'audit checkpoint at shutdown failed'));
      };
    },
  };
}
