/**
 * OGC API – Features and vector tiles of the works: which works a caller may see, the bbox rule, paging, and
 * tile rendering. Tiles are selected by PostGIS (`&&` on the GiST index) and encoded in JS
 * (@maplibre/geojson-vt + @maplibre/vt-pbf): the embedded PostGIS has no ST_AsMVT, and one code path serves both
 * databases.
 */
import { geoJSONToTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { createHash } from 'node:crypto';
import type { Database } from '../../../db/index.ts';
import type { Actor } from '../../../lib/actor.ts';
import { AppError } from '../../../lib/errors.ts';
import { cacheKey, createReadCache, memoUntilWrite } from '../../../lib/read-cache.ts';
import { dataVersion as readDataVersion } from '../registry/works.repository.ts';
import { WorksErrors as E } from '../works.errors.ts';
import * as repo from './gis.repository.ts';
import { clusterFeature, tilePointFeature, type BBox } from './gis.presenter.ts';

const TILE_EXTENT = 4096;
const TILE_BUFFER_PX = 64;
/** Below this zoom a `work_clusters` layer (grid counts) accompanies the points. */
export const CLUSTER_MAX_ZOOM = 11;

/** `minLng,minLat,maxLng,maxLat` → a box; 400 WORKS_BBOX_INVALID when it is not four numbers on the globe. */
function parseBbox(raw: string | undefined): BBox | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) throw new AppError(E.WORKS_BBOX_INVALID, 400);
  const [a, b, c, d] = parts as BBox;
  if (a < -180 || c > 180 || b < -90 || d > 90 || b > d) throw new AppError(E.WORKS_BBOX_INVALID, 400);
  return [a, b, c, d];
}

/** Lon/lat bounds of tile z/x/y enlarged by `bufferPx` on each side. */
export function tileBounds(z: number, x: number, y: number, bufferPx = 0): BBox {
  const n = 2 ** z;
  const b = bufferPx / 256;
  const lng = (tx: number) => (tx / n) * 360 - 180;
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return [Math.max(-180, lng(x - b)), Math.max(-85.0511, lat(y + 1 + b)), Math.min(180, lng(x + 1 + b)), Math.min(85.0511, lat(y - b))];
}

export interface ItemsQuery {
  bbox?: string;
  limit: number;
  offset: number;
}

type ItemsPage<R> = { rows: R[]; total: number };

export function createGisService(deps: { db: Database; areaPerPersonM2: number }) {
  const { db, areaPerPersonM2 } = deps;
  // Every read below is cached under the works data version read first (lib/read-cache.ts): a map that pans over
  // the same tiles, or fifty phones asking for the public collection, cost one small query each until something
  // changes. Tiles are bounded by bytes (a dense z12 tile is ~50 KB), pages by entries (≤ 10,000 features each).
  const tiles = createReadCache<Uint8Array | null>({ maxEntries: 5_000, maxBytes: 64 * 1024 * 1024, sizeOf: (t) => (t?.byteLength ?? 0) + 100 });
  const publicPages = createReadCache<ItemsPage<repo.PublicFeatureRow>>({ maxEntries: 200, maxBytes: 32 * 1024 * 1024, sizeOf: (p) => p.rows.length * 400 });
  const dataVersion = memoUntilWrite(db, () => readDataVersion(db));
  const internalPages = createReadCache<ItemsPage<repo.InternalFeatureRow>>({ maxEntries: 200, maxBytes: 32 * 1024 * 1024, sizeOf: (p) => p.rows.length * 600 });

  /** A box crossing the antimeridian (minLng > maxLng) cannot contain a Chinese work: its page is empty. */
  const crossesAntimeridian = (bbox: BBox | undefined) => Boolean(bbox && bbox[0] > bbox[2]);

  async function renderTile(scope: string, z: number, x: number, y: number): Promise<Uint8Array | null> {
    const bbox = tileBounds(z, x, y, TILE_BUFFER_PX);
    const points = await repo.tilePoints(db, scope, bbox, areaPerPersonM2);
    if (points.length === 0) return null;
    const options = { extent: TILE_EXTENT, buffer: TILE_BUFFER_PX, maxZoom: z, tolerance: 0 };
    const layers: Parameters<typeof fromGeojsonVt>[0] = {
      works: geoJSONToTile({ type: 'FeatureCollection', features: points.map(tilePointFeature) }, z, x, y, options),
    };
    if (z <= CLUSTER_MAX_ZOOM) {
      const cellDeg = (64 * 360) / (256 * 2 ** z);
      const clusters = await repo.tileClusters(db, scope, bbox, cellDeg);
      layers.work_clusters = geoJSONToTile({ type: 'FeatureCollection', features: clusters.map(clusterFeature) }, z, x, y, options);
    }
    return fromGeojsonVt(layers, { version: 2, extent: TILE_EXTENT });
  }

  return {
    publicExtent: () => repo.extent(db, { publicOnly: true, scope: '' }),
    internalExtent: (actor: Actor) => repo.extent(db, { publicOnly: false, scope: actor.scope }),

    /** Whether the caller sees the internal collection in the collection list (signed in, works:read, password changed). */
    seesInternal: (actor: Actor | null | undefined) => Boolean(actor && actor.permissions.has('works:read') && !actor.mustChangePassword),

    /** A page of the public collection (cached by data version; the rows are shared and must not be modified). */
    async publicItems(q: ItemsQuery) {
      const bbox = parseBbox(q.bbox);
      if (crossesAntimeridian(bbox)) return { rows: [], total: 0 };
      const version = await dataVersion();
      return publicPages.get(cacheKey(version, bbox, q.limit, q.offset), () => repo.publicItems(db, { bbox, limit: q.limit, offset: q.offset }));
    },

    /** A page of the internal collection in the caller's jurisdiction (cached by scope and data version). */
    async internalItems(actor: Actor, q: ItemsQuery) {
      const bbox = parseBbox(q.bbox);
      if (crossesAntimeridian(bbox)) return { rows: [], total: 0 };
      const version = await dataVersion();
      return internalPages.get(cacheKey(version, actor.scope, bbox, q.limit, q.offset), () =>
        repo.internalItems(db, { scope: actor.scope, bbox, limit: q.limit, offset: q.offset, areaPerPersonM2 }));
    },

    async publicItem(id: number) {
      const row = (await repo.publicItems(db, { limit: 1, offset: 0, id })).rows[0];
      if (!row) throw new AppError(E.WORKS_FEATURE_NOT_FOUND, 404);
      return row;
    },

    async internalItem(actor: Actor, id: number) {
      const row = (await repo.internalItems(db, { scope: actor.scope, limit: 1, offset: 0, id, areaPerPersonM2 })).rows[0];
      if (!row) throw new AppError(E.WORKS_FEATURE_NOT_FOUND, 404);
      return row;
    },

    /**
     * The tile z/x/y of the caller's jurisdiction with its validator (ETag): the version of the data it shows (its
     * works, units and upkeep, and the day, for the overdue flag), the jurisdiction and the area per person. The
     * tile itself is rendered once per version and served from the cache after that; `body` is null for an empty
     * tile. 400 WORKS_TILE_INVALID for x or y outside zoom z.
     */
    async tile(actor: Actor, z: number, x: number, y: number): Promise<{ etag: string; body: () => Promise<Uint8Array | null> }> {
      const n = 2 ** z;
      if (x >= n || y >= n) throw new AppError(E.WORKS_TILE_INVALID, 400);
      const version = await dataVersion();
      const etag = `"${createHash('sha256').update(`${actor.scope}|${z}/${x}/${y}|${version}|${areaPerPersonM2}`).digest('base64url').slice(0, 27)}"`;
      return { etag, body: () => tiles.get(etag, () => renderTile(actor.scope, z, x, y)) };
    },

    /** Every public work in service, or those among `ids`, for the public app's in-memory index (uncached: the index is the cache). */
    publicDirectory: (ids?: readonly number[]) => repo.publicDirectory(db, areaPerPersonM2, ids),

    /** The same rows for the `limit` public works nearest a point, through PostGIS KNN (the benchmark's database path). */
    publicNearestKnn: (lng: number, lat: number, limit: number) => repo.publicNearestKnn(db, areaPerPersonM2, lng, lat, limit),

    /** The Mapbox vector tile of the scope's works (layers `works`, and `work_clusters` up to z11); null when empty. */
    renderTile,

    tileBounds,
  };
}

export type GisService = ReturnType<typeof createGisService>;
