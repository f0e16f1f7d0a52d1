/**
 * The only SQL of the command structure: 指挥部, their people, member units, duty rosters, command posts and the
 * mobile command vehicles. Every read takes the caller's scope (a GB/T 2260 prefix).
 */
import type { Queryable } from '../../db/index.ts';

export interface HqRow {
  id: number;
  level: string;
  name: string;
  regionCode: string;
  regionName: string | null;
  parentId: number | null;
  address: string | null;
  officePhone: string | null;
  synthetic: boolean;
  version: number;
}

const HQ_COLUMNS = `h.id, h.level, h.name, h.region_code AS "regionCode", r.name AS "regionName", h.parent_id AS "parentId", h.address,
  h.office_phone AS "officePhone", h.synthetic, h.version`;

export async function listHqs(db: Queryable, scope: string): Promise<HqRow[]> {
  const { rows } = await db.query<HqRow>(
    `SELECT ${HQ_COLUMNS} FROM command_hq h LEFT JOIN region r ON r.code = h.region_code
      WHERE h.region_code LIKE $1 || '%'
      ORDER BY CASE h.level WHEN 'city' THEN 0 WHEN 'county' THEN 1 ELSE 2 END, h.region_code`, [scope]);
  return rows;
}

export async function findHq(db: Queryable, id: number, scope: string): Promise<HqRow | null> {
  const { rows } = await db.query<HqRow>(
    `SELECT ${HQ_COLUMNS} FROM command_hq h LEFT JOIN region r ON r.code = h.region_code WHERE h.id = $1 AND h.region_code LIKE $2 || '%'`, [id, scope]);
  return rows[0] ?? null;
}

/** The 指挥部 of the nearest of `parentRegions` (given nearest first) that has one, in any scope. */
export async function parentHqFor(db: Queryable, parentRegions: readonly string[]): Promise<number | null> {
  if (parentRegions.length === 0) return null;
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM command_hq WHERE region_code = ANY($1::text[]) ORDER BY array_position($1::text[], region_code) LIMIT 1`, [parentRegions]);
  return rows[0]?.id ?? null;
}

export async function hqExists(db: Queryable, regionCode: string, level: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM command_hq WHERE region_code = $1 AND level = $2', [regionCode, level]);
  return rows.length > 0;
}

export async function insertHq(db: Queryable, h: { level: string; name: string; regionCode: string; parentId: number | null; address: string | null; officePhone: string | null; synthetic?: boolean }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO command_hq (level, name, region_code, parent_id, address, office_phone, synthetic) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [h.level, h.name, h.regionCode, h.parentId, h.address, h.officePhone, h.synthetic ?? false]);
  return rows[0]!.id;
}

export interface PersonRow {
  id: number;
  hqId: number;
  name: string;
  role: string;
  title: string | null;
  unit: string | null;
  mobilePhone: string | null;
  position: number;
  version: number;
}

const PERSON_COLUMNS = `p.id, p.hq_id AS "hqId", p.name, p.role, p.title, p.unit, p.mobile_phone AS "mobilePhone", p.position, p.version`;

export async function personsOf(db: Queryable, hqIds: readonly number[]): Promise<PersonRow[]> {
  const { rows } = await db.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM command_person p WHERE p.hq_id = ANY($1::int[])
      ORDER BY p.hq_id, CASE p.role WHEN 'commander' THEN 0 WHEN 'deputy' THEN 1 WHEN 'member' THEN 2 ELSE 3 END, p.position, p.id`, [hqIds]);
  return rows;
}

export async function insertPerson(db: Queryable, hqId: number, regionCode: string, p: { name: string; role: string; title: string | null; unit: string | null; mobilePhone: string | null }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO command_person (hq_id, region_code, name, role, title, unit, mobile_phone, position)
     VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT coalesce(max(position), 0) + 1 FROM command_person WHERE hq_id = $1)) RETURNING id`,
    [hqId, regionCode, p.name, p.role, p.title, p.unit, p.mobilePhone]);
  return rows[0]!.id;
}

export interface MemberUnitRow {
  id: number;
  hqId: number;
  name: string;
  peacetimeDuty: string;
  wartimeDuty: string;
  contactName: string | null;
  contactPhone: string | null;
  version: number;
}

export async function memberUnitsOf(db: Queryable, hqId: number): Promise<MemberUnitRow[]> {
  const { rows } = await db.query<MemberUnitRow>(
    `SELECT id, hq_id AS "hqId", name, peacetime_duty AS "peacetimeDuty", wartime_duty AS "wartimeDuty", contact_name AS "contactName",
            contact_phone AS "contactPhone", version FROM command_member_unit WHERE hq_id = $1 ORDER BY position, id`, [hqId]);
  return rows;
}

export async function insertMemberUnit(db: Queryable, hqId: number, regionCode: string, u: Omit<MemberUnitRow, 'id' | 'hqId' | 'version'>): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO command_member_unit (hq_id, region_code, name, peacetime_duty, wartime_duty, contact_name, contact_phone, position)
     VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT coalesce(max(position), 0) + 1 FROM command_member_unit WHERE hq_id = $1)) RETURNING id`,
    [hqId, regionCode, u.name, u.peacetimeDuty, u.wartimeDuty, u.contactName, u.contactPhone]);
  return rows[0]!.id;
}

/** A person or member unit to edit: its row locked, found only through a 指挥部 in the caller's scope. */
export async function findPersonForUpdate(db: Queryable, id: number, scope: string): Promise<PersonRow | null> {
  const { rows } = await db.query<PersonRow>(
    `SELECT ${PERSON_COLUMNS} FROM command_person p JOIN command_hq h ON h.id = p.hq_id WHERE p.id = $1 AND h.region_code LIKE $2 || '%' FOR UPDATE OF p`, [id, scope]);
  return rows[0] ?? null;
}

export async function findMemberUnitForUpdate(db: Queryable, id: number, scope: string): Promise<MemberUnitRow | null> {
  const { rows } = await db.query<MemberUnitRow>(
    `SELECT u.id, u.hq_id AS "hqId", u.name, u.peacetime_duty AS "peacetimeDuty", u.wartime_duty AS "wartimeDuty", u.contact_name AS "contactName",
            u.contact_phone AS "contactPhone", u.version
       FROM command_member_unit u JOIN command_hq h ON h.id = u.hq_id WHERE u.id = $1 AND h.region_code LIKE $2 || '%' FOR UPDATE OF u`, [id, scope]);
  return rows[0] ?? null;
}

/** The columns an edit may set, by API field: nothing else of the row can be written through `updateRow`. */
export const PERSON_EDITABLE = { name: 'name', role: 'role', title: 'title', unit: 'unit', mobilePhone: 'mobile_phone' } as const;
export const UNIT_EDITABLE = {
  name: 'name', peacetimeDuty: 'peacetime_duty', wartimeDuty: 'wartime_duty', contactName: 'contact_name', contactPhone: 'contact_phone',
} as const;

/** Sets the given fields (by the whitelist) and bumps the row's version. */
export async function updateRow(db: Queryable, table: 'command_person' | 'command_member_unit', whitelist: Readonly<Record<string, string>>, id: number, set: Readonly<Record<string, unknown>>): Promise<void> {
  const keys = Object.keys(set).filter((k) => k in whitelist);
  const assignments = keys.map((k, i) => `${whitelist[k]!} = $${i + 2}`);
  await db.query(`UPDATE ${table} SET ${[...assignments, 'version = version + 1'].join(', ')} WHERE id = $1`, [id, ...keys.map((k) => set[k])]);
}

/** How many duty entries name this person (the roster is history too: a person on it is not deleted). */
export async function dutiesOfPerson(db: Queryable, personId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM command_duty WHERE person_id = $1', [personId]);
  return rows[0]!.n;
}

export async function deletePerson(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM command_person WHERE id = $1', [id]);
}

export async function deleteMemberUnit(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM command_member_unit WHERE id = $1', [id]);
}

export interface DutyRow {
  hqId: number;
  dutyDate: string;
  shift: string;
  personId: number;
  name: string;
  mobilePhone: string | null;
}

/** Duty entries of the given 指挥部 from `from` for `days` days (dates as YYYY-MM-DD). */
export async function dutiesOf(db: Queryable, hqIds: readonly number[], from: string, days: number): Promise<DutyRow[]> {
  const { rows } = await db.query<DutyRow>(
    `SELECT d.hq_id AS "hqId", to_char(d.duty_date, 'YYYY-MM-DD') AS "dutyDate", d.shift, d.person_id AS "personId", p.name, p.mobile_phone AS "mobilePhone"
       FROM command_duty d JOIN command_person p ON p.id = d.person_id
      WHERE d.hq_id = ANY($1::int[]) AND d.duty_date >= $2::date AND d.duty_date < $2::date + $3::int
      ORDER BY d.hq_id, d.duty_date, CASE d.shift WHEN 'day' THEN 0 ELSE 1 END`, [hqIds, from, days]);
  return rows;
}

export async function findDuty(db: Queryable, hqId: number, date: string, shift: string): Promise<{ personId: number } | null> {
  const { rows } = await db.query<{ personId: number }>(
    `SELECT person_id AS "personId" FROM command_duty WHERE hq_id = $1 AND duty_date = $2::date AND shift = $3`, [hqId, date, shift]);
  return rows[0] ?? null;
}

export async function upsertDuty(db: Queryable, hqId: number, regionCode: string, date: string, shift: string, personId: number): Promise<void> {
  await db.query(
    `INSERT INTO command_duty (hq_id, region_code, duty_date, shift, person_id) VALUES ($1, $2, $3::date, $4, $5)
     ON CONFLICT (hq_id, duty_date, shift) DO UPDATE SET person_id = EXCLUDED.person_id`, [hqId, regionCode, date, shift, personId]);
}

export interface PostRow {
  id: number;
  hqId: number;
  kind: string;
  name: string;
  workId: number | null;
  workCode: string | null;
  workName: string | null;
  lng: number | null;
  lat: number | null;
}

export async function postsOf(db: Queryable, hqId: number): Promise<PostRow[]> {
  // The work's code, name and place are joined only to show them; whether a work may be linked is the works module's answer.
  const { rows } = await db.query<PostRow>(
    `SELECT c.id, c.hq_id AS "hqId", c.kind, c.name, c.work_id AS "workId", w.code AS "workCode", w.name AS "workName",
            ST_X(w.location) AS lng, ST_Y(w.location) AS lat
       FROM command_post c LEFT JOIN work w ON w.id = c.work_id WHERE c.hq_id = $1 ORDER BY c.kind, c.id`, [hqId]);
  return rows;
}

export async function postExists(db: Queryable, hqId: number, kind: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM command_post WHERE hq_id = $1 AND kind = $2', [hqId, kind])).rows.length > 0;
}

export async function insertPost(db: Queryable, hqId: number, regionCode: string, p: { kind: string; name: string; workId: number }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO command_post (hq_id, region_code, kind, name, work_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [hqId, regionCode, p.kind, p.name, p.workId]);
  return rows[0]!.id;
}

export interface VehicleRow {
  id: number;
  code: string;
  name: string;
  hqId: number | null;
  regionCode: string;
  generation: string | null;
  equipment: string | null;
  crew: number;
  state: string;
  home: [number, number];
  position: [number, number] | null;
  positionAt: Date | null;
  speedKmh: number | null;
  synthetic: boolean;
}

export async function listVehicles(db: Queryable, scope: string): Promise<VehicleRow[]> {
  const { rows } = await db.query<Omit<VehicleRow, 'home' | 'position'> & { hx: number; hy: number; px: number | null; py: number | null }>(
    `SELECT id, code, name, hq_id AS "hqId", region_code AS "regionCode", generation, equipment, crew, state, synthetic,
            ST_X(home) AS hx, ST_Y(home) AS hy, ST_X(position) AS px, ST_Y(position) AS py, position_at AS "positionAt", speed_kmh AS "speedKmh"
       FROM command_vehicle WHERE region_code LIKE $1 || '%' ORDER BY code`, [scope]);
  return rows.map(({ hx, hy, px, py, ...r }) => ({ ...r, home: [hx, hy], position: px === null || py === null ? null : [px, py] }));
}

export async function insertVehicle(db: Queryable, v: { code: string; name: string; hqId: number | null; regionCode: string; generation: string | null; equipment: string | null; crew: number; state: string; home: [number, number]; synthetic?: boolean }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO command_vehicle (code, name, hq_id, region_code, generation, equipment, crew, state, home, synthetic)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ST_SetSRID(ST_MakePoint($9, $10), 4326), $11) RETURNING id`,
    [v.code, v.name, v.hqId, v.regionCode, v.generation, v.equipment, v.crew, v.state, v.home[0], v.home[1], v.synthetic ?? false]);
  return rows[0]!.id;
}

/**
 * A vehicle by its telemetry code with the time of its newest stored fix, or null when no vehicle has the code. For
 * the telemetry and the broker login, which act for the system outside any jurisdiction (a vehicle's unit is no
 * user); nothing here reaches a user.
 */
export async function vehicleByCode(db: Queryable, code: string): Promise<{ id: number; regionCode: string; positionAt: Date | null } | null> {
  const { rows } = await db.query<{ id: number; regionCode: string; positionAt: Date | null }>(
    `SELECT id, region_code AS "regionCode", position_at AS "positionAt" FROM command_vehicle WHERE code = $1`, [code]);
  return rows[0] ?? null;
}

/**
 * Every vehicle's code, for the external broker's account file written by the operator at the server's machine
 * (`civdef broker mosquitto-config`): the whole installation, outside any jurisdiction, like the sirens' accounts.
 */
export async function allVehicleCodes(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>(`SELECT code FROM command_vehicle ORDER BY code`);
  return rows.map((r) => r.code);
}

/**
 * Stores a reported position unless a newer one is already stored (reports can arrive out of order after a
 * reconnect). Answers whether the vehicle exists and the report was not older. The same report stored again (by a
 * second server on the same broker and database) answers true: replays are refused before, by the report's time
 * against the newest one accepted (vehicles.telemetry.ts).
 */
export async function storePosition(db: Queryable, code: string, lng: number, lat: number, at: Date, speedKmh: number | null): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE command_vehicle SET position = ST_SetSRID(ST_MakePoint($2, $3), 4326), position_at = $4, speed_kmh = $5
      WHERE code = $1 AND (position_at IS NULL OR position_at <= $4)`, [code, lng, lat, at, speedKmh]);
  return (rowCount ?? 0) > 0;
}

/**
 * A work's id by its code, for the demo loader only (it runs as the system, outside any jurisdiction, in the same
 * transaction that loaded the works). Linking a post by a person goes through the works module's service.
 */
export async function workIdByCode(db: Queryable, code: string): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM work WHERE code = $1 AND work_class = 'command'`, [code]);
  return rows[0]?.id ?? null;
}

/** Many duty entries of one 指挥部 in one statement (the demo roster). */
export async function insertDutiesBulk(db: Queryable, hqId: number, regionCode: string, entries: ReadonlyArray<{ date: string; shift: string; personId: number }>): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO command_duty (hq_id, region_code, duty_date, shift, person_id)
     SELECT $1, $2, x.date::date, x.shift, x."personId" FROM jsonb_to_recordset($3::jsonb) AS x (date text, shift text, "personId" int)
     ON CONFLICT (hq_id, duty_date, shift) DO UPDATE SET person_id = EXCLUDED.person_id`, [hqId, regionCode, JSON.stringify(entries)]);
}
