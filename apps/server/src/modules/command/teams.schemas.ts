/**
 * Request and response schemas of teams (专业队, 志愿者队伍, 救援队), their members and equipment, and roll-calls.
 */
import { EQUIPMENT_STATES, TEAM_CATEGORIES, TEAM_KINDS } from '@civdef/domain';
import { Type, type Static } from 'typebox';
import { errorResponses, IdParams, RegionCode, Timestamp } from '../../lib/schemas.ts';
import { ChinaLngLat, codes, DateOnly, Nullable, Phone, Text, Version, VersionQuery } from './command.schemas.ts';

const tags = ['teams'];
const CategoryEnum = Type.Enum(codes(TEAM_CATEGORIES), { description: 'professional 专业队 / volunteer 志愿者队伍 / rescue 救援队' });
const KindEnum = Type.Enum(codes(TEAM_KINDS));
const EquipmentStateEnum = Type.Enum(codes(EQUIPMENT_STATES), { description: 'ready 完好 / faulty 故障 / maintenance 维修中' });

export const MemberCreate = Type.Object({
  name: Text(50, 1),
  role: Text(30, 1),
  phone: Type.Optional(Nullable(Phone)),
  qualification: Type.Optional(Nullable(Text(100))),
  qualificationExpires: Type.Optional(Nullable(DateOnly)),
  volunteer: Type.Optional(Type.Boolean({ default: false })),
}, { additionalProperties: false });
export type MemberCreate = Static<typeof MemberCreate>;

export const EquipmentCreate = Type.Object({
  kind: Text(50, 1),
  name: Text(100, 1),
  count: Type.Integer({ minimum: 0, maximum: 100_000 }),
  location: Type.Optional(Nullable(Text(200))),
  state: Type.Optional(EquipmentStateEnum),
  maintenanceDue: Type.Optional(Nullable(DateOnly)),
}, { additionalProperties: false });
export type EquipmentCreate = Static<typeof EquipmentCreate>;

/** An edit of a member: only the fields sent change; a phone left out stays sealed as it is, `null` clears it. */
export const MemberPatch = Type.Object({
  version: Version,
  name: Type.Optional(Text(50, 1)),
  role: Type.Optional(Text(30, 1)),
  phone: Type.Optional(Nullable(Phone)),
  qualification: Type.Optional(Nullable(Text(100))),
  qualificationExpires: Type.Optional(Nullable(DateOnly)),
  volunteer: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type MemberPatch = Static<typeof MemberPatch>;

export const EquipmentPatch = Type.Object({
  version: Version,
  kind: Type.Optional(Text(50, 1)),
  name: Type.Optional(Text(100, 1)),
  count: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  location: Type.Optional(Nullable(Text(200))),
  state: Type.Optional(EquipmentStateEnum),
  maintenanceDue: Type.Optional(Nullable(DateOnly)),
}, { additionalProperties: false });
export type EquipmentPatch = Static<typeof EquipmentPatch>;

export const TeamCreate = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }),
  name: Text(100, 1),
  category: CategoryEnum,
  kind: KindEnum,
  baseUnit: Text(100, 1),
  regionCode: RegionCode,
  location: ChinaLngLat,
  leaderName: Type.Optional(Nullable(Text(50))),
  leaderPhone: Type.Optional(Nullable(Phone)),
  members: Type.Optional(Type.Array(MemberCreate, { maxItems: 500 })),
  equipment: Type.Optional(Type.Array(EquipmentCreate, { maxItems: 500 })),
}, { additionalProperties: false });
export type TeamCreate = Static<typeof TeamCreate>;

/**
 * An edit of a team's own fields: only those sent change; a leader phone left out stays sealed, `null` clears it.
 * Not its code (what an import matches teams by) nor its region (members, equipment and roll-calls carry it).
 */
export const TeamPatch = Type.Object({
  version: Version,
  name: Type.Optional(Text(100, 1)),
  category: Type.Optional(CategoryEnum),
  kind: Type.Optional(KindEnum),
  baseUnit: Type.Optional(Text(100, 1)),
  location: Type.Optional(ChinaLngLat),
  leaderName: Type.Optional(Nullable(Text(50))),
  leaderPhone: Type.Optional(Nullable(Phone)),
}, { additionalProperties: false });
export type TeamPatch = Static<typeof TeamPatch>;

export const TeamListQuery = Type.Object({
  category: Type.Optional(CategoryEnum),
  kind: Type.Optional(KindEnum),
}, { additionalProperties: false });
export type TeamListQuery = Static<typeof TeamListQuery>;

export const RollcallSchedule = Type.Object({ scheduledFor: DateOnly }, { additionalProperties: false });
export const RollcallRecord = Type.Object({
  members: Type.Array(Type.Object({ memberId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), present: Type.Boolean() }, { additionalProperties: false }), { maxItems: 1000 }),
  equipment: Type.Array(Type.Object({
    equipmentId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    counted: Type.Integer({ minimum: 0, maximum: 100_000 }),
    working: Type.Integer({ minimum: 0, maximum: 100_000 }),
  }, { additionalProperties: false }), { maxItems: 1000 }),
  note: Type.Optional(Nullable(Text(1000))),
}, { additionalProperties: false });
export type RollcallRecord = Static<typeof RollcallRecord>;

const Flag = Type.Enum(['expired', 'expiring', 'ok', 'none']);
const Readiness = Type.Object({ peoplePct: Nullable(Type.Number()), equipmentPct: Nullable(Type.Number()), overallPct: Nullable(Type.Number()) });
export const TeamSummary = Type.Object({
  id: Type.Integer(), code: Type.String(), name: Type.String(), category: Type.String(), kind: Type.String(), baseUnit: Type.String(),
  regionCode: Type.String(), regionName: Nullable(Type.String()), location: Type.Tuple([Type.Number(), Type.Number()]), leaderName: Nullable(Type.String()),
  leaderPhone: Nullable(Type.String({ description: 'masked' })), synthetic: Type.Boolean(), members: Type.Integer(), equipmentCount: Type.Integer(),
  lastRollcallAt: Nullable(Timestamp), readiness: Readiness, qualificationsFlagged: Type.Integer(), upkeepFlagged: Type.Integer(),
});
const Member = Type.Object({
  id: Type.Integer(), name: Type.String(), role: Type.String(), phone: Nullable(Type.String({ description: 'masked unless the caller may edit teams' })),
  qualification: Nullable(Type.String()), qualificationExpires: Nullable(Type.String()), qualificationFlag: Flag, volunteer: Type.Boolean(), version: Type.Integer(),
});
const Equipment = Type.Object({
  id: Type.Integer(), kind: Type.String(), name: Type.String(), count: Type.Integer(), location: Nullable(Type.String()), state: Type.String(),
  maintenanceDue: Nullable(Type.String()), maintenanceFlag: Flag, version: Type.Integer(),
});
const Rollcall = Type.Object({
  id: Type.Integer(), scheduledFor: Type.String(), state: Type.String(), recordedAt: Nullable(Timestamp), recordedBy: Nullable(Type.String()), note: Nullable(Type.String()),
  readiness: Readiness,
});
export const TeamDetail = Type.Object({
  ...TeamSummary.properties, version: Type.Integer(), memberList: Type.Array(Member), equipmentList: Type.Array(Equipment), rollcalls: Type.Array(Rollcall),
});
const RegionReadiness = Type.Object({
  regionCode: Type.String(), regionName: Nullable(Type.String()), teams: Type.Integer(), checked: Type.Integer({ description: 'teams with a recorded roll-call' }),
  peoplePct: Nullable(Type.Number()), equipmentPct: Nullable(Type.Number()), qualificationsFlagged: Type.Integer(), upkeepFlagged: Type.Integer(),
});

const teamResponse = { 200: TeamDetail, ...errorResponses(400, 401, 403, 404) };
const teamCreated = { 201: TeamDetail, ...errorResponses(400, 401, 403, 404, 409) };
export const ListTeamsSchema = {
  tags, summary: '队伍 Teams in the caller\'s jurisdiction, with readiness and flags', querystring: TeamListQuery,
  response: { 200: Type.Object({ items: Type.Array(TeamSummary) }), ...errorResponses(400, 401, 403) },
};
export const ReadinessSchema = {
  tags, summary: '战备状态 City readiness: people and equipment per county (from each team\'s last roll-call), flags',
  response: { 200: Type.Object({ overall: RegionReadiness, regions: Type.Array(RegionReadiness) }), ...errorResponses(401, 403) },
};
export const GetTeamSchema = { tags, summary: '队伍详情 One team: members, equipment, roll-calls', params: IdParams, response: teamResponse };
export const CreateTeamSchema = { tags, summary: '新建队伍 Create a team with its members and equipment', body: TeamCreate, response: teamCreated };
export const AddMembersSchema = {
  tags, summary: '添加队员 Add members', params: IdParams, body: Type.Array(MemberCreate, { minItems: 1, maxItems: 500 }), response: teamCreated,
};
export const AddEquipmentSchema = {
  tags, summary: '添加装备 Add equipment', params: IdParams, body: Type.Array(EquipmentCreate, { minItems: 1, maxItems: 500 }), response: teamCreated,
};
export const ScheduleRollcallSchema = { tags, summary: '安排点验 Schedule a roll-call (整组点验)', params: IdParams, body: RollcallSchedule, response: teamCreated };
export const RecordRollcallSchema = {
  tags, summary: '记录点验 Record a roll-call: who turned up, how much equipment worked (every member and item of the team)',
  params: IdParams, body: RollcallRecord, response: { 200: TeamDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
const teamEdited = { 200: TeamDetail, ...errorResponses(400, 401, 403, 404, 409) };
export const PatchTeamSchema = {
  tags, summary: '修改队伍 Edit a team: name, category and kind, base unit, base location, leader (send the version you read; a phone left out is kept)',
  params: IdParams, body: TeamPatch, response: teamEdited,
};
export const PatchMemberSchema = {
  tags, summary: '修改队员 Edit a member: role, qualification and its expiry … (send the version you read; a phone left out is kept)', params: IdParams, body: MemberPatch, response: teamEdited,
};
export const DeleteMemberSchema = {
  tags, summary: '删除队员 Remove a member no recorded roll-call points at (version in the query)', params: IdParams, querystring: VersionQuery, response: teamEdited,
};
export const PatchEquipmentSchema = {
  tags, summary: '修改装备 Edit an item: kind, count, location, state, upkeep due (send the version you read)', params: IdParams, body: EquipmentPatch, response: teamEdited,
};
export const DeleteEquipmentSchema = {
  tags, summary: '删除装备 Remove an item no recorded roll-call points at (version in the query)', params: IdParams, querystring: VersionQuery, response: teamEdited,
};
const ChangeValue = Nullable(Type.Union([Type.String(), Type.Number(), Type.Boolean()]));
const FieldChange = Type.Object({
  field: Type.String({ description: 'the API field: name, kind, leaderPhone, lng …; phones masked' }), before: ChangeValue, after: ChangeValue,
});
const ListPlan = Type.Object({
  added: Type.Array(Type.Object({ label: Type.String() })),
  changed: Type.Array(Type.Object({ id: Type.Integer(), label: Type.String(), changes: Type.Array(FieldChange) })),
  missing: Type.Array(Type.Object({ id: Type.Integer(), label: Type.String(), inRollcall: Type.Boolean({ description: 'recorded roll-calls point at it: kept even when removing' }) })),
  unchanged: Type.Integer(),
});
const PreviewTeam = Type.Object({
  code: Type.String(), name: Type.String(), status: Type.Enum(['new', 'changed', 'unchanged']), teamId: Nullable(Type.Integer()),
  fields: Type.Array(FieldChange), members: ListPlan, equipment: ListPlan,
});
const ImportCounts = Type.Object({
  created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(),
  membersAdded: Type.Integer(), membersChanged: Type.Integer(), membersRemoved: Type.Integer(), membersKept: Type.Integer(),
  equipmentAdded: Type.Integer(), equipmentChanged: Type.Integer(), equipmentRemoved: Type.Integer(), equipmentKept: Type.Integer(),
});
export const ImportApplyQuery = Type.Object({
  preview: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'the fingerprint the preview answered' }),
  removeMissing: Type.Optional(Type.Boolean({ default: false, description: 'remove members and items the file no longer lists (never those a recorded roll-call points at)' })),
}, { additionalProperties: false });
const Workbook = Type.Unknown({ description: 'the workbook (request body, content type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)' });
export const PreviewImportSchema = {
  tags, summary: '导入预览 What an XLSX would change, team by team (new / changed fields / unchanged; members by name, missing ones listed); writes nothing',
  consumes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], body: Workbook,
  response: { 200: Type.Object({ preview: Type.String(), teams: Type.Array(PreviewTeam) }), ...errorResponses(400, 401, 403, 413, 415) },
};
export const ApplyImportSchema = {
  tags, summary: '导入更新 Apply an XLSX previewed before: new teams created, known codes updated, in one transaction (409 when the teams changed since the preview)',
  consumes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], querystring: ImportApplyQuery, body: Workbook,
  response: { 200: ImportCounts, ...errorResponses(400, 401, 403, 409, 413, 415) },
};
export const ExportTeamsSchema = {
  tags, summary: '导出队伍 Every team of the caller\'s jurisdiction with members and equipment as XLSX (sheets 队伍, 队员, 装备; phones in full, audited)',
  response: { 200: Type.Unknown({ description: 'the workbook' }), ...errorResponses(401, 403) },
};
export const ImportTeamsSchema = {
  tags, summary: '导入队伍 Create teams with their members and equipment from an XLSX in the export\'s format: all or none, every bad cell listed',
  consumes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  body: Type.Unknown({ description: 'the workbook (request body, content type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)' }),
  response: { 201: Type.Object({ teams: Type.Integer(), members: Type.Integer(), equipment: Type.Integer() }), ...errorResponses(400, 401, 403, 413, 415) },
};
