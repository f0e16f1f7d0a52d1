export { appendAudit, verifyChain, searchAudit, type AuditEntry, type AuditFilter, type VerifyResult } from './audit.service.ts';
export { auditRoutes } from './audit.routes.ts';
