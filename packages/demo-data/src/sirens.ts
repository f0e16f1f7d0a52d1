/**
 * Synthetic siren network. Every town with people gets a siren near its representative point (the plan's
 * "100 % of city areas and key towns"); the rest are drawn where people are, at least ~850 m apart, so urban
 * areas end up covered at the ~1 km planning radius of a 7.5 kW motor siren. Rated levels at 30 m are
 * planning defaults per kind and power (DOMAIN.md: compute coverage from these, thresholds in configuration).
 */
import type { SirenKind, SirenStatus } from '@civdef/domain';
import { NANTONG_COUNTIES, countyInfo } from './counties.ts';
import { distanceM, METRES_PER_DEGREE_LAT, METRES_PER_DEGREE_LNG, roundPoint, type LngLat } from './geo.ts';
import { companyName, estateName } from './names.ts';
import type { Placement, Placer } from './placement.ts';
import type { Rng } from './prng.ts';
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

export function generateSirens(rng: Rng, total: number, placer: Placer, towns: readonly DemoRegion[]): DemoSiren[] {
  const mobile = total >= 50 ? mobileSirens(rng.fork('mobile'), towns) : [];
  const count = total - mobile.length;
  const spacing = 850;
  const index = new SpacingIndex(spacing);
  const placements: Placement[] = [];
  const seedTowns = towns.filter((t) => (t.communities ?? 0) + (t.villages ?? 0) >= 3);
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
    const model = MODELS[r.weightedIndex(MODELS.map((m) => m[3]))] as (typeof MODELS)[number];
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
