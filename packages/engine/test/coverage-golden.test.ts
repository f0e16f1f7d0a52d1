// Golden coverage rasters: test/in/coverage/NAME.json → test/out/coverage/NAME.json (test/support/golden.ts says how
// to regenerate them after an intended model change).
import { describe, expect, it } from 'vitest';
import { computeCoverage, type Threshold } from '../src/coverage/coverage.ts';
import { expectGolden, goldenCases, readGoldenInput } from './support/golden.ts';

interface GoldenInput {
  grid: { originX: number; originY: number; cellSize: number; cols: number; rows: number };
  sirens: number[][];
  model?: Record<string, unknown>;
  threshold?: { kind: 'absolute'; db: number };
  ambient?: { base: number; busyRoad: { row: number; db: number } };
  population?: { perCell: number; denseBlock: { col0: number; col1: number; row0: number; row1: number; perCell: number } };
}

function run(input: GoldenInput): unknown {
  const { grid } = input;
  const n = grid.cols * grid.rows;
  const sirens = { x: Float64Array.from(input.sirens, (s) => s[0]!), y: Float64Array.from(input.sirens, (s) => s[1]!), levelDb: Float64Array.from(input.sirens, (s) => s[2]!), referenceDistance: Float64Array.from(input.sirens, (s) => s[3] ?? 30) };
  let threshold: Threshold = input.threshold ?? { kind: 'absolute' };
  if (input.ambient) {
    const amb = new Float32Array(n).fill(input.ambient.base);
    for (let c = 0; c < grid.cols; c++) amb[input.ambient.busyRoad.row * grid.cols + c] = input.ambient.busyRoad.db;
    threshold = { kind: 'ambient', ambient: amb };
  }
  let population: Float32Array | undefined;
  if (input.population) {
    const p = input.population;
    population = new Float32Array(n).fill(p.perCell);
    for (let r = p.denseBlock.row0; r <= p.denseBlock.row1; r++) for (let c = p.denseBlock.col0; c <= p.denseBlock.col1; c++) population[r * grid.cols + c] = p.denseBlock.perCell;
  }
  const res = computeCoverage(grid, sirens, { threshold, ...(input.model ? { model: input.model } : {}), ...(population ? { population } : {}) });
  const levels: string[] = [];
  const mask: string[] = [];
  for (let r = 0; r < grid.rows; r++) {
    const row = Array.from(res.maxLevel.subarray(r * grid.cols, (r + 1) * grid.cols));
    levels.push(row.map((v) => (Number.isFinite(v) ? v.toFixed(2) : '-')).join(' '));
    mask.push(Array.from(res.covered.subarray(r * grid.cols, (r + 1) * grid.cols)).map((c) => (c ? '#' : '.')).join(''));
  }
  return {
    coveredAreaPercent: Number(res.coveredAreaPercent.toFixed(6)),
    coveredPopulationPercent: res.coveredPopulationPercent === null ? null : Number(res.coveredPopulationPercent.toFixed(6)),
    radius: Array.from(res.radius, (r) => Number(r.toFixed(3))),
    mask,
    levels,
    uncovered: res.uncovered,
  };
}

describe('coverage golden files', () => {
  const cases = goldenCases('coverage');
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(3));
  it.each(cases)('%s', (file) => {
    expectGolden('coverage', file, run(readGoldenInput<GoldenInput>('coverage', file)));
  });
});
