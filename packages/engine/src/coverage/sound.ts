/**
 * Outdoor siren propagation model.
 *
 *   L(r) = L_ref − 20·log10(r / r_ref) − E·log2(r / r_ref) − α·(r − r_ref)      for r ≥ r_ref, else L_ref
 *
 * - `L_ref`: rated level at the reference distance `r_ref` (manufacturers rate at 100 ft ≈ 30 m).
 * - 20·log10: spherical spreading (6.02 dB per doubling of distance).
 * - E: excess attenuation per doubling. The default is chosen so that spreading + excess = 10 dB per doubling, the
 *   planning rule of FEMA CPG 1-17 "Outdoor Warning Systems Guide" (1980), i.e. E = 10 − 20·log10 2 ≈ 3.98 dB.
 * - α: atmospheric absorption (dB/m) per ISO 9613-1:1993 for a pure tone (default 500 Hz) at the given temperature,
 *   relative humidity and pressure; 0 unless an atmosphere is given.
 */

/** Atmospheric conditions for ISO 9613-1 absorption. */
export interface Atmosphere {
  temperatureC: number;
  relativeHumidityPercent: number;
  frequencyHz?: number;
  pressureKPa?: number;
}

/** Parameters of the propagation model. */
export interface SoundModel {
  /** Excess attenuation in dB per doubling of distance beyond spherical spreading (default ≈ 3.98, see above). */
  excessDbPerDoubling?: number;
  /** When set, adds ISO 9613-1 atmospheric absorption. */
  atmosphere?: Atmosphere;
}

/** The FEMA CPG 1-17 total of 10 dB per doubling minus the 6.02 dB of spherical spreading. */
export const DEFAULT_EXCESS_DB_PER_DOUBLING = 10 - 20 * Math.log10(2);

/**
 * Pure-tone atmospheric absorption coefficient in dB per metre (ISO 9613-1:1993, equations 3–5 and annex B for the
 * saturation vapour pressure).
 *
 * @example
 * atmosphericAbsorption({ temperatureC: 20, relativeHumidityPercent: 50, frequencyHz: 1000 }) * 1000; // ≈ 4.7 dB/km
 */
export function atmosphericAbsorption(a: Atmosphere): number {
  const f = a.frequencyHz ?? 500;
  const pa = a.pressureKPa ?? 101.325;
  const pr = 101.325;
  const T = a.temperatureC + 273.15;
  const T0 = 293.15;
  const T01 = 273.16;
  const C = -6.8346 * Math.pow(T01 / T, 1.261) + 4.6151;
  const psatOverPr = Math.pow(10, C);
  const h = (a.relativeHumidityPercent * psatOverPr) / (pa / pr);
  const frO = (pa / pr) * (24 + (4.04e4 * h * (0.02 + h)) / (0.391 + h));
  const frN = (pa / pr) * Math.pow(T / T0, -0.5) * (9 + 280 * h * Math.exp(-4.17 * (Math.pow(T / T0, -1 / 3) - 1)));
  return (
    8.686 *
    f *
    f *
    (1.84e-11 * (pr / pa) * Math.sqrt(T / T0) +
      Math.pow(T / T0, -2.5) * ((0.01275 * Math.exp(-2239.1 / T)) / (frO + (f * f) / frO) + (0.1068 * Math.exp(-3352 / T)) / (frN + (f * f) / frN)))
  );
}

/** Resolved coefficients: L(r) = L_ref − k·ln(r/r_ref) − α·(r − r_ref). */
export interface ResolvedModel {
  /** dB per natural-log unit of distance ratio (spreading + excess). */
  k: number;
  /** Absorption in dB/m. */
  alpha: number;
}

/**
 * Resolves a {@link SoundModel} to the two coefficients the raster loop uses.
 *
 * @example
 * resolveModel({}).k * Math.log(2); // 10 dB per doubling
 */
export function resolveModel(m: SoundModel): ResolvedModel {
  const e = m.excessDbPerDoubling ?? DEFAULT_EXCESS_DB_PER_DOUBLING;
  const k = (20 / Math.LN10) + e / Math.LN2;
  return { k, alpha: m.atmosphere ? atmosphericAbsorption(m.atmosphere) : 0 };
}

/**
 * Sound level (dB) at distance `r` metres from a siren rated `levelDb` at `refDistance` metres.
 *
 * @example
 * soundLevel(123, 30, 60, resolveModel({})); // 113: one doubling, 10 dB
 */
export function soundLevel(levelDb: number, refDistance: number, r: number, m: ResolvedModel): number {
  if (r <= refDistance) return levelDb;
  return levelDb - m.k * Math.log(r / refDistance) - m.alpha * (r - refDistance);
}

/**
 * Distance at which the level falls to `floorDb` (bisection; the level is strictly decreasing beyond `refDistance`).
 * Returns 0 when the siren never reaches `floorDb`.
 *
 * @example
 * Math.round(audibleRadius(123, 30, 70, resolveModel({}))); // 1182 m (5.3 doublings of 30 m)
 */
export function audibleRadius(levelDb: number, refDistance: number, floorDb: number, m: ResolvedModel): number {
  if (levelDb < floorDb) return 0;
  let lo = refDistance;
  let hi = refDistance * 2;
  while (soundLevel(levelDb, refDistance, hi, m) >= floorDb && hi < 1e7) hi *= 2;
  for (let i = 0; i < 100 && hi - lo > 1e-6; i++) {
    const mid = (lo + hi) / 2;
    if (soundLevel(levelDb, refDistance, mid, m) >= floorDb) lo = mid;
    else hi = mid;
  }
  return lo;
}
