import { Type } from 'typebox';
import { Paging, errorResponses } from '../../lib/schemas.ts';

const Json = Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]);

export const AuditItem = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()], { description: 'the display name of the acting user, now' }),
  action: Type.String(),
  entityType: Type.Union([Type.String(), Type.Null()]),
  entityId: Type.Union([Type.String(), Type.Null()]),
  entityName: Type.Union([Type.String(), Type.Null()], { description: 'the name of the work, user, region or maintenance item, now (null when unknown or deleted)' }),
  entityCode: Type.Union([Type.String(), Type.Null()], { description: 'its 工程编号 or user name' }),
  regionCode: Type.Union([Type.String(), Type.Null()]),
  regionName: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([Type.Literal('success'), Type.Literal('failure')]),
  ip: Type.Union([Type.String(), Type.Null()]),
  before: Json,
  after: Json,
});

export const SearchAuditSchema = {
  tags: ['audit'],
  summary: '审计日志 Audit log of my jurisdiction, newest first',
  querystring: Type.Object({
    action: Type.Optional(Type.String({ maxLength: 64 })),
    actor: Type.Optional(Type.String({ maxLength: 64 })),
    outcome: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('failure')])),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    ...Paging,
  }, { additionalProperties: false }),
  response: { 200: Type.Object({ items: Type.Array(AuditItem), total: Type.Integer() }), ...errorResponses(400, 401, 403) },
};

export const VerifyAuditSchema = {
  tags: ['audit'],
  summary: '校验审计链 Verify the keyed SM3 hash chain of the whole log and its signed checkpoints; lists every problem',
  response: {
    200: Type.Object({
      ok: Type.Boolean(),
      checked: Type.Integer(),
      firstBadId: Type.Union([Type.Integer(), Type.Null()]),
      reason: Type.Union([Type.String(), Type.Null()]),
      problems: Type.Array(Type.Object({ seq: Type.Union([Type.Integer(), Type.Null()]), reason: Type.String() })),
      keyedFrom: Type.Union([Type.Integer(), Type.Null()]),
      checkpoints: Type.Integer(),
    }),
    ...errorResponses(401, 403),
  },
};
