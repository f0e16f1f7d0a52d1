/**
 * Request and response schemas of the plans routes: one TypeBox definition gives validation, fast serialisation
 * (fields not in the schema are dropped), the handler's types and the OpenAPI document.
 */
import { PLAN_KINDS, PLAN_PARTS } from '@civdef/domain';
import { Type, type Static } from 'typebox';
import { RegionCode, Timestamp, errorResponses } from '../../lib/schemas.ts';

const tags = ['plans'];
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);
// Spelt out: a mapped union of this tuple comes out as never in the static type.
const RevisionStateSchema = Type.Union([Type.Literal('draft'), Type.Literal('submitted'), Type.Literal('approved'), Type.Literal('returned'), Type.Literal('superseded')]);
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

export const PlanContentSchema = Type.Object({
  summary: Type.String({ maxLength: 20_000 }),
  triggers: Type.Array(Type.Object({ code: Text(40), condition: Text(500), level: Type.String({ maxLength: 40 }) }, { additionalProperties: false }), { maxItems: 200 }),
  tasks: Type.Array(Type.Object({
    assigneeKind: Type.Union([Type.Literal('unit'), Type.Literal('team')]), refId: Nullable(Id), assignee: Text(200), task: Text(2000), phase: Type.String({ maxLength: 40 }),
  }, { additionalProperties: false, description: 'refId: the member unit or team of the command module, when known (a reference, not a foreign key)' }), { maxItems: 500 }),
  resources: Type.Array(Type.Object({
    name: Text(200), quantity: Type.Number({ minimum: 0, maximum: 1e9 }), unit: Type.String({ maxLength: 20 }), holder: Type.String({ maxLength: 200 }),
  }, { additionalProperties: false }), { maxItems: 500 }),
  contacts: Type.Array(Type.Object({
    name: Text(50), role: Text(100), dutyPhone: Type.String({ pattern: '^[0-9+\\- ]{0,20}$', description: 'the post\'s duty line (值班电话), not a personal number' }),
  }, { additionalProperties: false }), { maxItems: 200 }),
}, { additionalProperties: false });

export const Plan = Type.Object({
  id: Type.Integer(), kind: Type.Union(PLAN_KINDS.map((k) => Type.Literal(k))), title: Type.String(), regionCode: Type.String(), synthetic: Type.Boolean(), createdAt: Timestamp,
  latestRevision: Type.Integer(), latestState: RevisionStateSchema, approvedRevision: Nullable(Type.Integer({ description: 'the revision in force' })),
});
export type PlanView = Static<typeof Plan>;

export const Revision = Type.Object({
  revision: Type.Integer(), state: RevisionStateSchema, content: PlanContentSchema, note: Nullable(Type.String()),
  authorName: Nullable(Type.String()), approverName: Nullable(Type.String()), returnReason: Nullable(Type.String()),
  file: Nullable(Type.Object({ name: Type.String(), mediaType: Type.String(), size: Type.Integer(), sha256: Type.String() })),
  createdAt: Timestamp, submittedAt: Nullable(Timestamp), approvedAt: Nullable(Timestamp),
  /** Whether the signed-in user wrote it (and so may not approve it). */
  mine: Type.Boolean(),
});
export type RevisionView = Static<typeof Revision>;

export const PlanDetail = Type.Object({ plan: Plan, revisions: Type.Array(Revision) });
export type PlanDetailView = Static<typeof PlanDetail>;

const ItemDiff = Type.Object({
  key: Type.String(), kind: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed')]), before: Type.Unknown(), after: Type.Unknown(),
  fields: Type.Array(Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
});
export const Diff = Type.Object({
  from: Type.Object({ revision: Type.Integer(), state: Type.String() }), to: Type.Object({ revision: Type.Integer(), state: Type.String() }),
  summary: Nullable(Type.Object({ before: Type.String(), after: Type.String() })),
  parts: Type.Object(Object.fromEntries(PLAN_PARTS.map((p) => [p, Type.Array(ItemDiff)])) as Record<(typeof PLAN_PARTS)[number], ReturnType<typeof Type.Array<typeof ItemDiff>>>),
  changes: Type.Integer(),
});
export type DiffView = Static<typeof Diff>;

const PlanParams = Type.Object({ id: Id });
const RevisionParams = Type.Object({ id: Id, rev: Type.Integer({ minimum: 1, maximum: 100_000 }) });

export const ListPlansSchema = {
  tags, summary: '预案列表 Plans in my jurisdiction',
  querystring: Type.Object({ kind: Type.Optional(Type.Union(PLAN_KINDS.map((k) => Type.Literal(k)))) }, { additionalProperties: false }),
  response: { 200: Type.Object({ items: Type.Array(Plan) }), ...errorResponses(400, 401, 403) },
};
export const CreatePlanSchema = {
  tags, summary: '新建预案（第 1 版草稿） Create a plan (revision 1, draft)',
  body: Type.Object({ kind: Type.Union(PLAN_KINDS.map((k) => Type.Literal(k))), title: Text(200), regionCode: RegionCode, content: PlanContentSchema, note: Type.Optional(Nullable(Text(500))) }, { additionalProperties: false }),
  response: { 201: PlanDetail, ...errorResponses(400, 401, 403) },
};
export const GetPlanSchema = {
  tags, summary: '预案及其各版本 A plan and its revisions', params: PlanParams, response: { 200: PlanDetail, ...errorResponses(400, 401, 403, 404) },
};
export const RevisePlanSchema = {
  tags, summary: '起草新版本 Open the next revision (from the newest content unless given)', params: PlanParams,
  body: Type.Object({ content: Type.Optional(PlanContentSchema), note: Type.Optional(Nullable(Text(500))) }, { additionalProperties: false }),
  response: { 201: PlanDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
export const EditRevisionSchema = {
  tags, summary: '修改草稿 Edit a draft or returned revision', params: RevisionParams,
  body: Type.Object({ content: PlanContentSchema, note: Type.Optional(Nullable(Text(500))) }, { additionalProperties: false }),
  response: { 200: PlanDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
const step = (summary: string, body?: ReturnType<typeof Type.Object>) => ({
  tags, summary, params: RevisionParams, ...(body ? { body } : {}), response: { 200: PlanDetail, ...errorResponses(400, 401, 403, 404, 409) },
});
export const SubmitRevisionSchema = step('提交审批 Submit a revision for approval');
export const ApproveRevisionSchema = step('批准（审批人不得为起草人） Approve a revision (the approver is not its author)');
export const ReturnRevisionSchema = step('退回修改 Return a revision to its author', Type.Object({ reason: Text(1000) }, { additionalProperties: false }));
export const DiffSchema = {
  tags, summary: '两个版本逐部分比较 Structured difference of two revisions', params: PlanParams,
  querystring: Type.Object({ from: Type.Integer({ minimum: 1, maximum: 100_000 }), to: Type.Integer({ minimum: 1, maximum: 100_000 }) }, { additionalProperties: false }),
  response: { 200: Diff, ...errorResponses(400, 401, 403, 404) },
};
export const AttachFileSchema = {
  tags, summary: '上传版本附件 Attach a file to a draft revision', params: RevisionParams,
  body: Type.Object({
    fileName: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^/\\\\\\x00-\\x1f]+$' }), mediaType: Type.String({ pattern: '^[a-z]+/[a-zA-Z0-9.+-]+$', maxLength: 100 }),
    contentBase64: Type.String({ minLength: 4, maxLength: 12_000_000 }),
  }, { additionalProperties: false }),
  response: { 200: PlanDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
export const GetFileSchema = {
  tags, summary: '下载版本附件 Download a revision\'s file', params: RevisionParams,
  response: { 200: Type.Unknown({ description: 'the file as uploaded' }), ...errorResponses(400, 401, 403, 404) },
};
