/**
 * SQL of enforcement cases: the case row, its append-only step record and evidence. Reads take the caller's
 * jurisdiction prefix; writes take the caller's transaction.
 */
import { RUNNING_CLOCK_STATUS } from '@civdef/domain';
import type { Queryable } from '../../db/index.ts';

export interface CaseRow {
  id: number; caseNo: string; title: string; regionCode: string; partyKind: 'unit' | 'individual'; enterpriseId: number | null; partyName: string;
  source: string; facts: string; investigators: number[]; workId: number | null; workCode: string | null; inspectionTaskId: number | null;
  approvalCaseId: number | null; status: string; filedOn: string; lastStepOn: string;
  proposedOutcome: string | null; proposedRule: string | null; proposedFen: number | null; reviewerId: number | null;
  notifiedOn: string | null; answerDueOn: string | null; hearingRight: boolean | null;
  /** Years the answer period was counted through without holiday data (Monday–Friday); empty when it is final. */
  calendarProvisionalYears: number[];
  decisionNo: string | null; outcome: string | null; ruleCode: string | null; amountFen: number | null; decidedOn: string | null;
  executedOn: string | null; paidFen: number | null; closedOn: string | null; evidenceCount: number; createdAt: Date;
  /** When the decision was published on the public site (一公开), or null. */
  publishedAt: Date | null;
}

const d = (col: string, as: string) => `to_char(c.${col}, 'YYYY-MM-DD') AS "${as}"`;
const CASE_COLUMNS = `c.id, c.case_no AS "caseNo", c.title, c.region_code AS "regionCode", c.party_kind AS "partyKind", c.enterprise_id AS "enterpriseId",
  c.party_name AS "partyName", c.source, c.facts, c.investigators, c.work_id AS "workId", w.code AS "workCode", c.inspection_task_id AS "inspectionTaskId",
  c.approval_case_id AS "approvalCaseId", c.status, ${d('filed_on', 'filedOn')}, ${d('last_step_on', 'lastStepOn')},
  c.proposed_outcome AS "proposedOutcome", c.proposed_rule AS "proposedRule", c.proposed_fen AS "proposedFen", c.reviewer_id AS "reviewerId",
  ${d('notified_on', 'notifiedOn')}, ${d('answer_due_on', 'answerDueOn')}, c.hearing_right AS "hearingRight",
  c.calendar_provisional_years AS "calendarProvisionalYears",
  c.decision_no AS "decisionNo", c.outcome, c.rule_code AS "ruleCode", c.amount_fen AS "amountFen", ${d('decided_on', 'decidedOn')},
  ${d('executed_on', 'executedOn')}, c.paid_fen AS "paidFen", ${d('closed_on', 'closedOn')},
  (SELECT count(*)::int FROM reg_case_evidence v WHERE v.case_id = c.id) AS "evidenceCount", c.created_at AS "createdAt", c.published_at AS "publishedAt"`;
// The work's code is shown beside the case: a join for a name, the rule about works stays in the works module.
const CASE_FROM = 'reg_enforcement_case c LEFT JOIN work w ON w.id = c.work_id';

export async function listCases(db: Queryable, scope: string, status: string | null): Promise<CaseRow[]> {
  const { rows } = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.region_code LIKE $1 || '%' AND ($2::text IS NULL OR c.status = $2)
      ORDER BY (c.status = 'closed'), c.id DESC LIMIT 1000`, [scope, status]);
  return rows;
}

/** Decisions published on the public site, newest first (no scope: published means public). */
export async function publishedDecisions(db: Queryable, limit: number): Promise<CaseRow[]> {
  const { rows } = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.published_at IS NOT NULL ORDER BY c.published_at DESC, c.id DESC LIMIT $1`, [limit]);
  return rows;
}

export async function markDecisionPublished(db: Queryable, id: number, userId: number): Promise<void> {
  await db.query('UPDATE reg_enforcement_case SET published_at = now(), published_by = $2 WHERE id = $1 AND published_at IS NULL', [id, userId]);
}

export async function caseById(db: Queryable, scope: string, id: number, lock = false): Promise<CaseRow | null> {
  const { rows } = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.id = $1 AND c.region_code LIKE $2 || '%'${lock ? ' FOR UPDATE OF c' : ''}`, [id, scope]);
  return rows[0] ?? null;
}

export interface CaseInsert {
  title: string; regionCode: string; partyKind: string; enterpriseId: number | null; partyName: string; source: string; facts: string;
  investigators: number[]; workId: number | null; inspectionTaskId: number | null; approvalCaseId: number | null; filedOn: string; createdBy: number;
}

/** Inserts a case and gives it its number (RFZF-<year of filing>-<id, six digits>) in the caller's transaction. */
export async function insertCase(db: Queryable, c: CaseInsert): Promise<{ id: number; caseNo: string }> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO reg_enforcement_case (title, region_code, party_kind, enterprise_id, party_name, source, facts, investigators, work_id,
       inspection_task_id, approval_case_id, filed_on, last_step_on, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::int[], $9, $10, $11, $12::date, $12::date, $13) RETURNING id`,
    [c.title, c.regionCode, c.partyKind, c.enterpriseId, c.partyName, c.source, c.facts, c.investigators, c.workId, c.inspectionTaskId,
      c.approvalCaseId, c.filedOn, c.createdBy],
  );
  const id = rows[0]!.id;
  const numbered = await db.query<{ caseNo: string }>(
    `UPDATE reg_enforcement_case SET case_no = 'RFZF-' || to_char(filed_on, 'YYYY') || '-' || lpad(id::text, 6, '0') WHERE id = $1 RETURNING case_no AS "caseNo"`, [id]);
  return { id, caseNo: numbered.rows[0]!.caseNo };
}

/** The columns a step may set on the case, by name (never from the request: the service builds this object). */
const SETTABLE = {
  status: 'status', lastStepOn: 'last_step_on', proposedOutcome: 'proposed_outcome', proposedRule: 'proposed_rule', proposedFen: 'proposed_fen',
  reviewerId: 'reviewer_id', notifiedOn: 'notified_on', answerDueOn: 'answer_due_on', hearingRight: 'hearing_right', calendarProvisionalYears: 'calendar_provisional_years', decisionNo: 'decision_no',
  outcome: 'outcome', ruleCode: 'rule_code', amountFen: 'amount_fen', decidedOn: 'decided_on', executedOn: 'executed_on', paidFen: 'paid_fen',
  closedOn: 'closed_on',
} as const;
export type CaseUpdate = Partial<Record<keyof typeof SETTABLE, string | number | boolean | number[] | null>>;

export async function updateCase(db: Queryable, id: number, set: CaseUpdate): Promise<void> {
  const entries = Object.entries(set) as Array<[keyof typeof SETTABLE, unknown]>;
  if (entries.length === 0) return;
  const sql = entries.map(([k], i) => `${SETTABLE[k]} = $${i + 2}`).join(', ');
  await db.query(`UPDATE reg_enforcement_case SET ${sql} WHERE id = $1`, [id, ...entries.map(([, v]) => v)]);
}

export interface OpenAnswerClock {
  id: number; caseNo: string; regionCode: string; partyKind: 'unit' | 'individual'; proposedFen: number | null; notifiedOn: string; answerDueOn: string;
  calendarProvisionalYears: number[];
}

/**
 * Cases (every county: the calendar is city-wide) whose answer period is still running on the notice — notified,
 * not yet decided — and that a change of `year` can move: marked provisional for it, or running through it. Locked.
 */
export async function openAnswerClocksThrough(tx: Queryable, year: number): Promise<OpenAnswerClock[]> {
  const { rows } = await tx.query<OpenAnswerClock>(
    `SELECT id, case_no AS "caseNo", region_code AS "regionCode", party_kind AS "partyKind", proposed_fen AS "proposedFen",
            to_char(notified_on, 'YYYY-MM-DD') AS "notifiedOn", to_char(answer_due_on, 'YYYY-MM-DD') AS "answerDueOn",
            calendar_provisional_years AS "calendarProvisionalYears"
       FROM reg_enforcement_case
      WHERE status = $2 AND answer_due_on IS NOT NULL
        AND ($1 = ANY (calendar_provisional_years) OR (notified_on < make_date($1, 12, 31) AND answer_due_on >= make_date($1, 1, 1)))
      ORDER BY id FOR UPDATE`, [year, RUNNING_CLOCK_STATUS.enforcementAnswer]);
  return rows;
}

export interface StepRow { id: number; step: string; onDate: string; record: Record<string, unknown>; actor: string | null; at: Date }

export async function insertStep(db: Queryable, s: { caseId: number; step: string; onDate: string; record: object; actorId: number | null; actor: string | null }) {
  await db.query(`INSERT INTO reg_case_step (case_id, step, on_date, record, actor_id, actor) VALUES ($1, $2, $3::date, $4::jsonb, $5, $6)`,
    [s.caseId, s.step, s.onDate, JSON.stringify(s.record), s.actorId, s.actor]);
}

export async function stepsOf(db: Queryable, caseId: number): Promise<StepRow[]> {
  const { rows } = await db.query<StepRow>(
    `SELECT id, step, to_char(on_date, 'YYYY-MM-DD') AS "onDate", record, actor, at FROM reg_case_step WHERE case_id = $1 ORDER BY id`, [caseId]);
  return rows;
}

export interface EvidenceRow {
  id: number; caseId: number; kind: string; title: string; collectedOn: string; fileName: string; mediaType: string; sizeBytes: number;
  sm3: string; sha256: string; storageKey: string; uploadedBy: string | null; uploadedAt: Date; regionCode: string;
}
const EVIDENCE_COLUMNS = `v.id, v.case_id AS "caseId", v.kind, v.title, to_char(v.collected_on, 'YYYY-MM-DD') AS "collectedOn", v.file_name AS "fileName",
  v.media_type AS "mediaType", v.size_bytes::int AS "sizeBytes", v.sm3, v.sha256, v.storage_key AS "storageKey", u.username AS "uploadedBy",
  v.uploaded_at AS "uploadedAt", c.region_code AS "regionCode"`;
const EVIDENCE_FROM = 'reg_case_evidence v JOIN reg_enforcement_case c ON c.id = v.case_id LEFT JOIN app_user u ON u.id = v.uploaded_by';

export async function evidenceOf(db: Queryable, caseId: number): Promise<EvidenceRow[]> {
  const { rows } = await db.query<EvidenceRow>(`SELECT ${EVIDENCE_COLUMNS} FROM ${EVIDENCE_FROM} WHERE v.case_id = $1 ORDER BY v.id`, [caseId]);
  return rows;
}

export async function evidenceById(db: Queryable, scope: string, id: number): Promise<EvidenceRow | null> {
  const { rows } = await db.query<EvidenceRow>(`SELECT ${EVIDENCE_COLUMNS} FROM ${EVIDENCE_FROM} WHERE v.id = $1 AND c.region_code LIKE $2 || '%'`, [id, scope]);
  return rows[0] ?? null;
}

export async function insertEvidence(db: Queryable, e: {
  caseId: number; kind: string; title: string; collectedOn: string; fileName: string; mediaType: string; sizeBytes: number; sm3: string; sha256: string;
  storageKey: string; uploadedBy: number;
}): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO reg_case_evidence (case_id, kind, title, collected_on, file_name, media_type, size_bytes, sm3, sha256, storage_key, uploaded_by)
     VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [e.caseId, e.kind, e.title, e.collectedOn, e.fileName, e.mediaType, e.sizeBytes, e.sm3, e.sha256, e.storageKey, e.uploadedBy],
  );
  return rows[0]!.id;
}

/** Officers in scope among `ids`, with the day their certificate expires. */
export async function officersIn(db: Queryable, scope: string, ids: readonly number[]) {
  const { rows } = await db.query<{ id: number; name: string; certNo: string; certExpiresOn: string }>(
    `SELECT id, name, cert_no AS "certNo", to_char(cert_expires_on, 'YYYY-MM-DD') AS "certExpiresOn" FROM reg_officer
      WHERE id = ANY($1::int[]) AND region_code LIKE $2 || '%'`, [ids, scope]);
  return rows;
}

export async function enterpriseName(db: Queryable, scope: string, id: number): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>(`SELECT name FROM reg_enterprise WHERE id = $1 AND region_code LIKE $2 || '%'`, [id, scope]);
  return rows[0]?.name ?? null;
}

/** Whether the record a case links to exists in scope (a work by its region, as the works module scopes it). */
export async function linkExists(db: Queryable, what: 'work' | 'reg_inspection_task' | 'reg_approval_case', scope: string, id: number): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM ${what} WHERE id = $1 AND region_code LIKE $2 || '%'`, [id, scope]);
  return rows.length > 0;
}

/** The cases an enterprise is the party of, newest first. */
export async function casesOfEnterprise(db: Queryable, scope: string, enterpriseId: number): Promise<CaseRow[]> {
  const { rows } = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM ${CASE_FROM} WHERE c.enterprise_id = $1 AND c.region_code LIKE $2 || '%' ORDER BY c.id DESC LIMIT 200`, [enterpriseId, scope]);
  return rows;
}
