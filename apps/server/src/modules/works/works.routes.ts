import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../db/index.ts';
import { requireActor } from '../../plugins/auth.ts';
import { errorResponses } from '../../lib/schemas.ts';
import { featureCollection, featureCollectionSchema } from '../../lib/geojson.ts';
import * as repo from './works.repository.ts';

const WorkMapProps = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  workClass: Type.String(),
  lifecycleState: Type.String(),
  regionCode: Type.String(),
  shelterPlaces: Type.Integer(),
  isPublic: Type.Boolean(),
});

export const worksRoutes: FastifyPluginAsyncTypebox<{ db: Database; areaPerPersonM2: number }> = async (app, { db, areaPerPersonM2 }) => {
  app.get('/api/map/works', {
    config: { access: 'works:read' },
    schema: {
      tags: ['works'],
      summary: '工程分布 Works in my jurisdiction as GeoJSON points',
      response: { 200: featureCollectionSchema(WorkMapProps), ...errorResponses(401, 403) },
    },
  }, async (request) => {
    const rows = await repo.mapFeatures(db, requireActor(request).scope, areaPerPersonM2);
    return featureCollection(rows.map(({ geometry, ...p }) => ({ id: p.id, geometry, properties: p })));
  });
};
