// Golden uncovered-area polygons: test/in/polygons/NAME.json (a grid and a mask, '#' covered, '.' uncovered, row 0
// northmost) → test/out/polygons/NAME.json (the GeoJSON FeatureCollection of `uncoveredPolygons`). Regenerate after
// an intended change: see test/support/golden.ts.
import { describe, expect, it } from 'vitest';
import { uncoveredPolygons } from '../src/coverage/polygons.ts';
import { expectGolden, goldenCases, readGoldenInput } from './support/golden.ts';

interface PolygonInput {
  grid: { originX: number; originY: number; cellSize: number };
  mask: string[];
}

describe('uncovered polygon golden files', () => {
  const cases = goldenCases('polygons');
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(5));
  it.each(cases)('%s', (file) => {
    const { grid, mask } = readGoldenInput<PolygonInput>('polygons', file);
    const cols = mask[0]!.length, rows = mask.length;
    expect(mask.every((row) => row.length === cols && /^[#.]+$/.test(row)), 'mask rows: same length, only # and .').toBe(true);
    const covered = Uint8Array.from(mask.join(''), (c) => (c === '#' ? 1 : 0));
    const fc = uncoveredPolygons({ ...grid, cols, rows }, covered);
    // Whatever the golden file says, every uncovered cell belongs to exactly one polygon.
    expect(fc.features.reduce((s, f) => s + f.properties.cells, 0)).toBe(covered.filter((c) => c === 0).length);
    expectGolden('polygons', file, fc);
  });
});
