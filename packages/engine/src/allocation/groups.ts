/**
 * Groups after the optimum: split groups are counted and, with `keepGroupsTogether`, moved whole into one shelter.
 */

import type { Prepared } from './prepare.ts';
import type { AllocationProblem } from './types.ts';
import { reachCost } from './walking-cost.ts';

/**
 * Groups are not constrained inside the flow model (keeping a group in one shelter makes the problem an NP-hard
 * unsplittable flow). The optimum is computed first; then split groups are counted and, with `keepGroupsTogether`,
 * each split group (in ascending group order) is moved whole to the shelter that can take all its assigned people
 * within reach at the least extra walking cost, if one exists. `optimalCost` stays the exact optimum, so the price of
 * keeping groups together is visible as `cost − optimalCost`.
 *
 * @example
 * const groups = { total: 0, split: 0, repaired: 0 };
 * flows = handleGroups(problem, prep, flows, groups); // groups.split, groups.repaired filled in
 */
export function handleGroups(p: AllocationProblem, prep: Prepared, flows: [number, number, number][], stats: { total: number; split: number; repaired: number }): [number, number, number][] {
  const group = p.demand.group!;
  const byGroup = new Map<number, number[]>();
  flows.forEach((f, k) => {
    const g = group[f[0]]!;
    if (g < 0) return;
    const list = byGroup.get(g);
    if (list) list.push(k);
    else byGroup.set(g, [k]);
  });
  const groupIds = new Set<number>();
  for (let i = 0; i < group.length; i++) if (group[i]! >= 0) groupIds.add(group[i]!);
  stats.total = groupIds.size;
  const used = new Float64Array(prep.nS);
  for (const [, j, f] of flows) used[j] = used[j]! + f;
  const out = flows.map((f) => [...f] as [number, number, number]);
  for (const g of [...byGroup.keys()].sort((a, b) => a - b)) {
    const ks = byGroup.get(g)!;
    const shelters = new Set(ks.map((k) => out[k]![1]));
    if (shelters.size <= 1) continue;
    stats.split++;
    if (!p.keepGroupsTogether) continue;
    const members = ks.map((k) => out[k]!);
    const people = members.reduce((s, f) => s + f[2], 0);
    let best = -1, bestCost = Infinity;
    for (let j = 0; j < prep.nS; j++) {
      const own = members.reduce((s, f) => s + (f[1] === j ? f[2] : 0), 0);
      if (prep.effCap[j]! - used[j]! + own < people) continue;
      let c = 0;
      let ok = true;
      for (const [i, , f] of members) {
        const w = reachCost(p, prep, i, j);
        if (w < 0) {
          ok = false;
          break;
        }
        c += w * f;
      }
      if (ok && (c < bestCost || (c === bestCost && j < best))) {
        bestCost = c;
        best = j;
      }
    }
    if (best < 0) continue;
    for (const k of ks) {
      const f = out[k]!;
      used[f[1]] = used[f[1]]! - f[2];
      f[1] = best;
      used[best] = used[best]! + f[2];
    }
    stats.repaired++;
  }
  // Re-merge rows that now share (demand, shelter).
  const merged = new Map<number, number>();
  out.forEach(([i, j, f]) => {
    const key = i * prep.nS + j;
    merged.set(key, (merged.get(key) ?? 0) + f);
  });
  return [...merged.entries()].sort((a, b) => a[0] - b[0]).map(([k, f]) => [Math.floor(k / prep.nS), k % prep.nS, f]);
}
