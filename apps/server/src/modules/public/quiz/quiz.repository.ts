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

export async function insertResult(db: Queryable, r: { regionCode: string; orgKind: string; orgName: string; correct: number; total: number; score: number }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO quiz_result (region_code, org_kind, org_name, correct, total, score) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [r.regionCode, r.orgKind, r.orgName, r.correct, r.total, r.score]);
  return rows[0]!.id;
}

export interface ResultSummaryRow {
  orgKind: string;
  orgName: string;
  tests: number;
  averageScore: number;
  passRate: number;
}

/** Results per organisation in the scope, the most tests first. */
export async function resultSummary(db: Queryable, scope: string): Promise<ResultSummaryRow[]> {
  const { rows } = await db.query<ResultSummaryRow>(
    `SELECT org_kind AS "orgKind", org_name AS "orgName", count(*)::int AS tests, round(avg(score)::numeric, 1)::float8 AS "averageScore",
            round((count(*) FILTER (WHERE score >= 60))::numeric / count(*), 3)::float8 AS "passRate"
       FROM quiz_result WHERE region_code LIKE $1 || '%' GROUP BY org_kind, org_name ORDER BY tests DESC, org_name LIMIT 50`, [scope]);
  return rows;
}
