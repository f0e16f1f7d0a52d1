/**
 * Request and response schemas of the command structure (指挥部, people, member units, duty, posts, vehicles).
 * Enumerations come from @civdef/domain so the server and the console agree.
 */
import { COMMAND_LEVELS, COMMAND_POST_KINDS, COMMAND_ROLES, DUTY_SHIFTS, VEHICLE_STATES } from '@civdef/domain';
import { Type, type Static, type TSchema } from 'typebox';
import { featureCollectionSchema } from '../../lib/geojson.ts';
import { errorResponses, IdParams, RegionCode, Timestamp } from '../../lib/schemas.ts';

export const codes = <T extends { code: string }>(items: readonly T[]) => items.map((i) => i.code) as T['code'][];
export const Nullable = <S extends TSchema>(s: S) => Type.Union([s, Type.Null()]);
export const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
/** A phone number as typed: digits, spaces, +, - and brackets. */
export const Phone = Type.String({ minLength: 3, maxLength: 30, pattern: '^[0-9+()\\- ]+$' });
export const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const ChinaLngLat = Type.Tuple([
  Type.Number({ minimum: 73, maximum: 136, description: 'longitude (WGS84/CGCS2000)' }),
  Type.Number({ minimum: 3, maximum: 54, description: 'latitude' }),
]);

const tags = ['command'];
const LevelEnum = Type.Enum(codes(COMMAND_LEVELS), { description: 'city 市级 / county 县区级 / town 重点镇（街道）' });
const RoleEnum = Type.Enum(codes(COMMAND_ROLES), { description: 'commander 指挥长 / deputy 副指挥长 / member 成员 / duty 值班员' });
const ShiftEnum = Type.Enum(codes(DUTY_SHIFTS), { description: 'day 白班 08–20 / night 夜班 20–08' });
const PostKindEnum = Type.Enum(codes(COMMAND_POST_KINDS), { description: 'basic 基本指挥所 / reserve 预备指挥所' });

export const HqCreate = Type.Object({
  level: LevelEnum,
  name: Text(100, 1),
  regionCode: RegionCode,
  address: Type.Optional(Nullable(Text(200))),
  officePhone: Type.Optional(Nullable(Phone)),
}, { additionalProperties: false });
export type HqCreate = Static<typeof HqCreate>;

export const PersonCreate = Type.Object({
  name: Text(50, 1),
  role: RoleEnum,
  title: Type.Optional(Nullable(Text(100))),
  unit: Type.Optional(Nullable(Text(100))),
  mobilePhone: Type.Optional(Nullable(Phone)),
}, { additionalProperties: false });
export type PersonCreate = Static<typeof PersonCreate>;

export const MemberUnitCreate = Type.Object({
  name: Text(100, 1),
  peacetimeDuty: Text(1000, 1),
  wartimeDuty: Text(1000, 1),
  contactName: Type.Optional(Nullable(Text(50))),
  contactPhone: Type.Optional(Nullable(Phone)),
}, { additionalProperties: false });
export type MemberUnitCreate = Static<typeof MemberUnitCreate>;

/** The version an edit read: a stale one is refused with 409 (optimistic concurrency, as the works registry does it). */
export const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the version you read; a stale one answers 409 COMMAND_VERSION_CONFLICT' });
export const VersionQuery = Type.Object({ version: Version }, { additionalProperties: false });

/**
 * An edit of a person: only the fields sent change. A phone left out stays as stored (sealed); `null` clears it; a
 * masked value (138****5678) is not a phone and is refused, so a form cannot overwrite the number with its mask.
 */
export const PersonPatch = Type.Object({
  version: Version,
  name: Type.Optional(Text(50, 1)),
  role: Type.Optional(RoleEnum),
  title: Type.Optional(Nullable(Text(100))),
  unit: Type.Optional(Nullable(Text(100))),
  mobilePhone: Type.Optional(Nullable(Phone)),
}, { additionalProperties: false });
export type PersonPatch = Static<typeof PersonPatch>;

export const MemberUnitPatch = Type.Object({
  version: Version,
  name: Type.Optional(Text(100, 1)),
  peacetimeDuty: Type.Optional(Text(1000, 1)),
  wartimeDuty: Type.Optional(Text(1000, 1)),
  contactName: Type.Optional(Nullable(Text(50))),
  contactPhone: Type.Optional(Nullable(Phone)),
}, { additionalProperties: false });
export type MemberUnitPatch = Static<typeof MemberUnitPatch>;

export const DutySet = Type.Object({
  date: DateOnly,
  shift: ShiftEnum,
  personId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
}, { additionalProperties: false });
export type DutySet = Static<typeof DutySet>;

export const PostCreate = Type.Object({
  kind: PostKindEnum,
  name: Text(100, 1),
  workId: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the 指挥工程 in the works registry' }),
}, { additionalProperties: false });
export type PostCreate = Static<typeof PostCreate>;

const Person = Type.Object({
  id: Type.Integer(), name: Type.String(), role: Type.String(), title: Nullable(Type.String()), unit: Nullable(Type.String()),
  mobilePhone: Nullable(Type.String({ description: 'masked unless the caller may edit the command structure' })), version: Type.Integer(),
});
const Duty = Type.Object({
  date: Type.String(), shift: Type.String(), personId: Type.Integer(), name: Type.String(), mobilePhone: Nullable(Type.String({ description: 'masked' })),
  onDutyNow: Type.Boolean(),
});
const HqSummary = Type.Object({
  id: Type.Integer(), level: Type.String(), name: Type.String(), regionCode: Type.String(), regionName: Nullable(Type.String()),
  parentId: Nullable(Type.Integer()), officePhone: Nullable(Type.String()), synthetic: Type.Boolean(),
  commander: Nullable(Type.Object({ name: Type.String(), title: Nullable(Type.String()) })),
  today: Type.Array(Duty, { description: "today's duty officers (Asia/Shanghai), day and night shift" }),
});
const MemberUnit = Type.Object({
  id: Type.Integer(), name: Type.String(), peacetimeDuty: Type.String(), wartimeDuty: Type.String(), contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String({ description: 'masked unless the caller may edit the command structure' })), version: Type.Integer(),
});
const Post = Type.Object({
  id: Type.Integer(), kind: Type.String(), name: Type.String(), workId: Nullable(Type.Integer()), workCode: Nullable(Type.String()),
  workName: Nullable(Type.String()), location: Nullable(Type.Tuple([Type.Number(), Type.Number()])),
});
export const HqDetail = Type.Object({
  ...HqSummary.properties, address: Nullable(Type.String()), version: Type.Integer(),
  persons: Type.Array(Person), memberUnits: Type.Array(MemberUnit), posts: Type.Array(Post),
  roster: Type.Array(Duty, { description: 'the duty roster from today, 14 days' }),
});

const VehicleProps = Type.Object({
  id: Type.Integer(), code: Type.String(), name: Type.String(), hqId: Nullable(Type.Integer()), regionCode: Type.String(), generation: Nullable(Type.String()),
  equipment: Nullable(Type.String()), crew: Type.Integer(), state: Type.String({ description: codes(VEHICLE_STATES).join(' / ') }), live: Type.Boolean({ description: 'true when the position is a report of the last 5 minutes' }),
  positionAt: Nullable(Timestamp), speedKmh: Nullable(Type.Number()), synthetic: Type.Boolean(),
});

const hqResponse = { 200: HqDetail, ...errorResponses(400, 401, 403, 404) };
const hqCreated = { 201: HqDetail, ...errorResponses(400, 401, 403, 404, 409) };
export const CommandRef = Type.Object({
  kind: Type.Enum(['unit', 'team'], { description: 'unit 成员单位 / team 队伍' }), id: Type.Integer(), name: Type.String(), regionCode: Type.String(),
  detail: Type.String({ description: 'the unit\'s 指挥部, or the team\'s kind' }),
});
export const ListRefsSchema = {
  tags, summary: '成员单位与队伍（供预案、演练、重要目标引用） Member units and teams other records may reference',
  response: { 200: Type.Object({ items: Type.Array(CommandRef) }), ...errorResponses(401, 403) },
};
export const ListHqsSchema = {
  tags, summary: '三级指挥部 The command structure in the caller\'s jurisdiction, with today\'s duty officers',
  response: { 200: Type.Object({ items: Type.Array(HqSummary) }), ...errorResponses(401, 403) },
};
export const GetHqSchema = { tags, summary: '指挥部详情 One command: leaders, member units, posts, duty roster', params: IdParams, response: hqResponse };
export const CreateHqSchema = { tags, summary: '新建指挥部 Create a command at a level', body: HqCreate, response: hqCreated };
export const AddPersonSchema = { tags, summary: '添加人员 Add a leader, member or duty officer', params: IdParams, body: PersonCreate, response: hqCreated };
export const AddMemberUnitSchema = { tags, summary: '添加成员单位 Add a member unit with its peacetime and wartime duties', params: IdParams, body: MemberUnitCreate, response: hqCreated };
export const SetDutySchema = { tags, summary: '排班 Set the duty officer of a day and shift', params: IdParams, body: DutySet, response: hqResponse };
export const AddPostSchema = { tags, summary: '指挥所 Link a main or reserve command post to its 指挥工程', params: IdParams, body: PostCreate, response: hqCreated };
const hqEdited = { 200: HqDetail, ...errorResponses(400, 401, 403, 404, 409) };
export const PatchPersonSchema = {
  tags, summary: '修改人员 Edit a leader, member or duty officer (send the version you read; a phone left out is kept)', params: IdParams, body: PersonPatch, response: hqEdited,
};
export const DeletePersonSchema = {
  tags, summary: '删除人员 Remove a person who is on no duty roster (version in the query)', params: IdParams, querystring: VersionQuery, response: hqEdited,
};
export const PatchMemberUnitSchema = {
  tags, summary: '修改成员单位 Edit a member unit\'s duties or contact (send the version you read; a phone left out is kept)', params: IdParams, body: MemberUnitPatch, response: hqEdited,
};
export const DeleteMemberUnitSchema = {
  tags, summary: '删除成员单位 Remove a member unit that no plan or drill names (version in the query)', params: IdParams, querystring: VersionQuery, response: hqEdited,
};
export const MapVehiclesSchema = {
  tags, summary: '机动指挥车 Mobile command vehicles on the map: the last reported position, or the home base',
  response: { 200: featureCollectionSchema(VehicleProps), ...errorResponses(401, 403) },
};
