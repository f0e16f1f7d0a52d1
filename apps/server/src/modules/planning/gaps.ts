/**
 * Gap closing (补缺选址): where a new shelter of a given size pays most, from a finished run's people without a place.
 * Candidates are the centres of a square grid over the uncovered demand; each is scored by the people still without
 * a place that it would newly cover (within the run's straight-line reach, radius ÷ detour factor, and at most the
 * places the new work holds). Sites are picked greedily, each pick taking its people off the others' scores — the
 * incremental allocation of one new work at a time, which is within (1 − 1/e) of the best set of k sites for this
 * coverage objective. Pure: no I/O.
 */
import { GridIndex } from '@civdef/engine';
import { projector } from '../../lib/allocation-model.ts';

export interface GapDemand { regionCode: string; lng: number; lat: number; unassigned: number }

export interface GapOptions {
  radiusM: number;
  detourFactor: number;
  /** Side of the candidate grid's cells (m). */
  cellM: number;
  /** Sheltering area of the new work (m²). */
  sizeM2: number;
  areaPerPersonM2: number;
  /** How many sites to pick. */
  count: number;
}

export interface GapSite {
  rank: number;
  lng: number;
  lat: number;
  /** Region of the uncovered demand nearest to the site (where the work would be built). */
  regionCode: string;
  /** People without a place within reach before this pick (after the earlier picks). */
  peopleInReach: number;
  /** People the new work covers: the people in reach, at most its places. */
  newlyCovered: number;
  /** newlyCovered ÷ sizeM2: people newly covered per m² built. */
  perM2: number;
}

export function gapSites(demand: readonly GapDemand[], opts: GapOptions): GapSite[] {
  const points = demand.filter((d) => d.unassigned > 0);
  if (points.length === 0 || opts.count <= 0) return [];
  const lng0 = points.reduce((a, p) => a + p.lng, 0) / points.length;
  const lat0 = points.reduce((a, p) => a + p.lat, 0) / points.length;
  const proj = projector(lng0, lat0);
  const xy = points.map((p) => proj.toXY(p.lng, p.lat));
  const reach = opts.radiusM / opts.detourFactor;
  const places = Math.floor(opts.sizeM2 / opts.areaPerPersonM2);
  const index = new GridIndex(Float64Array.from(xy, (p) => p[0]), Float64Array.from(xy, (p) => p[1]), Math.max(reach / 2, 1));

  // Candidate cells: every grid cell whose centre lies within reach of some uncovered point.
  const cell = opts.cellM;
  // Cell (i, j) as one number: string keys cost more than the rest of the candidate search on a city.
  const seen = new Set<number>();
  const cands: Array<{ x: number; y: number; near: number[] }> = [];
  for (const [x, y] of xy) {
    const r = Math.ceil(reach / cell);
    const cx = Math.floor(x / cell);
    const cy = Math.floor(y / cell);
    for (let i = cx - r; i <= cx + r; i++) {
      for (let j = cy - r; j <= cy + r; j++) {
        const key = i * 4_194_304 + j;
        if (seen.has(key)) continue;
        const px = (i + 0.5) * cell;
        const py = (j + 0.5) * cell;
        if (Math.hypot(px - x, py - y) > reach) continue;
        seen.add(key);
        cands.push({ x: px, y: py, near: index.within(px, py, reach) });
      }
    }
  }

  const left = points.map((p) => p.unassigned);
  const scoreOf = (c: number) => Math.min(cands[c]!.near.reduce((a, i) => a + left[i]!, 0), places);
  // Lazy greedy (CELF): a candidate's score only falls as picks take people, so a stale score is an upper bound and
  // only the candidates at the top of the queue are scored again — the same picks as rescoring all, far fewer sums.
  const heap = new MaxHeap(cands.map((_, c) => ({ c, score: scoreOf(c) })));
  const sites: GapSite[] = [];
  for (let rank = 1; rank <= opts.count; rank++) {
    let best = -1;
    let bestScore = 0;
    while (heap.size > 0) {
      const top = heap.pop()!;
      const fresh = scoreOf(top.c);
      if (fresh <= 0) continue;
      const next = heap.peek();
      if (!next || fresh > next.score || (fresh === next.score && top.c < next.c)) { best = top.c; bestScore = fresh; break; }
      heap.push({ c: top.c, score: fresh });
    }
    if (best < 0) break;
    const cand = cands[best]!;
    const inReach = cand.near.reduce((a, i) => a + left[i]!, 0);
    // Nearest first: a pick covers the people closest to it before those at the edge of its reach.
    const near = [...cand.near].sort((a, b) => Math.hypot(xy[a]![0] - cand.x, xy[a]![1] - cand.y) - Math.hypot(xy[b]![0] - cand.x, xy[b]![1] - cand.y));
    let take = bestScore;
    for (const i of near) {
      const d = Math.min(left[i]!, take);
      left[i]! -= d;
      take -= d;
      if (take <= 0) break;
    }
    const [lng, lat] = proj.toLngLat(cand.x, cand.y);
    sites.push({
      rank, lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6, regionCode: points[cand.near[0]!]!.regionCode,
      peopleInReach: inReach, newlyCovered: bestScore, perM2: bestScore / opts.sizeM2,
    });
  }
  return sites;
}

/** A binary max-heap on score; ties go to the lower candidate index (a stable answer). */
class MaxHeap {
  private readonly items: Array<{ c: number; score: number }>;
  constructor(items: Array<{ c: number; score: number }>) {
    this.items = [];
    for (const it of items) this.push(it);
  }
  get size(): number { return this.items.length; }
  peek(): { c: number; score: number } | undefined { return this.items[0]; }
  private above(a: { c: number; score: number }, b: { c: number; score: number }): boolean {
    return a.score > b.score || (a.score === b.score && a.c < b.c);
  }
  push(it: { c: number; score: number }): void {
    const h = this.items;
    h.push(it);
    let k = h.length - 1;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!this.above(h[k]!, h[p]!)) break;
      [h[k], h[p]] = [h[p]!, h[k]!];
      k = p;
    }
  }
  pop(): { c: number; score: number } | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < h.length && this.above(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.above(h[r]!, h[m]!)) m = r;
        if (m === k) break;
        [h[k], h[m]] = [h[m]!, h[k]!];
        k = m;
      }
    }
    return top;
  }
}
