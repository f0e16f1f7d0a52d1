import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { FIXTURE, createTestApp, createUser, signIn, testConfig, type TestContext } from '../test/harness.ts';
import { startMessaging } from './messaging.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;

/** The value of one sample line (`name{labels} value`), or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(app: FastifyInstance, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') {
  return app.inject({ method: 'GET', url: '/metrics', headers, remoteAddress });
}

describe('/metrics', () => {
  it('counts requests by method, route pattern and status, with latency histograms and process metrics', async () => {
    const before = (await scrape(t.app)).body;
    const healthBefore = sample(before, 'http_requests_total{method="GET",route="/api/health",status="200"}') ?? 0;
    await t.app.inject({ method: 'GET', url: '/api/health' });
    await t.app.inject({ method: 'GET', url: '/api/health?probe=1' });
    await createUser(t.db, 'metrics-admin', ['system_admin'], FIXTURE.city);
    const admin = await signIn(t.app, 'metrics-admin');
    await t.app.inject({ method: 'GET', url: '/api/users/987654', headers: { cookie: admin.cookie } });
    await t.app.inject({ method: 'GET', url: '/api/users/987655', headers: { cookie: admin.cookie } });
    await t.app.inject({ method: 'GET', url: '/api/no-such-thing' });

    const res = await scrape(t.app);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(sample(text, 'http_requests_total{method="GET",route="/api/health",status="200"}')).toBe(healthBefore + 2);
    // Two different ids, one series: the pattern, never the raw URL.
    expect(sample(text, 'http_requests_total{method="GET",route="/api/users/:id",status="404"}')).toBe(2);
    expect(text).not.toContain('987654');
    expect(text).not.toContain('probe=1');
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="/api/health",status="200"}')).toBe(healthBefore + 2);
    expect(sample(text, 'http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/health",status="200"}')).toBe(healthBefore + 2);
    expect(text).toMatch(/^http_requests_total\{method="GET",route="[^"]*",status="404"\} \d+$/m);
    // PGlite: its one connection; PostgreSQL (TEST_DATABASE_URL): the pool's, at least the one that answered.
    const connections = sample(text, `civdef_db_connections{driver="${t.db.kind}",state="total"}`);
    if (t.db.kind === 'pglite') expect(connections).toBe(1);
    else expect(connections).toBeGreaterThanOrEqual(1);
    expect(sample(text, `civdef_db_connections{driver="${t.db.kind}",state="waiting"}`)).toBe(0);
    expect(sample(text, 'civdef_mqtt_connected{broker="none"}')).toBe(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
  });

  it('reports job queues that modules register', async () => {
    let running = 1;
    t.app.metrics.registerJobQueue('test_import', () => ({ queued: 2, running }));
    expect(sample((await scrape(t.app)).body, 'civdef_jobs{queue="test_import",state="queued"}')).toBe(2);
    running = 0;
    expect(sample((await scrape(t.app)).body, 'civdef_jobs{queue="test_import",state="running"}')).toBe(0);
  });

  it('without METRICS_TOKEN answers loopback only, and not requests forwarded by a proxy', async () => {
    const remote = await scrape(t.app, {}, '10.1.2.3');
    expect(remote.statusCode).toBe(403);
    expect(remote.json()).toMatchObject({ code: 'METRICS_LOOPBACK_ONLY' });
    expect(remote.body).not.toContain('http_requests_total');
    expect((await scrape(t.app, { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(403);
    expect((await scrape(t.app, {}, '::1')).statusCode).toBe(200);
    expect((await scrape(t.app, {}, '::ffff:127.0.0.1')).statusCode).toBe(200);
  });

  it('with METRICS_TOKEN answers a matching bearer token from anywhere, and nothing else', async () => {
    const token = 'scrape-token-0123456789';
    const app = await buildApp(testConfig({ METRICS_TOKEN: token }), { db: t.db });
    try {
      const none = await scrape(app, {}, '127.0.0.1');
      expect(none.statusCode).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(none.json()).toMatchObject({ code: 'METRICS_TOKEN_REQUIRED' });
      expect((await scrape(app, { authorization: `Bearer ${token}x` }, '10.1.2.3')).statusCode).toBe(401);
      expect((await scrape(app, { authorization: `Basic ${token}` }, '10.1.2.3')).statusCode).toBe(401);
      const ok = await scrape(app, { authorization: `Bearer ${token}` }, '10.1.2.3');
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('# TYPE http_requests_total counter');
    } finally {
      await app.close();
    }
  });

  it('counts the embedded broker clients and the server link', async () => {
    const messaging = await startMessaging(testConfig({ MQTT_EMBEDDED_PORT: '0' }), quiet);
    const app = await buildApp(testConfig(), { db: t.db, messaging });
    try {
      const text = (await scrape(app)).body;
      expect(sample(text, 'civdef_mqtt_connected{broker="embedded"}')).toBe(1);
      expect(sample(text, 'civdef_mqtt_broker_clients')).toBe(1);
    } finally {
      await app.close();
      await messaging.close();
    }
  });
});
