/**
 * The only SQL of the plans module. Every read of records takes the caller's jurisdiction prefix (`scope`) and
 * filters on it here; writes take the caller's transaction.
 */
import type { PlanContent, RevisionState } from '@civdef/domain';
import type { Queryable } from '../../db/index.ts';

export interface PlanRow {
  id: number; kind: string; title: string; regionCode: string; synthetic: boolean; createdAt: Date;
  /** The newest revision's number and state, and the approved one in force (if any). */
  latestRevision: number; latestState: RevisionState; approvedRevision: number | null;
}

export interface RevisionRow {
  id: number; planId: number; revision: number; state: RevisionState; content: PlanContent; note: string | null;
  authorId: number | null; authorName: string | null; approverId: number | null; approverName: string | null; returnReason: string | null;
  fileName: string | null; fileType: string | null; fileSize: number | null; fileSha256: string | null;
  createdAt: Date; submittedAt: Date | null; approvedAt: Date | null;
}

const PLAN_COLUMNS = `p.id, p.kind, p.title, p.region_code AS "regionCode", p.synthetic, p.created_at AS "createdAt",
  (SELECT max(revision) FROM response_plan_revision r WHERE r.plan_id = p.id)::int AS "latestRevision",
  (SELECT state FROM response_plan_revision r WHERE r.plan_id = p.id ORDER BY revision DESC LIMIT 1) AS "latestState",
  (SELECT revision FROM response_plan_revision r WHERE r.plan_id = p.id AND state = 'approved')::int AS "approvedRevision"`;

const REVISION_COLUMNS = `r.id, r.plan_id AS "planId", r.revision, r.state, r.content, r.note, r.author_id AS "authorId",
  ua.display_name AS "authorName", r.approver_id AS "approverId", up.display_name AS "approverName", r.return_reason AS "returnReason",
  r.file_name AS "fileName", r.file_type AS "fileType", octet_length(r.file_bytes) AS "fileSize", r.file_sha256 AS "fileSha256",
  r.created_at AS "createdAt", r.submitted_at AS "submittedAt", r.approved_at AS "approvedAt"`;
const REVISION_FROM = `response_plan_revision r JOIN response_plan p ON p.id = r.plan_id
  LEFT JOIN app_user ua ON ua.id = r.author_id LEFT JOIN app_user up ON up.id = r.approver_id`;

export async function listPlans(db: Queryable, scope: string, kind: string | null): Promise<PlanRow[]> {
  const { rows } = await db.query<PlanRow>(
    `SELECT ${PLAN_COLUMNS} FROM response_plan p WHERE p.region_code LIKE $1 || '%' AND ($2::text IS NULL OR p.kind = $2) ORDER BY p.id`, [scope, kind]);
  return rows;
}

export async function planById(db: Queryable, scope: string, id: number, lock = false): Promise<PlanRow | null> {
  // The lock serialises writes to one plan's revisions (numbering, the one open revision, superseding).
  if (lock) await db.query(`SELECT 1 FROM response_plan WHERE id = $1 AND region_code LIKE $2 || '%' FOR UPDATE`, [id, scope]);
  const { rows } = await db.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM response_plan p WHERE p.id = $1 AND p.region_code LIKE $2 || '%'`, [id, scope]);
  return rows[0] ?? null;
}

export async function plansByIds(db: Queryable, scope: string, ids: readonly number[]): Promise<PlanRow[]> {
  const { rows } = await db.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM response_plan p WHERE p.id = ANY($1::int[]) AND p.region_code LIKE $2 || '%' ORDER BY p.id`, [ids, scope]);
  return rows;
}

export async function insertPlan(db: Queryable, p: { kind: string; title: string; regionCode: string; synthetic: boolean; createdBy: number | null }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO response_plan (kind, title, region_code, synthetic, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [p.kind, p.title, p.regionCode, p.synthetic, p.createdBy]);
  return rows[0]!.id;
}

export async function revisions(db: Queryable, scope: string, planId: number): Promise<RevisionRow[]> {
  const { rows } = await db.query<RevisionRow>(
    `SELECT ${REVISION_COLUMNS} FROM ${REVISION_FROM} WHERE r.plan_id = $1 AND p.region_code LIKE $2 || '%' ORDER BY r.revision`, [planId, scope]);
  return rows;
}

export async function revision(db: Queryable, scope: string, planId: number, rev: number): Promise<RevisionRow | null> {
  const { rows } = await db.query<RevisionRow>(
    `SELECT ${REVISION_COLUMNS} FROM ${REVISION_FROM} WHERE r.plan_id = $1 AND r.revision = $2 AND p.region_code LIKE $3 || '%'`, [planId, rev, scope]);
  return rows[0] ?? null;
}

export async function insertRevision(db: Queryable, r: { planId: number; revision: number; content: PlanContent; note: string | null; authorId: number | null; state?: RevisionState; approverId?: number | null }): Promise<void> {
  await db.query(
    `INSERT INTO response_plan_revision (plan_id, revision, state, content, note, author_id, approver_id, submitted_at, approved_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $3 IN ('submitted', 'approved') THEN now() END, CASE WHEN $3 = 'approved' THEN now() END)`,
    [r.planId, r.revision, r.state ?? 'draft', JSON.stringify(r.content), r.note, r.authorId, r.approverId ?? null]);
}

export async function updateContent(db: Queryable, planId: number, rev: number, content: PlanContent, note: string | null): Promise<void> {
  await db.query(`UPDATE response_plan_revision SET content = $3, note = $4 WHERE plan_id = $1 AND revision = $2`, [planId, rev, JSON.stringify(content), note]);
}

export async function setState(db: Queryable, planId: number, rev: number, state: RevisionState, extra: { approverId?: number; returnReason?: string | null } = {}): Promise<void> {
  await db.query(
    `UPDATE response_plan_revision SET state = $3,
       submitted_at = CASE WHEN $3 = 'submitted' THEN now() ELSE submitted_at END,
       approved_at = CASE WHEN $3 = 'approved' THEN now() ELSE approved_at END,
       approver_id = CASE WHEN $3 = 'approved' THEN $4 ELSE approver_id END,
       return_reason = CASE WHEN $3 = 'returned' THEN $5 WHEN $3 = 'submitted' THEN NULL ELSE return_reason END
     WHERE plan_id = $1 AND revision = $2`,
    [planId, rev, state, extra.approverId ?? null, extra.returnReason ?? null]);
}

export async function supersedeApproved(db: Queryable, planId: number): Promise<number | null> {
  const { rows } = await db.query<{ revision: number }>(
    `UPDATE response_plan_revision SET state = 'superseded' WHERE plan_id = $1 AND state = 'approved' RETURNING revision`, [planId]);
  return rows[0]?.revision ?? null;
}

export async function setFile(db: Queryable, planId: number, rev: number, f: { name: string; type: string; bytes: Buffer; sha256: string }): Promise<void> {
  await db.query(`UPDATE response_plan_revision SET file_name = $3, file_type = $4, file_bytes = $5, file_sha256 = $6 WHERE plan_id = $1 AND revision = $2`,
    [planId, rev, f.name, f.type, f.bytes, f.sha256]);
}

export async function fileOf(db: Queryable, scope: string, planId: number, rev: number): Promise<{ name: string; type: string; bytes: Buffer } | null> {
  const { rows } = await db.query<{ name: string | null; type: string; bytes: Uint8Array | null }>(
    `SELECT r.file_name AS name, r.file_type AS type, r.file_bytes AS bytes FROM response_plan_revision r JOIN response_plan p ON p.id = r.plan_id
      WHERE r.plan_id = $1 AND r.revision = $2 AND p.region_code LIKE $3 || '%'`, [planId, rev, scope]);
  const row = rows[0];
  return row && row.name !== null && row.bytes !== null ? { name: row.name, type: row.type, bytes: Buffer.from(row.bytes) } : null;
}

/**
 * Titles of the plans whose current revisions (the one in force, an open one) assign a task to this member unit, the
 * ones in `scope` first; superseded revisions are history and keep the unit's name as it was.
 */
export async function plansNamingUnit(db: Queryable, unitId: number, scope: string): Promise<Array<{ title: string; inScope: boolean }>> {
  const { rows } = await db.query<{ title: string; inScope: boolean }>(
    `SELECT p.title, p.region_code LIKE $2 || '%' AS "inScope" FROM response_plan p
      WHERE EXISTS (SELECT 1 FROM response_plan_revision r WHERE r.plan_id = p.id AND r.state <> 'superseded'
                      AND r.content->'tasks' @> jsonb_build_array(jsonb_build_object('assigneeKind', 'unit', 'refId', $1::int)))
      ORDER BY 2 DESC, p.id`, [unitId, scope]);
  return rows;
}
