import type { Permission, Role } from '@civdef/domain';

/** Who is making a request: the signed-in user with their jurisdiction, or an anonymous client. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  roles: Role[];
  permissions: ReadonlySet<Permission>;
  regionCode: string;
  /** Prefix every record's region_code must start with for this user to see it. */
  scope: string;
  mustChangePassword: boolean;
  sessionTokenHash: string;
  csrfToken: string;
}

/** What the audit trail records about where a write came from. */
export interface AuditContext {
  actorId: number | null;
  actor: string | null;
  ip: string | null;
}

export function auditContextOf(actor: Actor | null, ip: string | null): AuditContext {
  // User ids start at 1: the operator at the machine (the CLI's actor, userId 0) is recorded by name only, never as a user id.
  return { actorId: actor && actor.userId > 0 ? actor.userId : null, actor: actor?.username ?? null, ip };
}
