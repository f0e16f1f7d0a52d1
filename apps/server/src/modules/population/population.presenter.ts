/** Row → API shape for the population routes: the only field whitelists. */
import { iso } from '../../lib/schemas.ts';
import type { DatasetRow, PopulationPreview } from './population.imports.ts';

export function presentDataset(d: DatasetRow) {
  return {
    id: d.id, regionCode: d.regionCode, fileName: d.fileName, format: d.format, sha256: d.sha256, cells: d.cells, people: d.people,
    replaced: d.replaced, createdByName: d.createdByName, createdAt: iso(d.createdAt)!,
  };
}

export function presentPreview(p: PopulationPreview) {
  return {
    fileName: p.fileName, format: p.format, sha256: p.sha256, areaCode: p.areaCode, records: p.records, gridCells: p.gridCells,
    buildings: p.buildings, people: p.people, replaces: p.replaces,
    byRegion: p.byRegion.map((r) => ({ regionCode: r.regionCode, name: r.name, records: r.records, people: r.people })),
    errorCount: p.errorCount, errors: p.errors.map((e) => ({ at: e.at, zh: e.zh, en: e.en })),
  };
}
