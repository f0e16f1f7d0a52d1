import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../test/harness.ts';
import { startMessaging } from './messaging.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;

/** A terminal-like peer, subscribed before it returns, so nothing published afterwards is missed. */
async function subscribedPeer(url: string, login?: { username: string; password: string } | null): Promise<{ next: Promise<string>; close: () => Promise<void> }> {
  const peer = await mqtt.connectAsync(url, { clientId: `test-peer-${Date.now()}`, ...login });
  const next = new Promise<string>((resolve) => peer.on('message', (_t, payload) => resolve(payload.toString())));
  await peer.subscribeAsync('civdef/test/echo', { qos: 1 });
  return { next, close: () => peer.endAsync(true) };
}

describe('messaging', () => {
  it('runs an embedded broker that terminals can reach', async () => {
    const m = await startMessaging(testConfig({ MQTT_EMBEDDED_PORT: '0' }), quiet);
    try {
      expect(m.kind).toBe('embedded');
      expect(m.connected()).toBe(true);
      const url = `mqtt://127.0.0.1:${m.embeddedPort}`;
      // Every login is checked (broker-auth.module.test.ts): the peer uses the platform's own account here.
      const peer = await subscribedPeer(url, m.credentials);
      await m.client!.publishAsync('civdef/test/echo', 'hello 警报', { qos: 1 });
      expect(await peer.next).toBe('hello 警报');
      await peer.close();
    } finally {
      await m.close();
    }
  });

  it('reconnects the platform\'s link after the embedded broker restarted, on the same port', async () => {
    const m = await startMessaging(testConfig({ MQTT_EMBEDDED_PORT: '0' }), quiet);
    try {
      expect(m.brokerClients!()).toBe(1);
      const url = `mqtt://127.0.0.1:${m.embeddedPort}`;
      const before = await subscribedPeer(url, m.credentials);
      await before.close();
      await m.restartBroker!(200);
      expect(m.connected()).toBe(false);
      const end = Date.now() + 10_000;
      while (!m.connected() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(m.connected()).toBe(true);
      // The same port, a fresh broker: a peer reaches it and hears the platform again.
      const after = await subscribedPeer(url, m.credentials);
      await m.client!.publishAsync('civdef/test/echo', 'after the restart', { qos: 1 });
      expect(await after.next).toBe('after the restart');
      await after.close();
    } finally {
      await m.close();
    }
  });

  it('carries a burst of 10,000 QoS 1 publishes from the platform at once, each delivered', async () => {
    const m = await startMessaging(testConfig({ MQTT_EMBEDDED_PORT: '0' }), quiet);
    try {
      const peer = await mqtt.connectAsync(`mqtt://127.0.0.1:${m.embeddedPort}`, { clientId: `burst-${Date.now()}`, ...m.credentials });
      let got = 0;
      const all = new Promise<void>((resolve) => peer.on('message', () => ++got === 10_000 && resolve()));
      await peer.subscribeAsync('civdef/test/burst/+', { qos: 1 });
      // As the dispatcher sends an alert: every command published before the first is acknowledged.
      await Promise.all(Array.from({ length: 10_000 }, (_, i) => m.client!.publishAsync(`civdef/test/burst/${i}`, 'x'.repeat(300), { qos: 1 })));
      await all;
      expect(got).toBe(10_000);
      await peer.endAsync(true);
    } finally {
      await m.close();
    }
  }, 120_000);

  it('connects to an external broker (Mosquitto in CI)', async () => {
    const url = process.env.TEST_MQTT_URL;
    if (!url) {
      // Fail loudly in CI: the external-broker path must be exercised there.
      expect(process.env.CI, 'TEST_MQTT_URL must be set in CI').toBeFalsy();
      return;
    }
    const m = await startMessaging(testConfig({ MQTT_URL: url }), quiet);
    try {
      expect(m.kind).toBe('external');
      expect(m.connected()).toBe(true);
      const peer = await subscribedPeer(url);
      await m.client!.publishAsync('civdef/test/echo', 'from civdef', { qos: 1 });
      expect(await peer.next).toBe('from civdef');
      await peer.close();
    } finally {
      await m.close();
    }
  });
});
