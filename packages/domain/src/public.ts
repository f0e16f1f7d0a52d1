/**
 * Rules of the public app (公众端) shared by the server, the public web app and the static export: how far and how
 * long a walk to a shelter is, which way to go in words, whether it fits in the warning time, and which static
 * tile a point falls in. There is no street network in the platform, so a walk is the straight line times a detour
 * factor; the page says "about".
 */
import { DEFAULT_DETOUR_FACTOR } from './planning.ts';
import { ENTRANCE_KINDS } from './works.ts';

/** Average walking speed of adults in a city, crossings included (≈ 4.3 km/h). */
export const WALK_SPEED_M_PER_S = 1.2;
/** Street routes are longer than the straight line: the same factor planning's service radius uses. */
export const WALK_DETOUR_FACTOR = DEFAULT_DETOUR_FACTOR;
/**
 * Minutes between an air-raid warning and the expected attack that a person can spend walking to shelter, when the
 * caller does not name it. A planning figure, not a promise; the public API takes `warningMinutes` to override it.
 */
export const DEFAULT_WARNING_MINUTES = 10;
/**
 * Decimals of entrance coordinates in public answers (4 ≈ 10 m): enough to find a signed door, while the works'
 * own points stay at `PUBLIC_COORDINATE_DECIMALS` (≈ 100 m) as everywhere else in public.
 */
export const PUBLIC_ENTRANCE_DECIMALS = 4;
/** Zoom of the static export's tiles: at z13 a tile is about 4.2 km wide at Nantong's latitude. */
export const PUBLIC_TILE_ZOOM = 13;

export type LngLat = readonly [number, number];

const R = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

/** Earth's mean radius in metres, the one every distance of the public app is measured with. */
export const EARTH_RADIUS_M = R;

/** The cosine of a latitude in degrees: haversineCosM's per-point factor, worked out once per point by callers that measure many pairs. */
export const cosOfLatitude = (lat: number) => Math.cos(rad(lat));

/**
 * haversineM with each point's `cosOfLatitude` given: the same operations in the same order, so the same metres to
 * the last bit. The nearest-shelter index measures one asked point against hundreds of entrances per answer and
 * works out each entrance's cosine once, when it is indexed.
 */
export function haversineCosM(aLng: number, aLat: number, aCos: number, bLng: number, bLat: number, bCos: number): number {
  const dLat = rad(bLat - aLat);
  const dLng = rad(bLng - aLng);
  const h = Math.sin(dLat / 2) ** 2 + aCos * bCos * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Great-circle distance in metres between two [lng, lat] points. `haversineM([120.86, 32.01], [120.87, 32.01]) ≈ 944`. */
export function haversineM(a: LngLat, b: LngLat): number {
  return haversineCosM(a[0], a[1], cosOfLatitude(a[1]), b[0], b[1], cosOfLatitude(b[1]));
}

/** A walk estimated from the straight-line distance: metres along streets and whole minutes, rounded up. */
export function walkingEstimate(straightM: number): { walkM: number; walkMinutes: number } {
  const walkM = Math.round(straightM * WALK_DETOUR_FACTOR);
  return { walkM, walkMinutes: Math.max(1, Math.ceil(walkM / WALK_SPEED_M_PER_S / 60)) };
}

/** Whether a walk of `walkMinutes` fits in the warning time. */
export function fitsWarning(walkMinutes: number, warningMinutes = DEFAULT_WARNING_MINUTES): boolean {
  return walkMinutes <= warningMinutes;
}

/** Initial bearing from `a` to `b`, degrees clockwise from north in [0, 360). */
export function bearingDeg(a: LngLat, b: LngLat): number {
  const y = Math.sin(rad(b[0] - a[0])) * Math.cos(rad(b[1]));
  const x = Math.cos(rad(a[1])) * Math.sin(rad(b[1])) - Math.sin(rad(a[1])) * Math.cos(rad(b[1])) * Math.cos(rad(b[0] - a[0]));
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
}

const COMPASS = [
  { zh: '北', en: 'north' }, { zh: '东北', en: 'north-east' }, { zh: '东', en: 'east' }, { zh: '东南', en: 'south-east' },
  { zh: '南', en: 'south' }, { zh: '西南', en: 'south-west' }, { zh: '西', en: 'west' }, { zh: '西北', en: 'north-west' },
] as const;

/** The eight-point compass word of a bearing: `compassOf(50) → { zh: '东北', en: 'north-east' }`. */
export function compassOf(bearing: number): { zh: string; en: string } {
  return COMPASS[Math.round((((bearing % 360) + 360) % 360) / 45) % 8]!;
}

/**
 * The route hint a person reads: direction and walking distance to the entrance.
 *
 *     routeHint([120.86, 32.01], [120.865, 32.012], '主出入口', 'main entrance')
 *     // { zh: '向东北步行约 650 米，到主出入口', en: 'Walk north-east about 650 m to the main entrance' }
 */
export function routeHint(from: LngLat, to: LngLat, targetZh: string, targetEn: string): { zh: string; en: string } {
  const { walkM } = walkingEstimate(haversineM(from, to));
  const c = compassOf(bearingDeg(from, to));
  const rounded = walkM < 100 ? Math.max(10, Math.round(walkM / 10) * 10) : Math.round(walkM / 50) * 50;
  return { zh: `向${c.zh}步行约 ${rounded} 米，到${targetZh}`, en: `Walk ${c.en} about ${rounded} m to the ${targetEn}` };
}

/** The web-mercator tile (x, y) holding a point at zoom `z`. */
export function tileOf(lng: number, lat: number, z = PUBLIC_TILE_ZOOM): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const clampedLat = Math.max(-85.0511, Math.min(85.0511, lat));
  const x = Math.min(n - 1, Math.max(0, Math.floor(((lng + 180) / 360) * n)));
  const latR = rad(clampedLat);
  const y = Math.min(n - 1, Math.max(0, Math.floor(((1 - Math.log(Math.tan(latR) + 1 / Math.cos(latR)) / Math.PI) / 2) * n)));
  return { z, x, y };
}

/** Lon/lat bounds [minLng, minLat, maxLng, maxLat] of a tile. */
export function tileBoundsOf(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z;
  const lng = (tx: number) => (tx / n) * 360 - 180;
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return [lng(x), lat(y + 1), lng(x + 1), lat(y)];
}

/** An entrance kind in words for a route hint: `entranceWords('main') → { zh: '主要出入口', en: 'main entrance' }`. */
export function entranceWords(kind: string | null | undefined): { zh: string; en: string } {
  const k = ENTRANCE_KINDS.find((e) => e.code === kind);
  return k ? { zh: k.zh, en: k.en.toLowerCase() } : { zh: '出入口', en: 'entrance' };
}

/** Categories of the knowledge quiz (人防知识网上测试) question bank. */
export const QUIZ_CATEGORIES = [
  { code: 'basics', zh: '人防基础知识', en: 'Civil defence basics' },
  { code: 'signals', zh: '防空警报信号', en: 'Air-raid signals' },
  { code: 'shelter', zh: '疏散与掩蔽', en: 'Evacuation and shelter' },
  { code: 'first_aid', zh: '应急救护', en: 'First aid' },
  { code: 'law', zh: '人防法律法规', en: 'Law and regulations' },
] as const;
export type QuizCategory = (typeof QUIZ_CATEGORIES)[number]['code'];
export const QUIZ_KINDS = ['single', 'multiple'] as const;
/** Organisations whose results the office counts: schools and communities (社区). */
export const QUIZ_ORG_KINDS = [
  { code: 'school', zh: '学校', en: 'School' },
  { code: 'community', zh: '社区', en: 'Community' },
] as const;
/** Questions in one test. */
export const QUIZ_TEST_SIZE = 10;

/** Whether an answer (option keys, any order) is exactly the key: a multiple-choice question has no partial credit. */
export function isCorrectAnswer(given: readonly string[], key: readonly string[]): boolean {
  const a = [...new Set(given)].sort();
  const b = [...new Set(key)].sort();
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The score of a test out of 100, rounded: `quizScore(7, 10) → 70`. */
export function quizScore(correct: number, total: number): number {
  return total === 0 ? 0 : Math.round((100 * correct) / total);
}

/**
 * Opening hours of a peacetime use (人防停车 and the like) as the registry stores them: `HH:MM-HH:MM` in China time;
 * `00:00-24:00` is all day, and an end before the start runs past midnight (`22:00-06:00`).
 */
export const OPENING_HOURS_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$';
const HOURS_RE = new RegExp(OPENING_HOURS_PATTERN);

/** Minutes since midnight of an `HH:MM`. */
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `hours` is open at `minuteOfDay` (0–1439, China time); null when the hours are not in the stored form. */
export function isOpenAt(hours: string, minuteOfDay: number): boolean | null {
  if (!HOURS_RE.test(hours)) return null;
  const start = minutesOf(hours.slice(0, 5));
  const end = minutesOf(hours.slice(6, 11));
  if (start === end) return true;
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

/** The minute of the day in China (Asia/Shanghai, no daylight saving: UTC+8) at `at`. */
export const chinaMinuteOfDay = (at: Date): number => Math.floor((at.getTime() / 60_000 + 8 * 60) % 1440);

/** The month and day (`MM-DD`) in China at `at`, for seasons. */
export const chinaMonthDay = (at: Date): string => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(5, 10);
