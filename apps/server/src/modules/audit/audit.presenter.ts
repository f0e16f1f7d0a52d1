/** Row → API shape of an audit entry: the chain's hashes stay inside (`POST /api/audit/verify` checks them). */
import type { AuditRow } from './audit.repository.ts';

export function presentAuditRow(r: AuditRow) {
  return {
    id: r.seq, at: r.at, actor: r.actor, action: r.action, entityType: r.entityType, entityId: r.entityId,
    regionCode: r.regionCode, outcome: r.outcome, ip: r.ip,
    before: (r.before ?? null) as Record<string, unknown> | null, after: (r.after ?? null) as Record<string, unknown> | null,
  };
}
