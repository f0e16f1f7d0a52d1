/**
 * Uncovered areas as polygons by cell-boundary tracing: every boundary between an uncovered and a covered (or
 * off-raster) cell is walked with the uncovered side on the left, which yields counter-clockwise exteriors and
 * clockwise holes as RFC 7946 asks. At a vertex where two uncovered cells touch only diagonally the walk turns so as
 * to keep them apart, so each polygon is exactly one 4-connected component of uncovered cells and rings never cross.
 * Holes are attached to their polygon through the component label of the cell on their left — no point-in-polygon.
 * Only corners are emitted (collinear vertices dropped). Coordinates are metres in the raster's CRS, not WGS 84.
 */

import type { RasterGrid } from './raster-grid.ts';

/** A GeoJSON FeatureCollection of Polygons in the raster's metric CRS. */
export interface PolygonFeatureCollection {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    properties: { cells: number; areaM2: number };
    geometry: { type: 'Polygon'; coordinates: [number, number][][] };
  }[];
}

/**
 * Traces the cells where `covered[i] === 0` into one polygon per 4-connected component.
 *
 * @example
 * uncoveredPolygons({ originX: 0, originY: 20, cellSize: 10, cols: 2, rows: 2 }, Uint8Array.of(0, 1, 1, 1));
 * // one square: [[[0,10],[10,10],[10,20],[0,20],[0,10]]]
 */
export function uncoveredPolygons(grid: RasterGrid, covered: Uint8Array): PolygonFeatureCollection {
  const { cols, rows, cellSize: cs, originX } = grid;
  const south = grid.originY - rows * cs;
  // y-up cell coordinates: cell (x, y) is raster (col = x, row = rows − 1 − y).
  const inside = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < cols && y < rows && covered[(rows - 1 - y) * cols + x] === 0;

  // 4-connected component labels (flood fill with an explicit stack).
  const label = new Int32Array(cols * rows).fill(-1);
  const cellsPer: number[] = [];
  const stack = new Int32Array(cols * rows);
  for (let start = 0; start < cols * rows; start++) {
    if (covered[start] !== 0 || label[start] !== -1) continue;
    const id = cellsPer.length;
    let sp = 0, count = 0;
    stack[sp++] = start;
    label[start] = id;
    while (sp > 0) {
      const c = stack[--sp]!;
      count++;
      const col = c % cols, row = (c - col) / cols;
      if (col > 0 && covered[c - 1] === 0 && label[c - 1] === -1) { label[c - 1] = id; stack[sp++] = c - 1; }
      if (col < cols - 1 && covered[c + 1] === 0 && label[c + 1] === -1) { label[c + 1] = id; stack[sp++] = c + 1; }
      if (row > 0 && covered[c - cols] === 0 && label[c - cols] === -1) { label[c - cols] = id; stack[sp++] = c - cols; }
      if (row < rows - 1 && covered[c + cols] === 0 && label[c + cols] === -1) { label[c + cols] = id; stack[sp++] = c + cols; }
    }
    cellsPer.push(count);
  }
  const labelAt = (x: number, y: number): number => label[(rows - 1 - y) * cols + x]!;

  const DX = [1, 0, -1, 0], DY = [0, 1, 0, -1];
  // Ahead-left / ahead-right cell offsets from the current vertex for E, N, W, S.
  const ALX = [0, -1, -1, 0], ALY = [0, 0, -1, -1];
  const ARX = [0, 0, -1, -1], ARY = [-1, 0, 0, -1];
  const visitedE = new Uint8Array(cols * (rows + 1));
  const outers: [number, number][][][] = cellsPer.map(() => []);
  const holes: [number, number][][][] = cellsPer.map(() => []);
  const X = (x: number): number => originX + x * cs;
  const Y = (y: number): number => south + y * cs;

  for (let y = 0; y <= rows; y++) {
    for (let x = 0; x < cols; x++) {
      // A not-yet-walked eastward boundary edge: uncovered above, covered/off-raster below.
      if (visitedE[y * cols + x] || !inside(x, y) || inside(x, y - 1)) continue;
      const ring: [number, number][] = [];
      let vx = x, vy = y, d = 0;
      let area2 = 0;
      do {
        if (d === 0) visitedE[vy * cols + vx] = 1;
        const nx = vx + DX[d]!, ny = vy + DY[d]!;
        area2 += vx * ny - nx * vy;
        vx = nx;
        vy = ny;
        const d0 = d;
        const al = inside(vx + ALX[d]!, vy + ALY[d]!);
        const ar = inside(vx + ARX[d]!, vy + ARY[d]!);
        if (al && ar) d = (d + 3) & 3; // turn right
        else if (!al) d = (d + 1) & 3; // turn left (also keeps diagonal neighbours apart)
        if (d !== d0) ring.push([X(vx), Y(vy)]);
      } while (!(vx === x && vy === y && d === 0));
      ring.push([ring[0]![0], ring[0]![1]]);
      const comp = labelAt(x, y);
      if (area2 > 0) outers[comp]!.push(ring);
      else holes[comp]!.push(ring);
    }
  }

  const features: PolygonFeatureCollection['features'] = [];
  for (let c = 0; c < cellsPer.length; c++) {
    const outer = outers[c]![0];
    if (!outer) continue;
    features.push({
      type: 'Feature',
      properties: { cells: cellsPer[c]!, areaM2: cellsPer[c]! * cs * cs },
      geometry: { type: 'Polygon', coordinates: [outer, ...holes[c]!] },
    });
  }
  return { type: 'FeatureCollection', features };
}
