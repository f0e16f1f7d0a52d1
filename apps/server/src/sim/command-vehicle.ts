/**
 * A simulated mobile command vehicle (机动指挥车) for tests and the demo: drives along a route of points and
 * publishes signed position reports to `civdef/v1/vehicle/<code>/position` at a fixed interval, as a vehicle's
 * telemetry unit would (docs/protocols/vehicle-telemetry.md): it logs in as `vehicle@<code>` with the password
 * derived from its key and signs every report with that key. The server keeps the newest report
 * (modules/command/vehicles.telemetry.ts). The key is the one `civdef vehicle key <code>` prints, or in a test
 * `vehicleKey(master, code)` of the master the server was given (VEHICLE_MASTER_KEY).
 *
 * @example
 * const v = await SimulatedVehicle.start({ url: 'mqtt://127.0.0.1:1883', code: 'JDZHC-01', key, route: [[120.90, 31.98], [120.95, 32.00]], intervalMs: 500 });
 * // … the console shows the vehicle live, moving …
 * await v.stop();
 */
import mqtt, { type MqttClient } from 'mqtt';
import { VEHICLE_PROTOCOL_VERSION, positionTopic, signPosition, vehicleBrokerPassword, vehicleBrokerUser } from '../lib/vehicle-protocol.ts';

export interface VehicleOptions {
  url: string;
  /** The vehicle's code in the registry (its telemetry id). */
  code: string;
  /** The vehicle's key (64 hex digits): signs the reports and gives the broker password. */
  key: string;
  /** Points [lng, lat] driven in order, then back to the first. */
  route: ReadonlyArray<[number, number]>;
  /** Steps between two points of the route. */
  stepsPerLeg?: number;
  intervalMs?: number;
  speedKmh?: number;
}

export class SimulatedVehicle {
  /** Positions published so far. */
  readonly sent: Array<[number, number]> = [];
  private timer: NodeJS.Timeout | null = null;
  private lastAt = 0;

  private constructor(private readonly client: MqttClient, private readonly opts: Required<VehicleOptions>) {}

  static async start(opts: VehicleOptions): Promise<SimulatedVehicle> {
    if (opts.route.length === 0) throw new Error('route: at least one point');
    // Both brokers admit a telemetry unit as `vehicle@<code>` with its derived password, and let it publish its own position only.
    const client = await mqtt.connectAsync(opts.url, {
      clientId: `sim-vehicle-${opts.code}-${process.pid}`, reconnectPeriod: 1000,
      username: vehicleBrokerUser(opts.code), password: vehicleBrokerPassword(opts.key, opts.code),
    });
    const v = new SimulatedVehicle(client, { stepsPerLeg: 10, intervalMs: 1000, speedKmh: 40, ...opts });
    await v.publishStep(0);
    let step = 1;
    v.timer = setInterval(() => void v.publishStep(step++).catch(() => undefined), v.opts.intervalMs);
    return v;
  }

  /** The position at `step`: linear between route points, looping. */
  positionAt(step: number): [number, number] {
    const { route, stepsPerLeg } = this.opts;
    if (route.length === 1) return route[0]!;
    const leg = Math.floor(step / stepsPerLeg) % route.length;
    const f = (step % stepsPerLeg) / stepsPerLeg;
    const a = route[leg]!;
    const b = route[(leg + 1) % route.length]!;
    return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
  }

  private async publishStep(step: number): Promise<void> {
    const [lng, lat] = this.positionAt(step);
    this.sent.push([lng, lat]);
    // Each report strictly later than the last (the server refuses one that is not, as a replay), even within a millisecond.
    this.lastAt = Math.max(Date.now(), this.lastAt + 1);
    const report = signPosition(this.opts.key, {
      v: VEHICLE_PROTOCOL_VERSION, vehicle: this.opts.code, lng, lat, at: new Date(this.lastAt).toISOString(), speedKmh: this.opts.speedKmh,
    });
    await this.client.publishAsync(positionTopic(this.opts.code), JSON.stringify(report), { qos: 0 });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.client.endAsync();
  }
}
