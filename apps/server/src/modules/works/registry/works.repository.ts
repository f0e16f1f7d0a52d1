/**
 * SQL of the works registry (work, work_unit, work_entrance, work_lifecycle_event): one work's reads and every write,
 * and the column lists the searches share (works-search.repository.ts). Every read takes the caller's scope (a GB/T
 * 2260 prefix) so a county user never reads another county's works.
 */
import type { Queryable } from '../../../db/index.ts';

/** Today in Asia/Shanghai, whatever the database session's time zone. */
export const TODAY_SQL = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;

export const OVERDUE_SQL = `(EXISTS (SELECT 1 FROM maintenance_plan mp WHERE mp.work_id = w.id AND mp.active AND mp.next_due_on < ${TODAY_SQL})
  OR EXISTS (SELECT 1 FROM rectification rc WHERE rc.work_id = w.id AND rc.status = 'open' AND rc.deadline < ${TODAY_SQL}))`;

/** Unit aggregates per work; `$A` is replaced by the parameter holding the area per person. */
export const aggregatesJoin = (areaParam: string) => `LEFT JOIN LATERAL (
    SELECT count(*)::int AS unit_count, COALESCE(sum(u.gross_area_m2), 0)::float8 AS gross, COALESCE(sum(u.protected_area_m2), 0)::float8 AS protected,
           COALESCE(sum(u.shelter_area_m2), 0)::float8 AS shelter, COALESCE(sum(floor(u.shelter_area_m2 / ${areaParam} + 1e-9)), 0)::int AS places,
           COALESCE(sum(u.parking_spaces), 0)::int AS parking
      FROM work_unit u WHERE u.work_id = w.id) a ON true`;

export interface WorkSummaryRow {
  id: number;
  code: string;
  name: string;
  address: string | null;
  regionCode: string;
  regionName: string | null;
  lng: number;
  lat: number;
  constructionForm: string;
  workClass: string;
  subtype: string | null;
  protectionGrade: string | null;
  chemicalGrade: string | null;
  yearBuilt: number | null;
  isPublic: boolean;
  lifecycleState: string;
  signStatus: string;
  unitCount: number;
  grossAreaM2: number;
  protectedAreaM2: number;
  shelterAreaM2: number;
  shelterPlaces: number;
  parkingSpaces: number;
  overdue: boolean;
  version: number;
  updatedAt: Date;
}

export interface WorkFullRow extends WorkSummaryRow {
  footprint: string | null;
  parentProject: string | null;
  owner: string | null;
  managementUnit: string | null;
  contactName: string | null;
  contactPhone: string | null;
  peacetimeUse: Record<string, unknown>;
  signCheckedAt: Date | null;
  signNote: string | null;
  createdAt: Date;
}

export const SUMMARY_COLUMNS = `w.id, w.code, w.name, w.address, w.region_code AS "regionCode", r.name AS "regionName",
  ST_X(w.location) AS lng, ST_Y(w.location) AS lat, w.construction_form AS "constructionForm", w.work_class AS "workClass",
  w.subtype, w.protection_grade AS "protectionGrade", w.chemical_grade AS "chemicalGrade", w.year_built AS "yearBuilt",
  w.is_public AS "isPublic", w.lifecycle_state AS "lifecycleState", w.sign_status AS "signStatus",
  a.unit_count AS "unitCount", a.gross AS "grossAreaM2", a.protected AS "protectedAreaM2", a.shelter AS "shelterAreaM2",
  a.places AS "shelterPlaces", a.parking AS "parkingSpaces", ${OVERDUE_SQL} AS overdue, w.version, w.updated_at AS "updatedAt"`;

export const FULL_COLUMNS = `${SUMMARY_COLUMNS}, ST_AsGeoJSON(w.footprint, 7) AS footprint, w.parent_project AS "parentProject", w.owner,
  w.management_unit AS "managementUnit", w.contact_name AS "contactName", w.contact_phone AS "contactPhone",
  w.peacetime_use AS "peacetimeUse", w.sign_checked_at AS "signCheckedAt", w.sign_note AS "signNote", w.created_at AS "createdAt"`;

/**
 * The version of what the works list, the OGC collections and the tiles show, with today's date in Asia/Shanghai
 * (the overdue flag's day), as one opaque key: it changes with every committed change to works, units, upkeep
 * plans, rectifications or district names (migration 0006) and at midnight. Read it before the data it keys.
 */
export async function dataVersion(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ v: string }>(`SELECT version::text || '@' || ${TODAY_SQL}::text AS v FROM data_version WHERE name = 'works'`);
  // No row means nothing can ever invalidate a cached read: refuse rather than cache forever.
  if (!rows[0]) throw new Error('data_version has no works row (migration 0006)');
  return rows[0].v;
}

export async function findFull(db: Queryable, id: number, scope: string, areaPerPersonM2: number, forUpdate = false): Promise<WorkFullRow | null> {
  const { rows } = await db.query<WorkFullRow>(
    `SELECT ${FULL_COLUMNS} FROM work w LEFT JOIN region r ON r.code = w.region_code ${aggregatesJoin('$3')}
      WHERE w.id = $1 AND w.region_code LIKE $2 || '%'${forUpdate ? ' FOR UPDATE OF w' : ''}`,
    [id, scope, areaPerPersonM2],
  );
  return rows[0] ?? null;
}

/** Locks the work row (scoped) and returns its id, version, state and region; null when not visible. */
export async function lockWork(db: Queryable, id: number, scope: string): Promise<{ id: number; version: number; lifecycleState: string; regionCode: string; code: string } | null> {
  const { rows } = await db.query<{ id: number; version: number; lifecycleState: string; regionCode: string; code: string }>(
    `SELECT id, version, lifecycle_state AS "lifecycleState", region_code AS "regionCode", code FROM work
      WHERE id = $1 AND region_code LIKE $2 || '%' FOR UPDATE`,
    [id, scope],
  );
  return rows[0] ?? null;
}

/** The work's id, region and state if it is visible in `scope` (no lock). */
export async function lockWorkRead(db: Queryable, id: number, scope: string): Promise<{ id: number; regionCode: string; lifecycleState: string; code: string } | null> {
  const { rows } = await db.query<{ id: number; regionCode: string; lifecycleState: string; code: string }>(
    `SELECT id, region_code AS "regionCode", lifecycle_state AS "lifecycleState", code FROM work WHERE id = $1 AND region_code LIKE $2 || '%'`,
    [id, scope],
  );
  return rows[0] ?? null;
}

export interface UnitRow {
  id: number;
  workId: number;
  position: number;
  name: string;
  grossAreaM2: number;
  protectedAreaM2: number;
  shelterAreaM2: number;
  wartimeFunction: string | null;
  protectionGrade: string | null;
  chemicalGrade: string | null;
  blastUnits: number;
  peacetimeFunction: string | null;
  parkingSpaces: number;
}

export async function unitsOf(db: Queryable, workIds: number[]): Promise<UnitRow[]> {
  if (workIds.length === 0) return [];
  const { rows } = await db.query<UnitRow>(
    `SELECT id, work_id AS "workId", position, name, gross_area_m2 AS "grossAreaM2", protected_area_m2 AS "protectedAreaM2",
            shelter_area_m2 AS "shelterAreaM2", wartime_function AS "wartimeFunction", protection_grade AS "protectionGrade",
            chemical_grade AS "chemicalGrade", blast_units AS "blastUnits", peacetime_function AS "peacetimeFunction", parking_spaces AS "parkingSpaces"
       FROM work_unit WHERE work_id = ANY($1::int[]) ORDER BY work_id, position`,
    [workIds],
  );
  return rows;
}

export interface EntranceRow {
  id: number;
  workId: number;
  lng: number;
  lat: number;
  kind: string;
  widthM: number | null;
}

export async function entrancesOf(db: Queryable, workIds: number[]): Promise<EntranceRow[]> {
  if (workIds.length === 0) return [];
  const { rows } = await db.query<EntranceRow>(
    `SELECT id, work_id AS "workId", ST_X(location) AS lng, ST_Y(location) AS lat, kind, width_m AS "widthM"
       FROM work_entrance WHERE work_id = ANY($1::int[]) ORDER BY work_id, id`,
    [workIds],
  );
  return rows;
}

export interface UpkeepSummary {
  overduePlans: number;
  nextDueOn: string | null;
  openRectifications: number;
  overdueRectifications: number;
  lastInspectedAt: Date | null;
}

export async function upkeepSummary(db: Queryable, workId: number): Promise<UpkeepSummary> {
  const { rows } = await db.query<UpkeepSummary>(
    `SELECT (SELECT count(*)::int FROM maintenance_plan WHERE work_id = $1 AND active AND next_due_on < ${TODAY_SQL}) AS "overduePlans",
            (SELECT to_char(min(next_due_on), 'YYYY-MM-DD') FROM maintenance_plan WHERE work_id = $1 AND active) AS "nextDueOn",
            (SELECT count(*)::int FROM rectification WHERE work_id = $1 AND status = 'open') AS "openRectifications",
            (SELECT count(*)::int FROM rectification WHERE work_id = $1 AND status = 'open' AND deadline < ${TODAY_SQL}) AS "overdueRectifications",
            (SELECT max(inspected_at) FROM inspection WHERE work_id = $1) AS "lastInspectedAt"`,
    [workId],
  );
  return rows[0]!;
}

/** The shape importers, the create route and the demo loader hand in: one work with its units and entrances. */
export interface WorkImport {
  code: string;
  name: string;
  address?: string | null;
  regionCode: string;
  location: [number, number];
  footprint?: object | null;
  constructionForm: string;
  parentProject?: string | null;
  workClass: string;
  subtype?: string | null;
  protectionGrade?: string | null;
  chemicalGrade?: string | null;
  yearBuilt?: number | null;
  owner?: string | null;
  managementUnit?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  isPublic: boolean;
  lifecycleState: string;
  peacetimeUse?: object;
  units: UnitImport[];
  entrances: Array<{ location: [number, number]; kind: string; widthM: number }>;
}

export interface UnitImport {
  name: string; grossAreaM2: number; protectedAreaM2: number; shelterAreaM2: number; wartimeFunction?: string | null;
  protectionGrade?: string | null; chemicalGrade?: string | null; blastUnits: number; peacetimeFunction?: string | null; parkingSpaces: number;
}

const WORK_COLUMNS = `code text, name text, address text, "regionCode" text, location jsonb, footprint jsonb,
  "constructionForm" text, "parentProject" text, "workClass" text, subtype text, "protectionGrade" text, "chemicalGrade" text,
  "yearBuilt" int, owner text, "managementUnit" text, "contactName" text, "contactPhone" text, "isPublic" boolean,
  "lifecycleState" text, "peacetimeUse" jsonb`;
const WORK_RECORDSET = `jsonb_to_recordset($1::jsonb) AS w(${WORK_COLUMNS})`;

const workJson = (works: WorkImport[]) => JSON.stringify(works.map(({ units: _u, entrances: _e, ...w }) => w));

/** Inserts many works with their units and entrances in three set-based statements; returns the new ids by code. */
export async function insertWorks(db: Queryable, works: WorkImport[]): Promise<Map<string, number>> {
  if (works.length === 0) return new Map();
  const { rows } = await db.query<{ id: number; code: string }>(
    `INSERT INTO work (code, name, address, region_code, location, footprint, construction_form, parent_project, work_class, subtype,
                       protection_grade, chemical_grade, year_built, owner, management_unit, contact_name, contact_phone,
                       is_public, lifecycle_state, peacetime_use)
     SELECT w.code, w.name, w.address, w."regionCode", ST_SetSRID(ST_MakePoint((w.location->>0)::float8, (w.location->>1)::float8), 4326),
            CASE WHEN w.footprint IS NULL OR w.footprint = 'null'::jsonb THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(w.footprint::text), 4326)) END,
            w."constructionForm", w."parentProject", w."workClass", w.subtype, w."protectionGrade", w."chemicalGrade", w."yearBuilt",
            w.owner, w."managementUnit", w."contactName", w."contactPhone", w."isPublic", w."lifecycleState", COALESCE(w."peacetimeUse", '{}'::jsonb)
       FROM ${WORK_RECORDSET}
     RETURNING id, code`,
    [workJson(works)],
  );
  const idByCode = new Map(rows.map((r) => [r.code, r.id]));
  await insertUnits(db, works.map((w) => ({ workId: idByCode.get(w.code)!, units: w.units })));
  await insertEntrances(db, works.map((w) => ({ workId: idByCode.get(w.code)!, entrances: w.entrances })));
  return idByCode;
}

/** The peacetime uses the exchange format carries (其他使用 contracts have no columns and are kept). */
const IMPORTED_USES = `ARRAY['parking', 'evChargers', 'coolingSpot']`;

/**
 * Overwrites the registry fields of existing works by code (units and entrances untouched); bumps version.
 * Peacetime use: when `replaceUse` (the row carried a use column) the imported uses replace the stored ones —
 * an emptied column clears its use; otherwise the stored uses are kept.
 */
export async function updateWorksByCode(db: Queryable, works: Array<WorkImport & { replaceUse: boolean }>): Promise<number> {
  if (works.length === 0) return 0;
  const res = await db.query(
    `UPDATE work SET name = w.name, address = w.address, region_code = w."regionCode",
            location = ST_SetSRID(ST_MakePoint((w.location->>0)::float8, (w.location->>1)::float8), 4326),
            construction_form = w."constructionForm", parent_project = w."parentProject", work_class = w."workClass", subtype = w.subtype,
            protection_grade = w."protectionGrade", chemical_grade = w."chemicalGrade", year_built = w."yearBuilt", owner = w.owner,
            management_unit = w."managementUnit", contact_name = w."contactName", contact_phone = w."contactPhone", is_public = w."isPublic",
            peacetime_use = CASE WHEN w."replaceUse"
                                 THEN (work.peacetime_use - ${IMPORTED_USES}) || COALESCE(NULLIF(w."peacetimeUse", 'null'::jsonb), '{}'::jsonb)
                                 ELSE work.peacetime_use END,
            version = work.version + 1, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS w(${WORK_COLUMNS}, "replaceUse" boolean) WHERE work.code = w.code`,
    [workJson(works)],
  );
  return res.rowCount;
}

export async function insertUnits(db: Queryable, sets: Array<{ workId: number; units: UnitImport[] }>): Promise<void> {
  const units = sets.flatMap((s) => s.units.map((u, i) => ({ ...u, workId: s.workId, position: i + 1 })));
  if (units.length === 0) return;
  await db.query(
    `INSERT INTO work_unit (work_id, position, name, gross_area_m2, protected_area_m2, shelter_area_m2, wartime_function,
                            protection_grade, chemical_grade, blast_units, peacetime_function, parking_spaces)
     SELECT u."workId", u.position, u.name, u."grossAreaM2", u."protectedAreaM2", u."shelterAreaM2", u."wartimeFunction",
            u."protectionGrade", u."chemicalGrade", COALESCE(u."blastUnits", 1), u."peacetimeFunction", COALESCE(u."parkingSpaces", 0)
       FROM jsonb_to_recordset($1::jsonb) AS u("workId" int, position int, name text, "grossAreaM2" float8, "protectedAreaM2" float8,
            "shelterAreaM2" float8, "wartimeFunction" text, "protectionGrade" text, "chemicalGrade" text, "blastUnits" int,
            "peacetimeFunction" text, "parkingSpaces" int)`,
    [JSON.stringify(units)],
  );
}

export async function insertEntrances(db: Queryable, sets: Array<{ workId: number; entrances: WorkImport['entrances'] }>): Promise<void> {
  const entrances = sets.flatMap((s) => s.entrances.map((e) => ({ ...e, workId: s.workId })));
  if (entrances.length === 0) return;
  await db.query(
    `INSERT INTO work_entrance (work_id, location, kind, width_m)
     SELECT e."workId", ST_SetSRID(ST_MakePoint((e.location->>0)::float8, (e.location->>1)::float8), 4326), e.kind, e."widthM"
       FROM jsonb_to_recordset($1::jsonb) AS e("workId" int, location jsonb, kind text, "widthM" float8)`,
    [JSON.stringify(entrances)],
  );
}

export async function deleteUnits(db: Queryable, workIds: number[]): Promise<void> {
  if (workIds.length) await db.query('DELETE FROM work_unit WHERE work_id = ANY($1::int[])', [workIds]);
}

export async function deleteEntrances(db: Queryable, workIds: number[]): Promise<void> {
  if (workIds.length) await db.query('DELETE FROM work_entrance WHERE work_id = ANY($1::int[])', [workIds]);
}

const PATCH_COLUMNS: Record<string, string> = {
  code: 'code', name: 'name', address: 'address', regionCode: 'region_code', constructionForm: 'construction_form',
  parentProject: 'parent_project', workClass: 'work_class', subtype: 'subtype', protectionGrade: 'protection_grade',
  chemicalGrade: 'chemical_grade', yearBuilt: 'year_built', owner: 'owner', managementUnit: 'management_unit',
  contactName: 'contact_name', contactPhone: 'contact_phone', isPublic: 'is_public', peacetimeUse: 'peacetime_use',
  lifecycleState: 'lifecycle_state',
};

/**
 * PostGIS's verdict on a footprint (GeoJSON Polygon / MultiPolygon): null when valid, else ST_IsValidReason's
 * text ("Self-intersection[120.905 32.005]"). A geometry PostGIS cannot even build (an unclosed ring) answers
 * with its error text or, in the embedded database, no row at all: both are reported as invalid.
 */
export async function footprintProblem(tx: Queryable, footprint: object): Promise<string | null> {
  // Inside the caller's transaction: a savepoint keeps a failing check from aborting it.
  await tx.query('SAVEPOINT footprint_check');
  try {
    const { rows } = await tx.query<{ ok: boolean; why: string }>(
      'SELECT ST_IsValid(g) AS ok, ST_IsValidReason(g) AS why FROM (SELECT ST_GeomFromGeoJSON($1::text) AS g) s', [JSON.stringify(footprint)],
    );
    await tx.query('RELEASE SAVEPOINT footprint_check');
    if (!rows[0]) return 'Invalid geometry';
    return rows[0].ok ? null : rows[0].why;
  } catch (err) {
    await tx.query('ROLLBACK TO SAVEPOINT footprint_check');
    return String((err as Error).message ?? 'Invalid geometry');
  }
}

/**
 * Updates one work if its version is still `version` (optimistic locking). Returns false when the
 * version moved on, so the caller can answer 409 instead of overwriting someone else's edit.
 */
export async function updateWork(db: Queryable, id: number, version: number, patch: Record<string, unknown>): Promise<boolean> {
  const sets: string[] = [];
  const params: unknown[] = [id, version];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (key === 'location') {
      const [lng, lat] = value as [number, number];
      params.push(lng, lat);
      sets.push(`location = ST_SetSRID(ST_MakePoint($${params.length - 1}, $${params.length}), 4326)`);
    } else if (key === 'footprint') {
      params.push(value === null ? null : JSON.stringify(value));
      sets.push(`footprint = CASE WHEN $${params.length}::text IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($${params.length}::text), 4326)) END`);
    } else if (key === 'peacetimeUse') {
      params.push(JSON.stringify(value));
      sets.push(`peacetime_use = $${params.length}::jsonb`);
    } else if (PATCH_COLUMNS[key]) {
      params.push(value);
      sets.push(`${PATCH_COLUMNS[key]} = $${params.length}`);
    }
  }
  const res = await db.query(
    `UPDATE work SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1 AND version = $2`,
    params,
  );
  return res.rowCount > 0;
}

export async function signOf(db: Queryable, id: number): Promise<{ signStatus: string; signNote: string | null } | null> {
  const { rows } = await db.query<{ signStatus: string; signNote: string | null }>('SELECT sign_status AS "signStatus", sign_note AS "signNote" FROM work WHERE id = $1', [id]);
  return rows[0] ?? null;
}

export async function setSign(db: Queryable, id: number, status: string, note: string | null): Promise<void> {
  await db.query(`UPDATE work SET sign_status = $2, sign_note = $3, sign_checked_at = now(), updated_at = now() WHERE id = $1`, [id, status, note]);
}

export async function codeExists(db: Queryable, code: string, exceptId?: number): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM work WHERE code = $1 AND id <> $2', [code, exceptId ?? 0]);
  return rows.length > 0;
}

/** Existing works by code (any jurisdiction: a code is unique in the city). */
export async function findByCodes(db: Queryable, codes: string[]): Promise<Array<{ id: number; code: string; regionCode: string; lifecycleState: string; version: number }>> {
  if (codes.length === 0) return [];
  const { rows } = await db.query<{ id: number; code: string; regionCode: string; lifecycleState: string; version: number }>(
    `SELECT id, code, region_code AS "regionCode", lifecycle_state AS "lifecycleState", version FROM work WHERE code = ANY($1::text[])`,
    [codes],
  );
  return rows;
}

/** The stored form of works an import names: what it is compared with (an unchanged row is not written) and the audit trail's "before". */
export async function snapshotByIds(db: Queryable, ids: number[]): Promise<Array<Record<string, unknown>>> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT w.id, w.code, w.name, w.address, w.region_code AS "regionCode", ARRAY[ST_X(w.location), ST_Y(w.location)] AS location,
            w.construction_form AS "constructionForm", w.parent_project AS "parentProject", w.work_class AS "workClass", w.subtype,
            w.protection_grade AS "protectionGrade", w.chemical_grade AS "chemicalGrade", w.year_built AS "yearBuilt", w.owner,
            w.management_unit AS "managementUnit", w.contact_name AS "contactName", w.contact_phone AS "contactPhone",
            w.is_public AS "isPublic", w.lifecycle_state AS "lifecycleState", w.peacetime_use AS "peacetimeUse", w.version,
            COALESCE((SELECT jsonb_agg(jsonb_build_object('name', u.name, 'grossAreaM2', u.gross_area_m2, 'protectedAreaM2', u.protected_area_m2,
                      'shelterAreaM2', u.shelter_area_m2, 'wartimeFunction', u.wartime_function, 'protectionGrade', u.protection_grade,
                      'chemicalGrade', u.chemical_grade, 'blastUnits', u.blast_units, 'peacetimeFunction', u.peacetime_function,
                      'parkingSpaces', u.parking_spaces) ORDER BY u.position)
                        FROM work_unit u WHERE u.work_id = w.id), '[]'::jsonb) AS units
       FROM work w WHERE w.id = ANY($1::int[]) ORDER BY w.id`,
    [ids],
  );
  return rows;
}

/** The key ids the stored contact phones are encrypted with: how many values each, and one of them to try. */
export async function contactPhoneKeys(db: Queryable): Promise<Array<{ keyId: string; sample: string; count: number }>> {
  const { rows } = await db.query<{ keyId: string; sample: string; count: number }>(
    `SELECT split_part(contact_phone, ':', 3) AS "keyId", min(contact_phone) AS sample, count(*)::int AS count
       FROM work WHERE contact_phone LIKE 'sm4:v1:%' GROUP BY 1 ORDER BY 1`,
  );
  return rows;
}

/**
 * Contact phones not (yet) sealed with the current key `keyId`: plain text from an installation older than field
 * encryption, or encrypted with a previous key of a rotation. Locked, for `replaceContactPhones`.
 */
export async function contactPhonesToSeal(db: Queryable, keyId: string): Promise<Array<{ id: number; phone: string }>> {
  const { rows } = await db.query<{ id: number; phone: string }>(
    `SELECT id, contact_phone AS phone FROM work
      WHERE contact_phone IS NOT NULL AND (contact_phone NOT LIKE 'sm4:v1:%' OR split_part(contact_phone, ':', 3) <> $1)
      ORDER BY id FOR UPDATE`,
    [keyId],
  );
  return rows;
}

/**
 * Replaces stored contact phones by another stored form of the same phone, in one statement; a row whose value
 * is no longer `from` is left alone. Neither version nor updated_at moves: the phone is the same, only its storage changed.
 */
export async function replaceContactPhones(db: Queryable, changes: Array<{ id: number; from: string; to: string }>): Promise<number> {
  if (changes.length === 0) return 0;
  const res = await db.query(
    `UPDATE work SET contact_phone = p."to" FROM jsonb_to_recordset($1::jsonb) AS p(id int, "from" text, "to" text)
      WHERE work.id = p.id AND work.contact_phone = p."from"`,
    [JSON.stringify(changes)],
  );
  return res.rowCount;
}

export async function existingRegions(db: Queryable, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const { rows } = await db.query<{ code: string }>('SELECT code FROM region WHERE code = ANY($1::text[])', [codes]);
  return new Set(rows.map((r) => r.code));
}

export interface LifecycleEventRow {
  id: number;
  fromState: string | null;
  toState: string;
  /** What a person typed; for an import, the file name. */
  reason: string | null;
  /** A reason the system wrote, worded by the reader's language: registered (the form), imported (an import file). */
  reasonCode: 'registered' | 'imported' | null;
  approvalRef: string | null;
  conversionKind: string | null;
  actor: string | null;
  at: Date;
}

export async function insertLifecycleEvents(
  db: Queryable,
  events: Array<{ workId: number; fromState: string | null; toState: string; reason: string | null; reasonCode?: 'registered' | 'imported'; approvalRef?: string | null; conversionKind?: string | null; actorId: number | null; actor: string | null }>,
): Promise<void> {
  if (events.length === 0) return;
  await db.query(
    `INSERT INTO work_lifecycle_event (work_id, from_state, to_state, reason, reason_code, approval_ref, conversion_kind, actor_id, actor)
     SELECT e."workId", e."fromState", e."toState", e.reason, e."reasonCode", e."approvalRef", e."conversionKind", e."actorId", e.actor
       FROM jsonb_to_recordset($1::jsonb) AS e("workId" int, "fromState" text, "toState" text, reason text, "reasonCode" text, "approvalRef" text,
            "conversionKind" text, "actorId" int, actor text)`,
    [JSON.stringify(events)],
  );
}

export async function lifecycleOf(db: Queryable, workId: number): Promise<LifecycleEventRow[]> {
  const { rows } = await db.query<LifecycleEventRow>(
    `SELECT id, from_state AS "fromState", to_state AS "toState", reason, reason_code AS "reasonCode", approval_ref AS "approvalRef",
            conversion_kind AS "conversionKind", actor, at FROM work_lifecycle_event WHERE work_id = $1 ORDER BY at, id`,
    [workId],
  );
  return rows;
}
