/**
 * SQL of the maintenance fund (维护管理基金). amount_fen is bigint 分, read as text and turned into a number here,
 * as in the fees ledger, so the service never sees a float or a string.
 */
import type { Queryable } from '../../db/index.ts';

export interface FundEntryRow {
  id: number; regionCode: string; category: string; direction: 'income' | 'spending'; amountFen: number; onDate: string; counterparty: string; basis: string;
  reference: string | null; workId: number | null; workCode: string | null; createdBy: string | null; createdAt: Date;
}

const COLUMNS = `f.id, f.region_code AS "regionCode", f.category, f.direction, f.amount_fen::text AS "amountFen", to_char(f.on_date, 'YYYY-MM-DD') AS "onDate",
  f.counterparty, f.basis, f.reference, f.work_id AS "workId", w.code AS "workCode", u.username AS "createdBy", f.created_at AS "createdAt"`;
// The work's code is shown beside the entry (a join for a name; the works rules stay in the works module).
const FROM = 'reg_fund_entry f LEFT JOIN work w ON w.id = f.work_id LEFT JOIN app_user u ON u.id = f.created_by';

const money = (r: FundEntryRow & { amountFen: unknown }): FundEntryRow => ({ ...r, amountFen: Number(r.amountFen) });

/** The entries in scope (of one year, or all), newest first. */
export async function listFund(db: Queryable, scope: string, year: number | null): Promise<FundEntryRow[]> {
  const { rows } = await db.query<FundEntryRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE f.region_code LIKE $1 || '%' AND ($2::int IS NULL OR extract(year FROM f.on_date) = $2)
      ORDER BY f.on_date DESC, f.id DESC LIMIT 20000`, [scope, year]);
  return rows.map(money);
}

export async function fundEntryById(db: Queryable, scope: string, id: number): Promise<FundEntryRow | null> {
  const { rows } = await db.query<FundEntryRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE f.id = $1 AND f.region_code LIKE $2 || '%'`, [id, scope]);
  return rows[0] ? money(rows[0]) : null;
}

export async function insertFundEntry(db: Queryable, e: {
  regionCode: string; category: string; direction: string; amountFen: number; onDate: string; counterparty: string; basis: string; reference: string | null;
  workId: number | null; createdBy: number | null;
}): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO reg_fund_entry (region_code, category, direction, amount_fen, on_date, counterparty, basis, reference, work_id, created_by)
     VALUES ($1, $2, $3, $4::bigint, $5::date, $6, $7, $8, $9, $10) RETURNING id`,
    [e.regionCode, e.category, e.direction, String(e.amountFen), e.onDate, e.counterparty, e.basis, e.reference, e.workId, e.createdBy]);
  return rows[0]!.id;
}

/** Whether a work exists in scope (an entry may name the work its money went to). */
export async function workInScope(db: Queryable, scope: string, id: number): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM work WHERE id = $1 AND region_code LIKE $2 || '%'`, [id, scope])).rows.length > 0;
}
