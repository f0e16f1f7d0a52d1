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

/** A row as the log page reads it: with the names of who and what, looked up now (the row itself stays as hashed). */
export interface AuditListRow extends AuditRow {
  actorName: string | null;
  regionName: string | null;
  entityName: string | null;
  /** The code people know the entity by (工程编号, user name), where it has one other than its id. */
  entityCode: string | null;
}

/**
 * Names for the entity types people look for in the log. A read-only lookup across the tables of other modules,
 * done here because it is one join per page, not a rule of theirs; an entity deleted since keeps its id only.
 */
const NAMES_SELECT = `SELECT a.seq, a.at, a.actor_id AS "actorId", a.actor, a.action, a.entity_type AS "entityType",
  a.entity_id AS "entityId", a.region_code AS "regionCode", a.outcome, a.ip, a.before, a.after,
  a.prev_hash AS "prevHash", a.hash,
  (SELECT u.display_name FROM app_user u WHERE u.username = a.actor) AS "actorName",
  (SELECT r.name FROM region r WHERE r.code = a.region_code) AS "regionName",
  CASE a.entity_type
    WHEN 'work' THEN (SELECT w.name FROM work w WHERE w.id::text = a.entity_id)
    WHEN 'user' THEN (SELECT u.display_name FROM app_user u WHERE u.id::text = a.entity_id)
    WHEN 'region' THEN (SELECT r.name FROM region r WHERE r.code = a.entity_id)
    WHEN 'maintenance_schedule' THEN (SELECT s.name FROM maintenance_schedule s WHERE s.code = a.entity_id)
  END AS "entityName",
  CASE a.entity_type
    WHEN 'work' THEN (SELECT w.code FROM work w WHERE w.id::text = a.entity_id)
    WHEN 'user' THEN (SELECT u.username FROM app_user u WHERE u.id::text = a.entity_id)
  END AS "entityCode"
  FROM audit_log a`;

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
export async function search(db: Queryable, f: AuditFilter): Promise<{ items: AuditListRow[]; total: number }> {
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
  const { rows } = await db.query<RawRow & Omit<AuditListRow, keyof AuditRow>>(
    `${NAMES_SELECT} WHERE ${whereSql} ORDER BY a.seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { items: rows.map((r) => ({ ...r, ...normalise(r) })), total: total.rows[0]?.n ?? 0 };
}
