/**
 * From stored rows to the engine's allocation problem and back: a local metric projection, the demand points
 * (population cells coarser than the service radius split into finer ones near shelters), shelter capacities by the
 * domain's one rule, and the flows laid onto the full model's arcs so the certificate can be checked. Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import { peopleStaying, shelterPlaces } from '@civdef/domain';
import { GridIndex, type AllocationProblem } from '@civdef/engine';

// Shared with evacuation's assignment, which projects the same way.
import { projector } from '../../lib/allocation-model.ts';

export { projector };

export interface CellInput { regionCode: string; lng: number; lat: number; cellSizeM: number; people: number }
export interface ShelterInput { workId: number | null; code: string; name: string; regionCode: string; lng: number; lat: number; unitAreasM2: readonly number[] }

export interface DemandMeta { regionCode: string; lng: number; lat: number; people: number }
export interface ShelterMeta { workId: number | null; code: string; name: string; regionCode: string; lng: number; lat: number; capacity: number }

export interface BuiltProblem {
  problem: AllocationProblem;
  demand: DemandMeta[];
  shelters: ShelterMeta[];
  /** Population cells read and people living in them (before the 留城比例). */
  cells: number;
  residents: number;
  /** SHA-256 of the solved problem: two runs with the same hash solved the same numbers. */
  sha256: string;
}

export interface BuildOptions {
  maxDistanceM: number;
  detourFactor: number;
  /** Cells coarser than 1.5 × this are split into cells of about this size where a shelter can reach them. */
  demandCellM: number;
  areaPerPersonM2: number;
  stayRatioOf: (regionCode: string) => number;
}

/** Splits `total` into `n` integers differing by at most one, the larger ones first (deterministic). */
function evenSplit(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  let rest = total - base * n;
  return Array.from({ length: n }, () => base + (rest-- > 0 ? 1 : 0));
}

/**
 * Builds the engine problem. A cell is one demand point at its centre unless it is coarser than the demand resolution
 * and some shelter lies within reach of any of its points: then it is split into k × k sub-cells sharing its people
 * evenly (the grid says nothing finer), so a 1 km cell is not all-or-nothing against a 200 m radius. Cells no
 * shelter can reach stay whole: their people are unassigned either way.
 */
export function buildProblem(cells: readonly CellInput[], shelterRows: readonly ShelterInput[], opts: BuildOptions): BuiltProblem {
  const all = [...cells.map((c) => [c.lng, c.lat] as const), ...shelterRows.map((s) => [s.lng, s.lat] as const)];
  const lng0 = all.length ? all.reduce((a, p) => a + p[0], 0) / all.length : 0;
  const lat0 = all.length ? all.reduce((a, p) => a + p[1], 0) / all.length : 0;
  const proj = projector(lng0, lat0);

  const shelters: ShelterMeta[] = shelterRows.map((s) => ({
    workId: s.workId, code: s.code, name: s.name, regionCode: s.regionCode, lng: s.lng, lat: s.lat,
    capacity: s.unitAreasM2.reduce((a, m2) => a + shelterPlaces(m2, opts.areaPerPersonM2), 0),
  }));
  const sx = new Float64Array(shelters.length), sy = new Float64Array(shelters.length), cap = new Float64Array(shelters.length);
  shelters.forEach((s, j) => {
    [sx[j], sy[j]] = proj.toXY(s.lng, s.lat);
    cap[j] = s.capacity;
  });
  const reach = opts.maxDistanceM / opts.detourFactor;
  const grid = new GridIndex(sx, sy, Math.max(reach, 50));

  const demand: DemandMeta[] = [];
  const xs: number[] = [], ys: number[] = [], ps: number[] = [];
  let residents = 0;
  for (const c of cells) {
    residents += c.people;
    const staying = peopleStaying(c.people, opts.stayRatioOf(c.regionCode));
    if (staying === 0) continue;
    const [cx, cy] = proj.toXY(c.lng, c.lat);
    const k = Math.round(c.cellSizeM / opts.demandCellM);
    const split = c.cellSizeM > 1.5 * opts.demandCellM && k > 1 && grid.within(cx, cy, reach + (c.cellSizeM * Math.SQRT2) / 2).length > 0;
    if (!split) {
      demand.push({ regionCode: c.regionCode, lng: c.lng, lat: c.lat, people: staying });
      xs.push(cx); ys.push(cy); ps.push(staying);
      continue;
    }
    const parts = evenSplit(staying, k * k);
    const step = c.cellSizeM / k;
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        const people = parts[a * k + b]!;
        if (people === 0) continue;
        const x = cx - c.cellSizeM / 2 + (a + 0.5) * step;
        const y = cy - c.cellSizeM / 2 + (b + 0.5) * step;
        const [lng, lat] = proj.toLngLat(x, y);
        demand.push({ regionCode: c.regionCode, lng, lat, people });
        xs.push(x); ys.push(y); ps.push(people);
      }
    }
  }
  const problem: AllocationProblem = {
    demand: { x: Float64Array.from(xs), y: Float64Array.from(ys), people: Float64Array.from(ps) },
    shelters: { x: sx, y: sy, capacity: cap },
    maxDistance: opts.maxDistanceM as AllocationProblem['maxDistance'],
    detourFactor: opts.detourFactor,
    // Above any walking cost in reach, so the optimum first places as many people as possible, then walks least.
    unassignedCost: Math.ceil(opts.maxDistanceM) * 10 + 1,
    histogramBinMetres: 25,
  };
  return { problem, demand, shelters, cells: cells.length, residents, sha256: problemHash(problem) };
}

/** SHA-256 over the numbers the engine solves (coordinates, people, capacities, radius, detour, unassigned cost). */
export function problemHash(p: AllocationProblem): string {
  const h = createHash('sha256');
  for (const a of [p.demand.x, p.demand.y, p.demand.people, p.shelters.x, p.shelters.y, p.shelters.capacity]) {
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    h.update('|');
  }
  h.update(JSON.stringify([p.maxDistance, p.detourFactor ?? 1, p.unassignedCost]));
  return h.digest('hex');
}

// Lives beside the worker that checks every run's certificate (planning's and evacuation's); re-exported for this module's test.
export { flowsOnFullModel } from '../../lib/allocation-model.ts';
