/**
 * The only SQL of the regulation module. Every read of records takes the caller's jurisdiction prefix (`scope`)
 * and filters on it here; writes take the caller's transaction.
 */
import { RUNNING_CLOCK_STATUS, type DrawResult } from '@civdef/domain';
import type { Queryable } from '../../db/index.ts';

export interface EnterpriseRow {
  id: number;
  uscc: string;
  name: string;
  kind: string;
  regionCode: string;
  contactName: string | null;
  /** Sealed (SM4) as stored; the service opens it. */
  contactPhone: string | null;
  synthetic: boolean;
  createdAt: Date;
}

const ENTERPRISE_COLUMNS = `id, uscc, name, kind, region_code AS "regionCode", contact_name AS "contactName", contact_phone AS "contactPhone",
  synthetic, created_at AS "createdAt"`;

export async function listEnterprises(db: Queryable, scope: string, f: { kind?: string; q?: string; page: number; pageSize: number }) {
  const where = `region_code LIKE $1 || '%' AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR name LIKE '%' || $3 || '%' OR uscc = $3)`;
  const args = [scope, f.kind ?? null, f.q ?? null];
  const total = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM reg_enterprise WHERE ${where}`, args)).rows[0]!.n;
  const { rows } = await db.query<EnterpriseRow>(
    `SELECT ${ENTERPRISE_COLUMNS} FROM reg_enterprise WHERE ${where} ORDER BY id LIMIT $4 OFFSET $5`,
    [...args, f.pageSize, (f.page - 1) * f.pageSize],
  );
  return { items: rows, total };
}

export async function enterpriseById(db: Queryable, scope: string, id: number): Promise<EnterpriseRow | null> {
  const { rows } = await db.query<EnterpriseRow>(`SELECT ${ENTERPRISE_COLUMNS} FROM reg_enterprise WHERE id = $1 AND region_code LIKE $2 || '%'`, [id, scope]);
  return rows[0] ?? null;
}

export async function usccExists(db: Queryable, uscc: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM reg_enterprise WHERE uscc = $1', [uscc])).rows.length > 0;
}

export interface EnterpriseInsert {
  uscc: string; name: string; kind: string; regionCode: string; contactName: string | null; contactPhone: string | null; synthetic: boolean;
}

/** Inserts enterprises in one statement; answers their ids (in no promised order: callers of one row use it). */
export async function insertEnterprises(db: Queryable, list: readonly EnterpriseInsert[]): Promise<number[]> {
  if (list.length === 0) return [];
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO reg_enterprise (uscc, name, kind, region_code, contact_name, contact_phone, synthetic)
     SELECT e.uscc, e.name, e.kind, e."regionCode", e."contactName", e."contactPhone", e.synthetic
       FROM jsonb_to_recordset($1::jsonb) AS e(uscc text, name text, kind text, "regionCode" text, "contactName" text,
            "contactPhone" text, synthetic boolean) RETURNING id`,
    [JSON.stringify(list)],
  );
  return rows.map((r) => r.id);
}

export interface OfficerRow {
  id: number; name: string; certNo: string; certExpiresOn: string; regionCode: string; synthetic: boolean; createdAt: Date;
}
const OFFICER_COLUMNS = `id, name, cert_no AS "certNo", to_char(cert_expires_on, 'YYYY-MM-DD') AS "certExpiresOn", region_code AS "regionCode",
  synthetic, created_at AS "createdAt"`;

export async function listOfficers(db: Queryable, scope: string): Promise<OfficerRow[]> {
  const { rows } = await db.query<OfficerRow>(`SELECT ${OFFICER_COLUMNS} FROM reg_officer WHERE region_code LIKE $1 || '%' ORDER BY id`, [scope]);
  return rows;
}

export async function certExists(db: Queryable, certNo: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM reg_officer WHERE cert_no = $1', [certNo])).rows.length > 0;
}

export interface OfficerInsert { name: string; certNo: string; certExpiresOn: string; regionCode: string; synthetic: boolean }

export async function insertOfficers(db: Queryable, list: readonly OfficerInsert[]): Promise<number[]> {
  if (list.length === 0) return [];
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO reg_officer (name, cert_no, cert_expires_on, region_code, synthetic)
     SELECT o.name, o."certNo", o."certExpiresOn"::date, o."regionCode", o.synthetic
       FROM jsonb_to_recordset($1::jsonb) AS o(name text, "certNo" text, "certExpiresOn" text, "regionCode" text, synthetic boolean)
     RETURNING id`,
    [JSON.stringify(list)],
  );
  return rows.map((r) => r.id);
}

/** Which of `ids` are enterprises (or officers) in scope. */
export async function existingIds(db: Queryable, table: 'reg_enterprise' | 'reg_officer', scope: string, ids: readonly number[]): Promise<Set<number>> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM ${table} WHERE id = ANY($1::int[]) AND region_code LIKE $2 || '%'`, [ids, scope]);
  return new Set(rows.map((r) => r.id));
}

/**
 * A frozen pool. Each target has its key in the draw (an enterprise's USCC, a work's or a siren's code), its name and
 * the unit answering for it (the enterprise itself, a work's user unit, a siren's host unit); `id` is the record's id
 * in its own register (enterprise, work or siren). Each conflict names the target key it excludes the officer from.
 */
export interface PoolSnapshot {
  source?: 'enterprises' | 'works' | 'sirens';
  targets: Array<{ id: number; key: string; name: string; party: string | null; uscc?: string }>;
  inspectors: Array<{ id: number; certNo: string; name: string }>;
  conflicts: Array<{ officerId: number; enterpriseId: number; certNo: string; uscc: string; reason: string; targetKey: string }>;
}

/** The pool filter a task was created with (the task's region always applies; the fields used depend on the source). */
export interface PoolFilter {
  q?: string; workClass?: string[]; lifecycleState?: string[]; isPublic?: boolean; sirenKind?: string[]; sirenStatus?: string[];
}

export interface TaskRow {
  id: number; title: string; item: string; regionCode: string; targetCount: number; inspectorsPerTarget: number; status: string;
  pool: PoolSnapshot | null; poolDigest: string | null; commitHash: string | null; seed: string | null; result: DrawResult | null;
  createdAt: Date; committedAt: Date | null; drawnAt: Date | null; publishedAt: Date | null;
  poolFilter: PoolFilter; beaconSource: string | null; beacon: string | null; redrawOf: number | null; redrawReason: string | null;
  /** The task made to draw this one again, if any. */
  redrawnBy: number | null;
}
const TASK_COLUMNS = `t.id, t.title, t.item, t.region_code AS "regionCode", t.target_count AS "targetCount", t.inspectors_per_target AS "inspectorsPerTarget",
  t.status, t.pool, t.pool_digest AS "poolDigest", t.commit_hash AS "commitHash", t.seed, t.result, t.created_at AS "createdAt", t.committed_at AS "committedAt",
  t.drawn_at AS "drawnAt", t.published_at AS "publishedAt", t.pool_filter AS "poolFilter", t.beacon_source AS "beaconSource", t.beacon,
  t.redraw_of AS "redrawOf", t.redraw_reason AS "redrawReason", (SELECT r.id FROM reg_inspection_task r WHERE r.redraw_of = t.id) AS "redrawnBy"`;

export async function listTasks(db: Queryable, scope: string): Promise<TaskRow[]> {
  const { rows } = await db.query<TaskRow>(`SELECT ${TASK_COLUMNS} FROM reg_inspection_task t WHERE t.region_code LIKE $1 || '%' ORDER BY t.id DESC`, [scope]);
  return rows;
}

/** A task in scope; `lock` takes a row lock so two draws of one task cannot both pass the status check. */
export async function taskById(db: Queryable, scope: string, id: number, lock = false): Promise<TaskRow | null> {
  const { rows } = await db.query<TaskRow>(
    `SELECT ${TASK_COLUMNS} FROM reg_inspection_task t WHERE t.id = $1 AND t.region_code LIKE $2 || '%'${lock ? ' FOR UPDATE OF t' : ''}`, [id, scope]);
  return rows[0] ?? null;
}

/** A published task, for the public site: no scope, but only once published. */
export async function publishedTask(db: Queryable, id: number): Promise<TaskRow | null> {
  const { rows } = await db.query<TaskRow>(`SELECT ${TASK_COLUMNS} FROM reg_inspection_task t WHERE t.id = $1 AND t.status = 'published'`, [id]);
  return rows[0] ?? null;
}

/** The published tasks, newest first, for the public site (no scope: published means public). */
export async function publishedTasks(db: Queryable, limit: number): Promise<TaskRow[]> {
  const { rows } = await db.query<TaskRow>(
    `SELECT ${TASK_COLUMNS} FROM reg_inspection_task t WHERE t.status = 'published' ORDER BY t.published_at DESC, t.id DESC LIMIT $1`, [limit]);
  return rows;
}

/** Results of many tasks at once (the public list). */
export async function resultsOfTasks(db: Queryable, taskIds: readonly number[]): Promise<Array<ResultRow & { taskId: number }>> {
  const { rows } = await db.query<ResultRow & { taskId: number }>(
    `SELECT task_id AS "taskId", ${RESULT_COLUMNS} FROM reg_inspection_result WHERE task_id = ANY($1::int[]) ORDER BY task_id, target_key`, [taskIds]);
  return rows;
}

export async function insertTask(db: Queryable, t: {
  title: string; item: string; regionCode: string; targetCount: number; inspectorsPerTarget: number; createdBy: number;
  poolFilter: PoolFilter; beaconSource: string | null; redrawOf?: number | null; redrawReason?: string | null;
}) {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO reg_inspection_task (title, item, region_code, target_count, inspectors_per_target, created_by, pool_filter, beacon_source, redraw_of, redraw_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10) RETURNING id`,
    [t.title, t.item, t.regionCode, t.targetCount, t.inspectorsPerTarget, t.createdBy, JSON.stringify(t.poolFilter), t.beaconSource, t.redrawOf ?? null, t.redrawReason ?? null],
  );
  return rows[0]!.id;
}

export async function insertConflicts(db: Queryable, taskId: number, list: ReadonlyArray<{ officerId: number; enterpriseId: number; reason: string }>) {
  if (list.length === 0) return;
  await db.query(
    `INSERT INTO reg_inspection_conflict (task_id, officer_id, enterprise_id, reason)
     SELECT $1, c."officerId", c."enterpriseId", c.reason FROM jsonb_to_recordset($2::jsonb) AS c("officerId" int, "enterpriseId" int, reason text)
     ON CONFLICT DO NOTHING`,
    [taskId, JSON.stringify(list)],
  );
}

/**
 * The pool as it stands now: the enterprises of `kind` in the task's region, the officers of that region whose
 * certificate is valid on `today`, and the task's conflicts.
 */
export async function enterprisePool(db: Queryable, regionCode: string, kind: string, q: string | null): Promise<PoolSnapshot['targets']> {
  return (await db.query<PoolSnapshot['targets'][number]>(
    `SELECT id, uscc AS key, name, name AS party, uscc FROM reg_enterprise
      WHERE region_code LIKE $1 || '%' AND kind = $2 AND ($3::text IS NULL OR strpos(name, $3) > 0) ORDER BY uscc`, [regionCode, kind, q])).rows;
}

/** A task's conflict with the enterprise's name, before it is turned into the target keys it excludes. */
export type NamedConflict = Omit<PoolSnapshot['conflicts'][number], 'targetKey'> & { enterpriseName: string };

/** The officers with a valid certificate on `today` and the task's conflicts (the targets come from the item's source). */
export async function currentInspectors(db: Queryable, taskId: number, regionCode: string, today: string) {
  const inspectors = (await db.query<PoolSnapshot['inspectors'][number]>(
    `SELECT id, cert_no AS "certNo", name FROM reg_officer WHERE region_code LIKE $1 || '%' AND cert_expires_on >= $2::date ORDER BY cert_no`,
    [regionCode, today])).rows;
  const conflicts = (await db.query<NamedConflict>(
    `SELECT c.officer_id AS "officerId", c.enterprise_id AS "enterpriseId", o.cert_no AS "certNo", e.uscc, e.name AS "enterpriseName", c.reason
       FROM reg_inspection_conflict c JOIN reg_officer o ON o.id = c.officer_id JOIN reg_enterprise e ON e.id = c.enterprise_id
      WHERE c.task_id = $1 ORDER BY o.cert_no, e.uscc`, [taskId])).rows;
  return { inspectors, conflicts };
}

export async function conflictsOf(db: Queryable, taskId: number) {
  const { rows } = await db.query<{ officerId: number; enterpriseId: number; reason: string }>(
    `SELECT officer_id AS "officerId", enterprise_id AS "enterpriseId", reason FROM reg_inspection_conflict WHERE task_id = $1 ORDER BY officer_id, enterprise_id`, [taskId]);
  return rows;
}

export async function markCommitted(db: Queryable, id: number, v: { pool: PoolSnapshot; poolDigest: string; commitHash: string; seed: string }) {
  await db.query(
    `UPDATE reg_inspection_task SET status = 'committed', pool = $2::jsonb, pool_digest = $3, commit_hash = $4, seed = $5, committed_at = now()
      WHERE id = $1 AND status = 'draft'`,
    [id, JSON.stringify(v.pool), v.poolDigest, v.commitHash, v.seed],
  );
}

export async function markDrawn(db: Queryable, id: number, result: DrawResult, beacon: string | null) {
  await db.query(`UPDATE reg_inspection_task SET status = 'drawn', result = $2::jsonb, beacon = $3, drawn_at = now() WHERE id = $1 AND status = 'committed'`,
    [id, JSON.stringify(result), beacon]);
}

export async function markPublished(db: Queryable, id: number) {
  await db.query(`UPDATE reg_inspection_task SET status = 'published', published_at = now() WHERE id = $1 AND status = 'drawn'`, [id]);
}

export interface ResultRow {
  targetKey: string; enterpriseId: number | null; outcome: string; findings: string; rectification: string | null; recordedAt: Date;
}
const RESULT_COLUMNS = `target_key AS "targetKey", enterprise_id AS "enterpriseId", outcome, findings, rectification, recorded_at AS "recordedAt"`;

export async function resultsOf(db: Queryable, taskId: number): Promise<ResultRow[]> {
  const { rows } = await db.query<ResultRow>(`SELECT ${RESULT_COLUMNS} FROM reg_inspection_result WHERE task_id = $1 ORDER BY target_key`, [taskId]);
  return rows;
}

/** Records (or corrects) the result for one target. Answers the previous result, for the audit trail. */
export async function upsertResult(db: Queryable, taskId: number, r: {
  targetKey: string; enterpriseId: number | null; outcome: string; findings: string; rectification: string | null; recordedBy: number;
}) {
  const before = (await db.query<ResultRow>(
    `SELECT ${RESULT_COLUMNS} FROM reg_inspection_result WHERE task_id = $1 AND target_key = $2 FOR UPDATE`, [taskId, r.targetKey])).rows[0] ?? null;
  await db.query(
    `INSERT INTO reg_inspection_result (task_id, target_key, enterprise_id, outcome, findings, rectification, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (task_id, target_key) DO UPDATE SET outcome = $4, findings = $5, rectification = $6, recorded_by = $7, recorded_at = now()`,
    [taskId, r.targetKey, r.enterpriseId, r.outcome, r.findings, r.rectification, r.recordedBy],
  );
  return before;
}

export interface ApprovalRow {
  id: number; kind: string; title: string; regionCode: string; enterpriseId: number | null; enterpriseName: string | null;
  receivedOn: string; promisedDays: number; legalDays: number; promisedDueOn: string; legalDueOn: string;
  status: string; decidedOn: string | null; opinion: string | null; createdAt: Date;
  caseNo: string; workId: number | null; workCode: string | null; usedByWorkId: number | null; usedAt: Date | null;
  /** Years the due dates were counted through without holiday data (Monday–Friday); empty when they are final. */
  calendarProvisionalYears: number[];
}
const APPROVAL_COLUMNS = `a.id, a.kind, a.title, a.region_code AS "regionCode", a.enterprise_id AS "enterpriseId", e.name AS "enterpriseName",
  to_char(a.received_on, 'YYYY-MM-DD') AS "receivedOn", a.promised_days AS "promisedDays", a.legal_days AS "legalDays",
  to_char(a.promised_due_on, 'YYYY-MM-DD') AS "promisedDueOn", to_char(a.legal_due_on, 'YYYY-MM-DD') AS "legalDueOn", a.status,
  to_char(a.decided_on, 'YYYY-MM-DD') AS "decidedOn", a.opinion, a.created_at AS "createdAt", a.case_no AS "caseNo", a.work_id AS "workId",
  w.code AS "workCode", a.used_by_work_id AS "usedByWorkId", a.used_at AS "usedAt", a.calendar_provisional_years AS "calendarProvisionalYears"`;
// The work's code is shown beside the case (a join for a name; the rules about works stay in the works module).
const APPROVAL_FROM = 'reg_approval_case a LEFT JOIN reg_enterprise e ON e.id = a.enterprise_id LEFT JOIN work w ON w.id = a.work_id';

/** Approval cases in scope, open ones first by their legal due date. */
export async function listApprovals(db: Queryable, scope: string, openOnly: boolean): Promise<ApprovalRow[]> {
  const { rows } = await db.query<ApprovalRow>(
    `SELECT ${APPROVAL_COLUMNS} FROM ${APPROVAL_FROM}
      WHERE a.region_code LIKE $1 || '%' AND (NOT $2 OR a.status = 'open')
      ORDER BY (a.status = 'open') DESC, a.legal_due_on, a.id LIMIT 1000`, [scope, openOnly]);
  return rows;
}

export async function approvalById(db: Queryable, scope: string, id: number, lock = false): Promise<ApprovalRow | null> {
  const { rows } = await db.query<ApprovalRow>(
    `SELECT ${APPROVAL_COLUMNS} FROM ${APPROVAL_FROM}
      WHERE a.id = $1 AND a.region_code LIKE $2 || '%'${lock ? ' FOR UPDATE OF a' : ''}`, [id, scope]);
  return rows[0] ?? null;
}

export async function insertApproval(db: Queryable, a: {
  kind: string; title: string; regionCode: string; enterpriseId: number | null; workId: number | null; receivedOn: string; promisedDays: number; legalDays: number;
  promisedDueOn: string; legalDueOn: string; calendarProvisionalYears: number[]; createdBy: number;
}): Promise<{ id: number; caseNo: string }> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO reg_approval_case (kind, title, region_code, enterprise_id, work_id, received_on, promised_days, legal_days, promised_due_on, legal_due_on, calendar_provisional_years, created_by)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9::date, $10::date, $11::integer[], $12) RETURNING id`,
    [a.kind, a.title, a.regionCode, a.enterpriseId, a.workId, a.receivedOn, a.promisedDays, a.legalDays, a.promisedDueOn, a.legalDueOn, a.calendarProvisionalYears, a.createdBy],
  );
  const id = rows[0]!.id;
  const numbered = await db.query<{ caseNo: string }>(
    `UPDATE reg_approval_case SET case_no = 'RFSP-' || to_char(received_on, 'YYYY') || '-' || lpad(id::text, 6, '0') WHERE id = $1 RETURNING case_no AS "caseNo"`, [id]);
  return { id, caseNo: numbered.rows[0]!.caseNo };
}

/** A case by its number, for the works life cycle: no jurisdiction prefix (the caller compares regions), locked. */
export async function approvalByCaseNo(db: Queryable, caseNo: string): Promise<ApprovalRow | null> {
  const { rows } = await db.query<ApprovalRow>(`SELECT ${APPROVAL_COLUMNS} FROM ${APPROVAL_FROM} WHERE a.case_no = $1 FOR UPDATE OF a`, [caseNo]);
  return rows[0] ?? null;
}

export async function markApprovalUsed(db: Queryable, id: number, workId: number) {
  await db.query(`UPDATE reg_approval_case SET used_by_work_id = $2, used_at = now() WHERE id = $1`, [id, workId]);
}

export interface PartyRow {
  id: number; name: string; required: boolean; verdict: 'agree' | 'agree_with_conditions' | 'disagree' | null; opinion: string | null;
  answeredOn: string | null; answeredBy: string | null; answeredAt: Date | null;
}

export async function partiesOf(db: Queryable, approvalId: number): Promise<PartyRow[]> {
  const { rows } = await db.query<PartyRow>(
    `SELECT p.id, p.name, p.required, p.verdict, p.opinion, to_char(p.answered_on, 'YYYY-MM-DD') AS "answeredOn", u.username AS "answeredBy", p.answered_at AS "answeredAt"
       FROM reg_approval_party p LEFT JOIN app_user u ON u.id = p.answered_by WHERE p.approval_id = $1 ORDER BY p.id`, [approvalId]);
  return rows;
}

/** Adds parties; answers the names that were already parties of the case. */
export async function insertParties(db: Queryable, approvalId: number, list: ReadonlyArray<{ name: string; required: boolean }>): Promise<string[]> {
  if (list.length === 0) return [];
  const { rows } = await db.query<{ name: string }>(
    `INSERT INTO reg_approval_party (approval_id, name, required)
     SELECT $1, p.name, p.required FROM jsonb_to_recordset($2::jsonb) AS p(name text, required boolean)
     ON CONFLICT (approval_id, name) DO NOTHING RETURNING name`, [approvalId, JSON.stringify(list)]);
  const added = new Set(rows.map((r) => r.name));
  return list.map((p) => p.name).filter((n) => !added.has(n));
}

/** Records a party's opinion once: false when the party had already answered. */
export async function answerParty(db: Queryable, approvalId: number, partyId: number, a: { verdict: string; opinion: string; answeredOn: string; answeredBy: number }) {
  const { rows } = await db.query(
    `UPDATE reg_approval_party SET verdict = $3, opinion = $4, answered_on = $5::date, answered_by = $6, answered_at = now()
      WHERE approval_id = $1 AND id = $2 AND verdict IS NULL RETURNING id`, [approvalId, partyId, a.verdict, a.opinion, a.answeredOn, a.answeredBy]);
  return rows.length > 0;
}

export interface ApprovalDocumentRow {
  id: number; approvalId: number; docType: string; title: string; fileName: string; mediaType: string; sizeBytes: number; sm3: string; sha256: string;
  storageKey: string; uploadedBy: string | null; uploadedAt: Date;
}
const DOC_COLUMNS = `d.id, d.approval_id AS "approvalId", d.doc_type AS "docType", d.title, d.file_name AS "fileName", d.media_type AS "mediaType",
  d.size_bytes::int AS "sizeBytes", d.sm3, d.sha256, d.storage_key AS "storageKey", u.username AS "uploadedBy", d.uploaded_at AS "uploadedAt"`;

export async function documentsOf(db: Queryable, approvalId: number): Promise<ApprovalDocumentRow[]> {
  const { rows } = await db.query<ApprovalDocumentRow>(
    `SELECT ${DOC_COLUMNS} FROM reg_approval_document d LEFT JOIN app_user u ON u.id = d.uploaded_by WHERE d.approval_id = $1 ORDER BY d.id`, [approvalId]);
  return rows;
}

export async function documentById(db: Queryable, scope: string, id: number): Promise<ApprovalDocumentRow | null> {
  const { rows } = await db.query<ApprovalDocumentRow>(
    `SELECT ${DOC_COLUMNS} FROM reg_approval_document d JOIN reg_approval_case a ON a.id = d.approval_id LEFT JOIN app_user u ON u.id = d.uploaded_by
      WHERE d.id = $1 AND a.region_code LIKE $2 || '%'`, [id, scope]);
  return rows[0] ?? null;
}

export async function insertDocument(db: Queryable, d: {
  approvalId: number; docType: string; title: string; fileName: string; mediaType: string; sizeBytes: number; sm3: string; sha256: string; storageKey: string; uploadedBy: number;
}): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO reg_approval_document (approval_id, doc_type, title, file_name, media_type, size_bytes, sm3, sha256, storage_key, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [d.approvalId, d.docType, d.title, d.fileName, d.mediaType, d.sizeBytes, d.sm3, d.sha256, d.storageKey, d.uploadedBy]);
  return rows[0]!.id;
}

/** Whether a work exists in scope (shown beside the case; the works module owns its rules). */
export async function workInScope(db: Queryable, scope: string, id: number): Promise<boolean> {
  return (await db.query('SELECT 1 FROM work WHERE id = $1 AND region_code LIKE $2 || \'%\'', [id, scope])).rows.length > 0;
}

export async function decideApproval(db: Queryable, id: number, d: { status: string; decidedOn: string; opinion: string }) {
  await db.query(`UPDATE reg_approval_case SET status = $2, decided_on = $3::date, opinion = $4 WHERE id = $1 AND status = 'open'`, [id, d.status, d.decidedOn, d.opinion]);
}

export interface PhotoRow {
  id: number; taskId: number; targetKey: string; fileName: string; mediaType: string; sizeBytes: number; sm3: string; sha256: string;
  storageKey: string; uploadedBy: string | null; uploadedAt: Date; regionCode: string;
}
const PHOTO_COLUMNS = `p.id, p.task_id AS "taskId", p.target_key AS "targetKey", p.file_name AS "fileName", p.media_type AS "mediaType",
  p.size_bytes::int AS "sizeBytes", p.sm3, p.sha256, p.storage_key AS "storageKey", u.username AS "uploadedBy", p.uploaded_at AS "uploadedAt",
  t.region_code AS "regionCode"`;

/** Photos of a task in scope (of one target when `targetKey` is given), oldest first. */
export async function photosOf(db: Queryable, scope: string, taskId: number, targetKey: string | null): Promise<PhotoRow[]> {
  const { rows } = await db.query<PhotoRow>(
    `SELECT ${PHOTO_COLUMNS} FROM reg_inspection_photo p JOIN reg_inspection_task t ON t.id = p.task_id LEFT JOIN app_user u ON u.id = p.uploaded_by
      WHERE p.task_id = $1 AND t.region_code LIKE $2 || '%' AND ($3::text IS NULL OR p.target_key = $3) ORDER BY p.target_key, p.id`, [taskId, scope, targetKey]);
  return rows;
}

export async function photoById(db: Queryable, scope: string, id: number): Promise<PhotoRow | null> {
  const { rows } = await db.query<PhotoRow>(
    `SELECT ${PHOTO_COLUMNS} FROM reg_inspection_photo p JOIN reg_inspection_task t ON t.id = p.task_id LEFT JOIN app_user u ON u.id = p.uploaded_by
      WHERE p.id = $1 AND t.region_code LIKE $2 || '%'`, [id, scope]);
  return rows[0] ?? null;
}

/** Whether a result is recorded for the target (the row a photo hangs on); `lock` holds it until the photo is in. */
export async function resultExists(db: Queryable, taskId: number, targetKey: string, lock = false): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM reg_inspection_result WHERE task_id = $1 AND target_key = $2${lock ? ' FOR SHARE' : ''}`, [taskId, targetKey]);
  return rows.length > 0;
}

export async function insertPhoto(db: Queryable, p: {
  taskId: number; targetKey: string; fileName: string; mediaType: string; sizeBytes: number; sm3: string; sha256: string; storageKey: string; uploadedBy: number;
}): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO reg_inspection_photo (task_id, target_key, file_name, media_type, size_bytes, sm3, sha256, storage_key, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [p.taskId, p.targetKey, p.fileName, p.mediaType, p.sizeBytes, p.sm3, p.sha256, p.storageKey, p.uploadedBy]);
  return rows[0]!.id;
}

// ---------------------------------------------------------------------------------------------------------------
// The working-day calendar as the office loads it (city-wide: the State Council's notice binds every county)
// ---------------------------------------------------------------------------------------------------------------

export interface CalendarYearRow {
  year: number; basis: string; holidays: string[]; workingWeekends: string[]; loadedBy: number | null; loadedByName: string | null; loadedAt: Date;
}

export async function calendarYears(db: Queryable): Promise<CalendarYearRow[]> {
  const { rows } = await db.query<CalendarYearRow>(
    `SELECT y.year, y.basis,
            ARRAY(SELECT to_char(d, 'YYYY-MM-DD') FROM unnest(y.holidays) d ORDER BY d) AS holidays,
            ARRAY(SELECT to_char(d, 'YYYY-MM-DD') FROM unnest(y.working_weekends) d ORDER BY d) AS "workingWeekends",
            y.loaded_by AS "loadedBy", u.display_name AS "loadedByName", y.loaded_at AS "loadedAt"
       FROM reg_calendar_year y LEFT JOIN app_user u ON u.id = y.loaded_by ORDER BY y.year`);
  return rows;
}

/** Stores a year, replacing a loaded one of the same number; answers the year's row as it was before, if any. */
export async function upsertCalendarYear(tx: Queryable, y: { year: number; basis: string; holidays: string[]; workingWeekends: string[]; loadedBy: number }): Promise<void> {
  await tx.query(
    `INSERT INTO reg_calendar_year (year, basis, holidays, working_weekends, loaded_by) VALUES ($1, $2, $3::date[], $4::date[], $5)
     ON CONFLICT (year) DO UPDATE SET basis = EXCLUDED.basis, holidays = EXCLUDED.holidays, working_weekends = EXCLUDED.working_weekends,
       loaded_by = EXCLUDED.loaded_by, loaded_at = now()`,
    [y.year, y.basis, y.holidays, y.workingWeekends, y.loadedBy]);
}

/** Serialises loads of the calendar (two administrators loading at once must not re-compute against each other). */
export async function lockCalendar(tx: Queryable): Promise<void> {
  await tx.query('LOCK TABLE reg_calendar_year IN SHARE ROW EXCLUSIVE MODE');
}

/**
 * Holds the calendar still while a transaction stores a clock computed from it: SHARE waits for a load in progress
 * (and a load waits for this transaction), so a clock never commits on the calendar a load has just replaced —
 * which the load's re-computation, already done, would miss. Clocks being stored at once do not wait for each other.
 */
export async function holdCalendar(tx: Queryable): Promise<void> {
  await tx.query('LOCK TABLE reg_calendar_year IN SHARE MODE');
}

export interface OpenApprovalClock {
  id: number; caseNo: string; regionCode: string; receivedOn: string; promisedDays: number; legalDays: number; promisedDueOn: string; legalDueOn: string;
  calendarProvisionalYears: number[];
}

/**
 * Open approval cases (every county: the calendar is city-wide) whose clock a change of `year` can move: marked
 * provisional for it, or running through it. Locked for the re-computation.
 */
export async function openApprovalClocksThrough(tx: Queryable, year: number): Promise<OpenApprovalClock[]> {
  const { rows } = await tx.query<OpenApprovalClock>(
    `SELECT id, case_no AS "caseNo", region_code AS "regionCode", to_char(received_on, 'YYYY-MM-DD') AS "receivedOn", promised_days AS "promisedDays",
            legal_days AS "legalDays", to_char(promised_due_on, 'YYYY-MM-DD') AS "promisedDueOn", to_char(legal_due_on, 'YYYY-MM-DD') AS "legalDueOn",
            calendar_provisional_years AS "calendarProvisionalYears"
       FROM reg_approval_case
      WHERE status = $2 AND ($1 = ANY (calendar_provisional_years) OR (received_on < make_date($1, 12, 31) AND legal_due_on >= make_date($1, 1, 1)))
      ORDER BY id FOR UPDATE`, [year, RUNNING_CLOCK_STATUS.approval]);
  return rows;
}

export async function setApprovalClock(tx: Queryable, id: number, c: { promisedDueOn: string; legalDueOn: string; calendarProvisionalYears: number[] }): Promise<void> {
  await tx.query(
    'UPDATE reg_approval_case SET promised_due_on = $2::date, legal_due_on = $3::date, calendar_provisional_years = $4::integer[] WHERE id = $1',
    [id, c.promisedDueOn, c.legalDueOn, c.calendarProvisionalYears]);
}
