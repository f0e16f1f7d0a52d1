/**
 * SQL of the fees ledger. Money columns are bigint 分; they are read as text and turned into numbers here (exact
 * below 2^53 分, about 90 trillion 元), so no driver ever hands the service a float or a string.
 */
import type { Queryable } from '../../db/index.ts';

export interface AssessmentRow {
  id: number; regionCode: string; kind: string; title: string; approvalCaseId: number | null; approvalCaseNo: string | null; enterpriseId: number | null;
  payerName: string; dueFen: number; basis: string; computation: Record<string, unknown> | null; assessedOn: string; dueOn: string; createdAt: Date;
  reducedFen: number; paidFen: number; refundedFen: number; reductionCount: number; lastNoticeDeadline: string | null;
}

const SUMS = `
  (SELECT coalesce(sum(amount_fen) FILTER (WHERE kind = 'reduction'), 0)::text FROM reg_fee_entry e WHERE e.assessment_id = f.id) AS "reducedFen",
  (SELECT coalesce(sum(amount_fen) FILTER (WHERE kind = 'payment'), 0)::text FROM reg_fee_entry e WHERE e.assessment_id = f.id) AS "paidFen",
  (SELECT coalesce(sum(amount_fen) FILTER (WHERE kind = 'refund'), 0)::text FROM reg_fee_entry e WHERE e.assessment_id = f.id) AS "refundedFen",
  (SELECT count(*) FILTER (WHERE kind = 'reduction')::int FROM reg_fee_entry e WHERE e.assessment_id = f.id) AS "reductionCount",
  (SELECT to_char(max(deadline), 'YYYY-MM-DD') FROM reg_fee_entry e WHERE e.assessment_id = f.id AND kind = 'arrears_notice') AS "lastNoticeDeadline"`;
const COLUMNS = `f.id, f.region_code AS "regionCode", f.kind, f.title, f.approval_case_id AS "approvalCaseId", a.case_no AS "approvalCaseNo",
  f.enterprise_id AS "enterpriseId", f.payer_name AS "payerName", f.due_fen::text AS "dueFen", f.basis, f.computation,
  to_char(f.assessed_on, 'YYYY-MM-DD') AS "assessedOn", to_char(f.due_on, 'YYYY-MM-DD') AS "dueOn", f.created_at AS "createdAt", ${SUMS}`;
const FROM = 'reg_fee_assessment f LEFT JOIN reg_approval_case a ON a.id = f.approval_case_id';

type Raw = Omit<AssessmentRow, 'dueFen' | 'reducedFen' | 'paidFen' | 'refundedFen'> & { dueFen: string; reducedFen: string; paidFen: string; refundedFen: string };
const money = (r: Raw): AssessmentRow => ({ ...r, dueFen: Number(r.dueFen), reducedFen: Number(r.reducedFen), paidFen: Number(r.paidFen), refundedFen: Number(r.refundedFen) });

export async function listAssessments(db: Queryable, scope: string, year: number | null): Promise<AssessmentRow[]> {
  const { rows } = await db.query<Raw>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE f.region_code LIKE $1 || '%' AND ($2::int IS NULL OR extract(year FROM f.assessed_on) = $2)
      ORDER BY f.assessed_on DESC, f.id DESC LIMIT 5000`, [scope, year]);
  return rows.map(money);
}

export async function assessmentById(db: Queryable, scope: string, id: number, lock = false): Promise<AssessmentRow | null> {
  if (lock) await db.query(`SELECT 1 FROM reg_fee_assessment WHERE id = $1 AND region_code LIKE $2 || '%' FOR UPDATE`, [id, scope]);
  const { rows } = await db.query<Raw>(`SELECT ${COLUMNS} FROM ${FROM} WHERE f.id = $1 AND f.region_code LIKE $2 || '%'`, [id, scope]);
  return rows[0] ? money(rows[0]) : null;
}

export async function insertAssessment(db: Queryable, f: {
  regionCode: string; kind: string; title: string; approvalCaseId: number | null; enterpriseId: number | null; payerName: string; dueFen: number; basis: string;
  computation: object | null; assessedOn: string; dueOn: string; createdBy: number;
}): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO reg_fee_assessment (region_code, kind, title, approval_case_id, enterprise_id, payer_name, due_fen, basis, computation, assessed_on, due_on, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7::bigint, $8, $9::jsonb, $10::date, $11::date, $12) RETURNING id`,
    [f.regionCode, f.kind, f.title, f.approvalCaseId, f.enterpriseId, f.payerName, String(f.dueFen), f.basis, f.computation && JSON.stringify(f.computation),
      f.assessedOn, f.dueOn, f.createdBy]);
  return rows[0]!.id;
}

export interface EntryRow {
  id: number; assessmentId: number; kind: 'payment' | 'reduction' | 'refund' | 'arrears_notice'; amountFen: number; onDate: string; basis: string | null;
  reference: string | null; deadline: string | null; createdBy: string | null; createdAt: Date;
}

export async function entriesOf(db: Queryable, assessmentIds: readonly number[]): Promise<EntryRow[]> {
  const { rows } = await db.query<EntryRow & { amountFen: string }>(
    `SELECT e.id, e.assessment_id AS "assessmentId", e.kind, e.amount_fen::text AS "amountFen", to_char(e.on_date, 'YYYY-MM-DD') AS "onDate", e.basis, e.reference,
            to_char(e.deadline, 'YYYY-MM-DD') AS deadline, u.username AS "createdBy", e.created_at AS "createdAt"
       FROM reg_fee_entry e LEFT JOIN app_user u ON u.id = e.created_by WHERE e.assessment_id = ANY($1::int[]) ORDER BY e.assessment_id, e.id`, [assessmentIds]);
  return rows.map((r) => ({ ...r, amountFen: Number(r.amountFen) }));
}

export async function insertEntry(db: Queryable, e: {
  assessmentId: number; kind: string; amountFen: number; onDate: string; basis: string | null; reference: string | null; deadline: string | null; createdBy: number;
}): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO reg_fee_entry (assessment_id, kind, amount_fen, on_date, basis, reference, deadline, created_by)
     VALUES ($1, $2, $3::bigint, $4::date, $5, $6, $7::date, $8) RETURNING id`,
    [e.assessmentId, e.kind, String(e.amountFen), e.onDate, e.basis, e.reference, e.deadline, e.createdBy]);
  return rows[0]!.id;
}

/** An approval case in scope, for the assessment's link: its id and number. */
export async function approvalInScope(db: Queryable, scope: string, id: number): Promise<{ id: number; regionCode: string } | null> {
  const { rows } = await db.query<{ id: number; regionCode: string }>(
    `SELECT id, region_code AS "regionCode" FROM reg_approval_case WHERE id = $1 AND region_code LIKE $2 || '%'`, [id, scope]);
  return rows[0] ?? null;
}
