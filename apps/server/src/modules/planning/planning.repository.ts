/**
 * The only SQL of the planning module. Every read takes the caller's jurisdiction prefix (`scope`) and filters on it
 * here; writes take a `Queryable`, which is the caller's transaction. The population comes through its module's
 * service. Works are counted here, read-only (personnel-shelter units, gross areas, locations): a known shortcut of the
 * module-door rule, to be moved behind a `WorksService` read (shelter units in scope and states) when the works
 * module next changes, so that its table stays its own.
 */
import type { Queryable } from '../../db/index.ts';

export interface ShelterUnitRow {
  regionCode: string;
  shelterAreaM2: number;
}

/**
 * The personnel-shelter units (sheltering residents) of the works in `states`: a unit whose wartime function is a
 * personnel-shelter sub-type, or that names none inside a personnel-shelter work. Places are derived by the caller
 * through the domain's one rule.
 */
export async function personnelUnits(db: Queryable, scope: string, states: readonly string[], functions: readonly string[]): Promise<ShelterUnitRow[]> {
  const { rows } = await db.query<ShelterUnitRow>(
    `SELECT w.region_code AS "regionCode", u.shelter_area_m2 AS "shelterAreaM2"
       FROM work w JOIN work_unit u ON u.work_id = w.id
      WHERE w.region_code LIKE $1 || '%' AND w.lifecycle_state = ANY($2::text[])
        AND (u.wartime_function = ANY($3::text[]) OR (u.wartime_function IS NULL AND w.work_class = 'personnel'))`,
    [scope, states, functions],
  );
  return rows;
}

/** Works and their gross area (建筑面积, every class) per region code, for the per-capita area indicator. */
export async function worksAreaByRegion(db: Queryable, scope: string, states: readonly string[]): Promise<Array<{ regionCode: string; works: number; grossAreaM2: number }>> {
  const { rows } = await db.query<{ regionCode: string; works: number; grossAreaM2: number }>(
    `SELECT w.region_code AS "regionCode", count(DISTINCT w.id)::int AS works, coalesce(sum(u.gross_area_m2), 0)::float8 AS "grossAreaM2"
       FROM work w LEFT JOIN work_unit u ON u.work_id = w.id
      WHERE w.region_code LIKE $1 || '%' AND w.lifecycle_state = ANY($2::text[])
      GROUP BY w.region_code`,
    [scope, states],
  );
  return rows;
}

// ---- 留城比例 per area --------------------------------------------------------------------------------------

export interface StayRatioRow {
  regionCode: string;
  stayRatio: number;
  source: string | null;
  updatedAt: Date;
}

/** Settings inside the scope and those of the scope's ancestors (a county's ratio may come from the city). */
export async function stayRatios(db: Queryable, scope: string, ancestors: readonly string[]): Promise<StayRatioRow[]> {
  const { rows } = await db.query<StayRatioRow>(
    `SELECT region_code AS "regionCode", stay_ratio AS "stayRatio", source, updated_at AS "updatedAt"
       FROM planning_area_setting WHERE region_code LIKE $1 || '%' OR region_code = ANY($2::text[]) ORDER BY region_code`,
    [scope, ancestors],
  );
  return rows;
}

export async function stayRatioOf(db: Queryable, regionCode: string): Promise<StayRatioRow | null> {
  const { rows } = await db.query<StayRatioRow>(
    `SELECT region_code AS "regionCode", stay_ratio AS "stayRatio", source, updated_at AS "updatedAt"
       FROM planning_area_setting WHERE region_code = $1 FOR UPDATE`,
    [regionCode],
  );
  return rows[0] ?? null;
}

export async function upsertStayRatio(db: Queryable, regionCode: string, stayRatio: number, source: string | null, userId: number): Promise<StayRatioRow> {
  const { rows } = await db.query<StayRatioRow>(
    `INSERT INTO planning_area_setting (region_code, stay_ratio, source, updated_by, updated_at) VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (region_code) DO UPDATE SET stay_ratio = EXCLUDED.stay_ratio, source = EXCLUDED.source, updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING region_code AS "regionCode", stay_ratio AS "stayRatio", source, updated_at AS "updatedAt"`,
    [regionCode, stayRatio, source, userId],
  );
  return rows[0]!;
}

export async function deleteStayRatio(db: Queryable, regionCode: string): Promise<boolean> {
  return (await db.query('DELETE FROM planning_area_setting WHERE region_code = $1', [regionCode])).rowCount > 0;
}

// ---- allocation inputs ------------------------------------------------------------------------------------

export interface ShelterWorkRow {
  workId: number;
  code: string;
  name: string;
  regionCode: string;
  lng: number;
  lat: number;
  /** 掩蔽面积 of each personnel-shelter unit of the work. */
  unitAreasM2: number[];
}

/** Works with at least one personnel-shelter unit, in the counted states, each with its units' sheltering areas. */
export async function shelterWorks(db: Queryable, scope: string, states: readonly string[], functions: readonly string[]): Promise<ShelterWorkRow[]> {
  const { rows } = await db.query<ShelterWorkRow>(
    `SELECT w.id AS "workId", w.code, w.name, w.region_code AS "regionCode", ST_X(w.location) AS lng, ST_Y(w.location) AS lat,
            array_agg(u.shelter_area_m2 ORDER BY u.position) AS "unitAreasM2"
       FROM work w JOIN work_unit u ON u.work_id = w.id
      WHERE w.region_code LIKE $1 || '%' AND w.lifecycle_state = ANY($2::text[])
        AND (u.wartime_function = ANY($3::text[]) OR (u.wartime_function IS NULL AND w.work_class = 'personnel'))
      GROUP BY w.id ORDER BY w.id`,
    [scope, states, functions],
  );
  return rows.map((r) => ({ ...r, unitAreasM2: r.unitAreasM2.map(Number) }));
}

/** Which of `ids` are works in the scope (a what-if may only remove works the caller can see). */
export async function worksInScope(db: Queryable, scope: string, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM work WHERE id = ANY($1::int[]) AND region_code LIKE $2 || '%'`, [ids, scope]);
  return rows.map((r) => r.id);
}

/** The region code of the point: the smallest region whose boundary holds it, inside the scope. */
export async function regionAt(db: Queryable, scope: string, lng: number, lat: number): Promise<string | null> {
  const { rows } = await db.query<{ code: string }>(
    `SELECT b.code FROM region_boundary b
      WHERE b.code LIKE $1 || '%' AND ST_Covers(b.geom, ST_SetSRID(ST_MakePoint($2, $3), 4326))
      ORDER BY length(b.code) DESC, b.code LIMIT 1`,
    [scope, lng, lat],
  );
  return rows[0]?.code ?? null;
}

// ---- allocation runs --------------------------------------------------------------------------------------

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface RunRow {
  id: number;
  regionCode: string;
  status: RunStatus;
  phase: string;
  params: Record<string, unknown>;
  inputs: Record<string, unknown> | null;
  summary: Record<string, unknown> | null;
  certificate: Record<string, unknown> | null;
  distance: Record<string, unknown> | null;
  error: string | null;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const RUN_COLUMNS = `r.id, r.region_code AS "regionCode", r.status, r.phase, r.params, r.inputs, r.summary, r.certificate, r.distance, r.error,
  r.created_by AS "createdBy", u.display_name AS "createdByName", r.created_at AS "createdAt", r.started_at AS "startedAt", r.finished_at AS "finishedAt"`;

export async function insertRun(db: Queryable, run: { regionCode: string; params: object; createdBy: number }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO allocation_run (region_code, status, phase, params, created_by) VALUES ($1, 'queued', 'queued', $2::jsonb, $3) RETURNING id`,
    [run.regionCode, JSON.stringify(run.params), run.createdBy],
  );
  return rows[0]!.id;
}

export async function runById(db: Queryable, scope: string, id: number, forUpdate = false): Promise<RunRow | null> {
  const { rows } = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM allocation_run r LEFT JOIN app_user u ON u.id = r.created_by
      WHERE r.id = $1 AND r.region_code LIKE $2 || '%'${forUpdate ? ' FOR UPDATE OF r' : ''}`,
    [id, scope],
  );
  return rows[0] ?? null;
}

export async function listRuns(db: Queryable, scope: string, limit: number): Promise<RunRow[]> {
  const { rows } = await db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM allocation_run r LEFT JOIN app_user u ON u.id = r.created_by
      WHERE r.region_code LIKE $1 || '%' ORDER BY r.id DESC LIMIT $2`,
    [scope, limit],
  );
  return rows;
}

export async function markRunning(db: Queryable, id: number): Promise<boolean> {
  const res = await db.query(`UPDATE allocation_run SET status = 'running', phase = 'loading', started_at = now() WHERE id = $1 AND status = 'queued'`, [id]);
  return res.rowCount > 0;
}

export async function setPhase(db: Queryable, id: number, phase: string): Promise<void> {
  await db.query(`UPDATE allocation_run SET phase = $2 WHERE id = $1 AND status = 'running'`, [id, phase]);
}

/** Ends a run that is still queued or running; answers false when it had already ended. */
export async function finishRun(db: Queryable, id: number, end: { status: 'succeeded' | 'failed' | 'cancelled'; error?: string | null; inputs?: object | null; summary?: object | null; certificate?: object | null; distance?: object | null }): Promise<boolean> {
  const res = await db.query(
    `UPDATE allocation_run SET status = $2, phase = 'done', error = $3, inputs = coalesce($4::jsonb, inputs), summary = $5::jsonb,
            certificate = $6::jsonb, distance = $7::jsonb, finished_at = now()
      WHERE id = $1 AND status IN ('queued', 'running')`,
    [id, end.status, end.error ?? null, end.inputs ? JSON.stringify(end.inputs) : null, end.summary ? JSON.stringify(end.summary) : null,
      end.certificate ? JSON.stringify(end.certificate) : null, end.distance ? JSON.stringify(end.distance) : null],
  );
  return res.rowCount > 0;
}

/** Runs a stopped process left behind: they can never finish. */
export async function failInterrupted(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE allocation_run SET status = 'failed', phase = 'done', error = 'interrupted: the server stopped during the run', finished_at = now()
      WHERE status IN ('queued', 'running') RETURNING id`,
  );
  return rows.map((r) => r.id);
}

export interface RunShelterInsert { seq: number; workId: number | null; code: string; name: string; regionCode: string; lng: number; lat: number; capacity: number; assigned: number }
export interface RunDemandInsert { seq: number; regionCode: string; lng: number; lat: number; people: number; unassigned: number }
export interface RunFlowInsert { demandSeq: number; shelterSeq: number; regionCode: string; people: number; metres: number }

export async function insertRunResults(db: Queryable, runId: number, shelters: readonly RunShelterInsert[], demand: readonly RunDemandInsert[], flows: readonly RunFlowInsert[]): Promise<void> {
  // Chunks keep each JSON parameter small enough for both drivers on a city-scale run.
  const CHUNK = 20_000;
  for (let k = 0; k < shelters.length; k += CHUNK) {
    await db.query(
      `INSERT INTO allocation_run_shelter (run_id, seq, work_id, code, name, region_code, location, capacity, assigned)
       SELECT $1, s.seq, s."workId", s.code, s.name, s."regionCode", ST_SetSRID(ST_MakePoint(s.lng, s.lat), 4326), s.capacity, s.assigned
         FROM jsonb_to_recordset($2::jsonb) AS s(seq int, "workId" int, code text, name text, "regionCode" text, lng float8, lat float8, capacity int, assigned int)`,
      [runId, JSON.stringify(shelters.slice(k, k + CHUNK))],
    );
  }
  for (let k = 0; k < demand.length; k += CHUNK) {
    await db.query(
      `INSERT INTO allocation_run_demand (run_id, seq, region_code, location, people, unassigned)
       SELECT $1, d.seq, d."regionCode", ST_SetSRID(ST_MakePoint(d.lng, d.lat), 4326), d.people, d.unassigned
         FROM jsonb_to_recordset($2::jsonb) AS d(seq int, "regionCode" text, lng float8, lat float8, people int, unassigned int)`,
      [runId, JSON.stringify(demand.slice(k, k + CHUNK))],
    );
  }
  for (let k = 0; k < flows.length; k += CHUNK) {
    await db.query(
      `INSERT INTO allocation_run_flow (run_id, demand_seq, shelter_seq, region_code, people, metres)
       SELECT $1, f."demandSeq", f."shelterSeq", f."regionCode", f.people, f.metres
         FROM jsonb_to_recordset($2::jsonb) AS f("demandSeq" int, "shelterSeq" int, "regionCode" text, people int, metres float8)`,
      [runId, JSON.stringify(flows.slice(k, k + CHUNK))],
    );
  }
}

export interface RunShelterRow { seq: number; workId: number | null; code: string; name: string; regionCode: string; lng: number; lat: number; capacity: number; assigned: number }

export async function runShelters(db: Queryable, scope: string, runId: number): Promise<RunShelterRow[]> {
  const { rows } = await db.query<RunShelterRow>(
    `SELECT seq, work_id AS "workId", code, name, region_code AS "regionCode", ST_X(location) AS lng, ST_Y(location) AS lat, capacity, assigned
       FROM allocation_run_shelter WHERE run_id = $1 AND region_code LIKE $2 || '%' ORDER BY seq`,
    [runId, scope],
  );
  return rows;
}

export interface RunDemandRow { seq: number; regionCode: string; lng: number; lat: number; people: number; unassigned: number }

/** Demand points with people left without a place (the heat map). */
export async function runUnassigned(db: Queryable, scope: string, runId: number): Promise<RunDemandRow[]> {
  const { rows } = await db.query<RunDemandRow>(
    `SELECT seq, region_code AS "regionCode", ST_X(location) AS lng, ST_Y(location) AS lat, people, unassigned
       FROM allocation_run_demand WHERE run_id = $1 AND region_code LIKE $2 || '%' AND unassigned > 0 ORDER BY seq`,
    [runId, scope],
  );
  return rows;
}

export interface RunFlowRow { fromLng: number; fromLat: number; toLng: number; toLat: number; people: number; metres: number; shelterSeq: number }

/** Flows whose demand point lies in the bounding box (lines are drawn only at high zoom). */
export async function runFlowsIn(db: Queryable, scope: string, runId: number, bbox: [number, number, number, number], limit: number): Promise<RunFlowRow[]> {
  const { rows } = await db.query<RunFlowRow>(
    `SELECT ST_X(d.location) AS "fromLng", ST_Y(d.location) AS "fromLat", ST_X(s.location) AS "toLng", ST_Y(s.location) AS "toLat",
            f.people, f.metres, f.shelter_seq AS "shelterSeq"
       FROM allocation_run_flow f
       JOIN allocation_run_demand d ON d.run_id = f.run_id AND d.seq = f.demand_seq
       JOIN allocation_run_shelter s ON s.run_id = f.run_id AND s.seq = f.shelter_seq
      WHERE f.run_id = $1 AND f.region_code LIKE $2 || '%' AND d.location && ST_MakeEnvelope($3, $4, $5, $6, 4326)
      ORDER BY f.demand_seq, f.shelter_seq LIMIT $7`,
    [runId, scope, ...bbox, limit],
  );
  return rows;
}

/** People and unassigned people per region code of a run (for the per-area comparison of two runs). */
export async function runDemandByRegion(db: Queryable, scope: string, runId: number): Promise<Array<{ regionCode: string; people: number; unassigned: number }>> {
  const { rows } = await db.query<{ regionCode: string; people: number; unassigned: number }>(
    `SELECT region_code AS "regionCode", sum(people)::float8 AS people, sum(unassigned)::float8 AS unassigned
       FROM allocation_run_demand WHERE run_id = $1 AND region_code LIKE $2 || '%' GROUP BY region_code ORDER BY region_code`,
    [runId, scope],
  );
  return rows;
}
