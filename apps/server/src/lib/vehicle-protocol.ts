/**
 * Signed position reports of mobile command vehicles (机动指挥车), the sirens' scheme applied to telemetry
 * (docs/protocols/vehicle-telemetry.md): each report carries an HMAC-SM3 over its fields under the vehicle's own
 * 256-bit key, and is accepted only when it is fresh (its time within a window of the platform's clock) and later
 * than the last report accepted from that vehicle — so a report published by anyone without the key, or captured
 * and replayed, never moves a vehicle on the map.
 *
 * A vehicle's key is derived from the installation's vehicle master key and its code (HMAC-SM3, a label keeps it
 * apart from every other use of the master), so the registry stores no per-vehicle secret and `civdef` can hand the
 * key to a vehicle's telemetry unit when it is fitted. Its broker password is derived from the key exactly as a
 * siren terminal's is (`brokerPassword` of lib/siren-protocol.ts), under its broker user name.
 *
 * The server's telemetry (modules/command/vehicles.telemetry.ts) stores only reports that pass `checkPosition`; both
 * brokers admit a unit only as `vehicle@<code>` with its derived password.
 *
 * @example
 * const key = vehicleKey(master, 'JDZHC-01');
 * const msg = signPosition(key, { v: 1, vehicle: 'JDZHC-01', lng: 120.9, lat: 32.0, at: new Date().toISOString(), speedKmh: 40 });
 * checkPosition(key, parseSignedPosition(JSON.stringify(msg))!, 'JDZHC-01', { now: Date.now(), lastAt: 0 }); // { ok: true, at }
 */
import { timingSafeEqual } from 'node:crypto';
import { hmacSm3Hex } from './crypto.ts';
import { brokerPassword, TERMINAL_ID_PATTERN } from './siren-protocol.ts';

export const VEHICLE_PROTOCOL_VERSION = 1;
/** A report older than this (by the platform's clock) is refused: its time cannot be told from a replay's. */
export const POSITION_MAX_AGE_MS = 5 * 60_000;
/** A report this far in the future is refused: the vehicle's clock is wrong. */
export const POSITION_MAX_FUTURE_MS = 60_000;

/**
 * The prefix of a vehicle's broker user name. `@` because Mosquitto's password file splits a line at the first `:`
 * (so `vehicle:` cannot be a Mosquitto account), and because `@` is outside the terminal-id alphabet
 * (TERMINAL_ID_PATTERN): no siren terminal can ever log in under a vehicle's name, or a vehicle under a terminal's.
 */
export const VEHICLE_USER_PREFIX = 'vehicle@';

/** The broker user name of a vehicle's telemetry unit (`vehicle@JDZHC-01`). */
export const vehicleBrokerUser = (code: string) => `${VEHICLE_USER_PREFIX}${code}`;

/** The vehicle code a broker user name stands for, or null when it is not a vehicle's (or the code is not usable). */
export function vehicleCodeOfUser(username: string): string | null {
  if (!username.startsWith(VEHICLE_USER_PREFIX)) return null;
  const code = username.slice(VEHICLE_USER_PREFIX.length);
  return TERMINAL_ID_PATTERN.test(code) ? code : null;
}

/** The one topic a vehicle publishes on. */
export const positionTopic = (code: string) => `civdef/v1/vehicle/${code}/position`;

const KEY_PATTERN = /^[0-9a-f]{64}$/;

/** The vehicle's 256-bit key (64 hex digits) from the installation's master key (64 hex digits) and its code. */
export function vehicleKey(masterKeyHex: string, code: string): string {
  if (!KEY_PATTERN.test(masterKeyHex)) throw new Error('vehicle master key: 64 lower-case hex digits (256 bits) expected');
  if (!TERMINAL_ID_PATTERN.test(code)) throw new Error(`vehicle code ${JSON.stringify(code)}: 1–64 of A–Z a–z 0–9 _ . - expected`);
  return hmacSm3Hex(masterKeyHex, ['vehicle-key', VEHICLE_PROTOCOL_VERSION, code].join('\n'));
}

/** The vehicle's broker password: the sirens' derivation, under the vehicle's user name. */
export const vehicleBrokerPassword = (keyHex: string, code: string) => brokerPassword(keyHex, vehicleBrokerUser(code));

export interface PositionBody {
  v: number;
  vehicle: string;
  lng: number;
  lat: number;
  /** When the fix was taken (ISO 8601 instant, the vehicle's clock). */
  at: string;
  speedKmh: number | null;
}
export interface SignedPosition extends PositionBody {
  mac: string;
}

/** The exact text the MAC covers: fields in a fixed order, numbers as JSON writes them, joined by a newline. */
function positionText(p: PositionBody): string {
  return ['position', p.v, p.vehicle, JSON.stringify(p.lng), JSON.stringify(p.lat), p.at, p.speedKmh === null ? '-' : JSON.stringify(p.speedKmh)].join('\n');
}

export function signPosition(keyHex: string, p: PositionBody): SignedPosition {
  return { ...p, mac: hmacSm3Hex(keyHex, positionText(p)) };
}

const STR = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200 && !v.includes('\n');
const NUM = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Parses a message into a signed report, or null when it is not one (wrong shape or version, no MAC). */
export function parseSignedPosition(raw: string | Buffer): SignedPosition | null {
  let m: unknown;
  try {
    m = JSON.parse(raw.toString());
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null) return null;
  const r = m as Record<string, unknown>;
  if (r.v !== VEHICLE_PROTOCOL_VERSION || ![r.vehicle, r.at, r.mac].every(STR) || !NUM(r.lng) || !NUM(r.lat)) return null;
  if (r.speedKmh !== null && !NUM(r.speedKmh)) return null;
  return { v: r.v, vehicle: r.vehicle as string, lng: r.lng, lat: r.lat, at: r.at as string, speedKmh: r.speedKmh as number | null, mac: r.mac as string };
}

export type PositionRefusal = 'forged' | 'wrong_vehicle' | 'replayed' | 'too_old' | 'future';
export type PositionCheck = { ok: true; at: number } | { ok: false; reason: PositionRefusal };

/**
 * The platform's checks, in order: the report names the vehicle whose topic it came on, its MAC verifies under that
 * vehicle's key, its time is within the window and later than `lastAt` (the newest accepted from this vehicle).
 */
export function checkPosition(
  keyHex: string,
  p: SignedPosition,
  topicVehicle: string,
  opts: { now: number; lastAt: number; maxAgeMs?: number; maxFutureMs?: number },
): PositionCheck {
  if (p.vehicle !== topicVehicle) return { ok: false, reason: 'wrong_vehicle' };
  const expected = hmacSm3Hex(keyHex, positionText(p));
  if (p.mac.length !== expected.length || !timingSafeEqual(Buffer.from(p.mac), Buffer.from(expected))) return { ok: false, reason: 'forged' };
  const at = Date.parse(p.at);
  if (!Number.isFinite(at) || at < opts.now - (opts.maxAgeMs ?? POSITION_MAX_AGE_MS)) return { ok: false, reason: 'too_old' };
  if (at > opts.now + (opts.maxFutureMs ?? POSITION_MAX_FUTURE_MS)) return { ok: false, reason: 'future' };
  if (at <= opts.lastAt) return { ok: false, reason: 'replayed' };
  return { ok: true, at };
}
