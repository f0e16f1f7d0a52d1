/**
 * A static uniform-grid point index in CSR form (cell start offsets + item ids sorted by cell): built once in O(n),
 * queried without allocation. Chosen over a k-d tree because every engine query is a fixed-radius disc and the
 * points (shelters, sirens) are spread at a roughly known density.
 */

/** A grid index over points `(x[i], y[i])` in metres. */
export class GridIndex {
  readonly cellSize: number;
  readonly minX: number;
  readonly minY: number;
  readonly cols: number;
  readonly rows: number;
  /** `items[cellStart[c] .. cellStart[c+1])` are the point ids in cell `c = row * cols + col`. */
  readonly cellStart: Int32Array;
  readonly items: Int32Array;
  readonly x: Float64Array;
  readonly y: Float64Array;

  /**
   * Builds the index. `cellSize` is typically half the query radius.
   *
   * @example
   * const g = new GridIndex(Float64Array.of(0, 500), Float64Array.of(0, 0), 250);
   * g.within(0, 0, 100); // [0]
   */
  constructor(x: Float64Array, y: Float64Array, cellSize: number) {
    const n = x.length;
    this.x = x;
    this.y = y;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!, yi = y[i]!;
      if (xi < minX) minX = xi;
      if (xi > maxX) maxX = xi;
      if (yi < minY) minY = yi;
      if (yi > maxY) maxY = yi;
    }
    if (n === 0) minX = minY = maxX = maxY = 0;
    // Cap the cell count so a tiny radius over a huge extent cannot exhaust memory.
    let cs = Math.max(cellSize, 1e-9);
    while (((maxX - minX) / cs + 1) * ((maxY - minY) / cs + 1) > 4 * n + 1024) cs *= 2;
    this.cellSize = cs;
    this.minX = minX;
    this.minY = minY;
    this.cols = Math.floor((maxX - minX) / cs) + 1;
    this.rows = Math.floor((maxY - minY) / cs) + 1;
    const cellOf = new Int32Array(n);
    const start = new Int32Array(this.cols * this.rows + 1);
    for (let i = 0; i < n; i++) {
      const c = Math.floor((y[i]! - minY) / cs) * this.cols + Math.floor((x[i]! - minX) / cs);
      cellOf[i] = c;
      start[c + 1]!++;
    }
    for (let c = 0; c < this.cols * this.rows; c++) start[c + 1] = start[c + 1]! + start[c]!;
    const fill = start.slice(0, -1);
    const items = new Int32Array(n);
    for (let i = 0; i < n; i++) items[fill[cellOf[i]!]!++] = i;
    this.cellStart = start;
    this.items = items;
  }

  /** Column range `[c0, c1]` and row range `[r0, r1]` of cells that may hold points within `r` of `(px, py)`. */
  cellBox(px: number, py: number, r: number): [number, number, number, number] {
    const cs = this.cellSize;
    const c0 = Math.max(0, Math.floor((px - r - this.minX) / cs));
    const c1 = Math.min(this.cols - 1, Math.floor((px + r - this.minX) / cs));
    const r0 = Math.max(0, Math.floor((py - r - this.minY) / cs));
    const r1 = Math.min(this.rows - 1, Math.floor((py + r - this.minY) / cs));
    return [c0, c1, r0, r1];
  }

  /**
   * Ids of all points within distance `r` (inclusive) of `(px, py)`, in ascending id order. Convenience for
   * non-hot paths; hot loops walk `cellStart`/`items` directly.
   *
   * @example
   * new GridIndex(Float64Array.of(0, 3), Float64Array.of(0, 4), 5).within(0, 0, 5); // [0, 1]
   */
  within(px: number, py: number, r: number): number[] {
    const out: number[] = [];
    const [c0, c1, r0, r1] = this.cellBox(px, py, r);
    const r2 = r * r;
    for (let row = r0; row <= r1; row++) {
      for (let col = c0; col <= c1; col++) {
        const c = row * this.cols + col;
        for (let k = this.cellStart[c]!; k < this.cellStart[c + 1]!; k++) {
          const j = this.items[k]!;
          const dx = this.x[j]! - px, dy = this.y[j]! - py;
          if (dx * dx + dy * dy <= r2) out.push(j);
        }
      }
    }
    return out.sort((a, b) => a - b);
  }
}
