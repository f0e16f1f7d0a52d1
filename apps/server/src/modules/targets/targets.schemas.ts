/**
 * Request and response schemas of the key targets routes: one TypeBox definition gives validation, fast
 * serialisation (fields not in the schema are dropped), the handler's types and the OpenAPI document.
 */
import { ONE_LIBRARY_PARTS, SEVEN_HAVES, TARGET_CATEGORIES, TARGET_GRADES } from '@civdef/domain';
import { Type, type Static } from 'typebox';
import { LngLat, RegionCode, Timestamp, errorResponses } from '../../lib/schemas.ts';

const tags = ['targets'];
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const BuildState = Type.Union([Type.Literal('none'), Type.Literal('building'), Type.Literal('done')]);

const Checklist = Type.Object(Object.fromEntries(SEVEN_HAVES.map((k) => [k, Type.Optional(Type.Boolean())])), { additionalProperties: false, description: '七有' });
const OneLibrary = Type.Object(Object.fromEntries(ONE_LIBRARY_PARTS.map((k) => [k, Type.Optional(BuildState)])), { additionalProperties: false, description: '一库一室一中心' });
const Ring = Type.Array(LngLat, { minItems: 4, maxItems: 5000 });
const Footprint = Type.Union([
  Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Ring, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Type.Array(Ring, { minItems: 1, maxItems: 50 }), { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
], { description: 'GeoJSON (multi)polygon in EPSG:4326' });
const RepairTeam = Nullable(Type.Object({ id: Nullable(Id), name: Text(200) }, { additionalProperties: false, description: 'the command module\'s team, by reference' }));

const Readiness = Type.Object({
  score: Type.Number(), max: Type.Number(),
  shortfalls: Type.Array(Type.Object({ code: Type.String({ description: 'seven_have.<item> | one_library.<part>[.building] | approved_plan | repair_team | recent_drill | funds' }), points: Type.Number() })),
});

export const Target = Type.Object({
  id: Type.Integer(), code: Type.String(), name: Type.String(), category: Type.String(), grade: Type.String(), unitName: Type.String(), regionCode: Type.String(),
  location: Type.Tuple([Type.Number(), Type.Number()]), checklist: Type.Record(Type.String(), Type.Boolean()), oneLibrary: Type.Record(Type.String(), Type.String()),
  repairTeam: Nullable(Type.Object({ id: Nullable(Type.Integer()), name: Type.String() })), planIds: Type.Array(Type.Integer()),
  fundsThisYear: Type.Number({ description: '万元, this calendar year' }), lastDrillOn: Nullable(Type.String()), approvedPlans: Type.Integer(),
  readiness: Readiness, synthetic: Type.Boolean(), version: Type.Integer({ description: 'send it back when editing: a stale one answers 409 TARGETS_VERSION_CONFLICT' }), updatedAt: Timestamp,
});
export type TargetView = Static<typeof Target>;

export const TargetDetail = Type.Object({
  ...Target.properties,
  footprint: Nullable(Type.Unknown({ description: 'GeoJSON MultiPolygon' })),
  plans: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), kind: Type.String(), approvedRevision: Nullable(Type.Integer()) })),
  funds: Type.Array(Type.Object({ id: Type.Integer(), year: Type.Integer(), amountWan: Type.Number(), purpose: Type.String() })),
});
export type TargetDetailView = Static<typeof TargetDetail>;

const TargetParams = Type.Object({ id: Id });

export const ListTargetsSchema = {
  tags, summary: '重要经济目标（含战备度评分） Key economic targets with their readiness',
  response: { 200: Type.Object({ items: Type.Array(Target) }), ...errorResponses(401, 403) },
};
export const TargetsMapSchema = {
  tags, summary: '重要经济目标地图（仅内部） Key targets on the map (internal only)',
  response: {
    200: Type.Object({
      type: Type.Literal('FeatureCollection'),
      features: Type.Array(Type.Object({
        type: Type.Literal('Feature'), geometry: Type.Unknown(),
        properties: Type.Object({ id: Type.Integer(), name: Type.String(), category: Type.String(), grade: Type.String(), score: Type.Number() }),
      })),
    }),
    ...errorResponses(401, 403),
  },
};
export const GetTargetSchema = { tags, summary: '重要经济目标详情 A key target', params: TargetParams, response: { 200: TargetDetail, ...errorResponses(400, 401, 403, 404) } };
export const CreateTargetSchema = {
  tags, summary: '登记重要经济目标 Register a key target',
  body: Type.Object({
    code: Type.String({ pattern: '^[A-Za-z0-9\\-]{2,40}$' }), name: Text(200), category: Type.Union(TARGET_CATEGORIES.map((k) => Type.Literal(k))),
    grade: Type.Union(TARGET_GRADES.map((k) => Type.Literal(k))), unitName: Text(200), regionCode: RegionCode, location: LngLat,
    footprint: Type.Optional(Nullable(Footprint)), checklist: Type.Optional(Checklist), oneLibrary: Type.Optional(OneLibrary),
    repairTeam: Type.Optional(RepairTeam), planIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
  }, { additionalProperties: false }),
  response: { 201: TargetDetail, ...errorResponses(400, 401, 403, 409) },
};
export const UpdateTargetSchema = {
  tags, summary: '修改重要经济目标（位置、占地范围、七有、一库一室一中心、抢修队伍、预案等） Edit a key target',
  description: 'Only the fields sent change. Send the `version` you read: a stale one answers 409 TARGETS_VERSION_CONFLICT (clients that only tick the checklist may leave it out). '
    + 'A moved location or redrawn footprint must be valid and lie in the outline of the target\'s region; `footprint: null` removes it.',
  params: TargetParams,
  body: Type.Object({
    version: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the version you read' })),
    name: Type.Optional(Text(200)), category: Type.Optional(Type.Union(TARGET_CATEGORIES.map((k) => Type.Literal(k)))),
    grade: Type.Optional(Type.Union(TARGET_GRADES.map((k) => Type.Literal(k)))), unitName: Type.Optional(Text(200)), regionCode: Type.Optional(RegionCode),
    location: Type.Optional(LngLat), footprint: Type.Optional(Nullable(Footprint)),
    checklist: Type.Optional(Checklist), oneLibrary: Type.Optional(OneLibrary), repairTeam: Type.Optional(RepairTeam), planIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
  }, { additionalProperties: false }),
  response: { 200: TargetDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
export const DeleteTargetSchema = {
  tags, summary: '删除重要经济目标（有演练记录引用时拒绝） Delete a key target (refused while a drill record refers to it)', params: TargetParams,
  response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
};
export const AddFundSchema = {
  tags, summary: '登记防护经费 Record funds granted', params: TargetParams,
  body: Type.Object({ year: Type.Integer({ minimum: 1949, maximum: 2200 }), amountWan: Type.Number({ minimum: 0, maximum: 1e7 }), purpose: Text(500) }, { additionalProperties: false }),
  response: { 201: TargetDetail, ...errorResponses(400, 401, 403, 404) },
};
