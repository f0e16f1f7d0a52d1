/** The only SQL of the regions module (jurisdictions and their boundaries). */
import type { Queryable } from '../../db/index.ts';

export interface RegionRow {
  code: string;
  name: string;
  parentCode: string | null;
  level: 'province' | 'city' | 'county' | 'town';
  centroid: [number, number] | null;
}

export async function listInScope(db: Queryable, scope: string): Promise<RegionRow[]> {
  const { rows } = await db.query<RegionRow & { lng: number | null; lat: number | null }>(
    `SELECT code, name, parent_code AS "parentCode", level, ST_X(centroid) AS lng, ST_Y(centroid) AS lat
       FROM region WHERE code LIKE $1 || '%' ORDER BY code`,
    [scope],
  );
  return rows.map(({ lng, lat, ...r }) => ({ ...r, centroid: lng === null || lat === null ? null : [lng, lat] }));
}

export async function nameOf(db: Queryable, code: string): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM region WHERE code = $1', [code]);
  return rows[0]?.name ?? null;
}

/** A county's outline (GeoJSON text) and a point inside it to write its name at. */
export interface BoundaryRow {
  code: string;
  name: string;
  geometry: string;
  /** [lng, lat] on the outline's surface (ST_PointOnSurface): inside it even when the district is not convex. */
  labelAt: [number, number];
}

/** County outlines in the scope, and for a town user the county that contains them. */
export async function boundariesInScope(db: Queryable, scope: string): Promise<BoundaryRow[]> {
  const { rows } = await db.query<BoundaryRow>(
    `SELECT b.code, r.name, ST_AsGeoJSON(b.geom, 6) AS geometry,
            ARRAY[round(ST_X(p)::numeric, 5)::float8, round(ST_Y(p)::numeric, 5)::float8] AS "labelAt"
       FROM region_boundary b JOIN region r ON r.code = b.code, ST_PointOnSurface(b.geom) p
      WHERE b.code LIKE $1 || '%' OR $1 LIKE b.code || '%'
      ORDER BY b.code`,
    [scope],
  );
  return rows;
}

/**
 * Whether the point lies inside the outlines of the scope (the counties in it, or for a town scope the county that
 * holds it: towns carry no outline). null when no outline covers the scope at all, so nothing can be said.
 */
export async function pointInScope(db: Queryable, scope: string, lng: number, lat: number): Promise<boolean | null> {
  const { rows } = await db.query<{ outlines: number; inside: number }>(
    `SELECT count(*)::int AS outlines,
            count(*) FILTER (WHERE ST_Covers(b.geom, ST_SetSRID(ST_MakePoint($2, $3), 4326)))::int AS inside
       FROM region_boundary b
      WHERE b.code LIKE $1 || '%' OR $1 LIKE b.code || '%'`,
    [scope, lng, lat],
  );
  const r = rows[0];
  return !r || r.outlines === 0 ? null : r.inside > 0;
}

/**
 * Whether a GeoJSON geometry lies wholly inside the outlines of the scope (read as pointInScope does); null when no
 * outline covers the scope.
 */
export async function geometryInScope(db: Queryable, scope: string, geojson: string): Promise<boolean | null> {
  const { rows } = await db.query<{ outlines: number; inside: boolean | null }>(
    `SELECT count(*)::int AS outlines, ST_Covers(ST_Union(b.geom), ST_SetSRID(ST_GeomFromGeoJSON($2), 4326)) AS inside
       FROM region_boundary b
      WHERE b.code LIKE $1 || '%' OR $1 LIKE b.code || '%'`,
    [scope, geojson],
  );
  const r = rows[0];
  return !r || r.outlines === 0 ? null : r.inside === true;
}

/** The counties of `scope` whose outline a geometry reaches into, in code order. */
export async function crossedBy(db: Queryable, scope: string, geojson: string): Promise<Array<{ code: string; name: string }>> {
  const { rows } = await db.query<{ code: string; name: string }>(
    `SELECT r.code, r.name FROM region_boundary b JOIN region r ON r.code = b.code
      WHERE (b.code LIKE $1 || '%' OR $1 LIKE b.code || '%') AND ST_Intersects(b.geom, ST_SetSRID(ST_GeomFromGeoJSON($2), 4326))
      ORDER BY b.code`,
    [scope, geojson],
  );
  return rows;
}

/** The codes of `codes` that name no jurisdiction. */
export async function unknownCodes(db: Queryable, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const { rows } = await db.query<{ code: string }>(
    'SELECT c AS code FROM unnest($1::text[]) AS c WHERE NOT EXISTS (SELECT 1 FROM region r WHERE r.code = c) ORDER BY c',
    [codes],
  );
  return rows.map((r) => r.code);
}

export async function count(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM region');
  return rows[0]?.n ?? 0;
}

export interface RegionInput {
  code: string;
  name: string;
  parentCode: string | null;
  level: string;
  centroid: [number, number] | null;
}

/** Upserts jurisdictions parents-first, in one statement (JSON → rows). */
export async function upsertRegions(db: Queryable, regions: RegionInput[]): Promise<void> {
  const order = { province: 0, city: 1, county: 2, town: 3 } as Record<string, number>;
  const sorted = [...regions].sort((a, b) => (order[a.level] ?? 9) - (order[b.level] ?? 9) || a.code.localeCompare(b.code));
  for (const level of ['province', 'city', 'county', 'town']) {
    const batch = sorted.filter((r) => r.level === level);
    if (batch.length === 0) continue;
    await db.query(
      `INSERT INTO region (code, name, parent_code, level, centroid)
       SELECT r.code, r.name, r."parentCode", r.level,
              CASE WHEN r.lng IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(r.lng, r.lat), 4326) END
         FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text, "parentCode" text, level text, lng float8, lat float8)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, parent_code = EXCLUDED.parent_code, level = EXCLUDED.level, centroid = EXCLUDED.centroid`,
      [JSON.stringify(batch.map((r) => ({ ...r, lng: r.centroid?.[0] ?? null, lat: r.centroid?.[1] ?? null })))],
    );
  }
}

/** A region found under a point: its code, name and level, and whether its outline was made up (`synthetic`). */
export interface RegionAtPoint {
  code: string;
  name: string;
  level: string;
  synthetic: boolean;
}
/**
 * The regions in the scope whose outlines cover the point, deepest first: the town (when its outline is loaded),
 * then the county. Both tables' GiST indexes answer the cover test.
 */
export async function regionsAt(db: Queryable, scope: string, lng: number, lat: number): Promise<RegionAtPoint[]> {
  const { rows } = await db.query<RegionAtPoint>(
    `WITH p AS (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326) AS pt)
     SELECT r.code, r.name, r.level, h.synthetic
       FROM (SELECT t.code, t.synthetic FROM region_town_boundary t, p WHERE t.code LIKE $1 || '%' AND ST_Covers(t.geom, p.pt)
             UNION ALL
             SELECT b.code, false FROM region_boundary b, p WHERE b.code LIKE $1 || '%' AND ST_Covers(b.geom, p.pt)) h
       JOIN region r ON r.code = h.code
      ORDER BY length(r.code) DESC, r.code`,
    [scope, lng, lat],
  );
  return rows;
}

/** Town outlines in the scope (towns of a county scope, or a town user's own), as GeoJSON text. */
export async function townBoundariesInScope(db: Queryable, scope: string): Promise<Array<{ code: string; geometry: string; synthetic: boolean }>> {
  const { rows } = await db.query<{ code: string; geometry: string; synthetic: boolean }>(
    `SELECT b.code, ST_AsGeoJSON(b.geom, 6) AS geometry, b.synthetic FROM region_town_boundary b WHERE b.code LIKE $1 || '%' ORDER BY b.code`,
    [scope],
  );
  return rows;
}
export async function townBoundaryCount(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM region_town_boundary')).rows[0]?.n ?? 0;
}
/**
 * Upserts town outlines of loaded towns (others are skipped), made valid, kept to their polygons and clipped to
 * their district's outline when it has one (a town lies in its district, whatever the source's precision).
 */
export async function upsertTownBoundaries(db: Queryable, features: ReadonlyArray<{ code: string; geometry: object; synthetic: boolean }>): Promise<void> {
  await db.query(
    `INSERT INTO region_town_boundary (code, geom, synthetic)
     SELECT code, geom, synthetic FROM (
       SELECT f.code, f.synthetic,
              ST_Multi(ST_CollectionExtract(ST_MakeValid(CASE WHEN b.geom IS NULL THEN x.g ELSE ST_Intersection(x.g, b.geom) END), 3)) AS geom
         FROM jsonb_to_recordset($1::jsonb) AS f(code text, geometry jsonb, synthetic boolean)
         JOIN region r ON r.code = f.code AND r.level = 'town'
         LEFT JOIN region_boundary b ON b.code = r.parent_code
        CROSS JOIN LATERAL (SELECT ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(f.geometry), 4326)) AS g) x
     ) t
      WHERE NOT ST_IsEmpty(geom)
     ON CONFLICT (code) DO UPDATE SET geom = EXCLUDED.geom, synthetic = EXCLUDED.synthetic`,
    [JSON.stringify(features)],
  );
}

export async function upsertBoundaries(db: Queryable, features: Array<{ code: string; geometry: object }>): Promise<void> {
  await db.query(
    `INSERT INTO region_boundary (code, geom)
     SELECT f.code, ST_Multi(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(f.geometry), 4326)))
       FROM jsonb_to_recordset($1::jsonb) AS f(code text, geometry jsonb)
     ON CONFLICT (code) DO UPDATE SET geom = EXCLUDED.geom`,
    [JSON.stringify(features)],
  );
}

/**
 * The database's checks of outlines to import, each against the district `parentCode`: PostGIS validity (with the
 * reason) and the share of the outline's area outside the district (null when the district has no outline or the
 * geometry is invalid), plus whether the town has an outline now and whether that one is synthetic.
 */
export async function checkTownOutlines(
  db: Queryable, items: ReadonlyArray<{ key: number; code: string; parentCode: string; geometry: object }>,
): Promise<Array<{ key: number; invalid: string | null; outsideShare: number | null; current: 'none' | 'synthetic' | 'surveyed' }>> {
  const { rows } = await db.query<{ key: number; invalid: string | null; outsideShare: number | null; current: 'none' | 'synthetic' | 'surveyed' }>(
    `SELECT f.key,
            CASE WHEN ST_IsValid(x.g) THEN NULL ELSE ST_IsValidReason(x.g) END AS invalid,
            CASE WHEN b.geom IS NULL OR NOT ST_IsValid(x.g) OR ST_Area(x.g) = 0 THEN NULL
                 ELSE ST_Area(ST_Difference(x.g, b.geom)) / ST_Area(x.g) END AS "outsideShare",
            CASE WHEN t.code IS NULL THEN 'none' WHEN t.synthetic THEN 'synthetic' ELSE 'surveyed' END AS current
       FROM jsonb_to_recordset($1::jsonb) AS f(key int, code text, "parentCode" text, geometry jsonb)
      CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_GeomFromGeoJSON(f.geometry), 4326) AS g) x
       LEFT JOIN region_boundary b ON b.code = f."parentCode"
       LEFT JOIN region_town_boundary t ON t.code = f.code
      ORDER BY f.key`,
    [JSON.stringify(items)],
  );
  return rows.map((r) => ({ ...r, outsideShare: r.outsideShare === null ? null : Number(r.outsideShare) }));
}
