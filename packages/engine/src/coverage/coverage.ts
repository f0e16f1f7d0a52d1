/**
 * Siren coverage on a metric raster: the maximum level over all sirens at each cell centre, covered/uncovered masks,
 * coverage by area and by population, and the uncovered area as GeoJSON polygons.
 *
 * Raster convention (north-edge origin, row 0 northmost, row-major, square metric cells): see `raster-grid.ts`.
 */

import { EngineError } from '../errors.ts';
import { audibleRadius, resolveModel, type SoundModel } from './sound.ts';
import { uncoveredPolygons, type PolygonFeatureCollection } from './polygons.ts';
import { checkGrid, type RasterGrid } from './raster-grid.ts';

/** Sirens as parallel arrays: position (m), rated level (dB) at the reference distance (m, default 30). */
export interface Sirens {
  x: Float64Array;
  y: Float64Array;
  levelDb: Float64Array;
  referenceDistance?: Float64Array;
}

/** Coverage threshold: an absolute level (default 70 dB), or the ambient raster plus a margin (default 10 dB). */
export type Threshold = { kind: 'absolute'; db?: number } | { kind: 'ambient'; ambient: Float32Array; marginDb?: number };

/** Options of {@link computeCoverage}. */
export interface CoverageOptions {
  model?: SoundModel;
  threshold?: Threshold;
  /** People per cell, for coverage by population. */
  population?: Float32Array;
  /** Trace uncovered polygons (default true). */
  polygons?: boolean;
}

/** Result of {@link computeCoverage}. */
export interface CoverageResult {
  /** Max level per cell in dB; −Infinity where no siren reaches the lowest threshold in use. */
  maxLevel: Float32Array;
  /** 1 = covered (level ≥ threshold at that cell). */
  covered: Uint8Array;
  coveredAreaPercent: number;
  /** Null when no population raster was given or it sums to 0. */
  coveredPopulationPercent: number | null;
  coveredAreaM2: number;
  uncovered: PolygonFeatureCollection | null;
  /** Σ over sirens of cells evaluated (cells within the siren's audible radius). */
  cellEvaluations: number;
  /** Audible radius per siren (m) at the lowest threshold in use. */
  radius: Float64Array;
}

function fail(field: string, rule: string): never {
  throw new EngineError('ENGINE_COVERAGE_BAD_INPUT', field, rule);
}

/**
 * Rasterises the maximum level of all sirens into `out` (−Infinity where none reaches `floorDb`) and returns the
 * number of cell evaluations. Only cells inside each siren's audible radius are touched, row span by row span.
 *
 * @example
 * const lv = new Float32Array(100 * 100).fill(-Infinity);
 * rasteriseMaxLevel({ originX: 0, originY: 1000, cellSize: 10, cols: 100, rows: 100 },
 *   { x: Float64Array.of(500), y: Float64Array.of(500), levelDb: Float64Array.of(123) }, {}, 70, lv);
 */
export function rasteriseMaxLevel(grid: RasterGrid, sirens: Sirens, model: SoundModel, floorDb: number, out: Float32Array, radiusOut?: Float64Array): number {
  const m = resolveModel(model);
  const { originX, originY, cellSize: cs, cols, rows } = grid;
  let evaluations = 0;
  const n = sirens.x.length;
  for (let s = 0; s < n; s++) {
    const sx = sirens.x[s]!, sy = sirens.y[s]!, L0 = sirens.levelDb[s]!;
    const r0 = sirens.referenceDistance?.[s] ?? 30;
    const R = audibleRadius(L0, r0, floorDb, m);
    if (radiusOut) radiusOut[s] = R;
    if (R <= 0) continue;
    // Column/row of cell centres within R: centre x = originX + (col + 0.5)·cs.
    const rowMin = Math.max(0, Math.ceil((originY - sy - R) / cs - 0.5));
    const rowMax = Math.min(rows - 1, Math.floor((originY - sy + R) / cs - 0.5));
    const R2 = R * R, r02 = r0 * r0;
    const halfK = m.k / 2, alpha = m.alpha;
    for (let row = rowMin; row <= rowMax; row++) {
      const dy = originY - (row + 0.5) * cs - sy;
      const span2 = R2 - dy * dy;
      if (span2 < 0) continue;
      const span = Math.sqrt(span2);
      const c0 = Math.max(0, Math.ceil((sx - span - originX) / cs - 0.5));
      const c1 = Math.min(cols - 1, Math.floor((sx + span - originX) / cs - 0.5));
      const base = row * cols;
      const dy2 = dy * dy;
      for (let col = c0; col <= c1; col++) {
        const dx = originX + (col + 0.5) * cs - sx;
        const d2 = dx * dx + dy2;
        // ln(r/r0) = ½·ln(d²/r0²): one log per cell and a square root only when absorption is on.
        const level = d2 <= r02 ? L0 : alpha === 0 ? L0 - halfK * Math.log(d2 / r02) : L0 - halfK * Math.log(d2 / r02) - alpha * (Math.sqrt(d2) - r0);
        const idx = base + col;
        if (level > out[idx]!) out[idx] = level;
      }
      evaluations += c1 - c0 + 1;
    }
  }
  return evaluations;
}

/**
 * Computes siren coverage over a raster.
 *
 * @example
 * const grid = { originX: 0, originY: 5000, cellSize: 10, cols: 500, rows: 500 };
 * const r = computeCoverage(grid, { x: Float64Array.of(2500), y: Float64Array.of(2500), levelDb: Float64Array.of(123) });
 * r.coveredAreaPercent; // ≈ 17.5 (π·1182² / 25 km²)
 */
export function computeCoverage(grid: RasterGrid, sirens: Sirens, options: CoverageOptions = {}): CoverageResult {
  checkGrid(grid);
  const nCells = grid.cols * grid.rows;
  const n = sirens.x.length;
  if (sirens.y.length !== n || sirens.levelDb.length !== n) fail('sirens', 'x, y and levelDb must have the same length');
  for (let s = 0; s < n; s++) {
    if (!Number.isFinite(sirens.x[s]!) || !Number.isFinite(sirens.y[s]!)) fail(`sirens[${s}]`, 'position must be finite metres');
    if (!(sirens.levelDb[s]! > 0 && sirens.levelDb[s]! < 250)) fail(`sirens[${s}].levelDb`, 'must be in (0, 250) dB');
    const r0 = sirens.referenceDistance?.[s];
    if (r0 !== undefined && !(r0 > 0)) fail(`sirens[${s}].referenceDistance`, 'must be positive metres');
  }
  const threshold = options.threshold ?? { kind: 'absolute' };
  let floorDb: number;
  let thresholdAt: (i: number) => number;
  if (threshold.kind === 'absolute') {
    const t = threshold.db ?? 70;
    if (!Number.isFinite(t)) fail('threshold.db', 'must be a finite dB value');
    floorDb = t;
    thresholdAt = () => t;
  } else {
    const amb = threshold.ambient;
    const margin = threshold.marginDb ?? 10;
    if (amb.length !== nCells) fail('threshold.ambient', `must have cols × rows = ${nCells} cells`);
    let min = Infinity;
    for (let i = 0; i < nCells; i++) {
      if (!Number.isFinite(amb[i]!)) fail(`threshold.ambient[${i}]`, 'must be a finite dB value');
      if (amb[i]! < min) min = amb[i]!;
    }
    floorDb = min + margin;
    thresholdAt = (i) => amb[i]! + margin;
  }
  if (options.population && options.population.length !== nCells) fail('population', `must have cols × rows = ${nCells} cells`);
  if (options.model?.atmosphere) {
    const a = options.model.atmosphere;
    if (!(a.relativeHumidityPercent >= 0 && a.relativeHumidityPercent <= 100)) fail('model.atmosphere.relativeHumidityPercent', 'must be within 0..100');
    if (!(a.temperatureC > -60 && a.temperatureC < 60)) fail('model.atmosphere.temperatureC', 'must be within −60..60 °C');
  }

  const maxLevel = new Float32Array(nCells).fill(-Infinity);
  const radius = new Float64Array(n);
  const cellEvaluations = rasteriseMaxLevel(grid, sirens, options.model ?? {}, floorDb, maxLevel, radius);
  const covered = new Uint8Array(nCells);
  let coveredCells = 0;
  const pop = options.population;
  let popTotal = 0, popCovered = 0;
  for (let i = 0; i < nCells; i++) {
    const c = maxLevel[i]! >= thresholdAt(i) ? 1 : 0;
    covered[i] = c;
    coveredCells += c;
    if (pop) {
      popTotal += pop[i]!;
      if (c) popCovered += pop[i]!;
    }
  }
  return {
    maxLevel,
    covered,
    coveredAreaPercent: (100 * coveredCells) / nCells,
    coveredPopulationPercent: pop && popTotal > 0 ? (100 * popCovered) / popTotal : null,
    coveredAreaM2: coveredCells * grid.cellSize * grid.cellSize,
    uncovered: options.polygons === false ? null : uncoveredPolygons(grid, covered),
    cellEvaluations,
    radius,
  };
}
