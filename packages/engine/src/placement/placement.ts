/**
 * Siren placement as weighted maximum coverage / partial set cover. With the max-level model a cell is covered when
 * at least one siren alone covers it, so coverage is a set union and the classic greedy applies: lazy greedy (CELF,
 * Leskovec et al. 2007) gives a (1 − 1/e) guarantee for best-k and the ln-n guarantee for target coverage. The exact
 * optimum for small instances comes from a MIP solved by HiGHS, after merging cells with identical candidate sets.
 */

import { EngineError } from '../errors.ts';
import { rasteriseMaxLevel, type Sirens } from '../coverage/coverage.ts';
import { checkGrid, type RasterGrid } from '../coverage/raster-grid.ts';
import type { SoundModel } from '../coverage/sound.ts';

/** A placement instance: which candidate covers which still-uncovered cell, with a weight per cell. */
export interface PlacementInstance {
  candidateCount: number;
  /** CSR: cells covered by candidate c are `cells[start[c] .. start[c+1])` (indices into `weight`). */
  start: Int32Array;
  cells: Int32Array;
  /** Weight per element (population or area); only cells not already covered by existing sirens appear. */
  weight: Float64Array;
  /** Weight already covered by existing sirens, and the total weight of the raster. */
  coveredWeight: number;
  totalWeight: number;
}

/** Goal: the best `k` sites, or the fewest sites reaching `targetFraction` of the total weight. */
export type PlacementGoal = { k: number } | { targetFraction: number };

/** Result of a placement. */
export interface PlacementResult {
  chosen: number[];
  /** Covered fraction of the total weight, existing sirens included. */
  coverage: number;
  reachedTarget: boolean;
  evaluations: number;
}

/**
 * Builds the instance: cells covered by existing sirens are removed; for each candidate the cells where it alone
 * reaches the threshold (absolute, default 70 dB) are listed. `weight` defaults to 1 per cell (coverage by area).
 *
 * @example
 * const inst = buildPlacementInstance(grid, existing, candidates, { thresholdDb: 70 });
 */
export function buildPlacementInstance(grid: RasterGrid, existing: Sirens, candidates: Sirens, opts: { thresholdDb?: number; model?: SoundModel; weight?: Float32Array } = {}): PlacementInstance {
  checkGrid(grid);
  const t = opts.thresholdDb ?? 70;
  const nCells = grid.cols * grid.rows;
  if (opts.weight && opts.weight.length !== nCells) throw new EngineError('ENGINE_PLACEMENT_BAD_INPUT', 'weight', `must have ${nCells} cells`);
  const w = (i: number): number => (opts.weight ? opts.weight[i]! : 1);
  const level = new Float32Array(nCells).fill(-Infinity);
  rasteriseMaxLevel(grid, existing, opts.model ?? {}, t, level);
  const element = new Int32Array(nCells).fill(-1);
  const weights: number[] = [];
  let covered = 0, total = 0;
  for (let i = 0; i < nCells; i++) {
    total += w(i);
    if (level[i]! >= t) covered += w(i);
    else if (w(i) > 0) {
      element[i] = weights.length;
      weights.push(w(i));
    }
  }
  const nC = candidates.x.length;
  const start = new Int32Array(nC + 1);
  const cells: number[] = [];
  const one = new Float32Array(nCells);
  for (let c = 0; c < nC; c++) {
    one.fill(-Infinity);
    const single: Sirens = { x: candidates.x.subarray(c, c + 1), y: candidates.y.subarray(c, c + 1), levelDb: candidates.levelDb.subarray(c, c + 1), ...(candidates.referenceDistance ? { referenceDistance: candidates.referenceDistance.subarray(c, c + 1) } : {}) };
    rasteriseMaxLevel(grid, single, opts.model ?? {}, t, one);
    for (let i = 0; i < nCells; i++) if (one[i]! >= t && element[i]! >= 0) cells.push(element[i]!);
    start[c + 1] = cells.length;
  }
  return { candidateCount: nC, start, cells: Int32Array.from(cells), weight: Float64Array.from(weights), coveredWeight: covered, totalWeight: total };
}

/**
 * Lazy greedy (CELF): keeps candidates in a max-heap of stale gains and re-evaluates only the top one; a gain never
 * grows as more sites are chosen (submodularity), so a re-evaluated top that stays on top is the true best. Ties go to
 * the lower candidate index, so results are deterministic.
 *
 * @example
 * greedyPlacement(inst, { k: 5 }).chosen; // five candidate indices, best first
 */
export function greedyPlacement(inst: PlacementInstance, goal: PlacementGoal): PlacementResult {
  const nC = inst.candidateCount;
  const isCovered = new Uint8Array(inst.weight.length);
  const gainOf = (c: number): number => {
    let g = 0;
    for (let k = inst.start[c]!; k < inst.start[c + 1]!; k++) {
      const e = inst.cells[k]!;
      if (!isCovered[e]) g += inst.weight[e]!;
    }
    return g;
  };
  // Binary max-heap on (gain desc, index asc).
  const heap: number[] = [];
  const gain = new Float64Array(nC);
  const round = new Int32Array(nC).fill(-1);
  const better = (a: number, b: number): boolean => gain[a]! > gain[b]! || (gain[a] === gain[b] && a < b);
  const push = (c: number): void => {
    heap.push(c);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!better(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let b = i;
        if (l < heap.length && better(heap[l]!, heap[b]!)) b = l;
        if (r < heap.length && better(heap[r]!, heap[b]!)) b = r;
        if (b === i) break;
        [heap[i], heap[b]] = [heap[b]!, heap[i]!];
        i = b;
      }
    }
    return top;
  };
  let evaluations = 0;
  for (let c = 0; c < nC; c++) {
    gain[c] = gainOf(c);
    round[c] = 0;
    evaluations++;
    push(c);
  }
  const chosen: number[] = [];
  let coveredW = inst.coveredWeight;
  const target = 'targetFraction' in goal ? goal.targetFraction * inst.totalWeight : Infinity;
  const limit = 'k' in goal ? goal.k : nC;
  while (chosen.length < limit && coveredW < target - 1e-9 && heap.length > 0) {
    const c = pop();
    if (round[c] !== chosen.length) {
      gain[c] = gainOf(c);
      round[c] = chosen.length;
      evaluations++;
      push(c);
      continue;
    }
    if (gain[c]! <= 0) break;
    chosen.push(c);
    coveredW += gain[c]!;
    for (let k = inst.start[c]!; k < inst.start[c + 1]!; k++) isCovered[inst.cells[k]!] = 1;
  }
  const coverage = inst.totalWeight > 0 ? coveredW / inst.totalWeight : 1;
  return { chosen, coverage, reachedTarget: coveredW >= target - 1e-9 || !('targetFraction' in goal), evaluations };
}

/** Writes the exact placement MIP in CPLEX LP format, merging elements with identical candidate sets. */
export function placementLp(inst: PlacementInstance, goal: PlacementGoal): string {
  const nE = inst.weight.length;
  const byElem: number[][] = Array.from({ length: nE }, () => []);
  for (let c = 0; c < inst.candidateCount; c++) for (let k = inst.start[c]!; k < inst.start[c + 1]!; k++) byElem[inst.cells[k]!]!.push(c);
  const groups = new Map<string, { cands: number[]; w: number }>();
  for (let e = 0; e < nE; e++) {
    const cands = byElem[e]!;
    if (cands.length === 0) continue;
    const key = cands.join(',');
    const g = groups.get(key);
    if (g) g.w += inst.weight[e]!;
    else groups.set(key, { cands, w: inst.weight[e]! });
  }
  const gs = [...groups.values()];
  const xs = Array.from({ length: inst.candidateCount }, (_, c) => `x${c}`);
  const cover = gs.map((g, i) => `${g.w} y${i}`).join(' + ') || '0 x0';
  const lines: string[] = [];
  if ('k' in goal) {
    lines.push('Maximize', ` obj: ${cover}`, 'Subject To', ` budget: ${xs.join(' + ')} <= ${goal.k}`);
  } else {
    const need = goal.targetFraction * inst.totalWeight - inst.coveredWeight;
    lines.push('Minimize', ` obj: ${xs.join(' + ')}`, 'Subject To', ` target: ${cover} >= ${Math.max(0, need)}`);
  }
  gs.forEach((g, i) => lines.push(` c${i}: y${i} - ${g.cands.map((c) => `x${c}`).join(' - ')} <= 0`));
  lines.push('Bounds', ...gs.map((_, i) => ` 0 <= y${i} <= 1`), 'Binary', ` ${xs.join(' ')}`, 'End');
  return lines.join('\n');
}

/** The subset of the `highs` module this package uses (kept structural so the engine has no hard dependency). */
export interface HighsLike {
  solve(lp: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal: number }> };
}

/**
 * Solves the placement exactly with HiGHS (pass the loaded module: `await (await import('highs')).default()`).
 * Exponential in the worst case: use it on small instances to measure the greedy's gap.
 *
 * @example
 * const highs = await (await import('highs')).default();
 * exactPlacement(inst, { k: 3 }, highs).coverage;
 */
export function exactPlacement(inst: PlacementInstance, goal: PlacementGoal, highs: HighsLike, timeLimitSeconds = 60): PlacementResult & { optimal: boolean } {
  const sol = highs.solve(placementLp(inst, goal), { time_limit: timeLimitSeconds, mip_rel_gap: 0, output_flag: false });
  const chosen: number[] = [];
  for (let c = 0; c < inst.candidateCount; c++) if ((sol.Columns[`x${c}`]?.Primal ?? 0) > 0.5) chosen.push(c);
  // Recompute the covered weight from the chosen set rather than trusting the y relaxation.
  const hit = new Uint8Array(inst.weight.length);
  let w = inst.coveredWeight;
  for (const c of chosen) for (let k = inst.start[c]!; k < inst.start[c + 1]!; k++) if (!hit[inst.cells[k]!]) { hit[inst.cells[k]!] = 1; w += inst.weight[inst.cells[k]!]!; }
  const coverage = inst.totalWeight > 0 ? w / inst.totalWeight : 1;
  const target = 'targetFraction' in goal ? goal.targetFraction * inst.totalWeight : -Infinity;
  return { chosen, coverage, reachedTarget: w >= target - 1e-9, evaluations: 0, optimal: sol.Status === 'Optimal' };
}

/**
 * Default work budget of the local search, in cell visits (≈ 0.1–0.3 s of one core): enough for the bench instances
 * to reach their optimum many times over, and a hard bound on a city-size instance, where each round reads the whole
 * instance.
 */
const DEFAULT_WORK_CELLS = 50_000_000;

/** Cells → candidates covering them (the transpose of the instance's CSR). */
function coveringCandidates(inst: PlacementInstance): { start: Int32Array; cand: Int32Array } {
  const nE = inst.weight.length;
  const start = new Int32Array(nE + 1);
  for (let k = 0; k < inst.cells.length; k++) start[inst.cells[k]! + 1]!++;
  for (let e = 0; e < nE; e++) start[e + 1] = start[e + 1]! + start[e]!;
  const fill = start.slice(0, nE);
  const cand = new Int32Array(inst.cells.length);
  for (let c = 0; c < inst.candidateCount; c++) for (let k = inst.start[c]!; k < inst.start[c + 1]!; k++) cand[fill[inst.cells[k]!]!++] = c;
  return { start, cand };
}

/**
 * Best-improvement 1-swap local search on a set of `chosen` sites: replaces one chosen site by one unchosen candidate
 * while that raises the covered weight, until no swap does (or the budget is spent). One round costs one pass over the
 * instance: the gain of adding c' after dropping c is gain(c') + (weight that only c covers and c' also covers), and
 * that overlap is summed from the cells only c covers, through the cell → candidate index. Returns the new set and
 * how many swaps were made; the covered weight never decreases.
 */
function swapSearch(inst: PlacementInstance, chosen: number[], index: { start: Int32Array; cand: Int32Array }, budget: { cells: number }, forbidden = -1): { chosen: number[]; swaps: number; coveredWeight: number } {
  const nC = inst.candidateCount;
  const { start, cells, weight } = inst;
  const count = new Int32Array(weight.length);
  const isChosen = new Uint8Array(nC);
  const set = [...chosen];
  for (const c of set) {
    isChosen[c] = 1;
    for (let k = start[c]!; k < start[c + 1]!; k++) count[cells[k]!]!++;
  }
  // A forbidden candidate is treated as chosen (never swapped in) without covering anything.
  if (forbidden >= 0) isChosen[forbidden] = 1;
  const gain = new Float64Array(nC), overlap = new Float64Array(nC);
  const touched: number[] = [];
  let swaps = 0;
  // A swap must gain more than rounding noise on the weights, so the search cannot cycle.
  const tol = 1e-9 * Math.max(1, inst.totalWeight);
  while (budget.cells > 0) {
    // One round reads the instance about twice (gains, then the overlaps of the cells only one site covers).
    budget.cells -= 2 * cells.length;
    for (let c = 0; c < nC; c++) {
      let g = 0;
      if (!isChosen[c]) for (let k = start[c]!; k < start[c + 1]!; k++) if (count[cells[k]!] === 0) g += weight[cells[k]!]!;
      gain[c] = g;
    }
    let bestDelta = tol, bestOut = -1, bestIn = -1;
    for (let s = 0; s < set.length; s++) {
      const out = set[s]!;
      let loss = 0;
      for (let k = start[out]!; k < start[out + 1]!; k++) {
        const e = cells[k]!;
        if (count[e] !== 1) continue;
        loss += weight[e]!;
        for (let t = index.start[e]!; t < index.start[e + 1]!; t++) {
          const c2 = index.cand[t]!;
          if (isChosen[c2]) continue;
          if (overlap[c2] === 0) touched.push(c2);
          overlap[c2] = overlap[c2]! + weight[e]!;
        }
      }
      for (let c2 = 0; c2 < nC; c2++) {
        if (isChosen[c2]) continue;
        const delta = gain[c2]! + overlap[c2]! - loss;
        // Ties: the lower candidate index, so results are deterministic.
        if (delta > bestDelta) {
          bestDelta = delta;
          bestOut = s;
          bestIn = c2;
        }
      }
      for (const c2 of touched) overlap[c2] = 0;
      touched.length = 0;
    }
    if (bestIn < 0) break;
    const out = set[bestOut]!;
    for (let k = start[out]!; k < start[out + 1]!; k++) count[cells[k]!]!--;
    for (let k = start[bestIn]!; k < start[bestIn + 1]!; k++) count[cells[k]!]!++;
    isChosen[out] = 0;
    isChosen[bestIn] = 1;
    set[bestOut] = bestIn;
    swaps++;
  }
  let covered = inst.coveredWeight;
  for (let e = 0; e < weight.length; e++) if (count[e]! > 0) covered += weight[e]!;
  return { chosen: set, swaps, coveredWeight: covered };
}

/**
 * Swap search, then kicks out of its local optimum: for each chosen site in turn, forbid it, put the best remaining
 * candidate in its place, swap-search from there (the site still forbidden, then free again), and keep the result
 * when it covers more. Stops when a full round of kicks finds nothing better or the work budget (cell visits) is spent.
 */
function improve(inst: PlacementInstance, chosen: number[], index: { start: Int32Array; cand: Int32Array }, budget: { cells: number }): { chosen: number[]; swaps: number; coveredWeight: number } {
  let best = swapSearch(inst, chosen, index, budget);
  let swaps = best.swaps;
  const tol = 1e-9 * Math.max(1, inst.totalWeight);
  const nC = inst.candidateCount;
  for (let improved = true; improved && budget.cells > 0; ) {
    improved = false;
    for (let s = 0; s < best.chosen.length && budget.cells > 0; s++) {
      const out = best.chosen[s]!;
      const rest = best.chosen.filter((_, t) => t !== s);
      const covered = new Uint8Array(inst.weight.length);
      for (const c of rest) for (let k = inst.start[c]!; k < inst.start[c + 1]!; k++) covered[inst.cells[k]!] = 1;
      const inSet = new Uint8Array(nC);
      for (const c of best.chosen) inSet[c] = 1;
      budget.cells -= inst.cells.length;
      let kick = -1, kickGain = -1;
      for (let c = 0; c < nC; c++) {
        if (inSet[c]) continue;
        let g = 0;
        for (let k = inst.start[c]!; k < inst.start[c + 1]!; k++) if (!covered[inst.cells[k]!]) g += inst.weight[inst.cells[k]!]!;
        if (g > kickGain) {
          kickGain = g;
          kick = c;
        }
      }
      if (kick < 0) continue;
      const forced = swapSearch(inst, [...rest, kick], index, budget, out);
      const polished = swapSearch(inst, forced.chosen, index, budget);
      swaps += 1 + forced.swaps + polished.swaps;
      if (polished.coveredWeight > best.coveredWeight + tol) {
        best = polished;
        improved = true;
      }
    }
  }
  return { chosen: best.chosen, swaps, coveredWeight: best.coveredWeight };
}

/**
 * CELF greedy followed by a swap local search, which closes most of the greedy's gap to the exact optimum at the cost
 * of a few passes over the instance. Best-k: 1-swaps while any raises the covered weight, then kicks (each chosen
 * site in turn forbidden and replaced, swaps again) while one finds more. Bounded by `workCells` cell visits
 * (default 5·10⁷, a fraction of a second), so a city-size instance still returns quickly. Target coverage: after
 * CELF reaches the target with m sites, tries m − 1 (drop the site whose loss is smallest, swap-search the rest) and
 * keeps going while the target is still met. `swaps` counts every swap made, kicks included (also those whose result
 * was discarded); the result is never worse than CELF's.
 *
 * @example
 * localSearchPlacement(inst, { k: 5 }).coverage >= greedyPlacement(inst, { k: 5 }).coverage; // true
 */
export function localSearchPlacement(inst: PlacementInstance, goal: PlacementGoal, opts: { workCells?: number } = {}): PlacementResult & { swaps: number } {
  const g = greedyPlacement(inst, goal);
  const budget = { cells: opts.workCells ?? DEFAULT_WORK_CELLS };
  const index = coveringCandidates(inst);
  const total = inst.totalWeight;
  const frac = (w: number): number => (total > 0 ? w / total : 1);
  if ('k' in goal) {
    const r = improve(inst, g.chosen, index, budget);
    return { chosen: r.chosen, coverage: frac(r.coveredWeight), reachedTarget: true, evaluations: g.evaluations, swaps: r.swaps };
  }
  if (!g.reachedTarget) return { ...g, swaps: 0 };
  const target = goal.targetFraction * total - 1e-9;
  let best = { chosen: g.chosen, coveredWeight: g.coverage * total };
  let swaps = 0;
  while (best.chosen.length > 1) {
    // Drop the site that loses least, then let swaps recover what they can.
    const count = new Int32Array(inst.weight.length);
    for (const c of best.chosen) for (let k = inst.start[c]!; k < inst.start[c + 1]!; k++) count[inst.cells[k]!]!++;
    let drop = 0, dropLoss = Infinity;
    best.chosen.forEach((c, s) => {
      let loss = 0;
      for (let k = inst.start[c]!; k < inst.start[c + 1]!; k++) if (count[inst.cells[k]!] === 1) loss += inst.weight[inst.cells[k]!]!;
      if (loss < dropLoss) {
        dropLoss = loss;
        drop = s;
      }
    });
    const r = improve(inst, best.chosen.filter((_, s) => s !== drop), index, budget);
    swaps += r.swaps;
    if (r.coveredWeight < target) break;
    best = r;
  }
  return { chosen: best.chosen, coverage: frac(best.coveredWeight), reachedTarget: true, evaluations: g.evaluations, swaps };
}
