/**
 * OGC API – Features (Part 1 Core + GeoJSON) under /ogc, and Mapbox vector tiles under /tiles.
 *
 * Collections: `works-public` (anonymous; public works in service; whitelisted fields; coordinates rounded to
 * PUBLIC_COORDINATE_DECIMALS) and `works` (signed-in users with works:read; scoped to their jurisdiction).
 * Tiles are encoded in JS (@maplibre/geojson-vt + @maplibre/vt-pbf): the embedded PostGIS has no ST_AsMVT,
 * and one code path serves both databases.
 */
import { PUBLIC_COORDINATE_DECIMALS } from '@civdef/domain';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { geoJSONToTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { Type } from 'typebox';
import type { Database } from '../../../db/index.ts';
import { AppError } from '../../../lib/errors.ts';
import { errorResponses } from '../../../lib/schemas.ts';
import { requireActor } from '../../../plugins/auth.ts';
import { WorksErrors as E } from '../works.errors.ts';
import * as gis from './gis.repository.ts';

const CONF = 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf';
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const GEOJSON = 'application/geo+json';
export const OGC_DEFAULT_LIMIT = 100;
export const OGC_MAX_LIMIT = 10_000;
const TILE_EXTENT = 4096;
const TILE_BUFFER_PX = 64;
/** Below this zoom a `work_clusters` layer (grid counts) accompanies the points. */
export const CLUSTER_MAX_ZOOM = 11;

type BBox = [number, number, number, number];

function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function parseBbox(raw: string | undefined): BBox | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) throw new AppError(E.WORKS_BBOX_INVALID, 400);
  const [a, b, c, d] = parts as BBox;
  if (a < -180 || c > 180 || b < -90 || d > 90 || b > d) throw new AppError(E.WORKS_BBOX_INVALID, 400);
  // A box crossing the antimeridian (a > c) cannot contain a Chinese work: answer it as empty.
  return [a, b, c, d];
}

const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;

function publicFeature(r: gis.PublicFeatureRow) {
  const pu = r.peacetimeUse ?? {};
  return {
    type: 'Feature' as const,
    id: r.id,
    geometry: { type: 'Point', coordinates: [round(r.lng, PUBLIC_COORDINATE_DECIMALS), round(r.lat, PUBLIC_COORDINATE_DECIMALS)] },
    properties: {
      name: r.name,
      address: r.address,
      district: r.district,
      parkingPublicSpaces: pu.parking?.publicSpaces ?? null,
      parkingFeePerHourYuan: pu.parking?.feePerHourYuan ?? null,
      coolingSpot: Boolean(pu.coolingSpot),
      coolingSeason: pu.coolingSpot ? `${pu.coolingSpot.seasonStart ?? ''}~${pu.coolingSpot.seasonEnd ?? ''}` : null,
      coolingHours: pu.coolingSpot?.hours ?? null,
      coolingCapacity: pu.coolingSpot?.capacity ?? null,
      coolingFacilities: pu.coolingSpot?.facilities?.join('、') ?? null,
      evChargers: pu.evChargers ?? null,
    },
  };
}

function internalFeature(r: gis.InternalFeatureRow) {
  const { lng, lat, id, ...properties } = r;
  return { type: 'Feature' as const, id, geometry: { type: 'Point', coordinates: [lng, lat] }, properties: { id, ...properties } };
}

interface CollectionDef {
  id: 'works-public' | 'works';
  title: string;
  description: string;
}

const COLLECTIONS: Record<CollectionDef['id'], CollectionDef> = {
  'works-public': {
    id: 'works-public',
    title: '人防工程（公开） Public civil air defence works',
    description: `Works flagged public and in service: name, address, district and peacetime use (public parking, cooling spot, EV chargers). `
      + `No protection grade or sheltering capacity. Coordinates rounded to ${PUBLIC_COORDINATE_DECIMALS} decimals (about 100 m).`,
  },
  works: {
    id: 'works',
    title: '人防工程（内部） Civil air defence works (internal)',
    description: 'All works of the signed-in user\'s jurisdiction with their classification, grades, areas and shelter places. Sensitive.',
  },
};

const ItemsQuery = Type.Object({
  bbox: Type.Optional(Type.String({ description: 'minLng,minLat,maxLng,maxLat (CRS84)' })),
  limit: Type.Integer({ minimum: 1, maximum: OGC_MAX_LIMIT, default: OGC_DEFAULT_LIMIT, description: `a larger limit is capped to ${OGC_MAX_LIMIT}` }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0, description: 'used by the `next` links' }),
  datetime: Type.Optional(Type.String({ description: 'accepted and ignored: works have no temporal extent' })),
  f: Type.Optional(Type.Enum(['json', 'geojson'] as const)),
}, { additionalProperties: false });
const FeatureParams = Type.Object({ featureId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const Json = Type.Unknown();

export const worksGisRoutes: FastifyPluginAsyncTypebox<{ db: Database; areaPerPersonM2: number }> = async (app, { db, areaPerPersonM2 }) => {
  function collectionDoc(base: string, c: CollectionDef, bbox: BBox | null) {
    return {
      id: c.id,
      title: c.title,
      description: c.description,
      itemType: 'feature',
      crs: [CRS84],
      extent: { spatial: { bbox: [bbox ?? [73, 3, 136, 54]], crs: CRS84 } },
      links: [
        { href: `${base}/ogc/collections/${c.id}`, rel: 'self', type: 'application/json', title: c.title },
        { href: `${base}/ogc/collections/${c.id}/items`, rel: 'items', type: GEOJSON, title: 'Features' },
      ],
    };
  }

  app.get('/ogc', {
    config: { access: 'public' },
    schema: { tags: ['ogc'], summary: 'OGC API – Features landing page', response: { 200: Json } },
  }, async (request) => {
    const base = baseUrl(request);
    return {
      title: '智慧人防 civdef — OGC API Features',
      description: 'Civil air defence works. The public collection needs no sign-in; internal collections need a session (cookie civdef_sid).',
      links: [
        { href: `${base}/ogc`, rel: 'self', type: 'application/json', title: 'This document' },
        { href: `${base}/api/openapi.json`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'OpenAPI definition' },
        { href: `${base}/api/docs`, rel: 'service-doc', type: 'text/html', title: 'API documentation' },
        { href: `${base}/ogc/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformance classes' },
        { href: `${base}/ogc/collections`, rel: 'data', type: 'application/json', title: 'Collections' },
      ],
    };
  });

  app.get('/ogc/conformance', {
    config: { access: 'public' },
    schema: { tags: ['ogc'], summary: 'OGC API – Features conformance classes', response: { 200: Json } },
  }, async () => ({ conformsTo: [`${CONF}/core`, `${CONF}/geojson`, `${CONF}/oas30`] }));

  app.get('/ogc/collections', {
    config: { access: 'public' },
    schema: { tags: ['ogc'], summary: 'Feature collections: works-public always, works when signed in with works:read', response: { 200: Json } },
  }, async (request) => {
    const base = baseUrl(request);
    const actor = request.actor;
    const list = [collectionDoc(base, COLLECTIONS['works-public'], await gis.extent(db, { publicOnly: true, scope: '' }))];
    if (actor && actor.permissions.has('works:read') && !actor.mustChangePassword) {
      list.push(collectionDoc(base, COLLECTIONS.works, await gis.extent(db, { publicOnly: false, scope: actor.scope })));
    }
    return { links: [{ href: `${base}/ogc/collections`, rel: 'self', type: 'application/json' }], collections: list };
  });

  for (const c of Object.values(COLLECTIONS)) {
    const access = c.id === 'works' ? ('works:read' as const) : ('public' as const);
    const tags = ['ogc'];

    app.get(`/ogc/collections/${c.id}`, {
      config: { access },
      schema: { tags, summary: `Collection ${c.id}`, description: c.description, response: { 200: Json, ...errorResponses(401, 403) } },
    }, async (request) => {
      const scope = c.id === 'works' ? requireActor(request).scope : '';
      return collectionDoc(baseUrl(request), c, await gis.extent(db, { publicOnly: c.id !== 'works', scope }));
    });

    app.get(`/ogc/collections/${c.id}/items`, {
      config: { access },
      schema: {
        tags,
        summary: `Features of ${c.id} (GeoJSON; bbox, limit, offset; numberMatched and next links)`,
        querystring: ItemsQuery,
        response: { 200: Json, ...errorResponses(400, 401, 403) },
      },
      // OGC API – Features Part 1 lets a server cap `limit`: a larger one is answered with the maximum (the next
      // link carries it) rather than refused. The API description keeps advertising the maximum, which GDAL's
      // OAPIF driver takes as its page size.
      preValidation: async (request) => {
        const q = request.query as Record<string, unknown>;
        if (typeof q.limit === 'string' && /^\d+$/.test(q.limit.trim()) && Number(q.limit) > OGC_MAX_LIMIT) q.limit = String(OGC_MAX_LIMIT);
      },
    }, async (request, reply) => {
      const bbox = parseBbox(request.query.bbox);
      const { limit, offset } = request.query;
      const page = bbox && bbox[0] > bbox[2]
        ? { rows: [], total: 0 }
        : c.id === 'works'
          ? await gis.internalItems(db, { scope: requireActor(request).scope, bbox, limit, offset, areaPerPersonM2 })
          : await gis.publicItems(db, { bbox, limit, offset });
      const features = c.id === 'works'
        ? (page.rows as gis.InternalFeatureRow[]).map(internalFeature)
        : (page.rows as gis.PublicFeatureRow[]).map(publicFeature);
      const base = `${baseUrl(request)}/ogc/collections/${c.id}/items`;
      const link = (o: number) => `${base}?${new URLSearchParams({ ...(request.query.bbox ? { bbox: request.query.bbox } : {}), limit: String(limit), offset: String(o) })}`;
      const links = [
        { href: link(offset), rel: 'self', type: GEOJSON, title: 'This page' },
        { href: `${baseUrl(request)}/ogc/collections/${c.id}`, rel: 'collection', type: 'application/json', title: c.title },
      ];
      if (offset + features.length < page.total) links.push({ href: link(offset + limit), rel: 'next', type: GEOJSON, title: 'Next page' });
      if (offset > 0) links.push({ href: link(Math.max(0, offset - limit)), rel: 'prev', type: GEOJSON, title: 'Previous page' });
      if (c.id === 'works') void reply.header('cache-control', 'private, no-store');
      else void reply.header('cache-control', 'public, max-age=300');
      return reply.type(GEOJSON).send({
        type: 'FeatureCollection', features, numberMatched: page.total, numberReturned: features.length, timeStamp: new Date().toISOString(), links,
      });
    });

    app.get(`/ogc/collections/${c.id}/items/:featureId`, {
      config: { access },
      schema: {
        tags,
        summary: `One feature of ${c.id}`,
        params: FeatureParams,
        response: { 200: Json, ...errorResponses(400, 401, 403, 404) },
      },
    }, async (request, reply) => {
      const id = request.params.featureId;
      const page = c.id === 'works'
        ? await gis.internalItems(db, { scope: requireActor(request).scope, limit: 1, offset: 0, id, areaPerPersonM2 })
        : await gis.publicItems(db, { limit: 1, offset: 0, id });
      const row = page.rows[0];
      if (!row) throw new AppError(E.WORKS_FEATURE_NOT_FOUND, 404);
      const feature = c.id === 'works' ? internalFeature(row as gis.InternalFeatureRow) : publicFeature(row as gis.PublicFeatureRow);
      const base = baseUrl(request);
      return reply.type(GEOJSON).send({
        ...feature,
        links: [
          { href: `${base}/ogc/collections/${c.id}/items/${id}`, rel: 'self', type: GEOJSON },
          { href: `${base}/ogc/collections/${c.id}`, rel: 'collection', type: 'application/json' },
        ],
      });
    });
  }

  app.get('/tiles/works/:z/:x/:y.mvt', {
    config: { access: 'works:read' },
    schema: {
      tags: ['tiles'],
      summary: '工程矢量瓦片 Mapbox vector tile of the works in my jurisdiction (layers `works`, and `work_clusters` up to z11)',
      description: 'Layer `works`: points with id, code, name, workClass, lifecycleState, regionCode, isPublic, shelterPlaces, overdue. '
        + `Layer \`work_clusters\` (z ≤ ${CLUSTER_MAX_ZOOM}): one point per 64 px cell with \`count\`. Extent 4096, buffer 64 px. `
        + 'Cache: private, ETag per jurisdiction and data version (If-None-Match → 304); an empty tile answers 204.',
      params: Type.Object({
        z: Type.Integer({ minimum: 0, maximum: 22 }),
        x: Type.Integer({ minimum: 0, maximum: 4_194_303 }),
        y: Type.Integer({ minimum: 0, maximum: 4_194_303 }),
      }),
      response: { 200: Type.Unknown({ description: 'application/vnd.mapbox-vector-tile' }), 204: Type.Null(), 304: Type.Null(), ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const { z, x, y } = request.params;
    const n = 2 ** z;
    if (x >= n || y >= n) throw new AppError(E.WORKS_TILE_INVALID, 400);
    const version = await gis.dataVersion(db, actor.scope);
    const etag = `"${createHash('sha256').update(`${actor.scope}|${z}/${x}/${y}|${version}|${areaPerPersonM2}`).digest('base64url').slice(0, 27)}"`;
    void reply.header('etag', etag).header('cache-control', 'private, max-age=60, must-revalidate').header('vary', 'Cookie');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send(null);
    const tile = await renderWorksTile(db, actor.scope, z, x, y, areaPerPersonM2);
    if (!tile) return reply.status(204).send(null);
    return reply.type('application/vnd.mapbox-vector-tile').send(Buffer.from(tile));
  });
};

/** Lon/lat bounds of tile z/x/y enlarged by `bufferPx` on each side. */
export function tileBounds(z: number, x: number, y: number, bufferPx = 0): BBox {
  const n = 2 ** z;
  const b = bufferPx / 256;
  const lng = (tx: number) => (tx / n) * 360 - 180;
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return [Math.max(-180, lng(x - b)), Math.max(-85.0511, lat(y + 1 + b)), Math.min(180, lng(x + 1 + b)), Math.min(85.0511, lat(y - b))];
}

/** Selects the tile's works with PostGIS and encodes the tile in JS; null when the tile is empty. */
export async function renderWorksTile(db: Database, scope: string, z: number, x: number, y: number, areaPerPersonM2: number): Promise<Uint8Array | null> {
  const bbox = tileBounds(z, x, y, TILE_BUFFER_PX);
  const points = await gis.tilePoints(db, scope, bbox, areaPerPersonM2);
  if (points.length === 0) return null;
  const options = { extent: TILE_EXTENT, buffer: TILE_BUFFER_PX, maxZoom: z, tolerance: 0 };
  const layers: Parameters<typeof fromGeojsonVt>[0] = {
    works: geoJSONToTile({
      type: 'FeatureCollection',
      features: points.map(({ lng, lat, ...p }) => ({ type: 'Feature', id: p.id, geometry: { type: 'Point', coordinates: [lng, lat] }, properties: p })),
    }, z, x, y, options),
  };
  if (z <= CLUSTER_MAX_ZOOM) {
    const cellDeg = (64 * 360) / (256 * 2 ** z);
    const clusters = await gis.tileClusters(db, scope, bbox, cellDeg);
    layers.work_clusters = geoJSONToTile({
      type: 'FeatureCollection',
      features: clusters.map((c) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [c.lng, c.lat] }, properties: { count: c.n } })),
    }, z, x, y, options);
  }
  return fromGeojsonVt(layers, { version: 2, extent: TILE_EXTENT });
}
