/**
 * OGC API – Features (Part 1 Core + GeoJSON) under /ogc, and Mapbox vector tiles under /tiles. HTTP only:
 * schema, access, the service, the presenter (which holds the public and internal field whitelists).
 *
 * Collections: `works-public` (anonymous; public works in service; whitelisted fields; coarse coordinates) and
 * `works` (signed-in users with works:read; scoped to their jurisdiction).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorResponses } from '../../../lib/schemas.ts';
import { createAnswerBytes } from '../../../plugins/answer-bytes.ts';
import { requireActor } from '../../../plugins/auth.ts';
import {
  COLLECTIONS, GEOJSON, collectionDoc, collectionsDoc, conformanceDoc, internalFeature, itemDoc, itemsPage, landingDoc, publicFeature,
} from './gis.presenter.ts';
import { FeatureParams, ItemsQuery, Json, OGC_MAX_LIMIT, TileParams } from './gis.schemas.ts';
import { CLUSTER_MAX_ZOOM, type GisService } from './gis.service.ts';

function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export const worksGisRoutes: FastifyPluginAsyncTypebox<{ gis: GisService }> = async (app, { gis }) => {
  app.get('/ogc', {
    config: { access: 'public' },
    schema: { tags: ['ogc'], summary: 'OGC API – Features landing page', response: { 200: Json } },
  }, async (request) => landingDoc(baseUrl(request)));

  app.get('/ogc/conformance', {
    config: { access: 'public' },
    schema: { tags: ['ogc'], summary: 'OGC API – Features conformance classes', response: { 200: Json } },
  }, async () => conformanceDoc());

  app.get('/ogc/collections', {
    config: { access: 'public' },
    schema: { tags: ['ogc'], summary: 'Feature collections: works-public always, works when signed in with works:read', response: { 200: Json } },
  }, async (request) => {
    const list = [{ def: COLLECTIONS['works-public'], bbox: await gis.publicExtent() }];
    const actor = request.actor;
    if (actor && gis.seesInternal(actor)) list.push({ def: COLLECTIONS.works, bbox: await gis.internalExtent(actor) });
    return collectionsDoc(baseUrl(request), list);
  });

  for (const c of Object.values(COLLECTIONS)) {
    const internal = c.id === 'works';
    const access = internal ? ('works:read' as const) : ('public' as const);
    const tags = ['ogc'];
    /** An items page's GeoJSON, serialised once per cached page (per data version, jurisdiction, bbox and paging). */
    const pageBytes = createAnswerBytes<object>();

    app.get(`/ogc/collections/${c.id}`, {
      config: { access },
      schema: { tags, summary: `Collection ${c.id}`, description: c.description, response: { 200: Json, ...errorResponses(401, 403) } },
    }, async (request) => collectionDoc(baseUrl(request), c, internal ? await gis.internalExtent(requireActor(request)) : await gis.publicExtent()));

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
      const q = { bbox: request.query.bbox, limit: request.query.limit, offset: request.query.offset };
      const base = baseUrl(request);
      void reply.header('cache-control', internal ? 'private, no-store' : 'public, max-age=300');
      // The links carry the base URL and the query as written (the cached page is per parsed bbox).
      const variant = `${base} ${q.bbox ?? ''} ${q.limit} ${q.offset}`;
      if (internal) {
        const p = await gis.internalItems(requireActor(request), q);
        return pageBytes(reply, p, variant, () => itemsPage(base, c, q, p.rows.map(internalFeature), p.total), GEOJSON);
      }
      const p = await gis.publicItems(q);
      return pageBytes(reply, p, variant, () => itemsPage(base, c, q, p.rows.map(publicFeature), p.total), GEOJSON);
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
      const feature = internal ? internalFeature(await gis.internalItem(requireActor(request), id)) : publicFeature(await gis.publicItem(id));
      return reply.type(GEOJSON).send(itemDoc(baseUrl(request), c, feature));
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
      params: TileParams,
      response: { 200: Type.Unknown({ description: 'application/vnd.mapbox-vector-tile' }), 204: Type.Null(), 304: Type.Null(), ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const { z, x, y } = request.params;
    const { etag, body } = await gis.tile(actor, z, x, y);
    void reply.header('etag', etag).header('cache-control', 'private, max-age=60, must-revalidate').header('vary', 'Cookie');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send(null);
    const tile = await body();
    if (!tile) return reply.status(204).send(null);
    // A view of the cached bytes, not a copy: they are never modified.
    return reply.type('application/vnd.mapbox-vector-tile').send(Buffer.from(tile.buffer, tile.byteOffset, tile.byteLength));
  });
};
