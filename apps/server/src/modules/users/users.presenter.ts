/**
 * Row → API shape of a user, and what an audit row keeps of one. Neither ever carries the password hash or
 * the failure counter: both copy their fields by name.
 */
import { iso } from '../../lib/schemas.ts';
import type { UserRow } from './users.repository.ts';

export function presentUser(u: UserRow, now = Date.now()) {
  // An automatic lock-out that has run out is not shown as a lock.
  const lockedOut = u.lockedUntil !== null && u.lockedUntil.getTime() > now;
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    regionCode: u.regionCode,
    regionName: u.regionName,
    locked: u.locked || lockedOut,
    lockedUntil: lockedOut ? iso(u.lockedUntil) : null,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: iso(u.lastLoginAt),
    createdAt: iso(u.createdAt)!,
  };
}

export function auditView(u: UserRow) {
  return { username: u.username, displayName: u.displayName, roles: u.roles, regionCode: u.regionCode, locked: u.locked };
}
