import { Aedes, type AedesOptions, type AuthenticateError, type Client } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import { SERVER_BROKER_USER, TERMINAL_ID_PATTERN, commandTopic, heartbeatTopic, reportTopic, stateTopic } from '../lib/siren-protocol.ts';
import { VEHICLE_USER_PREFIX, positionTopic, vehicleCodeOfUser } from '../lib/vehicle-protocol.ts';

/** Who may log in to the embedded broker as a siren terminal: the sirens module answers from its key store. */
export interface BrokerAuthority {
  /** True when `password` is the broker password of the registered remote terminal `terminalId`. */
  verifyTerminal(terminalId: string, password: string): Promise<boolean>;
}

/** Who may log in to the embedded broker as a command vehicle: the command module answers from the vehicle registry. */
export interface VehicleBrokerAuthority {
  /** True when `password` is the broker password of the registered vehicle `code` (derived from its key). */
  verifyVehicle(code: string, password: string): Promise<boolean>;
}

/** A logged-in client of the embedded broker and what it may do (see `allowedToPublish`/`allowedToSubscribe`). */
export type BrokerRole = { kind: 'server' } | { kind: 'terminal'; terminalId: string } | { kind: 'vehicle'; code: string };

/**
 * The embedded broker's ACL, in one place (the Mosquitto ACL of `lib/mosquitto-config.ts` says the same): the
 * platform publishes and subscribes anywhere; a terminal publishes only its own report, heartbeat and state; a
 * vehicle only its own position. Wildcards in a published topic are refused by MQTT itself.
 */
export function allowedToPublish(role: BrokerRole, topic: string): boolean {
  if (role.kind === 'server') return true;
  if (role.kind === 'vehicle') return topic === positionTopic(role.code);
  const t = role.terminalId;
  return topic === reportTopic(t) || topic === heartbeatTopic(t) || topic === stateTopic(t);
}

/**
 * A terminal subscribes only to its own command topic, spelled exactly (no wildcard that would also match another
 * terminal's). Commands are signed per terminal, so there is no group topic to grant: a group command is one signed
 * message per member (docs/protocols/siren-control.md). Vehicles subscribe to nothing.
 */
export function allowedToSubscribe(role: BrokerRole, filter: string): boolean {
  if (role.kind === 'server') return true;
  return role.kind === 'terminal' && filter === commandTopic(role.terminalId);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function refused(message: string): AuthenticateError {
  // 4 = bad user name or password (MQTT 3.1.1 CONNACK): the client learns no more than that.
  return Object.assign(new Error(message), { returnCode: 4 }) as AuthenticateError;
}

export interface Messaging {
  readonly kind: 'embedded' | 'external' | 'none';
  readonly client: MqttClient | null;
  /** Port of the embedded broker (useful when configured as 0). */
  readonly embeddedPort: number | null;
  connected(): boolean;
  /** Clients connected to the embedded broker (the server's own link included); absent for an external broker. */
  brokerClients?(): number;
  /** The platform's own broker login (in-process only: tests use it to play an intruder holding the platform's account). */
  readonly credentials?: { username: string; password: string } | null;
  /**
   * Embedded broker: who may log in as a terminal. Until it is given, only the platform's own link gets in (fail
   * closed); the sirens module gives it when the app is built.
   */
  useAuthority?(authority: BrokerAuthority): void;
  /** Embedded broker: who may log in as a vehicle (`vehicle@<code>`); until given, no vehicle gets in (fail closed). */
  useVehicleAuthority?(authority: VehicleBrokerAuthority): void;
  /**
   * Embedded broker: stops it as a crash would (every connection dropped, queued QoS 1 messages and retained states
   * lost), and listens again on the same port after `downMs`. Terminals and the platform's link reconnect on their
   * own; what was owed is re-sent from the database (the outbox). Used by the fault tests.
   */
  restartBroker?(downMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The MQTT link to siren terminals: an in-process aedes broker by default, or any broker at MQTT_URL.
 * The server connects as a client either way, so both paths run the same code.
 */
export async function startMessaging(config: Config, log: FastifyBaseLogger): Promise<Messaging> {
  let broker: Aedes | null = null;
  let server: net.Server | null = null;
  let restartBroker: ((downMs: number) => Promise<void>) | null = null;
  let closed = false;
  let url = config.mqttUrl;
  let embeddedPort: number | null = null;
  let authority: BrokerAuthority | null = null;
  let vehicleAuthority: VehicleBrokerAuthority | null = null;
  // The platform's own login: a fresh random secret per process at the embedded broker (nobody else needs it), the
  // configured account at an external one.
  const credentials = url
    ? (config.mqttUsername ? { username: config.mqttUsername, password: config.mqttPassword ?? '' } : null)
    : { username: SERVER_BROKER_USER, password: randomBytes(32).toString('hex') };
  if (!url) {
    if (config.mqttEmbeddedPort === null) return noMessaging();
    const roles = new WeakMap<Client, BrokerRole>();
    const hooks: Partial<AedesOptions> = {
      authenticate(client, username, password, done) {
        const secret = password?.toString() ?? '';
        if (!username) return done(refused('no user name'), false);
        if (username === SERVER_BROKER_USER) {
          if (!sameSecret(secret, credentials!.password)) return done(refused('bad password'), false);
          roles.set(client, { kind: 'server' });
          return done(null, true);
        }
        if (username.startsWith(VEHICLE_USER_PREFIX)) {
          // A vehicle logs in with the password derived from its key (docs/protocols/vehicle-telemetry.md); the ACL
          // then confines it to its own position topic, so it can neither command nor impersonate a siren.
          const code = vehicleCodeOfUser(username);
          if (code === null || !vehicleAuthority) return done(refused('unknown client'), false);
          vehicleAuthority.verifyVehicle(code, secret).then((ok) => {
            if (!ok) {
              log.warn({ username }, 'MQTT login refused: unknown vehicle or wrong password');
              return done(refused('unknown vehicle or wrong password'), false);
            }
            roles.set(client, { kind: 'vehicle', code });
            done(null, true);
          }, (err: Error) => {
            log.warn({ username, err: err.message }, 'MQTT login: vehicle check failed');
            done(Object.assign(new Error('vehicle check failed'), { returnCode: 3 }) as AuthenticateError, false);
          });
          return;
        }
        if (!TERMINAL_ID_PATTERN.test(username) || !authority) return done(refused('unknown client'), false);
        authority.verifyTerminal(username, secret).then((ok) => {
          if (!ok) {
            log.warn({ username }, 'MQTT login refused: unknown terminal or wrong password');
            return done(refused('unknown terminal or wrong password'), false);
          }
          roles.set(client, { kind: 'terminal', terminalId: username });
          done(null, true);
        }, (err: Error) => {
          log.warn({ username, err: err.message }, 'MQTT login: terminal check failed');
          done(Object.assign(new Error('terminal check failed'), { returnCode: 3 }) as AuthenticateError, false);
        });
      },
      authorizePublish(client, packet, done) {
        // No client: the broker's own messages (e.g. $SYS).
        if (!client) return done(null);
        const role = roles.get(client);
        if (role && allowedToPublish(role, packet.topic)) return done(null);
        log.warn({ clientId: client.id, topic: packet.topic }, 'MQTT publish refused by the ACL');
        done(new Error('not allowed to publish on this topic'));
      },
      authorizeSubscribe(client, sub, done) {
        const role = roles.get(client);
        if (role && allowedToSubscribe(role, sub.topic)) return done(null, sub);
        log.warn({ clientId: client.id, topic: sub.topic }, 'MQTT subscription refused by the ACL');
        // A null subscription answers "failure" (0x80) in the SUBACK; the client stays connected.
        done(null, null);
      },
    };
    const open = async (port: number) => {
      // concurrency 0: aedes' message emitter hands every message on at once instead of queueing those past 100 in
      // flight. Its queue is released recursively, one stack frame per queued message: an alert's 10,000 commands
      // and 30,000 answers of a stop round queued at once on a loaded machine overflowed the stack and took the whole
      // process down. A client's socket is still read only after every packet of its last read was handled, so
      // nothing piles up faster than the sockets bring it in.
      const b = await Aedes.createBroker({ ...hooks, concurrency: 0 });
      const s = net.createServer(b.handle);
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, config.mqttEmbeddedHost, () => resolve());
      });
      broker = b;
      server = s;
    };
    await open(config.mqttEmbeddedPort);
    embeddedPort = (server!.address() as net.AddressInfo).port;
    url = `mqtt://${config.mqttEmbeddedHost}:${embeddedPort}`;
    log.info({ port: embeddedPort }, 'embedded MQTT broker listening');
    restartBroker = async (downMs) => {
      const [b, s] = [broker, server];
      broker = null;
      server = null;
      await closeBroker(b, s);
      await new Promise((r) => setTimeout(r, downMs));
      // Closed meanwhile (the server stopping): stays closed.
      if (closed) return;
      await open(embeddedPort!);
      log.info({ port: embeddedPort }, 'embedded MQTT broker restarted');
    };
  }
  const client = mqtt.connect(url!, {
    clientId: `civdef-server-${process.pid}-${Date.now()}`, reconnectPeriod: 2000, connectTimeout: 5000, ...(credentials ?? {}),
  });
  client.on('error', (err) => log.warn({ err: err.message }, 'MQTT client error'));
  await new Promise<void>((resolve) => {
    // Do not block start-up on an external broker that is down: health reports it instead.
    const timer = setTimeout(resolve, 3000);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });

  return {
    kind: broker ? 'embedded' : 'external',
    client,
    embeddedPort,
    credentials,
    connected: () => client.connected,
    ...(restartBroker ? { brokerClients: () => broker?.connectedClients ?? 0, useAuthority: (a: BrokerAuthority) => void (authority = a),
      useVehicleAuthority: (a: VehicleBrokerAuthority) => void (vehicleAuthority = a), restartBroker } : {}),
    async close() {
      closed = true;
      await client.endAsync(true).catch(() => undefined);
      await closeBroker(broker, server);
    },
  };
}

async function closeBroker(broker: Aedes | null, server: net.Server | null): Promise<void> {
  if (broker) await new Promise<void>((resolve) => broker.close(() => resolve()));
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
}

function noMessaging(): Messaging {
  return { kind: 'none', client: null, embeddedPort: null, credentials: null, connected: () => false, close: async () => undefined };
}
