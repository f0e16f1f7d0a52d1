/**
 * `GET /metrics` in the Prometheus text format: HTTP request rate and latency by method, route pattern and status;
 * background job queues; the MQTT link; database connections; and the process itself (CPU, memory, event loop).
 *
 * Who may read it. Metrics are not personal data, but they reveal load, routes and versions, so they are not
 * public. A scraper is a machine, not a user with a session, so the session permissions do not fit: the route is
 * `access: 'public'` for the session layer and guards itself —
 *   - with METRICS_TOKEN configured: `Authorization: Bearer <token>` (compared in constant time), from anywhere;
 *   - without it: only clients on a loopback address, so a fresh installation's numbers are readable on the machine
 *     (curl, a local Prometheus or agent) and nowhere else. A request that came through a reverse proxy
 *     (X-Forwarded-For present) is refused even from loopback: behind a proxy on the same host every client would
 *     otherwise look local.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/index.ts';
import { AppError, defineErrors, t, type CodesOf } from '../lib/errors.ts';
import type { Messaging } from './messaging.ts';

export const MetricsErrors = defineErrors({
  METRICS_TOKEN_REQUIRED: t('读取监控指标需要有效的 Bearer 令牌（METRICS_TOKEN）', 'Reading metrics needs a valid bearer token (METRICS_TOKEN)'),
  METRICS_LOOPBACK_ONLY: t(
    '未配置 METRICS_TOKEN 时，监控指标只对本机回环地址开放',
    'Without METRICS_TOKEN configured, metrics answer only to loopback addresses',
  ),
});

declare module '../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the metrics codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof MetricsErrors> {}
}

/** Counts of a job queue by state (e.g. `{ queued: 2, running: 1 }`), read at each scrape. */
export type JobQueueSource = () => Record<string, number> | Promise<Record<string, number>>;

/** What modules may add to /metrics without touching this file. */
export interface PlatformMetrics {
  /**
   * Reports a module's background jobs as `civdef_jobs{queue="<queue>",state="…"}`. The works module's import jobs
   * are meant to come in here (`queue: 'works_import'`) once its door exposes their counts.
   *
   * @example
   * app.metrics.registerJobQueue('works_import', () => imports.countsByState());
   */
  registerJobQueue(queue: string, source: JobQueueSource): void;
  /**
   * A module's running counts as one Prometheus counter with one label, read at each scrape from `source` (which
   * answers the totals since start, e.g. reports dropped by reason).
   *
   * @example
   * app.metrics.registerCounter('civdef_vehicle_positions_total', 'Vehicle position reports by result', 'result', () => telemetry.counts());
   */
  registerCounter(name: string, help: string, label: string, source: () => Record<string, number>): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: PlatformMetrics;
  }
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Counts one answered request: what the request hook records, for answers given past Fastify (plugins/fast-lane.ts). */
export type RequestMeter = (method: string, route: string, status: number, seconds: number) => void;

/**
 * Registers the request hooks (on the root instance, so every route is measured) and the route; returns the meter
 * the hook uses. Call it before the modules, so they can register their job queues.
 */
export function registerMetrics(app: FastifyInstance, deps: { db: Database; messaging: Messaging; token: string | null }): RequestMeter {
  // One registry per app: tests build many apps in one process, and the global registry would reject duplicates.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP response time in seconds, by method, route pattern and status',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const queues = new Map<string, JobQueueSource>();
  new Gauge({
    name: 'civdef_jobs',
    help: 'Background jobs by queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [queue, source] of queues) {
        for (const [state, count] of Object.entries(await source())) this.set({ queue, state }, count);
      }
    },
  });

  const { messaging, db } = deps;
  new Gauge({
    name: 'civdef_mqtt_connected',
    help: 'Whether the server is connected to its MQTT broker (1) or not (0)',
    labelNames: ['broker'],
    registers: [registry],
    collect() {
      this.set({ broker: messaging.kind }, messaging.connected() ? 1 : 0);
    },
  });
  if (messaging.brokerClients) {
    const clients = messaging.brokerClients.bind(messaging);
    new Gauge({
      name: 'civdef_mqtt_broker_clients',
      help: 'Clients connected to the embedded MQTT broker (siren terminals and the server itself)',
      registers: [registry],
      collect() {
        this.set(clients());
      },
    });
  }
  if (db.poolStats) {
    const stats = db.poolStats.bind(db);
    new Gauge({
      name: 'civdef_db_connections',
      help: 'Database connections by state (PGlite: its single connection; waiting = queued callers)',
      labelNames: ['driver', 'state'],
      registers: [registry],
      collect() {
        const s = stats();
        this.set({ driver: db.kind, state: 'total' }, s.total);
        this.set({ driver: db.kind, state: 'idle' }, s.idle);
        this.set({ driver: db.kind, state: 'waiting' }, s.waiting);
      },
    });
  }

  const registerCounter = (name: string, help: string, label: string, source: () => Record<string, number>) => {
    new Counter({
      name, help, labelNames: [label], registers: [registry],
      collect() {
        // The source holds the totals: the counter is set to them (a counter cannot be set, so reset and add).
        this.reset();
        for (const [value, n] of Object.entries(source())) this.inc({ [label]: value }, n);
      },
    });
  };
  app.decorate('metrics', { registerJobQueue: (queue: string, source: JobQueueSource) => void queues.set(queue, source), registerCounter } satisfies PlatformMetrics);

  // Each series' children, found by one string: prom-client would otherwise hash a label object on every request.
  const series = new Map<string, { requests: ReturnType<typeof requests.labels>; duration: ReturnType<typeof duration.labels> }>();
  const meter: RequestMeter = (method, route, status, seconds) => {
    const key = `${method} ${status} ${route}`;
    let s = series.get(key);
    if (!s) {
      const labels = { method, route, status: String(status) };
      series.set(key, (s = { requests: requests.labels(labels), duration: duration.labels(labels) }));
    }
    s.requests.inc();
    s.duration.observe(seconds);
  };
  // The route pattern (/api/works/:id), never the raw URL: one series per route, not per record or query string.
  app.addHook('onResponse', async (request, reply) => meter(request.method, request.routeOptions.url ?? '(unmatched)', reply.statusCode, reply.elapsedTime / 1000));

  const expected = deps.token === null ? null : digest(deps.token);
  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    if (expected) {
      const header = request.headers.authorization ?? '';
      const sent = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      // Both sides hashed to the same length, so the comparison time says nothing about the token.
      if (!sent || !timingSafeEqual(digest(sent), expected)) {
        reply.header('www-authenticate', 'Bearer realm="civdef metrics"');
        throw new AppError('METRICS_TOKEN_REQUIRED', 401);
      }
      return;
    }
    if (!isLoopback(request.socket.remoteAddress) || request.headers['x-forwarded-for'] !== undefined) {
      throw new AppError('METRICS_LOOPBACK_ONLY', 403);
    }
  };

  app.get('/metrics', {
    config: { access: 'public' },
    schema: { hide: true },
    onRequest: guard,
  }, async (_request, reply) => {
    const body = await registry.metrics();
    return reply.type(registry.contentType).send(body);
  });
  return meter;
}
