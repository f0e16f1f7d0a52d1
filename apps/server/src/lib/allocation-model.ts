/** Pieces of an allocation model shared by the modules that solve one (planning, evacuation) and the worker. */
import type { McfProblem } from '@civdef/engine';

const EARTH_RADIUS_M = 6_371_008.8;

/**
 * A local equirectangular projection around (lng0, lat0): metres east and north. Over a city (±60 km) its scale
 * error stays under 0.1 % on the 200–300 m distances that matter here, well inside the detour factor's uncertainty.
 */
export function projector(lng0: number, lat0: number) {
  const kx = (Math.PI / 180) * EARTH_RADIUS_M * Math.cos((lat0 * Math.PI) / 180);
  const ky = (Math.PI / 180) * EARTH_RADIUS_M;
  return {
    toXY: (lng: number, lat: number): [number, number] => [(lng - lng0) * kx, (lat - lat0) * ky],
    toLngLat: (x: number, y: number): [number, number] => [lng0 + x / kx, lat0 + y / ky],
  };
}

/**
 * The allocation's flows laid onto the arcs of the full model (`allocationToMcf`: shelter → sink, demand → sink,
 * then demand → shelter), so `checkMcfCertificate` can check them against the result's potentials.
 */
export function flowsOnFullModel(mcf: McfProblem, nD: number, nS: number, flows: readonly (readonly [number, number, number])[], unassignedPerDemand: ArrayLike<number>): Float64Array {
  const byPair = new Map<number, number>();
  const load = new Float64Array(nS);
  for (const [i, j, f] of flows) {
    byPair.set(i * nS + j, f);
    load[j] = load[j]! + f;
  }
  const out = new Float64Array(mcf.source.length);
  for (let e = 0; e < out.length; e++) {
    const u = mcf.source[e]!, v = mcf.target[e]!;
    if (v === nD + nS) out[e] = u < nD ? unassignedPerDemand[u]! : load[u - nD]!;
    else out[e] = byPair.get(u * nS + (v - nD)) ?? 0;
  }
  return out;
}
