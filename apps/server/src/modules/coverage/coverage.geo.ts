/**
 * The geometry a coverage run needs around the engine: a local metric projection of the jurisdiction (the engine
 * works in metres), district outlines burnt into the raster by scanline, and a point-in-outline test for what-if
 * sirens. Pure functions, no I/O.
 */

/** Local equirectangular projection about (lng0, lat0): within a city (≈100 km) its scale error is under 0.2 %. */
export interface Projection {
  lng0: number;
  lat0: number;
  /** Metres per degree of longitude and of latitude at lat0. */
  kx: number;
  ky: number;
}

/** Metres per degree at `lat0` (the usual series for the WGS 84 ellipsoid). */
export function projectionAt(lng0: number, lat0: number): Projection {
  const phi = (lat0 * Math.PI) / 180;
  return {
    lng0, lat0,
    kx: 111_412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi) + 0.118 * Math.cos(5 * phi),
    ky: 111_132.954 - 559.822 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi),
  };
}

export const toMetric = (p: Projection, lng: number, lat: number): [number, number] => [(lng - p.lng0) * p.kx, (lat - p.lat0) * p.ky];
export const toLngLat = (p: Projection, x: number, y: number): [number, number] => [
  Math.round((p.lng0 + x / p.kx) * 1e6) / 1e6, Math.round((p.lat0 + y / p.ky) * 1e6) / 1e6,
];

export type Ring = Array<[number, number]>;

/** The rings (outer and holes alike) of a GeoJSON Polygon or MultiPolygon; anything else has none. */
export function ringsOf(geometry: { type: string; coordinates: unknown }): Ring[] {
  if (geometry.type === 'Polygon') return geometry.coordinates as Ring[];
  if (geometry.type === 'MultiPolygon') return (geometry.coordinates as Ring[][]).flat();
  return [];
}

/** Even-odd point-in-rings: holes and islands of a multipolygon need no special case. */
export function insideRings(rings: readonly Ring[], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!, [xj, yj] = ring[j]!;
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** The raster of a run (the engine's convention: origin at the west and NORTH edges, row 0 northmost). */
export interface Grid {
  originX: number;
  originY: number;
  cellSize: number;
  cols: number;
  rows: number;
}

/** The grid of whole cells covering `rings` (metric), aligned on multiples of the cell size so it is reproducible. */
export function gridAround(rings: readonly Ring[], cellSize: number): Grid {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const ring of rings) for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (!Number.isFinite(minX)) return { originX: 0, originY: cellSize, cellSize, cols: 1, rows: 1 };
  const originX = Math.floor(minX / cellSize) * cellSize;
  const originY = Math.ceil(maxY / cellSize) * cellSize;
  return {
    originX, originY, cellSize,
    cols: Math.max(1, Math.ceil((maxX - originX) / cellSize)),
    rows: Math.max(1, Math.ceil((originY - minY) / cellSize)),
  };
}

/**
 * Calls `span(row, c0, c1)` for every run of cells (columns c0..c1 of a row) whose centres lie inside `rings`
 * (even-odd, so holes need no special case): the crossings of each row's centre line with every edge, sorted, taken in
 * pairs. O(rows × edges + cells). Cell centres never lie on a traced cell boundary, so a polygon the engine traced
 * from cells gives back exactly those cells.
 */
export function forEachSpan(grid: Grid, rings: readonly Ring[], span: (row: number, c0: number, c1: number) => void): void {
  const { originX, originY, cellSize: cs, cols, rows } = grid;
  let minY = Infinity, maxY = -Infinity;
  for (const ring of rings) for (const [, y] of ring) { if (y < minY) minY = y; if (y > maxY) maxY = y; }
  if (!Number.isFinite(minY)) return;
  const rowFrom = Math.max(0, Math.floor((originY - maxY) / cs - 0.5));
  const rowTo = Math.min(rows - 1, Math.ceil((originY - minY) / cs - 0.5));
  const xs: number[] = [];
  for (let row = rowFrom; row <= rowTo; row++) {
    const y = originY - (row + 0.5) * cs;
    xs.length = 0;
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!, [xj, yj] = ring[j]!;
        if ((yi > y) !== (yj > y)) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
      }
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // Cells whose centre originX + (col + 0.5)·cs lies in [xs[k], xs[k+1]).
      const c0 = Math.max(0, Math.ceil((xs[k]! - originX) / cs - 0.5));
      const c1 = Math.min(cols - 1, Math.ceil((xs[k + 1]! - originX) / cs - 0.5) - 1);
      if (c1 >= c0) span(row, c0, c1);
    }
  }
}

/** Writes `value` into every cell whose centre lies inside `rings`; answers how many. */
export function burnRings(grid: Grid, rings: readonly Ring[], labels: Int32Array, value: number): number {
  let filled = 0;
  forEachSpan(grid, rings, (row, c0, c1) => {
    labels.fill(value, row * grid.cols + c0, row * grid.cols + c1 + 1);
    filled += c1 - c0 + 1;
  });
  return filled;
}

/** Sum of `values` over the cells whose centre lies inside `rings`. */
export function sumInside(grid: Grid, rings: readonly Ring[], values: Float32Array | Float64Array): number {
  let sum = 0;
  forEachSpan(grid, rings, (row, c0, c1) => {
    for (let i = row * grid.cols + c0; i <= row * grid.cols + c1; i++) sum += values[i]!;
  });
  return sum;
}
