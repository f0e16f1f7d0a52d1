/**
 * Request and response schemas of the public app's API (/api/public/…, no sign-in). The response schemas are the
 * second whitelist: Fastify's serialiser drops any field not named here, whatever the presenter returned.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { featureCollectionSchema } from '../../lib/geojson.ts';
import { errorResponses } from '../../lib/schemas.ts';

const Nullable = <S extends TSchema>(s: S) => Type.Union([s, Type.Null()]);
const Lng = Type.Number({ minimum: 73, maximum: 136, description: 'longitude, EPSG:4326 (China)' });
const Lat = Type.Number({ minimum: 3, maximum: 54, description: 'latitude, EPSG:4326 (China)' });
const Point = Type.Tuple([Type.Number(), Type.Number()], { description: '[lng, lat], EPSG:4326' });
const Words = Type.Object({ zh: Type.String(), en: Type.String() });

export const NearestQuery = Type.Object({
  lng: Lng,
  lat: Lat,
  limit: Type.Integer({ minimum: 1, maximum: 10, default: 5 }),
  mode: Type.Enum(['normal', 'alert'], { default: 'normal', description: 'alert: works open for sheltering first, and whether the walk fits in the warning time' }),
  warningMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, description: 'minutes to reach shelter (alert mode); the platform default when absent' })),
}, { additionalProperties: false });
export type NearestQuery = Static<typeof NearestQuery>;

const Entrance = Type.Object({ kind: Type.String(), nameZh: Type.String(), nameEn: Type.String(), location: Point });

/** One public shelter on its own (its detail, GET /api/public/shelters/{id}): never a protection grade, a wartime function or a contact. */
export const PublicShelter = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  address: Nullable(Type.String()),
  district: Nullable(Type.String()),
  location: Point,
  entrances: Type.Array(Entrance),
  capacity: Type.Integer({ description: 'people it shelters' }),
  openState: Type.Enum(['open', 'opens_on_alert'], { description: 'open: in daily use; opens_on_alert: closed in peacetime' }),
  shelterOpen: Type.Boolean({ description: 'takes people in an alert' }),
});

/** One shelter in a nearest answer: the walk to its nearest entrance, and how many it has (the list is the detail's). */
export const NearestShelter = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  address: Nullable(Type.String()),
  district: Nullable(Type.String()),
  location: Point,
  distanceM: Type.Integer({ description: 'straight line to the nearest entrance, metres' }),
  walkM: Type.Integer({ description: 'estimated walk along streets, metres' }),
  walkMinutes: Type.Integer(),
  fitsWarning: Nullable(Type.Boolean({ description: 'alert mode: the walk fits in the warning time' })),
  hint: Words,
  entrance: Nullable(Entrance),
  entranceCount: Type.Integer({ description: 'entrances on record; the list: GET /api/public/shelters/{id}' }),
  capacity: Type.Integer({ description: 'people it shelters' }),
  openState: Type.Enum(['open', 'opens_on_alert'], { description: 'open: in daily use; opens_on_alert: closed in peacetime' }),
  shelterOpen: Type.Boolean({ description: 'takes people in an alert' }),
});

export const NearestResponse = Type.Object({
  mode: Type.String(),
  warningMinutes: Nullable(Type.Integer()),
  dataVersion: Type.Integer(),
  items: Type.Array(NearestShelter),
});

export const PlaceKindEnum = Type.Enum(['parking', 'cooling', 'ev'], { description: 'parking 人防停车 / cooling 纳凉点 / ev 充电桩' });
export const PlacesQuery = Type.Object({
  kind: PlaceKindEnum,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'words of the name, address or district' })),
  lng: Type.Optional(Lng),
  lat: Type.Optional(Lat),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
  open: Type.Optional(Type.Boolean({
    description: 'true: only places open now (China time) — parking and EV charging by the garage\'s hours (unknown hours left out), cooling spots in season',
  })),
}, { additionalProperties: false });
export type PlacesQuery = Static<typeof PlacesQuery>;

export const PublicPlace = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  address: Nullable(Type.String()),
  district: Nullable(Type.String()),
  location: Point,
  distanceM: Nullable(Type.Integer()),
  walkMinutes: Nullable(Type.Integer()),
  parking: Nullable(Type.Object({
    totalSpaces: Nullable(Type.Integer()), publicSpaces: Nullable(Type.Integer()), feePerHourYuan: Nullable(Type.Number()),
    hours: Nullable(Type.String({ description: '开放时间 HH:MM-HH:MM, China time; 00:00-24:00 all day; an end before the start runs past midnight; null: not known' })),
  })),
  cooling: Nullable(Type.Object({
    seasonStart: Type.String(), seasonEnd: Type.String(), hours: Type.String(), capacity: Type.Integer(), facilities: Type.Array(Type.String()),
    inSeason: Type.Boolean({ description: 'today (China time) is in the season' }),
  })),
  evChargers: Nullable(Type.Integer()),
});
export const PlacesResponse = Type.Object({ kind: Type.String(), total: Type.Integer(), dataVersion: Type.Integer(), items: Type.Array(PublicPlace) });

export const ShelterParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

const tags = ['public'];
const NotModified = Type.Null({ description: 'Not modified: the If-None-Match ETag is current' });
const cached = 'Cached (ETag, Cache-Control with stale-while-revalidate) and rate-limited per client address.';
export const NearestSchema = {
  tags, summary: '最近的人防工程 Nearest public shelters, from the in-memory index', description: cached,
  querystring: NearestQuery, response: { 200: NearestResponse, 304: NotModified, ...errorResponses(400, 429) },
};
export const NearestDbSchema = {
  tags, summary: '最近的人防工程（数据库） The same answer through PostGIS KNN, for comparison', description: cached,
  querystring: NearestQuery, response: { 200: NearestResponse, ...errorResponses(400, 429) },
};
export const ShelterSchema = {
  tags, summary: '人防工程详情 One public shelter with its entrances', description: cached,
  params: ShelterParams, response: { 200: PublicShelter, 304: NotModified, ...errorResponses(400, 404, 429) },
};
export const PlacesSchema = {
  tags, summary: '平时服务 Public parking, cooling spots or EV charging, nearest first or by words', description: cached,
  querystring: PlacesQuery, response: { 200: PlacesResponse, 304: NotModified, ...errorResponses(400, 429) },
};
export const AlertStreamSchema = {
  tags, summary: '警报推送 Published alerts as server-sent events (event: alert), the newest first on connect',
  response: { 200: Type.String({ description: 'text/event-stream' }), ...errorResponses(406, 429, 503) },
};
export const DistrictsSchema = {
  tags, summary: '区县边界 The city\'s district outlines (GeoJSON), drawn by the public map when no basemap is configured', description: cached,
  response: { 200: featureCollectionSchema(Type.Object({ code: Type.String(), name: Type.String(), labelAt: Type.Tuple([Type.Number(), Type.Number()], { description: '[lng, lat] inside the outline, where the map writes the name' }) })), 304: NotModified, ...errorResponses(429) },
};
