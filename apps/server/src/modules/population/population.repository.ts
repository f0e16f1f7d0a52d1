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

// ---- imports (population datasets) ------------------------------------------------------------------------

export interface PopulationRecordRow {
  regionCode: string;
  lng: number;
  lat: number;
  people: number;
  /** null: a building (a point), not a grid cell. */
  cellSizeM: number | null;
  label: string | null;
}

/** Every cell inside the prefix `scope` in the export's shape (a building's size 0 back to null), in a stable order. */
export async function recordsIn(db: Queryable, scope: string): Promise<PopulationRecordRow[]> {
  const { rows } = await db.query<PopulationRecordRow>(
    `SELECT region_code AS "regionCode", ST_X(location) AS lng, ST_Y(location) AS lat, people,
            nullif(cell_size_m, 0) AS "cellSizeM", label
       FROM population_cell WHERE region_code LIKE $1 || '%' ORDER BY id`,
    [scope],
  );
  return rows;
}

export async function countIn(db: Queryable, scope: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM population_cell WHERE region_code LIKE $1 || '%'`, [scope]);
  return rows[0]!.n;
}

export interface DatasetRow {
  id: number;
  regionCode: string;
  fileName: string;
  format: string;
  sha256: string;
  cells: number;
  people: number;
  replaced: number;
  createdByName: string | null;
  createdAt: Date;
}

const DATASET_COLUMNS = `d.id, d.region_code AS "regionCode", d.file_name AS "fileName", d.format, d.sha256, d.cells, d.people::float8 AS people,
  d.replaced, u.display_name AS "createdByName", d.created_at AS "createdAt"`;

export async function insertDataset(db: Queryable, d: { regionCode: string; scope: string; fileName: string; format: string; sha256: string; cells: number; people: number; replaced: number; createdBy: number }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO population_dataset (region_code, scope, file_name, format, sha256, cells, people, replaced, created_by)
     VALUES ($1, $9, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [d.regionCode, d.fileName, d.format, d.sha256, d.cells, d.people, d.replaced, d.createdBy, d.scope],
  );
  return rows[0]!.id;
}

/** Removes the cells inside the prefix `scope` (an import replaces its area); answers how many. */
export async function deleteCellsIn(db: Queryable, scope: string): Promise<number> {
  return (await db.query(`DELETE FROM population_cell WHERE region_code LIKE $1 || '%'`, [scope])).rowCount;
}

export async function insertRecordsBulk(db: Queryable, datasetId: number, records: readonly PopulationRecordRow[]): Promise<void> {
  // Chunks keep each JSON parameter small enough for both drivers on a city-scale file.
  const CHUNK = 20_000;
  for (let k = 0; k < records.length; k += CHUNK) {
    await db.query(
      `INSERT INTO population_cell (region_code, location, cell_size_m, people, dataset_id, label)
       SELECT c."regionCode", ST_SetSRID(ST_MakePoint(c.lng, c.lat), 4326), coalesce(c."cellSizeM", 0), c.people, $2, c.label
         FROM jsonb_to_recordset($1::jsonb) AS c("regionCode" text, lng float8, lat float8, people int, "cellSizeM" float8, label text)`,
      [JSON.stringify(records.slice(k, k + CHUNK)), datasetId],
    );
  }
}

/** Datasets whose area is inside the prefix `scope` or holds it (a city-wide import also feeds a county), newest first. */
export async function datasetsFor(db: Queryable, scope: string, limit: number): Promise<DatasetRow[]> {
  const { rows } = await db.query<DatasetRow>(
    `SELECT ${DATASET_COLUMNS} FROM population_dataset d LEFT JOIN app_user u ON u.id = d.created_by
      WHERE d.scope LIKE $1 || '%' OR $1 LIKE d.scope || '%'
      ORDER BY d.id DESC LIMIT $2`,
    [scope, limit],
  );
  return rows;
}
