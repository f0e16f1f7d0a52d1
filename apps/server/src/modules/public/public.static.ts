/**
 * The public data as static files, for any CDN or nginx to serve when the server alone cannot take a whole city at
 * once: written once by `civdef export public-static DIR`, or kept current by the server itself (PUBLIC_STATIC_DIR,
 * `StaticExporter`: each change to a public work or a published alert rewrites only the files it changes). One JSON file per web-mercator tile (z13, ≈ 4 km) that has public
 * works in or around it: the shelters and places of the tile and its eight neighbours (so a person anywhere in the
 * tile finds the nearest ones, even across its edge), or the nearest few when none are that close. The app ranks
 * them itself with the same walking rules (packages/domain/src/public.ts). Fields are the public API's whitelist.
 * Each file has its gzip beside it (`.json.gz`, about a tenth of it), for nginx's gzip_static or a CDN: compressed
 * once here instead of on every request, or sent whole.
 * Beside them, the alert files (`writeStaticAlerts`) and the city's district outlines (`districts.json`, what the
 * map draws without a basemap: at 150 KB, sixty nearest answers, so a whole city opening the app must not fetch it
 * from the server).
 */
import { PUBLIC_TILE_ZOOM, tileBoundsOf, tileOf, type LngLat } from '@civdef/domain';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { PublicDirectoryRow } from '../works/index.ts';
import { presentPublicAlert } from '../alerts/index.ts';
import { presentDistricts, presentPlace, presentShelter } from './public.presenter.ts';
import { SpatialIndex } from './public.spatial.ts';
import type { DistrictOutline } from './public.types.ts';

/** Shelters a tile file holds at least (the nearest to its centre), however far. */
const MIN_SHELTERS = 5;

export interface StaticExport {
  dir: string;
  tiles: number;
  works: number;
  bytes: number;
  /** What the tiles' `.json.gz` files weigh together. */
  gzipBytes: number;
}

/** How many published messages `alerts/recent.json` holds (what the app's alert page shows). */
export const STATIC_ALERT_HISTORY = 50;

/**
 * The alert files beside the tiles: `alerts/recent.json` (the newest published CAP messages, the public feed's
 * whitelist) and `alerts/active.json` (the alert standing now — the newest message when it is an Alert, the app's
 * own rule — or null). The app reads them when the API does not answer; an export is a snapshot, so it says when.
 */
async function writeStaticAlerts(root: string, summaries: ReadonlyArray<Record<string, unknown>>, now: Date): Promise<number> {
  const items = summaries.slice(0, STATIC_ALERT_HISTORY).map(presentPublicAlert);
  const active = items[0]?.msgType === 'Alert' ? items[0] : null;
  const recent = JSON.stringify({ generatedAt: now.toISOString(), items });
  const current = JSON.stringify({ generatedAt: now.toISOString(), active });
  await replaceFile(path.join(root, 'alerts', 'recent.json'), recent);
  await replaceFile(path.join(root, 'alerts', 'active.json'), current);
  return Buffer.byteLength(recent) + Buffer.byteLength(current);
}

/** What a sync is given: the public works as the index holds them, and what else the directory carries. */
export interface StaticContent {
  works: readonly PublicDirectoryRow[];
  /** The China day (MM-DD), which decides whether a cooling spot is in season. */
  today: string;
  now: Date;
  /** The newest published messages (the public feed), newest first; the alert files are written when given. */
  alerts?: ReadonlyArray<Record<string, unknown>>;
  /** The city's district outlines: reference data, written the first time they are given. */
  districts?: readonly DistrictOutline[];
  /** An index holding `works` (the public service's), asked only before the sync's first await; else one is built. */
  index?: Pick<SpatialIndex<PublicDirectoryRow>, 'nearest'>;
}

export interface StaticSync extends StaticExport {
  /** Tile files this sync wrote (new or changed) and removed (no public work in or around them any more). */
  written: number;
  removed: number;
}

const gzip = promisify(zlib.gzip);
/** Tiles compressed and written at once: zlib works on libuv's pool (four threads), off the event loop. */
const WRITE_CONCURRENCY = 4;
const shortHash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

/**
 * Writes `body` to `file` whole or not at all: a server reading the directory (nginx) sees the old file or the new
 * one, never a part. The temporary name is per process; one exporter never writes the same file twice at once.
 */
async function replaceFile(file: string, body: string | Buffer): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fsp.writeFile(tmp, body);
  await fsp.rename(tmp, file);
}

/** A spatial index of `works`, for an export given none (the CLI's one-off export). */
function indexOf(works: Iterable<PublicDirectoryRow>): SpatialIndex<PublicDirectoryRow> {
  const own = new SpatialIndex<PublicDirectoryRow>();
  own.replaceAll([...works]);
  return own;
}

/**
 * Keeps a directory equal to the public data it is given: one JSON file per web-mercator tile (z13, ≈ 4 km) that has
 * public works in or around it — the shelters and places of the tile and its eight neighbours, so a person anywhere
 * in the tile finds the nearest ones even across its edge, or the nearest few when none are that close — each with
 * its gzip beside it, plus the manifest, the alert files and the district outlines.
 *
 * Each sync writes only the tiles whose content changed since the last one (and removes those left empty), so the
 * server can keep the directory current while it runs: an edit of one work rewrites the nine tiles around it (and
 * the sparse ones that list it among their nearest), not the 700 of a city. What a tile holds is known by its
 * signature — a fingerprint of each work's row in it, in order, which places among them, and the day where a cooling
 * spot's season matters — worked out without serialising a tile. The first sync of an exporter writes every tile and removes tile files it did not write.
 */
export class StaticExporter {
  readonly root: string;
  /** By "x/y": the signature of what the tile file holds, its content version, and its size and gzip size. */
  private readonly held = new Map<string, { signature: string; version: string; bytes: number; gzipBytes: number }>();
  /** Each row's content fingerprint, worked out once per row object. */
  private readonly fingerprints = new WeakMap<PublicDirectoryRow, string>();
  private synced = false;
  private districtsWritten = false;

  constructor(dir: string) {
    this.root = path.resolve(dir);
  }

  /**
   * What a tile's signature holds of a work: a hash of its row. By content, not by object: a full reload of the
   * index (every minute on PostgreSQL) gives every work a new row object, and must not rewrite a city's tiles.
   */
  private fingerprintOf(w: PublicDirectoryRow): string {
    let f = this.fingerprints.get(w);
    if (f === undefined) this.fingerprints.set(w, (f = createHash('sha1').update(JSON.stringify(w)).digest('base64url').slice(0, 12)));
    return f;
  }

  async sync(c: StaticContent): Promise<StaticSync> {
    const byTile = new Map<string, PublicDirectoryRow[]>();
    for (const w of c.works) {
      const { x, y } = tileOf(w.lng, w.lat);
      const key = `${x}/${y}`;
      const list = byTile.get(key);
      if (list) list.push(w);
      else byTile.set(key, [w]);
    }
    // Every tile with a work in it or next to it.
    const tiles = new Set<string>();
    for (const key of byTile.keys()) {
      const [x, y] = key.split('/').map(Number) as [number, number];
      for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) tiles.add(`${x + dx}/${y + dy}`);
    }
    const index = c.index ?? indexOf(c.works);
    const stamp = c.now.toISOString();
    const changed: Array<() => Promise<void>> = [];
    for (const key of tiles) {
      const [x, y] = key.split('/').map(Number) as [number, number];
      const around: PublicDirectoryRow[] = [];
      for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) around.push(...(byTile.get(`${x + dx}/${y + dy}`) ?? []));
      const shelters = new Map(around.map((w) => [w.id, w]));
      if (shelters.size < MIN_SHELTERS) {
        const [minLng, minLat, maxLng, maxLat] = tileBoundsOf(PUBLIC_TILE_ZOOM, x, y);
        for (const h of index.nearest([(minLng + maxLng) / 2, (minLat + maxLat) / 2] as LngLat, MIN_SHELTERS)) shelters.set(h.item.id, h.item);
      }
      const places = around.filter((w) => w.peacetimeUse && Object.keys(w.peacetimeUse).length > 0);
      // The day matters only where a cooling spot may come into or go out of season.
      const seasonal = places.some((w) => w.peacetimeUse?.coolingSpot);
      const signature = `${[...shelters.values()].map((w) => this.fingerprintOf(w)).join(',')}|${places.map((w) => w.id).join(',')}${seasonal ? `|${c.today}` : ''}`;
      if (this.held.get(key)?.signature === signature) continue;
      changed.push(async () => {
        const content = { shelters: [...shelters.values()].map((w) => presentShelter(w)), places: places.map((w) => presentPlace(w, null, c.today)) };
        const version = shortHash(`${key}:${JSON.stringify(content)}`);
        const body = JSON.stringify({ tile: { z: PUBLIC_TILE_ZOOM, x, y }, version, generatedAt: stamp, ...content });
        const file = this.tileFile(key);
        const gz = await gzip(body, { level: 9 });
        // The gzip first: nginx's gzip_static prefers it, so the pair is never older compressed than plain.
        await replaceFile(`${file}.gz`, gz);
        await replaceFile(file, body);
        this.held.set(key, { signature, version, bytes: Buffer.byteLength(body), gzipBytes: gz.length });
      });
    }
    for (let i = 0; i < changed.length; i += WRITE_CONCURRENCY) await Promise.all(changed.slice(i, i + WRITE_CONCURRENCY).map((write) => write()));
    let removed = 0;
    for (const key of [...this.held.keys()]) {
      if (tiles.has(key)) continue;
      await this.removeTile(key);
      removed++;
    }
    if (!this.synced) removed += await this.removeStrays(tiles);
    this.synced = true;

    let bytes = 0;
    let gzipBytes = 0;
    for (const t of this.held.values()) {
      bytes += t.bytes;
      gzipBytes += t.gzipBytes;
    }
    if (c.alerts) bytes += await writeStaticAlerts(this.root, c.alerts, c.now);
    const districts = c.districts ?? [];
    if (districts.length > 0 && !this.districtsWritten) {
      const body = JSON.stringify(presentDistricts(districts));
      await replaceFile(path.join(this.root, 'districts.json.gz'), await gzip(body, { level: 9 }));
      await replaceFile(path.join(this.root, 'districts.json'), body);
      this.districtsWritten = true;
    }
    // The manifest last: once it names a version, every tile of that version is in place.
    const version = shortHash([...this.held.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, t]) => `${key}:${t.version}`).join('\n'));
    const manifest = JSON.stringify({
      version, generatedAt: stamp, zoom: PUBLIC_TILE_ZOOM, tiles: tiles.size, works: c.works.length, path: 'tiles/{z}/{x}/{y}.json',
      alerts: { recent: 'alerts/recent.json', active: 'alerts/active.json', count: Math.min(c.alerts?.length ?? 0, STATIC_ALERT_HISTORY) },
      districts: this.districtsWritten ? 'districts.json' : null,
    });
    await replaceFile(path.join(this.root, 'manifest.json'), manifest);
    return { dir: this.root, tiles: tiles.size, works: c.works.length, bytes: bytes + manifest.length, gzipBytes, written: changed.length, removed };
  }

  private tileFile(key: string): string {
    const [x, y] = key.split('/');
    return path.join(this.root, 'tiles', String(PUBLIC_TILE_ZOOM), x!, `${y}.json`);
  }

  private async removeTile(key: string): Promise<void> {
    const file = this.tileFile(key);
    await fsp.rm(`${file}.gz`, { force: true });
    await fsp.rm(file, { force: true });
    this.held.delete(key);
  }

  /** Tile files of an earlier export (or an earlier run) that this one does not hold: their works are gone. */
  private async removeStrays(tiles: ReadonlySet<string>): Promise<number> {
    const dir = path.join(this.root, 'tiles', String(PUBLIC_TILE_ZOOM));
    const names = fs.existsSync(dir) ? await fsp.readdir(dir, { recursive: true, encoding: 'utf8' }) : [];
    let removed = 0;
    for (const name of names) {
      // A temporary file a stopped process left half-written is removed too.
      if (name.endsWith('.tmp')) {
        await fsp.rm(path.join(dir, name), { force: true });
        continue;
      }
      const m = /^(\d+)[/\\](\d+)\.json(\.gz)?$/.exec(name);
      if (!m || tiles.has(`${m[1]}/${m[2]}`)) continue;
      await fsp.rm(path.join(dir, name), { force: true });
      if (!m[3]) removed++;
    }
    return removed;
  }
}

/** The whole export into `dir` at once (`civdef export public-static DIR`). */
export function writePublicStatic(
  dir: string, works: readonly PublicDirectoryRow[], today: string, now = new Date(), alerts: ReadonlyArray<Record<string, unknown>> = [],
  districts: readonly DistrictOutline[] = [],
): Promise<StaticSync> {
  return new StaticExporter(dir).sync({ works, today, now, alerts, districts });
}
