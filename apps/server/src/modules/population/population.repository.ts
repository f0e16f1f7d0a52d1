/** The only SQL of the population module: the population grid (人口网格). */
import type { Queryable } from '../../db/index.ts';

export interface PopulationCellImport {
  regionCode: string;
  lng: number;
  lat: number;
  people: number;
}

export async function insertCellsBulk(db: Queryable, cellSizeM: number, cells: readonly PopulationCellImport[]): Promise<number> {
  if (cells.length === 0) return 0;
  const res = await db.query(
    `INSERT INTO population_cell (region_code, location, cell_size_m, people)
     SELECT c."regionCode", ST_SetSRID(ST_MakePoint(c.lng, c.lat), 4326), $2, c.people
       FROM jsonb_to_recordset($1::jsonb) AS c("regionCode" text, lng float8, lat float8, people int)`,
    [JSON.stringify(cells), cellSizeM],
  );
  return res.rowCount;
}

/** Residents per region code (the codes the cells carry, usually towns) inside the jurisdiction prefix `scope`. */
export async function peopleByRegion(db: Queryable, scope: string): Promise<Array<{ regionCode: string; people: number }>> {
  const { rows } = await db.query<{ regionCode: string; people: number }>(
    `SELECT region_code AS "regionCode", sum(people)::float8 AS people
       FROM population_cell WHERE region_code LIKE $1 || '%' GROUP BY region_code ORDER BY region_code`,
    [scope],
  );
  return rows;
}

export interface PopulationCellRow {
  id: number;
  regionCode: string;
  lng: number;
  lat: number;
  cellSizeM: number;
  people: number;
}

/** The inhabited cells inside the jurisdiction prefix `scope`, in a stable order. */
export async function cellsIn(db: Queryable, scope: string): Promise<PopulationCellRow[]> {
  const { rows } = await db.query<PopulationCellRow>(
    `SELECT id, region_code AS "regionCode", ST_X(location) AS lng, ST_Y(location) AS lat, cell_size_m AS "cellSizeM", people
       FROM population_cell WHERE region_code LIKE $1 || '%' AND people > 0 ORDER BY id`,
    [scope],
  );
  return rows;
}
