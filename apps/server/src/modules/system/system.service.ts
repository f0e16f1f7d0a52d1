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
}

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

export function createSystemService({ db, config, messaging, version }: SystemDeps): SystemService {
  const demoData = () => repo.getSetting<DemoDataMark>(db, 'demo_data');
  return {
    async health() {
      let migration = 0;
      let dbOk = true;
      try {
        migration = await currentVersion(db);
      } catch {
        dbOk = false;
      }
      const brokerOk = messaging.kind === 'none' || messaging.connected();
      return {
        status: dbOk && brokerOk ? 'ok' : 'degraded',
        version,
        database: { kind: db.kind, migration, ok: dbOk },
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
