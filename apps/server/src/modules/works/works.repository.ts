import type { Queryable } from '../../db/index.ts';

export interface WorkMapRow {
  id: number;
  code: string;
  name: string;
  workClass: string;
  lifecycleState: string;
  regionCode: string;
  shelterPlaces: number;
  isPublic: boolean;
  geometry: string;
}

/** Points of every work in the scope with the fields the console map shows. */
export async function mapFeatures(db: Queryable, scope: string, areaPerPersonM2: number): Promise<WorkMapRow[]> {
  const { rows } = await db.query<WorkMapRow>(
    `SELECT w.id, w.code, w.name, w.work_class AS "workClass", w.lifecycle_state AS "lifecycleState",
            w.region_code AS "regionCode", w.is_public AS "isPublic",
            COALESCE((SELECT sum(floor(u.shelter_area_m2 / $2))::int FROM work_unit u WHERE u.work_id = w.id), 0) AS "shelterPlaces",
            ST_AsGeoJSON(w.location, 6) AS geometry
       FROM work w WHERE w.region_code LIKE $1 || '%' ORDER BY w.id`,
    [scope, areaPerPersonM2],
  );
  return rows;
}

/** The shape importers and the demo loader hand in: one work with its units and entrances. */
export interface WorkImport {
  code: string;
  name: string;
  address?: string | null;
  regionCode: string;
  location: [number, number];
  constructionForm: string;
  parentProject?: string | null;
  workClass: string;
  subtype?: string | null;
  protectionGrade?: string | null;
  chemicalGrade?: string | null;
  yearBuilt?: number | null;
  owner?: string | null;
  managementUnit?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  isPublic: boolean;
  lifecycleState: string;
  peacetimeUse?: object;
  units: Array<{
    name: string; grossAreaM2: number; protectedAreaM2: number; shelterAreaM2: number; wartimeFunction?: string | null;
    protectionGrade?: string | null; chemicalGrade?: string | null; blastUnits: number; peacetimeFunction?: string | null; parkingSpaces: number;
  }>;
  entrances: Array<{ location: [number, number]; kind: string; widthM: number }>;
}

/** Inserts many works with their units and entrances in three set-based statements. */
export async function insertWorksBulk(db: Queryable, works: WorkImport[]): Promise<number> {
  if (works.length === 0) return 0;
  const { rows } = await db.query<{ id: number; code: string }>(
    `INSERT INTO work (code, name, address, region_code, location, construction_form, parent_project, work_class, subtype,
                       protection_grade, chemical_grade, year_built, owner, management_unit, contact_name, contact_phone,
                       is_public, lifecycle_state, peacetime_use)
     SELECT w.code, w.name, w.address, w."regionCode", ST_SetSRID(ST_MakePoint((w.location->>0)::float8, (w.location->>1)::float8), 4326),
            w."constructionForm", w."parentProject", w."workClass", w.subtype, w."protectionGrade", w."chemicalGrade", w."yearBuilt",
            w.owner, w."managementUnit", w."contactName", w."contactPhone", w."isPublic", w."lifecycleState", COALESCE(w."peacetimeUse", '{}'::jsonb)
       FROM jsonb_to_recordset($1::jsonb) AS w(code text, name text, address text, "regionCode" text, location jsonb,
            "constructionForm" text, "parentProject" text, "workClass" text, subtype text, "protectionGrade" text, "chemicalGrade" text,
            "yearBuilt" int, owner text, "managementUnit" text, "contactName" text, "contactPhone" text, "isPublic" boolean,
            "lifecycleState" text, "peacetimeUse" jsonb)
     RETURNING id, code`,
    [JSON.stringify(works.map(({ units: _u, entrances: _e, ...w }) => w))],
  );
  const idByCode = new Map(rows.map((r) => [r.code, r.id]));
  const units = works.flatMap((w) => w.units.map((u, i) => ({ ...u, workId: idByCode.get(w.code), position: i + 1 })));
  await db.query(
    `INSERT INTO work_unit (work_id, position, name, gross_area_m2, protected_area_m2, shelter_area_m2, wartime_function,
                            protection_grade, chemical_grade, blast_units, peacetime_function, parking_spaces)
     SELECT u."workId", u.position, u.name, u."grossAreaM2", u."protectedAreaM2", u."shelterAreaM2", u."wartimeFunction",
            u."protectionGrade", u."chemicalGrade", u."blastUnits", u."peacetimeFunction", u."parkingSpaces"
       FROM jsonb_to_recordset($1::jsonb) AS u("workId" int, position int, name text, "grossAreaM2" float8, "protectedAreaM2" float8,
            "shelterAreaM2" float8, "wartimeFunction" text, "protectionGrade" text, "chemicalGrade" text, "blastUnits" int,
            "peacetimeFunction" text, "parkingSpaces" int)`,
    [JSON.stringify(units)],
  );
  const entrances = works.flatMap((w) => w.entrances.map((e) => ({ ...e, workId: idByCode.get(w.code) })));
  await db.query(
    `INSERT INTO work_entrance (work_id, location, kind, width_m)
     SELECT e."workId", ST_SetSRID(ST_MakePoint((e.location->>0)::float8, (e.location->>1)::float8), 4326), e.kind, e."widthM"
       FROM jsonb_to_recordset($1::jsonb) AS e("workId" int, location jsonb, kind text, "widthM" float8)`,
    [JSON.stringify(entrances)],
  );
  return rows.length;
}

export async function count(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM work');
  return rows[0]?.n ?? 0;
}
