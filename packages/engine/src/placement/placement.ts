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
