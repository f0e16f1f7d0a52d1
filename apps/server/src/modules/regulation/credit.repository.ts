/** SQL of enterprise qualifications and credit records. */
import type { Queryable } from '../../db/index.ts';

export interface QualificationRow {
  id: number; name: string; level: string | null; certNo: string; issuer: string; issuedOn: string; expiresOn: string | null; createdAt: Date;
}
export interface CreditRow {
  id: number; kind: 'good' | 'bad'; reason: string; source: string; caseId: number | null; caseNo: string | null; recordedOn: string; publicUntil: string | null;
  createdBy: string | null; createdAt: Date;
}

export async function qualificationsOf(db: Queryable, enterpriseId: number): Promise<QualificationRow[]> {
  const { rows } = await db.query<QualificationRow>(
    `SELECT id, name, level, cert_no AS "certNo", issuer, to_char(issued_on, 'YYYY-MM-DD') AS "issuedOn", to_char(expires_on, 'YYYY-MM-DD') AS "expiresOn",
            created_at AS "createdAt"
       FROM reg_enterprise_qualification WHERE enterprise_id = $1 ORDER BY id`, [enterpriseId]);
  return rows;
}

export async function creditOf(db: Queryable, enterpriseId: number): Promise<CreditRow[]> {
  const { rows } = await db.query<CreditRow>(
    `SELECT r.id, r.kind, r.reason, r.source, r.case_id AS "caseId", c.case_no AS "caseNo", to_char(r.recorded_on, 'YYYY-MM-DD') AS "recordedOn",
            to_char(r.public_until, 'YYYY-MM-DD') AS "publicUntil", u.username AS "createdBy", r.created_at AS "createdAt"
       FROM reg_credit_record r LEFT JOIN reg_enforcement_case c ON c.id = r.case_id LEFT JOIN app_user u ON u.id = r.created_by
      WHERE r.enterprise_id = $1 ORDER BY r.recorded_on DESC, r.id DESC`, [enterpriseId]);
  return rows;
}

/** Inserts a qualification; false when the enterprise already holds that certificate number. */
export async function insertQualification(db: Queryable, enterpriseId: number, q: {
  name: string; level: string | null; certNo: string; issuer: string; issuedOn: string; expiresOn: string | null; createdBy: number;
}): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO reg_enterprise_qualification (enterprise_id, name, level, cert_no, issuer, issued_on, expires_on, created_by)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, $8) ON CONFLICT (enterprise_id, cert_no) DO NOTHING RETURNING id`,
    [enterpriseId, q.name, q.level, q.certNo, q.issuer, q.issuedOn, q.expiresOn, q.createdBy]);
  return rows[0]?.id ?? null;
}

export async function insertCredit(db: Queryable, enterpriseId: number, r: {
  kind: string; reason: string; source: string; caseId: number | null; recordedOn: string; publicUntil: string | null; createdBy: number | null;
}): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO reg_credit_record (enterprise_id, kind, reason, source, case_id, recorded_on, public_until, created_by)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, $8) RETURNING id`,
    [enterpriseId, r.kind, r.reason, r.source, r.caseId, r.recordedOn, r.publicUntil, r.createdBy]);
  return rows[0]!.id;
}
