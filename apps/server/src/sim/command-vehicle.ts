/**
 * A simulated mobile command vehicle (机动指挥车) for tests and the demo: drives along a route of points and
 * publishes its position to `civdef/v1/vehicle/<code>/position` at a fixed interval, as a vehicle's telemetry unit
 * would. The server keeps the newest report (modules/command/vehicles.telemetry.ts).
 *
 * @example
 * const v = await SimulatedVehicle.start({ url: 'mqtt://127.0.0.1:1883', code: 'JDZHC-01', route: [[120.90, 31.98], [120.95, 32.00]], intervalMs: 500 });
 * // … the console shows the vehicle live, moving …
 * await v.stop();
 */
import mqtt, { type MqttClient } from 'mqtt';

export interface VehicleOptions {
  url: string;
  /** The vehicle's code in the registry (its telemetry id). */
  code: string;
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

  private constructor(private readonly client: MqttClient, private readonly opts: Required<VehicleOptions>) {}

  static async start(opts: VehicleOptions): Promise<SimulatedVehicle> {
    if (opts.route.length === 0) throw new Error('route: at least one point');
    // The embedded broker admits a telemetry unit as `vehicle:<code>` and lets it publish its own position only.
    const client = await mqtt.connectAsync(opts.url, { clientId: `sim-vehicle-${opts.code}-${process.pid}`, reconnectPeriod: 1000, username: `vehicle:${opts.code}` });
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
    await this.client.publishAsync(`civdef/v1/vehicle/${this.opts.code}/position`,
      JSON.stringify({ lng, lat, at: new Date().toISOString(), speedKmh: this.opts.speedKmh }), { qos: 0 });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.client.endAsync();
  }
}
