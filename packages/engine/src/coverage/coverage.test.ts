import { describe, expect, it } from 'vitest';
import { computeCoverage } from './coverage.ts';
import { uncoveredPolygons } from './polygons.ts';
import { atmosphericAbsorption, audibleRadius, resolveModel, soundLevel } from './sound.ts';
import { EngineError } from '../errors.ts';
import { rng } from '../../test/support/random-mcf.ts';

const one = (x: number, y: number, db: number) => ({ x: Float64Array.of(x), y: Float64Array.of(y), levelDb: Float64Array.of(db) });

describe('sound model', () => {
  it('drops 10 dB per doubling by default (FEMA CPG 1-17 rule)', () => {
    const m = resolveModel({});
    expect(soundLevel(123, 30, 60, m)).toBeCloseTo(113, 9);
    expect(soundLevel(123, 30, 240, m)).toBeCloseTo(93, 9);
    expect(soundLevel(123, 30, 10, m)).toBe(123);
  });
  it('spherical spreading alone is 6.02 dB per doubling', () => {
    expect(soundLevel(100, 1, 2, resolveModel({ excessDbPerDoubling: 0 }))).toBeCloseTo(100 - 20 * Math.log10(2), 9);
  });
  it('matches ISO 9613-1 Table 1 absorption values', () => {
    // Table 1 (20 °C, 101.325 kPa): 50 % RH 1 kHz 4.66 dB/km; 70 % RH 500 Hz ≈ 2.8 dB/km (rounded table values).
    expect(atmosphericAbsorption({ temperatureC: 20, relativeHumidityPercent: 50, frequencyHz: 1000 }) * 1000).toBeCloseTo(4.66, 1);
    expect(atmosphericAbsorption({ temperatureC: 20, relativeHumidityPercent: 70, frequencyHz: 500 }) * 1000).toBeCloseTo(2.8, 1);
  });
  it('audible radius is where the level meets the threshold', () => {
    const m = resolveModel({ atmosphere: { temperatureC: 10, relativeHumidityPercent: 60 } });
    const r = audibleRadius(125, 30, 70, m);
    expect(soundLevel(125, 30, r, m)).toBeCloseTo(70, 6);
    expect(audibleRadius(60, 30, 70, m)).toBe(0);
  });
});

describe('computeCoverage', () => {
  it('covers exactly the cells whose centre is within the audible radius', () => {
    const grid = { originX: 0, originY: 3000, cellSize: 20, cols: 150, rows: 150 };
    const res = computeCoverage(grid, one(1500, 1500, 123));
    const R = res.radius[0]!;
    for (let row = 0; row < grid.rows; row += 7) {
      for (let col = 0; col < grid.cols; col += 3) {
        const d = Math.hypot((col + 0.5) * 20 - 1500, 3000 - (row + 0.5) * 20 - 1500);
        if (Math.abs(d - R) > 1e-6) expect(res.covered[row * grid.cols + col], `${col},${row}`).toBe(d < R ? 1 : 0);
      }
    }
    expect(res.coveredAreaPercent).toBeCloseTo((100 * Math.PI * R * R) / (3000 * 3000), 0);
  });

  it('takes the max over sirens, not the energetic sum', () => {
    const grid = { originX: 0, originY: 100, cellSize: 10, cols: 10, rows: 10 };
    const a = computeCoverage(grid, one(50, 50, 100), { threshold: { kind: 'absolute', db: 60 } });
    const both = computeCoverage(grid, { x: Float64Array.of(50, 50), y: Float64Array.of(50, 50), levelDb: Float64Array.of(100, 100) }, { threshold: { kind: 'absolute', db: 60 } });
    expect(Array.from(both.maxLevel)).toEqual(Array.from(a.maxLevel));
  });

  it('uses ambient + margin when given an ambient raster', () => {
    const grid = { originX: 0, originY: 100, cellSize: 10, cols: 10, rows: 10 };
    const ambient = new Float32Array(100).fill(40);
    ambient[0] = 95;
    const r = computeCoverage(grid, one(50, 50, 100), { threshold: { kind: 'ambient', ambient } });
    expect(r.covered[0]).toBe(0);
    expect(r.covered[55]).toBe(1);
  });

  it('computes coverage by population', () => {
    const grid = { originX: 0, originY: 1000, cellSize: 100, cols: 10, rows: 1 };
    const pop = Float32Array.from({ length: 10 }, (_, i) => (i === 9 ? 300 : 100));
    const r = computeCoverage(grid, one(50, 950, 100), { population: pop, threshold: { kind: 'absolute', db: 80 } });
    const coveredPeople = Array.from(r.covered).reduce((s, c, i) => s + c * pop[i]!, 0);
    expect(r.coveredPopulationPercent).toBeCloseTo((100 * coveredPeople) / 1200, 9);
    expect(r.coveredPopulationPercent).toBeLessThan(r.coveredAreaPercent);
  });

  it('rejects bad input with typed errors', () => {
    const grid = { originX: 0, originY: 100, cellSize: 10, cols: 10, rows: 10 };
    expect(() => computeCoverage({ ...grid, cellSize: 0 }, one(0, 0, 100))).toThrow(EngineError);
    expect(() => computeCoverage(grid, one(0, 0, 400))).toThrow(/levelDb/);
    expect(() => computeCoverage(grid, one(0, 0, 100), { population: new Float32Array(3) })).toThrow(/population/);
  });
});

describe('uncovered polygons', () => {
  const g = (cols: number, rows: number) => ({ originX: 0, originY: rows, cellSize: 1, cols, rows });
  it('traces a hole as a clockwise inner ring', () => {
    const fc = uncoveredPolygons(g(3, 3), Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 0, 0));
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0]!.geometry.coordinates).toEqual([
      [[3, 0], [3, 3], [0, 3], [0, 0], [3, 0]],
      [[2, 2], [2, 1], [1, 1], [1, 2], [2, 2]],
    ]);
  });
  it('keeps diagonal neighbours as separate polygons', () => {
    expect(uncoveredPolygons(g(2, 2), Uint8Array.of(0, 1, 1, 0)).features).toHaveLength(2);
  });
  it('polygon areas (shoelace) equal the uncovered cell area on random masks', () => {
    const ringArea = (ring: [number, number][]): number => ring.slice(1).reduce((s, p, i) => s + (ring[i]![0] * p[1] - p[0] * ring[i]![1]), 0) / 2;
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed);
      const cols = 5 + Math.floor(r() * 30), rows = 5 + Math.floor(r() * 30);
      const mask = Uint8Array.from({ length: cols * rows }, () => (r() < 0.5 ? 1 : 0));
      const fc = uncoveredPolygons({ originX: 10, originY: 50, cellSize: 2, cols, rows }, mask);
      let area = 0;
      for (const f of fc.features) {
        const [outer, ...holes] = f.geometry.coordinates;
        const a = ringArea(outer!) + holes.reduce((s, h) => s + ringArea(h), 0);
        expect(ringArea(outer!)).toBeGreaterThan(0);
        for (const h of holes) expect(ringArea(h)).toBeLessThan(0);
        expect(a).toBe(f.properties.areaM2);
        area += a;
      }
      expect(area).toBe(mask.reduce((s, c) => s + (c ? 0 : 4), 0));
    }
  });
});
