/** SQL of the assessment areas (防护片区): imported polygon sets and the balance inputs inside each polygon. */
import type { Queryable } from '../../db/index.ts';

export interface AreaSetRow { setName: string; areas: number; createdAt: Date }

/** The sets inside the prefix `scope`. */
export async function areaSets(db: Queryable, scope: string): Promise<AreaSetRow[]> {
  const { rows } = await db.query<AreaSetRow>(
    `SELECT set_name AS "setName", count(*)::int AS areas, max(created_at) AS "createdAt"
       FROM assessment_area WHERE region_code LIKE $1 || '%' GROUP BY set_name ORDER BY set_name`,
    [scope],
  );
  return rows;
}

export async function deleteSet(db: Queryable, regionCode: string, setName: string): Promise<number> {
  return (await db.query('DELETE FROM assessment_area WHERE region_code = $1 AND set_name = $2', [regionCode, setName])).rowCount;
}

export async function insertAreas(db: Queryable, regionCode: string, setName: string, userId: number, areas: ReadonlyArray<{ name: string; geometry: object }>): Promise<void> {
  await db.query(
    `INSERT INTO assessment_area (region_code, set_name, name, geom, created_by)
     SELECT $1, $2, a.name, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(a.geometry::text), 4326)), $3
       FROM jsonb_to_recordset($4::jsonb) AS a(name text, geometry jsonb)`,
    [regionCode, setName, userId, JSON.stringify(areas)],
  );
}

/** Which of the GeoJSON geometries PostGIS finds invalid (self-intersecting rings …): their indexes and the reason. */
export async function invalidGeometries(db: Queryable, geometries: readonly object[]): Promise<Array<{ index: number; reason: string }>> {
  if (geometries.length === 0) return [];
  const { rows } = await db.query<{ index: number; reason: string }>(
    `SELECT (g.ord - 1)::int AS index, ST_IsValidReason(ST_GeomFromGeoJSON(g.value::text)) AS reason
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS g(value, ord)
      WHERE NOT ST_IsValid(ST_GeomFromGeoJSON(g.value::text))`,
    [JSON.stringify(geometries)],
  );
  return rows;
}

export interface AreaInputsRow {
  id: number;
  name: string;
  geometry: string;
  /** People per region code of the cells inside the polygon (the 留城比例 is per region). */
  people: Array<{ regionCode: string; people: number }>;
  shelterAreaM2: number[];
  grossAreaM2: number;
  works: number;
}

/** Each polygon of the set with the population cells, personnel-shelter units and works (counted states) inside it. */
export async function areaInputs(db: Queryable, scope: string, regionCode: string, setName: string, states: readonly string[], functions: readonly string[]): Promise<AreaInputsRow[]> {
  const { rows } = await db.query<AreaInputsRow>(
    `SELECT a.id, a.name, ST_AsGeoJSON(a.geom, 6) AS geometry,
            coalesce((SELECT jsonb_agg(jsonb_build_object('regionCode', p.region_code, 'people', p.people))
                        FROM (SELECT c.region_code, sum(c.people)::float8 AS people FROM population_cell c
                               WHERE c.region_code LIKE $1 || '%' AND ST_Covers(a.geom, c.location) GROUP BY c.region_code) p), '[]'::jsonb) AS people,
            coalesce((SELECT array_agg(u.shelter_area_m2) FROM work w JOIN work_unit u ON u.work_id = w.id
                       WHERE w.region_code LIKE $1 || '%' AND w.lifecycle_state = ANY($4::text[]) AND ST_Covers(a.geom, w.location)
                         AND (u.wartime_function = ANY($5::text[]) OR (u.wartime_function IS NULL AND w.work_class = 'personnel'))), '{}') AS "shelterAreaM2",
            coalesce((SELECT sum(u.gross_area_m2) FROM work w JOIN work_unit u ON u.work_id = w.id
                       WHERE w.region_code LIKE $1 || '%' AND w.lifecycle_state = ANY($4::text[]) AND ST_Covers(a.geom, w.location)), 0)::float8 AS "grossAreaM2",
            (SELECT count(*) FROM work w WHERE w.region_code LIKE $1 || '%' AND w.lifecycle_state = ANY($4::text[]) AND ST_Covers(a.geom, w.location))::int AS works
       FROM assessment_area a
      WHERE a.region_code = $2 AND a.set_name = $3
      ORDER BY a.name`,
    [scope, regionCode, setName, states, functions],
  );
  return rows.map((r) => ({ ...r, shelterAreaM2: r.shelterAreaM2.map(Number) }));
}
