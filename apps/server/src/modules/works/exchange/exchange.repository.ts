/** SQL of import jobs (work_import_job). */
import type { Queryable } from '../../../db/index.ts';
import type { RowError } from './format/columns.ts';

export interface ImportJobRow {
  id: string;
  createdBy: number | null;
  actor: string | null;
  scope: string;
  fileName: string;
  format: string;
  crs: string;
  status: string;
  totalRows: number;
  errorCount: number;
  errors: RowError[];
  result: Record<string, unknown> | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const COLUMNS = `id, created_by AS "createdBy", actor, scope, file_name AS "fileName", format, crs, status, total_rows AS "totalRows",
  error_count AS "errorCount", errors, result, created_at AS "createdAt", finished_at AS "finishedAt"`;

export async function insertJob(db: Queryable, j: { id: string; createdBy: number; actor: string; scope: string; fileName: string; format: string; crs: string; data: Buffer }): Promise<void> {
  await db.query(
    `INSERT INTO work_import_job (id, created_by, actor, scope, file_name, format, crs, status, file_data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'validating', $8)`,
    [j.id, j.createdBy, j.actor, j.scope, j.fileName, j.format, j.crs, j.data],
  );
}

/** A job visible to a user whose scope covers the job's scope. */
export async function findJob(db: Queryable, id: string, scope: string): Promise<ImportJobRow | null> {
  const { rows } = await db.query<ImportJobRow>(`SELECT ${COLUMNS} FROM work_import_job WHERE id = $1 AND scope LIKE $2 || '%'`, [id, scope]);
  return rows[0] ?? null;
}

export async function jobFile(db: Queryable, id: string): Promise<Buffer | null> {
  const { rows } = await db.query<{ data: Uint8Array | null }>('SELECT file_data AS data FROM work_import_job WHERE id = $1', [id]);
  const data = rows[0]?.data;
  return data ? Buffer.from(data) : null;
}

export async function listJobs(db: Queryable, scope: string, limit: number): Promise<ImportJobRow[]> {
  const { rows } = await db.query<ImportJobRow>(
    `SELECT ${COLUMNS.replace('errors,', `'[]'::jsonb AS errors,`)} FROM work_import_job WHERE scope LIKE $1 || '%' ORDER BY created_at DESC LIMIT $2`,
    [scope, limit],
  );
  return rows;
}

export async function setStatus(db: Queryable, id: string, status: string): Promise<void> {
  await db.query('UPDATE work_import_job SET status = $2 WHERE id = $1', [id, status]);
}

export async function finishJob(
  db: Queryable,
  id: string,
  f: { status: string; totalRows: number; errors: RowError[]; errorCount: number; result: Record<string, unknown> | null; dropFile: boolean },
): Promise<void> {
  await db.query(
    `UPDATE work_import_job SET status = $2, total_rows = $3, errors = $4::jsonb, error_count = $5, result = $6::jsonb, finished_at = now(),
            file_data = CASE WHEN $7 THEN NULL ELSE file_data END WHERE id = $1`,
    [id, f.status, f.totalRows, JSON.stringify(f.errors), f.errorCount, f.result === null ? null : JSON.stringify(f.result), f.dropFile],
  );
}
