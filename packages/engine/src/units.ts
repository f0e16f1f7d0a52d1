/**
 * Branded number types so that a distance in metres can never be passed where degrees are expected (or vice versa)
 * without an explicit, visible conversion. They cost nothing at run time.
 */

declare const metresBrand: unique symbol;
declare const degreesBrand: unique symbol;
declare const decibelsBrand: unique symbol;

/** A length or coordinate in metres in a projected (metric) CRS. */
export type Metres = number & { readonly [metresBrand]: true };
/** An angle or geographic coordinate in degrees (EPSG:4326). */
export type Degrees = number & { readonly [degreesBrand]: true };
/** A sound pressure level in dB re 20 µPa. */
export type Decibels = number & { readonly [decibelsBrand]: true };

/**
 * Brands a plain number as metres. Use at the boundary where a value is known to be metric.
 *
 * @example
 * const r = metres(250); // r: Metres
 */
export function metres(value: number): Metres {
  return value as Metres;
}

/**
 * Brands a plain number as degrees.
 *
 * @example
 * const lng = degrees(120.86); // lng: Degrees
 */
export function degrees(value: number): Degrees {
  return value as Degrees;
}

/**
 * Brands a plain number as decibels.
 *
 * @example
 * const threshold = decibels(70);
 */
export function decibels(value: number): Decibels {
  return value as Decibels;
}
