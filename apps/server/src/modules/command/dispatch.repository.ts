/**
 * The only SQL of emergency dispatch: incidents, tasks and the timeline. Every read takes the caller's scope.
 */
import type { Queryable } from '../../db/index.ts';

export interface IncidentRow {
  id: number;
  kind: string;
  title: string;
  description: string | null;
  regionCode: string;
  regionName: string | null;
  lng: number;
  lat: number;
  state: string;
  alertId: number | null;
  reportedBy: string | null;
  reportedAt: Date;
  openTasks: number;
  version: number;
}

const INCIDENT_SELECT = `
  SELECT i.id, i.kind, i.title, i.description, i.region_code AS "regionCode", r.name AS "regionName", ST_X(i.location) AS lng, ST_Y(i.location) AS lat,
         i.state, i.alert_id AS "alertId", i.reported_by AS "reportedBy", i.reported_at AS "reportedAt", i.version,
         (SELECT count(*)::int FROM dispatch_task t WHERE t.incident_id = i.id AND t.state IN ('dispatched', 'en_route', 'on_site')) AS "openTasks"
    FROM incident i LEFT JOIN region r ON r.code = i.region_code`;

export async function listIncidents(db: Queryable, scope: string, state: string | null): Promise<IncidentRow[]> {
  const { rows } = await db.query<IncidentRow>(
    `${INCIDENT_SELECT} WHERE i.region_code LIKE $1 || '%' AND ($2::text IS NULL OR i.state = $2) ORDER BY i.reported_at DESC, i.id DESC LIMIT 200`, [scope, state]);
  return rows;
}

export async function findIncident(db: Queryable, id: number, scope: string): Promise<IncidentRow | null> {
  const { rows } = await db.query<IncidentRow>(`${INCIDENT_SELECT} WHERE i.id = $1 AND i.region_code LIKE $2 || '%'`, [id, scope]);
  return rows[0] ?? null;
}

export async function insertIncident(db: Queryable, i: { kind: string; title: string; description: string | null; regionCode: string; location: [number, number]; reportedBy: string }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO incident (kind, title, description, region_code, location, reported_by) VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), $7) RETURNING id`,
    [i.kind, i.title, i.description, i.regionCode, i.location[0], i.location[1], i.reportedBy]);
  return rows[0]!.id;
}

export async function setIncident(db: Queryable, id: number, patch: { state?: string; alertId?: number }): Promise<void> {
  await db.query(
    `UPDATE incident SET state = coalesce($2, state), alert_id = coalesce($3, alert_id), version = version + 1 WHERE id = $1`,
    [id, patch.state ?? null, patch.alertId ?? null]);
}

export interface TaskRow {
  id: number;
  incidentId: number;
  regionCode: string;
  teamId: number;
  teamCode: string;
  teamName: string;
  state: string;
  distanceM: number;
  etaMin: number;
  instruction: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

const TASK_SELECT = `
  SELECT d.id, d.incident_id AS "incidentId", d.region_code AS "regionCode", d.team_id AS "teamId", t.code AS "teamCode", t.name AS "teamName", d.state,
         d.distance_m AS "distanceM", d.eta_min AS "etaMin", d.instruction, d.created_at AS "createdAt", d.updated_at AS "updatedAt", d.version
    FROM dispatch_task d JOIN team t ON t.id = d.team_id`;

export async function tasksOf(db: Queryable, incidentId: number): Promise<TaskRow[]> {
  const { rows } = await db.query<TaskRow>(`${TASK_SELECT} WHERE d.incident_id = $1 ORDER BY d.id`, [incidentId]);
  return rows;
}

export async function findTask(db: Queryable, id: number, scope: string): Promise<TaskRow | null> {
  const { rows } = await db.query<TaskRow>(`${TASK_SELECT} WHERE d.id = $1 AND d.region_code LIKE $2 || '%' FOR UPDATE OF d`, [id, scope]);
  return rows[0] ?? null;
}

export async function insertTask(db: Queryable, t: { incidentId: number; regionCode: string; teamId: number; distanceM: number; etaMin: number; instruction: string | null }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO dispatch_task (incident_id, region_code, team_id, distance_m, eta_min, instruction) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [t.incidentId, t.regionCode, t.teamId, t.distanceM, t.etaMin, t.instruction]);
  return rows[0]!.id;
}

export async function setTaskState(db: Queryable, id: number, state: string): Promise<void> {
  await db.query(`UPDATE dispatch_task SET state = $2, updated_at = now(), version = version + 1 WHERE id = $1`, [id, state]);
}

export async function cancelOpenTasks(db: Queryable, incidentId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `UPDATE dispatch_task SET state = 'cancelled', updated_at = now(), version = version + 1
      WHERE incident_id = $1 AND state IN ('dispatched', 'en_route', 'on_site') RETURNING id`, [incidentId]);
  return rows.map((r) => r.id);
}

export interface EventRow {
  id: number;
  at: Date;
  kind: string;
  taskId: number | null;
  state: string | null;
  note: string | null;
  actor: string | null;
}

export async function timelineOf(db: Queryable, incidentId: number): Promise<EventRow[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT id, at, kind, task_id AS "taskId", state, note, actor FROM dispatch_event WHERE incident_id = $1 ORDER BY at, id`, [incidentId]);
  return rows;
}

export async function addEvent(db: Queryable, e: { incidentId: number; regionCode: string; kind: string; taskId?: number | null; state?: string | null; note?: string | null; actor: string }): Promise<void> {
  await db.query(
    `INSERT INTO dispatch_event (incident_id, task_id, region_code, kind, state, note, actor) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [e.incidentId, e.taskId ?? null, e.regionCode, e.kind, e.state ?? null, e.note ?? null, e.actor]);
}

/** Geodesic distance in metres from a team's base to an incident. */
export async function teamDistance(db: Queryable, teamId: number, incidentId: number): Promise<number> {
  const { rows } = await db.query<{ m: number }>(
    `SELECT ST_Distance(t.location::geography, i.location::geography) AS m FROM team t, incident i WHERE t.id = $1 AND i.id = $2`, [teamId, incidentId]);
  return rows[0]!.m;
}
