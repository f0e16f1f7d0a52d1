/**
 * Request and response schemas of the evacuation routes: one TypeBox definition gives validation, fast
 * serialisation (fields not in the schema are dropped), the handler's types and the OpenAPI document.
 */
import { EVAC_TARGET_GROUPS } from '@civdef/domain';
import { Type, type Static } from 'typebox';
import { IdParams, LngLat, RegionCode, Timestamp, errorResponses } from '../../lib/schemas.ts';
import { runRouteSchemas } from '../../lib/run-schemas.ts';

const tags = ['evacuation'];
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
// Spelt out: a mapped union of these tuples comes out as never in the static type.
const PlaceKind = Type.Union([Type.Literal('base'), Type.Literal('area'), Type.Literal('assembly')]);
const EvacState = Type.Union([Type.Literal('ready'), Type.Literal('limited'), Type.Literal('closed')]);
const Timing = Type.Union([Type.Literal('early'), Type.Literal('imminent'), Type.Literal('emergency')]);
const Code = Type.String({ pattern: '^[A-Za-z0-9\\-]{2,40}$' });
const Ring = Type.Array(LngLat, { minItems: 4, maxItems: 5000 });
const Outline = Type.Union([
  Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Ring, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Type.Array(Ring, { minItems: 1, maxItems: 50 }), { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
], { description: 'GeoJSON (multi)polygon in EPSG:4326' });
const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the version you read; a stale one answers 409 EVACUATION_VERSION_CONFLICT' });

export const Place = Type.Object({
  id: Type.Integer(), kind: PlaceKind, code: Type.String(), name: Type.String(), regionCode: Type.String(), capacity: Type.Integer(), state: EvacState,
  location: Type.Tuple([Type.Number(), Type.Number()]), outline: Nullable(Type.Unknown({ description: 'GeoJSON MultiPolygon of an area, when drawn' })),
  synthetic: Type.Boolean(), version: Type.Integer(),
});
export type PlaceView = Static<typeof Place>;
export const Route = Type.Object({
  id: Type.Integer(), code: Type.String(), name: Type.String(), regionCode: Type.String(), peoplePerHour: Type.Integer(), state: EvacState,
  path: Type.Array(Type.Tuple([Type.Number(), Type.Number()])), toPlaceId: Nullable(Type.Integer()), synthetic: Type.Boolean(), version: Type.Integer(),
});
export type RouteView = Static<typeof Route>;
export const AreaPlan = Type.Object({
  regionCode: Type.String(), regionName: Type.String(), share: Type.Number(), targetGroups: Type.Array(Type.String()),
  destinationId: Nullable(Type.Integer()), destinationName: Nullable(Type.String()), timing: Timing, synthetic: Type.Boolean(),
});
export type AreaPlanView = Static<typeof AreaPlan>;
export const Run = Type.Object({
  id: Type.Integer(), regionCode: Type.String(), status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('cancelled')]),
  phase: Type.String(), percent: Type.Integer(), params: Type.Record(Type.String(), Type.Unknown()), summary: Nullable(Type.Record(Type.String(), Type.Unknown())),
  error: Nullable(Type.String()), createdAt: Timestamp, finishedAt: Nullable(Timestamp),
});
export type RunView = Static<typeof Run>;
export const AreaResult = Type.Object({
  regionCode: Type.String(), regionName: Type.String(), toAssembly: Type.Integer(), withoutAssembly: Type.Integer(), toBase: Type.Integer(), withoutBase: Type.Integer(),
  places: Type.Array(Type.Object({ stage: Type.String(), placeId: Type.Integer(), placeName: Type.String(), people: Type.Integer(), metres: Nullable(Type.Number()) })),
});
export type AreaResultView = Static<typeof AreaResult>;
export const CountBoard = Type.Object({
  drillId: Type.Integer(), runId: Nullable(Type.Integer({ description: 'the assignment run whose plan the counts are held against' })),
  places: Type.Array(Type.Object({
    placeId: Type.Integer(), name: Type.String(), kind: Type.String(), planned: Nullable(Type.Integer()), capacity: Type.Integer(), counted: Type.Integer(),
    submissions: Type.Integer(), devices: Type.Integer(), lastAt: Nullable(Timestamp),
  })),
  totals: Type.Object({ planned: Type.Integer(), counted: Type.Integer() }),
});
export type CountBoardView = Static<typeof CountBoard>;

const Feature = Type.Object({ type: Type.Literal('Feature'), geometry: Type.Unknown(), properties: Type.Record(Type.String(), Type.Unknown()) });
const FeatureCollection = Type.Object({ type: Type.Literal('FeatureCollection'), features: Type.Array(Feature) });

export const ListPlacesSchema = {
  tags, summary: '疏散场所（基地、地域、集结点） Evacuation places',
  querystring: Type.Object({ kind: Type.Optional(PlaceKind) }, { additionalProperties: false }),
  response: { 200: Type.Object({ items: Type.Array(Place) }), ...errorResponses(400, 401, 403) },
};
export const CreatePlaceSchema = {
  tags, summary: '登记疏散场所 Register an evacuation place',
  body: Type.Object({ kind: PlaceKind, code: Code, name: Text(200), regionCode: RegionCode, capacity: Type.Integer({ minimum: 0, maximum: 10_000_000 }), state: Type.Optional(EvacState), location: LngLat }, { additionalProperties: false }),
  response: { 201: Place, ...errorResponses(400, 401, 403, 409) },
};
export const UpdatePlaceSchema = {
  tags, summary: '修改疏散场所（名称、容量、状态、位置、范围） Edit an evacuation place',
  description: 'Only the fields sent change. Send the `version` you read (a stale one answers 409; clients that only switch the state may leave it out). '
    + 'A moved location or redrawn outline must be valid and lie in the outline of the place\'s region; `outline: null` removes it.',
  params: IdParams,
  body: Type.Object({
    version: Type.Optional(Version), name: Type.Optional(Text(200)), capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })), state: Type.Optional(EvacState),
    location: Type.Optional(LngLat), outline: Type.Optional(Nullable(Outline)),
  }, { additionalProperties: false }),
  response: { 200: Place, ...errorResponses(400, 401, 403, 404, 409) },
};
export const DeletePlaceSchema = {
  tags, summary: '删除疏散场所（被计算结果、报数、计划或路线引用时拒绝） Delete a place no run, count, plan or route refers to', params: IdParams,
  response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
};
export const UpdateRouteSchema = {
  tags, summary: '修改疏散路线（名称、通行能力、状态、线路、目的地） Edit an evacuation route',
  description: 'Only the fields sent change. Send the `version` you read: a stale one answers 409 EVACUATION_VERSION_CONFLICT. A redrawn path must lie in the outline of the route\'s region.',
  params: IdParams,
  body: Type.Object({
    version: Version, name: Type.Optional(Text(200)), peoplePerHour: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })), state: Type.Optional(EvacState),
    path: Type.Optional(Type.Array(LngLat, { minItems: 2, maxItems: 5000 })), toPlaceId: Type.Optional(Nullable(Id)),
  }, { additionalProperties: false }),
  response: { 200: Route, ...errorResponses(400, 401, 403, 404, 409) },
};
export const DeleteRouteSchema = {
  tags, summary: '删除疏散路线 Delete an evacuation route', params: IdParams,
  response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
};
export const ListRoutesSchema = { tags, summary: '疏散路线 Evacuation routes', response: { 200: Type.Object({ items: Type.Array(Route) }), ...errorResponses(401, 403) } };
export const CreateRouteSchema = {
  tags, summary: '登记疏散路线 Register an evacuation route',
  body: Type.Object({
    code: Code, name: Text(200), regionCode: RegionCode, peoplePerHour: Type.Integer({ minimum: 0, maximum: 10_000_000 }), state: Type.Optional(EvacState),
    path: Type.Array(LngLat, { minItems: 2, maxItems: 5000 }), toPlaceId: Type.Optional(Nullable(Id)),
  }, { additionalProperties: false }),
  response: { 201: Route, ...errorResponses(400, 401, 403, 409) },
};
export const EvacuationMapSchema = {
  tags, summary: '疏散一张图：场所与路线 Places and routes on the map',
  response: { 200: FeatureCollection, ...errorResponses(401, 403) },
};
export const ListAreaPlansSchema = { tags, summary: '各区域疏散计划 Evacuation plan of each area', response: { 200: Type.Object({ items: Type.Array(AreaPlan) }), ...errorResponses(401, 403) } };
export const SetAreaPlanSchema = {
  tags, summary: '设定区域疏散计划 Set an area\'s evacuation plan', params: Type.Object({ code: RegionCode }),
  body: Type.Object({
    share: Type.Number({ minimum: 0, maximum: 1, description: 'share of residents evacuated' }),
    targetGroups: Type.Array(Type.Union(EVAC_TARGET_GROUPS.map((g) => Type.Literal(g))), { maxItems: 20 }), destinationId: Type.Optional(Nullable(Id)), timing: Timing,
  }, { additionalProperties: false }),
  response: { 200: Type.Object({ items: Type.Array(AreaPlan) }), ...errorResponses(400, 401, 403, 404) },
};
export const StartRunSchema = {
  tags, summary: '疏散分配计算（后台任务） Start an evacuation assignment (a background job)',
  body: Type.Object({
    walkRadiusM: Type.Optional(Type.Number({ minimum: 100, maximum: 20_000, description: 'reach of an assembly point on foot' })),
    roadRadiusM: Type.Optional(Type.Number({ minimum: 1000, maximum: 500_000, description: 'reach of a base by road' })),
    detourFactor: Type.Optional(Type.Number({ minimum: 1, maximum: 3 })),
  }, { additionalProperties: false }),
  response: { 202: Run, ...errorResponses(400, 401, 403, 422) },
};
export const { ListRunsSchema, GetRunSchema, RunEventsSchema, CancelRunSchema } = runRouteSchemas('evacuation', Run, {
  list: '疏散分配计算 Assignment runs',
  get: '疏散分配计算 One run',
  events: '疏散分配进度 Progress of a run as Server-Sent Events',
  cancel: '取消疏散分配计算 Cancel a queued or running run',
});
export const RunAreasSchema = {
  tags, summary: '各区域分配结果 The run\'s result per area', params: IdParams,
  response: { 200: Type.Object({ items: Type.Array(AreaResult) }), ...errorResponses(400, 401, 403, 404, 409) },
};
export const Destination = Type.Object({
  placeId: Type.Integer(), name: Type.String(), kind: Type.String(), capacity: Nullable(Type.Integer()), people: Type.Integer({ description: 'people the run sends here' }),
  routes: Type.Array(Type.Object({
    id: Type.Integer(), code: Type.String(), name: Type.String(), peoplePerHour: Type.Integer(), state: EvacState,
    usablePerHour: Type.Integer({ description: 'people per hour in its state (limited half, closed none)' }),
  })),
  perHour: Type.Integer({ description: 'summed usable throughput of the routes into the place' }),
  hours: Nullable(Type.Number({ description: 'hours to bring the people in along those routes; null when no usable route leads there' })),
});
export type DestinationView = Static<typeof Destination>;
export const RunDestinationsSchema = {
  tags, summary: '疏散目的地与路线通行能力 Destinations a run uses, with the routes into each and the hours to move its people', params: IdParams,
  response: { 200: Type.Object({ items: Type.Array(Destination) }), ...errorResponses(400, 401, 403, 404, 409) },
};
export const RunMapSchema = {
  tags, summary: '分配结果地图（区域→场所连线） The run\'s flows as lines', params: IdParams,
  response: { 200: FeatureCollection, ...errorResponses(400, 401, 403, 404, 409) },
};
export const SubmitCountSchema = {
  tags, summary: '人口数算：报数（手机） Submit a head count at a place (phone)',
  body: Type.Object({
    clientId: Type.String({ format: 'uuid', description: 'made by the phone: a retried submission counts once' }), drillId: Id, placeId: Id,
    people: Type.Integer({ minimum: 1, maximum: 100_000 }), device: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  }, { additionalProperties: false }),
  response: { 200: Type.Object({ duplicate: Type.Boolean(), board: CountBoard }), 201: Type.Object({ duplicate: Type.Boolean(), board: CountBoard }), ...errorResponses(400, 401, 403, 404, 409) },
};
export const CountBoardSchema = {
  tags, summary: '人口数算实时汇总（与计划对比） Live count totals against the plan',
  querystring: Type.Object({ drillId: Id }, { additionalProperties: false }),
  response: { 200: CountBoard, ...errorResponses(400, 401, 403, 404) },
};
