/** Request and response schemas of CAP ingest (validation, serialisation, types and OpenAPI in one). */
import { Type, type Static, type TSchema } from 'typebox';
import { errorResponses, IdParams, Paging, RegionCode, Timestamp } from '../../lib/schemas.ts';
import { AlertArea } from '../alerts/index.ts';

const Nullable = <S extends TSchema>(s: S) => Type.Union([s, Type.Null()]);
const HttpUrl = Type.String({ pattern: '^https?://[^\\s]{1,1000}$', maxLength: 1000, description: 'http or https URL' });

export const SourceCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  regionCode: RegionCode,
  push: Type.Boolean({ description: 'give the source an API key to push CAP documents to POST /api/cap-ingest' }),
  feedUrl: Type.Optional(Nullable(HttpUrl)),
  intervalS: Type.Optional(Type.Integer({ minimum: 30, maximum: 86_400, description: 'seconds between polls of feedUrl' })),
}, { additionalProperties: false });
export type SourceCreate = Static<typeof SourceCreate>;

export const SourceUpdate = Type.Object({
  version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  feedUrl: Type.Optional(Nullable(HttpUrl)),
  intervalS: Type.Optional(Type.Integer({ minimum: 30, maximum: 86_400 })),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type SourceUpdate = Static<typeof SourceUpdate>;

export const RelayBody = Type.Object({
  program: Type.Enum(['preliminary', 'air_raid'], { description: 'the signal the sirens sound: preliminary 预先警报 / air_raid 空袭警报' }),
  kind: Type.Optional(Type.Enum(['air_raid', 'disaster', 'exercise', 'test'], { description: 'default: exercise/test as the message says, else disaster' })),
  area: Type.Optional(AlertArea),
  headline: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  messageZh: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
}, { additionalProperties: false });
export type RelayBody = Static<typeof RelayBody>;

export const Source = Type.Object({
  id: Type.Integer(), name: Type.String(), regionCode: Type.String(), push: Type.Boolean(), feedUrl: Nullable(Type.String()), intervalS: Type.Integer(),
  active: Type.Boolean(), lastPolledAt: Nullable(Timestamp), lastError: Nullable(Type.String()), received: Type.Integer(), refused: Type.Integer(),
  createdAt: Timestamp, version: Type.Integer(),
});
export const Incoming = Type.Object({
  id: Type.Integer(), source: Type.String(), regionCode: Type.String(), identifier: Type.String(), sender: Type.String(), sent: Type.String(),
  status: Type.String({ description: 'Actual / Exercise / System / Test / Draft' }), msgType: Type.String(), scope: Type.String(), event: Nullable(Type.String()),
  headline: Nullable(Type.String()), severity: Nullable(Type.String()), urgency: Nullable(Type.String()), areaDesc: Nullable(Type.String()),
  expiresAt: Nullable(Timestamp), receivedAt: Timestamp, relayedAlertId: Nullable(Type.Integer()), relayedBy: Nullable(Type.String()), relayedAt: Nullable(Timestamp),
});
const InfoOut = Type.Object({
  language: Type.String(), event: Type.String(), urgency: Type.String(), severity: Type.String(), certainty: Type.String(), headline: Nullable(Type.String()),
  description: Nullable(Type.String()), instruction: Nullable(Type.String()), senderName: Nullable(Type.String()), expires: Nullable(Type.String()),
  areas: Type.Array(Type.Object({ areaDesc: Type.String(), geocodes: Type.Array(Type.Object({ valueName: Type.String(), value: Type.String() })), polygons: Type.Integer(), circles: Type.Integer() })),
});
export const IncomingDetail = Type.Object({ ...Incoming.properties, infos: Type.Array(InfoOut), xml: Type.String() });

const tags = ['cap-ingest'];
export const ListSourcesSchema = { tags, summary: 'CAP 接入来源 Sources that send us CAP (push key, polled feed)', response: { 200: Type.Object({ items: Type.Array(Source) }), ...errorResponses(401, 403) } };
export const CreateSourceSchema = {
  tags, summary: '新增 CAP 来源 Add a source; its API key is shown this once', body: SourceCreate,
  response: { 201: Type.Object({ source: Source, apiKey: Nullable(Type.String()) }), ...errorResponses(400, 401, 403) },
};
export const UpdateSourceSchema = { tags, summary: '修改 CAP 来源 Change or pause a source', params: IdParams, body: SourceUpdate, response: { 200: Source, ...errorResponses(400, 401, 403, 404, 409) } };
export const PollSourceSchema = {
  tags, summary: '立即轮询 Poll a source\'s feed now: documents read, stored, refused with the reason', params: IdParams,
  response: {
    200: Type.Object({
      documents: Type.Integer(), stored: Type.Integer(), duplicates: Type.Integer(), error: Nullable(Type.String()),
      refused: Type.Array(Type.Object({ url: Type.String(), field: Type.String(), ruleZh: Type.String(), ruleEn: Type.String() })),
    }),
    ...errorResponses(400, 401, 403, 404, 409),
  },
};
export const ReceiveSchema = {
  tags, summary: '接收 CAP 推送 An agency pushes one CAP 1.2 document (header x-cap-key); refused with the reason if invalid, never half-stored',
  consumes: ['application/cap+xml', 'application/xml', 'text/xml'],
  headers: Type.Object({ 'x-cap-key': Type.Optional(Type.String({ maxLength: 200 })) }),
  body: Type.String({ description: 'the CAP 1.2 document' }),
  response: { 201: Type.Object({ id: Type.Integer(), identifier: Type.String(), duplicate: Type.Boolean() }), ...errorResponses(400, 401, 413, 415) },
};
export const ListIncomingSchema = {
  tags, summary: '收到的 CAP 消息 Incoming CAP messages of my jurisdiction, newest first', querystring: Type.Object({ ...Paging }, { additionalProperties: false }),
  response: { 200: Type.Object({ items: Type.Array(Incoming), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }), ...errorResponses(400, 401, 403) },
};
export const GetIncomingSchema = { tags, summary: 'CAP 消息详情 One incoming message with its infos and the document', params: IdParams, response: { 200: IncomingDetail, ...errorResponses(400, 401, 403, 404) } };
export const RelaySchema = {
  tags, summary: '转发至警报器 Relay to the sirens as a draft alert; a second officer confirms it (two-person rule)', params: IdParams, body: RelayBody,
  response: { 201: Type.Object({ alertId: Type.Integer() }), ...errorResponses(400, 401, 403, 404, 409) },
};
