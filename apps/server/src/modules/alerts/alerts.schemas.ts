/** Request and response schemas of the alerts routes (validation, serialisation, types and OpenAPI in one). */
import { SIGNAL_PROGRAMS } from '@civdef/domain';
import { Type, type Static, type TSchema } from 'typebox';
import { DrawnPolygon, errorResponses, IdParams, Paging, RegionCode, Timestamp } from '../../lib/schemas.ts';

const Nullable = <S extends TSchema>(s: S) => Type.Union([s, Type.Null()]);
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });

export const AlertKindEnum = Type.Enum(['air_raid', 'disaster', 'exercise', 'test'], { description: 'air_raid 防空 / disaster 灾情 / exercise 演习 / test 测试' });
export const IssueProgramEnum = Type.Enum(SIGNAL_PROGRAMS.map((p) => p.code).filter((c) => c !== 'all_clear'), { description: 'preliminary 预先警报 / air_raid 空袭警报' });

export const AlertArea = Type.Object({
  regionCodes: Type.Optional(Type.Array(RegionCode, { maxItems: 100 })),
  groupIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), { maxItems: 100 })),
  // Inside the jurisdiction: its sirens sound, and the CAP document carries it as <polygon>.
  polygon: Type.Optional(DrawnPolygon),
}, { additionalProperties: false, description: 'regions, siren groups and a drawn area: at least one of them' });
export type AlertArea = Static<typeof AlertArea>;

export const AlertDraft = Type.Object({
  kind: AlertKindEnum,
  program: IssueProgramEnum,
  area: AlertArea,
  headline: Text(120, 1),
  messageZh: Text(2000, 1),
  messageEn: Type.Optional(Nullable(Text(2000, 1))),
  instructionZh: Type.Optional(Nullable(Text(1000, 1))),
}, { additionalProperties: false });
export type AlertDraft = Static<typeof AlertDraft>;

const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
export const VersionBody = Type.Object({ version: Version }, { additionalProperties: false });
/** Asking for the all-clear: the reason is optional (the signal says it). */
export const AllClearBody = Type.Object({ version: Version, reason: Type.Optional(Text(500, 1)) }, { additionalProperties: false });
/** Cancelling: a draft is dropped at once; an issued alert's cancel needs a reason and a second officer. */
export const CancelBody = Type.Object({ version: Version, reason: Type.Optional(Text(500, 1)) }, { additionalProperties: false });
/** The new text of an issued alert (what is not named stays); a second officer confirms before it is published. */
export const UpdateBody = Type.Object({
  version: Version,
  headline: Type.Optional(Text(120, 1)),
  messageZh: Type.Optional(Text(2000, 1)),
  // A text can be changed, not removed: an update publishes the alert as it now stands.
  messageEn: Type.Optional(Text(2000, 1)),
  instructionZh: Type.Optional(Text(1000, 1)),
  reason: Type.Optional(Text(500, 1)),
}, { additionalProperties: false });
export type UpdateBody = Static<typeof UpdateBody>;

const MessageRef = Type.Object({ identifier: Type.String(), msgType: Type.String(), sent: Timestamp, capUrl: Type.String() });
const Delivery = Type.Object({
  identifier: Type.String(), channel: Type.String(), state: Type.String(), attempts: Type.Integer(), lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()), updatedAt: Timestamp,
});
export const AlertItem = Type.Object({
  id: Type.Integer(), kind: Type.String(), program: Type.String(), area: AlertArea, areaDesc: Type.String(), headline: Type.String(),
  messageZh: Type.String(), messageEn: Nullable(Type.String()), instructionZh: Nullable(Type.String()), state: Type.String(), regionCode: Type.String(),
  draftedBy: Nullable(Type.String()), draftedAt: Timestamp, confirmedBy: Nullable(Type.String()), issuedAt: Nullable(Timestamp),
  commandId: Nullable(Type.String()), clearedBy: Nullable(Type.String()), clearedAt: Nullable(Timestamp), clearCommandId: Nullable(Type.String()),
  version: Type.Integer(),
});
export const FollowUpKindEnum = Type.Enum(['all_clear', 'cancel', 'update'], { description: 'all_clear 解除警报 / cancel 撤销 (CAP Cancel) / update 更新 (CAP Update)' });
const FollowUp = Type.Object({
  id: Type.Integer(), kind: FollowUpKindEnum, state: Type.Enum(['awaiting_confirmation', 'done', 'withdrawn']), reason: Nullable(Type.String()),
  headline: Nullable(Type.String()), messageZh: Nullable(Type.String()), messageEn: Nullable(Type.String()), instructionZh: Nullable(Type.String()),
  requestedBy: Nullable(Type.String()), requestedAt: Timestamp, decidedBy: Nullable(Type.String()), decidedAt: Nullable(Timestamp),
  commandId: Nullable(Type.String()), identifier: Nullable(Type.String()),
});
export const AlertDetail = Type.Object({
  ...AlertItem.properties, messages: Type.Array(MessageRef), deliveries: Type.Array(Delivery),
  followUps: Type.Array(FollowUp, { description: 'all-clear, cancel and update requests, oldest first; at most one awaiting_confirmation' }),
});
export const AlertListQuery = Type.Object({ state: Type.Optional(Type.Enum(['awaiting_confirmation', 'issued', 'cleared', 'cancelled'])), ...Paging }, { additionalProperties: false });
export type AlertListQuery = Static<typeof AlertListQuery>;

/** The public view of one CAP message: only what the public feed may carry. */
export const PublicAlert = Type.Object({
  identifier: Type.String(), sent: Timestamp, status: Type.String({ description: 'Actual / Exercise / Test' }), msgType: Type.String(),
  references: Nullable(Type.String()), event: Type.String(), headline: Type.String(), description: Type.String(), descriptionEn: Nullable(Type.String()),
  instruction: Nullable(Type.String()), areaDesc: Type.String(), regionCodes: Type.Array(Type.String()),
  polygon: Nullable(Type.Array(Type.Tuple([Type.Number(), Type.Number()]), { description: 'a drawn area: its closed ring, [longitude, latitude] (WGS84)' })),
  capUrl: Type.String(),
});
export const PublicQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }, { additionalProperties: false });
export const IdentifierParams = Type.Object({ identifier: Type.String({ pattern: '^[A-Za-z0-9._-]{1,120}$' }) });

const tags = ['alerts'];
const page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
export const ListAlertsSchema = { tags, summary: '警报记录 Alerts of my jurisdiction, newest first', querystring: AlertListQuery, response: { 200: page(AlertItem), ...errorResponses(400, 401, 403) } };
export const GetAlertSchema = { tags, summary: '警报详情 An alert with its CAP messages and agency deliveries', params: IdParams, response: { 200: AlertDetail, ...errorResponses(400, 401, 403, 404) } };
export const DraftAlertSchema = { tags, summary: '起草警报 Draft an alert (a second officer must confirm it)', body: AlertDraft, response: { 201: AlertDetail, ...errorResponses(400, 401, 403) } };
export const ConfirmAlertSchema = {
  tags, summary: '确认并发布 Confirm another officer\'s draft: sirens of the area sound, the CAP document is published and pushed',
  params: IdParams, body: VersionBody, response: { 200: AlertDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
export const AllClearSchema = {
  tags, summary: '申请解除警报 Ask for the all-clear; a second officer confirms it (then 解除警报 sounds and a CAP Update is published)',
  params: IdParams, body: AllClearBody, response: { 200: AlertDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
export const CancelAlertSchema = {
  tags, summary: '撤销 Cancel a draft at once, or ask to cancel an issued alert (a second officer confirms: sirens stop, CAP Cancel)',
  params: IdParams, body: CancelBody, response: { 200: AlertDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
export const UpdateAlertSchema = {
  tags, summary: '申请更新 Ask to change an issued alert\'s text; a second officer confirms it (CAP Update)',
  params: IdParams, body: UpdateBody, response: { 200: AlertDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
export const ConfirmFollowUpSchema = {
  tags, summary: '确认后续操作 Confirm another officer\'s all-clear, cancel or update of the alert',
  params: IdParams, body: VersionBody, response: { 200: AlertDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
export const WithdrawFollowUpSchema = {
  tags, summary: '撤回后续操作 Withdraw the all-clear, cancel or update awaiting confirmation',
  params: IdParams, body: VersionBody, response: { 200: AlertDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
export const PublicAlertsSchema = { tags: ['public'], summary: '公开警报 Published alerts (CAP messages), newest first', querystring: PublicQuery, response: { 200: Type.Object({ items: Type.Array(PublicAlert) }), ...errorResponses(400) } };
export const PublicCapSchema = { tags: ['public'], summary: 'CAP 1.2 文档 One published CAP document as XML', params: IdentifierParams, response: { 200: Type.String(), ...errorResponses(400, 404) } };

// The CAP outputs under /cap/ (public, cached like /api/public/): the Atom feed, the same entries as JSON, each document.
export const CapAtomSchema = { tags: ['public'], summary: 'CAP Atom 订阅源 Atom feed of published CAP messages, each entry linking its CAP document', querystring: PublicQuery, response: { 200: Type.String(), ...errorResponses(400) } };
export const CapJsonSchema = { tags: ['public'], summary: 'CAP 警报 JSON Published CAP messages as JSON (the public feed\'s whitelist), newest first', querystring: PublicQuery, response: { 200: Type.Object({ items: Type.Array(PublicAlert) }), ...errorResponses(400) } };
export const CapDocumentSchema = { tags: ['public'], summary: 'CAP 1.2 文档 One published CAP document', params: IdentifierParams, response: { 200: Type.String(), ...errorResponses(400, 404) } };
