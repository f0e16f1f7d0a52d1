import { describe, expect, it } from 'vitest';
import { closedPolygon, outerRing, sameRing } from './shapes.ts';

describe('outerRing and closedPolygon', () => {
  it('turn a stored footprint into the corners the map edits and back', () => {
    const corners: Array<[number, number]> = [[120.8, 32], [120.81, 32], [120.81, 32.01]];
    const stored = { type: 'MultiPolygon', coordinates: [closedPolygon(corners).coordinates] };
    expect(outerRing(stored)).toEqual(corners);
    expect(closedPolygon(outerRing(stored)).coordinates[0]).toEqual([...corners, corners[0]]);
    expect(outerRing(null)).toEqual([]);
  });
  it('tells a redrawn ring from the one read', () => {
    expect(sameRing([[1, 2], [3, 4], [5, 6]], [[1, 2], [3, 4], [5, 6]])).toBe(true);
    expect(sameRing([[1, 2], [3, 4], [5, 6]], [[1, 2], [3, 4], [5, 7]])).toBe(false);
    expect(sameRing([], [[1, 2]])).toBe(false);
  });
});
