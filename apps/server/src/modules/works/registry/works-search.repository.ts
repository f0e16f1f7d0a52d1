/**
 * SQL of searching the registry: the list filters (one WHERE builder shared by the list, the map, the statistics and
 * the export), nearest works, and the statistics. Every query takes the caller's scope (a GB/T 2260 prefix).
 */
import { scopePrefix } from '@civdef/domain';
import type { Queryable } from '../../../db/index.ts';
import { FULL_COLUMNS, OVERDUE_SQL, SUMMARY_COLUMNS, TODAY_SQL, aggregatesJoin, type WorkFullRow, type WorkSummaryRow } from './works.repository.ts';
import type { WorkFilter } from './works.schemas.ts';

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Builds the WHERE clause of a scoped filter, appending its parameters. */
export function whereOf(f: WorkFilter & { scope: string }, params: unknown[]): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const parts = [`w.region_code LIKE ${p(f.scope)} || '%'`];
  if (f.regionCode) parts.push(`w.region_code LIKE ${p(scopePrefix(f.regionCode))} || '%'`);
  // Words separated by blanks (half- or full-width) must each be found, in any of the three fields: "碧桂 新村".
  for (const word of (f.q ?? '').split(/[\s\u3000]+/).filter(Boolean).slice(0, 8)) {
    const q = p(`%${likeEscape(word)}%`);
    parts.push(`(w.code ILIKE ${q} OR w.name ILIKE ${q} OR w.address ILIKE ${q})`);
  }
  if (f.workClass?.length) parts.push(`w.work_class = ANY(${p(f.workClass)}::text[])`);
  if (f.protectionGrade?.length) parts.push(`w.protection_grade = ANY(${p(f.protectionGrade)}::text[])`);
  if (f.lifecycleState?.length) parts.push(`w.lifecycle_state = ANY(${p(f.lifecycleState)}::text[])`);
  if (f.constructionForm?.length) parts.push(`w.construction_form = ANY(${p(f.constructionForm)}::text[])`);
  if (f.signStatus?.length) parts.push(`w.sign_status = ANY(${p(f.signStatus)}::text[])`);
  if (f.isPublic !== undefined) parts.push(`w.is_public = ${p(f.isPublic)}`);
  if (f.early !== undefined) parts.push(f.early ? 'w.year_built <= 1980' : '(w.year_built IS NULL OR w.year_built > 1980)');
  if (f.use?.length) {
    const uses: string[] = [];
    if (f.use.includes('parking')) uses.push(`COALESCE((w.peacetime_use->'parking'->>'total')::int, 0) > 0`);
    if (f.use.includes('cooling')) uses.push(`w.peacetime_use ? 'coolingSpot'`);
    if (f.use.includes('ev')) uses.push(`COALESCE((w.peacetime_use->>'evChargers')::int, 0) > 0`);
    if (f.use.includes('other')) uses.push(`jsonb_typeof(w.peacetime_use->'other') = 'array' AND jsonb_array_length(w.peacetime_use->'other') > 0`);
    parts.push(`(${uses.join(' OR ')})`);
  }
  if (f.overdue !== undefined) parts.push(`${f.overdue ? '' : 'NOT '}${OVERDUE_SQL}`);
  if (f.bbox) {
    const [a, b, c, d] = f.bbox.split(',').map(Number);
    parts.push(`w.location && ST_MakeEnvelope(${p(a)}, ${p(b)}, ${p(c)}, ${p(d)}, 4326)`);
  }
  return parts.join(' AND ');
}

const SORT_SQL: Record<string, string> = {
  code: 'w.code', name: 'w.name', regionCode: 'w.region_code', yearBuilt: 'w.year_built', updatedAt: 'w.updated_at',
  shelterPlaces: 'a.places', grossAreaM2: 'a.gross', lifecycleState: 'w.lifecycle_state',
};

/** Sort keys on aggregates of the units: every matching work's units must be summed before the page is known. */
const AGGREGATE_SORTS = new Set(['shelterPlaces', 'grossAreaM2']);

/** How many works match: the list's `total`. */
export async function count(db: Queryable, f: WorkFilter & { scope: string }): Promise<number> {
  const params: unknown[] = [];
  const where = whereOf(f, params);
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM work w WHERE ${where}`, params);
  return rows[0]?.n ?? 0;
}

/**
 * One page of the list. Sorted on a column of the work, the page's ids are found first (an index scan on the sort
 * column that stops at the page's end) and only those works get their unit totals, region name and overdue flag:
 * summing the units of every matching work to show twenty of them was most of the list's time. Sorted on a unit
 * total, every match needs its totals, and the page is cut after the sum.
 */
export async function page(
  db: Queryable,
  f: WorkFilter & { scope: string },
  opts: { sort?: string; order?: 'asc' | 'desc'; limit: number; offset: number; areaPerPersonM2: number },
): Promise<WorkSummaryRow[]> {
  const params: unknown[] = [];
  const where = whereOf(f, params);
  const area = `$${params.length + 1}`;
  const sort = opts.sort ?? 'code';
  const order = `${SORT_SQL[sort] ?? 'w.code'} ${opts.order === 'desc' ? 'DESC NULLS LAST' : 'ASC NULLS LAST'}, w.id`;
  const paging = `LIMIT $${params.length + 2} OFFSET $${params.length + 3}`;
  const sql = AGGREGATE_SORTS.has(sort)
    ? `SELECT ${SUMMARY_COLUMNS} FROM work w LEFT JOIN region r ON r.code = w.region_code ${aggregatesJoin(area)}
        WHERE ${where} ORDER BY ${order} ${paging}`
    : `SELECT ${SUMMARY_COLUMNS}
         FROM (SELECT w.id FROM work w WHERE ${where} ORDER BY ${order} ${paging}) p
         JOIN work w ON w.id = p.id LEFT JOIN region r ON r.code = w.region_code ${aggregatesJoin(area)}
        ORDER BY ${order}`;
  const { rows } = await db.query<WorkSummaryRow>(sql, [...params, opts.areaPerPersonM2, opts.limit, opts.offset]);
  return rows;
}

export interface PoolRow { id: number; code: string; name: string; regionCode: string; unit: string | null }

/** A scoped filter's works as a pool for a random inspection: key fields and the answering unit, in code order. */
export async function poolRows(db: Queryable, f: WorkFilter & { scope: string }, limit: number): Promise<PoolRow[]> {
  const params: unknown[] = [];
  const where = whereOf(f, params);
  const { rows } = await db.query<PoolRow>(
    `SELECT w.id, w.code, w.name, w.region_code AS "regionCode", COALESCE(NULLIF(w.management_unit, ''), NULLIF(w.owner, '')) AS unit
       FROM work w WHERE ${where} ORDER BY w.code LIMIT $${params.length + 1}`, [...params, limit]);
  return rows;
}

/** Full rows for an export, in code order. */
export async function listFull(db: Queryable, f: WorkFilter & { scope: string }, areaPerPersonM2: number, limit: number): Promise<WorkFullRow[]> {
  const params: unknown[] = [];
  const where = whereOf(f, params);
  const { rows } = await db.query<WorkFullRow>(
    `SELECT ${FULL_COLUMNS} FROM work w LEFT JOIN region r ON r.code = w.region_code ${aggregatesJoin(`$${params.length + 1}`)}
      WHERE ${where} ORDER BY w.code LIMIT $${params.length + 2}`,
    [...params, areaPerPersonM2, limit],
  );
  return rows;
}

export interface NearestRow {
  id: number;
  code: string;
  name: string;
  address: string | null;
  workClass: string;
  lifecycleState: string;
  lng: number;
  lat: number;
  distanceM: number;
}

/** The works nearest a point (GiST KNN on the planar distance, then the exact geodesic distance). */
export async function nearest(db: Queryable, scope: string, lng: number, lat: number, limit: number): Promise<NearestRow[]> {
  const { rows } = await db.query<NearestRow>(
    `WITH here AS (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326) AS g),
          knn AS (SELECT w.* FROM work w, here WHERE w.region_code LIKE $1 || '%' ORDER BY w.location <-> here.g LIMIT $4)
     SELECT k.id, k.code, k.name, k.address, k.work_class AS "workClass", k.lifecycle_state AS "lifecycleState",
            ST_X(k.location) AS lng, ST_Y(k.location) AS lat, ST_Distance(k.location::geography, here.g::geography) AS "distanceM"
       FROM knn k, here ORDER BY "distanceM"`,
    [scope, lng, lat, limit],
  );
  return rows;
}

export interface StatsGroupRow {
  key: string;
  name: string | null;
  works: number;
  usableWorks: number;
  grossAreaM2: number;
  shelterAreaM2: number;
  shelterPlaces: number;
  parkingSpaces: number;
}

/** Counts and areas grouped by county, class and state; one scan of works with their unit totals. */
export async function stats(db: Queryable, f: WorkFilter & { scope: string }, areaPerPersonM2: number, usableStates: readonly string[]) {
  const params: unknown[] = [];
  const where = whereOf(f, params);
  const area = `$${params.length + 1}`;
  const base = `SELECT w.id, w.region_code, w.work_class, w.lifecycle_state, w.peacetime_use, a.gross, a.shelter, a.places, a.parking,
      ${OVERDUE_SQL} AS overdue
      FROM work w ${aggregatesJoin(area)} WHERE ${where}`;
  // One definition of capacity (可用掩蔽人数): places and parking count only the works in a usable state (finished,
  // not demolished or scrapped; configurable), whatever the filter — the map counts the same way. Work counts are
  // of every matching work; the by-state breakdown shows each state's own capacity.
  const usable = `$${params.length + 2}::text[]`;
  const cap = (expr: string, where = `b.lifecycle_state = ANY(${usable})`) => `COALESCE(sum(${expr}) FILTER (WHERE ${where}), 0)`;
  const group = (keyExpr: string, nameJoin: string, byState = false) => `SELECT ${keyExpr} AS key, ${nameJoin} AS name, count(*)::int AS works,
      ${cap('b.gross', byState ? 'true' : undefined)}::float8 AS "grossAreaM2", ${cap('b.shelter', byState ? 'true' : undefined)}::float8 AS "shelterAreaM2",
      ${cap('b.places', byState ? 'true' : undefined)}::int AS "shelterPlaces", ${cap('b.parking', byState ? 'true' : undefined)}::int AS "parkingSpaces",
      (count(*) FILTER (WHERE b.lifecycle_state = ANY(${usable})))::int AS "usableWorks" FROM b GROUP BY 1, 2 ORDER BY 1`;
  const all = [...params, areaPerPersonM2, [...usableStates]];
  const byRegion = await db.query<StatsGroupRow>(`WITH b AS (${base}) ${group('left(b.region_code, 6)', '(SELECT r.name FROM region r WHERE r.code = left(b.region_code, 6))')}`, all);
  const byClass = await db.query<StatsGroupRow>(`WITH b AS (${base}) ${group('b.work_class', 'NULL::text')}`, all);
  const byState = await db.query<StatsGroupRow>(`WITH b AS (${base}) ${group('b.lifecycle_state', 'NULL::text', true)}`, all);
  const totals = await db.query<{
    works: number; usableWorks: number; grossAreaM2: number; shelterAreaM2: number; shelterPlaces: number; parkingSpaces: number; publicParkingSpaces: number;
    coolingSpots: number; evChargers: number; overdueWorks: number;
  }>(
    `WITH b AS (${base}) SELECT count(*)::int AS works, (count(*) FILTER (WHERE b.lifecycle_state = ANY(${usable})))::int AS "usableWorks",
        ${cap('b.gross')}::float8 AS "grossAreaM2", ${cap('b.shelter')}::float8 AS "shelterAreaM2", ${cap('b.places')}::int AS "shelterPlaces",
        ${cap('b.parking')}::int AS "parkingSpaces",
        ${cap("COALESCE((b.peacetime_use->'parking'->>'publicSpaces')::int, 0)")}::int AS "publicParkingSpaces",
        count(*) FILTER (WHERE b.peacetime_use ? 'coolingSpot' AND b.lifecycle_state = ANY(${usable}))::int AS "coolingSpots",
        ${cap("COALESCE((b.peacetime_use->>'evChargers')::int, 0)")}::int AS "evChargers",
        count(*) FILTER (WHERE b.overdue)::int AS "overdueWorks" FROM b`,
    all,
  );
  const upkeepParams: unknown[] = [];
  const upkeepWhere = whereOf(f, upkeepParams);
  const upkeep = await db.query<{ overduePlans: number; openRectifications: number; overdueRectifications: number }>(
    `SELECT (SELECT count(*)::int FROM maintenance_plan mp JOIN work w ON w.id = mp.work_id WHERE ${upkeepWhere} AND mp.active AND mp.next_due_on < ${TODAY_SQL}) AS "overduePlans",
            (SELECT count(*)::int FROM rectification rc JOIN work w ON w.id = rc.work_id WHERE ${upkeepWhere} AND rc.status = 'open') AS "openRectifications",
            (SELECT count(*)::int FROM rectification rc JOIN work w ON w.id = rc.work_id WHERE ${upkeepWhere} AND rc.status = 'open' AND rc.deadline < ${TODAY_SQL}) AS "overdueRectifications"`,
    upkeepParams,
  );
  return { totals: totals.rows[0]!, upkeep: upkeep.rows[0]!, byRegion: byRegion.rows, byClass: byClass.rows, byState: byState.rows };
}

export interface WorkMapRow {
  id: number;
  /** In a usable state (set by the service from the configured states). */
  usable?: boolean;
  code: string;
  name: string;
  address: string | null;
  regionName: string | null;
  workClass: string;
  lifecycleState: string;
  regionCode: string;
  shelterPlaces: number;
  isPublic: boolean;
  geometry: string;
}

/** Points of the works in the scope that match the list filters, with the fields the console map shows. */
export async function mapFeatures(db: Queryable, f: WorkFilter & { scope: string }, areaPerPersonM2: number): Promise<WorkMapRow[]> {
  const params: unknown[] = [];
  const where = whereOf(f, params);
  params.push(areaPerPersonM2);
  const { rows } = await db.query<WorkMapRow>(
    `SELECT w.id, w.code, w.name, w.address, w.work_class AS "workClass", w.lifecycle_state AS "lifecycleState",
            w.region_code AS "regionCode", r.name AS "regionName", w.is_public AS "isPublic",
            COALESCE((SELECT sum(floor(u.shelter_area_m2 / $${params.length} + 1e-9))::int FROM work_unit u WHERE u.work_id = w.id), 0) AS "shelterPlaces",
            ST_AsGeoJSON(w.location, 6) AS geometry
       FROM work w LEFT JOIN region r ON r.code = w.region_code WHERE ${where} ORDER BY w.id`,
    params,
  );
  return rows;
}
