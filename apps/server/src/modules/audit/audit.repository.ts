import type { Queryable } from '../../db/index.ts';
import type { ChainedFields } from './audit.chain.ts';

export interface AuditRow extends ChainedFields {
  prevHash: string;
  hash: string;
}

const SELECT_ROW = `SELECT a.seq, a.at, a.actor_id AS "actorId", a.actor, a.action, a.entity_type AS "entityType",
  a.entity_id AS "entityId", a.region_code AS "regionCode", a.outcome, a.ip, a.before, a.after,
  a.prev_hash AS "prevHash", a.hash FROM audit_log a`;

interface RawRow extends Omit<AuditRow, 'at'> {
  at: Date | string;
}
const normalise = (r: RawRow): AuditRow => ({ ...r, at: new Date(r.at).toISOString() });

/** Locks the chain head for this transaction: appends are serialised, and the head is read fresh. */
export async function lockHead(tx: Queryable): Promise<{ seq: number; hash: string }> {
  const { rows } = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
  const head = rows[0];
  if (!head) throw new Error('audit_head row missing: migrations not applied');
  return head;
}

export async function insertRow(tx: Queryable, row: AuditRow): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (seq, at, actor_id, actor, action, entity_type, entity_id, region_code, outcome, ip, before, after, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13, $14)`,
    [
      row.seq, row.at, row.actorId, row.actor, row.action, row.entityType, row.entityId, row.regionCode, row.outcome, row.ip,
      row.before === null ? null : JSON.stringify(row.before),
      row.after === null ? null : JSON.stringify(row.after),
      row.prevHash, row.hash,
    ],
  );
  await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [row.seq, row.hash]);
}

export async function readHead(db: Queryable): Promise<{ seq: number; hash: string }> {
  const { rows } = await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  return rows[0] ?? { seq: 0, hash: '' };
}

/** Rows with seq > afterSeq, in chain order. */
export async function readBatch(db: Queryable, afterSeq: number, limit: number): Promise<AuditRow[]> {
  const { rows } = await db.query<RawRow>(`${SELECT_ROW} WHERE a.seq > $1 ORDER BY a.seq LIMIT $2`, [afterSeq, limit]);
  return rows.map(normalise);
}

export interface AuditFilter {
  scope: string;
  action?: string;
  actor?: string;
  outcome?: 'success' | 'failure';
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/**
 * Rows visible in a jurisdiction: those about records of the scope, plus rows with no region
 * (sign-ins) made by users of the scope.
 */
export async function search(db: Queryable, f: AuditFilter): Promise<{ items: AuditRow[]; total: number }> {
  const where: string[] = [
    `(a.region_code LIKE $1 || '%' OR (a.region_code IS NULL AND EXISTS (
       SELECT 1 FROM app_user u WHERE u.username = a.actor AND u.region_code LIKE $1 || '%')))`,
  ];
  const params: unknown[] = [f.scope];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.action) add(`a.action LIKE ? || '%'`, f.action);
  if (f.actor) add('a.actor = ?', f.actor);
  if (f.outcome) add('a.outcome = ?', f.outcome);
  if (f.from) add('a.at >= ?::timestamptz', f.from);
  if (f.to) add('a.at < ?::timestamptz', f.to);
  const whereSql = where.join(' AND ');
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log a WHERE ${whereSql}`, params);
  const { rows } = await db.query<RawRow>(
    `${SELECT_ROW} WHERE ${whereSql} ORDER BY a.seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { items: rows.map(normalise), total: total.rows[0]?.n ?? 0 };
}
