/**
 * The only SQL of the sirens module. Every read takes the caller's jurisdiction prefix (`scope`) and filters
 * on it here, so no route can forget to; writes take a `Queryable`, which is the caller's transaction.
 */
import { scopePrefix } from '@civdef/domain';
import type { Queryable } from '../../db/index.ts';

/** A siren as the map needs it; `geometry` is GeoJSON text straight from PostGIS. */
export interface SirenMapRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  status: string;
  regionCode: string;
  geometry: string;
}

export async function mapFeatures(db: Queryable, scope: string): Promise<SirenMapRow[]> {
  const { rows } = await db.query<SirenMapRow>(
    `SELECT id, code, name, kind, status, region_code AS "regionCode", ST_AsGeoJSON(location, 6) AS geometry
       FROM siren WHERE region_code LIKE $1 || '%' ORDER BY id`,
    [scope],
  );
  return rows;
}

/** A siren as a coverage run sees it: position, own rating (null where the record gives none) and state. */
export interface RatedSirenRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  status: string;
  regionCode: string;
  lng: number;
  lat: number;
  ratedLevelDb: number | null;
  referenceDistanceM: number | null;
}

export async function ratedSirens(db: Queryable, scope: string): Promise<RatedSirenRow[]> {
  const { rows } = await db.query<RatedSirenRow>(
    `SELECT id, code, name, kind, status, region_code AS "regionCode", ST_X(location) AS lng, ST_Y(location) AS lat,
            rated_level_db AS "ratedLevelDb", reference_distance_m AS "referenceDistanceM"
       FROM siren WHERE region_code LIKE $1 || '%' ORDER BY id`,
    [scope],
  );
  return rows;
}

/** One siren of a bulk load (the demo dataset, a fixture): `location` is [lng, lat] in EPSG:4326. */
export interface SirenImport {
  code: string;
  name: string;
  regionCode: string;
  location: [number, number];
  kind: string;
  ratedPowerW?: number | null;
  ratedLevelDb?: number | null;
  referenceDistanceM?: number | null;
  mountHeightM?: number | null;
  hostUnit?: string | null;
  contactName?: string | null;
  /** Plain on the way in; the service seals it before it reaches `insertSirensBulk`. */
  contactPhone?: string | null;
  terminalId?: string | null;
  installedYear?: number | null;
  status: string;
  controlChannel: string;
}

/** A row to insert: the import with its secrets already sealed by the service. */
export type SirenInsert = SirenImport & { terminalKey?: string | null };

/** Inserts every siren in one statement (JSON → rows), so a large load is one round trip. Answers code → id. */
export async function insertSirensBulk(db: Queryable, sirens: readonly SirenInsert[]): Promise<Map<string, number>> {
  if (sirens.length === 0) return new Map();
  const { rows } = await db.query<{ id: number; code: string }>(
    `INSERT INTO siren (code, name, region_code, location, kind, rated_power_w, rated_level_db, reference_distance_m, mount_height_m, host_unit,
                        contact_name, contact_phone, terminal_id, terminal_key, installed_year, status, control_channel)
     SELECT s.code, s.name, s."regionCode", ST_SetSRID(ST_MakePoint((s.location->>0)::float8, (s.location->>1)::float8), 4326),
            s.kind, s."ratedPowerW", s."ratedLevelDb", s."referenceDistanceM", s."mountHeightM", s."hostUnit", s."contactName", s."contactPhone",
            s."terminalId", s."terminalKey", s."installedYear", s.status, s."controlChannel"
       FROM jsonb_to_recordset($1::jsonb) AS s(code text, name text, "regionCode" text, location jsonb, kind text, "ratedPowerW" float8,
            "ratedLevelDb" float8, "referenceDistanceM" float8, "mountHeightM" float8, "hostUnit" text, "contactName" text, "contactPhone" text,
            "terminalId" text, "terminalKey" text, "installedYear" int, status text, "controlChannel" text)
     RETURNING id, code`,
    [JSON.stringify(sirens)],
  );
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** A siren as the registry shows it. `contactPhone` and `terminalKey` are as stored (sealed). */
export interface SirenRow {
  id: number;
  code: string;
  name: string;
  regionCode: string;
  regionName: string | null;
  location: [number, number];
  kind: string;
  ratedPowerW: number | null;
  ratedLevelDb: number | null;
  referenceDistanceM: number | null;
  mountHeightM: number | null;
  hostUnit: string | null;
  contactName: string | null;
  contactPhone: string | null;
  terminalId: string | null;
  terminalKey: string | null;
  installedYear: number | null;
  status: string;
  statusChangedAt: Date;
  lastSeenAt: Date | null;
  terminalState: string | null;
  controlChannel: string;
  version: number;
  openFaults: number;
  overdueFaults: number;
  createdAt: Date;
  updatedAt: Date;
}

const SIREN_COLUMNS = `s.id, s.code, s.name, s.region_code AS "regionCode", r.name AS "regionName",
  json_build_array(ST_X(s.location), ST_Y(s.location)) AS location, s.kind, s.rated_power_w AS "ratedPowerW", s.rated_level_db AS "ratedLevelDb",
  s.reference_distance_m AS "referenceDistanceM", s.mount_height_m AS "mountHeightM", s.host_unit AS "hostUnit", s.contact_name AS "contactName",
  s.contact_phone AS "contactPhone", s.terminal_id AS "terminalId", s.terminal_key AS "terminalKey", s.installed_year AS "installedYear",
  s.status, s.status_changed_at AS "statusChangedAt", s.control_channel AS "controlChannel", s.version,
  s.last_seen_at AS "lastSeenAt", s.terminal_state AS "terminalState",
  (SELECT count(*)::int FROM siren_fault f WHERE f.siren_id = s.id AND f.state IN ('reported', 'repairing')) AS "openFaults",
  (SELECT count(*)::int FROM siren_fault f WHERE f.siren_id = s.id AND f.state IN ('reported', 'repairing') AND f.deadline < now()) AS "overdueFaults",
  s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;

export interface SirenFilter {
  scope: string;
  q?: string;
  kind?: string;
  status?: string;
  regionCode?: string;
  controlChannel?: string;
  groupId?: number;
}

function where(f: SirenFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [f.scope];
  const parts = [`s.region_code LIKE $1 || '%'`];
  const add = (sql: (n: number) => string, v: unknown) => {
    params.push(v);
    parts.push(sql(params.length));
  };
  if (f.q) add((n) => `(s.code ILIKE '%' || $${n} || '%' OR s.name ILIKE '%' || $${n} || '%' OR s.host_unit ILIKE '%' || $${n} || '%' OR s.terminal_id ILIKE '%' || $${n} || '%')`, f.q.replace(/[\\%_]/g, (c) => `\\${c}`));
  if (f.kind) add((n) => `s.kind = $${n}`, f.kind);
  if (f.status) add((n) => `s.status = $${n}`, f.status);
  if (f.regionCode) add((n) => `s.region_code LIKE $${n} || '%'`, scopePrefix(f.regionCode));
  if (f.controlChannel) add((n) => `s.control_channel = $${n}`, f.controlChannel);
  if (f.groupId) add((n) => `EXISTS (SELECT 1 FROM siren_group_member m WHERE m.siren_id = s.id AND m.group_id = $${n})`, f.groupId);
  return { sql: parts.join(' AND '), params };
}

export async function listSirens(db: Queryable, f: SirenFilter, limit: number, offset: number): Promise<{ items: SirenRow[]; total: number }> {
  const w = where(f);
  const total = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM siren s WHERE ${w.sql}`, w.params)).rows[0]!.n;
  const { rows } = await db.query<SirenRow>(
    `SELECT ${SIREN_COLUMNS} FROM siren s LEFT JOIN region r ON r.code = s.region_code
      WHERE ${w.sql} ORDER BY s.code LIMIT $${w.params.length + 1} OFFSET $${w.params.length + 2}`,
    [...w.params, limit, offset],
  );
  return { items: rows, total };
}

export async function findSiren(db: Queryable, id: number, scope: string, lock = false): Promise<SirenRow | null> {
  const { rows } = await db.query<SirenRow>(
    `SELECT ${SIREN_COLUMNS} FROM siren s LEFT JOIN region r ON r.code = s.region_code
      WHERE s.id = $1 AND s.region_code LIKE $2 || '%'${lock ? ' FOR UPDATE OF s' : ''}`,
    [id, scope],
  );
  return rows[0] ?? null;
}

/** The sirens of the jurisdiction with these codes, locked for the import that will update them. */
export async function sirensByCodes(db: Queryable, codes: readonly string[], scope: string): Promise<SirenRow[]> {
  if (codes.length === 0) return [];
  const { rows } = await db.query<SirenRow>(
    `SELECT ${SIREN_COLUMNS} FROM siren s LEFT JOIN region r ON r.code = s.region_code
      WHERE s.code = ANY($1::text[]) AND s.region_code LIKE $2 || '%' FOR UPDATE OF s`,
    [codes, scope],
  );
  return rows;
}

export async function codeTaken(db: Queryable, code: string, exceptId = 0): Promise<boolean> {
  return (await db.query('SELECT 1 FROM siren WHERE code = $1 AND id <> $2', [code, exceptId])).rows.length > 0;
}
export async function terminalTaken(db: Queryable, terminalId: string, exceptId = 0): Promise<boolean> {
  return (await db.query('SELECT 1 FROM siren WHERE terminal_id = $1 AND id <> $2', [terminalId, exceptId])).rows.length > 0;
}

/** Columns a PATCH may set, API name → column. */
const PATCHABLE: Record<string, string> = {
  code: 'code', name: 'name', regionCode: 'region_code', kind: 'kind', ratedPowerW: 'rated_power_w', ratedLevelDb: 'rated_level_db',
  referenceDistanceM: 'reference_distance_m', mountHeightM: 'mount_height_m', hostUnit: 'host_unit', contactName: 'contact_name',
  contactPhone: 'contact_phone', terminalId: 'terminal_id', terminalKey: 'terminal_key', installedYear: 'installed_year', controlChannel: 'control_channel',
};

/** Updates the given fields and bumps the version when `version` matches; false when it did not. */
export async function updateSiren(db: Queryable, id: number, version: number, fields: Record<string, unknown>): Promise<boolean> {
  const sets: string[] = [];
  const params: unknown[] = [id, version];
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (k === 'location') {
      const [lng, lat] = v as [number, number];
      params.push(lng, lat);
      sets.push(`location = ST_SetSRID(ST_MakePoint($${params.length - 1}, $${params.length}), 4326)`);
      continue;
    }
    const col = PATCHABLE[k];
    if (!col) continue;
    params.push(v);
    sets.push(`${col} = $${params.length}`);
  }
  const res = await db.query(
    `UPDATE siren SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1 AND version = $2`,
    params,
  );
  return res.rowCount === 1;
}

export async function hasCommands(db: Queryable, id: number): Promise<boolean> {
  return (await db.query('SELECT 1 FROM siren_command_target WHERE siren_id = $1 LIMIT 1', [id])).rows.length > 0;
}
/** Deletes a siren (locked by the caller) and its state history, which has no foreign key to cascade (migration 0034). */
export async function deleteSiren(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM siren_status_event WHERE siren_id = $1', [id]);
  await db.query('DELETE FROM siren WHERE id = $1', [id]);
}

/** Sets a siren's state and records the change, in the caller's transaction. */
export async function setStatus(
  db: Queryable, id: number, to: string, reason: string | null, actor: { actorId: number | null; actor: string | null },
): Promise<void> {
  await db.query(
    `WITH old AS (SELECT id, status, region_code FROM siren WHERE id = $1 FOR UPDATE),
          upd AS (UPDATE siren s SET status = $2, status_changed_at = now(), updated_at = now() FROM old WHERE s.id = old.id RETURNING s.id)
     INSERT INTO siren_status_event (siren_id, region_code, from_status, to_status, reason, actor_id, actor)
     SELECT old.id, old.region_code, old.status, $2, $3, $4, $5 FROM old`,
    [id, to, reason, actor.actorId, actor.actor],
  );
}

/** The first state of a new siren, so its history starts at its registration. */
export async function recordInitialStatus(db: Queryable, ids: readonly number[], reason: string, actor: { actorId: number | null; actor: string | null }): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    `INSERT INTO siren_status_event (siren_id, region_code, from_status, to_status, reason, actor_id, actor)
     SELECT id, region_code, NULL, status, $2, $3, $4 FROM siren WHERE id = ANY($1::int[])`,
    [ids, reason, actor.actorId, actor.actor],
  );
}

export interface StatusEventRow {
  id: number;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  actor: string | null;
  at: Date;
}
export async function statusHistory(db: Queryable, sirenId: number, limit = 50): Promise<StatusEventRow[]> {
  const { rows } = await db.query<StatusEventRow>(
    `SELECT id, from_status AS "fromStatus", to_status AS "toStatus", reason, actor, at
       FROM siren_status_event WHERE siren_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
    [sirenId, limit],
  );
  return rows;
}

// ---------------------------------------------------------------- groups

export interface GroupRow {
  id: number;
  name: string;
  regionCode: string;
  regionName: string | null;
  description: string | null;
  members: number;
  createdAt: Date;
  updatedAt: Date;
}
const GROUP_COLUMNS = `g.id, g.name, g.region_code AS "regionCode", r.name AS "regionName", g.description,
  (SELECT count(*)::int FROM siren_group_member m WHERE m.group_id = g.id) AS members, g.created_at AS "createdAt", g.updated_at AS "updatedAt"`;

export async function listGroups(db: Queryable, scope: string): Promise<GroupRow[]> {
  const { rows } = await db.query<GroupRow>(
    `SELECT ${GROUP_COLUMNS} FROM siren_group g LEFT JOIN region r ON r.code = g.region_code WHERE g.region_code LIKE $1 || '%' ORDER BY g.region_code, g.name`,
    [scope],
  );
  return rows;
}
export async function findGroup(db: Queryable, id: number, scope: string): Promise<GroupRow | null> {
  const { rows } = await db.query<GroupRow>(
    `SELECT ${GROUP_COLUMNS} FROM siren_group g LEFT JOIN region r ON r.code = g.region_code WHERE g.id = $1 AND g.region_code LIKE $2 || '%'`,
    [id, scope],
  );
  return rows[0] ?? null;
}
export async function groupNameTaken(db: Queryable, regionCode: string, name: string, exceptId = 0): Promise<boolean> {
  return (await db.query('SELECT 1 FROM siren_group WHERE region_code = $1 AND name = $2 AND id <> $3', [regionCode, name, exceptId])).rows.length > 0;
}
export async function insertGroup(db: Queryable, g: { name: string; regionCode: string; description: string | null }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    'INSERT INTO siren_group (name, region_code, description) VALUES ($1, $2, $3) RETURNING id', [g.name, g.regionCode, g.description],
  );
  return rows[0]!.id;
}
export async function updateGroup(db: Queryable, id: number, g: { name?: string; description?: string | null }): Promise<void> {
  await db.query(
    `UPDATE siren_group SET name = COALESCE($2, name), description = CASE WHEN $4 THEN $3 ELSE description END, updated_at = now() WHERE id = $1`,
    [id, g.name ?? null, g.description ?? null, g.description !== undefined],
  );
}
export async function deleteGroup(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM siren_group WHERE id = $1', [id]);
}
export async function groupMembers(db: Queryable, groupId: number): Promise<number[]> {
  return (await db.query<{ id: number }>('SELECT siren_id AS id FROM siren_group_member WHERE group_id = $1 ORDER BY siren_id', [groupId])).rows.map((r) => r.id);
}
/** The regions the sirens of these groups stand in (scoped): where an alert for the groups sounds. */
export async function regionsOfGroupMembers(db: Queryable, groupIds: readonly number[], scope: string): Promise<string[]> {
  if (groupIds.length === 0) return [];
  const { rows } = await db.query<{ code: string }>(
    `SELECT DISTINCT s.region_code AS code FROM siren_group_member m JOIN siren s ON s.id = m.siren_id
      WHERE m.group_id = ANY($1::int[]) AND s.region_code LIKE $2 || '%' ORDER BY 1`,
    [[...groupIds], scope],
  );
  return rows.map((r) => r.code);
}
export async function replaceGroupMembers(db: Queryable, groupId: number, sirenIds: readonly number[]): Promise<void> {
  await db.query('DELETE FROM siren_group_member WHERE group_id = $1', [groupId]);
  if (sirenIds.length > 0) {
    await db.query('INSERT INTO siren_group_member (group_id, siren_id) SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING', [groupId, [...new Set(sirenIds)]]);
  }
}
export async function groupsOfSiren(db: Queryable, sirenId: number): Promise<Array<{ id: number; name: string }>> {
  const { rows } = await db.query<{ id: number; name: string }>(
    `SELECT g.id, g.name FROM siren_group g JOIN siren_group_member m ON m.group_id = g.id WHERE m.siren_id = $1 ORDER BY g.name`, [sirenId],
  );
  return rows;
}
/** The sirens of `ids` in region `regionCode` (a city's holds its districts' and towns'). */
export async function sirensWithin(db: Queryable, ids: readonly number[], regionCode: string): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM siren WHERE id = ANY($1::int[]) AND region_code LIKE $2 || '%'`, [ids, scopePrefix(regionCode)]);
  return new Set(rows.map((r) => r.id));
}

/** Groups by region, made by the sirens' region codes: each county and town of the scope with its number of sirens. */
export async function regionGroups(db: Queryable, scope: string): Promise<Array<{ code: string; name: string | null; level: string; sirens: number }>> {
  const { rows } = await db.query<{ code: string; name: string | null; level: string; sirens: number }>(
    `WITH c AS (
       SELECT left(region_code, 6) AS code, count(*)::int AS n FROM siren WHERE region_code LIKE $1 || '%' GROUP BY 1
       UNION ALL
       SELECT region_code, count(*)::int FROM siren WHERE region_code LIKE $1 || '%' AND length(region_code) = 9 GROUP BY 1)
     SELECT c.code, r.name, CASE WHEN length(c.code) = 6 THEN 'county' ELSE 'town' END AS level, c.n AS sirens
       FROM c LEFT JOIN region r ON r.code = c.code ORDER BY c.code`,
    [scope],
  );
  return rows;
}

// ---------------------------------------------------------------- faults

export interface FaultRow {
  id: number;
  sirenId: number;
  sirenCode: string;
  sirenName: string;
  regionCode: string;
  category: string;
  description: string;
  state: string;
  deadline: Date;
  overdue: boolean;
  reportedBy: string | null;
  reportedAt: Date;
  assignee: string | null;
  resolution: string | null;
  resolvedAt: Date | null;
  version: number;
}
const FAULT_COLUMNS = `f.id, f.siren_id AS "sirenId", s.code AS "sirenCode", s.name AS "sirenName", f.region_code AS "regionCode", f.category,
  f.description, f.state, f.deadline, (f.state IN ('reported', 'repairing') AND f.deadline < now()) AS overdue, f.reported_by AS "reportedBy",
  f.reported_at AS "reportedAt", f.assignee, f.resolution, f.resolved_at AS "resolvedAt", f.version`;

export interface FaultFilter {
  scope: string;
  state?: string;
  open?: boolean;
  overdue?: boolean;
  sirenId?: number;
}
export async function listFaults(db: Queryable, f: FaultFilter, limit: number, offset: number): Promise<{ items: FaultRow[]; total: number }> {
  const params: unknown[] = [f.scope];
  const parts = [`f.region_code LIKE $1 || '%'`];
  if (f.state) parts.push(`f.state = $${params.push(f.state)}`);
  if (f.open) parts.push(`f.state IN ('reported', 'repairing')`);
  if (f.overdue) parts.push(`f.state IN ('reported', 'repairing') AND f.deadline < now()`);
  if (f.sirenId) parts.push(`f.siren_id = $${params.push(f.sirenId)}`);
  const w = parts.join(' AND ');
  const total = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM siren_fault f WHERE ${w}`, params)).rows[0]!.n;
  const { rows } = await db.query<FaultRow>(
    `SELECT ${FAULT_COLUMNS} FROM siren_fault f JOIN siren s ON s.id = f.siren_id WHERE ${w}
      ORDER BY (f.state IN ('reported', 'repairing')) DESC, f.deadline, f.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  return { items: rows, total };
}
export async function findFault(db: Queryable, id: number, scope: string, lock = false): Promise<FaultRow | null> {
  const { rows } = await db.query<FaultRow>(
    `SELECT ${FAULT_COLUMNS} FROM siren_fault f JOIN siren s ON s.id = f.siren_id WHERE f.id = $1 AND f.region_code LIKE $2 || '%'${lock ? ' FOR UPDATE OF f' : ''}`,
    [id, scope],
  );
  return rows[0] ?? null;
}
export async function insertFault(db: Queryable, f: {
  sirenId: number; regionCode: string; category: string; description: string; deadline: string; reportedBy: string | null; assignee: string | null;
}): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO siren_fault (siren_id, region_code, category, description, deadline, reported_by, assignee)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [f.sirenId, f.regionCode, f.category, f.description, f.deadline, f.reportedBy, f.assignee],
  );
  return rows[0]!.id;
}
export async function updateFault(db: Queryable, id: number, version: number, f: {
  state: string; assignee?: string | null; resolution?: string | null; resolved: boolean;
}): Promise<boolean> {
  const res = await db.query(
    `UPDATE siren_fault SET state = $3, assignee = CASE WHEN $5 THEN $4 ELSE assignee END, resolution = COALESCE($6, resolution),
            resolved_at = CASE WHEN $7 THEN now() ELSE resolved_at END, version = version + 1
      WHERE id = $1 AND version = $2`,
    [id, version, f.state, f.assignee ?? null, f.assignee !== undefined, f.resolution ?? null, f.resolved],
  );
  return res.rowCount === 1;
}
export async function openFaultCount(db: Queryable, sirenId: number): Promise<number> {
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM siren_fault WHERE siren_id = $1 AND state IN ('reported', 'repairing')`, [sirenId])).rows[0]!.n;
}
