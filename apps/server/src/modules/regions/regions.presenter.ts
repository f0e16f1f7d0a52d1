/** Row → API shape for jurisdictions: the fields each response carries, by name. */
import { featureCollection } from '../../lib/geojson.ts';
import type { RegionRow } from './regions.repository.ts';
import type { TownOutlinePreview } from './regions.service.ts';

export function presentRegion(r: RegionRow) {
  return { code: r.code, name: r.name, parentCode: r.parentCode, level: r.level, centroid: r.centroid };
}

export function presentBoundaries(rows: ReadonlyArray<{ code: string; name: string; geometry: string }>) {
  return featureCollection(rows.map((r) => ({ id: r.code, geometry: r.geometry, properties: { code: r.code, name: r.name } })));
}

export function presentTownOutlinePreview(p: TownOutlinePreview) {
  return {
    preview: p.preview, sha256: p.sha256, features: p.features,
    towns: p.towns.map((t) => ({ index: t.index, code: t.code, name: t.name, countyCode: t.countyCode, replaces: t.replaces, outsidePercent: t.outsidePercent })),
    unknown: p.unknown.map((u) => ({ index: u.index, code: u.code, name: u.name })),
    errorCount: p.errorCount, errors: p.errors.map((e) => ({ at: e.at, zh: e.zh, en: e.en })),
  };
}
