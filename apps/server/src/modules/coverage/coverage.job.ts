/**
 * One coverage run's computation, pure and deterministic (same input → same output): the engine's maximum-level
 * raster of the sirens, cells labelled by district (outline) and town (its outline where one is loaded; else the
 * nearest town point inside the district, the rule the demo population uses), area and people covered per district and town, the uncovered areas traced per
 * district, and — when asked — new sites from the engine's placement. Runs inside the coverage worker; tests call it
 * directly.
 */
import {
  buildPlacementInstance, computeCoverage, localSearchPlacement, rasteriseMaxLevel, uncoveredPolygons,
  type PlacementInstance, type Sirens,
} from '@civdef/engine';
import { burnRings, sumInside, toLngLat, type Grid, type Projection, type Ring } from './coverage.geo.ts';

export type CoveragePhase = 'rasterising' | 'counting' | 'tracing' | 'placing';

export interface CoverageJobInput {
  grid: Grid;
  projection: Projection;
  sirens: { x: Float64Array; y: Float64Array; levelDb: Float64Array; referenceDistance: Float64Array };
  thresholdDb: number;
  excessDbPerDoubling: number;
  /** Share of area and people to cover in the target areas (%): what "fewest sites to reach the target" aims at. */
  targetPercent: number;
  /** Outlines of the districts, metric. */
  counties: Array<{ rings: Ring[]; target: boolean }>;
  /** Town points (metric), the index of their district in `counties`, and the town's outline (metric) when there is one. */
  towns: Array<{ county: number; x: number; y: number; target: boolean; rings?: Ring[] }>;
  /** Population cells: centre (metric), size (m), people, and the district/town index they belong to (−1: none). */
  pop: { x: Float64Array; y: Float64Array; size: Float64Array; people: Float64Array; county: Int32Array; town: Int32Array };
  placement: null | {
    k: number;
    /** Given candidate sites (metric); null: a grid of `spacingM` over the uncovered cells with people in target areas. */
    candidates: { x: Float64Array; y: Float64Array } | null;
    spacingM: number;
    levelDb: number;
    referenceDistance: number;
    maxCandidates: number;
    maxTargetSites: number;
  };
  /** Uncovered polygons kept (most people first, then largest). */
  maxPolygons: number;
}

export interface AreaFigures { cells: number; coveredCells: number; people: number; coveredPeople: number }

export interface SiteOut { lng: number; lat: number; county: number; town: number; peopleNew: number }

export interface CoverageJobResult {
  cellAreaM2: number;
  total: AreaFigures;
  counties: AreaFigures[];
  towns: AreaFigures[];
  /** Audible radius of each siren at the threshold (m). */
  radius: number[];
  uncovered: Array<{ county: number; areaM2: number; people: number; rings: Array<Array<[number, number]>> }>;
  uncoveredCount: number;
  placement: null | {
    candidates: number;
    target: SiteOut[];
    bestK: SiteOut[];
    reachedTarget: boolean;
    /** Share of the target areas' people covered with the target sites added (0..1). */
    targetCoverage: number;
  };
  cellEvaluations: number;
}

/** Cells × candidates the placement may rasterise (≈ 1–3 s on one core). */
export const PLACEMENT_CELL_BUDGET = 300_000_000;

const figures = (): AreaFigures => ({ cells: 0, coveredCells: 0, people: 0, coveredPeople: 0 });

export function runCoverageJob(input: CoverageJobInput, onPhase: (p: CoveragePhase) => void = () => undefined): CoverageJobResult {
  const { grid, projection } = input;
  const nCells = grid.cols * grid.rows;
  const cs = grid.cellSize;
  onPhase('rasterising');
  const sirens: Sirens = { x: input.sirens.x, y: input.sirens.y, levelDb: input.sirens.levelDb, referenceDistance: input.sirens.referenceDistance };
  const model = { excessDbPerDoubling: input.excessDbPerDoubling };
  const cov = computeCoverage(grid, sirens, { model, threshold: { kind: 'absolute', db: input.thresholdDb }, polygons: false });
  const covered = cov.covered;

  onPhase('counting');
  // District of each cell by its outline; town by the town's outline when it has one (of the same district), else
  // by the nearest town point of that district (cells no outline holds, or districts without town outlines).
  const county = new Int32Array(nCells).fill(-1);
  input.counties.forEach((c, k) => burnRings(grid, c.rings, county, k));
  // A town with an outline is exactly its outline: the fallback picks among the district's towns without one (all
  // of them when every town has one: the few edge cells whose centre no outline holds).
  const hasOutline = (t: CoverageJobInput['towns'][number]) => (t.rings?.length ?? 0) > 0;
  const townsOf = input.counties.map((_c, k) => {
    const own = input.towns.flatMap((t, j) => (t.county === k ? [j] : []));
    const plain = own.filter((j) => !hasOutline(input.towns[j]!));
    return plain.length > 0 ? plain : own;
  });
  const outlined = new Int32Array(nCells).fill(-1);
  input.towns.forEach((t, k) => { if (hasOutline(t)) burnRings(grid, t.rings!, outlined, k); });
  const town = new Int32Array(nCells).fill(-1);
  for (let row = 0, i = 0; row < grid.rows; row++) {
    const y = grid.originY - (row + 0.5) * cs;
    for (let col = 0; col < grid.cols; col++, i++) {
      const c = county[i]!;
      if (c < 0) continue;
      const o = outlined[i]!;
      if (o >= 0 && input.towns[o]!.county === c) {
        town[i] = o;
        continue;
      }
      const x = grid.originX + (col + 0.5) * cs;
      let best = -1, bestD = Infinity;
      for (const t of townsOf[c]!) {
        const d = (input.towns[t]!.x - x) ** 2 + (input.towns[t]!.y - y) ** 2;
        if (d < bestD) { bestD = d; best = t; }
      }
      town[i] = best;
    }
  }
  const total = figures();
  const counties = input.counties.map(figures);
  const towns = input.towns.map(figures);
  for (let i = 0; i < nCells; i++) {
    const c = county[i]!;
    if (c < 0) continue;
    const cv = covered[i]!;
    total.cells++; total.coveredCells += cv;
    counties[c]!.cells++; counties[c]!.coveredCells += cv;
    const t = town[i]!;
    if (t >= 0) { towns[t]!.cells++; towns[t]!.coveredCells += cv; }
  }
  // People: each population cell spread evenly over the raster cells whose centre lies in its square, and counted in
  // its own district and town (the population grid's region, so the totals are the census figures exactly).
  const people = new Float32Array(nCells);
  const { pop } = input;
  for (let p = 0; p < pop.x.length; p++) {
    const half = pop.size[p]! / 2;
    let c0 = Math.max(0, Math.ceil((pop.x[p]! - half - grid.originX) / cs - 0.5));
    let c1 = Math.min(grid.cols - 1, Math.floor((pop.x[p]! + half - grid.originX) / cs - 0.5));
    let r0 = Math.max(0, Math.ceil((grid.originY - pop.y[p]! - half) / cs - 0.5));
    let r1 = Math.min(grid.rows - 1, Math.floor((grid.originY - pop.y[p]! + half) / cs - 0.5));
    if (c1 < c0 || r1 < r0) {
      // A cell smaller than the raster's: all of it in the raster cell holding its centre.
      c0 = c1 = Math.min(grid.cols - 1, Math.max(0, Math.floor((pop.x[p]! - grid.originX) / cs)));
      r0 = r1 = Math.min(grid.rows - 1, Math.max(0, Math.floor((grid.originY - pop.y[p]!) / cs)));
    }
    const n = (c1 - c0 + 1) * (r1 - r0 + 1);
    const each = pop.people[p]! / n;
    let coveredCells = 0;
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) {
      people[r * grid.cols + c]! += each;
      coveredCells += covered[r * grid.cols + c]!;
    }
    const coveredPeople = (pop.people[p]! * coveredCells) / n;
    total.people += pop.people[p]!; total.coveredPeople += coveredPeople;
    const pc = pop.county[p]!, pt = pop.town[p]!;
    if (pc >= 0) { counties[pc]!.people += pop.people[p]!; counties[pc]!.coveredPeople += coveredPeople; }
    if (pt >= 0) { towns[pt]!.people += pop.people[p]!; towns[pt]!.coveredPeople += coveredPeople; }
  }

  onPhase('tracing');
  // Uncovered areas per district: cells of other districts count as covered, so each piece lies in one district.
  const uncovered: CoverageJobResult['uncovered'] = [];
  const mask = new Uint8Array(nCells);
  input.counties.forEach((_, k) => {
    for (let i = 0; i < nCells; i++) mask[i] = county[i] === k ? covered[i]! : 1;
    for (const f of uncoveredPolygons(grid, mask).features) {
      const rings = f.geometry.coordinates as Ring[];
      uncovered.push({ county: k, areaM2: f.properties.areaM2, people: sumInside(grid, rings, people), rings });
    }
  });
  uncovered.sort((a, b) => b.people - a.people || b.areaM2 - a.areaM2 || a.county - b.county);
  const uncoveredCount = uncovered.length;
  const kept = uncovered.slice(0, input.maxPolygons).map((u) => ({
    ...u, rings: u.rings.map((ring) => ring.map(([x, y]) => toLngLat(projection, x, y))),
  }));

  const placement = input.placement ? place(input, input.placement, { county, town, covered, people }) : null;
  return {
    cellAreaM2: cs * cs, total, counties, towns, radius: Array.from(cov.radius), uncovered: kept, uncoveredCount, placement,
    cellEvaluations: cov.cellEvaluations,
  };
}

function place(
  input: CoverageJobInput, opts: NonNullable<CoverageJobInput['placement']>,
  r: { county: Int32Array; town: Int32Array; covered: Uint8Array; people: Float32Array },
): NonNullable<CoverageJobResult['placement']> {
  const { grid } = input;
  const cs = grid.cellSize;
  const nCells = grid.cols * grid.rows;
  // Best k serves everyone: its weight is the people of every cell. The fewest-sites goal serves the target: the
  // people of the target areas (everyone's, when the jurisdiction has no target area).
  const targetW = new Float32Array(nCells);
  let anyTarget = false;
  for (let i = 0; i < nCells; i++) {
    const c = r.county[i]!, t = r.town[i]!;
    if ((c >= 0 && input.counties[c]!.target) || (t >= 0 && input.towns[t]!.target)) { targetW[i] = r.people[i]!; anyTarget = true; }
  }
  if (!anyTarget) targetW.set(r.people);

  // Candidate sites: those given, or one per block of `spacingM` holding uncovered people (most people first).
  let cx: number[] = [], cy: number[] = [];
  if (opts.candidates) {
    cx = Array.from(opts.candidates.x); cy = Array.from(opts.candidates.y);
  } else {
    const step = Math.max(1, Math.round(opts.spacingM / cs));
    const bc = Math.ceil(grid.cols / step), br = Math.ceil(grid.rows / step);
    const blockW = new Float64Array(bc * br);
    for (let row = 0; row < grid.rows; row++) for (let col = 0; col < grid.cols; col++) {
      const i = row * grid.cols + col;
      if (!r.covered[i] && r.people[i]! > 0) blockW[Math.floor(row / step) * bc + Math.floor(col / step)]! += r.people[i]!;
    }
    // The engine rasterises each candidate over the whole grid: the count is held to a budget of cells × candidates.
    const most = Math.max(10, Math.min(opts.maxCandidates, Math.floor(PLACEMENT_CELL_BUDGET / nCells)));
    const blocks = [...blockW.keys()].filter((b) => blockW[b]! > 0).sort((a, b) => blockW[b]! - blockW[a]! || a - b).slice(0, most);
    for (const b of blocks.sort((a, b2) => a - b2)) {
      const col = Math.min(grid.cols, (b % bc) * step + step / 2), row = Math.min(grid.rows, Math.floor(b / bc) * step + step / 2);
      cx.push(grid.originX + col * cs); cy.push(grid.originY - row * cs);
    }
  }
  const n = cx.length;
  let targetTotal = 0, targetCovered = 0;
  for (let i = 0; i < nCells; i++) { targetTotal += targetW[i]!; if (r.covered[i]) targetCovered += targetW[i]!; }
  const share = targetTotal > 0 ? targetCovered / targetTotal : 1;
  const goal = input.targetPercent / 100;
  if (n === 0) return { candidates: 0, target: [], bestK: [], reachedTarget: share >= goal - 1e-9, targetCoverage: share };

  const candidates: Sirens = {
    x: Float64Array.from(cx), y: Float64Array.from(cy),
    levelDb: new Float64Array(n).fill(opts.levelDb), referenceDistance: new Float64Array(n).fill(opts.referenceDistance),
  };
  const model = { excessDbPerDoubling: input.excessDbPerDoubling };
  const existing: Sirens = { x: input.sirens.x, y: input.sirens.y, levelDb: input.sirens.levelDb, referenceDistance: input.sirens.referenceDistance };
  const inst: PlacementInstance = buildPlacementInstance(grid, existing, candidates, { thresholdDb: input.thresholdDb, model, weight: r.people });
  // The same candidate sets weighted for the target: the engine numbers its elements in cell order over the cells that
  // existing sirens leave uncovered and that have people — the cells our coverage mask leaves uncovered (same raster).
  const weightT: number[] = [];
  for (let i = 0; i < nCells; i++) if (!r.covered[i] && r.people[i]! > 0) weightT.push(targetW[i]!);
  const instT: PlacementInstance = { ...inst, weight: Float64Array.from(weightT), coveredWeight: targetCovered, totalWeight: targetTotal };
  const fewest = targetTotal > 0 && share < goal - 1e-9 ? localSearchPlacement(instT, { targetFraction: Math.min(1, goal) }) : null;
  const best = localSearchPlacement(inst, { k: Math.min(opts.k, n) });

  // People newly covered by each site in the order chosen (everyone's, not only the target areas').
  const describe = (chosen: number[]): SiteOut[] => {
    const done = Uint8Array.from(r.covered);
    const one = new Float32Array(nCells);
    return chosen.map((c) => {
      one.fill(-Infinity);
      rasteriseMaxLevel(grid, { x: candidates.x.subarray(c, c + 1), y: candidates.y.subarray(c, c + 1), levelDb: candidates.levelDb.subarray(c, c + 1), referenceDistance: candidates.referenceDistance!.subarray(c, c + 1) }, model, input.thresholdDb, one);
      let gained = 0;
      for (let i = 0; i < nCells; i++) if (one[i]! >= input.thresholdDb && !done[i]) { done[i] = 1; gained += r.people[i]!; }
      const col = Math.min(grid.cols - 1, Math.max(0, Math.floor((cx[c]! - grid.originX) / cs)));
      const row = Math.min(grid.rows - 1, Math.max(0, Math.floor((grid.originY - cy[c]!) / cs)));
      const [lng, lat] = toLngLat(input.projection, cx[c]!, cy[c]!);
      return { lng, lat, county: r.county[row * grid.cols + col]!, town: r.town[row * grid.cols + col]!, peopleNew: Math.round(gained) };
    });
  };
  return {
    candidates: n,
    target: fewest ? describe(fewest.chosen.slice(0, opts.maxTargetSites)) : [],
    bestK: describe(best.chosen),
    reachedTarget: fewest ? fewest.reachedTarget && fewest.chosen.length <= opts.maxTargetSites : share >= goal - 1e-9,
    targetCoverage: fewest ? fewest.coverage : share,
  };
}

