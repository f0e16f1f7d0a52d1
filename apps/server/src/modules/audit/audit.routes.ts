import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.ts';
import { presentAuditRow } from './audit.presenter.ts';
import { SearchAuditSchema, VerifyAuditSchema } from './audit.schemas.ts';
import type { AuditService } from './audit.service.ts';

export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditService }> = async (app, { audit }) => {
  app.get('/api/audit', { config: { access: 'audit:read' }, schema: SearchAuditSchema }, async (request) => {
    const result = await audit.searchFor(requireActor(request), request.query);
    return { total: result.total, items: result.items.map(presentAuditRow) };
  });

  app.post('/api/audit/verify', { config: { access: 'audit:verify' }, schema: VerifyAuditSchema }, () => audit.verify());
};
