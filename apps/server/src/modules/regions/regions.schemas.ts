import { Type } from 'typebox';
import { featureCollectionSchema } from '../../lib/geojson.ts';
import { errorResponses } from '../../lib/schemas.ts';

/** The content type of the town-outline file. */
export const GEOJSON_TYPE = 'application/geo+json';

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

const OutlineFile = Type.Unknown({ description: 'the file as the request body (application/geo+json): a FeatureCollection of Polygon/MultiPolygon features with code (9 digits) or name' });
const Problem = Type.Object({ at: Type.String(), zh: Type.String(), en: Type.String() });
const TownOutlinePreview = Type.Object({
  preview: Type.String({ description: 'the fingerprint to pass to apply' }),
  sha256: Type.String(),
  features: Type.Integer({ description: 'well-formed features read' }),
  towns: Type.Array(Type.Object({
    index: Type.Integer(), code: Type.String(), name: Type.String(), countyCode: Type.String(),
    replaces: Type.Enum(['none', 'synthetic', 'surveyed'], { description: 'the outline the town has now' }),
    outsidePercent: Type.Union([Type.Number(), Type.Null()], { description: '% of the outline outside its district (null: the district has no outline)' }),
  })),
  unknown: Type.Array(Type.Object({ index: Type.Integer(), code: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]) }),
    { description: 'features naming no town of your jurisdiction (an apply is refused while any is left)' }),
  errorCount: Type.Integer(),
  errors: Type.Array(Problem),
});
export const TownOutlineApplyQuery = Type.Object({
  preview: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'the fingerprint the preview answered' }),
}, { additionalProperties: false });
export const PreviewTownOutlinesSchema = {
  tags: ['regions'],
  summary: '乡镇边界导入预览 What a GeoJSON of town outlines would change (towns matched, unknown ones, every problem); writes nothing',
  consumes: [GEOJSON_TYPE], body: OutlineFile,
  response: { 200: TownOutlinePreview, ...errorResponses(400, 401, 403, 413, 415) },
};
export const ApplyTownOutlinesSchema = {
  tags: ['regions'],
  summary: '乡镇边界导入 Replace the outlines of the towns a previewed GeoJSON names (surveyed, clipped to the district), all or none',
  consumes: [GEOJSON_TYPE], querystring: TownOutlineApplyQuery, body: OutlineFile,
  response: { 200: Type.Object({ replaced: Type.Integer(), added: Type.Integer() }), ...errorResponses(400, 401, 403, 409, 413, 415) },
};

export const RegionsAtSchema = {
  tags: ['regions'],
  summary: '坐标所在区划 The regions of my jurisdiction under a point, deepest first (town, then county)',
  querystring: Type.Object({
    lng: Type.Number({ minimum: -180, maximum: 180, description: 'longitude, EPSG:4326' }),
    lat: Type.Number({ minimum: -90, maximum: 90, description: 'latitude, EPSG:4326' }),
  }, { additionalProperties: false }),
  response: {
    200: Type.Object({
      items: Type.Array(Type.Object({
        code: Type.String(), name: Type.String(), level: Type.Enum(['province', 'city', 'county', 'town']),
        synthetic: Type.Boolean({ description: 'the outline was made up (spread from the town points), not surveyed: a guess near its edges' }),
      })),
    }),
    ...errorResponses(400, 401, 403),
  },
};
