/**
 * The public data as static files (`civdef export public-static DIR`), for any CDN or nginx to serve when the
 * server alone cannot take a whole city at once. One JSON file per web-mercator tile (z13, ≈ 4 km) that has public
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
import path from 'node:path';
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
export function writeStaticAlerts(root: string, summaries: ReadonlyArray<Record<string, unknown>>, now: Date): number {
  const items = summaries.slice(0, STATIC_ALERT_HISTORY).map(presentPublicAlert);
  const active = items[0]?.msgType === 'Alert' ? items[0] : null;
  fs.mkdirSync(path.join(root, 'alerts'), { recursive: true });
  const recent = JSON.stringify({ generatedAt: now.toISOString(), items });
  const current = JSON.stringify({ generatedAt: now.toISOString(), active });
  fs.writeFileSync(path.join(root, 'alerts', 'recent.json'), recent);
  fs.writeFileSync(path.join(root, 'alerts', 'active.json'), current);
  return Buffer.byteLength(recent) + Buffer.byteLength(current);
}

export function writePublicStatic(
  dir: string, works: readonly PublicDirectoryRow[], today: string, now = new Date(), alerts: ReadonlyArray<Record<string, unknown>> = [],
  districts: readonly DistrictOutline[] = [],
): StaticExport {
  const byTile = new Map<string, PublicDirectoryRow[]>();
  for (const w of works) {
    const { x, y } = tileOf(w.lng, w.lat);
    const key = `${x}/${y}`;
    byTile.set(key, [...(byTile.get(key) ?? []), w]);
  }
  // Every tile with a work in it or next to it.
  const tiles = new Set<string>();
  for (const key of byTile.keys()) {
    const [x, y] = key.split('/').map(Number) as [number, number];
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) tiles.add(`${x + dx}/${y + dy}`);
  }
  const index = new SpatialIndex<PublicDirectoryRow>();
  index.replaceAll([...works]);
  const root = path.resolve(dir);
  fs.mkdirSync(path.join(root, 'tiles', String(PUBLIC_TILE_ZOOM)), { recursive: true });
  let bytes = 0;
  let gzipBytes = 0;
  const version = createHash('sha256').update(JSON.stringify(works.map((w) => [w.id, w.lng, w.lat, w.lifecycleState, w.shelterPlaces, w.peacetimeUse, w.entrances]))).digest('hex').slice(0, 16);
  for (const key of tiles) {
    const [x, y] = key.split('/').map(Number) as [number, number];
    const around: PublicDirectoryRow[] = [];
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) around.push(...(byTile.get(`${x + dx}/${y + dy}`) ?? []));
    const [minLng, minLat, maxLng, maxLat] = tileBoundsOf(PUBLIC_TILE_ZOOM, x, y);
    const centre: LngLat = [(minLng + maxLng) / 2, (minLat + maxLat) / 2];
    const shelters = new Map(around.map((w) => [w.id, w]));
    if (shelters.size < MIN_SHELTERS) for (const h of index.nearest(centre, MIN_SHELTERS)) shelters.set(h.item.id, h.item);
    const body = JSON.stringify({
      tile: { z: PUBLIC_TILE_ZOOM, x, y }, version, generatedAt: now.toISOString(),
      shelters: [...shelters.values()].map((w) => presentShelter(w)),
      places: around.filter((w) => w.peacetimeUse && Object.keys(w.peacetimeUse).length > 0).map((w) => presentPlace(w, null, today)),
    });
    const file = path.join(root, 'tiles', String(PUBLIC_TILE_ZOOM), String(x), `${y}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
    const gz = zlib.gzipSync(body, { level: 9 });
    fs.writeFileSync(`${file}.gz`, gz);
    bytes += Buffer.byteLength(body);
    gzipBytes += gz.length;
  }
  bytes += writeStaticAlerts(root, alerts, now);
  if (districts.length > 0) {
    const body = JSON.stringify(presentDistricts(districts));
    fs.writeFileSync(path.join(root, 'districts.json'), body);
    fs.writeFileSync(path.join(root, 'districts.json.gz'), zlib.gzipSync(body, { level: 9 }));
    bytes += Buffer.byteLength(body);
  }
  const manifest = JSON.stringify({
    version, generatedAt: now.toISOString(), zoom: PUBLIC_TILE_ZOOM, tiles: tiles.size, works: works.length, path: 'tiles/{z}/{x}/{y}.json',
    alerts: { recent: 'alerts/recent.json', active: 'alerts/active.json', count: Math.min(alerts.length, STATIC_ALERT_HISTORY) },
    districts: districts.length > 0 ? 'districts.json' : null,
  });
  fs.writeFileSync(path.join(root, 'manifest.json'), manifest);
  return { dir: root, tiles: tiles.size, works: works.length, bytes: bytes + manifest.length, gzipBytes };
}
