/**
 * The only SQL of the coverage module. Runs are visible to everyone whose jurisdiction overlaps the run's (a district
 * user sees a city-wide run), and every result row is filtered by the reader's jurisdiction prefix (`scope`), so a
 * district user reads only their district's rows. Writes take a `Queryable`, which is the caller's transaction.
 */
import type { Queryable } from '../../db/index.ts';

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface RunRow {
  id: number;
  regionCode: string;
  status: RunStatus;
  phase: string;
  baseRunId: number | null;
  params: Record<string, unknown>;
  inputs: Record<string, unknown> | null;
  summary: Record<string, unknown> | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const RUN_COLUMNS = `r.id, r.region_code AS "regionCode", r.status, r.phase, r.base_run_id AS "baseRunId", r.params, r.inputs, r.summary, r.error,
  r.created_at AS "createdAt", r.started_at AS "startedAt", r.finished_at AS "finishedAt"`;

/** A run is visible when its jurisdiction and the reader's overlap: one contains the other. */
const VISIBLE = `(r.scope LIKE $SCOPE || '%' OR $SCOPE LIKE r.scope || '%')`;
const visible = (n: number) => VISIBLE.replaceAll('$SCOPE', `$${n}`);

export async function insertRun(db: Queryable, run: { regionCode: string; scope: string; baseRunId: number | null; params: object; createdBy: number }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO coverage_run (region_code, scope, status, phase, base_run_id, params, created_by) VALUES ($1, $2, 'queued', 'queued', $3, $4::jsonb, $5) RETURNING id`,
    [run.regionCode, run.scope, run.baseRunId, JSON.stringify(run.params), run.createdBy],
  );
  return rows[0]!.id;
}

export async function runById(db: Queryable, scope: string, id: number, forUpdate = false): Promise<RunRow | null> {
  const { rows } = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM coverage_run r WHERE r.id = $1 AND ${visible(2)}${forUpdate ? ' FOR UPDATE OF r' : ''}`,
    [id, scope],
  );
  return rows[0] ?? null;
}

export async function listRuns(db: Queryable, scope: string, limit: number): Promise<RunRow[]> {
  const { rows } = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM coverage_run r WHERE ${visible(1)} ORDER BY r.id DESC LIMIT $2`,
    [scope, limit],
  );
  return rows;
}

export async function markRunning(db: Queryable, id: number): Promise<boolean> {
  const res = await db.query(`UPDATE coverage_run SET status = 'running', phase = 'loading', started_at = now() WHERE id = $1 AND status = 'queued'`, [id]);
  return res.rowCount > 0;
}

export async function setPhase(db: Queryable, id: number, phase: string): Promise<void> {
  await db.query(`UPDATE coverage_run SET phase = $2 WHERE id = $1 AND status = 'running'`, [id, phase]);
}

/** Ends a run that is still queued or running; answers false when it had already ended. */
export async function finishRun(db: Queryable, id: number, end: { status: 'succeeded' | 'failed' | 'cancelled'; error?: string | null; inputs?: object | null; summary?: object | null }): Promise<boolean> {
  const res = await db.query(
    `UPDATE coverage_run SET status = $2, phase = 'done', error = $3, inputs = coalesce($4::jsonb, inputs), summary = $5::jsonb, finished_at = now()
      WHERE id = $1 AND status IN ('queued', 'running')`,
    [id, end.status, end.error ?? null, end.inputs ? JSON.stringify(end.inputs) : null, end.summary ? JSON.stringify(end.summary) : null],
  );
  return res.rowCount > 0;
}

/** Runs a stopped process left behind: they can never finish. */
export async function failInterrupted(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE coverage_run SET status = 'failed', phase = 'done', error = 'interrupted: the server stopped during the run', finished_at = now()
      WHERE status IN ('queued', 'running') RETURNING id`,
  );
  return rows.map((r) => r.id);
}

export interface AreaInsert { regionCode: string; name: string; level: string; areaM2: number; coveredAreaM2: number; people: number; coveredPeople: number; targetPercent: number | null }
export interface UncoveredInsert { seq: number; regionCode: string; areaM2: number; people: number; geometry: object }
export interface SirenInsert { seq: number; sirenId: number | null; code: string; name: string; regionCode: string; lng: number; lat: number; levelDb: number; referenceDistanceM: number; radiusM: number }
export interface SiteInsert { goal: 'target' | 'best_k'; rank: number; regionCode: string; lng: number; lat: number; peopleNew: number }

/** Chunks keep each JSON parameter small enough for both drivers on a city-scale run. */
const CHUNK = 5_000;

export async function insertResults(db: Queryable, runId: number, r: { areas: AreaInsert[]; uncovered: UncoveredInsert[]; sirens: SirenInsert[]; sites: SiteInsert[] }): Promise<void> {
  for (let k = 0; k < r.areas.length; k += CHUNK) {
    await db.query(
      `INSERT INTO coverage_run_area (run_id, region_code, name, level, area_m2, covered_area_m2, people, covered_people, target_percent)
       SELECT $1, a."regionCode", a.name, a.level, a."areaM2", a."coveredAreaM2", a.people, a."coveredPeople", a."targetPercent"
         FROM jsonb_to_recordset($2::jsonb) AS a("regionCode" text, name text, level text, "areaM2" float8, "coveredAreaM2" float8, people float8, "coveredPeople" float8, "targetPercent" float8)`,
      [runId, JSON.stringify(r.areas.slice(k, k + CHUNK))],
    );
  }
  for (let k = 0; k < r.uncovered.length; k += 200) {
    await db.query(
      `INSERT INTO coverage_run_uncovered (run_id, seq, region_code, area_m2, people, geometry)
       SELECT $1, u.seq, u."regionCode", u."areaM2", u.people, ST_SetSRID(ST_GeomFromGeoJSON(u.geometry), 4326)
         FROM jsonb_to_recordset($2::jsonb) AS u(seq int, "regionCode" text, "areaM2" float8, people float8, geometry jsonb)`,
      [runId, JSON.stringify(r.uncovered.slice(k, k + 200))],
    );
  }
  for (let k = 0; k < r.sirens.length; k += CHUNK) {
    await db.query(
      `INSERT INTO coverage_run_siren (run_id, seq, siren_id, code, name, region_code, location, level_db, reference_distance_m, radius_m)
       SELECT $1, s.seq, s."sirenId", s.code, s.name, s."regionCode", ST_SetSRID(ST_MakePoint(s.lng, s.lat), 4326), s."levelDb", s."referenceDistanceM", s."radiusM"
         FROM jsonb_to_recordset($2::jsonb) AS s(seq int, "sirenId" int, code text, name text, "regionCode" text, lng float8, lat float8, "levelDb" float8, "referenceDistanceM" float8, "radiusM" float8)`,
      [runId, JSON.stringify(r.sirens.slice(k, k + CHUNK))],
    );
  }
  if (r.sites.length > 0) {
    await db.query(
      `INSERT INTO coverage_run_site (run_id, goal, rank, region_code, location, people_new)
       SELECT $1, s.goal, s.rank, s."regionCode", ST_SetSRID(ST_MakePoint(s.lng, s.lat), 4326), s."peopleNew"
         FROM jsonb_to_recordset($2::jsonb) AS s(goal text, rank int, "regionCode" text, lng float8, lat float8, "peopleNew" float8)`,
      [runId, JSON.stringify(r.sites)],
    );
  }
}

export interface AreaRow { regionCode: string; name: string; level: string; areaM2: number; coveredAreaM2: number; people: number; coveredPeople: number; targetPercent: number | null }

export async function runAreas(db: Queryable, scope: string, runId: number): Promise<AreaRow[]> {
  const { rows } = await db.query<AreaRow>(
    `SELECT region_code AS "regionCode", name, level, area_m2 AS "areaM2", covered_area_m2 AS "coveredAreaM2", people, covered_people AS "coveredPeople",
            target_percent AS "targetPercent"
       FROM coverage_run_area WHERE run_id = $1 AND region_code LIKE $2 || '%' ORDER BY region_code`,
    [runId, scope],
  );
  return rows;
}

export interface UncoveredRow { seq: number; regionCode: string; areaM2: number; people: number; geometry: string }

export async function runUncovered(db: Queryable, scope: string, runId: number): Promise<UncoveredRow[]> {
  const { rows } = await db.query<UncoveredRow>(
    `SELECT seq, region_code AS "regionCode", area_m2 AS "areaM2", people, ST_AsGeoJSON(geometry, 6) AS geometry
       FROM coverage_run_uncovered WHERE run_id = $1 AND region_code LIKE $2 || '%' ORDER BY seq`,
    [runId, scope],
  );
  return rows;
}

export interface RunSirenRow { seq: number; sirenId: number | null; code: string; name: string; regionCode: string; levelDb: number; radiusM: number; geometry: string }

export async function runSirens(db: Queryable, scope: string, runId: number): Promise<RunSirenRow[]> {
  const { rows } = await db.query<RunSirenRow>(
    `SELECT seq, siren_id AS "sirenId", code, name, region_code AS "regionCode", level_db AS "levelDb", radius_m AS "radiusM", ST_AsGeoJSON(location, 6) AS geometry
       FROM coverage_run_siren WHERE run_id = $1 AND region_code LIKE $2 || '%' ORDER BY seq`,
    [runId, scope],
  );
  return rows;
}

export interface SiteRow { goal: string; rank: number; regionCode: string; peopleNew: number; geometry: string }

export async function runSites(db: Queryable, scope: string, runId: number): Promise<SiteRow[]> {
  const { rows } = await db.query<SiteRow>(
    `SELECT goal, rank, region_code AS "regionCode", people_new AS "peopleNew", ST_AsGeoJSON(location, 6) AS geometry
       FROM coverage_run_site WHERE run_id = $1 AND region_code LIKE $2 || '%' ORDER BY goal DESC, rank`,
    [runId, scope],
  );
  return rows;
}
