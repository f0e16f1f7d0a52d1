/** Request and response schemas of the channels routes (validation, serialisation, types and OpenAPI in one). */
import { Type, type Static } from 'typebox';
import { errorResponses, IdParams, RegionCode, Timestamp } from '../../lib/schemas.ts';

const Nullable = <S extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer> | typeof Timestamp>(s: S) => Type.Union([s, Type.Null()]);
const HttpUrl = Type.String({ pattern: '^https?://[^\\s]{1,1000}$', maxLength: 1000, description: 'http or https URL' });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Phones = Type.Array(Type.String({ maxLength: 20 }), { minItems: 1, maxItems: 10_000, description: '11-digit mainland China mobile numbers' });

export const SubscriptionCreate = Type.Object({
  name: Name, url: HttpUrl, regionCode: RegionCode,
  key: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'the shared HMAC-SM3 key (64 hex digits); generated when left out' })),
}, { additionalProperties: false });
export type SubscriptionCreate = Static<typeof SubscriptionCreate>;
export const SubscriptionUpdate = Type.Object({ version: Version, name: Type.Optional(Name), url: Type.Optional(HttpUrl), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export type SubscriptionUpdate = Static<typeof SubscriptionUpdate>;
export const KeyRotation = Type.Object({
  version: Version,
  key: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'the new shared HMAC-SM3 key (64 hex digits); generated when left out' })),
  graceHours: Type.Optional(Type.Integer({
    minimum: 0, maximum: 720, default: 72,
    description: 'hours the replaced keys keep signing beside the new one (0: at once, e.g. after a leak)',
  })),
}, { additionalProperties: false });
export type KeyRotation = Static<typeof KeyRotation>;
export const SmsKeyRotation = Type.Object({
  currentKeyId: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the id of the current key as shown: a rotation made meanwhile by someone else is refused, not doubled' }),
  key: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'the new shared HMAC-SM3 key (64 hex digits), e.g. one the gateway operator issued; generated when left out' })),
  graceHours: Type.Optional(Type.Integer({
    minimum: 0, maximum: 720, default: 72,
    description: 'hours the replaced keys keep signing beside the new one (0: at once, e.g. after a leak)',
  })),
}, { additionalProperties: false });
export type SmsKeyRotation = Static<typeof SmsKeyRotation>;
export const SmsListCreate = Type.Object({ name: Name, regionCode: RegionCode, phones: Phones }, { additionalProperties: false });
export type SmsListCreate = Static<typeof SmsListCreate>;
export const SmsListUpdate = Type.Object({ version: Version, name: Type.Optional(Name), phones: Type.Optional(Phones), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export type SmsListUpdate = Static<typeof SmsListUpdate>;

const SigningKey = Type.Object({
  id: Type.Integer({ description: 'the key id sent in X-Civdef-Key-Id and in each signature entry (kid=…)' }),
  createdAt: Timestamp,
  retiresAt: Nullable(Timestamp),
});
export const Subscription = Type.Object({
  id: Type.Integer(), name: Type.String(), url: Type.String(), regionCode: Type.String(), active: Type.Boolean(), createdAt: Timestamp, version: Type.Integer(),
  importedFrom: Type.Union([Type.String(), Type.Null()], { description: 'the ALERT_AGENCY_WEBHOOKS entry it was imported from; null when made in the console' }),
  keys: Type.Array(SigningKey, { description: 'the keys that sign pushes now, newest (current) first; never the keys themselves' }),
});
export const SmsGateway = Type.Object({
  configured: Type.Boolean({ description: 'whether SMS_GATEWAY_URL is set' }),
  url: Nullable(Type.String()),
  keys: Type.Array(Type.Object({
    id: Type.Integer({ description: 'the key id sent in X-Civdef-Key-Id and in each signature entry (kid=…)' }),
    createdAt: Timestamp, retiresAt: Nullable(Timestamp),
    source: Type.Enum(['configuration', 'rotation'], { description: 'configuration: SMS_GATEWAY_KEY as read at a start; rotation: made or given here' }),
    lastSignedAt: Type.Union([Timestamp, Type.Null()], { description: 'when it last signed a request to the gateway; null if it has not' }),
  }), { description: 'the keys that sign SMS requests now, newest (current) first; never the keys themselves' }),
});
export const SmsList = Type.Object({
  id: Type.Integer(), name: Type.String(), regionCode: Type.String(), phoneCount: Type.Integer(), active: Type.Boolean(), createdAt: Timestamp, version: Type.Integer(),
});
export const Delivery = Type.Object({
  id: Type.Integer(), identifier: Type.String(), channel: Type.Enum(['agency', 'sms']), target: Type.String(), state: Type.Enum(['pending', 'delivered', 'failed']),
  attempts: Type.Integer(), lastStatus: Nullable(Type.Integer()), lastError: Nullable(Type.String()), createdAt: Timestamp, updatedAt: Timestamp,
  deliveredAt: Nullable(Timestamp), nextAt: Nullable(Timestamp),
});

const tags = ['channels'];
export const ListSubscriptionsSchema = { tags, summary: 'CAP 推送订阅 Agencies our CAP documents are pushed to', response: { 200: Type.Object({ items: Type.Array(Subscription) }), ...errorResponses(401, 403) } };
export const CreateSubscriptionSchema = {
  tags, summary: '新增订阅 Subscribe an agency; the shared key is shown this once', body: SubscriptionCreate,
  response: { 201: Type.Object({ subscription: Subscription, key: Type.String() }), ...errorResponses(400, 401, 403) },
};
export const UpdateSubscriptionSchema = { tags, summary: '修改订阅 Change or pause a subscription', params: IdParams, body: SubscriptionUpdate, response: { 200: Subscription, ...errorResponses(400, 401, 403, 404, 409) } };
export const RotateKeySchema = {
  tags, summary: '轮换签名密钥 Rotate a subscription\'s signing key: the new key is shown this once; the old one keeps signing for the grace period',
  params: IdParams, body: KeyRotation,
  response: { 200: Type.Object({ subscription: Subscription, key: Type.String(), keyId: Type.Integer() }), ...errorResponses(400, 401, 403, 404, 409) },
};
export const GetSmsGatewaySchema = {
  tags, summary: '短信网关 The SMS gateway and the ids of the keys it is signed with (city level)',
  response: { 200: SmsGateway, ...errorResponses(401, 403) },
};
export const RotateSmsKeySchema = {
  tags, summary: '轮换短信网关密钥 Rotate the SMS gateway key: the new key is shown this once; the old one keeps signing for the grace period',
  body: SmsKeyRotation,
  response: { 200: Type.Object({ gateway: SmsGateway, key: Type.String(), keyId: Type.Integer() }), ...errorResponses(400, 401, 403, 409) },
};
export const RetireSmsKeySchema = {
  tags, summary: '停用旧短信网关密钥 End a replaced SMS gateway key\'s grace period now (not the current key)',
  params: IdParams,
  response: { 200: SmsGateway, ...errorResponses(400, 401, 403, 404, 409) },
};
export const ListSmsListsSchema = { tags, summary: '短信名单 SMS recipient lists (numbers are never shown)', response: { 200: Type.Object({ items: Type.Array(SmsList) }), ...errorResponses(401, 403) } };
export const CreateSmsListSchema = { tags, summary: '新增短信名单 Add an SMS recipient list for a region', body: SmsListCreate, response: { 201: SmsList, ...errorResponses(400, 401, 403) } };
export const UpdateSmsListSchema = { tags, summary: '修改短信名单 Change, replace the numbers of, or pause a list', params: IdParams, body: SmsListUpdate, response: { 200: SmsList, ...errorResponses(400, 401, 403, 404, 409) } };
export const AlertDeliveriesSchema = {
  tags, summary: '渠道送达情况 Each agency push and SMS of an alert: attempts, status, last error, times', params: IdParams,
  response: { 200: Type.Object({ items: Type.Array(Delivery) }), ...errorResponses(400, 401, 403) },
};
