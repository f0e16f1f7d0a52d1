/**
 * From stored rows to the engine's allocation problems of an evacuation and back. Pure: no I/O.
 * - Demand: each population cell's evacuees — its residents × the share of the nearest area plan above it (a town's
 *   own plan, else its county's), the domain's `evacuees`. Cells without a plan send nobody.
 * - Stage `assembly`: evacuees walk to assembly points (集结点) within the walking radius.
 * - Stage `base`: the same evacuees are taken to bases and evacuation areas (疏散基地/地域) within the road radius.
 * Capacities are the domain's `usableCapacity` (a limited place half, a closed one none). The optimum first places as
 * many people as possible, then moves them the least (the engine's exact allocation; its certificate is checked).
 */
import { evacuees, parentRegion, usableCapacity, type EvacState } from '@civdef/domain';
import type { AllocationProblem } from '@civdef/engine';
import { projector } from '../../lib/allocation-model.ts';

export interface EvacCell { regionCode: string; lng: number; lat: number; people: number }
export interface EvacPlace { id: number; kind: 'base' | 'area' | 'assembly'; name: string; lng: number; lat: number; capacity: number; state: EvacState }
export interface Stage { problem: AllocationProblem; places: EvacPlace[] }
export interface EvacModel {
  demand: Array<{ regionCode: string; lng: number; lat: number; people: number }>;
  assembly: Stage;
  base: Stage;
  residents: number;
  evacuees: number;
}

/** The share of the plan nearest above `regionCode` (itself, its county, its city), or 0. */
export function shareFor(regionCode: string, shares: ReadonlyMap<string, number>): number {
  for (let c: string | null = regionCode; c !== null; c = parentRegion(c)) {
    const s = shares.get(c);
    if (s !== undefined) return s;
  }
  return 0;
}

export function buildEvacuation(cells: readonly EvacCell[], places: readonly EvacPlace[], shares: ReadonlyMap<string, number>, opts: { walkRadiusM: number; roadRadiusM: number; detourFactor: number }): EvacModel {
  const pts = [...cells.map((c) => [c.lng, c.lat] as const), ...places.map((p) => [p.lng, p.lat] as const)];
  const lng0 = pts.length ? pts.reduce((a, p) => a + p[0], 0) / pts.length : 0;
  const lat0 = pts.length ? pts.reduce((a, p) => a + p[1], 0) / pts.length : 0;
  const proj = projector(lng0, lat0);
  let residents = 0, total = 0;
  const demand: EvacModel['demand'] = [];
  for (const c of cells) {
    residents += c.people;
    const n = evacuees(c.people, shareFor(c.regionCode, shares));
    if (n > 0) { demand.push({ regionCode: c.regionCode, lng: c.lng, lat: c.lat, people: n }); total += n; }
  }
  const dx = new Float64Array(demand.length), dy = new Float64Array(demand.length), dp = new Float64Array(demand.length);
  demand.forEach((d, i) => { [dx[i], dy[i]] = proj.toXY(d.lng, d.lat); dp[i] = d.people; });
  const stage = (kinds: ReadonlySet<string>, radius: number): Stage => {
    const ps = places.filter((p) => kinds.has(p.kind) && usableCapacity(p.capacity, p.state) > 0);
    const sx = new Float64Array(ps.length), sy = new Float64Array(ps.length), sc = new Float64Array(ps.length);
    ps.forEach((p, j) => { [sx[j], sy[j]] = proj.toXY(p.lng, p.lat); sc[j] = usableCapacity(p.capacity, p.state); });
    return {
      places: ps,
      problem: {
        demand: { x: dx, y: dy, people: dp }, shelters: { x: sx, y: sy, capacity: sc },
        maxDistance: radius as AllocationProblem['maxDistance'], detourFactor: opts.detourFactor,
        // Above any travel cost in reach: place as many people as possible first, then move them least.
        unassignedCost: Math.ceil(radius) * 10 + 1, histogramBinMetres: Math.max(25, Math.round(radius / 40)),
      },
    };
  };
  return {
    demand, residents, evacuees: total,
    assembly: stage(new Set(['assembly']), opts.walkRadiusM),
    base: stage(new Set(['base', 'area']), opts.roadRadiusM),
  };
}

export interface AreaFlow { regionCode: string; placeId: number | null; placeName: string | null; people: number; metres: number | null; from: [number, number]; to: [number, number] | null }

/**
 * The solver's flows summed per (area, place), each drawn from the people-weighted centre of the area's demand to
 * the place; people of an area left without a place get one row with no place.
 */
export function flowsByArea(model: EvacModel, stage: Stage, flows: ReadonlyArray<readonly [number, number, number]>, metres: readonly number[], unassigned: ArrayLike<number>): AreaFlow[] {
  const centre = new Map<string, { w: number; x: number; y: number }>();
  for (const d of model.demand) {
    const c = centre.get(d.regionCode) ?? { w: 0, x: 0, y: 0 };
    c.w += d.people; c.x += d.lng * d.people; c.y += d.lat * d.people;
    centre.set(d.regionCode, c);
  }
  const from = (rc: string): [number, number] => {
    const c = centre.get(rc)!;
    return [Math.round((c.x / c.w) * 1e6) / 1e6, Math.round((c.y / c.w) * 1e6) / 1e6];
  };
  const acc = new Map<string, { regionCode: string; place: EvacPlace | null; people: number; pm: number }>();
  flows.forEach(([i, j, f], k) => {
    const rc = model.demand[i]!.regionCode, place = stage.places[j]!;
    const key = `${rc}|${place.id}`;
    const a = acc.get(key) ?? { regionCode: rc, place, people: 0, pm: 0 };
    a.people += f; a.pm += f * (metres[k] ?? 0);
    acc.set(key, a);
  });
  model.demand.forEach((d, i) => {
    const u = unassigned[i] ?? 0;
    if (u <= 0) return;
    const key = `${d.regionCode}|-`;
    const a = acc.get(key) ?? { regionCode: d.regionCode, place: null, people: 0, pm: 0 };
    a.people += u;
    acc.set(key, a);
  });
  return [...acc.values()].filter((a) => a.people > 0).map((a) => ({
    regionCode: a.regionCode, placeId: a.place?.id ?? null, placeName: a.place?.name ?? null, people: Math.round(a.people),
    metres: a.place ? Math.round(a.pm / a.people) : null, from: from(a.regionCode), to: a.place ? [a.place.lng, a.place.lat] : null,
  }));
}
