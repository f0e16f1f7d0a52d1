/**
 * The only SQL of the evacuation module. Every read of records takes the caller's jurisdiction prefix (`scope`) and
 * filters on it here; writes take the caller's transaction.
 */
import type { EvacState, EvacTiming } from '@civdef/domain';
import type { Queryable } from '../../db/index.ts';

export interface PlaceRow {
  id: number; kind: 'base' | 'area' | 'assembly'; code: string; name: string; regionCode: string; capacity: number; state: EvacState;
  location: [number, number]; outline: string | null; synthetic: boolean; version: number;
}
export interface RouteRow {
  id: number; code: string; name: string; regionCode: string; peoplePerHour: number; state: EvacState; path: string; toPlaceId: number | null; synthetic: boolean; version: number;
}
export interface AreaPlanRow {
  regionCode: string; regionName: string; share: number; targetGroups: string[]; destinationId: number | null; destinationName: string | null; timing: EvacTiming; synthetic: boolean;
}
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export interface RunRow {
  id: number; regionCode: string; status: RunStatus; phase: string; params: Record<string, unknown>; summary: Record<string, unknown> | null;
  error: string | null; createdAt: Date; finishedAt: Date | null;
}
export interface FlowRow { stage: 'assembly' | 'base'; regionCode: string; regionName: string; placeId: number | null; placeName: string | null; people: number; metres: number | null; from: [number, number] | null; to: [number, number] | null }

const PLACE_COLUMNS = `id, kind, code, name, region_code AS "regionCode", capacity, state, json_build_array(ST_X(location), ST_Y(location)) AS location,
  ST_AsGeoJSON(outline, 6) AS outline, synthetic, version`;

export async function places(db: Queryable, scope: string, kind: string | null): Promise<PlaceRow[]> {
  const { rows } = await db.query<PlaceRow>(`SELECT ${PLACE_COLUMNS} FROM evac_place WHERE region_code LIKE $1 || '%' AND ($2::text IS NULL OR kind = $2) ORDER BY kind, id`, [scope, kind]);
  return rows;
}

export async function placeById(db: Queryable, scope: string, id: number, lock = false): Promise<PlaceRow | null> {
  const { rows } = await db.query<PlaceRow>(`SELECT ${PLACE_COLUMNS} FROM evac_place WHERE id = $1 AND region_code LIKE $2 || '%'${lock ? ' FOR UPDATE' : ''}`, [id, scope]);
  return rows[0] ?? null;
}

export async function codeTaken(db: Queryable, table: 'evac_place' | 'evac_route', code: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM ${table} WHERE code = $1`, [code])).rows.length > 0;
}

export interface PlaceWrite { kind: string; code: string; name: string; regionCode: string; capacity: number; state: string; location: [number, number]; outline: string | null; synthetic: boolean }
export async function insertPlaces(db: Queryable, ps: readonly PlaceWrite[]): Promise<number[]> {
  if (ps.length === 0) return [];
  const { rows } = await db.query<{ id: number; code: string }>(
    `INSERT INTO evac_place (kind, code, name, region_code, capacity, state, location, outline, synthetic)
     SELECT p.kind, p.code, p.name, p."regionCode", p.capacity, p.state, ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326),
            CASE WHEN p.outline IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(p.outline), 4326)) END, p.synthetic
       FROM jsonb_to_recordset($1::jsonb) AS p(kind text, code text, name text, "regionCode" text, capacity int, state text, lng float8, lat float8, outline text, synthetic boolean)
     RETURNING id, code`,
    [JSON.stringify(ps.map((p) => ({ kind: p.kind, code: p.code, name: p.name, regionCode: p.regionCode, capacity: p.capacity, state: p.state, lng: p.location[0], lat: p.location[1], outline: p.outline, synthetic: p.synthetic })))]);
  // Codes are unique: the ids in the order the places were given.
  const byCode = new Map(rows.map((r) => [r.code, r.id]));
  return ps.map((p) => byCode.get(p.code)!);
}

export interface PlaceUpdate { name: string; capacity: number; state: string; location: [number, number]; outline: string | null }
/** Writes the editable fields and moves the version on (the caller checked the version under the row lock). */
export async function updatePlace(db: Queryable, id: number, p: PlaceUpdate): Promise<void> {
  await db.query(
    `UPDATE evac_place SET name = $2, capacity = $3, state = $4, location = ST_SetSRID(ST_MakePoint($5, $6), 4326),
            outline = CASE WHEN $7::text IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($7), 4326)) END, version = version + 1 WHERE id = $1`,
    [id, p.name, p.capacity, p.state, p.location[0], p.location[1], p.outline]);
}

/** What still refers to a place, counted over every jurisdiction: run results, head counts, area plans, routes. */
export async function placeReferences(db: Queryable, id: number): Promise<{ runs: number; counts: number; plans: number; routes: number }> {
  const { rows } = await db.query<{ runs: number; counts: number; plans: number; routes: number }>(
    `SELECT (SELECT count(DISTINCT run_id) FROM evac_run_flow WHERE place_id = $1)::int AS runs,
            (SELECT count(*) FROM evac_count WHERE place_id = $1)::int AS counts,
            (SELECT count(*) FROM evac_area_plan WHERE destination_id = $1)::int AS plans,
            (SELECT count(*) FROM evac_route WHERE to_place_id = $1)::int AS routes`, [id]);
  return rows[0]!;
}

export async function deletePlace(db: Queryable, id: number): Promise<void> {
  await db.query(`DELETE FROM evac_place WHERE id = $1`, [id]);
}

const ROUTE_COLUMNS = `id, code, name, region_code AS "regionCode", people_per_hour AS "peoplePerHour", state, ST_AsGeoJSON(path, 6) AS path,
  to_place_id AS "toPlaceId", synthetic, version`;
export async function routes(db: Queryable, scope: string): Promise<RouteRow[]> {
  const { rows } = await db.query<RouteRow>(
    `SELECT ${ROUTE_COLUMNS} FROM evac_route WHERE region_code LIKE $1 || '%' ORDER BY id`, [scope]);
  return rows;
}

export async function routeById(db: Queryable, scope: string, id: number, lock = false): Promise<RouteRow | null> {
  const { rows } = await db.query<RouteRow>(`SELECT ${ROUTE_COLUMNS} FROM evac_route WHERE id = $1 AND region_code LIKE $2 || '%'${lock ? ' FOR UPDATE' : ''}`, [id, scope]);
  return rows[0] ?? null;
}

export interface RouteUpdate { name: string; peoplePerHour: number; state: string; path: [number, number][]; toPlaceId: number | null }
/** Writes the editable fields and moves the version on (the caller checked the version under the row lock). */
export async function updateRoute(db: Queryable, id: number, r: RouteUpdate): Promise<void> {
  await db.query(
    `UPDATE evac_route SET name = $2, people_per_hour = $3, state = $4, path = ST_SetSRID(ST_GeomFromGeoJSON($5), 4326), to_place_id = $6, version = version + 1 WHERE id = $1`,
    [id, r.name, r.peoplePerHour, r.state, JSON.stringify({ type: 'LineString', coordinates: r.path }), r.toPlaceId]);
}

/** Nothing refers to a route: a run reads the routes as they are when it is asked, and stores none of them. */
export async function deleteRoute(db: Queryable, id: number): Promise<void> {
  await db.query(`DELETE FROM evac_route WHERE id = $1`, [id]);
}

export interface RouteWrite { code: string; name: string; regionCode: string; peoplePerHour: number; state: string; path: [number, number][]; toPlaceId: number | null; synthetic: boolean }
export async function insertRoute(db: Queryable, r: RouteWrite): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO evac_route (code, name, region_code, people_per_hour, state, path, to_place_id, synthetic)
     VALUES ($1, $2, $3, $4, $5, ST_SetSRID(ST_GeomFromGeoJSON($6), 4326), $7, $8) RETURNING id`,
    [r.code, r.name, r.regionCode, r.peoplePerHour, r.state, JSON.stringify({ type: 'LineString', coordinates: r.path }), r.toPlaceId, r.synthetic]);
  return rows[0]!.id;
}

export async function areaPlans(db: Queryable, scope: string): Promise<AreaPlanRow[]> {
  const { rows } = await db.query<AreaPlanRow>(
    `SELECT a.region_code AS "regionCode", r.name AS "regionName", a.share, a.target_groups AS "targetGroups", a.destination_id AS "destinationId",
            p.name AS "destinationName", a.timing, a.synthetic
       FROM evac_area_plan a JOIN region r ON r.code = a.region_code LEFT JOIN evac_place p ON p.id = a.destination_id
      WHERE a.region_code LIKE $1 || '%' ORDER BY a.region_code`, [scope]);
  return rows;
}

export async function areaPlan(db: Queryable, code: string): Promise<AreaPlanRow | null> {
  const { rows } = await db.query<AreaPlanRow>(
    `SELECT a.region_code AS "regionCode", r.name AS "regionName", a.share, a.target_groups AS "targetGroups", a.destination_id AS "destinationId",
            NULL AS "destinationName", a.timing, a.synthetic FROM evac_area_plan a JOIN region r ON r.code = a.region_code WHERE a.region_code = $1`, [code]);
  return rows[0] ?? null;
}

export async function upsertAreaPlan(db: Queryable, p: { regionCode: string; share: number; targetGroups: string[]; destinationId: number | null; timing: string; synthetic: boolean; updatedBy: number | null }): Promise<void> {
  await db.query(
    `INSERT INTO evac_area_plan (region_code, share, target_groups, destination_id, timing, synthetic, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (region_code) DO UPDATE SET share = EXCLUDED.share, target_groups = EXCLUDED.target_groups, destination_id = EXCLUDED.destination_id,
       timing = EXCLUDED.timing, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [p.regionCode, p.share, p.targetGroups, p.destinationId, p.timing, p.synthetic, p.updatedBy]);
}

const RUN_COLUMNS = `id, region_code AS "regionCode", status, phase, params, summary, error, created_at AS "createdAt", finished_at AS "finishedAt"`;

export async function insertRun(db: Queryable, r: { regionCode: string; params: object; createdBy: number }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(`INSERT INTO evac_run (region_code, status, params, created_by) VALUES ($1, 'queued', $2, $3) RETURNING id`,
    [r.regionCode, JSON.stringify(r.params), r.createdBy]);
  return rows[0]!.id;
}

export async function runById(db: Queryable, scope: string, id: number, lock = false): Promise<RunRow | null> {
  const { rows } = await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM evac_run WHERE id = $1 AND region_code LIKE $2 || '%'${lock ? ' FOR UPDATE' : ''}`, [id, scope]);
  return rows[0] ?? null;
}

export async function listRuns(db: Queryable, scope: string): Promise<RunRow[]> {
  const { rows } = await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM evac_run WHERE region_code LIKE $1 || '%' ORDER BY id DESC LIMIT 50`, [scope]);
  return rows;
}

/** Moves a queued run to running; false when it is no longer queued. */
export async function markRunning(db: Queryable, id: number): Promise<boolean> {
  return (await db.query(`UPDATE evac_run SET status = 'running', phase = 'loading' WHERE id = $1 AND status = 'queued'`, [id])).rowCount > 0;
}

export async function setPhase(db: Queryable, id: number, phase: string): Promise<void> {
  await db.query(`UPDATE evac_run SET phase = $2 WHERE id = $1 AND status = 'running'`, [id, phase]);
}

export async function finishRun(db: Queryable, id: number, r: { status: RunStatus; summary?: object; error?: string }): Promise<boolean> {
  return (await db.query(
    `UPDATE evac_run SET status = $2, phase = 'done', summary = $3, error = $4, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`,
    [id, r.status, r.summary ? JSON.stringify(r.summary) : null, r.error ?? null])).rowCount > 0;
}

export async function failInterrupted(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE evac_run SET status = 'failed', phase = 'done', error = 'interrupted by a server stop', finished_at = now() WHERE status IN ('queued', 'running') RETURNING id`);
  return rows.map((r) => r.id);
}

export interface FlowWrite { stage: 'assembly' | 'base'; regionCode: string; placeId: number | null; placeName: string | null; people: number; metres: number | null; from: [number, number] | null; to: [number, number] | null }
export async function insertFlows(db: Queryable, runId: number, flows: readonly FlowWrite[]): Promise<void> {
  if (flows.length === 0) return;
  await db.query(
    `INSERT INTO evac_run_flow (run_id, stage, region_code, place_id, place_name, people, metres, from_point, to_point)
     SELECT $1, f.stage, f."regionCode", f."placeId", f."placeName", f.people, f.metres,
            CASE WHEN f.fx IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(f.fx, f.fy), 4326) END,
            CASE WHEN f.tx IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(f.tx, f.ty), 4326) END
       FROM jsonb_to_recordset($2::jsonb) AS f(stage text, "regionCode" text, "placeId" int, "placeName" text, people int, metres float8, fx float8, fy float8, tx float8, ty float8)`,
    [runId, JSON.stringify(flows.map((f) => ({ ...f, fx: f.from?.[0] ?? null, fy: f.from?.[1] ?? null, tx: f.to?.[0] ?? null, ty: f.to?.[1] ?? null })))]);
}

export async function flows(db: Queryable, scope: string, runId: number): Promise<FlowRow[]> {
  const { rows } = await db.query<FlowRow>(
    `SELECT f.stage, f.region_code AS "regionCode", r.name AS "regionName", f.place_id AS "placeId", f.place_name AS "placeName", f.people, f.metres,
            CASE WHEN f.from_point IS NULL THEN NULL ELSE json_build_array(ST_X(f.from_point), ST_Y(f.from_point)) END AS "from",
            CASE WHEN f.to_point IS NULL THEN NULL ELSE json_build_array(ST_X(f.to_point), ST_Y(f.to_point)) END AS "to"
       FROM evac_run_flow f JOIN evac_run run ON run.id = f.run_id JOIN region r ON r.code = f.region_code
      WHERE f.run_id = $1 AND run.region_code LIKE $2 || '%' ORDER BY f.stage, f.region_code, f.people DESC`, [runId, scope]);
  return rows;
}

/** The newest succeeded run of the jurisdiction: counts are compared with its plan. */
export async function latestSucceededRun(db: Queryable, scope: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM evac_run WHERE region_code LIKE $1 || '%' AND status = 'succeeded' ORDER BY id DESC LIMIT 1`, [scope]);
  return rows[0]?.id ?? null;
}

export interface CountRow { clientId: string; drillId: number; placeId: number; people: number; device: string | null }
export async function countByClientId(db: Queryable, clientId: string): Promise<CountRow | null> {
  const { rows } = await db.query<CountRow>(`SELECT client_id AS "clientId", drill_id AS "drillId", place_id AS "placeId", people, device FROM evac_count WHERE client_id = $1`, [clientId]);
  return rows[0] ?? null;
}

export async function insertCount(db: Queryable, c: { clientId: string; drillId: number; placeId: number; regionCode: string; people: number; device: string | null; countedBy: number }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO evac_count (client_id, drill_id, place_id, region_code, people, device, counted_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [c.clientId, c.drillId, c.placeId, c.regionCode, c.people, c.device, c.countedBy]);
  return rows[0]!.id;
}

export interface CountTotalRow { placeId: number; counted: number; submissions: number; devices: number; lastAt: Date | null }
export async function countTotals(db: Queryable, scope: string, drillId: number): Promise<CountTotalRow[]> {
  const { rows } = await db.query<CountTotalRow>(
    `SELECT place_id AS "placeId", sum(people)::int AS counted, count(*)::int AS submissions, count(DISTINCT coalesce(device, counted_by::text))::int AS devices, max(counted_at) AS "lastAt"
       FROM evac_count WHERE drill_id = $1 AND region_code LIKE $2 || '%' GROUP BY place_id`, [drillId, scope]);
  return rows;
}

/** People the run sends to each place (its plan for the count). */
export async function plannedByPlace(db: Queryable, runId: number): Promise<Array<{ placeId: number; planned: number }>> {
  const { rows } = await db.query<{ placeId: number; planned: number }>(
    `SELECT place_id AS "placeId", sum(people)::int AS planned FROM evac_run_flow WHERE run_id = $1 AND place_id IS NOT NULL GROUP BY place_id`, [runId]);
  return rows;
}

/** People a run sends to each base or evacuation area (the road stage), with the place as it is now. */
export async function baseFlowsByPlace(db: Queryable, scope: string, runId: number): Promise<Array<{ placeId: number; name: string; kind: string; capacity: number | null; state: EvacState | null; people: number }>> {
  const { rows } = await db.query<{ placeId: number; name: string; kind: string; capacity: number | null; state: EvacState | null; people: number }>(
    `SELECT f.place_id AS "placeId", coalesce(p.name, min(f.place_name)) AS name, coalesce(p.kind, 'base') AS kind, p.capacity, p.state, sum(f.people)::int AS people
       FROM evac_run_flow f LEFT JOIN evac_place p ON p.id = f.place_id
      WHERE f.run_id = $1 AND f.stage = 'base' AND f.place_id IS NOT NULL AND f.region_code LIKE $2 || '%'
      GROUP BY f.place_id, p.name, p.kind, p.capacity, p.state
      ORDER BY people DESC, f.place_id`, [runId, scope]);
  return rows;
}
