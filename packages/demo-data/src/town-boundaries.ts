/**
 * SYNTHETIC town boundaries (乡镇边界，合成示意): town outlines are not published in any package we can use, so each
 * town gets the part of its county nearer to its representative point than to any other town point of that county
 * (a Voronoi cell clipped to the county outline). That is exactly the rule the demo population assigns its cells by
 * (nearest town point), so per-town figures computed with these polygons agree with the demo census. They are
 * plausible, not real: every feature carries `synthetic: true` and must be labelled as such wherever shown.
 *
 * Computed in a local metric plane (degrees scaled at the demo's reference latitude), one half-plane clip per other
 * town (Sutherland–Hodgman, exact for a half-plane; a county ring cut into pieces may keep zero-width joins, which
 * contain no point and which the database's ST_MakeValid removes). Holes of county outlines are not carried over.
 */
import type { MultiPolygon, Position } from 'geojson';
import { boundariesShared } from './boundaries.ts';
import { METRES_PER_DEGREE_LAT, METRES_PER_DEGREE_LNG, polygonsOf, round6 } from './geo.ts';
import { regionsShared } from './regions.ts';

export interface DemoTownBoundary {
  code: string;
  geometry: MultiPolygon;
  synthetic: true;
}

type XY = [number, number];
const toXY = (p: Position): XY => [p[0]! * METRES_PER_DEGREE_LNG, p[1]! * METRES_PER_DEGREE_LAT];
const toLngLat = (p: XY): Position => [round6(p[0] / METRES_PER_DEGREE_LNG), round6(p[1] / METRES_PER_DEGREE_LAT)];

/** Keeps the part of `ring` (open, no repeated last point) on the side of `t` of the bisector between t and u. */
export function clipToNearer(ring: readonly XY[], t: XY, u: XY): XY[] {
  const nx = u[0] - t[0], ny = u[1] - t[1];
  const c = (nx * (t[0] + u[0])) / 2 + (ny * (t[1] + u[1])) / 2;
  const side = (p: XY) => c - (nx * p[0] + ny * p[1]); // ≥ 0: nearer t (or on the bisector)
  const out: XY[] = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!, b = ring[(i + 1) % ring.length]!;
    const sa = side(a), sb = side(b);
    if (sa >= 0) out.push(a);
    if ((sa >= 0) !== (sb >= 0)) {
      const k = sa / (sa - sb);
      out.push([a[0] + k * (b[0] - a[0]), a[1] + k * (b[1] - a[1])]);
    }
  }
  return out;
}

function build(): DemoTownBoundary[] {
  const regions = regionsShared();
  const out: DemoTownBoundary[] = [];
  for (const feature of boundariesShared().features) {
    const county = feature.properties.code;
    const towns = regions.filter((r) => r.level === 'town' && r.parentCode === county);
    const outers = polygonsOf(feature.geometry).map((poly) => {
      const ring = poly[0]!.map(toXY);
      const [f, l] = [ring[0]!, ring.at(-1)!];
      return f[0] === l[0] && f[1] === l[1] ? ring.slice(0, -1) : ring;
    });
    const points = towns.map((t) => toXY(t.centroid));
    towns.forEach((town, k) => {
      const coordinates: Position[][][] = [];
      for (const outer of outers) {
        let ring: XY[] = outer;
        for (let j = 0; j < points.length && ring.length >= 3; j++) if (j !== k) ring = clipToNearer(ring, points[k]!, points[j]!);
        if (ring.length < 3) continue;
        const lnglat = ring.map(toLngLat);
        coordinates.push([[...lnglat, lnglat[0]!]]);
      }
      if (coordinates.length > 0) out.push({ code: town.code, geometry: { type: 'MultiPolygon', coordinates }, synthetic: true });
    });
  }
  return out.sort((a, b) => a.code.localeCompare(b.code));
}

let cache: DemoTownBoundary[] | undefined;

/** Synthetic town outlines (see the file's note), one per town that has ground in its county, in code order. */
export function nantongTownBoundaries(): DemoTownBoundary[] {
  cache ??= build();
  return structuredClone(cache);
}
