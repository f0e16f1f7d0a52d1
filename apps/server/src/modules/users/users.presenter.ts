/**
 * Row → API shape of a user, and what an audit row keeps of one. Neither ever carries the password hash: both copy their fields by name.
 */
import { iso } from '../../lib/schemas.ts';
import type { UserRow } from './users.repository.ts';

export function presentUser(u: UserRow) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    regionCode: u.regionCode,
    regionName: u.regionName,
    locked: u.locked,
    // Always null: failed sign-ins no longer lock an account for a while (they are throttled by name and
    // address instead), so only an administrator's lock remains. Kept so clients built on the earlier
    // contract keep working; to be dropped with the console's use of it.
    lockedUntil: null,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: iso(u.lastLoginAt),
    createdAt: iso(u.createdAt)!,
  };
}

export function auditView(u: UserRow) {
  return { username: u.username, displayName: u.displayName, roles: u.roles, regionCode: u.regionCode, locked: u.locked };
}
