import fc from 'fast-check';
import { uncoveredPolygons } from '@civdef/engine';
import { describe, expect, it } from 'vitest';
import { burnRings, gridAround, insideRings, projectionAt, sumInside, toLngLat, toMetric, type Grid, type Ring } from './coverage.geo.ts';
import { runCoverageJob, type CoverageJobInput } from './coverage.job.ts';

const square = (x0: number, y0: number, x1: number, y1: number): Ring => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];

describe('projection', () => {
  it('round-trips a point to the micro-degree and measures a degree of latitude near 110.9 km at 32°N', () => {
    const p = projectionAt(120.9, 32);
    const [x, y] = toMetric(p, 121.012345, 32.054321);
    expect(toLngLat(p, x, y)).toEqual([121.012345, 32.054321]);
    expect(p.ky).toBeGreaterThan(110_800);
    expect(p.ky).toBeLessThan(110_950);
    expect(p.kx / p.ky).toBeCloseTo(Math.cos((32 * Math.PI) / 180), 2);
  });
});

describe('burnRings', () => {
  const grid: Grid = { originX: 0, originY: 300, cellSize: 10, cols: 30, rows: 30 };
  const centre = (i: number): [number, number] => [grid.originX + ((i % grid.cols) + 0.5) * grid.cellSize, grid.originY - (Math.floor(i / grid.cols) + 0.5) * grid.cellSize];

  it('labels exactly the cells whose centre lies inside the rings (holes and islands by even-odd), for any polygon', () => {
    const pt = fc.tuple(fc.double({ min: -20, max: 320, noNaN: true }), fc.double({ min: -20, max: 320, noNaN: true }));
    fc.assert(fc.property(fc.array(fc.array(pt, { minLength: 3, maxLength: 8 }), { minLength: 1, maxLength: 3 }), (raw) => {
      const rings: Ring[] = raw.map((r) => [...r, r[0]!] as Ring);
      const labels = new Int32Array(grid.cols * grid.rows).fill(-1);
      const n = burnRings(grid, rings, labels, 7);
      const got: boolean[] = [], want: boolean[] = [];
      for (let i = 0; i < labels.length; i++) {
        const [x, y] = centre(i);
        // Centres within a hair of an edge may fall either way in floating point; they are not what is checked.
        const near = rings.some((ring) => ring.some(([ax, ay], k) => {
          const [bx, by] = ring[(k + 1) % ring.length]!;
          const len = Math.hypot(bx - ax, by - ay);
          return len > 0 && Math.abs((bx - ax) * (ay - y) - (ax - x) * (by - ay)) / len < 1e-6;
        }));
        if (near) continue;
        got.push(labels[i] === 7);
        want.push(insideRings(rings, x, y));
      }
      expect(got).toEqual(want);
      const inside = labels.filter((l) => l === 7).length;
      expect(n).toBe(inside);
    }), { numRuns: 100 });
  });

  it('gives back exactly the cells of a polygon the engine traced from them, so a piece\'s people are its own', () => {
    const g: Grid = { originX: 0, originY: 50, cellSize: 10, cols: 5, rows: 5 };
    fc.assert(fc.property(fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }), (bits) => {
      const covered = Uint8Array.from(bits, (b) => (b ? 1 : 0));
      const ones = new Float32Array(25).fill(1);
      const fcoll = uncoveredPolygons(g, covered);
      const total = fcoll.features.reduce((a, f) => a + sumInside(g, f.geometry.coordinates as Ring[], ones), 0);
      expect(total).toBe(covered.filter((c) => c === 0).length);
      for (const f of fcoll.features) expect(sumInside(g, f.geometry.coordinates as Ring[], ones)).toBe(f.properties.cells);
    }), { numRuns: 200 });
  });
});

describe('gridAround', () => {
  it('covers the rings with whole cells aligned on the cell size', () => {
    const g = gridAround([square(-15, -25, 33, 41)], 10);
    expect(g).toEqual({ originX: -20, originY: 50, cellSize: 10, cols: 6, rows: 8 });
  });
});

describe('runCoverageJob', () => {
  const input = (): CoverageJobInput => ({
    grid: { originX: 0, originY: 4000, cellSize: 100, cols: 40, rows: 40 },
    projection: projectionAt(120.9, 32),
    sirens: { x: Float64Array.of(1000), y: Float64Array.of(3000), levelDb: Float64Array.of(118), referenceDistance: Float64Array.of(30) },
    thresholdDb: 70, excessDbPerDoubling: 10 - 20 * Math.log10(2), targetPercent: 100,
    counties: [{ rings: [square(0, 0, 2000, 4000)], target: true }, { rings: [square(2000, 0, 4000, 4000)], target: false }],
    towns: [{ county: 0, x: 1000, y: 3000, target: true }, { county: 0, x: 1000, y: 1000, target: false }, { county: 1, x: 3000, y: 2000, target: false }],
    pop: { x: Float64Array.of(1000, 3000), y: Float64Array.of(3000, 1000), size: Float64Array.of(200, 200), people: Float64Array.of(400, 100), county: Int32Array.of(0, 1), town: Int32Array.of(0, 2) },
    placement: { k: 2, candidates: null, spacingM: 500, levelDb: 114, referenceDistance: 30, maxCandidates: 100, maxTargetSites: 50 },
    maxPolygons: 50,
  });

  it('counts area and people per district and town, and is deterministic', () => {
    const a = runCoverageJob(input());
    expect(a.counties[0]!.cells).toBe(800);
    expect(a.counties[1]!.cells).toBe(800);
    expect(a.counties[0]).toMatchObject({ people: 400, coveredPeople: 400 });
    expect(a.counties[1]).toMatchObject({ people: 100, coveredPeople: 0 });
    // The siren's ~835 m audible radius covers about π·835² / 100² ≈ 219 cells, all in the first district.
    expect(a.counties[0]!.coveredCells).toBeGreaterThan(200);
    expect(a.counties[0]!.coveredCells).toBeLessThan(240);
    expect(a.towns[0]!.coveredCells + a.towns[1]!.coveredCells).toBe(a.counties[0]!.coveredCells);
    expect(a.uncovered[0]).toMatchObject({ county: 1, people: 100 });
    expect(a.placement!.bestK[0]!.peopleNew).toBe(100);
    expect(runCoverageJob(input())).toEqual(a);
  });

  it('counts a town by its outline where it has one, not by the nearest town point', () => {
    // District 0 (2 km × 4 km) split by its two town points at y = 2 km; town 1's outline claims only its lowest
    // kilometre, so the band between 1 and 2 km goes to town 0 although town 1's point is nearer.
    const byPoint = runCoverageJob({ ...input(), placement: null });
    expect(byPoint.towns[0]!.cells).toBe(400);
    expect(byPoint.towns[1]!.cells).toBe(400);
    const withOutline = input();
    withOutline.placement = null;
    withOutline.towns[1] = { ...withOutline.towns[1]!, rings: [square(0, 0, 2000, 1000)] };
    const byOutline = runCoverageJob(withOutline);
    expect(byOutline.towns[1]!.cells).toBe(200);
    expect(byOutline.towns[0]!.cells).toBe(600);
    expect(byOutline.counties[0]!.cells).toBe(800);
    // An outline of another district's town does not take this district's cells.
    const foreign = input();
    foreign.placement = null;
    foreign.towns[2] = { ...foreign.towns[2]!, rings: [square(0, 0, 4000, 4000)] };
    const f = runCoverageJob(foreign);
    expect([f.towns[0]!.cells, f.towns[1]!.cells, f.towns[2]!.cells]).toEqual([400, 400, 800]);
  });
});
