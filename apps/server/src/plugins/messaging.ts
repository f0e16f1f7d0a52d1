import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import net from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';

export interface Messaging {
  readonly kind: 'embedded' | 'external' | 'none';
  readonly client: MqttClient | null;
  /** Port of the embedded broker (useful when configured as 0). */
  readonly embeddedPort: number | null;
  connected(): boolean;
  /** Clients connected to the embedded broker (the server's own link included); absent for an external broker. */
  brokerClients?(): number;
  close(): Promise<void>;
}

/**
 * The MQTT link to siren terminals: an in-process aedes broker by default, or any broker at MQTT_URL.
 * The server connects as a client either way, so both paths run the same code.
 */
export async function startMessaging(config: Config, log: FastifyBaseLogger): Promise<Messaging> {
  let broker: Aedes | null = null;
  let server: net.Server | null = null;
  let url = config.mqttUrl;
  let embeddedPort: number | null = null;
  if (!url) {
    if (config.mqttEmbeddedPort === null) return noMessaging();
    broker = await Aedes.createBroker();
    server = net.createServer(broker.handle);
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(config.mqttEmbeddedPort!, config.mqttEmbeddedHost, () => resolve());
    });
    embeddedPort = (server.address() as net.AddressInfo).port;
    url = `mqtt://${config.mqttEmbeddedHost}:${embeddedPort}`;
    log.info({ port: embeddedPort }, 'embedded MQTT broker listening');
  }
  const client = mqtt.connect(url, { clientId: `civdef-server-${process.pid}-${Date.now()}`, reconnectPeriod: 2000, connectTimeout: 5000 });
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
    connected: () => client.connected,
    ...(broker ? { brokerClients: () => broker!.connectedClients } : {}),
    async close() {
      await client.endAsync(true).catch(() => undefined);
      if (broker) await new Promise<void>((resolve) => broker!.close(() => resolve()));
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    },
  };
}

function noMessaging(): Messaging {
  return { kind: 'none', client: null, embeddedPort: null, connected: () => false, close: async () => undefined };
}
