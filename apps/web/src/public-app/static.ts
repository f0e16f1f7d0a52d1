/**
 * The static export (`civdef export public-static`), when a CDN or nginx serves it as /public-static/ beside the
 * app: the nearest shelters are then ranked on the phone from the tile's file, with the same walking rules as the
 * server (packages/domain), and the server is asked only when the files are missing.
 */
import { DEFAULT_WARNING_MINUTES, entranceWords, fitsWarning, haversineM, routeHint, tileOf, walkingEstimate, type LngLat } from '@civdef/domain';
import type { Alert, NearestAnswer, ShelterDetail } from './types.ts';

interface Tile {
  version: string;
  /** Each with every entrance (the detail's shape): the phone measures to each as the server does. */
  shelters: ShelterDetail[];
}

let manifest: Promise<{ tiles?: unknown; districts?: unknown } | null> | null = null;

/**
 * The shelters of the tiles read on this page, by id. A tile already holds every entrance, so a card's entrance list
 * opens from here without asking the API (which, when a CDN serves the export, may be the part that is overloaded).
 */
const tileShelters = new Map<number, ShelterDetail>();

/** A shelter's detail as the static export gave it, if a tile read on this page held it. */
export const shelterFromStatic = (id: number): ShelterDetail | undefined => tileShelters.get(id);

/**
 * Whether the export is served here (asked once per page). The console's server answers an empty manifest
 * (`tiles: 0`) when no export is served in front of it.
 */
export async function staticAvailable(): Promise<boolean> {
  const m = await readManifest();
  return typeof m?.tiles === 'number' && m.tiles > 0;
}

/** Where the export's district outlines are served, or null when no export is served or it holds none. */
export async function staticDistrictsUrl(): Promise<string | null> {
  const m = await readManifest();
  return (await staticAvailable()) && typeof m?.districts === 'string' ? `/public-static/${m.districts}` : null;
}

function readManifest(): Promise<{ tiles?: unknown; districts?: unknown } | null> {
  manifest ??= fetch('/public-static/manifest.json', { headers: { accept: 'application/json' } })
    .then(async (r) => (r.ok && (r.headers.get('content-type') ?? '').includes('json') ? ((await r.json()) as { tiles?: unknown; districts?: unknown }) : null))
    .catch(() => null);
  return manifest;
}

/** The nearest shelters from the tile holding `origin`, or null when its file cannot be had. */
export async function nearestFromStatic(origin: LngLat, mode: 'normal' | 'alert', limit = 5): Promise<NearestAnswer | null> {
  const t = tileOf(origin[0], origin[1]);
  const res = await fetch(`/public-static/tiles/${t.z}/${t.x}/${t.y}.json`).catch(() => null);
  if (!res?.ok) return null;
  const tile = (await res.json()) as Tile;
  for (const s of tile.shelters) tileShelters.set(s.id, s);
  const warningMinutes = mode === 'alert' ? DEFAULT_WARNING_MINUTES : null;
  const ranked = tile.shelters.map((s) => {
    const targets = s.entrances.length ? s.entrances : [null];
    let best = { d: Infinity, e: null as ShelterDetail['entrances'][number] | null };
    for (const e of targets) {
      const d = haversineM(origin, e ? e.location : s.location);
      if (d < best.d) best = { d, e };
    }
    const { walkM, walkMinutes } = walkingEstimate(best.d);
    const to = best.e ? best.e.location : s.location;
    const words = best.e ? entranceWords(best.e.kind) : { zh: s.name, en: s.name };
    // The nearest answer's fields, named one by one as the server's presenter names them.
    return {
      id: s.id, name: s.name, address: s.address, district: s.district, location: s.location,
      distanceM: Math.round(best.d), walkM, walkMinutes,
      fitsWarning: warningMinutes === null ? null : fitsWarning(walkMinutes, warningMinutes), hint: routeHint(origin, to, words.zh, words.en),
      entrance: best.e, entranceCount: s.entrances.length, capacity: s.capacity, openState: s.openState, shelterOpen: s.shelterOpen,
    };
  }).sort((a, b) => a.distanceM - b.distanceM);
  const ordered = mode === 'alert' ? [...ranked.filter((s) => s.shelterOpen), ...ranked.filter((s) => !s.shelterOpen)] : ranked;
  return { mode, warningMinutes, dataVersion: 0, items: ordered.slice(0, limit) };
}

/**
 * The published alerts from the export (`alerts/recent.json`), for when the API does not answer (a city opening
 * the app at once): a snapshot as of its `generatedAt`, so the API's answer is preferred whenever there is one.
 */
export async function alertsFromStatic(): Promise<Alert[] | null> {
  if (!(await staticAvailable())) return null;
  const res = await fetch('/public-static/alerts/recent.json', { headers: { accept: 'application/json' } }).catch(() => null);
  if (!res?.ok) return null;
  const body = (await res.json().catch(() => null)) as { items?: unknown } | null;
  return Array.isArray(body?.items) ? (body.items as Alert[]) : null;
}
