// Deterministic synthetic cities for the allocation benchmark and tests: clustered population (Gaussian blobs of
// buildings around district centres plus a thin uniform scatter) and shelters placed near people, with the area
// sized so each demand point has ~`shelterInReach` shelters within reach.
import type { AllocationProblem } from '../../src/allocation/types.ts';
import { metres } from '../../src/units.ts';
import { rng } from './random-mcf.ts';

export interface CityOptions {
  demandPoints: number;
  shelters: number;
  shelterInReach?: number;
  maxDistance?: number;
  detourFactor?: number;
  /** Total capacity ÷ total population (below 1 forces unassigned people and competition). */
  capacityRatio?: number;
  unassignedCost?: number;
}

export function syntheticCity(seed: number, o: CityOptions): AllocationProblem {
  const r = rng(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const maxD = o.maxDistance ?? 1200;
  const detour = o.detourFactor ?? 1.2;
  const reach = maxD / detour;
  const inReach = o.shelterInReach ?? 40;
  const side = Math.sqrt((Math.PI * reach * reach * o.shelters) / inReach);
  const clusters = Math.max(3, Math.round(o.demandPoints / 800));
  const cx = Array.from({ length: clusters }, () => r() * side);
  const cy = Array.from({ length: clusters }, () => r() * side);
  const sigma = side / Math.sqrt(clusters) / 2;
  const clamp = (v: number): number => Math.min(side, Math.max(0, v));
  const nD = o.demandPoints;
  const demand = { x: new Float64Array(nD), y: new Float64Array(nD), people: new Float64Array(nD) };
  let people = 0;
  for (let i = 0; i < nD; i++) {
    if (r() < 0.15) {
      demand.x[i] = r() * side;
      demand.y[i] = r() * side;
    } else {
      const c = Math.floor(r() * clusters);
      demand.x[i] = clamp(cx[c]! + gauss() * sigma);
      demand.y[i] = clamp(cy[c]! + gauss() * sigma);
    }
    const p = 5 + Math.floor(r() * r() * 300);
    demand.people[i] = p;
    people += p;
  }
  const nS = o.shelters;
  const shelters = { x: new Float64Array(nS), y: new Float64Array(nS), capacity: new Float64Array(nS) };
  const totalCap = people * (o.capacityRatio ?? 0.95);
  const weights = Array.from({ length: nS }, () => 0.3 + r());
  const wsum = weights.reduce((a, b) => a + b, 0);
  for (let j = 0; j < nS; j++) {
    // Half the shelters sit among people (basements of buildings), half spread evenly (public works).
    if (r() < 0.5) {
      const i = Math.floor(r() * nD);
      shelters.x[j] = clamp(demand.x[i]! + gauss() * 100);
      shelters.y[j] = clamp(demand.y[i]! + gauss() * 100);
    } else {
      shelters.x[j] = r() * side;
      shelters.y[j] = r() * side;
    }
    shelters.capacity[j] = Math.floor((totalCap * weights[j]!) / wsum);
  }
  return { demand, shelters, maxDistance: metres(maxD), detourFactor: detour, unassignedCost: o.unassignedCost ?? 5000 };
}
