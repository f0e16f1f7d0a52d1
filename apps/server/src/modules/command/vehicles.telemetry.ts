/**
 * Live positions of mobile command vehicles (机动指挥车) over MQTT. A vehicle's telemetry unit publishes signed
 * reports (docs/protocols/vehicle-telemetry.md, lib/vehicle-protocol.ts) to `civdef/v1/vehicle/<code>/position`; the
 * server stores a report only when it is signed with that vehicle's key, fresh, later than the last one accepted and
 * a plausible position. Everything else is dropped and counted by its reason (`counts()`, on /metrics as
 * `civdef_vehicle_positions_total{result}`), with at most one log line per reason a minute: a unit sending garbage
 * every second, or someone trying reports without the key, must not flood the log.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/index.ts';
import { TERMINAL_ID_PATTERN } from '../../lib/siren-protocol.ts';
import { checkPosition, parseSignedPosition, type PositionRefusal } from '../../lib/vehicle-protocol.ts';
import type { Messaging } from '../../plugins/messaging.ts';
import * as repo from './command.repository.ts';

export const VEHICLE_TOPIC_FILTER = 'civdef/v1/vehicle/+/position';

/**
 * Why a report was dropped: the protocol's refusals, and `unsigned` (a version-0 report, or any object without a
 * MAC), `malformed` (not a report at all), `implausible` (signed, but not a position in China or not a speed),
 * `unknown_vehicle` (no registered vehicle has the topic's code).
 */
export type PositionDrop = PositionRefusal | 'unsigned' | 'malformed' | 'implausible' | 'unknown_vehicle';
export type PositionOutcome = 'stored' | PositionDrop;
export const POSITION_OUTCOMES: readonly PositionOutcome[] = [
  'stored', 'unsigned', 'malformed', 'forged', 'wrong_vehicle', 'too_old', 'future', 'replayed', 'implausible', 'unknown_vehicle',
];

/**
 * How long a code with no registered vehicle is answered from memory: reports to made-up codes (a misconfigured unit,
 * someone probing the broker) cost no database read each, and a vehicle registered meanwhile is heard within this.
 */
export const UNKNOWN_VEHICLE_TTL_MS = 30_000;
/** At most this many unknown codes remembered (a flood of random codes must not grow the map without bound). */
export const UNKNOWN_VEHICLE_CAP = 10_000;

export interface PositionReport {
  lng: number;
  lat: number;
  at: Date;
  speedKmh: number | null;
}

/** Longitude and latitude of China's extent, and the fastest a road vehicle reports: anything outside is a bad fix. */
const plausible = (lng: number, lat: number, speedKmh: number | null) =>
  lng >= 73 && lng <= 136 && lat >= 3 && lat <= 54 && (speedKmh === null || (speedKmh >= 0 && speedKmh <= 400));

/**
 * The whole judgement of one report, without state: the payload as it arrived on `topicVehicle`'s topic, the
 * vehicle's key, the platform's clock and the time of the newest report accepted from the vehicle (0: none).
 */
export function judgePosition(payload: Buffer | string, topicVehicle: string, opts: { key: string; now: number; lastAt: number }):
  { ok: true; report: PositionReport } | { ok: false; reason: PositionDrop } {
  const signed = parseSignedPosition(payload);
  if (!signed) {
    let v: unknown;
    try {
      v = JSON.parse(payload.toString());
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    // An object without a MAC is what a unit of the unsigned format (version 0) sends: counted apart, since a fleet
    // not yet re-provisioned shows up here, not as an attack.
    const unsigned = typeof v === 'object' && v !== null && !Array.isArray(v) && !('mac' in v);
    return { ok: false, reason: unsigned ? 'unsigned' : 'malformed' };
  }
  const checked = checkPosition(opts.key, signed, topicVehicle, { now: opts.now, lastAt: opts.lastAt });
  if (!checked.ok) return checked;
  if (!plausible(signed.lng, signed.lat, signed.speedKmh)) return { ok: false, reason: 'implausible' };
  return { ok: true, report: { lng: signed.lng, lat: signed.lat, at: new Date(checked.at), speedKmh: signed.speedKmh } };
}

export interface VehicleTelemetry {
  /** Judges and (when it passes) stores one report as it arrived on `code`'s topic (the MQTT handler and tests). */
  apply(code: string, payload: Buffer | string): Promise<PositionOutcome>;
  /** Reports handled since start, by outcome (every outcome present, 0 when none). */
  counts(): Record<PositionOutcome, number>;
  start(): Promise<void>;
  stop(): void;
}

/** One log line per reason at most every `everyMs`, carrying how many more were dropped since the last line. */
function rateLimitedWarn(log: FastifyBaseLogger | undefined, everyMs: number, now: () => number) {
  const last = new Map<PositionDrop, { at: number; since: number }>();
  return (reason: PositionDrop, code: string) => {
    const t = now();
    const seen = last.get(reason);
    if (seen && t - seen.at < everyMs) {
      seen.since += 1;
      return;
    }
    last.set(reason, { at: t, since: 0 });
    log?.warn({ reason, code, droppedSinceLastLine: seen?.since ?? 0 }, 'vehicle position dropped');
  };
}

export function createVehicleTelemetry({ db, messaging, keyOf, log, now = () => Date.now(), logEveryMs = 60_000 }: {
  db: Database; messaging: Pick<Messaging, 'client'>;
  /** The vehicle's key from its code (vehicles.credentials.ts). */
  keyOf: (code: string) => string;
  log?: FastifyBaseLogger; now?: () => number; logEveryMs?: number;
}): VehicleTelemetry {
  const counts = Object.fromEntries(POSITION_OUTCOMES.map((o) => [o, 0])) as Record<PositionOutcome, number>;
  const warn = rateLimitedWarn(log, logEveryMs, now);
  // Per registered vehicle seen: its key and the time of the newest report accepted. Loaded on the first report
  // from the stored fix, so after a restart a report older than what is on the map is still refused as a replay.
  const known = new Map<string, { key: string; lastAt: number }>();
  // Codes found unregistered, with when to look again (UNKNOWN_VEHICLE_TTL_MS).
  const unknown = new Map<string, number>();
  const rememberUnknown = (code: string) => {
    if (unknown.size >= UNKNOWN_VEHICLE_CAP) unknown.clear();
    unknown.set(code, now() + UNKNOWN_VEHICLE_TTL_MS);
  };

  async function judge(code: string, payload: Buffer | string): Promise<{ outcome: PositionOutcome; report?: PositionReport }> {
    if (!TERMINAL_ID_PATTERN.test(code)) return { outcome: 'unknown_vehicle' };
    if (!known.has(code)) {
      const until = unknown.get(code);
      if (until !== undefined && until > now()) return { outcome: 'unknown_vehicle' };
      unknown.delete(code);
      const row = await repo.vehicleByCode(db, code);
      if (!row) {
        rememberUnknown(code);
        return { outcome: 'unknown_vehicle' };
      }
      // Another report of the same vehicle may have filled the entry while this one waited for the row.
      if (!known.has(code)) known.set(code, { key: keyOf(code), lastAt: row.positionAt?.getTime() ?? 0 });
    }
    const entry = known.get(code)!;
    const judged = judgePosition(payload, code, { key: entry.key, now: now(), lastAt: entry.lastAt });
    if (!judged.ok) return { outcome: judged.reason };
    // Taken before the write, synchronously: the same report arriving twice at once is stored once.
    entry.lastAt = judged.report.at.getTime();
    return { outcome: 'stored', report: judged.report };
  }

  async function apply(code: string, payload: Buffer | string): Promise<PositionOutcome> {
    const judged = await judge(code, payload);
    const { report } = judged;
    let { outcome } = judged;
    if (report && !(await repo.storePosition(db, code, report.lng, report.lat, report.at, report.speedKmh))) {
      // Removed from the registry meanwhile: forget it, so a vehicle registered again under the code starts afresh.
      known.delete(code);
      rememberUnknown(code);
      outcome = 'unknown_vehicle';
    }
    counts[outcome] += 1;
    if (outcome !== 'stored') warn(outcome, code);
    return outcome;
  }

  const handler = (topic: string, payload: Buffer) => {
    const m = /^civdef\/v1\/vehicle\/([^/]{1,64})\/position$/.exec(topic);
    if (!m) return;
    apply(m[1]!, payload).catch((err: Error) => log?.warn({ topic, err: err.message }, 'vehicle position: not stored'));
  };
  return {
    apply,
    counts: () => ({ ...counts }),
    async start() {
      const client = messaging.client;
      if (!client) return;
      client.on('message', handler);
      // Vehicle positions are a map layer, not a life-critical path: a broker refusing this subscription (a wrong ACL,
      // another broker on the port) is logged, and the platform still starts so that warning keeps working.
      await client.subscribeAsync(VEHICLE_TOPIC_FILTER, { qos: 0 }).catch((err: Error) =>
        log?.error({ err: err.message, topic: VEHICLE_TOPIC_FILTER }, 'vehicle positions: subscription refused; the map shows no live vehicles'));
    },
    stop() {
      messaging.client?.removeListener('message', handler);
    },
  };
}
