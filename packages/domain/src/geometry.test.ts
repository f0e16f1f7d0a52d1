import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drillFieldEditable } from './response.ts';
import { pointInRing, shapeProblems } from './geometry.ts';

const square = [[120, 32], [120.01, 32], [120.01, 32.01], [120, 32.01], [120, 32]];

describe('shapeProblems', () => {
  it('accepts a closed polygon, a line and a point', () => {
    expect(shapeProblems({ type: 'Polygon', coordinates: [square] })).toEqual([]);
    expect(shapeProblems({ type: 'MultiPolygon', coordinates: [[square]] })).toEqual([]);
    expect(shapeProblems({ type: 'LineString', coordinates: [[120, 32], [120.1, 32.1]] })).toEqual([]);
    expect(shapeProblems({ type: 'Point', coordinates: [120, 32] })).toEqual([]);
  });
  it('names the ring that is not closed', () => {
    const open = square.slice(0, 4).concat([[120.005, 32.02]]);
    expect(shapeProblems({ type: 'MultiPolygon', coordinates: [[square], [open]] })).toMatchObject([{ path: 'coordinates.1.0', rule: 'closed_ring' }]);
  });
  it('refuses a ring or a line with too few distinct points, and a latitude beyond 90', () => {
    expect(shapeProblems({ type: 'Polygon', coordinates: [[[1, 1], [2, 2], [1, 1], [1, 1]]] })[0]?.rule).toBe('too_few_points');
    expect(shapeProblems({ type: 'LineString', coordinates: [[1, 1], [1, 1]] })[0]?.rule).toBe('too_few_points');
    expect(shapeProblems({ type: 'Point', coordinates: [120, 91] })).toMatchObject([{ path: 'coordinates', rule: 'lnglat' }]);
  });
});

describe('drillFieldEditable', () => {
  it('lets every field change before the start and only the title and participants after it', () => {
    expect(drillFieldEditable('planned', 'scenario')).toBe(true);
    expect(drillFieldEditable('running', 'scenario')).toBe(false);
    expect(drillFieldEditable('running', 'participants')).toBe(true);
    expect(drillFieldEditable('assessed', 'criteria')).toBe(false);
    expect(drillFieldEditable('ended', 'title')).toBe(true);
  });
});

describe('pointInRing', () => {
  // An L-shaped area: the notch is outside, though inside the bounding box.
  const l = [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]];
  it('tells inside from outside, the notch of a concave ring included, closed or not', () => {
    expect(pointInRing([0.5, 0.5], l)).toBe(true);
    expect(pointInRing([0.5, 1.5], l)).toBe(true);
    expect(pointInRing([1.5, 1.5], l)).toBe(false);
    expect(pointInRing([3, 0.5], l)).toBe(false);
    expect(pointInRing([1.5, 0.5], l.slice(0, -1))).toBe(true);
  });
  it('agrees with a rectangle\'s bounds for any point off its edges', () => {
    fc.assert(fc.property(fc.double({ min: -1, max: 3, noNaN: true }), fc.double({ min: -1, max: 3, noNaN: true }), (x, y) => {
      fc.pre(x !== 0 && x !== 2 && y !== 0 && y !== 1);
      expect(pointInRing([x, y], [[0, 0], [2, 0], [2, 1], [0, 1]])).toBe(x > 0 && x < 2 && y > 0 && y < 1);
    }));
  });
});
