/**
 * Synthetic 控规 parcels and an 易地统筹 (off-site pooling) ledger for the demo: parcels around the demo's larger public
 * shelters, each pooling its whole required area into one of them. Sized so the ledger's totals come to the figures
 * Nantong reports for its pooling (59 parcels, 312 000 m², about 230 million 元 saved): 59 pooled parcels whose areas
 * sum to exactly 312 000 m², at one demo saving of 737.18 元/m² (230 million ÷ 312 000 m², to the 分), which gives
 * 230 000 160 元. The figures are a fixture, not a statistic: everything here is labelled synthetic.
 */
import { createRng } from './prng.ts';
import type { DemoWork } from './types.ts';

export const POOLED_PARCELS = 59;
export const POOLED_AREA_M2 = 312_000;
/** 737.18 元/m² in 分: 230 000 000 元 / 312 000 m², rounded to the 分. */
export const DEMO_SAVING_FEN_PER_M2 = 73_718;
/** Parcels whose 控规 does not allow pooling (they build on site), beside the pooled ones. */
export const ON_SITE_PARCELS = 12;

export interface DemoParcel {
  code: string; name: string; regionCode: string; landUse: string | null; areaM2: number | null; requiredM2: number; poolingAllowed: boolean;
  planRef: string | null; boundary: { type: 'MultiPolygon'; coordinates: number[][][][] };
}
export interface DemoPooling { parcelCode: string; workCode: string; areaM2: number; pooledOn: string; savingFenPerM2: number; basis: string }
export interface ZoningDemo { parcels: DemoParcel[]; poolings: DemoPooling[] }

const USES = ['居住', '商业', '商住混合', '办公', '教育科研'];

/** A rectangle of about `areaM2` centred near (lng, lat), as a MultiPolygon. */
function block(lng: number, lat: number, areaM2: number): DemoParcel['boundary'] {
  const side = Math.sqrt(areaM2);
  const dLat = side / 2 / 111_320;
  const dLng = side / 2 / (111_320 * Math.cos((lat * Math.PI) / 180));
  const r = (x: number) => Math.round(x * 1e6) / 1e6;
  return { type: 'MultiPolygon', coordinates: [[[[r(lng - dLng), r(lat - dLat)], [r(lng + dLng), r(lat - dLat)], [r(lng + dLng), r(lat + dLat)], [r(lng - dLng), r(lat + dLat)], [r(lng - dLng), r(lat - dLat)]]]] };
}

/**
 * The demo parcels and ledger over `works` (the demo dataset's): central works are the twelve public personnel
 * shelters with the most 掩蔽面积; each parcel lies 300–900 m from the work it pools into.
 */
export function generateZoningDemo(works: readonly DemoWork[], seed = 20261205): ZoningDemo {
  const rng = createRng(seed);
  const shelter = (w: DemoWork) => w.units.reduce((a, u) => a + (u.shelterAreaM2 ?? 0), 0);
  const central = works.filter((w) => w.isPublic && w.workClass === 'personnel').sort((a, b) => shelter(b) - shelter(a) || a.code.localeCompare(b.code)).slice(0, 12);
  if (central.length === 0) return { parcels: [], poolings: [] };
  // Required areas: 59 weights drawn, scaled to 312 000 m² in whole m², the rounding remainder on the largest.
  const weights = Array.from({ length: POOLED_PARCELS }, () => rng.logNormal(1, 0.6));
  const sum = weights.reduce((a, b) => a + b, 0);
  const areas = weights.map((w) => Math.max(500, Math.round((w / sum) * POOLED_AREA_M2)));
  const largest = areas.indexOf(Math.max(...areas));
  areas[largest]! += POOLED_AREA_M2 - areas.reduce((a, b) => a + b, 0);
  const parcels: DemoParcel[] = [];
  const poolings: DemoPooling[] = [];
  const place = (w: DemoWork) => {
    const dist = rng.range(300, 900);
    const angle = rng.range(0, 2 * Math.PI);
    return [w.location[0] + (dist * Math.cos(angle)) / (111_320 * Math.cos((w.location[1] * Math.PI) / 180)), w.location[1] + (dist * Math.sin(angle)) / 111_320] as const;
  };
  for (let i = 0; i < POOLED_PARCELS + ON_SITE_PARCELS; i++) {
    const w = central[i % central.length]!;
    const pooled = i < POOLED_PARCELS;
    const requiredM2 = pooled ? areas[i]! : rng.int(20, 80) * 100;
    // A parcel's land is about 18–30 times its required 人防 area (5 % of a floor-area ratio near 1.0–1.7).
    const landM2 = Math.round(requiredM2 * rng.range(18, 30));
    const [lng, lat] = place(w);
    const code = `DK-${w.countyCode}-${String(i + 1).padStart(3, '0')}`;
    parcels.push({
      code, name: `示例地块${String(i + 1).padStart(2, '0')}（合成）`, regionCode: w.regionCode, landUse: rng.pick(USES), areaM2: landM2, requiredM2, poolingAllowed: pooled,
      planRef: '示例控规（合成数据）', boundary: block(lng, lat, landM2),
    });
    if (pooled) {
      const year = 2019 + (i % 6);
      const month = String(1 + (i % 12)).padStart(2, '0');
      poolings.push({
        parcelCode: code, workCode: w.code, areaM2: requiredM2, pooledOn: `${year}-${month}-15`, savingFenPerM2: DEMO_SAVING_FEN_PER_M2,
        basis: '示例：集中建设较分散结建节约的单方造价（合成数据，按南通公开数字折算）',
      });
    }
  }
  return { parcels, poolings };
}
