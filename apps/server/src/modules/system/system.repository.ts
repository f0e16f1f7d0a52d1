/** The only SQL of the system module: settings and the city extent. */
import type { Queryable } from '../../db/index.ts';

export async function getSetting<T>(db: Queryable, key: string): Promise<T | null> {
  const { rows } = await db.query<{ value: T }>('SELECT value FROM app_setting WHERE key = $1', [key]);
  return rows[0]?.value ?? null;
}

export async function setSetting(db: Queryable, key: string, value: unknown): Promise<void> {
  await db.query(
    `INSERT INTO app_setting (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}

/** Centre and extent of the city's boundaries, for the map's first view. */
export async function cityExtent(db: Queryable, cityPrefix: string): Promise<{ bbox: [number, number, number, number]; center: [number, number] } | null> {
  const { rows } = await db.query<{ w: number | null; s: number; e: number; n: number }>(
    `SELECT ST_XMin(x) AS w, ST_YMin(x) AS s, ST_XMax(x) AS e, ST_YMax(x) AS n
       FROM (SELECT ST_Extent(geom)::geometry AS x FROM region_boundary WHERE code LIKE $1 || '%') t`,
    [cityPrefix],
  );
  const r = rows[0];
  if (!r || r.w === null) return null;
  return { bbox: [r.w, r.s, r.e, r.n], center: [(r.w + r.e) / 2, (r.s + r.n) / 2] };
}
