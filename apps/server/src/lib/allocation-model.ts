import type { McfProblem } from '@civdef/engine';

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
