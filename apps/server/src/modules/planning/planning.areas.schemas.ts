/** Request and response schemas of the assessment areas (防护片区): imported polygon sets and their balance. */
import { Type } from 'typebox';
import { featureCollectionSchema } from '../../lib/geojson.ts';
import { errorResponses } from '../../lib/schemas.ts';
import { AreaBalance } from './planning.schemas.ts';

const tags = ['planning'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const SetName = Type.String({ minLength: 1, maxLength: 60, pattern: '^[^/\\\\?#%]+$', description: 'name of the area set (片区集), e.g. 防护分区2025' });
const SetParams = Type.Object({ set: SetName }, { additionalProperties: false });
const AreaSet = Type.Object({ setName: Type.String(), areas: Type.Integer(), createdAt: Type.String({ format: 'date-time' }) });

export const ListAreaSetsSchema = {
  tags, summary: '防护片区集 Imported assessment-area sets of my jurisdiction',
  response: { 200: Type.Object({ items: Type.Array(AreaSet) }), ...errorResponses(401, 403) },
};

export const ImportAreaSetSchema = {
  tags, summary: '导入防护片区 Replace (or create) a set of assessment areas from a GeoJSON FeatureCollection of named Polygons/MultiPolygons: all or none, every problem listed',
  params: SetParams,
  body: Type.Object({ type: Type.String(), features: Type.Array(Type.Unknown(), { maxItems: 500 }) }, { description: 'GeoJSON FeatureCollection; properties.name (or 名称) names each area' }),
  response: { 201: AreaSet, ...errorResponses(400, 401, 403) },
};

export const DeleteAreaSetSchema = {
  tags, summary: '删除防护片区集 Delete an assessment-area set', params: SetParams,
  response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
};

const PolygonBalance = Type.Object({
  id: Type.Integer(), name: Type.String(), works: Type.Integer(), people: Type.Number(), stayRatio: Type.Number(), peopleStaying: Type.Number(), places: Type.Number(),
  placesPerPerson: Nullable(Type.Number()), civilDefenceAreaM2: Type.Number(), m2PerPerson: Nullable(Type.Number()), placesSurplus: Type.Number(),
  areaSurplusM2: Type.Number(), status: AreaBalance.properties.status,
});

export const AreaSetBalanceSchema = {
  tags, summary: '片区平衡 The balance per polygon of an assessment-area set (GeoJSON, for the map and the table)',
  params: SetParams,
  response: { 200: featureCollectionSchema(PolygonBalance), ...errorResponses(400, 401, 403, 404) },
};
