/**
 * The public app's rules: the nearest shelters from an in-memory spatial index (alert mode puts the works that take
 * people in first and says whether the walk fits in the warning time), peacetime places by kind, distance or
 * words, and the live alert stream.
 *
 * The index is loaded once, then kept current by the works module's events: each `work.created/changed/retired`
 * marks its works dirty inside the writer's transaction (nothing else is done there); after that transaction has
 * ended (its id's status says so) the dirty works are read again through the works service. On PostgreSQL a full
 * reload every `fullReloadMs` catches writes from other processes (the CLI, a second server on the same database).
 *
 * With a static directory configured (PUBLIC_STATIC_DIR), the static export in it follows the index: written once the
 * index is loaded, then after each change the index takes in, each alert published and each new China day (cooling
 * spots' seasons), a moment after the change (`staticDelayMs`, so a burst of edits is one sync) and never two syncs at
 * once. nginx or a CDN serving the directory then answers a whole city with data as current as the server's.
 */
import { chinaMinuteOfDay, chinaMonthDay, DEFAULT_WARNING_MINUTES, isOpenAt, type LngLat } from '@civdef/domain';
import type { Database } from '../../db/index.ts';
import type { EventBus } from '../../lib/events.ts';
import type { AlertsService } from '../alerts/index.ts';
import type { RegionsService } from '../regions/index.ts';
import type { GisService, PublicDirectoryRow } from '../works/index.ts';
import { inSeason, prepareShelter, takesShelterers } from './public.presenter.ts';
import * as repo from './public.repository.ts';
import type { NearestQuery, PlacesQuery } from './public.schemas.ts';
import { distanceTo, SpatialIndex, type Hit } from './public.spatial.ts';
import { STATIC_ALERT_HISTORY, StaticExporter, writePublicStatic, type StaticExport } from './public.static.ts';
import type { DistrictOutline, NearestAnswer, ShelterHit } from './public.types.ts';

export interface PublicDeps {
  db: Database;
  works: Pick<GisService, 'publicDirectory' | 'publicNearestKnn'>;
  /** Absent in tools that only export (the CLI): the stream then has nothing to send. */
  alerts?: Pick<AlertsService, 'publicFeed' | 'onPublished'>;
  /** The city's district outlines (absent in tools that only export: the public map then has none to draw). */
  regions?: Pick<RegionsService, 'boundariesIn'>;
  /** The city's region code: whose districts the public map draws. */
  cityCode?: string;
  log?: { warn(obj: object, msg: string): void };
  /** Full reload of the index (default 60 s). */
  fullReloadMs?: number;
  /** How often the alert feed is read while someone listens, for alerts published by another process (default 3 s). */
  alertPollMs?: number;
  /** The directory whose static export this server keeps current (PUBLIC_STATIC_DIR); none by default. */
  staticDir?: string | null;
  /** How long after a change the static export is synced (default 200 ms). */
  staticDelayMs?: number;
  /** How often a new China day and a failed sync are looked for (default 60 s). */
  staticCheckMs?: number;
}

export interface PlacesAnswer {
  total: number;
  dataVersion: number;
  items: Array<{ work: PublicDirectoryRow; distanceM: number | null }>;
}

export interface PublicService {
  /** Resolves once the index holds the works (the first load). */
  ready(): Promise<void>;
  /** The version of the index: moves with every change it takes in. */
  dataVersion(): number;
  nearest(q: NearestQuery): Promise<NearestAnswer>;
  /** The same answer at once from memory, or null while the index is not loaded (the fast lane cannot wait). */
  nearestNow(q: NearestQuery): NearestAnswer | null;
  /** The same answer read through PostGIS KNN per request (the comparison the benchmark makes). */
  nearestFromDatabase(q: NearestQuery): Promise<NearestAnswer>;
  /** `now`: the moment "open now" is judged at (default: the clock). */
  places(q: PlacesQuery, now?: Date): Promise<PlacesAnswer>;
  shelter(id: number): Promise<PublicDirectoryRow | null>;
  /**
   * The outlines of the city's districts (code, name, GeoJSON text): with no basemap configured, the public map draws
   * them so that a person can tell where to tap. Empty in tools built without the regions.
   */
  districts(): Promise<DistrictOutline[]>;
  /** Every indexed work (the static export). */
  directory(): Promise<PublicDirectoryRow[]>;
  /** Writes the public data as static files per tile (see public.static.ts). */
  exportStatic(dir: string): Promise<StaticExport>;
  /**
   * What keeping the static directory current (PUBLIC_STATIC_DIR) has done since start: syncs, failed syncs, tile
   * files written and removed (`civdef_public_static_total` in /metrics; all 0 with no directory configured).
   */
  staticCounts(): Record<'syncs' | 'failed' | 'written' | 'removed', number>;
  /** Subscribes to published alerts (the newest first, then each new one); returns the unsubscribe. */
  watchAlerts(listener: (summary: Record<string, unknown>) => void): Promise<() => void>;
  /** Subscribes the index to the works events: in the app's plugin. */
  subscribe(events: EventBus): void;
  close(): void;
}

type Entry = PublicDirectoryRow & { words: string };
/** An indexed work, its searchable words, and its nearest-answer bytes encoded as it enters the index (not on a request). */
const withWords = (w: PublicDirectoryRow): Entry => prepareShelter({ ...w, words: `${w.name} ${w.address ?? ''} ${w.district ?? ''}`.toLowerCase() });

/** Whether the place is open at that minute of the China day (cooling spots: in season on that MM-DD). */
const openAt = (w: PublicDirectoryRow, kind: PlacesQuery['kind'], minuteOfDay: number, today: string) => {
  const pu = w.peacetimeUse ?? {};
  if (kind === 'cooling') return Boolean(pu.coolingSpot?.seasonStart && pu.coolingSpot.seasonEnd && inSeason(today, pu.coolingSpot.seasonStart, pu.coolingSpot.seasonEnd));
  return typeof pu.parking?.hours === 'string' && isOpenAt(pu.parking.hours, minuteOfDay) === true;
};

const hasUse = (w: PublicDirectoryRow, kind: PlacesQuery['kind']) => {
  const pu = w.peacetimeUse ?? {};
  if (kind === 'parking') return Boolean(pu.parking && ((pu.parking.total ?? 0) > 0 || (pu.parking.publicSpaces ?? 0) > 0));
  if (kind === 'cooling') return Boolean(pu.coolingSpot);
  return (pu.evChargers ?? 0) > 0;
};

export function createPublicService({
  db, works, alerts, regions, cityCode, log, fullReloadMs = 60_000, alertPollMs = 3_000, staticDir = null, staticDelayMs = 200, staticCheckMs = 60_000,
}: PublicDeps): PublicService {
  const index = new SpatialIndex<Entry>();
  let loading: Promise<void> | null = null;
  /** Whether the first load has finished (the index only ever moves from one full content to the next after it). */
  let loaded = false;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  async function fullLoad(): Promise<void> {
    index.replaceAll((await works.publicDirectory()).map(withWords));
    loaded = true;
    staticSoon();
  }

  function ready(): Promise<void> {
    if (!loading) {
      loading = fullLoad();
      loading.catch(() => (loading = null));
      // Only where other processes may write (PostgreSQL): the embedded database has this process as its only
      // writer, whose every change arrives as an event, and a full read would stall its one thread for nothing.
      if (fullReloadMs > 0 && !timer && !db.writeEpoch) {
        timer = setInterval(() => {
          fullLoad().catch((err: Error) => log?.warn({ err: err.message }, 'public index: full reload failed'));
        }, fullReloadMs);
        timer.unref();
      }
    }
    return loading;
  }

  // Dirty works, per writer's transaction: reloaded once that transaction has ended, whatever its outcome.
  async function reloadAfter(xid: string, ids: readonly number[]): Promise<void> {
    for (let wait = 10; !closed; wait = Math.min(wait * 2, 500)) {
      const status = await repo.transactionStatus(db, xid);
      if (status !== 'in progress') break;
      await new Promise((r) => setTimeout(r, wait));
    }
    if (closed || !loading) return;
    await loading;
    index.update(ids, (await works.publicDirectory(ids)).map(withWords));
    staticSoon();
  }

  function markDirty(events: EventBus) {
    const react = async (ids: number[], tx: Parameters<typeof repo.transactionId>[0]) => {
      if (ids.length === 0 || !loading) return;
      const xid = await repo.transactionId(tx);
      void reloadAfter(xid, ids).catch((err: Error) => log?.warn({ err: err.message, ids }, 'public index: reload of changed works failed'));
    };
    events.on('work.created', (e, { tx }) => react(e.works.map((w) => w.id), tx));
    events.on('work.changed', (e, { tx }) => react(e.workIds, tx));
    events.on('work.retired', (e, { tx }) => react([e.work.id], tx));
  }

  function answer(q: NearestQuery, hits: Array<Hit<Entry> | { item: PublicDirectoryRow; distanceM: number; entrance: ShelterHit['entrance'] }>): NearestAnswer {
    return {
      mode: q.mode as 'normal' | 'alert', warningMinutes: q.mode === 'alert' ? (q.warningMinutes ?? DEFAULT_WARNING_MINUTES) : null, dataVersion: index.version,
      origin: [q.lng, q.lat], hits: hits.map((h) => ({ work: h.item, hit: { distanceM: h.distanceM, entrance: h.entrance } })),
    };
  }

  function search(q: NearestQuery): NearestAnswer {
    const p: LngLat = [q.lng, q.lat];
    if (q.mode !== 'alert') return answer(q, index.nearest(p, q.limit));
    const open = index.nearest(p, q.limit, takesShelterers);
    const rest = open.length < q.limit ? index.nearest(p, q.limit, (w) => !takesShelterers(w)) : [];
    return answer(q, [...open, ...rest].slice(0, q.limit));
  }

  /** Alert mode: works that take people in come first, then the others to fill up the list. */
  function rank<T extends { item: PublicDirectoryRow; distanceM: number }>(q: NearestQuery, hits: T[]): T[] {
    if (q.mode !== 'alert') return hits.slice(0, q.limit);
    const open = hits.filter((h) => takesShelterers(h.item));
    return [...open, ...hits.filter((h) => !takesShelterers(h.item))].slice(0, q.limit);
  }

  // Listeners of the alert stream; the feed is read every `alertPollMs` while there are any.
  const listeners = new Set<(s: Record<string, unknown>) => void>();
  let newest: string | null = null;
  let poll: NodeJS.Timeout | null = null;
  const deliver = (s: Record<string, unknown>) => {
    const id = String(s.identifier ?? '');
    if (id && id === newest) return;
    newest = id || newest;
    for (const l of listeners) l(s);
  };
  const districts = (): Promise<DistrictOutline[]> => (regions && cityCode ? regions.boundariesIn(cityCode) : Promise.resolve([]));
  const unsubscribePublished = alerts?.onPublished((s) => {
    deliver(s as Record<string, unknown>);
    staticSoon();
  }) ?? (() => undefined);

  /** What a static export holds now: the index, today's date in China, the public feed, the district outlines. */
  let outlines: Promise<DistrictOutline[]> | null = null;
  async function staticContent(now = new Date()) {
    const recent = alerts ? ((await alerts.publicFeed(STATIC_ALERT_HISTORY)) as Array<Record<string, unknown>>) : [];
    // Reference data, not edited while the server runs: read once (again after a failed read).
    if (!outlines) {
      outlines = districts();
      outlines.catch(() => (outlines = null));
    }
    const outlined = await outlines;
    // The index itself, not a copy built per sync, and its works taken last: a change the index takes in after this
    // point schedules the next sync, which puts right any tile this one measured against it.
    return { works: [...index.all()], today: chinaMonthDay(now), now, alerts: recent, districts: outlined, index };
  }

  // The static directory this server keeps current, if any (see the header).
  const exporter = staticDir ? new StaticExporter(staticDir) : null;
  const staticCounts = { syncs: 0, failed: 0, written: 0, removed: 0 };
  let syncTimer: NodeJS.Timeout | null = null;
  let syncing = false;
  let syncAgain = false;
  let syncedDay = '';
  function staticSoon(): void {
    if (!exporter || closed || syncTimer) return;
    syncTimer = setTimeout(() => {
      syncTimer = null;
      if (syncing) {
        syncAgain = true;
        return;
      }
      syncing = true;
      void staticContent()
        .then((content) => exporter.sync(content).then((sync) => {
          staticCounts.syncs++;
          staticCounts.written += sync.written;
          staticCounts.removed += sync.removed;
          syncedDay = content.today;
        }))
        .catch((err: Error) => {
          staticCounts.failed++;
          // Tried again within the minute (below), with whatever has changed since.
          syncedDay = '';
          log?.warn({ err: err.message, dir: exporter.root }, 'public static export: sync failed');
        })
        .finally(() => {
          syncing = false;
          if (syncAgain) {
            syncAgain = false;
            staticSoon();
          }
        });
    }, staticDelayMs);
    syncTimer.unref();
  }
  // Once a minute (staticCheckMs): a new China day may bring a cooling spot into season or out of it, and a failed
  // sync (a full disk, a directory made unwritable) is tried again.
  const dayTimer = exporter ? setInterval(() => loaded && chinaMonthDay(new Date()) !== syncedDay && staticSoon(), staticCheckMs) : null;
  dayTimer?.unref();

  return {
    ready,
    dataVersion: () => index.version,

    async nearest(q) {
      await ready();
      return search(q);
    },

    nearestNow: (q) => (loaded ? search(q) : null),

    async nearestFromDatabase(q) {
      // Same candidates as the index would weigh (a few more, since entrances may reorder them), measured the same way.
      const rows = await works.publicNearestKnn(q.lng, q.lat, q.limit * 4 + 10);
      const hits = rows.map((r) => distanceTo(r, [q.lng, q.lat])).sort((a, b) => a.distanceM - b.distanceM);
      return answer(q, rank(q, hits));
    },

    async places(q, now = new Date()) {
      await ready();
      const words = (q.q ?? '').toLowerCase().split(/[\s\u3000]+/).filter(Boolean).slice(0, 8);
      const minute = chinaMinuteOfDay(now);
      const today = chinaMonthDay(now);
      const accept = (w: Entry) => hasUse(w, q.kind) && words.every((x) => w.words.includes(x)) && (!q.open || openAt(w, q.kind, minute, today));
      if (q.lng !== undefined && q.lat !== undefined) {
        const hits = index.nearest([q.lng, q.lat], q.limit, accept);
        return { total: hits.length, dataVersion: index.version, items: hits.map((h) => ({ work: h.item as PublicDirectoryRow, distanceM: h.distanceM })) };
      }
      const all = [...index.all()].filter(accept).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id - b.id);
      return { total: all.length, dataVersion: index.version, items: all.slice(0, q.limit).map((w) => ({ work: w as PublicDirectoryRow, distanceM: null })) };
    },

    async shelter(id) {
      await ready();
      return index.get(id) ?? null;
    },

    async exportStatic(dir) {
      await ready();
      const c = await staticContent();
      return writePublicStatic(dir, c.works, c.today, c.now, c.alerts, c.districts);
    },

    staticCounts: () => ({ ...staticCounts }),

    async directory() {
      await ready();
      return [...index.all()];
    },

    districts,

    async watchAlerts(listener) {
      if (!alerts) return () => undefined;
      const [latest] = (await alerts.publicFeed(1)) as Array<Record<string, unknown>>;
      if (latest) {
        newest ??= String(latest.identifier ?? '');
        listener(latest);
      }
      listeners.add(listener);
      if (!poll && alertPollMs > 0) {
        poll = setInterval(() => {
          alerts.publicFeed(1).then(([s]) => s && deliver(s as Record<string, unknown>))
            .catch((err: Error) => log?.warn({ err: err.message }, 'public alerts: feed read failed'));
        }, alertPollMs);
        poll.unref();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && poll) {
          clearInterval(poll);
          poll = null;
        }
      };
    },

    subscribe: markDirty,

    close() {
      closed = true;
      if (timer) clearInterval(timer);
      if (syncTimer) clearTimeout(syncTimer);
      if (dayTimer) clearInterval(dayTimer);
      if (poll) clearInterval(poll);
      unsubscribePublished();
    },
  };
}
