/**
 * The in-memory spatial index behind the nearest-shelter answer: when the sirens sound, a whole city asks at once,
 * and each answer must cost microseconds, not a database round trip. Works sit in a grid of 0.01° cells (≈ 1 km);
 * a query visits rings of cells outwards until the k-th candidate is nearer than any cell not yet visited.
 * Distances are measured to the nearest entrance (where the person must walk to), falling back to the work's point.
 */
import { haversineM, type LngLat } from '@civdef/domain';

const CELL_DEG = 0.01;
/** Metres per degree of latitude; a degree of longitude is this times cos(latitude). */
const M_PER_DEG = 111_320;
/** Rings visited before giving up on the grid and scanning everything (60 km: beyond it a walk is no answer anyway). */
const MAX_RINGS = 60;

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

const cellOf = (lng: number, lat: number) => [Math.floor(lng / CELL_DEG), Math.floor(lat / CELL_DEG)] as const;
/**
 * A cell's key as one integer (cy spans ±9,000 cells, so the pair is unique; ±18,000 × 40,000 stays a small integer):
 * each query looks up tens of cells, and a string key per look-up was garbage on the hottest path.
 */
const keyOf = (cx: number, cy: number) => cx * 40_000 + cy;

/** Distance from `p` to the item's nearest entrance (or its point). */
export function distanceTo<T extends IndexedPoint>(item: T, p: LngLat): Hit<T> {
  const entrances = item.entrances;
  if (entrances.length === 0) return { item, distanceM: haversineM(p, [item.lng, item.lat]), entrance: null };
  // The first entrance strictly nearer than those before it wins (one hit object, not one per nearer entrance).
  let distanceM = Infinity;
  let entrance: IndexedPoint['entrances'][number] | null = null;
  for (let i = 0; i < entrances.length; i++) {
    const e = entrances[i]!;
    const d = haversineM(p, [e.lng, e.lat]);
    if (d < distanceM) {
      distanceM = d;
      entrance = e;
    }
  }
  return { item, distanceM, entrance };
}

export class SpatialIndex<T extends IndexedPoint> {
  private readonly byId = new Map<number, T>();
  private readonly cells = new Map<number, T[]>();
  /** Moves on every change: part of the public answers' ETag. */
  version = 0;

  get size(): number {
    return this.byId.size;
  }

  all(): IterableIterator<T> {
    return this.byId.values();
  }

  get(id: number): T | undefined {
    return this.byId.get(id);
  }

  /** Replaces the whole content (the first load, and the periodic full reload). */
  replaceAll(items: readonly T[]): void {
    this.byId.clear();
    this.cells.clear();
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
   * The `k` items nearest `p` that pass `accept`, nearest first, each with its distance in metres (to its nearest
   * entrance). Exact: a ring is only trusted once every unvisited cell lies farther than the k-th hit.
   */
  nearest(p: LngLat, k: number, accept: (item: T) => boolean = () => true): Hit<T>[] {
    if (k <= 0 || this.byId.size === 0) return [];
    const [cx, cy] = cellOf(p[0], p[1]);
    // Entrances may lie a little outside their work's cell: allow for it in the bound.
    const slackM = 300;
    const mPerDegLng = M_PER_DEG * Math.cos((Math.min(85, Math.abs(p[1]) + 1) * Math.PI) / 180);
    const hits: Hit<T>[] = [];
    for (let r = 0; r <= MAX_RINGS; r++) {
      // The cells of ring r, in the same order as a scan of the whole square (x, then y) would meet them: only
      // its first and last columns are whole, the columns between contribute their top and bottom cells.
      for (let x = cx - r; x <= cx + r; x++) {
        const edge = x === cx - r || x === cx + r;
        for (let y = cy - r; y <= cy + r; y = edge || y === cy + r ? y + 1 : cy + r) {
          const list = this.cells.get(keyOf(x, y));
          if (list) for (const it of list) if (accept(it)) hits.push(distanceTo(it, p));
        }
      }
      if (hits.length >= k) {
        hits.sort((a, b) => a.distanceM - b.distanceM);
        // Cells beyond ring r are at least r cells away along one axis.
        const unvisitedM = r * CELL_DEG * Math.min(M_PER_DEG, mPerDegLng) - slackM;
        if (hits[k - 1]!.distanceM <= unvisitedM) return hits.slice(0, k);
      }
    }
    // Sparse data or far away: every item, exactly.
    const every: Hit<T>[] = [];
    for (const it of this.byId.values()) if (accept(it)) every.push(distanceTo(it, p));
    return every.sort((a, b) => a.distanceM - b.distanceM).slice(0, k);
  }

  private insert(it: T): void {
    this.byId.set(it.id, it);
    const [x, y] = cellOf(it.lng, it.lat);
    const key = keyOf(x, y);
    const list = this.cells.get(key);
    if (list) list.push(it);
    else this.cells.set(key, [it]);
  }

  private remove(id: number): void {
    const it = this.byId.get(id);
    if (!it) return;
    this.byId.delete(id);
    const [x, y] = cellOf(it.lng, it.lat);
    const key = keyOf(x, y);
    const list = (this.cells.get(key) ?? []).filter((o) => o.id !== id);
    if (list.length) this.cells.set(key, list);
    else this.cells.delete(key);
  }
}
