/**
 * Synthetic population grid: 1 km cells (centres inside a county outline) carrying the 2020 census total of
 * 7,726,635 exactly. County totals follow approximate shares (counties.ts); each county's people are split
 * between its towns by their counts of urban communities and villages (NBS list), and each town's people over
 * its cells (nearest-town assignment) with a peak at the town's point, so the 崇川 core and the county seats
 * come out dense and the countryside sparse. Integer splits use largest remainders, so totals are exact.
 */
import { boundariesShared } from './boundaries.ts';
import { CENSUS_2020_POPULATION, NANTONG_COUNTIES } from './counties.ts';
import { METRES_PER_DEGREE_LAT, METRES_PER_DEGREE_LNG, bboxOf, distanceM, pointInGeometry, round6, type LngLat } from './geo.ts';
import type { Rng } from './prng.ts';
import { regionsShared, type DemoRegion } from './regions.ts';

export interface PopulationCell {
  /** Town code (9 digits) the cell belongs to. */
  code: string;
  countyCode: string;
  lng: number;
  lat: number;
  people: number;
}

export interface PopulationGrid {
  cellSizeM: number;
  crs: 'EPSG:4326';
  cells: PopulationCell[];
}

/** People per 居委会 and per 村委会 used to weight towns (orders of magnitude for Jiangsu, not statistics). */
const PEOPLE_PER_COMMUNITY = 4_000;
const PEOPLE_PER_VILLAGE = 1_800;
const PEOPLE_PER_UNIT_BASE = 300;

/** Splits `total` into integers proportional to `weights`, summing exactly to `total` (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (!(sum > 0)) {
    const out = weights.map(() => 0);
    out[0] = total;
    return out;
  }
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let rest = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) {
    const i = (order[k] as readonly [number, number])[1];
    out[i] = (out[i] ?? 0) + 1;
  }
  return out;
}

interface RawCell {
  countyCode: string;
  lng: number;
  lat: number;
}

let gridCache: Map<number, RawCell[]> | undefined;

/** Cell centres inside the county outlines (first county in code order wins on the rare overlaps). */
export function gridCells(cellSizeM: number): RawCell[] {
  gridCache ??= new Map();
  const cached = gridCache.get(cellSizeM);
  if (cached) return cached;
  const features = boundariesShared().features.map((f) => ({ code: f.properties.code, geometry: f.geometry, bbox: bboxOf(f.geometry) }));
  const minX = Math.min(...features.map((f) => f.bbox[0]));
  const minY = Math.min(...features.map((f) => f.bbox[1]));
  const maxX = Math.max(...features.map((f) => f.bbox[2]));
  const maxY = Math.max(...features.map((f) => f.bbox[3]));
  const dx = cellSizeM / METRES_PER_DEGREE_LNG;
  const dy = cellSizeM / METRES_PER_DEGREE_LAT;
  const cells: RawCell[] = [];
  const rows = Math.ceil((maxY - minY) / dy);
  const cols = Math.ceil((maxX - minX) / dx);
  for (let r = 0; r < rows; r++) {
    const lat = round6(minY + (r + 0.5) * dy);
    for (let c = 0; c < cols; c++) {
      const lng = round6(minX + (c + 0.5) * dx);
      for (const f of features) {
        if (lng < f.bbox[0] || lng > f.bbox[2] || lat < f.bbox[1] || lat > f.bbox[3]) continue;
        if (pointInGeometry([lng, lat], f.geometry)) {
          cells.push({ countyCode: f.code, lng, lat });
          break;
        }
      }
    }
  }
  gridCache.set(cellSizeM, cells);
  return cells;
}

/** Assigns cells to towns: each town first claims the free cell nearest its point, then nearest-town wins. */
function assignTowns(cells: RawCell[], towns: readonly DemoRegion[]): Map<string, number[]> {
  const byTown = new Map<string, number[]>(towns.map((t) => [t.code, []]));
  const claimed = new Set<number>();
  for (const t of towns) {
    let best = -1;
    let bestD = Infinity;
    cells.forEach((c, i) => {
      if (claimed.has(i)) return;
      const d = distanceM([c.lng, c.lat], t.centroid);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    });
    if (best >= 0) {
      claimed.add(best);
      byTown.get(t.code)?.push(best);
    }
  }
  cells.forEach((c, i) => {
    if (claimed.has(i)) return;
    let best: DemoRegion | undefined;
    let bestD = Infinity;
    for (const t of towns) {
      const d = distanceM([c.lng, c.lat], t.centroid);
      if (d < bestD) {
        bestD = d;
        best = t;
      }
    }
    if (best) byTown.get(best.code)?.push(i);
  });
  return byTown;
}

export function generatePopulation(rng: Rng, cellSizeM = 1_000, total = CENSUS_2020_POPULATION): PopulationGrid {
  const cells = gridCells(cellSizeM);
  const regions = regionsShared();
  const people = new Float64Array(cells.length);
  const townOf: string[] = new Array<string>(cells.length).fill('');
  const countyTotals = apportion(
    total,
    NANTONG_COUNTIES.map((c) => c.populationShare),
  );
  NANTONG_COUNTIES.forEach((county, ci) => {
    const towns = regions.filter((r) => r.level === 'town' && r.parentCode === county.code);
    const countyCells = cells.map((c, i) => (c.countyCode === county.code ? i : -1)).filter((i) => i >= 0);
    const local = countyCells.map((i) => cells[i] as RawCell);
    const byTown = assignTowns(local, towns);
    const townTotals = apportion(
      countyTotals[ci] ?? 0,
      towns.map((t) => (t.communities ?? 0) * PEOPLE_PER_COMMUNITY + (t.villages ?? 0) * PEOPLE_PER_VILLAGE + PEOPLE_PER_UNIT_BASE),
    );
    towns.forEach((t, ti) => {
      const idx = byTown.get(t.code) ?? [];
      if (idx.length === 0) throw new Error(`town ${t.code} has no cell`);
      const urbanShare = (t.communities ?? 0) / Math.max(1, (t.communities ?? 0) + (t.villages ?? 0));
      const sigma = t.urban ? 1_300 : 1_800 + 1_200 * (1 - urbanShare);
      const floor = t.urban ? 0.04 : 0.12;
      const centre: LngLat = t.centroid;
      const weights = idx.map((li) => {
        const c = local[li] as RawCell;
        const d = distanceM([c.lng, c.lat], centre);
        return (Math.exp(-(d * d) / (2 * sigma * sigma)) + floor) * Math.exp(0.3 * rng.normal());
      });
      const split = apportion(townTotals[ti] ?? 0, weights);
      idx.forEach((li, k) => {
        const gi = countyCells[li] as number;
        people[gi] = split[k] ?? 0;
        townOf[gi] = t.code;
      });
    });
  });
  return {
    cellSizeM,
    crs: 'EPSG:4326',
    cells: cells.map((c, i) => ({ code: townOf[i] as string, countyCode: c.countyCode, lng: c.lng, lat: c.lat, people: people[i] ?? 0 })),
  };
}
