/**
 * Synthetic siren network, laid out the way a warning plan reaches its "100 % of city areas and key towns":
 *
 * 1. Every town with people gets a siren near its representative point (the seat towns first).
 * 2. Dense cover: one high-output siren (7.5 kW motor, 118 dB, or 2 kW electronic, 117 dB at 30 m) within 50 m of the
 *    centre of every 1 km population cell that must be covered — every cell of a 街道 or seat town, every cell of a
 *    市辖区 (city district) with at least {@link CITY_CELL_PEOPLE} people, and rural cells with at least
 *    {@link RURAL_CELL_PEOPLE} (town centres). At the 70 dB / 10 dB-per-doubling planning model those models reach
 *    780–835 m, more than the 707 m from a cell's centre to its corners plus the 71 m of jitter, so these cells are
 *    covered edge to edge, most people first when `total` is smaller than the plan.
 * 3. The rest are drawn where people are, at least ~850 m from any other, with the full mix of models: the
 *    countryside ends up partly covered, as real networks are.
 *
 * Rated levels at 30 m are planning defaults per kind and power (DOMAIN.md: compute coverage from these, thresholds
 * in configuration). Everything comes from the seeded stream: same seed, same network.
 */
import type { SirenKind, SirenStatus } from '@civdef/domain';
import { NANTONG_COUNTIES, countyInfo } from './counties.ts';
import { distanceM, METRES_PER_DEGREE_LAT, METRES_PER_DEGREE_LNG, roundPoint, type LngLat } from './geo.ts';
import { companyName, estateName } from './names.ts';
import type { Placement, Placer } from './placement.ts';
import type { Rng } from './prng.ts';
import type { PopulationGrid } from './population.ts';
import { SEAT_TOWNS, type DemoRegion } from './regions.ts';
import type { DemoSiren } from './types.ts';

/** [kind, rated power W, rated level dB at 30 m] planning defaults. */
const MODELS: ReadonlyArray<readonly [SirenKind, number, number, number]> = [
  ['motor', 7_500, 118, 0.3],
  ['motor', 4_000, 114, 0.15],
  ['motor', 2_200, 110, 0.08],
  ['electronic', 2_000, 117, 0.12],
  ['electronic', 1_200, 114, 0.12],
  ['electronic', 600, 110, 0.06],
  ['multimedia', 1_200, 114, 0.1],
  ['multimedia', 600, 110, 0.07],
];

/** High-output models of the dense cover (kind, power W, level dB at 30 m, weight): both reach ≥ 780 m at 70 dB. */
const DENSE_MODELS: ReadonlyArray<readonly [SirenKind, number, number, number]> = [
  ['electronic', 2_000, 117, 0.6],
  ['motor', 7_500, 118, 0.4],
];

/** People in a 1 km cell of a city district (市辖区) from which the cell gets dense cover. */
export const CITY_CELL_PEOPLE = 200;
/** People in a 1 km cell of a county or county-level city from which it gets dense cover (town centres). */
export const RURAL_CELL_PEOPLE = 2_000;
/** Largest offset of a dense-cover siren from its cell's centre, per axis (m). */
const DENSE_JITTER_M = 50;

/** GB/T 2260: county-level codes xx xx 01–20 are 市辖区 (city districts). */
export const isCityDistrict = (countyCode: string): boolean => Number(countyCode.slice(4)) <= 20;

class SpacingIndex {
  private readonly cells = new Map<string, LngLat[]>();
  constructor(private readonly sizeM: number) {}
  private key(p: readonly number[], dx = 0, dy = 0): string {
    return `${Math.floor(((p[0] as number) * METRES_PER_DEGREE_LNG) / this.sizeM) + dx},${Math.floor(((p[1] as number) * METRES_PER_DEGREE_LAT) / this.sizeM) + dy}`;
  }
  add(p: LngLat): void {
    const k = this.key(p);
    const list = this.cells.get(k);
    if (list) list.push(p);
    else this.cells.set(k, [p]);
  }
  nearest(p: readonly number[]): number {
    let best = Infinity;
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) for (const q of this.cells.get(this.key(p, dx, dy)) ?? []) best = Math.min(best, distanceM(p, q));
    return best;
  }
}

function hostUnit(rng: Rng, countyShort: string, town: string): string {
  return rng.pick([
    `${town}人民政府`,
    `${town}中心小学`,
    `${town}初级中学`,
    `${estateName(rng)}小区`,
    `${estateName(rng)}大厦`,
    `${town}派出所`,
    `${countyShort}${rng.pick(['人民医院', '供电公司', '自来水公司', '广电大楼', '实验中学'])}`,
    companyName(rng, countyShort, '实业'),
  ]);
}

export function generateSirens(
  rng: Rng, total: number, placer: Placer, towns: readonly DemoRegion[], population: PopulationGrid,
): DemoSiren[] {
  const mobile = total >= 50 ? mobileSirens(rng.fork('mobile'), towns) : [];
  const count = total - mobile.length;
  const spacing = 850;
  const index = new SpacingIndex(spacing);
  const placements: Array<Placement & { dense?: true }> = [];
  const seat = new Set(Object.values(SEAT_TOWNS));
  const seedTowns = towns
    .filter((t) => (t.communities ?? 0) + (t.villages ?? 0) >= 3)
    .map((t, i) => [t, i] as const)
    .sort((a, b) => Number(seat.has(b[0].code)) - Number(seat.has(a[0].code)) || a[1] - b[1])
    .map(([t]) => t);
  for (const t of seedTowns) {
    if (placements.length >= count) break;
    const r = rng.fork(`siren-town:${t.code}`);
    let p: LngLat = t.centroid;
    for (let k = 0; k < 10; k++) {
      const q = roundPoint([t.centroid[0] + r.range(-300, 300) / METRES_PER_DEGREE_LNG, t.centroid[1] + r.range(-300, 300) / METRES_PER_DEGREE_LAT]);
      if (placer.contains(t.parentCode ?? '', q)) {
        p = q;
        break;
      }
    }
    placements.push({ regionCode: t.code, countyCode: t.parentCode ?? '', location: p });
    index.add(p);
  }
  // Dense cover, most people first (ties in grid order), so a smaller total still covers the busiest cells.
  const urbanTown = new Set(towns.filter((t) => t.urban).map((t) => t.code));
  const dense = population.cells
    .map((c, i) => [c, i] as const)
    .filter(([c]) => urbanTown.has(c.code) || c.people >= (isCityDistrict(c.countyCode) ? CITY_CELL_PEOPLE : RURAL_CELL_PEOPLE))
    .sort((a, b) => b[0].people - a[0].people || a[1] - b[1]);
  for (const [c, i] of dense) {
    if (placements.length >= count) break;
    const r = rng.fork(`siren-cell:${i}`);
    const q = roundPoint([c.lng + r.range(-DENSE_JITTER_M, DENSE_JITTER_M) / METRES_PER_DEGREE_LNG, c.lat + r.range(-DENSE_JITTER_M, DENSE_JITTER_M) / METRES_PER_DEGREE_LAT]);
    const location = placer.contains(c.countyCode, q) ? q : roundPoint([c.lng, c.lat]);
    placements.push({ regionCode: c.code, countyCode: c.countyCode, location, dense: true });
    index.add(location);
  }
  const fill = rng.fork('siren-fill');
  let minSpacing = spacing;
  let misses = 0;
  while (placements.length < count) {
    const p = placer.place(fill);
    if (index.nearest(p.location) < minSpacing) {
      if (++misses > 400) {
        minSpacing *= 0.9; // the dense cells are full: allow closer spacing rather than loop forever
        misses = 0;
      }
      continue;
    }
    placements.push(p);
    index.add(p.location);
  }
  const counters = new Map<string, number>();
  const townName = new Map(towns.map((t) => [t.code, t.name]));
  const sirens = placements.map((p, i): DemoSiren => {
    const r = rng.fork(`siren:${i}`);
    const county = countyInfo(p.countyCode);
    const n = (counters.get(p.countyCode) ?? 0) + 1;
    counters.set(p.countyCode, n);
    const models = p.dense ? DENSE_MODELS : MODELS;
    const model = models[r.weightedIndex(models.map((m) => m[3]))] as (typeof MODELS)[number];
    const [kind, power, level] = model;
    const installedYear = kind === 'motor' ? r.int(1992, 2018) : kind === 'electronic' ? r.int(2008, 2025) : r.int(2016, 2025);
    const status: SirenStatus = (['online', 'offline', 'fault', 'maintenance'] as const)[r.weightedIndex([0.91, 0.04, 0.03, 0.02])] ?? 'online';
    const host = hostUnit(r, county.shortName, townName.get(p.regionCode) ?? county.shortName);
    return {
      code: `JB-${p.countyCode}-${String(n).padStart(4, '0')}`,
      name: `${host}警报点`,
      regionCode: p.regionCode,
      countyCode: p.countyCode,
      location: p.location,
      kind,
      ratedPowerW: power,
      ratedLevelDb: level,
      referenceDistanceM: 30,
      mountHeightM: Math.round(r.range(12, 60)),
      hostUnit: host,
      installedYear,
      status,
      controlChannel: kind !== 'motor' || installedYear >= 2012 || r.chance(0.6) ? 'mqtt' : 'manual',
    };
  });
  return [...sirens, ...mobile].sort((a, b) => a.code.localeCompare(b.code));
}

/** Two mobile sirens per county, kept at the civil defence office in the seat town: one vehicle-mounted, one portable or hand-cranked. */
function mobileSirens(rng: Rng, towns: readonly DemoRegion[]): DemoSiren[] {
  const out: DemoSiren[] = [];
  for (const county of NANTONG_COUNTIES) {
    const seatTown = towns.find((t) => t.code === SEAT_TOWNS[county.code]);
    if (!seatTown) continue;
    const office = `${county.name}国防动员办公室`;
    const models: Array<[SirenKind, number, number, string]> = [
      ['vehicle', 300, 108, '车载警报器'],
      rng.chance(0.5) ? ['portable', 100, 100, '便携式警报器'] : ['manual', 0, 98, '手摇警报器'],
    ];
    models.forEach(([kind, power, level, label], k) => {
      out.push({
        code: `JB-${county.code}-M${k + 1}`,
        name: `${office}${label}`,
        regionCode: seatTown.code,
        countyCode: county.code,
        location: roundPoint([county.seat[0] + rng.range(-200, 200) / METRES_PER_DEGREE_LNG, county.seat[1] + rng.range(-200, 200) / METRES_PER_DEGREE_LAT]),
        kind,
        ratedPowerW: power,
        ratedLevelDb: level,
        referenceDistanceM: 30,
        mountHeightM: kind === 'vehicle' ? 3 : 1,
        hostUnit: office,
        installedYear: rng.int(2012, 2024),
        status: 'online',
        controlChannel: kind === 'vehicle' ? 'mqtt' : 'manual',
      });
    });
  }
  return out;
}
