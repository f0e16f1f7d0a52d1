/**
 * The metric raster shared by coverage, its polygon tracing and placement (kept apart from `coverage.ts` so the
 * polygon tracer does not import the module that imports it).
 *
 * Raster convention (as GeoTIFF "pixel is area"): `originX` is the west edge, `originY` the NORTH edge, row 0 is the
 * northernmost row, cells are square `cellSize` metres, arrays are row-major (`index = row * cols + col`). Cell
 * (col, row) covers x ∈ [originX + col·cs, originX + (col+1)·cs], y ∈ [originY − (row+1)·cs, originY − row·cs] and its
 * level is evaluated at the centre.
 */

import { EngineError } from '../errors.ts';

/** A metric raster grid (see the module comment for the convention). */
export interface RasterGrid {
  originX: number;
  originY: number;
  cellSize: number;
  cols: number;
  rows: number;
}

function fail(field: string, rule: string): never {
  throw new EngineError('ENGINE_COVERAGE_BAD_INPUT', field, rule);
}

/**
 * Validates a grid (positive cell size, positive integer dimensions, at most 400 million cells, finite origin);
 * throws `ENGINE_COVERAGE_BAD_INPUT` naming the field.
 *
 * @example
 * checkGrid({ originX: 0, originY: 1000, cellSize: 10, cols: 100, rows: 100 }); // passes
 * checkGrid({ originX: 0, originY: 1000, cellSize: 0, cols: 100, rows: 100 }); // throws, field 'grid.cellSize'
 */
export function checkGrid(g: RasterGrid): void {
  if (!(g.cellSize > 0) || !Number.isFinite(g.cellSize)) fail('grid.cellSize', 'must be a positive number of metres');
  if (!Number.isSafeInteger(g.cols) || g.cols <= 0 || !Number.isSafeInteger(g.rows) || g.rows <= 0) fail('grid', 'cols and rows must be positive integers');
  if (g.cols * g.rows > 400_000_000) fail('grid', 'at most 400 million cells');
  if (!Number.isFinite(g.originX) || !Number.isFinite(g.originY)) fail('grid', 'origin must be finite metres');
}
