/** SQL behind OGC API – Features and the vector tiles. Public reads see only public works in service. */
import type { Queryable } from '../../../db/index.ts';

/** Works the public may see: flagged public, and open (registered or in use) — never demolished or under construction. */
export const PUBLIC_WHERE = `w.is_public AND w.lifecycle_state IN ('registered', 'in_use')`;

export interface PublicFeatureRow {
  id: number;
  name: string;
  address: string | null;
  district: string | null;
  lng: number;
  lat: number;
  peacetimeUse: {
    parking?: { total?: number; publicSpaces?: number; feePerHourYuan?: number; hours?: string };
    coolingSpot?: { seasonStart?: string; seasonEnd?: string; hours?: string; capacity?: number; facilities?: string[] };
    evChargers?: number;
  };
}

export interface InternalFeatureRow {
  id: number;
  code: string;
  name: string;
  address: string | null;
  regionCode: string;
  workClass: string;
  subtype: string | null;
  constructionForm: string;
  protectionGrade: string | null;
  chemicalGrade: string | null;
  yearBuilt: number | null;
  lifecycleState: string;
  isPublic: boolean;
  signStatus: string;
  grossAreaM2: number;
  shelterAreaM2: number;
  shelterPlaces: number;
  parkingSpaces: number;
  lng: number;
  lat: number;
}

type BBox = [number, number, number, number];

/**
 * A public work as the public app's directory holds it: exact location and entrances (to measure walks; the public
 * API decides what leaves), shelter places, peacetime uses, the district. Protection, wartime function and
 * contacts are not even read.
 */
export interface PublicDirectoryRow {
  id: number;
  name: string;
  address: string | null;
  district: string | null;
  regionCode: string;
  workClass: string;
  lifecycleState: string;
  lng: number;
  lat: number;
  shelterPlaces: number;
  parkingSpaces: number;
  peacetimeUse: PublicFeatureRow['peacetimeUse'];
  entrances: Array<{ kind: string; lng: number; lat: number }>;
  /** Present on the KNN read: metres from the asked point (geodesic). */
  distanceM?: number;
}

const DIRECTORY_COLUMNS = `w.id, w.name, w.address, r.name AS district, w.region_code AS "regionCode", w.work_class AS "workClass",
            w.lifecycle_state AS "lifecycleState", ST_X(w.location) AS lng, ST_Y(w.location) AS lat,
            COALESCE(a.places, 0)::int AS "shelterPlaces", COALESCE(a.parking, 0)::int AS "parkingSpaces", w.peacetime_use AS "peacetimeUse",
            COALESCE(e.list, '[]'::json) AS entrances`;
const DIRECTORY_JOINS = `LEFT JOIN region r ON r.code = left(w.region_code, 6)
       LEFT JOIN LATERAL (SELECT sum(floor(u.shelter_area_m2 / $1 + 1e-9)) AS places, sum(u.parking_spaces) AS parking FROM work_unit u WHERE u.work_id = w.id) a ON true
       LEFT JOIN LATERAL (SELECT json_agg(json_build_object('kind', x.kind, 'lng', ST_X(x.location), 'lat', ST_Y(x.location)) ORDER BY x.id) AS list
                            FROM work_entrance x WHERE x.work_id = w.id) e ON true`;

/** Every public work, or the public ones among `ids` (a work that stopped being public is simply absent). */
export async function publicDirectory(db: Queryable, areaPerPersonM2: number, ids?: readonly number[]): Promise<PublicDirectoryRow[]> {
  const { rows } = await db.query<PublicDirectoryRow>(
    `SELECT ${DIRECTORY_COLUMNS} FROM work w ${DIRECTORY_JOINS}
      WHERE ${PUBLIC_WHERE}${ids ? ' AND w.id = ANY($2::int[])' : ''} ORDER BY w.id`,
    ids ? [areaPerPersonM2, ids] : [areaPerPersonM2],
  );
  return rows;
}

/** The `limit` public works nearest a point through PostGIS (GiST KNN, then geodesic metres): the per-request database path. */
export async function publicNearestKnn(db: Queryable, areaPerPersonM2: number, lng: number, lat: number, limit: number): Promise<PublicDirectoryRow[]> {
  const { rows } = await db.query<PublicDirectoryRow>(
    `WITH here AS (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326) AS g),
          knn AS (SELECT w.* FROM work w, here WHERE ${PUBLIC_WHERE} ORDER BY w.location <-> here.g LIMIT $4)
     SELECT ${DIRECTORY_COLUMNS}, ST_Distance(w.location::geography, here.g::geography) AS "distanceM"
       FROM knn w CROSS JOIN here ${DIRECTORY_JOINS} ORDER BY "distanceM"`,
    [areaPerPersonM2, lng, lat, limit],
  );
  return rows;
}

function bboxClause(bbox: BBox | undefined, params: unknown[]): string {
  if (!bbox) return '';
  params.push(...bbox);
  const n = params.length;
  return ` AND w.location && ST_MakeEnvelope($${n - 3}, $${n - 2}, $${n - 1}, $${n}, 4326)`;
}

export async function publicItems(db: Queryable, q: { bbox?: BBox; limit: number; offset: number; id?: number }) {
  const params: unknown[] = [];
  let where = `${PUBLIC_WHERE}${bboxClause(q.bbox, params)}`;
  if (q.id !== undefined) {
    params.push(q.id);
    where += ` AND w.id = $${params.length}`;
  }
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM work w WHERE ${where}`, params);
  const { rows } = await db.query<PublicFeatureRow>(
    `SELECT w.id, w.name, w.address, r.name AS district, ST_X(w.location) AS lng, ST_Y(w.location) AS lat, w.peacetime_use AS "peacetimeUse"
       FROM work w LEFT JOIN region r ON r.code = left(w.region_code, 6)
      WHERE ${where} ORDER BY w.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, q.limit, q.offset],
  );
  return { rows, total: total.rows[0]?.n ?? 0 };
}

export async function internalItems(db: Queryable, q: { scope: string; bbox?: BBox; limit: number; offset: number; id?: number; areaPerPersonM2: number }) {
  const params: unknown[] = [q.scope];
  let where = `w.region_code LIKE $1 || '%'${bboxClause(q.bbox, params)}`;
  if (q.id !== undefined) {
    params.push(q.id);
    where += ` AND w.id = $${params.length}`;
  }
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM work w WHERE ${where}`, params);
  const { rows } = await db.query<InternalFeatureRow>(
    `SELECT w.id, w.code, w.name, w.address, w.region_code AS "regionCode", w.work_class AS "workClass", w.subtype,
            w.construction_form AS "constructionForm", w.protection_grade AS "protectionGrade", w.chemical_grade AS "chemicalGrade",
            w.year_built AS "yearBuilt", w.lifecycle_state AS "lifecycleState", w.is_public AS "isPublic", w.sign_status AS "signStatus",
            COALESCE(a.gross, 0)::float8 AS "grossAreaM2", COALESCE(a.shelter, 0)::float8 AS "shelterAreaM2", COALESCE(a.places, 0)::int AS "shelterPlaces",
            COALESCE(a.parking, 0)::int AS "parkingSpaces", ST_X(w.location) AS lng, ST_Y(w.location) AS lat
       FROM work w LEFT JOIN LATERAL (
              SELECT sum(u.gross_area_m2) AS gross, sum(u.shelter_area_m2) AS shelter, sum(floor(u.shelter_area_m2 / $${params.length + 3} + 1e-9)) AS places,
                     sum(u.parking_spaces) AS parking FROM work_unit u WHERE u.work_id = w.id) a ON true
      WHERE ${where} ORDER BY w.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, q.limit, q.offset, q.areaPerPersonM2],
  );
  return { rows, total: total.rows[0]?.n ?? 0 };
}

/** Spatial extent of a collection, for its metadata. */
export async function extent(db: Queryable, where: { publicOnly: boolean; scope: string }): Promise<BBox | null> {
  const { rows } = await db.query<{ x1: number | null; y1: number; x2: number; y2: number }>(
    `SELECT ST_XMin(e) AS x1, ST_YMin(e) AS y1, ST_XMax(e) AS x2, ST_YMax(e) AS y2
       FROM (SELECT ST_Extent(w.location)::geometry AS e FROM work w WHERE ${where.publicOnly ? PUBLIC_WHERE : `w.region_code LIKE $1 || '%'`}) s`,
    where.publicOnly ? [] : [where.scope],
  );
  const r = rows[0];
  return r && r.x1 !== null ? [r.x1, r.y1, r.x2, r.y2] : null;
}

export interface TilePointRow {
  id: number;
  code: string;
  name: string;
  workClass: string;
  lifecycleState: string;
  regionCode: string;
  isPublic: boolean;
  shelterPlaces: number;
  overdue: boolean;
  lng: number;
  lat: number;
}

/** Works of the scope inside a lon/lat box (the tile plus its buffer). */
export async function tilePoints(db: Queryable, scope: string, bbox: BBox, areaPerPersonM2: number): Promise<TilePointRow[]> {
  const { rows } = await db.query<TilePointRow>(
    `SELECT w.id, w.code, w.name, w.work_class AS "workClass", w.lifecycle_state AS "lifecycleState", w.region_code AS "regionCode",
            w.is_public AS "isPublic",
            COALESCE((SELECT sum(floor(u.shelter_area_m2 / $6 + 1e-9))::int FROM work_unit u WHERE u.work_id = w.id), 0) AS "shelterPlaces",
            (EXISTS (SELECT 1 FROM maintenance_plan mp WHERE mp.work_id = w.id AND mp.active AND mp.next_due_on < (now() AT TIME ZONE 'Asia/Shanghai')::date)
              OR EXISTS (SELECT 1 FROM rectification rc WHERE rc.work_id = w.id AND rc.status = 'open' AND rc.deadline < (now() AT TIME ZONE 'Asia/Shanghai')::date)) AS overdue,
            ST_X(w.location) AS lng, ST_Y(w.location) AS lat
       FROM work w WHERE w.region_code LIKE $1 || '%' AND w.location && ST_MakeEnvelope($2, $3, $4, $5, 4326)`,
    [scope, ...bbox, areaPerPersonM2],
  );
  return rows;
}

/** Works per grid cell (degrees) inside a box, for the cluster layer at city scale. */
export async function tileClusters(db: Queryable, scope: string, bbox: BBox, cellDeg: number): Promise<Array<{ n: number; lng: number; lat: number }>> {
  const { rows } = await db.query<{ n: number; lng: number; lat: number }>(
    `SELECT count(*)::int AS n, avg(ST_X(w.location)) AS lng, avg(ST_Y(w.location)) AS lat
       FROM work w WHERE w.region_code LIKE $1 || '%' AND w.location && ST_MakeEnvelope($2, $3, $4, $5, 4326)
      GROUP BY floor(ST_X(w.location) / $6), floor(ST_Y(w.location) / $6)`,
    [scope, ...bbox, cellDeg],
  );
  return rows;
}
