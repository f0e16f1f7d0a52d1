/** The only SQL of the quiz: the question bank and the results. */
import type { Queryable } from '../../../db/index.ts';

export interface QuestionRow {
  id: number;
  regionCode: string | null;
  category: string;
  kind: string;
  stem: string;
  options: Array<{ key: string; text: string }>;
  answer: string[];
  explanation: string | null;
  active: boolean;
  version: number;
  updatedAt: Date;
}

const COLUMNS = `id, region_code AS "regionCode", category, kind, stem, options, answer, explanation, active, version, updated_at AS "updatedAt"`;

/** Active questions drawn at random (the public's quiz: every office's questions and the nationwide ones). */
export async function drawQuestions(db: Queryable, category: string | undefined, count: number): Promise<QuestionRow[]> {
  const { rows } = await db.query<QuestionRow>(
    `SELECT ${COLUMNS} FROM quiz_question WHERE active AND ($1::text IS NULL OR category = $1) ORDER BY random() LIMIT $2`, [category ?? null, count]);
  return rows;
}

export async function activeByIds(db: Queryable, ids: readonly number[]): Promise<QuestionRow[]> {
  const { rows } = await db.query<QuestionRow>(`SELECT ${COLUMNS} FROM quiz_question WHERE active AND id = ANY($1::int[])`, [ids]);
  return rows;
}

/** The bank as an office sees it: nationwide questions and those of its jurisdiction. */
export async function listQuestions(db: Queryable, scope: string, category: string | undefined): Promise<QuestionRow[]> {
  const { rows } = await db.query<QuestionRow>(
    `SELECT ${COLUMNS} FROM quiz_question WHERE (region_code IS NULL OR region_code LIKE $1 || '%') AND ($2::text IS NULL OR category = $2)
      ORDER BY region_code NULLS FIRST, category, id`, [scope, category ?? null]);
  return rows;
}

/** A question the office may edit (its own jurisdiction's; nationwide ones are nobody's to edit), locked. */
export async function lockQuestion(db: Queryable, id: number, scope: string): Promise<QuestionRow | null> {
  const { rows } = await db.query<QuestionRow>(`SELECT ${COLUMNS} FROM quiz_question WHERE id = $1 AND region_code LIKE $2 || '%' FOR UPDATE`, [id, scope]);
  return rows[0] ?? null;
}

export interface QuestionWrite {
  category: string;
  kind: string;
  stem: string;
  options: Array<{ key: string; text: string }>;
  answer: string[];
  explanation: string | null;
  active: boolean;
}

export async function insertQuestion(db: Queryable, regionCode: string, q: QuestionWrite): Promise<QuestionRow> {
  const { rows } = await db.query<QuestionRow>(
    `INSERT INTO quiz_question (region_code, category, kind, stem, options, answer, explanation, active) VALUES ($1, $2, $3, $4, $5::jsonb, $6::text[], $7, $8)
     RETURNING ${COLUMNS}`, [regionCode, q.category, q.kind, q.stem, JSON.stringify(q.options), q.answer, q.explanation, q.active]);
  return rows[0]!;
}

export async function updateQuestion(db: Queryable, id: number, version: number, q: QuestionWrite): Promise<QuestionRow | null> {
  const { rows } = await db.query<QuestionRow>(
    `UPDATE quiz_question SET category = $3, kind = $4, stem = $5, options = $6::jsonb, answer = $7::text[], explanation = $8, active = $9,
            version = version + 1, updated_at = now() WHERE id = $1 AND version = $2 RETURNING ${COLUMNS}`,
    [id, version, q.category, q.kind, q.stem, JSON.stringify(q.options), q.answer, q.explanation, q.active]);
  return rows[0] ?? null;
}

export async function insertResult(db: Queryable, r: { regionCode: string; orgId: number | null; orgKind: string; orgName: string; correct: number; total: number; score: number }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO quiz_result (region_code, org_id, org_kind, org_name, correct, total, score) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [r.regionCode, r.orgId, r.orgKind, r.orgName, r.correct, r.total, r.score]);
  return rows[0]!.id;
}

export interface ResultSummaryRow {
  orgId: number | null;
  orgKind: string;
  orgName: string;
  districtCode: string;
  districtName: string | null;
  tests: number;
  averageScore: number;
  passRate: number;
}

/**
 * Results per organisation in the scope, the most tests first: a listed organisation by its id (so two spellings
 * never split it), an unlisted one by kind and name within its district.
 */
export async function resultSummary(db: Queryable, scope: string): Promise<ResultSummaryRow[]> {
  const { rows } = await db.query<ResultSummaryRow>(
    `SELECT r.org_id AS "orgId", coalesce(o.kind, r.org_kind) AS "orgKind", coalesce(o.name, r.org_name) AS "orgName",
            left(r.region_code, 6) AS "districtCode", d.name AS "districtName", count(*)::int AS tests,
            round(avg(r.score)::numeric, 1)::float8 AS "averageScore",
            round((count(*) FILTER (WHERE r.score >= 60))::numeric / count(*), 3)::float8 AS "passRate"
       FROM quiz_result r LEFT JOIN quiz_org o ON o.id = r.org_id LEFT JOIN region d ON d.code = left(r.region_code, 6)
      WHERE r.region_code LIKE $1 || '%'
      GROUP BY r.org_id, coalesce(o.kind, r.org_kind), coalesce(o.name, r.org_name), left(r.region_code, 6), d.name
      ORDER BY tests DESC, "orgName" LIMIT 50`, [scope]);
  return rows;
}

export interface OrgRow {
  id: number;
  regionCode: string;
  /** The town-level unit's name (null when the organisation sits directly in a district). */
  townName: string | null;
  kind: string;
  name: string;
  active: boolean;
}

const ORG_COLUMNS = `o.id, o.region_code AS "regionCode", CASE WHEN length(o.region_code) = 9 THEN t.name END AS "townName", o.kind, o.name, o.active`;

/** The organisations of the scope (the public's list: active ones of the city; the console's: all of its jurisdiction). */
export async function listOrgs(db: Queryable, scope: string, activeOnly: boolean): Promise<OrgRow[]> {
  const { rows } = await db.query<OrgRow>(
    `SELECT ${ORG_COLUMNS} FROM quiz_org o LEFT JOIN region t ON t.code = o.region_code
      WHERE o.region_code LIKE $1 || '%' AND (o.active OR NOT $2) ORDER BY o.region_code, o.kind, o.name`, [scope, activeOnly]);
  return rows;
}

export async function orgById(db: Queryable, id: number): Promise<OrgRow | null> {
  const { rows } = await db.query<OrgRow>(`SELECT ${ORG_COLUMNS} FROM quiz_org o LEFT JOIN region t ON t.code = o.region_code WHERE o.id = $1`, [id]);
  return rows[0] ?? null;
}

/** A listed, active organisation of that kind and exact name in the region (a typed name that is on the list). */
export async function orgByName(db: Queryable, regionCode: string, kind: string, name: string): Promise<OrgRow | null> {
  const { rows } = await db.query<OrgRow>(
    `SELECT ${ORG_COLUMNS} FROM quiz_org o LEFT JOIN region t ON t.code = o.region_code
      WHERE o.active AND o.region_code LIKE $1 || '%' AND o.kind = $2 AND o.name = $3 ORDER BY o.id LIMIT 2`, [regionCode, kind, name]);
  // Two organisations of that name in the district's towns: which one is meant is unknown, so neither.
  return rows.length === 1 ? rows[0]! : null;
}

/** The districts (county level) under the city, for the public's first choice. */
export async function districtsOf(db: Queryable, cityCode: string): Promise<Array<{ code: string; name: string }>> {
  const { rows } = await db.query<{ code: string; name: string }>(`SELECT code, name FROM region WHERE parent_code = $1 AND level = 'county' ORDER BY code`, [cityCode]);
  return rows;
}

/** Inserts an organisation; null when one of that kind and name is already listed in the region. */
export async function insertOrg(db: Queryable, o: { regionCode: string; kind: string; name: string }): Promise<OrgRow | null> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO quiz_org (region_code, kind, name) VALUES ($1, $2, $3) ON CONFLICT (region_code, kind, name) DO NOTHING RETURNING id`, [o.regionCode, o.kind, o.name]);
  return rows[0] ? orgById(db, rows[0].id) : null;
}

export async function setOrgActive(db: Queryable, id: number, scope: string, active: boolean): Promise<OrgRow | null> {
  const { rows } = await db.query<{ id: number }>(`UPDATE quiz_org SET active = $3 WHERE id = $1 AND region_code LIKE $2 || '%' RETURNING id`, [id, scope, active]);
  return rows[0] ? orgById(db, rows[0].id) : null;
}

/** The demo's list in one statement; returns how many were written. */
export async function insertOrgsBulk(db: Queryable, orgs: ReadonlyArray<{ regionCode: string; kind: string; name: string }>): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `WITH ins AS (INSERT INTO quiz_org (region_code, kind, name)
       SELECT "regionCode", kind, name FROM jsonb_to_recordset($1::jsonb) AS x("regionCode" text, kind text, name text)
       ON CONFLICT (region_code, kind, name) DO NOTHING RETURNING 1) SELECT count(*)::int AS n FROM ins`, [JSON.stringify(orgs)]);
  return rows[0]!.n;
}

/**
 * An import's writes in one statement each: the new organisations inserted, and those whose 在用 flag the file
 * changes updated (inside the scope only). Returns the counts written.
 */
export async function applyOrgImport(db: Queryable, scope: string, add: ReadonlyArray<{ regionCode: string; kind: string; name: string; active: boolean }>,
  flip: ReadonlyArray<{ id: number; active: boolean }>): Promise<{ created: number; updated: number }> {
  const ins = await db.query<{ n: number }>(
    `WITH ins AS (INSERT INTO quiz_org (region_code, kind, name, active)
       SELECT "regionCode", kind, name, active FROM jsonb_to_recordset($1::jsonb) AS x("regionCode" text, kind text, name text, active boolean)
       ON CONFLICT (region_code, kind, name) DO NOTHING RETURNING 1) SELECT count(*)::int AS n FROM ins`, [JSON.stringify(add)]);
  const upd = await db.query<{ n: number }>(
    `WITH upd AS (UPDATE quiz_org o SET active = x.active FROM jsonb_to_recordset($1::jsonb) AS x(id int, active boolean)
       WHERE o.id = x.id AND o.region_code LIKE $2 || '%' AND o.active IS DISTINCT FROM x.active RETURNING 1) SELECT count(*)::int AS n FROM upd`,
    [JSON.stringify(flip), scope]);
  return { created: ins.rows[0]!.n, updated: upd.rows[0]!.n };
}
