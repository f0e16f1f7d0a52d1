import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../db/index.ts';
import { requireActor } from '../../plugins/auth.ts';
import { errorResponses } from '../../lib/schemas.ts';
import { featureCollection, featureCollectionSchema } from '../../lib/geojson.ts';
import * as repo from './regions.repository.ts';

const RegionSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  level: Type.Enum(['province', 'city', 'county', 'town']),
  centroid: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]),
});

export const regionsRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.get('/api/regions', {
    config: { access: 'regions:read' },
    schema: {
      tags: ['regions'],
      summary: '行政区划 Jurisdictions in my scope (GB/T 2260)',
      response: { 200: Type.Object({ items: Type.Array(RegionSchema) }), ...errorResponses(401, 403) },
    },
  }, async (request) => ({ items: await repo.listInScope(db, requireActor(request).scope) }));

  app.get('/api/regions/boundaries', {
    config: { access: 'regions:read' },
    schema: {
      tags: ['regions'],
      summary: '区县边界 County boundaries (GeoJSON)',
      response: { 200: featureCollectionSchema(Type.Object({ code: Type.String(), name: Type.String() })), ...errorResponses(401, 403) },
    },
  }, async (request) => {
    const rows = await repo.boundariesInScope(db, requireActor(request).scope);
    return featureCollection(rows.map((r) => ({ id: r.code, geometry: r.geometry, properties: { code: r.code, name: r.name } })));
  });
};
