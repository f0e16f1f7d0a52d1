/**
 * The one check every edited geometry passes before it is written: the plain rules people trip over (longitude and
 * latitude in range, closed rings, enough distinct points: the domain's shapeProblems), then PostGIS's own validity,
 * then whether it lies in the outline of the region the record is filed under. Run outside the writer's
 * transaction: PostGIS refusing unreadable GeoJSON is an error that would end the transaction.
 */
import { shapeProblems } from '@civdef/domain';
import type { Queryable } from '../db/index.ts';

export interface ShapeRefusal {
  rule: 'lnglat' | 'closed_ring' | 'too_few_points' | 'valid' | 'inside_region';
  zh: string;
  en: string;
}

export interface ShapeChecks {
  /** Where PostGIS judges validity (`postgisProblem`): the caller's transaction when it has one. */
  db: Queryable;
  /** Whether the geometry lies in the record's region (the regions service reads the outlines); null when none is loaded. */
  inRegion(geojson: string): Promise<boolean | null>;
  /** What to say when `inRegion` answers no, when the check is not the whole shape's (a route's start only). */
  outsideText?: { zh: string; en: string };
}

export async function shapeRefusal(geometry: { type: string; coordinates: unknown }, checks: ShapeChecks): Promise<ShapeRefusal | null> {
  const [first] = shapeProblems(geometry);
  if (first) return { rule: first.rule, zh: first.zh, en: first.en };
  const geojson = JSON.stringify(geometry);
  let reason: string | null;
  try {
    reason = await postgisProblem(checks.db, geojson);
  } catch (err) {
    reason = err instanceof Error ? err.message.slice(0, 200) : 'unreadable';
  }
  if (reason) return { rule: 'valid', zh: `不是有效的几何图形（${reason}）`, en: `not a valid geometry (${reason})` };
  if ((await checks.inRegion(geojson)) === false) return { rule: 'inside_region', ...(checks.outsideText ?? { zh: '超出所属区划的边界', en: 'outside the boundary of its region' }) };
  return null;
}

/** PostGIS's reason a GeoJSON geometry is invalid (a bow-tie's self-intersection), null when it is valid. */
export async function postgisProblem(q: Queryable, geojson: string): Promise<string | null> {
  const { rows } = await q.query<{ reason: string | null }>(
    `SELECT CASE WHEN ST_IsValid(g) THEN NULL ELSE ST_IsValidReason(g) END AS reason FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g) x`, [geojson]);
  return rows[0]?.reason ?? null;
}
