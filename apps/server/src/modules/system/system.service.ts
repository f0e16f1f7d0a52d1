/**
 * Platform facts: health, what the console needs before sign-in, and the demo-data marker the first start
 * and `civdef seed demo` set.
 */
import { scopePrefix } from '@civdef/domain';
import type { Config } from '../../config.ts';
import { currentVersion, type Database, type Queryable } from '../../db/index.ts';
import type { Messaging } from '../../plugins/messaging.ts';
import * as repo from './system.repository.ts';

export interface SystemDeps {
  db: Database;
  config: Pick<Config, 'city' | 'basemap' | 'password'>;
  messaging: Pick<Messaging, 'kind' | 'connected'>;
  version: string;
  /** Milliseconds now; tests pass their own clock. */
  now?: () => number;
}

/** A database probe younger than this is reused as it is; an older one is answered and refreshed behind it. */
export const HEALTH_PROBE_FRESH_MS = 1_000;
/** A probe still unanswered after this long says the database is not ok (it hangs, or a long write holds it). */
export const HEALTH_PROBE_STUCK_MS = 10_000;

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  database: { kind: string; migration: number; ok: boolean };
  broker: { kind: string; connected: boolean };
}

/** What the console may know before sign-in, unshaped: `presentPublicConfig` picks the fields that leave. */
export interface PublicConfigFacts {
  version: string;
  demo: boolean;
  city: Config['city'];
  extent: { center: [number, number]; bbox: [number, number, number, number] };
  basemap: Config['basemap'];
  password: Config['password'];
}

/** What the demo loader records once it has loaded the synthetic dataset. */
export interface DemoDataMark {
  seed: number;
  synthetic: true;
  loadedAt: string;
}

export interface SystemService {
  health(): Promise<Health>;
  publicConfig(): Promise<PublicConfigFacts>;
  /** The demo marker, or null when no demo dataset was loaded. */
  demoData(): Promise<DemoDataMark | null>;
  /** Records the demo load inside the loader's transaction `tx`. */
  markDemoData(tx: Queryable, mark: DemoDataMark): Promise<void>;
}

/** Used when the city has no boundaries yet: roughly Nantong, the city civdef ships data for. */
const FALLBACK_EXTENT = { bbox: [120.2, 31.6, 122.0, 32.8] as [number, number, number, number], center: [120.9, 32.0] as [number, number] };

export function createSystemService({ db, config, messaging, version, now = Date.now }: SystemDeps): SystemService {
  const demoData = () => repo.getSetting<DemoDataMark>(db, 'demo_data');

  // Health is asked for by load balancers and monitors many times a second; the database is probed at most once
  // per HEALTH_PROBE_FRESH_MS, in the background, and every answer in between comes from the last probe. On the
  // embedded database a probe per request queued behind every other query (one connection): health answered
  // slowest exactly when the server was busiest. The broker's state is in memory and read live.
  let last: { migration: number; ok: boolean; at: number } | null = null;
  let probing: { done: Promise<void>; since: number } | null = null;
  const probe = () => {
    if (probing) return probing.done;
    const since = now();
    const done = currentVersion(db).then(
      (migration) => void (last = { migration, ok: true, at: now() }),
      () => void (last = { migration: last?.migration ?? 0, ok: false, at: now() }),
    ).finally(() => (probing = null));
    probing = { done, since };
    return done;
  };

  return {
    async health() {
      if (!last) await probe();
      else if (now() - last.at >= HEALTH_PROBE_FRESH_MS) void probe();
      const stuck = probing !== null && now() - probing.since >= HEALTH_PROBE_STUCK_MS;
      const dbOk = last!.ok && !stuck;
      const brokerOk = messaging.kind === 'none' || messaging.connected();
      return {
        status: dbOk && brokerOk ? 'ok' : 'degraded',
        version,
        database: { kind: db.kind, migration: last!.migration, ok: dbOk },
        broker: { kind: messaging.kind, connected: messaging.connected() },
      };
    },

    async publicConfig() {
      const extent = (await repo.cityExtent(db, scopePrefix(config.city.code))) ?? FALLBACK_EXTENT;
      return { version, demo: (await demoData()) !== null, city: config.city, extent, basemap: config.basemap, password: config.password };
    },

    demoData,
    markDemoData: (tx, mark) => repo.setSetting(tx, 'demo_data', mark),
  };
}
