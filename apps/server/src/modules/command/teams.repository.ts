/**
 * The only SQL of teams, members, equipment and roll-calls (整组点验). Every read takes the caller's scope.
 */
import type { Queryable } from '../../db/index.ts';

export interface TeamRow {
  id: number;
  code: string;
  name: string;
  category: string;
  kind: string;
  baseUnit: string;
  regionCode: string;
  regionName: string | null;
  lng: number;
  lat: number;
  leaderName: string | null;
  leaderPhone: string | null;
  synthetic: boolean;
  version: number;
  members: number;
  equipmentCount: number;
  /** The last recorded roll-call's figures (null before the first). */
  lastRollcallAt: Date | null;
  peopleTotal: number | null;
  peoplePresent: number | null;
  equipmentTotal: number | null;
  equipmentWorking: number | null;
  /** Members whose qualification has expired or expires within the warning window. */
  qualificationsFlagged: number;
  /** Equipment whose upkeep is overdue or due within the warning window. */
  upkeepFlagged: number;
}

const TEAM_SELECT = `
  SELECT t.id, t.code, t.name, t.category, t.kind, t.base_unit AS "baseUnit", t.region_code AS "regionCode", r.name AS "regionName",
         ST_X(t.location) AS lng, ST_Y(t.location) AS lat, t.leader_name AS "leaderName", t.leader_phone AS "leaderPhone", t.synthetic, t.version,
         (SELECT count(*)::int FROM team_member m WHERE m.team_id = t.id) AS members,
         (SELECT coalesce(sum(e.count), 0)::int FROM team_equipment e WHERE e.team_id = t.id) AS "equipmentCount",
         rc.recorded_at AS "lastRollcallAt", rc.people_total AS "peopleTotal", rc.people_present AS "peoplePresent",
         rc.equipment_total AS "equipmentTotal", rc.equipment_working AS "equipmentWorking",
         (SELECT count(*)::int FROM team_member m WHERE m.team_id = t.id AND m.qualification_expires <= $2::date + $3::int) AS "qualificationsFlagged",
         (SELECT count(*)::int FROM team_equipment e WHERE e.team_id = t.id AND e.maintenance_due <= $2::date + $4::int) AS "upkeepFlagged"
    FROM team t
    LEFT JOIN region r ON r.code = t.region_code
    LEFT JOIN LATERAL (SELECT * FROM rollcall c WHERE c.team_id = t.id AND c.state = 'recorded' ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1) rc ON true`;

export interface FlagWindow {
  today: string;
  qualificationDays: number;
  maintenanceDays: number;
}

export async function listTeams(db: Queryable, scope: string, w: FlagWindow, filter: { category?: string; kind?: string } = {}): Promise<TeamRow[]> {
  const { rows } = await db.query<TeamRow>(
    `${TEAM_SELECT} WHERE t.region_code LIKE $1 || '%' AND ($5::text IS NULL OR t.category = $5) AND ($6::text IS NULL OR t.kind = $6) ORDER BY t.region_code, t.code`,
    [scope, w.today, w.qualificationDays, w.maintenanceDays, filter.category ?? null, filter.kind ?? null]);
  return rows;
}

export async function findTeam(db: Queryable, id: number, scope: string, w: FlagWindow): Promise<TeamRow | null> {
  const { rows } = await db.query<TeamRow>(`${TEAM_SELECT} WHERE t.id = $5 AND t.region_code LIKE $1 || '%'`, [scope, w.today, w.qualificationDays, w.maintenanceDays, id]);
  return rows[0] ?? null;
}

export async function codeTaken(db: Queryable, code: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM team WHERE code = $1', [code])).rows.length > 0;
}

export interface TeamInsert {
  code: string; name: string; category: string; kind: string; baseUnit: string; regionCode: string; location: [number, number];
  leaderName: string | null; leaderPhone: string | null; synthetic?: boolean;
}

export async function insertTeam(db: Queryable, t: TeamInsert): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO team (code, name, category, kind, base_unit, region_code, location, leader_name, leader_phone, synthetic)
     VALUES ($1, $2, $3, $4, $5, $6, ST_SetSRID(ST_MakePoint($7, $8), 4326), $9, $10, $11) RETURNING id`,
    [t.code, t.name, t.category, t.kind, t.baseUnit, t.regionCode, t.location[0], t.location[1], t.leaderName, t.leaderPhone, t.synthetic ?? false]);
  return rows[0]!.id;
}

export interface MemberRow {
  id: number;
  name: string;
  role: string;
  phone: string | null;
  qualification: string | null;
  qualificationExpires: string | null;
  volunteer: boolean;
  version: number;
}

export async function membersOf(db: Queryable, teamId: number): Promise<MemberRow[]> {
  const { rows } = await db.query<MemberRow>(
    `SELECT id, name, role, phone, qualification, to_char(qualification_expires, 'YYYY-MM-DD') AS "qualificationExpires", volunteer, version
       FROM team_member WHERE team_id = $1 ORDER BY CASE WHEN role LIKE '%队长%' THEN 0 ELSE 1 END, id`, [teamId]);
  return rows;
}

export async function insertMembers(db: Queryable, teamId: number, regionCode: string, members: ReadonlyArray<Omit<MemberRow, 'id' | 'version'>>): Promise<number[]> {
  if (members.length === 0) return [];
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO team_member (team_id, region_code, name, role, phone, qualification, qualification_expires, volunteer)
     SELECT $1, $2, x.name, x.role, x.phone, x.qualification, x.expires::date, x.volunteer
       FROM jsonb_to_recordset($3::jsonb) AS x (name text, role text, phone text, qualification text, expires text, volunteer boolean) RETURNING id`,
    [teamId, regionCode, JSON.stringify(members.map((m) => ({ ...m, expires: m.qualificationExpires })))]);
  return rows.map((r) => r.id);
}

export interface EquipmentRow {
  id: number;
  kind: string;
  name: string;
  count: number;
  location: string | null;
  state: string;
  maintenanceDue: string | null;
  version: number;
}

export async function equipmentOf(db: Queryable, teamId: number): Promise<EquipmentRow[]> {
  const { rows } = await db.query<EquipmentRow>(
    `SELECT id, kind, name, count, location, state, to_char(maintenance_due, 'YYYY-MM-DD') AS "maintenanceDue", version
       FROM team_equipment WHERE team_id = $1 ORDER BY kind, id`, [teamId]);
  return rows;
}

export async function insertEquipment(db: Queryable, teamId: number, regionCode: string, items: ReadonlyArray<Omit<EquipmentRow, 'id' | 'version'>>): Promise<number[]> {
  if (items.length === 0) return [];
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO team_equipment (team_id, region_code, kind, name, count, location, state, maintenance_due)
     SELECT $1, $2, x.kind, x.name, x.count, x.location, x.state, x.due::date
       FROM jsonb_to_recordset($3::jsonb) AS x (kind text, name text, count int, location text, state text, due text) RETURNING id`,
    [teamId, regionCode, JSON.stringify(items.map((e) => ({ ...e, due: e.maintenanceDue })))]);
  return rows.map((r) => r.id);
}

/** A member or item to edit, locked, with its team: found only through a team in the caller's scope. */
export async function findMemberForUpdate(db: Queryable, id: number, scope: string): Promise<(MemberRow & { teamId: number }) | null> {
  const { rows } = await db.query<MemberRow & { teamId: number }>(
    `SELECT m.id, m.team_id AS "teamId", m.name, m.role, m.phone, m.qualification, to_char(m.qualification_expires, 'YYYY-MM-DD') AS "qualificationExpires",
            m.volunteer, m.version
       FROM team_member m JOIN team t ON t.id = m.team_id WHERE m.id = $1 AND t.region_code LIKE $2 || '%' FOR UPDATE OF m`, [id, scope]);
  return rows[0] ?? null;
}

export async function findEquipmentForUpdate(db: Queryable, id: number, scope: string): Promise<(EquipmentRow & { teamId: number }) | null> {
  const { rows } = await db.query<EquipmentRow & { teamId: number }>(
    `SELECT e.id, e.team_id AS "teamId", e.kind, e.name, e.count, e.location, e.state, to_char(e.maintenance_due, 'YYYY-MM-DD') AS "maintenanceDue", e.version
       FROM team_equipment e JOIN team t ON t.id = e.team_id WHERE e.id = $1 AND t.region_code LIKE $2 || '%' FOR UPDATE OF e`, [id, scope]);
  return rows[0] ?? null;
}

/** The columns an edit may set, by API field: nothing else can be written through `updateMember`/`updateEquipment`. */
const MEMBER_EDITABLE: Readonly<Record<string, string>> = {
  name: 'name', role: 'role', phone: 'phone', qualification: 'qualification', qualificationExpires: 'qualification_expires', volunteer: 'volunteer',
};
const EQUIPMENT_EDITABLE: Readonly<Record<string, string>> = {
  kind: 'kind', name: 'name', count: 'count', location: 'location', state: 'state', maintenanceDue: 'maintenance_due',
};

async function updateRow(db: Queryable, table: string, whitelist: Readonly<Record<string, string>>, id: number, set: Readonly<Record<string, unknown>>): Promise<void> {
  const keys = Object.keys(set).filter((k) => k in whitelist);
  if (keys.length === 0) return;
  const assignments = keys.map((k, i) => `${whitelist[k]!} = $${i + 2}`);
  await db.query(`UPDATE ${table} SET ${[...assignments, 'version = version + 1'].join(', ')} WHERE id = $1`, [id, ...keys.map((k) => set[k])]);
}

export const updateMember = (db: Queryable, id: number, set: Readonly<Record<string, unknown>>) => updateRow(db, 'team_member', MEMBER_EDITABLE, id, set);
export const updateEquipment = (db: Queryable, id: number, set: Readonly<Record<string, unknown>>) => updateRow(db, 'team_equipment', EQUIPMENT_EDITABLE, id, set);

/** How many roll-calls recorded this member / item (their records point at it, so it is not deleted). */
export async function rollcallsOfMember(db: Queryable, id: number): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM rollcall_member WHERE member_id = $1', [id])).rows[0]!.n;
}
export async function rollcallsOfEquipment(db: Queryable, id: number): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM rollcall_equipment WHERE equipment_id = $1', [id])).rows[0]!.n;
}

export async function deleteMembers(db: Queryable, ids: readonly number[]): Promise<void> {
  if (ids.length > 0) await db.query('DELETE FROM team_member WHERE id = ANY($1::int[])', [ids]);
}
export async function deleteEquipment(db: Queryable, ids: readonly number[]): Promise<void> {
  if (ids.length > 0) await db.query('DELETE FROM team_equipment WHERE id = ANY($1::int[])', [ids]);
}

/** The members / items among `ids` that some recorded roll-call points at. */
export async function inRollcalls(db: Queryable, what: 'member' | 'equipment', ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const sql = what === 'member'
    ? 'SELECT DISTINCT member_id AS id FROM rollcall_member WHERE member_id = ANY($1::int[])'
    : 'SELECT DISTINCT equipment_id AS id FROM rollcall_equipment WHERE equipment_id = ANY($1::int[])';
  return new Set((await db.query<{ id: number }>(sql, [ids])).rows.map((r) => r.id));
}

/**
 * Sets a team's own fields (from an import by code) and bumps its version. Not its region: members, equipment and
 * roll-calls carry the team's region for scoping, so moving a team is not an import's business.
 */
export async function updateTeam(db: Queryable, id: number, t: Omit<TeamInsert, 'code' | 'synthetic' | 'regionCode'>): Promise<void> {
  await db.query(
    `UPDATE team SET name = $2, category = $3, kind = $4, base_unit = $5, location = ST_SetSRID(ST_MakePoint($6, $7), 4326),
            leader_name = $8, leader_phone = $9, version = version + 1, updated_at = now() WHERE id = $1`,
    [id, t.name, t.category, t.kind, t.baseUnit, t.location[0], t.location[1], t.leaderName, t.leaderPhone]);
}

/** Locks a team of the scope for an edit; its version, or null when there is none. */
export async function lockTeam(db: Queryable, id: number, scope: string): Promise<number | null> {
  const { rows } = await db.query<{ version: number }>(`SELECT version FROM team WHERE id = $1 AND region_code LIKE $2 || '%' FOR UPDATE`, [id, scope]);
  return rows[0]?.version ?? null;
}

/** Teams by code, in any scope (the import tells "yours to update" from "someone else's code"). */
export async function teamsByCode(db: Queryable, codes: readonly string[]): Promise<Array<{ id: number; code: string; regionCode: string; version: number }>> {
  if (codes.length === 0) return [];
  const { rows } = await db.query<{ id: number; code: string; regionCode: string; version: number }>(
    'SELECT id, code, region_code AS "regionCode", version FROM team WHERE code = ANY($1::text[])', [codes]);
  return rows;
}

export interface RollcallRow {
  id: number;
  teamId: number;
  regionCode: string;
  scheduledFor: string;
  state: string;
  recordedAt: Date | null;
  recordedBy: string | null;
  note: string | null;
  peopleTotal: number | null;
  peoplePresent: number | null;
  equipmentTotal: number | null;
  equipmentWorking: number | null;
}

const ROLLCALL_COLUMNS = `c.id, c.team_id AS "teamId", c.region_code AS "regionCode", to_char(c.scheduled_for, 'YYYY-MM-DD') AS "scheduledFor", c.state,
  c.recorded_at AS "recordedAt", c.recorded_by AS "recordedBy", c.note, c.people_total AS "peopleTotal", c.people_present AS "peoplePresent",
  c.equipment_total AS "equipmentTotal", c.equipment_working AS "equipmentWorking"`;

export async function rollcallsOf(db: Queryable, teamId: number): Promise<RollcallRow[]> {
  const { rows } = await db.query<RollcallRow>(
    `SELECT ${ROLLCALL_COLUMNS} FROM rollcall c WHERE c.team_id = $1 ORDER BY c.scheduled_for DESC, c.id DESC LIMIT 20`, [teamId]);
  return rows;
}

export async function findRollcall(db: Queryable, id: number, scope: string): Promise<RollcallRow | null> {
  const { rows } = await db.query<RollcallRow>(`SELECT ${ROLLCALL_COLUMNS} FROM rollcall c WHERE c.id = $1 AND c.region_code LIKE $2 || '%' FOR UPDATE`, [id, scope]);
  return rows[0] ?? null;
}

export async function insertRollcall(db: Queryable, teamId: number, regionCode: string, scheduledFor: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO rollcall (team_id, region_code, scheduled_for) VALUES ($1, $2, $3::date) RETURNING id`, [teamId, regionCode, scheduledFor]);
  return rows[0]!.id;
}

export async function recordRollcall(db: Queryable, id: number, r: {
  recordedBy: string; note: string | null; members: ReadonlyArray<{ memberId: number; present: boolean }>;
  equipment: ReadonlyArray<{ equipmentId: number; counted: number; working: number }>;
}): Promise<void> {
  await db.query(
    `INSERT INTO rollcall_member (rollcall_id, member_id, present) SELECT $1, x."memberId", x.present FROM jsonb_to_recordset($2::jsonb) AS x ("memberId" int, present boolean)`,
    [id, JSON.stringify(r.members)]);
  await db.query(
    `INSERT INTO rollcall_equipment (rollcall_id, equipment_id, counted, working)
     SELECT $1, x."equipmentId", x.counted, x.working FROM jsonb_to_recordset($2::jsonb) AS x ("equipmentId" int, counted int, working int)`,
    [id, JSON.stringify(r.equipment)]);
  await db.query(
    `UPDATE rollcall SET state = 'recorded', recorded_at = now(), recorded_by = $2, note = $3,
            people_total = $4, people_present = $5, equipment_total = $6, equipment_working = $7 WHERE id = $1`,
    [id, r.recordedBy, r.note, r.members.length, r.members.filter((m) => m.present).length,
      r.equipment.reduce((a, e) => a + e.counted, 0), r.equipment.reduce((a, e) => a + e.working, 0)]);
}

/** Teams nearest a point by straight-line (geodesic) distance, in scope; the service ranks them by travel time. */
export async function nearestTeams(db: Queryable, scope: string, lng: number, lat: number, limit: number): Promise<Array<{ id: number; distanceM: number }>> {
  const { rows } = await db.query<{ id: number; distanceM: number }>(
    `WITH here AS (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326) AS g)
     SELECT t.id, ST_Distance(t.location::geography, here.g::geography) AS "distanceM"
       FROM team t, here WHERE t.region_code LIKE $1 || '%' ORDER BY t.location <-> here.g LIMIT $4`, [scope, lng, lat, limit]);
  return rows;
}

/** Region names, to label the readiness view. */
export async function regionNames(db: Queryable, codes: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ code: string; name: string }>('SELECT code, name FROM region WHERE code = ANY($1::text[])', [codes]);
  return new Map(rows.map((r) => [r.code, r.name]));
}
