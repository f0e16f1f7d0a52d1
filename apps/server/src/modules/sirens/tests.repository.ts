/** SQL of test days (试鸣): campaigns, their steps, observers' reports and frozen results; reads filtered by scope here. */
import type { Queryable } from '../../db/index.ts';
import type { OutcomePair } from '@civdef/domain';

export interface TestRow {
  id: number;
  name: string;
  regionCode: string;
  target: { sirenIds?: number[]; groupIds?: number[]; regionCodes?: string[] };
  state: 'scheduled' | 'running' | 'finished' | 'cancelled';
  createdById: number | null;
  createdBy: string | null;
  createdAt: Date;
  finishedBy: string | null;
  finishedAt: Date | null;
  version: number;
}
const TEST_COLUMNS = `t.id, t.name, t.region_code AS "regionCode", t.target, t.state, t.created_by AS "createdById", t.created_by_name AS "createdBy",
  t.created_at AS "createdAt", t.finished_by_name AS "finishedBy", t.finished_at AS "finishedAt", t.version`;

export async function findTest(db: Queryable, id: number, scope: string, lock = false): Promise<TestRow | null> {
  const { rows } = await db.query<TestRow>(`SELECT ${TEST_COLUMNS} FROM siren_test t WHERE t.id = $1 AND t.region_code LIKE $2 || '%'${lock ? ' FOR UPDATE' : ''}`, [id, scope]);
  return rows[0] ?? null;
}
export async function listTests(db: Queryable, scope: string, limit: number, offset: number): Promise<{ items: TestRow[]; total: number }> {
  const total = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM siren_test t WHERE t.region_code LIKE $1 || '%'`, [scope])).rows[0]!.n;
  const { rows } = await db.query<TestRow>(
    `SELECT ${TEST_COLUMNS} FROM siren_test t WHERE t.region_code LIKE $1 || '%' ORDER BY t.created_at DESC, t.id DESC LIMIT $2 OFFSET $3`, [scope, limit, offset]);
  return { items: rows, total };
}
export async function insertTest(db: Queryable, t: { name: string; regionCode: string; target: unknown; createdBy: number; createdByName: string }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO siren_test (name, region_code, target, created_by, created_by_name) VALUES ($1, $2, $3::jsonb, $4, $5) RETURNING id`,
    [t.name, t.regionCode, JSON.stringify(t.target), t.createdBy, t.createdByName]);
  return rows[0]!.id;
}
export async function setTestState(db: Queryable, id: number, state: TestRow['state'], finishedBy: string | null = null): Promise<void> {
  await db.query(
    `UPDATE siren_test SET state = $2, version = version + 1,
            finished_by_name = CASE WHEN $2 = 'finished' THEN $3 ELSE finished_by_name END,
            finished_at = CASE WHEN $2 = 'finished' THEN now() ELSE finished_at END
      WHERE id = $1`,
    [id, state, finishedBy]);
}
export async function bumpTest(db: Queryable, id: number): Promise<void> {
  await db.query('UPDATE siren_test SET version = version + 1 WHERE id = $1', [id]);
}

export interface StepRow {
  testId: number;
  seq: number;
  program: string;
  at: Date;
  commandId: string;
  issuedAt: Date | null;
  error: string | null;
}
const STEP_COLUMNS = `s.test_id AS "testId", s.seq, s.program, s.at, s.command_id::text AS "commandId", s.issued_at AS "issuedAt", s.error`;
export async function insertSteps(db: Queryable, testId: number, steps: ReadonlyArray<{ program: string; at: string; commandId: string }>): Promise<void> {
  await db.query(
    `INSERT INTO siren_test_step (test_id, seq, program, at, command_id)
     SELECT $1, s.seq, s.program, s.at::timestamptz, s."commandId"::uuid
       FROM jsonb_to_recordset($2::jsonb) AS s(seq int, program text, at text, "commandId" text)`,
    [testId, JSON.stringify(steps.map((st, i) => ({ ...st, seq: i + 1 })))]);
}
export async function stepsOf(db: Queryable, testId: number): Promise<StepRow[]> {
  return (await db.query<StepRow>(`SELECT ${STEP_COLUMNS} FROM siren_test_step s WHERE s.test_id = $1 ORDER BY s.seq`, [testId])).rows;
}
/** Moves a scheduled campaign's steps so the first is due now, the gaps between them kept. */
export async function shiftStepsToNow(db: Queryable, testId: number): Promise<void> {
  await db.query(
    `UPDATE siren_test_step s SET at = now() + (s.at - f.first)
       FROM (SELECT min(at) AS first FROM siren_test_step WHERE test_id = $1) f WHERE s.test_id = $1 AND s.issued_at IS NULL`,
    [testId]);
}
/** Steps due now of campaigns still going, oldest first, each with its campaign (the runner's work list). */
export async function dueSteps(db: Queryable): Promise<StepRow[]> {
  return (await db.query<StepRow>(
    `SELECT ${STEP_COLUMNS} FROM siren_test_step s JOIN siren_test t ON t.id = s.test_id
      WHERE s.issued_at IS NULL AND s.at <= now() AND t.state IN ('scheduled', 'running') ORDER BY s.at, s.test_id, s.seq`)).rows;
}
/** When the next step falls due (null: none scheduled). */
export async function nextDue(db: Queryable): Promise<Date | null> {
  return (await db.query<{ at: Date | null }>(
    `SELECT min(s.at) AS at FROM siren_test_step s JOIN siren_test t ON t.id = s.test_id WHERE s.issued_at IS NULL AND t.state IN ('scheduled', 'running')`)).rows[0]?.at ?? null;
}
export async function markStepIssued(db: Queryable, testId: number, seq: number, error: string | null): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE siren_test_step SET issued_at = now(), error = $3 WHERE test_id = $1 AND seq = $2 AND issued_at IS NULL RETURNING seq`, [testId, seq, error]);
  return rows.length > 0;
}
/** Per step, how many of its sirens are in each delivery state. */
export async function stepCounts(db: Queryable, testId: number): Promise<Map<number, Record<string, number>>> {
  const { rows } = await db.query<{ seq: number; state: string; n: number }>(
    `SELECT s.seq, d.state, count(*)::int AS n FROM siren_test_step s JOIN siren_command_target d ON d.command_id = s.command_id
      WHERE s.test_id = $1 GROUP BY 1, 2`, [testId]);
  const out = new Map<number, Record<string, number>>();
  for (const r of rows) out.set(r.seq, { ...out.get(r.seq), [r.state]: r.n });
  return out;
}

/** Every siren a campaign's issued steps reached, with its state in each step (in step order). */
export interface TestSirenRow {
  sirenId: number;
  regionCode: string;
  hasOpenFault: number | null;
  steps: Array<{ seq: number; state: string; reason: string | null }>;
}
export async function sirensOfTest(db: Queryable, testId: number): Promise<TestSirenRow[]> {
  return (await db.query<TestSirenRow>(
    `SELECT d.siren_id AS "sirenId", min(d.region_code) AS "regionCode",
            (SELECT min(f.id) FROM siren_fault f WHERE f.siren_id = d.siren_id AND f.state IN ('reported', 'repairing')) AS "hasOpenFault",
            jsonb_agg(jsonb_build_object('seq', s.seq, 'state', d.state, 'reason', d.reason) ORDER BY s.seq) AS steps
       FROM siren_test_step s JOIN siren_command_target d ON d.command_id = s.command_id
      WHERE s.test_id = $1 GROUP BY d.siren_id ORDER BY d.siren_id`, [testId])).rows;
}
export async function sirenInTest(db: Queryable, testId: number, sirenId: number): Promise<{ regionCode: string } | null> {
  return (await db.query<{ regionCode: string }>(
    `SELECT d.region_code AS "regionCode" FROM siren_test_step s JOIN siren_command_target d ON d.command_id = s.command_id
      WHERE s.test_id = $1 AND d.siren_id = $2 LIMIT 1`, [testId, sirenId])).rows[0] ?? null;
}
/** The campaign's siren nearest to where an observer stands, and how far (m). */
export async function nearestSirenOfTest(db: Queryable, testId: number, lng: number, lat: number): Promise<{ sirenId: number; regionCode: string; distanceM: number } | null> {
  return (await db.query<{ sirenId: number; regionCode: string; distanceM: number }>(
    `SELECT si.id AS "sirenId", si.region_code AS "regionCode", ST_Distance(si.location::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS "distanceM"
       FROM siren si WHERE si.id IN (SELECT d.siren_id FROM siren_test_step s JOIN siren_command_target d ON d.command_id = s.command_id WHERE s.test_id = $1)
      ORDER BY 3, 1 LIMIT 1`, [testId, lng, lat])).rows[0] ?? null;
}
export async function distanceTo(db: Queryable, sirenId: number, lng: number, lat: number): Promise<number> {
  return (await db.query<{ d: number }>(
    `SELECT ST_Distance(location::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS d FROM siren WHERE id = $1`, [sirenId, lng, lat])).rows[0]!.d;
}

export interface ObservationInsert {
  testId: number; sirenId: number; regionCode: string; result: string; location: [number, number] | null; distanceM: number | null; note: string | null;
  observerId: number; observer: string;
}
export async function insertObservation(db: Queryable, o: ObservationInsert): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO siren_test_observation (test_id, siren_id, region_code, result, location, distance_m, note, observer_id, observer)
     VALUES ($1, $2, $3, $4, CASE WHEN $5::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($5, $6), 4326) END, $7, $8, $9, $10) RETURNING id`,
    [o.testId, o.sirenId, o.regionCode, o.result, o.location?.[0] ?? null, o.location?.[1] ?? null, o.distanceM, o.note, o.observerId, o.observer]);
  return rows[0]!.id;
}
/** Observers' reports per siren of the campaign. */
export async function observationCounts(db: Queryable, testId: number): Promise<Map<number, { heard: number; notHeard: number; weak: number }>> {
  const { rows } = await db.query<{ sirenId: number; heard: number; notHeard: number; weak: number }>(
    `SELECT siren_id AS "sirenId", count(*) FILTER (WHERE result = 'heard')::int AS heard, count(*) FILTER (WHERE result = 'not_heard')::int AS "notHeard",
            count(*) FILTER (WHERE result = 'weak')::int AS weak FROM siren_test_observation WHERE test_id = $1 GROUP BY siren_id`, [testId]);
  return new Map(rows.map((r) => [r.sirenId, { heard: r.heard, notHeard: r.notHeard, weak: r.weak }]));
}
export interface ObservationRow {
  id: number; sirenId: number; sirenCode: string; result: string; location: [number, number] | null; distanceM: number | null; note: string | null; observer: string | null; at: Date;
}
export async function observationsOf(db: Queryable, testId: number): Promise<ObservationRow[]> {
  return (await db.query<ObservationRow>(
    `SELECT o.id, o.siren_id AS "sirenId", s.code AS "sirenCode", o.result,
            CASE WHEN o.location IS NULL THEN NULL ELSE jsonb_build_array(round(ST_X(o.location)::numeric, 6), round(ST_Y(o.location)::numeric, 6)) END AS location,
            o.distance_m AS "distanceM", o.note, o.observer, o.at
       FROM siren_test_observation o JOIN siren s ON s.id = o.siren_id WHERE o.test_id = $1 ORDER BY o.at DESC, o.id DESC`, [testId])).rows;
}

export interface ResultInsert {
  sirenId: number; regionCode: string; outcome: string; cause: string | null; causeEn: string | null; steps: unknown; heard: number; notHeard: number; weak: number;
  faultId: number | null;
}
export async function insertResults(db: Queryable, testId: number, rows: readonly ResultInsert[]): Promise<void> {
  await db.query(
    `INSERT INTO siren_test_result (test_id, siren_id, region_code, outcome, cause, cause_en, steps, heard, not_heard, weak, fault_id)
     SELECT $1, r."sirenId", r."regionCode", r.outcome, r.cause, r."causeEn", r.steps, r.heard, r."notHeard", r.weak, r."faultId"
       FROM jsonb_to_recordset($2::jsonb)
         AS r("sirenId" int, "regionCode" text, outcome text, cause text, "causeEn" text, steps jsonb, heard int, "notHeard" int, weak int, "faultId" int)`,
    [testId, JSON.stringify(rows)]);
}
export interface ResultRow {
  sirenId: number; sirenCode: string; sirenName: string; regionCode: string; regionName: string | null; outcome: string; cause: string | null;
  causeEn: string | null;
  steps: Array<{ seq: number; state: string; reason: string | null }>; heard: number; notHeard: number; weak: number; faultId: number | null;
  /** The siren's outcome in the campaign compared with; null when it was not in it (or there is none). */
  previousOutcome: string | null;
}
/**
 * A closed campaign's results: failures first, then weak, unverified and working, each by siren code; each with the
 * siren's outcome in `previousId`'s campaign beside it.
 */
export async function resultsOf(db: Queryable, testId: number, previousId: number | null): Promise<ResultRow[]> {
  return (await db.query<ResultRow>(
    `SELECT r.siren_id AS "sirenId", s.code AS "sirenCode", s.name AS "sirenName", r.region_code AS "regionCode", g.name AS "regionName", r.outcome, r.cause,
            r.cause_en AS "causeEn", r.steps, r.heard, r.not_heard AS "notHeard", r.weak, r.fault_id AS "faultId", p.outcome AS "previousOutcome"
       FROM siren_test_result r JOIN siren s ON s.id = r.siren_id LEFT JOIN region g ON g.code = r.region_code
       LEFT JOIN siren_test_result p ON p.test_id = $2 AND p.siren_id = r.siren_id
      WHERE r.test_id = $1
      ORDER BY array_position(ARRAY['failed', 'weak', 'unverified', 'working'], r.outcome), s.code`, [testId, previousId])).rows;
}
/** The sirens both campaigns tested, counted by their outcome this time and the time before. */
export async function commonOutcomes(db: Queryable, testId: number, previousId: number): Promise<OutcomePair[]> {
  return (await db.query<OutcomePair>(
    `SELECT r.outcome AS now, p.outcome AS before, count(*)::int AS sirens
       FROM siren_test_result r JOIN siren_test_result p ON p.test_id = $2 AND p.siren_id = r.siren_id WHERE r.test_id = $1 GROUP BY 1, 2`,
    [testId, previousId])).rows;
}
/** Sirens per outcome, and `tickets`: the failures with a fault ticket. */
export async function outcomeCounts(db: Queryable, testId: number): Promise<Record<string, number>> {
  const { rows } = await db.query<{ outcome: string; n: number; tickets: number }>(
    `SELECT outcome, count(*)::int AS n, count(fault_id)::int AS tickets FROM siren_test_result WHERE test_id = $1 GROUP BY 1`, [testId]);
  return { ...Object.fromEntries(rows.map((r) => [r.outcome, r.n])), tickets: rows.reduce((a, r) => a + r.tickets, 0) };
}
/** The campaign closed before this one in the same jurisdiction (last year's 9·18), for the comparison. */
export async function previousFinished(db: Queryable, test: { id: number; regionCode: string; finishedAt: Date | null }): Promise<{ id: number; name: string; finishedAt: Date } | null> {
  return (await db.query<{ id: number; name: string; finishedAt: Date }>(
    `SELECT id, name, finished_at AS "finishedAt" FROM siren_test
      WHERE region_code = $1 AND state = 'finished' AND id <> $2 AND finished_at < COALESCE($3::timestamptz, now()) ORDER BY finished_at DESC LIMIT 1`,
    [test.regionCode, test.id, test.finishedAt])).rows[0] ?? null;
}
