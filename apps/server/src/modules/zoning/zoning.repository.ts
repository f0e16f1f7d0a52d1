/**
 * SQL of the zoning module: building-rule versions, parcels and the pooling ledger. Money columns are bigint 分, read
 * as text and turned into numbers here (exact below 2^53 分). Rules are read for a set of region codes (the national
 * baseline and a region's ancestors apply to it) or within a scope; parcels and ledger rows within the caller's scope.
 */
import type { Queryable } from '../../db/index.ts';

export interface RuleRow {
  id: number; code: string; regionCode: string; validFrom: string; validTo: string | null; basis: string; source: string;
  highRiseStoreys: number; deepFoundationM: number; minAboveGroundM2: number; ratio: number; residentialGroundFloor: boolean; grade: string;
  feeFenPerM2: number | null; feeBasis: string | null; reductions: Array<{ code: string; zh: string; en: string; share: number; basis: string }>;
  createdBy: string | null; createdAt: Date;
}

const RULE_COLUMNS = `r.id, r.code, r.region_code AS "regionCode", to_char(r.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(r.valid_to, 'YYYY-MM-DD') AS "validTo",
  r.basis, r.source, r.high_rise_storeys AS "highRiseStoreys", r.deep_foundation_m AS "deepFoundationM", r.min_above_ground_m2 AS "minAboveGroundM2", r.ratio,
  r.residential_ground_floor AS "residentialGroundFloor", r.grade, r.fee_fen_per_m2::text AS "feeFenPerM2", r.fee_basis AS "feeBasis", r.reductions,
  u.username AS "createdBy", r.created_at AS "createdAt"`;
const RULE_FROM = 'building_rule r LEFT JOIN app_user u ON u.id = r.created_by';
type RawRule = Omit<RuleRow, 'feeFenPerM2'> & { feeFenPerM2: string | null };
const ruleOf = (r: RawRule): RuleRow => ({ ...r, feeFenPerM2: r.feeFenPerM2 === null ? null : Number(r.feeFenPerM2) });

/** Versions whose region is one of `codes` (a region's own and its ancestors', '000000' national) or within `scope`. */
export async function rulesFor(db: Queryable, codes: readonly string[], scope: string | null): Promise<RuleRow[]> {
  const { rows } = await db.query<RawRule>(
    `SELECT ${RULE_COLUMNS} FROM ${RULE_FROM} WHERE r.region_code = ANY($1::text[]) OR ($2::text IS NOT NULL AND r.region_code LIKE $2 || '%')
      ORDER BY r.region_code, r.valid_from`, [codes, scope]);
  return rows.map(ruleOf);
}

/** A region's versions, locked for the caller's transaction so two new versions cannot both pass the overlap check. */
export async function lockRegionRules(db: Queryable, regionCode: string): Promise<RuleRow[]> {
  await db.query('SELECT 1 FROM building_rule WHERE region_code = $1 FOR UPDATE', [regionCode]);
  return rulesFor(db, [regionCode], null);
}

export async function closeRule(db: Queryable, id: number, validTo: string): Promise<void> {
  await db.query('UPDATE building_rule SET valid_to = $2::date WHERE id = $1', [id, validTo]);
}

export interface NewRule {
  regionCode: string; validFrom: string; validTo: string | null; basis: string; source: string; highRiseStoreys: number; deepFoundationM: number;
  minAboveGroundM2: number; ratio: number; residentialGroundFloor: boolean; grade: string; feeFenPerM2: number | null; feeBasis: string | null;
  reductions: RuleRow['reductions'];
}

export async function insertRule(db: Queryable, r: NewRule, createdBy: number): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO building_rule (code, region_code, valid_from, valid_to, basis, source, high_rise_storeys, deep_foundation_m, min_above_ground_m2, ratio,
                                residential_ground_floor, grade, fee_fen_per_m2, fee_basis, reductions, created_by)
     VALUES ('r-' || $1 || '-' || $2 || '-' || md5(random()::text), $1, $2::date, $3::date, $4, $5, $6, $7, $8, $9, $10, $11, $12::bigint, $13, $14::jsonb, $15)
     RETURNING id`,
    [r.regionCode, r.validFrom, r.validTo, r.basis, r.source, r.highRiseStoreys, r.deepFoundationM, r.minAboveGroundM2, r.ratio, r.residentialGroundFloor, r.grade,
      r.feeFenPerM2 === null ? null : String(r.feeFenPerM2), r.feeBasis, JSON.stringify(r.reductions), createdBy]);
  const id = rows[0]!.id;
  // A readable code once the id is known: r<id>, unique by construction.
  await db.query(`UPDATE building_rule SET code = 'r' || id WHERE id = $1`, [id]);
  return id;
}

export async function ruleById(db: Queryable, id: number): Promise<RuleRow | null> {
  const { rows } = await db.query<RawRule>(`SELECT ${RULE_COLUMNS} FROM ${RULE_FROM} WHERE r.id = $1`, [id]);
  return rows[0] ? ruleOf(rows[0]) : null;
}

// ─── parcels ───────────────────────────────────────────────────────────────────────────────────────────────────────

export interface ParcelRow {
  id: number; regionCode: string; regionName: string | null; code: string; name: string; landUse: string | null; areaM2: number | null; requiredM2: number;
  poolingAllowed: boolean; planRef: string | null; synthetic: boolean; pooledM2: number; hasBoundary: boolean; createdAt: Date; updatedAt: Date;
}

const PARCEL_COLUMNS = `p.id, p.region_code AS "regionCode", g.name AS "regionName", p.code, p.name, p.land_use AS "landUse", p.area_m2 AS "areaM2",
  p.required_m2 AS "requiredM2", p.pooling_allowed AS "poolingAllowed", p.plan_ref AS "planRef", p.synthetic,
  (SELECT coalesce(sum(area_m2), 0) FROM parcel_pooling x WHERE x.parcel_id = p.id)::float8 AS "pooledM2", p.boundary IS NOT NULL AS "hasBoundary",
  p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;
const PARCEL_FROM = 'parcel p LEFT JOIN region g ON g.code = p.region_code';

export async function listParcels(db: Queryable, scope: string): Promise<ParcelRow[]> {
  const { rows } = await db.query<ParcelRow>(`SELECT ${PARCEL_COLUMNS} FROM ${PARCEL_FROM} WHERE p.region_code LIKE $1 || '%' ORDER BY p.code LIMIT 10000`, [scope]);
  return rows;
}

export async function parcelById(db: Queryable, scope: string, id: number, lock = false): Promise<ParcelRow | null> {
  if (lock) await db.query(`SELECT 1 FROM parcel WHERE id = $1 AND region_code LIKE $2 || '%' FOR UPDATE`, [id, scope]);
  const { rows } = await db.query<ParcelRow>(`SELECT ${PARCEL_COLUMNS} FROM ${PARCEL_FROM} WHERE p.id = $1 AND p.region_code LIKE $2 || '%'`, [id, scope]);
  return rows[0] ?? null;
}

export async function parcelMap(db: Queryable, scope: string): Promise<Array<ParcelRow & { geometry: string }>> {
  const { rows } = await db.query<ParcelRow & { geometry: string }>(
    `SELECT ${PARCEL_COLUMNS}, ST_AsGeoJSON(p.boundary, 6) AS geometry FROM ${PARCEL_FROM}
      WHERE p.region_code LIKE $1 || '%' AND p.boundary IS NOT NULL ORDER BY p.id LIMIT 10000`, [scope]);
  return rows;
}

/** Codes among `codes` already used by any parcel (codes are unique across jurisdictions), with the parcel's region. */
export async function parcelsByCodes(db: Queryable, codes: readonly string[]): Promise<Array<{ id: number; code: string; regionCode: string }>> {
  const { rows } = await db.query<{ id: number; code: string; regionCode: string }>(
    'SELECT id, code, region_code AS "regionCode" FROM parcel WHERE code = ANY($1::text[])', [codes]);
  return rows;
}

export interface ParcelInput {
  regionCode: string; code: string; name: string; landUse: string | null; areaM2: number | null; requiredM2: number; poolingAllowed: boolean;
  planRef: string | null; boundary: object | null; synthetic: boolean;
}

/** Creates parcels (new codes) and updates existing ones (same code) in one statement each; returns ids by code. */
export async function upsertParcels(db: Queryable, parcels: readonly ParcelInput[], createdBy: number | null): Promise<Map<string, number>> {
  if (parcels.length === 0) return new Map();
  const { rows } = await db.query<{ id: number; code: string }>(
    `INSERT INTO parcel (region_code, code, name, land_use, area_m2, required_m2, pooling_allowed, plan_ref, boundary, synthetic, created_by)
     SELECT x."regionCode", x.code, x.name, x."landUse", x."areaM2", x."requiredM2", x."poolingAllowed", x."planRef",
            CASE WHEN x.boundary IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(x.boundary::text), 4326)) END, x.synthetic, $2
       FROM jsonb_to_recordset($1::jsonb) AS x("regionCode" text, code text, name text, "landUse" text, "areaM2" float8, "requiredM2" float8,
            "poolingAllowed" boolean, "planRef" text, boundary jsonb, synthetic boolean)
     ON CONFLICT (code) DO UPDATE SET region_code = EXCLUDED.region_code, name = EXCLUDED.name, land_use = EXCLUDED.land_use, area_m2 = EXCLUDED.area_m2,
            required_m2 = EXCLUDED.required_m2, pooling_allowed = EXCLUDED.pooling_allowed, plan_ref = EXCLUDED.plan_ref,
            boundary = coalesce(EXCLUDED.boundary, parcel.boundary), updated_at = now()
     RETURNING id, code`, [JSON.stringify(parcels), createdBy]);
  return new Map(rows.map((r) => [r.code, r.id]));
}

// ─── pooling ledger ─────────────────────────────────────────────────────────────────────────────────────────────────

export interface PoolingRow {
  id: number; regionCode: string; parcelId: number; parcelCode: string; parcelName: string; workId: number; workName: string | null; workCode: string | null;
  areaM2: number; pooledOn: string; savingFenPerM2: number; savedFen: number; basis: string; reference: string | null; synthetic: boolean;
  createdBy: string | null; createdAt: Date;
}

const POOLING_COLUMNS = `x.id, x.region_code AS "regionCode", x.parcel_id AS "parcelId", p.code AS "parcelCode", p.name AS "parcelName", x.work_id AS "workId",
  w.name AS "workName", w.code AS "workCode", x.area_m2 AS "areaM2", to_char(x.pooled_on, 'YYYY-MM-DD') AS "pooledOn",
  x.saving_fen_per_m2::text AS "savingFenPerM2", x.saved_fen::text AS "savedFen", x.basis, x.reference, x.synthetic, u.username AS "createdBy", x.created_at AS "createdAt"`;
// The work's name and code are shown beside the ledger row (a join to show a name; the rule that the work exists is
// the works service's, checked when the row is written).
const POOLING_FROM = `parcel_pooling x JOIN parcel p ON p.id = x.parcel_id LEFT JOIN work w ON w.id = x.work_id LEFT JOIN app_user u ON u.id = x.created_by`;
type RawPooling = Omit<PoolingRow, 'savingFenPerM2' | 'savedFen'> & { savingFenPerM2: string; savedFen: string };
const poolingOf = (r: RawPooling): PoolingRow => ({ ...r, savingFenPerM2: Number(r.savingFenPerM2), savedFen: Number(r.savedFen) });

export async function listPoolings(db: Queryable, scope: string): Promise<PoolingRow[]> {
  const { rows } = await db.query<RawPooling>(
    `SELECT ${POOLING_COLUMNS} FROM ${POOLING_FROM} WHERE x.region_code LIKE $1 || '%' ORDER BY x.pooled_on DESC, x.id DESC LIMIT 20000`, [scope]);
  return rows.map(poolingOf);
}

export async function poolingById(db: Queryable, scope: string, id: number): Promise<PoolingRow | null> {
  const { rows } = await db.query<RawPooling>(`SELECT ${POOLING_COLUMNS} FROM ${POOLING_FROM} WHERE x.id = $1 AND x.region_code LIKE $2 || '%'`, [id, scope]);
  return rows[0] ? poolingOf(rows[0]) : null;
}

export interface NewPooling {
  regionCode: string; parcelId: number; workId: number; areaM2: number; pooledOn: string; savingFenPerM2: number; savedFen: number; basis: string;
  reference: string | null; synthetic: boolean;
}

export async function insertPoolings(db: Queryable, items: readonly NewPooling[], createdBy: number | null): Promise<number[]> {
  if (items.length === 0) return [];
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO parcel_pooling (region_code, parcel_id, work_id, area_m2, pooled_on, saving_fen_per_m2, saved_fen, basis, reference, synthetic, created_by)
     SELECT x."regionCode", x."parcelId", x."workId", x."areaM2", x."pooledOn"::date, x."savingFenPerM2"::bigint, x."savedFen"::bigint, x.basis, x.reference,
            x.synthetic, $2
       FROM jsonb_to_recordset($1::jsonb) AS x("regionCode" text, "parcelId" int, "workId" int, "areaM2" float8, "pooledOn" text, "savingFenPerM2" text,
            "savedFen" text, basis text, reference text, synthetic boolean)
     RETURNING id`,
    [JSON.stringify(items.map((i) => ({ ...i, savingFenPerM2: String(i.savingFenPerM2), savedFen: String(i.savedFen) }))), createdBy]);
  return rows.map((r) => r.id);
}

/** Work ids by code, for the demo ledger written in the same transaction as the demo works. */
export async function workIdsByCode(db: Queryable, codes: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: number; code: string }>('SELECT id, code FROM work WHERE code = ANY($1::text[])', [codes]);
  return new Map(rows.map((r) => [r.code, r.id]));
}
