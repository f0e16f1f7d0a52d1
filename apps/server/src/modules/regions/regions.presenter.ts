/** Row → API shape for jurisdictions: the fields each response carries, by name. */
import { featureCollection } from '../../lib/geojson.ts';
import type { RegionRow } from './regions.repository.ts';

export function presentRegion(r: RegionRow) {
  return { code: r.code, name: r.name, parentCode: r.parentCode, level: r.level, centroid: r.centroid };
}

export function presentBoundaries(rows: ReadonlyArray<{ code: string; name: string; geometry: string }>) {
  return featureCollection(rows.map((r) => ({ id: r.code, geometry: r.geometry, properties: { code: r.code, name: r.name } })));
}
