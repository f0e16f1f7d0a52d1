import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../db/index.ts';
import { requireActor } from '../../plugins/auth.ts';
import { Paging, errorResponses } from '../../lib/schemas.ts';
import { searchAudit, verifyChain } from './audit.service.ts';

const Json = Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]);
const AuditItem = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entityType: Type.Union([Type.String(), Type.Null()]),
  entityId: Type.Union([Type.String(), Type.Null()]),
  regionCode: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([Type.Literal('success'), Type.Literal('failure')]),
  ip: Type.Union([Type.String(), Type.Null()]),
  before: Json,
  after: Json,
});

export const auditRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.get('/api/audit', {
    config: { access: 'audit:read' },
    schema: {
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
    },
  }, async (request) => {
    const actor = requireActor(request);
    const { page, pageSize, ...filter } = request.query;
    const result = await searchAudit(db, { scope: actor.scope, ...filter, limit: pageSize, offset: (page - 1) * pageSize });
    return {
      total: result.total,
      items: result.items.map((r) => ({
        id: r.seq, at: r.at, actor: r.actor, action: r.action, entityType: r.entityType, entityId: r.entityId,
        regionCode: r.regionCode, outcome: r.outcome, ip: r.ip,
        before: (r.before ?? null) as Record<string, unknown> | null, after: (r.after ?? null) as Record<string, unknown> | null,
      })),
    };
  });

  app.post('/api/audit/verify', {
    config: { access: 'audit:verify' },
    schema: {
      tags: ['audit'],
      summary: '校验审计链 Verify the SM3 hash chain of the whole log',
      response: {
        200: Type.Object({ ok: Type.Boolean(), checked: Type.Integer(), firstBadId: Type.Union([Type.Integer(), Type.Null()]), reason: Type.Union([Type.String(), Type.Null()]) }),
        ...errorResponses(401, 403),
      },
    },
  }, async () => verifyChain(db));
};
