/**
 * The only SQL of the drills module. Every read of records takes the caller's jurisdiction prefix (`scope`) and
 * filters on it here; writes take the caller's transaction. Timeline rows are only ever inserted (the table refuses
 * updates and deletes), stamped with the server's clock.
 */
import type { DrillState, FollowUpState, ScoredCriterion, TimelineKind } from '@civdef/domain';
import type { Queryable } from '../../db/index.ts';

export interface Participant { kind: 'unit' | 'team'; refId: number | null; name: string; people: number }

export interface DrillRow {
  id: number; kind: string; title: string; regionCode: string; scenario: string; plannedOn: string; state: DrillState;
  participants: Participant[]; planId: number | null; planTitle: string | null; keyTargetId: number | null; keyTargetName: string | null;
  criteria: ScoredCriterion[]; score: number | null; assessment: string | null; synthetic: boolean; version: number;
  createdAt: Date; startedAt: Date | null; endedAt: Date | null; assessedAt: Date | null;
}
export interface EventRow { id: number; kind: TimelineKind; text: string; actorName: string | null; loggedBy: string | null; loggedAt: Date }
export interface FindingRow { id: number; drillId: number; finding: string; action: string; owner: string; deadline: string; status: FollowUpState; doneAt: Date | null }

const DRILL_COLUMNS = `d.id, d.kind, d.title, d.region_code AS "regionCode", d.scenario, to_char(d.planned_on, 'YYYY-MM-DD') AS "plannedOn", d.state,
  d.participants, d.plan_id AS "planId", p.title AS "planTitle", d.key_target_id AS "keyTargetId", k.name AS "keyTargetName",
  d.criteria, d.score, d.assessment, d.synthetic, d.version, d.created_at AS "createdAt", d.started_at AS "startedAt", d.ended_at AS "endedAt", d.assessed_at AS "assessedAt"`;
const DRILL_FROM = `response_drill d LEFT JOIN response_plan p ON p.id = d.plan_id LEFT JOIN key_target k ON k.id = d.key_target_id`;

export async function listDrills(db: Queryable, scope: string, year: number | null): Promise<DrillRow[]> {
  const { rows } = await db.query<DrillRow>(
    `SELECT ${DRILL_COLUMNS} FROM ${DRILL_FROM} WHERE d.region_code LIKE $1 || '%' AND ($2::int IS NULL OR extract(year FROM d.planned_on) = $2)
      ORDER BY d.planned_on DESC, d.id DESC`, [scope, year]);
  return rows;
}

export async function drillById(db: Queryable, scope: string, id: number, lock = false): Promise<DrillRow | null> {
  if (lock) await db.query(`SELECT 1 FROM response_drill WHERE id = $1 AND region_code LIKE $2 || '%' FOR UPDATE`, [id, scope]);
  const { rows } = await db.query<DrillRow>(`SELECT ${DRILL_COLUMNS} FROM ${DRILL_FROM} WHERE d.id = $1 AND d.region_code LIKE $2 || '%'`, [id, scope]);
  return rows[0] ?? null;
}

export interface DrillInsert {
  kind: string; title: string; regionCode: string; scenario: string; plannedOn: string; participants: Participant[];
  planId: number | null; keyTargetId: number | null; criteria: ScoredCriterion[]; synthetic: boolean; createdBy: number | null;
}
export async function insertDrill(db: Queryable, d: DrillInsert): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO response_drill (kind, title, region_code, scenario, planned_on, participants, plan_id, key_target_id, criteria, synthetic, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [d.kind, d.title, d.regionCode, d.scenario, d.plannedOn, JSON.stringify(d.participants), d.planId, d.keyTargetId, JSON.stringify(d.criteria), d.synthetic, d.createdBy]);
  return rows[0]!.id;
}

export interface DrillUpdate {
  kind: string; title: string; regionCode: string; scenario: string; plannedOn: string; participants: Participant[];
  planId: number | null; keyTargetId: number | null; criteria: ScoredCriterion[];
}
/** Writes the editable fields and moves the version on (the caller checked the version and the state under the row lock). */
export async function updateDrill(db: Queryable, id: number, d: DrillUpdate): Promise<void> {
  await db.query(
    `UPDATE response_drill SET kind = $2, title = $3, region_code = $4, scenario = $5, planned_on = $6, participants = $7, plan_id = $8, key_target_id = $9,
            criteria = $10, version = version + 1 WHERE id = $1`,
    [id, d.kind, d.title, d.regionCode, d.scenario, d.plannedOn, JSON.stringify(d.participants), d.planId, d.keyTargetId, JSON.stringify(d.criteria)]);
}

/** Deletes a planned drill with no records (the caller checked): it has no timeline, and counts need a running drill. */
export async function deleteDrill(db: Queryable, id: number): Promise<void> {
  await db.query(`DELETE FROM response_drill WHERE id = $1 AND state = 'planned'`, [id]);
}

/** How many drills of any jurisdiction name the key target: records a target's deletion must not orphan. */
export async function drillsOfTarget(db: Queryable, targetId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM response_drill WHERE key_target_id = $1`, [targetId]);
  return rows[0]?.n ?? 0;
}

export async function setState(db: Queryable, id: number, state: DrillState): Promise<void> {
  await db.query(
    `UPDATE response_drill SET state = $2, version = version + 1,
       started_at = CASE WHEN $2 = 'running' THEN now() ELSE started_at END,
       ended_at = CASE WHEN $2 = 'ended' THEN now() ELSE ended_at END WHERE id = $1`, [id, state]);
}

export async function setAssessment(db: Queryable, id: number, criteria: ScoredCriterion[], score: number | null, assessment: string): Promise<void> {
  await db.query(`UPDATE response_drill SET state = 'assessed', version = version + 1, criteria = $2, score = $3, assessment = $4, assessed_at = now() WHERE id = $1`,
    [id, JSON.stringify(criteria), score, assessment]);
}

export async function appendEvent(db: Queryable, e: { drillId: number; kind: TimelineKind; text: string; actorName: string | null; loggedBy: number | null }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO response_drill_event (drill_id, kind, text, actor_name, logged_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [e.drillId, e.kind, e.text, e.actorName, e.loggedBy]);
  return rows[0]!.id;
}

export async function events(db: Queryable, drillId: number): Promise<EventRow[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT e.id, e.kind, e.text, e.actor_name AS "actorName", u.display_name AS "loggedBy", e.logged_at AS "loggedAt"
       FROM response_drill_event e LEFT JOIN app_user u ON u.id = e.logged_by WHERE e.drill_id = $1 ORDER BY e.id`, [drillId]);
  return rows;
}

const FINDING_COLUMNS = `id, drill_id AS "drillId", finding, action, owner, to_char(deadline, 'YYYY-MM-DD') AS deadline, status, done_at AS "doneAt"`;

export async function findings(db: Queryable, drillId: number): Promise<FindingRow[]> {
  const { rows } = await db.query<FindingRow>(`SELECT ${FINDING_COLUMNS} FROM response_drill_finding WHERE drill_id = $1 ORDER BY id`, [drillId]);
  return rows;
}

export async function findingsIn(db: Queryable, scope: string): Promise<Array<FindingRow & { year: number }>> {
  const { rows } = await db.query<FindingRow & { year: number }>(
    `SELECT f.id, f.drill_id AS "drillId", f.finding, f.action, f.owner, to_char(f.deadline, 'YYYY-MM-DD') AS deadline, f.status, f.done_at AS "doneAt",
            extract(year FROM d.planned_on)::int AS year
       FROM response_drill_finding f JOIN response_drill d ON d.id = f.drill_id WHERE d.region_code LIKE $1 || '%'`, [scope]);
  return rows;
}

export async function insertFinding(db: Queryable, f: { drillId: number; finding: string; action: string; owner: string; deadline: string }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO response_drill_finding (drill_id, finding, action, owner, deadline) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [f.drillId, f.finding, f.action, f.owner, f.deadline]);
  return rows[0]!.id;
}

export async function markFindingDone(db: Queryable, drillId: number, findingId: number): Promise<void> {
  await db.query(`UPDATE response_drill_finding SET status = 'done', done_at = now() WHERE id = $1 AND drill_id = $2`, [findingId, drillId]);
}

/**
 * Whether a key target of the caller's jurisdiction exists (a drill of it counts towards its readiness). Read here,
 * not through the targets service: targets reads drills for its readiness score, so a call the other way would be
 * a cycle between the two services.
 */
export async function targetExists(db: Queryable, scope: string, targetId: number): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM key_target WHERE id = $1 AND region_code LIKE $2 || '%'`, [targetId, scope])).rows.length > 0;
}

/** The latest day each key target was drilled (a drill that started counts). */
export async function lastDrillByTarget(db: Queryable, scope: string, targetIds: readonly number[]): Promise<Array<{ targetId: number; lastOn: string }>> {
  const { rows } = await db.query<{ targetId: number; lastOn: string }>(
    `SELECT key_target_id AS "targetId", to_char(max(planned_on), 'YYYY-MM-DD') AS "lastOn" FROM response_drill
      WHERE key_target_id = ANY($1::int[]) AND region_code LIKE $2 || '%' AND state <> 'planned' GROUP BY key_target_id`, [targetIds, scope]);
  return rows;
}

/** Titles of the drills (any state: a drill's participants are its record) that name this member unit, `scope` first. */
export async function drillsNamingUnit(db: Queryable, unitId: number, scope: string): Promise<Array<{ title: string; inScope: boolean }>> {
  const { rows } = await db.query<{ title: string; inScope: boolean }>(
    `SELECT d.title, d.region_code LIKE $2 || '%' AS "inScope" FROM response_drill d
      WHERE d.participants @> jsonb_build_array(jsonb_build_object('kind', 'unit', 'refId', $1::int))
      ORDER BY 2 DESC, d.id`, [unitId, scope]);
  return rows;
}
