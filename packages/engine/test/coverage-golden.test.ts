// Golden files (Turf style): test/in/NAME.json → test/out/NAME.json. Regenerate after an intended model change with
// UPDATE_GOLDEN=1 npx vitest run --project engine coverage-golden, and review the diff.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeCoverage, type Threshold } from '../src/coverage/coverage.ts';

const here = dirname(fileURLToPath(import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

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
  const cases = readdirSync(join(here, 'in')).filter((f) => f.endsWith('.json'));
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(3));
  it.each(cases)('%s', (file) => {
    const input = JSON.parse(readFileSync(join(here, 'in', file), 'utf8')) as GoldenInput;
    const actual = run(input);
    const outFile = join(here, 'out', file);
    if (update || !existsSync(outFile)) {
      if (!update && process.env.CI) throw new Error(`missing golden file ${outFile}`);
      writeFileSync(outFile, JSON.stringify(actual, null, 1) + '\n');
    }
    expect(actual).toEqual(JSON.parse(readFileSync(outFile, 'utf8')));
  });
});
