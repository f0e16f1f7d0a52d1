/**
 * The in-memory spatial index behind the nearest-shelter answer: when the sirens sound, a whole city asks at once,
 * and each answer must cost microseconds, not a database round trip. Works sit in a grid of 0.01° cells (≈ 1 km);
 * a query visits rings of cells outwards until the k-th candidate is nearer than anything not yet visited can be.
 * Distances are measured to the nearest entrance (where the person must walk to), falling back to the work's point.
 *
 * Phones ask from their own GPS fixes, so almost every answer is a search (the answer cache seldom hits): a query
 * keeps only its k best so far, and skips a cell, a work or an entrance whose lower bound on the distance already
 * exceeds the k-th, so of the hundreds of entrances around a point only tens are measured exactly. The bounds are
 * rigorous (below), so the answer is the one a full scan gives: the same works, metres and entrances, and equally near
 * works by id — whatever order the works were loaded or changed in, the index answers as a fresh load of them does.
 */
import { cosOfLatitude, EARTH_RADIUS_M, haversineCosM, type LngLat } from '@civdef/domain';

const CELL_DEG = 0.01;
/** Rings visited before giving up on the grid and scanning everything (60 km: beyond it a walk is no answer anyway). */
const MAX_RINGS = 60;
const RAD = Math.PI / 180;
/**
 * Bounds are shrunk by this factor before they may exclude anything: they and the exact distances are each a few
 * roundings away from the true value (relative errors near 1e-15), so a margin of 1e-9 keeps every bound below.
 */
const BOUND_MARGIN = 1 - 1e-9;

export interface IndexedPoint {
  id: number;
  lng: number;
  lat: number;
  entrances: ReadonlyArray<{ kind: string; lng: number; lat: number }>;
}

export interface Hit<T> {
  item: T;
  distanceM: number;
  /** The entrance the distance was measured to, or null when the work has none on record. */
  entrance: { kind: string; lng: number; lat: number } | null;
}

/** Distance from `p` to the item's nearest entrance (or its point): the first of equally near entrances wins. */
export function distanceTo<T extends IndexedPoint>(item: T, p: LngLat): Hit<T> {
  const entrances = item.entrances;
  const pCos = cosOfLatitude(p[1]);
  if (entrances.length === 0) return { item, distanceM: haversineCosM(p[0], p[1], pCos, item.lng, item.lat, cosOfLatitude(item.lat)), entrance: null };
  let distanceM = Infinity;
  let entrance: IndexedPoint['entrances'][number] | null = null;
  for (let i = 0; i < entrances.length; i++) {
    const e = entrances[i]!;
    const d = haversineCosM(p[0], p[1], pCos, e.lng, e.lat, cosOfLatitude(e.lat));
    if (d < distanceM) {
      distanceM = d;
      entrance = e;
    }
  }
  return { item, distanceM, entrance };
}

/** A box of [lng, lat] points and the smallest cosine of a latitude in it: what a lower bound needs. */
interface Box {
  minLng: number;
  maxLng: number;
  minLat: number;
  maxLat: number;
  cosMin: number;
}

/** An indexed work: the points it is measured to (its entrances, or its own point) with their cosines, and their box. */
interface Placed<T> extends Box {
  item: T;
  lngs: Float64Array;
  lats: Float64Array;
  coss: Float64Array;
}

interface Cell<T> extends Box {
  items: Placed<T>[];
}

const cellOf = (lng: number, lat: number) => [Math.floor(lng / CELL_DEG), Math.floor(lat / CELL_DEG)] as const;
/**
 * A cell's key as one integer (cy spans ±9,000 cells, so the pair is unique; ±18,000 × 40,000 stays a small integer):
 * each query looks up tens of cells, and a string key per look-up was garbage on the hottest path.
 */
const keyOf = (cx: number, cy: number) => cx * 40_000 + cy;

/** sin x ≥ x − x³/6 for x ≥ 0: a lower bound of the sine without calling it. */
const sinBelow = (x: number) => x - (x * x * x) / 6;

/**
 * A lower bound of the great-circle metres from (lng, lat) with cosine `pCos` to any point of the box. With Δφ and Δλ
 * the gaps to the box, the haversine h = sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2) is at least the same with the smallest
 * cosine and the smallest gaps, and 2R·asin(√h) ≥ 2R·√h. (Longitudes do not wrap, as the grid's cells do not.)
 */
function boundM(b: Box, lng: number, lat: number, pCos: number): number {
  const gapLat = b.minLat > lat ? b.minLat - lat : lat > b.maxLat ? lat - b.maxLat : 0;
  const gapLng = b.minLng > lng ? b.minLng - lng : lng > b.maxLng ? lng - b.maxLng : 0;
  if (gapLat === 0 && gapLng === 0) return 0;
  const a = sinBelow((gapLat * RAD) / 2);
  const c = sinBelow((gapLng * RAD) / 2);
  return 2 * EARTH_RADIUS_M * Math.sqrt(a * a + pCos * b.cosMin * c * c) * BOUND_MARGIN;
}

function place<T extends IndexedPoint>(item: T): Placed<T> {
  const pts = item.entrances.length ? item.entrances : [item];
  const placed: Placed<T> = {
    item, lngs: new Float64Array(pts.length), lats: new Float64Array(pts.length), coss: new Float64Array(pts.length),
    minLng: Infinity, maxLng: -Infinity, minLat: Infinity, maxLat: -Infinity, cosMin: Infinity,
  };
  pts.forEach((e, i) => {
    placed.lngs[i] = e.lng;
    placed.lats[i] = e.lat;
    placed.coss[i] = cosOfLatitude(e.lat);
  });
  grow(placed, placed);
  return placed;
}

/** Widens `box` to take in the points of `p`. */
function grow(box: Box, p: Placed<unknown>): void {
  for (let i = 0; i < p.lngs.length; i++) {
    box.minLng = Math.min(box.minLng, p.lngs[i]!);
    box.maxLng = Math.max(box.maxLng, p.lngs[i]!);
    box.minLat = Math.min(box.minLat, p.lats[i]!);
    box.maxLat = Math.max(box.maxLat, p.lats[i]!);
    box.cosMin = Math.min(box.cosMin, p.coss[i]!);
  }
}

const emptyBox = (): Box => ({ minLng: Infinity, maxLng: -Infinity, minLat: Infinity, maxLat: -Infinity, cosMin: Infinity });

export class SpatialIndex<T extends IndexedPoint> {
  private readonly byId = new Map<number, Placed<T>>();
  private readonly cells = new Map<number, Cell<T>>();
  /**
   * How far (degrees) any work's entrances reach out of its cell, and the smallest cosine of any indexed latitude:
   * the bound on what the unvisited rings may hold. Only ever widened between full loads (a removed work leaves them
   * as they were, which keeps the bound true, if a little less sharp).
   */
  private reachDeg = 0;
  private cosMin = 1;
  /** Moves on every change: part of the public answers' ETag. */
  version = 0;

  get size(): number {
    return this.byId.size;
  }

  *all(): IterableIterator<T> {
    for (const p of this.byId.values()) yield p.item;
  }

  get(id: number): T | undefined {
    return this.byId.get(id)?.item;
  }

  /** Replaces the whole content (the first load, and the periodic full reload). */
  replaceAll(items: readonly T[]): void {
    this.byId.clear();
    this.cells.clear();
    this.reachDeg = 0;
    this.cosMin = 1;
    for (const it of items) this.insert(it);
    this.version++;
  }

  /** Applies a reload of `ids`: the ones in `fresh` are (re)placed, the others are gone (no longer public or in service). */
  update(ids: readonly number[], fresh: readonly T[]): void {
    for (const id of ids) this.remove(id);
    for (const it of fresh) {
      this.remove(it.id);
      this.insert(it);
    }
    this.version++;
  }

  /**
   * The `k` items nearest `p` that pass `accept`, nearest first (equally near ones by id), each with its distance in
   * metres (to its nearest entrance). Exact: a ring is only trusted once nothing unvisited can be as near.
   */
  nearest(p: LngLat, k: number, accept: (item: T) => boolean = () => true): Hit<T>[] {
    if (k <= 0 || this.byId.size === 0) return [];
    const [lng, lat] = p;
    const pCos = cosOfLatitude(lat);
    const top = new TopK<T>(k);
    const [cx, cy] = cellOf(lng, lat);
    for (let r = 0; r <= MAX_RINGS; r++) {
      // The cells of ring r, in the same order as a scan of the whole square (x, then y) would meet them: only
      // its first and last columns are whole, the columns between contribute their top and bottom cells.
      for (let x = cx - r; x <= cx + r; x++) {
        const edge = x === cx - r || x === cx + r;
        for (let y = cy - r; y <= cy + r; y = edge || y === cy + r ? y + 1 : cy + r) {
          const cell = this.cells.get(keyOf(x, y));
          if (cell && !(top.full && boundM(cell, lng, lat, pCos) > top.worst)) {
            for (const placed of cell.items) top.consider(placed, lng, lat, pCos, accept);
          }
        }
      }
      // Strictly nearer: an unvisited work as near as the k-th with a smaller id would come before it.
      if (top.full && top.worst < this.unvisitedM(cx, cy, r, lng, lat, pCos)) return top.hits();
    }
    // Sparse data or far away: every item, exactly.
    const every = new TopK<T>(k);
    for (const placed of this.byId.values()) every.consider(placed, lng, lat, pCos, accept);
    return every.hits();
  }

  /** A lower bound of the metres from p to any entrance of a work whose point lies outside the square of rings 0..r. */
  private unvisitedM(cx: number, cy: number, r: number, lng: number, lat: number, pCos: number): number {
    const west = (cx - r) * CELL_DEG + this.reachDeg;
    const east = (cx + r + 1) * CELL_DEG - this.reachDeg;
    const south = (cy - r) * CELL_DEG + this.reachDeg;
    const north = (cy + r + 1) * CELL_DEG - this.reachDeg;
    const gapLng = Math.min(lng - west, east - lng);
    const gapLat = Math.min(lat - south, north - lat);
    if (!(gapLng > 0 && gapLat > 0)) return 0;
    // Out of the square means beyond gapLat in latitude or beyond gapLng in longitude: the nearer of the two bounds.
    const a = sinBelow((gapLat * RAD) / 2);
    const c = sinBelow((gapLng * RAD) / 2);
    return 2 * EARTH_RADIUS_M * Math.min(a, Math.sqrt(pCos * this.cosMin) * c) * BOUND_MARGIN;
  }

  private insert(it: T): void {
    const placed = place(it);
    this.byId.set(it.id, placed);
    const [x, y] = cellOf(it.lng, it.lat);
    this.reachDeg = Math.max(this.reachDeg, x * CELL_DEG - placed.minLng, placed.maxLng - (x + 1) * CELL_DEG,
      y * CELL_DEG - placed.minLat, placed.maxLat - (y + 1) * CELL_DEG);
    this.cosMin = Math.min(this.cosMin, placed.cosMin);
    const key = keyOf(x, y);
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = { ...emptyBox(), items: [] }));
    cell.items.push(placed);
    grow(cell, placed);
  }

  private remove(id: number): void {
    const placed = this.byId.get(id);
    if (!placed) return;
    this.byId.delete(id);
    const [x, y] = cellOf(placed.item.lng, placed.item.lat);
    const key = keyOf(x, y);
    const items = (this.cells.get(key)?.items ?? []).filter((o) => o !== placed);
    if (!items.length) {
      this.cells.delete(key);
      return;
    }
    // The cell's box is worked out again from what stays in it (a cell holds a handful of works).
    const cell: Cell<T> = { ...emptyBox(), items };
    for (const o of items) grow(cell, o);
    this.cells.set(key, cell);
  }
}

/**
 * The k best candidates so far by (metres, id): equals ordered by id, not by the order they were met in, which
 * depends on the order works were indexed (a changed work goes to the end of its cell) — so an index kept current by
 * changes answers as a fresh load does.
 */
class TopK<T extends IndexedPoint> {
  private readonly dist: Float64Array;
  private readonly placed: Array<Placed<T>>;
  private readonly point: Int32Array;
  private count = 0;

  constructor(private readonly k: number) {
    this.dist = new Float64Array(k);
    this.placed = new Array<Placed<T>>(k);
    this.point = new Int32Array(k);
  }

  get full(): boolean {
    return this.count === this.k;
  }

  /** The k-th distance (Infinity until there are k). */
  get worst(): number {
    return this.count === this.k ? this.dist[this.k - 1]! : Infinity;
  }

  /** Whether (d, id) comes before the i-th candidate. */
  private before(d: number, id: number, i: number): boolean {
    return d < this.dist[i]! || (d === this.dist[i]! && id < this.placed[i]!.item.id);
  }

  consider(placed: Placed<T>, lng: number, lat: number, pCos: number, accept: (item: T) => boolean): void {
    const worst = this.worst;
    if (worst !== Infinity && boundM(placed, lng, lat, pCos) > worst) return;
    if (!accept(placed.item)) return;
    // The nearest of its points, the first of equals; a point whose latitude alone puts it beyond the best so far
    // (or beyond the k-th) cannot win and is not measured.
    let best = Infinity;
    let at = -1;
    const { lngs, lats, coss } = placed;
    for (let i = 0; i < lngs.length; i++) {
      const limit = best < worst ? best : worst;
      if (limit !== Infinity && EARTH_RADIUS_M * Math.abs(lats[i]! - lat) * RAD * BOUND_MARGIN > limit) continue;
      const d = haversineCosM(lng, lat, pCos, lngs[i]!, lats[i]!, coss[i]!);
      if (d < best) {
        best = d;
        at = i;
      }
    }
    const id = placed.item.id;
    if (at < 0 || (this.count === this.k && !this.before(best, id, this.k - 1))) return;
    let i = this.count < this.k ? this.count++ : this.k - 1;
    for (; i > 0 && this.before(best, id, i - 1); i--) {
      this.dist[i] = this.dist[i - 1]!;
      this.placed[i] = this.placed[i - 1]!;
      this.point[i] = this.point[i - 1]!;
    }
    this.dist[i] = best;
    this.placed[i] = placed;
    this.point[i] = at;
  }

  hits(): Hit<T>[] {
    const out: Hit<T>[] = [];
    for (let i = 0; i < this.count; i++) {
      const placed = this.placed[i]!;
      const item = placed.item;
      out.push({ item, distanceM: this.dist[i]!, entrance: item.entrances.length ? item.entrances[this.point[i]!]! : null });
    }
    return out;
  }
}
