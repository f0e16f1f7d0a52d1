/**
 * The only SQL of the sirens module. Every read takes the caller's jurisdiction prefix (`scope`) and filters
 * on it here, so no route can forget to; writes take a `Queryable`, which is the caller's transaction.
 */
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

/** One siren of a bulk load (the demo dataset, a fixture): `location` is [lng, lat] in EPSG:4326. */
export interface SirenImport {
  code: string;
  name: string;
  regionCode: string;
  location: [number, number];
  kind: string;
  ratedPowerW?: number | null;
  ratedLevelDb?: number | null;
  mountHeightM?: number | null;
  hostUnit?: string | null;
  installedYear?: number | null;
  status: string;
  controlChannel: string;
}

/** Inserts every siren in one statement (JSON → rows), so a large load is one round trip. */
export async function insertSirensBulk(db: Queryable, sirens: readonly SirenImport[]): Promise<number> {
  if (sirens.length === 0) return 0;
  const res = await db.query(
    `INSERT INTO siren (code, name, region_code, location, kind, rated_power_w, rated_level_db, mount_height_m, host_unit,
                        installed_year, status, control_channel)
     SELECT s.code, s.name, s."regionCode", ST_SetSRID(ST_MakePoint((s.location->>0)::float8, (s.location->>1)::float8), 4326),
            s.kind, s."ratedPowerW", s."ratedLevelDb", s."mountHeightM", s."hostUnit", s."installedYear", s.status, s."controlChannel"
       FROM jsonb_to_recordset($1::jsonb) AS s(code text, name text, "regionCode" text, location jsonb, kind text, "ratedPowerW" float8,
            "ratedLevelDb" float8, "mountHeightM" float8, "hostUnit" text, "installedYear" int, status text, "controlChannel" text)`,
    [JSON.stringify(sirens)],
  );
  return res.rowCount;
}
