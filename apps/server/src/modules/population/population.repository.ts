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
