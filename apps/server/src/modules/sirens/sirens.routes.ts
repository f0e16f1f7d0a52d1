import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../db/index.ts';
import { requireActor } from '../../plugins/auth.ts';
import { errorResponses } from '../../lib/schemas.ts';
import { featureCollection, featureCollectionSchema } from '../../lib/geojson.ts';
import * as repo from './sirens.repository.ts';

const SirenMapProps = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  regionCode: Type.String(),
});

export const sirensRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.get('/api/map/sirens', {
    config: { access: 'sirens:read' },
    schema: {
      tags: ['sirens'],
      summary: '警报器分布 Sirens in my jurisdiction as GeoJSON points',
      response: { 200: featureCollectionSchema(SirenMapProps), ...errorResponses(401, 403) },
    },
  }, async (request) => {
    const rows = await repo.mapFeatures(db, requireActor(request).scope);
    return featureCollection(rows.map(({ geometry, ...p }) => ({ id: p.id, geometry, properties: p })));
  });
};
