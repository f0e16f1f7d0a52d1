/**
 * The only SQL of the key targets module. Every read of records takes the caller's jurisdiction prefix (`scope`) and
 * filters on it here; writes take the caller's transaction.
 */
import type { BuildState, OneLibraryPart, SevenHave } from '@civdef/domain';
import type { Queryable } from '../../db/index.ts';

export interface TargetRow {
  id: number; code: string; name: string; category: string; grade: string; unitName: string; regionCode: string;
  location: [number, number]; footprint: string | null;
  checklist: Partial<Record<SevenHave, boolean>>; oneLibrary: Partial<Record<OneLibraryPart, BuildState>>;
  repairTeamId: number | null; repairTeamName: string | null; planIds: number[]; fundsThisYear: number;
  synthetic: boolean; version: number; updatedAt: Date;
}
export interface FundRow { id: number; year: number; amountWan: number; purpose: string; createdAt: Date }

const COLUMNS = `t.id, t.code, t.name, t.category, t.grade, t.unit_name AS "unitName", t.region_code AS "regionCode",
  json_build_array(ST_X(t.location), ST_Y(t.location)) AS location, ST_AsGeoJSON(t.footprint, 6) AS footprint,
  t.checklist, t.one_library AS "oneLibrary", t.repair_team_id AS "repairTeamId", t.repair_team_name AS "repairTeamName",
  COALESCE((SELECT array_agg(plan_id ORDER BY plan_id) FROM key_target_plan WHERE target_id = t.id), '{}') AS "planIds",
  COALESCE((SELECT sum(amount_wan) FROM key_target_fund WHERE target_id = t.id AND year = $2), 0)::float8 AS "fundsThisYear",
  t.synthetic, t.version, t.updated_at AS "updatedAt"`;

export async function listTargets(db: Queryable, scope: string, year: number): Promise<TargetRow[]> {
  const { rows } = await db.query<TargetRow>(`SELECT ${COLUMNS} FROM key_target t WHERE t.region_code LIKE $1 || '%' ORDER BY t.id`, [scope, year]);
  return rows;
}

export async function targetById(db: Queryable, scope: string, year: number, id: number, lock = false): Promise<TargetRow | null> {
  if (lock) await db.query(`SELECT 1 FROM key_target WHERE id = $1 AND region_code LIKE $2 || '%' FOR UPDATE`, [id, scope]);
  const { rows } = await db.query<TargetRow>(`SELECT ${COLUMNS} FROM key_target t WHERE t.region_code LIKE $1 || '%' AND t.id = $3`, [scope, year, id]);
  return rows[0] ?? null;
}

export async function codeExists(db: Queryable, code: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM key_target WHERE code = $1`, [code])).rows.length > 0;
}

export interface TargetWrite {
  code: string; name: string; category: string; grade: string; unitName: string; regionCode: string; location: [number, number];
  footprint: string | null; checklist: object; oneLibrary: object; repairTeamId: number | null; repairTeamName: string | null; synthetic: boolean;
}

export async function insertTarget(db: Queryable, t: TargetWrite): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO key_target (code, name, category, grade, unit_name, region_code, location, footprint, checklist, one_library, repair_team_id, repair_team_name, synthetic)
     VALUES ($1, $2, $3, $4, $5, $6, ST_SetSRID(ST_MakePoint($7, $8), 4326),
             CASE WHEN $9::text IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($9), 4326)) END, $10, $11, $12, $13, $14) RETURNING id`,
    [t.code, t.name, t.category, t.grade, t.unitName, t.regionCode, t.location[0], t.location[1], t.footprint, JSON.stringify(t.checklist), JSON.stringify(t.oneLibrary),
      t.repairTeamId, t.repairTeamName, t.synthetic]);
  return rows[0]!.id;
}

export interface TargetUpdate {
  name: string; category: string; grade: string; unitName: string; regionCode: string; location: [number, number]; footprint: string | null;
  checklist: object; oneLibrary: object; repairTeamId: number | null; repairTeamName: string | null;
}
/** Writes every editable field and moves the version on (the caller checked the version it was sent under the row lock). */
export async function updateTarget(db: Queryable, id: number, t: TargetUpdate): Promise<void> {
  await db.query(
    `UPDATE key_target SET name = $2, category = $3, grade = $4, unit_name = $5, region_code = $6, location = ST_SetSRID(ST_MakePoint($7, $8), 4326),
            footprint = CASE WHEN $9::text IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($9), 4326)) END,
            checklist = $10, one_library = $11, repair_team_id = $12, repair_team_name = $13, version = version + 1, updated_at = now() WHERE id = $1`,
    [id, t.name, t.category, t.grade, t.unitName, t.regionCode, t.location[0], t.location[1], t.footprint,
      JSON.stringify(t.checklist), JSON.stringify(t.oneLibrary), t.repairTeamId, t.repairTeamName]);
}

export async function deleteTarget(db: Queryable, id: number): Promise<void> {
  await db.query(`DELETE FROM key_target WHERE id = $1`, [id]);
}

export async function setPlans(db: Queryable, id: number, planIds: readonly number[]): Promise<void> {
  await db.query(`DELETE FROM key_target_plan WHERE target_id = $1`, [id]);
  if (planIds.length > 0) await db.query(`INSERT INTO key_target_plan (target_id, plan_id) SELECT $1, unnest($2::int[])`, [id, planIds]);
}

export async function funds(db: Queryable, id: number): Promise<FundRow[]> {
  const { rows } = await db.query<FundRow>(
    `SELECT id, year, amount_wan AS "amountWan", purpose, created_at AS "createdAt" FROM key_target_fund WHERE target_id = $1 ORDER BY year DESC, id`, [id]);
  return rows;
}

export async function insertFund(db: Queryable, id: number, f: { year: number; amountWan: number; purpose: string }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(`INSERT INTO key_target_fund (target_id, year, amount_wan, purpose) VALUES ($1, $2, $3, $4) RETURNING id`,
    [id, f.year, f.amountWan, f.purpose]);
  return rows[0]!.id;
}
