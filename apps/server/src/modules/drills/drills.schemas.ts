/**
 * Request and response schemas of the drills routes: one TypeBox definition gives validation, fast serialisation
 * (fields not in the schema are dropped), the handler's types and the OpenAPI document.
 */
import { DRILL_KINDS } from '@civdef/domain';
import { Type, type Static } from 'typebox';
import { RegionCode, Timestamp, errorResponses } from '../../lib/schemas.ts';

const tags = ['drills'];
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
// Spelt out: a mapped union of these tuples comes out as never in the static type.
const DrillState = Type.Union([Type.Literal('planned'), Type.Literal('running'), Type.Literal('ended'), Type.Literal('assessed')]);
const TimelineKind = Type.Union([Type.Literal('inject'), Type.Literal('action'), Type.Literal('note')]);
const FollowUpState = Type.Union([Type.Literal('open'), Type.Literal('done')]);
const UnitOrTeam = Type.Union([Type.Literal('unit'), Type.Literal('team')]);

const ParticipantSchema = Type.Object({
  kind: UnitOrTeam, refId: Nullable(Id), name: Text(200), people: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
}, { additionalProperties: false, description: 'a member unit or team; refId is the command module\'s record when known (a reference, not a foreign key)' });

export const Drill = Type.Object({
  id: Type.Integer(), kind: Type.String(), title: Type.String(), regionCode: Type.String(), scenario: Type.String(), plannedOn: Type.String(), state: DrillState,
  participants: Type.Array(ParticipantSchema), planId: Nullable(Type.Integer()), planTitle: Nullable(Type.String()),
  keyTargetId: Nullable(Type.Integer()), keyTargetName: Nullable(Type.String()),
  criteria: Type.Array(Type.Object({ name: Type.String(), weight: Type.Number(), maxScore: Type.Number(), score: Type.Number() })),
  score: Nullable(Type.Number({ description: 'weighted percentage of the criteria' })), assessment: Nullable(Type.String()), synthetic: Type.Boolean(),
  version: Type.Integer({ description: 'send it back when editing: a stale one answers 409 DRILLS_VERSION_CONFLICT' }),
  createdAt: Timestamp, startedAt: Nullable(Timestamp), endedAt: Nullable(Timestamp), assessedAt: Nullable(Timestamp),
});
export type DrillView = Static<typeof Drill>;

export const TimelineEntry = Type.Object({ id: Type.Integer(), kind: TimelineKind, text: Type.String(), actorName: Nullable(Type.String()), loggedBy: Nullable(Type.String()), loggedAt: Timestamp });
export const Finding = Type.Object({
  id: Type.Integer(), finding: Type.String(), action: Type.String(), owner: Type.String(), deadline: Type.String(), status: FollowUpState,
  doneAt: Nullable(Timestamp), overdue: Type.Boolean({ description: 'open and past its deadline (Asia/Shanghai)' }),
});
export const DrillDetail = Type.Object({ drill: Drill, timeline: Type.Array(TimelineEntry), findings: Type.Array(Finding) });
export type DrillDetailView = Static<typeof DrillDetail>;

export const YearSummary = Type.Object({
  year: Type.Integer(), drills: Type.Integer(), assessed: Type.Integer(), meanScore: Nullable(Type.Number()), findings: Type.Integer(),
  actionsOpen: Type.Integer(), actionsOverdue: Type.Integer(), actionsDone: Type.Integer(),
});
export type YearSummaryView = Static<typeof YearSummary>;

const DrillParams = Type.Object({ id: Id });
const detailResponse = { 200: DrillDetail, ...errorResponses(400, 401, 403, 404, 409) };

export const ListDrillsSchema = {
  tags, summary: '演练列表 Drills in my jurisdiction',
  querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 1949, maximum: 2200 })) }, { additionalProperties: false }),
  response: { 200: Type.Object({ items: Type.Array(Drill) }), ...errorResponses(400, 401, 403) },
};
const Kind = Type.Union(DRILL_KINDS.map((k) => Type.Literal(k)));
const Participants = Type.Array(ParticipantSchema, { maxItems: 500 });
const Criteria = Type.Array(Type.Object({ name: Text(200), weight: Type.Number({ exclusiveMinimum: 0, maximum: 100 }), maxScore: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }) },
  { additionalProperties: false }), { minItems: 1, maxItems: 50 });

export const CreateDrillSchema = {
  tags, summary: '新建演练 Plan a drill',
  body: Type.Object({
    kind: Kind, title: Text(200), regionCode: RegionCode, scenario: Text(10_000), plannedOn: IsoDate,
    participants: Participants, planId: Type.Optional(Nullable(Id)), keyTargetId: Type.Optional(Nullable(Id)), criteria: Criteria,
  }, { additionalProperties: false }),
  response: { 201: DrillDetail, ...errorResponses(400, 401, 403) },
};
export const UpdateDrillSchema = {
  tags, summary: '修改演练（开始后只能改标题与参演力量） Edit a drill (after the start only its title and participants)',
  description: 'Only the fields sent change, and a field sent with its current value is no change. Send the `version` you read: a stale one answers 409 '
    + 'DRILLS_VERSION_CONFLICT. Once the drill has started, changing any field but title and participants answers 409 DRILLS_FIELD_LOCKED naming the field.',
  params: DrillParams,
  body: Type.Object({
    version: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the version you read' }),
    kind: Type.Optional(Kind), title: Type.Optional(Text(200)), regionCode: Type.Optional(RegionCode), scenario: Type.Optional(Text(10_000)), plannedOn: Type.Optional(IsoDate),
    participants: Type.Optional(Participants), planId: Type.Optional(Nullable(Id)), keyTargetId: Type.Optional(Nullable(Id)), criteria: Type.Optional(Criteria),
  }, { additionalProperties: false }),
  response: detailResponse,
};
export const DeleteDrillSchema = {
  tags, summary: '删除尚未开始、无记录的演练 Delete a drill that has not started and has no records', params: DrillParams,
  response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409) },
};
export const GetDrillSchema = { tags, summary: '演练详情（时间线、问题与整改） A drill with its timeline and findings', params: DrillParams, response: detailResponse };
export const StartDrillSchema = { tags, summary: '开始演练 Start a drill', params: DrillParams, response: detailResponse };
export const EndDrillSchema = { tags, summary: '结束演练 End a drill', params: DrillParams, response: detailResponse };
export const LogEventSchema = {
  tags, summary: '记录导调/处置（服务器时间，只增不改） Log an inject or action (server time, append-only)', params: DrillParams,
  body: Type.Object({ kind: TimelineKind, text: Text(2000), actorName: Type.Optional(Nullable(Text(200))) }, { additionalProperties: false }),
  response: { 201: DrillDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
export const AssessDrillSchema = {
  tags, summary: '按评估标准评分 Score the drill against its criteria', params: DrillParams,
  body: Type.Object({ scores: Type.Array(Type.Number({ minimum: 0, maximum: 1000 }), { maxItems: 50 }), assessment: Text(10_000) }, { additionalProperties: false }),
  response: detailResponse,
};
export const AddFindingSchema = {
  tags, summary: '登记问题与整改事项 Record a finding and its follow-up action', params: DrillParams,
  body: Type.Object({ finding: Text(2000), action: Text(2000), owner: Text(200), deadline: IsoDate }, { additionalProperties: false }),
  response: { 201: DrillDetail, ...errorResponses(400, 401, 403, 404) },
};
export const CloseFindingSchema = {
  tags, summary: '整改完成 Mark a follow-up action done', params: Type.Object({ id: Id, findingId: Id }), response: detailResponse,
};
export const DrillYearsSchema = {
  tags, summary: '按年度汇总：演练、评分、问题与整改 Drills, scores and follow-ups per year',
  response: { 200: Type.Object({ items: Type.Array(YearSummary) }), ...errorResponses(401, 403) },
};
