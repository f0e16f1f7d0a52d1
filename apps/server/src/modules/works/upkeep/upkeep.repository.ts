/**
 * SQL of upkeep (maintenance schedules, plans, records), inspections, rectifications and archive
 * documents. Reads are scoped through the owning work's region code.
 */
import { scopePrefix } from '@civdef/domain';
import type { Queryable } from '../../../db/index.ts';
import { TODAY_SQL } from '../registry/works.repository.ts';

export interface ScheduleRow {
  code: string;
  discipline: string;
  name: string;
  nameEn: string;
  intervalMonths: number;
  active: boolean;
}

export async function schedules(db: Queryable): Promise<ScheduleRow[]> {
  const { rows } = await db.query<ScheduleRow>(
    `SELECT code, discipline, name, name_en AS "nameEn", interval_months AS "intervalMonths", active FROM maintenance_schedule ORDER BY discipline, code`,
  );
  return rows;
}

export async function updateSchedule(db: Queryable, code: string, s: { name?: string; nameEn?: string; intervalMonths?: number; active?: boolean }): Promise<ScheduleRow | null> {
  const { rows } = await db.query<ScheduleRow>(
    `UPDATE maintenance_schedule SET name = COALESCE($2, name), name_en = COALESCE($3, name_en), interval_months = COALESCE($4, interval_months),
            active = COALESCE($5, active)
      WHERE code = $1 RETURNING code, discipline, name, name_en AS "nameEn", interval_months AS "intervalMonths", active`,
    [code, s.name ?? null, s.nameEn ?? null, s.intervalMonths ?? null, s.active ?? null],
  );
  return rows[0] ?? null;
}

/** A new schedule; null when the code is taken. */
export async function insertSchedule(db: Queryable, s: { code: string; discipline: string; name: string; nameEn: string; intervalMonths: number }): Promise<ScheduleRow | null> {
  const { rows } = await db.query<ScheduleRow>(
    `INSERT INTO maintenance_schedule (code, discipline, name, name_en, interval_months) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (code) DO NOTHING RETURNING code, discipline, name, name_en AS "nameEn", interval_months AS "intervalMonths", active`,
    [s.code, s.discipline, s.name, s.nameEn, s.intervalMonths],
  );
  return rows[0] ?? null;
}

/** The works of the scope in a state that needs upkeep (not in `without`). */
export async function worksNeedingUpkeep(db: Queryable, scope: string, without: readonly string[]): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM work WHERE region_code LIKE $1 || '%' AND NOT (lifecycle_state = ANY($2::text[])) ORDER BY id`,
    [scope, without],
  );
  return rows.map((r) => r.id);
}

export interface PlanRow {
  id: number;
  workId: number;
  workCode: string;
  workName: string;
  regionCode: string;
  scheduleCode: string | null;
  discipline: string;
  title: string;
  titleEn: string;
  intervalMonths: number;
  nextDueOn: string;
  lastDoneOn: string | null;
  active: boolean;
  overdue: boolean;
  daysOverdue: number;
}

const PLAN_SELECT = `SELECT p.id, p.work_id AS "workId", w.code AS "workCode", w.name AS "workName", w.region_code AS "regionCode",
  p.schedule_code AS "scheduleCode", p.discipline, p.title, COALESCE(s.name_en, p.title) AS "titleEn", p.interval_months AS "intervalMonths",
  to_char(p.next_due_on, 'YYYY-MM-DD') AS "nextDueOn", to_char(p.last_done_on, 'YYYY-MM-DD') AS "lastDoneOn", p.active,
  (p.active AND p.next_due_on < ${TODAY_SQL}) AS overdue,
  (CASE WHEN p.active AND p.next_due_on < ${TODAY_SQL} THEN ${TODAY_SQL} - p.next_due_on ELSE 0 END)::int AS "daysOverdue"
  FROM maintenance_plan p JOIN work w ON w.id = p.work_id LEFT JOIN maintenance_schedule s ON s.code = p.schedule_code`;

export async function plansOf(db: Queryable, workId: number): Promise<PlanRow[]> {
  const { rows } = await db.query<PlanRow>(`${PLAN_SELECT} WHERE p.work_id = $1 ORDER BY p.next_due_on, p.id`, [workId]);
  return rows;
}

export async function findPlan(db: Queryable, id: number, workId: number): Promise<PlanRow | null> {
  const { rows } = await db.query<PlanRow>(`${PLAN_SELECT} WHERE p.id = $1 AND p.work_id = $2 FOR UPDATE OF p`, [id, workId]);
  return rows[0] ?? null;
}

export interface DueFilter {
  scope: string;
  days: number;
  /** Only works in this region; combined with the scope, so a region outside it finds nothing. */
  regionCode?: string;
  discipline?: string;
}

/** The WHERE of the due plans and its parameters (from $1). */
function dueWhere(f: DueFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [f.scope, f.days];
  let where = `w.region_code LIKE $1 || '%' AND p.active AND p.next_due_on <= ${TODAY_SQL} + $2::int`;
  if (f.regionCode) {
    params.push(scopePrefix(f.regionCode));
    where += ` AND w.region_code LIKE $${params.length} || '%'`;
  }
  if (f.discipline) {
    params.push(f.discipline);
    where += ` AND p.discipline = $${params.length}`;
  }
  return { where, params };
}

/** One page of the plans due within `days` (or already overdue) in the scope, soonest first. */
export async function duePlans(db: Queryable, f: DueFilter, limit: number, offset: number): Promise<PlanRow[]> {
  const { where, params } = dueWhere(f);
  const { rows } = await db.query<PlanRow>(
    `${PLAN_SELECT} WHERE ${where} ORDER BY p.next_due_on, p.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  return rows;
}

/** How many plans are due within `days` in the scope, and how many of them are overdue. */
export async function countDuePlans(db: Queryable, f: DueFilter): Promise<{ total: number; overdue: number }> {
  const { where, params } = dueWhere(f);
  const { rows } = await db.query<{ total: number; overdue: number }>(
    `SELECT count(*)::int AS total, (count(*) FILTER (WHERE p.next_due_on < ${TODAY_SQL}))::int AS overdue
       FROM maintenance_plan p JOIN work w ON w.id = p.work_id WHERE ${where}`,
    params,
  );
  return rows[0]!;
}

export interface PlanDraft {
  scheduleCode: string;
  discipline: string;
  title: string;
  intervalMonths: number;
  nextDueOn: string;
}

/** The same plans for each of the works, in one statement; schedules a work already has are skipped. Returns how many were created. */
export async function generatePlansForWorks(db: Queryable, workIds: number[], plans: PlanDraft[]): Promise<number> {
  if (plans.length === 0 || workIds.length === 0) return 0;
  const res = await db.query(
    `INSERT INTO maintenance_plan (work_id, schedule_code, discipline, title, interval_months, next_due_on)
     SELECT w.id, p."scheduleCode", p.discipline, p.title, p."intervalMonths", p."nextDueOn"::date
       FROM unnest($1::int[]) AS w(id)
      CROSS JOIN jsonb_to_recordset($2::jsonb) AS p("scheduleCode" text, discipline text, title text, "intervalMonths" int, "nextDueOn" text)
     ON CONFLICT (work_id, schedule_code) DO NOTHING`,
    [workIds, JSON.stringify(plans)],
  );
  return res.rowCount;
}

/**
 * Demo upkeep history in one statement: for every listed work, one plan per active schedule. `phases` gives,
 * per schedule code, the fraction of its interval elapsed since it was last done (> 1 = overdue), counted back
 * from today (Asia/Shanghai); a work or schedule without a phase starts today (first due one interval on).
 */
export async function insertDemoPlans(db: Queryable, items: Array<{ code: string; phases: Record<string, number> | null }>): Promise<number> {
  if (items.length === 0) return 0;
  const res = await db.query(
    `INSERT INTO maintenance_plan (work_id, schedule_code, discipline, title, interval_months, next_due_on, last_done_on)
     SELECT w.id, s.code, s.discipline, s.name, s.interval_months,
            (COALESCE(x.last, ${TODAY_SQL}) + make_interval(months => s.interval_months))::date, x.last
       FROM jsonb_to_recordset($1::jsonb) AS d(code text, phases jsonb)
       JOIN work w ON w.code = d.code
      CROSS JOIN maintenance_schedule s
      CROSS JOIN LATERAL (SELECT ${TODAY_SQL} - round((d.phases->>s.code)::float8 * s.interval_months * 30.44)::int AS last) x
      WHERE s.active
     ON CONFLICT (work_id, schedule_code) DO NOTHING`,
    [JSON.stringify(items)],
  );
  return res.rowCount;
}

/** Switches off a work's active plans (it left service); returns how many were switched off. */
export async function deactivatePlans(db: Queryable, workId: number): Promise<number> {
  const { rows } = await db.query<{ id: number }>('UPDATE maintenance_plan SET active = false WHERE work_id = $1 AND active RETURNING id', [workId]);
  return rows.length;
}

export async function advancePlan(db: Queryable, id: number, doneOn: string, nextDueOn: string): Promise<void> {
  await db.query(
    `UPDATE maintenance_plan SET last_done_on = GREATEST(COALESCE(last_done_on, $2::date), $2::date),
            next_due_on = GREATEST(next_due_on, $3::date) WHERE id = $1`,
    [id, doneOn, nextDueOn],
  );
}

export interface RecordRow {
  id: number;
  workId: number;
  planId: number | null;
  discipline: string;
  doneOn: string;
  performedBy: string | null;
  description: string;
  costYuan: number | null;
  createdAt: Date;
}

export async function insertRecord(db: Queryable, r: { workId: number; planId: number | null; discipline: string; doneOn: string; performedBy: string | null; description: string; costYuan: number | null; createdBy: number }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO maintenance_record (work_id, plan_id, discipline, done_on, performed_by, description, cost_yuan, created_by)
     VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8) RETURNING id`,
    [r.workId, r.planId, r.discipline, r.doneOn, r.performedBy, r.description, r.costYuan, r.createdBy],
  );
  return rows[0]!.id;
}

export async function recordsOf(db: Queryable, workId: number): Promise<RecordRow[]> {
  const { rows } = await db.query<RecordRow>(
    `SELECT id, work_id AS "workId", plan_id AS "planId", discipline, to_char(done_on, 'YYYY-MM-DD') AS "doneOn", performed_by AS "performedBy",
            description, cost_yuan AS "costYuan", created_at AS "createdAt" FROM maintenance_record WHERE work_id = $1 ORDER BY done_on DESC, id DESC`,
    [workId],
  );
  return rows;
}

export async function inspectionByClientId(db: Queryable, clientId: string): Promise<{ id: number; workId: number } | null> {
  const { rows } = await db.query<{ id: number; workId: number }>('SELECT id, work_id AS "workId" FROM inspection WHERE client_id = $1', [clientId]);
  return rows[0] ?? null;
}

export async function insertInspection(db: Queryable, i: {
  clientId: string; workId: number; inspectedAt: string; inspectorId: number; inspector: string; location: [number, number] | null;
  accuracyM: number | null; checklist: unknown; notes: string | null;
}): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO inspection (client_id, work_id, inspected_at, inspector_id, inspector, location, accuracy_m, checklist, notes)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $6::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($6::float8, $7::float8), 4326) END, $8, $9::jsonb, $10)
     RETURNING id`,
    [i.clientId, i.workId, i.inspectedAt, i.inspectorId, i.inspector, i.location?.[0] ?? null, i.location?.[1] ?? null, i.accuracyM, JSON.stringify(i.checklist), i.notes],
  );
  return rows[0]!.id;
}

export interface InspectionRow {
  id: number;
  clientId: string;
  workId: number;
  inspectedAt: Date;
  inspector: string | null;
  lng: number | null;
  lat: number | null;
  accuracyM: number | null;
  checklist: unknown;
  notes: string | null;
  photoIds: number[];
  distanceM: number | null;
}

export async function inspectionsOf(db: Queryable, workId: number): Promise<InspectionRow[]> {
  const { rows } = await db.query<InspectionRow>(
    `SELECT i.id, i.client_id AS "clientId", i.work_id AS "workId", i.inspected_at AS "inspectedAt", i.inspector,
            ST_X(i.location) AS lng, ST_Y(i.location) AS lat, i.accuracy_m AS "accuracyM", i.checklist, i.notes,
            COALESCE((SELECT array_agg(d.id ORDER BY d.id) FROM work_document d WHERE d.inspection_id = i.id), '{}') AS "photoIds",
            ST_Distance(i.location::geography, w.location::geography) AS "distanceM"
       FROM inspection i JOIN work w ON w.id = i.work_id WHERE i.work_id = $1 ORDER BY i.inspected_at DESC, i.id DESC`,
    [workId],
  );
  return rows;
}

export async function insertRectifications(db: Queryable, items: Array<{ workId: number; inspectionId: number | null; category: string; description: string; deadline: string }>): Promise<void> {
  if (items.length === 0) return;
  await db.query(
    `INSERT INTO rectification (work_id, inspection_id, category, description, deadline)
     SELECT r."workId", r."inspectionId", r.category, r.description, r.deadline::date
       FROM jsonb_to_recordset($1::jsonb) AS r("workId" int, "inspectionId" int, category text, description text, deadline text)`,
    [JSON.stringify(items)],
  );
}

export interface RectificationRow {
  id: number;
  workId: number;
  workCode: string;
  workName: string;
  regionCode: string;
  inspectionId: number | null;
  category: string;
  description: string;
  deadline: string;
  status: string;
  overdue: boolean;
  closedAt: Date | null;
  closedBy: string | null;
  closingNote: string | null;
  createdAt: Date;
}

const RECT_SELECT = `SELECT r.id, r.work_id AS "workId", w.code AS "workCode", w.name AS "workName", w.region_code AS "regionCode",
  r.inspection_id AS "inspectionId", r.category, r.description, to_char(r.deadline, 'YYYY-MM-DD') AS deadline, r.status,
  (r.status = 'open' AND r.deadline < ${TODAY_SQL}) AS overdue, r.closed_at AS "closedAt", r.closed_by AS "closedBy",
  r.closing_note AS "closingNote", r.created_at AS "createdAt"
  FROM rectification r JOIN work w ON w.id = r.work_id`;

export async function searchRectifications(db: Queryable, f: { scope: string; status?: 'open' | 'closed' | 'overdue'; workId?: number; limit: number; offset: number }) {
  const params: unknown[] = [f.scope];
  let where = `w.region_code LIKE $1 || '%'`;
  if (f.status === 'open') where += ` AND r.status = 'open'`;
  if (f.status === 'closed') where += ` AND r.status = 'closed'`;
  if (f.status === 'overdue') where += ` AND r.status = 'open' AND r.deadline < ${TODAY_SQL}`;
  if (f.workId !== undefined) {
    params.push(f.workId);
    where += ` AND r.work_id = $${params.length}`;
  }
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM rectification r JOIN work w ON w.id = r.work_id WHERE ${where}`, params);
  const { rows } = await db.query<RectificationRow>(
    `${RECT_SELECT} WHERE ${where} ORDER BY r.status DESC, r.deadline, r.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { items: rows, total: total.rows[0]?.n ?? 0 };
}

export async function findRectification(db: Queryable, id: number, scope: string): Promise<RectificationRow | null> {
  const { rows } = await db.query<RectificationRow>(`${RECT_SELECT} WHERE r.id = $1 AND w.region_code LIKE $2 || '%' FOR UPDATE OF r`, [id, scope]);
  return rows[0] ?? null;
}

export async function closeRectification(db: Queryable, id: number, by: string, note: string): Promise<void> {
  await db.query(`UPDATE rectification SET status = 'closed', closed_at = now(), closed_by = $2, closing_note = $3 WHERE id = $1`, [id, by, note]);
}

export interface DocumentRow {
  id: number;
  workId: number;
  inspectionId: number | null;
  docType: string;
  title: string | null;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sm3: string;
  sha256: string;
  storageKey: string;
  uploader: string | null;
  uploadedAt: Date;
}

const DOC_SELECT = `SELECT d.id, d.work_id AS "workId", d.inspection_id AS "inspectionId", d.doc_type AS "docType", d.title, d.file_name AS "fileName",
  d.media_type AS "mediaType", d.size_bytes AS "sizeBytes", d.sm3, d.sha256, d.storage_key AS "storageKey", d.uploader, d.uploaded_at AS "uploadedAt"
  FROM work_document d JOIN work w ON w.id = d.work_id`;

export async function insertDocument(db: Queryable, d: Omit<DocumentRow, 'id' | 'uploadedAt'> & { uploadedBy: number }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO work_document (work_id, inspection_id, doc_type, title, file_name, media_type, size_bytes, sm3, sha256, storage_key, uploaded_by, uploader)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [d.workId, d.inspectionId, d.docType, d.title, d.fileName, d.mediaType, d.sizeBytes, d.sm3, d.sha256, d.storageKey, d.uploadedBy, d.uploader],
  );
  return rows[0]!.id;
}

export async function documentsOf(db: Queryable, workId: number): Promise<DocumentRow[]> {
  const { rows } = await db.query<DocumentRow>(`${DOC_SELECT} WHERE d.work_id = $1 ORDER BY d.uploaded_at DESC, d.id DESC`, [workId]);
  return rows;
}

export async function findDocument(db: Queryable, id: number, scope: string): Promise<DocumentRow | null> {
  const { rows } = await db.query<DocumentRow>(`${DOC_SELECT} WHERE d.id = $1 AND w.region_code LIKE $2 || '%'`, [id, scope]);
  return rows[0] ?? null;
}
