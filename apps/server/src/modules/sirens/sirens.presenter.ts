/**
 * Row → API shape. The presenter is the only place that decides which fields of a siren leave the server:
 * it copies the whitelisted fields by name, so a column added to the repository's row stays inside until
 * someone adds it here (and to the schema).
 */
import { featureCollection } from '../../lib/geojson.ts';
import type { SirenMapRow } from './sirens.repository.ts';
import type { SirenMapProperties } from './sirens.schemas.ts';

export function presentSirenMapProperties(row: SirenMapRow): SirenMapProperties {
  return { id: row.id, code: row.code, name: row.name, kind: row.kind, status: row.status, regionCode: row.regionCode };
}

/** The sirens as a GeoJSON FeatureCollection of points, each feature's `id` the siren's id. */
export function presentSirenMap(rows: readonly SirenMapRow[]) {
  return featureCollection(rows.map((row) => ({ id: row.id, geometry: row.geometry, properties: presentSirenMapProperties(row) })));
}
