/**
 * Live positions of mobile command vehicles (机动指挥车) over MQTT. A vehicle's telemetry unit publishes
 * `{ "lng", "lat", "at", "speedKmh" }` (WGS84, ISO 8601 instant) to `civdef/v1/vehicle/<code>/position`; the server
 * keeps the newest report of each registered vehicle. Reports are positions, not commands: they are not signed
 * (unlike siren reports) and not audited one by one — a bad one is dropped with a warning, an old one is ignored.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/index.ts';
import type { Messaging } from '../../plugins/messaging.ts';
import * as repo from './command.repository.ts';

export const VEHICLE_TOPIC_FILTER = 'civdef/v1/vehicle/+/position';
export const vehicleTopic = (code: string) => `civdef/v1/vehicle/${code}/position`;

/** A report more than this far in the future (by the server's clock) is refused: its clock is wrong. */
const MAX_FUTURE_MS = 60_000;

export interface PositionReport {
  lng: number;
  lat: number;
  at: Date;
  speedKmh: number | null;
}

/** Parses a telemetry payload; null when it is not a plausible position report. */
export function parsePositionReport(payload: Buffer | string, now: Date): PositionReport | null {
  let v: unknown;
  try {
    v = JSON.parse(payload.toString());
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const { lng, lat, at, speedKmh } = v as Record<string, unknown>;
  const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (!num(lng) || !num(lat) || lng < 73 || lng > 136 || lat < 3 || lat > 54) return null;
  if (typeof at !== 'string') return null;
  const t = new Date(at);
  if (Number.isNaN(t.getTime()) || t.getTime() > now.getTime() + MAX_FUTURE_MS) return null;
  if (speedKmh !== undefined && speedKmh !== null && (!num(speedKmh) || speedKmh < 0 || speedKmh > 400)) return null;
  return { lng, lat, at: t, speedKmh: num(speedKmh) ? speedKmh : null };
}

export interface VehicleTelemetry {
  /** Applies one report (the MQTT handler and tests): true when stored. */
  apply(code: string, payload: Buffer | string): Promise<boolean>;
  start(): Promise<void>;
  stop(): void;
}

export function createVehicleTelemetry({ db, messaging, log, now = () => new Date() }: {
  db: Database; messaging: Messaging; log?: FastifyBaseLogger; now?: () => Date;
}): VehicleTelemetry {
  async function apply(code: string, payload: Buffer | string): Promise<boolean> {
    const report = parsePositionReport(payload, now());
    if (!report) {
      log?.warn({ code }, 'vehicle position: malformed report, ignored');
      return false;
    }
    return repo.storePosition(db, code, report.lng, report.lat, report.at, report.speedKmh);
  }
  const handler = (topic: string, payload: Buffer) => {
    const m = /^civdef\/v1\/vehicle\/([^/]{1,64})\/position$/.exec(topic);
    if (!m) return;
    apply(m[1]!, payload).catch((err: Error) => log?.warn({ topic, err: err.message }, 'vehicle position: not stored'));
  };
  return {
    apply,
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
