/**
 * The keyed, anchored hash-chained audit log (审计): the module's only door. `appendAudit` is the service's in-transaction
 * writer, exported on its own because every module calls it with its open transaction.
 */
import type { FastifyPluginAsync } from 'fastify';
import { auditRoutes } from './audit.routes.ts';
import type { AuditService } from './audit.service.ts';

export { appendAudit, createAuditService, verifyChain, type AuditEntry, type AuditService, type VerifyProblem, type VerifyResult } from './audit.service.ts';

export const auditModule: FastifyPluginAsync<{ audit: AuditService }> = async (app, { audit }) => {
  await app.register(auditRoutes, { audit });
};
