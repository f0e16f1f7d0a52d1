import { Type } from 'typebox';
import { featureCollectionSchema } from '../../lib/geojson.ts';
import { errorResponses } from '../../lib/schemas.ts';

export const RegionSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  level: Type.Enum(['province', 'city', 'county', 'town']),
  centroid: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]),
});

export const ListRegionsSchema = {
  tags: ['regions'],
  summary: '行政区划 Jurisdictions in my scope (GB/T 2260)',
  response: { 200: Type.Object({ items: Type.Array(RegionSchema) }), ...errorResponses(401, 403) },
};

export const BoundariesSchema = {
  tags: ['regions'],
  summary: '区县边界 County boundaries (GeoJSON)',
  response: { 200: featureCollectionSchema(Type.Object({ code: Type.String(), name: Type.String() })), ...errorResponses(401, 403) },
};
