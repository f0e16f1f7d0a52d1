/**
 * Shelter planning (人防规划): the balance of people staying in the city in wartime against shelter places, and the
 * defaults the allocation starts from. One definition for the server, the console and the CLI. Figures marked
 * "(verify)" are planning assumptions with a named source, kept as overridable defaults, never as truths.
 */
import { DEFAULT_USABLE_SHELTER_STATES, WORK_SUBTYPES, type LifecycleState } from './works.ts';

/**
 * Share of the resident population that stays in the city in wartime (留城比例) when neither the area nor the
 * configuration says otherwise. (verify) A planning assumption: Chinese 人防 plans commonly state 40–60 % by city
 * class; each area may set its own (`planning_area_setting`), and `PLANNING_STAY_RATIO` overrides this default.
 */
export const DEFAULT_STAY_RATIO = 0.6;

/**
 * The city target of civil-defence floor area per person staying (人均人防工程面积), m². (verify) DOMAIN brief:
 * "a city's total need is quoted as about 1.8–2.0 m² per person staying in the city".
 */
export const PER_CAPITA_TARGET_M2 = { min: 1.8, max: 2.0 } as const;

/**
 * Life-cycle states whose works count in the balance and the allocation by default: the platform's one definition of
 * a usable shelter (`DEFAULT_USABLE_SHELTER_STATES`, the same the dashboard and map count); `USABLE_SHELTER_STATES`
 * overrides it everywhere at once.
 */
export const DEFAULT_COUNTED_STATES: readonly LifecycleState[] = DEFAULT_USABLE_SHELTER_STATES;

/** Wartime functions (战时功能细类) of a unit that shelters residents: the personnel-shelter sub-types. */
export const PERSONNEL_SHELTER_FUNCTIONS: readonly string[] = WORK_SUBTYPES.personnel.map((s) => s.code);

/** Default service radius of a shelter, walking metres (GB 50038-2005 §3: about 200 m; verify). */
export const DEFAULT_SERVICE_RADIUS_M = 200;

/** Default walking detour factor: walking distance = straight line × factor (street grids run about 1.2–1.4). */
export const DEFAULT_DETOUR_FACTOR = 1.3;

/** Where an area stands against one place per person and the per-capita area target. */
export type BalanceStatus = 'no_population' | 'places_short' | 'below_target' | 'meets_target' | 'above_target';

export interface BalanceInput {
  /** Resident population of the area. */
  people: number;
  /** 留城比例 in [0, 1]. */
  stayRatio: number;
  /** Shelter places: Σ floor(掩蔽面积 / area per person) of the counted personnel-shelter units. */
  places: number;
  /** Σ 建筑面积 of the counted works of every class (the per-capita indicator's numerator). */
  civilDefenceAreaM2: number;
}

export interface Balance {
  people: number;
  stayRatio: number;
  /** round(people × stayRatio): people the shelters must hold. */
  peopleStaying: number;
  places: number;
  /** places / peopleStaying; null without anyone staying. */
  placesPerPerson: number | null;
  civilDefenceAreaM2: number;
  /** civilDefenceAreaM2 / peopleStaying; null without anyone staying. */
  m2PerPerson: number | null;
  /** places − peopleStaying: > 0 surplus, < 0 deficit (places). */
  placesSurplus: number;
  /** civilDefenceAreaM2 − peopleStaying × target min: > 0 surplus, < 0 area to build to reach the target. */
  areaSurplusM2: number;
  status: BalanceStatus;
}

/** People staying in wartime: round(people × ratio), never more than the people. */
export function peopleStaying(people: number, stayRatio: number): number {
  if (!(stayRatio >= 0 && stayRatio <= 1)) throw new RangeError(`stayRatio must be in [0, 1], got ${stayRatio}`);
  if (!(people >= 0) || !Number.isFinite(people)) throw new RangeError(`people must be a finite number ≥ 0, got ${people}`);
  return Math.min(people, Math.round(people * stayRatio));
}

/**
 * The balance of one area (防护片区): people staying against places (1 per person) and against the per-capita area
 * target.
 *
 * @example
 * balanceOf({ people: 10_000, stayRatio: 0.6, places: 5_000, civilDefenceAreaM2: 12_000 });
 * // → peopleStaying 6 000, placesSurplus −1 000, m2PerPerson 2, status 'places_short'
 */
export function balanceOf(input: BalanceInput, target: { min: number; max: number } = PER_CAPITA_TARGET_M2): Balance {
  const staying = peopleStaying(input.people, input.stayRatio);
  const places = Math.max(0, input.places);
  const area = Math.max(0, input.civilDefenceAreaM2);
  const placesPerPerson = staying > 0 ? places / staying : null;
  const m2PerPerson = staying > 0 ? area / staying : null;
  let status: BalanceStatus;
  if (staying === 0) status = 'no_population';
  else if (places < staying) status = 'places_short';
  else if (m2PerPerson! < target.min) status = 'below_target';
  else if (m2PerPerson! <= target.max) status = 'meets_target';
  else status = 'above_target';
  return {
    people: input.people, stayRatio: input.stayRatio, peopleStaying: staying, places, placesPerPerson,
    civilDefenceAreaM2: area, m2PerPerson, placesSurplus: places - staying, areaSurplusM2: area - staying * target.min, status,
  };
}

/** Labels of the balance statuses, for the console and reports. */
export const BALANCE_STATUSES: readonly { code: BalanceStatus; zh: string; en: string }[] = [
  { code: 'no_population', zh: '无留城人口', en: 'Nobody staying' },
  { code: 'places_short', zh: '掩蔽位不足', en: 'Too few shelter places' },
  { code: 'below_target', zh: '人均面积未达标', en: 'Below the per-capita target' },
  { code: 'meets_target', zh: '达标', en: 'Meets the target' },
  { code: 'above_target', zh: '超出目标', en: 'Above the target' },
];

/**
 * The 留城比例 that applies to a region: the most specific setting among the region and its ancestors (town →
 * county → city), else the default.
 *
 * @example
 * effectiveStayRatio('320613001', new Map([['320613', 0.5]]), 0.6); // 0.5 (the county's)
 */
export function effectiveStayRatio(regionCode: string, settings: ReadonlyMap<string, number>, fallback: number): number {
  const chain = [regionCode];
  if (regionCode.length === 9) chain.push(regionCode.slice(0, 6));
  const county = chain[chain.length - 1]!;
  if (!county.endsWith('00')) chain.push(`${county.slice(0, 4)}00`);
  for (const code of chain) {
    const v = settings.get(code);
    if (v !== undefined) return v;
  }
  return fallback;
}
