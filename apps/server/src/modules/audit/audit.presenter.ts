/** Row → API shape of an audit entry: the chain's hashes stay inside (`POST /api/audit/verify` checks them). */
import type { AuditListRow } from './audit.repository.ts';

export function presentAuditRow(r: AuditListRow) {
  return {
    id: r.seq, at: r.at, actor: r.actor, actorName: r.actorName, action: r.action, entityType: r.entityType, entityId: r.entityId,
    entityName: r.entityName, entityCode: r.entityCode, regionCode: r.regionCode, regionName: r.regionName, outcome: r.outcome, ip: r.ip,
    before: (r.before ?? null) as Record<string, unknown> | null, after: (r.after ?? null) as Record<string, unknown> | null,
  };
}
