/** The signed-in user as the console sees it: never the session token hash or the CSRF token (that has its own field). */
import type { Actor } from '../../lib/actor.ts';
import type { Challenge } from './auth.service.ts';

export function presentMe(actor: Actor, regionName: string | null) {
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    roles: actor.roles,
    permissions: [...actor.permissions].sort(),
    regionCode: actor.regionCode,
    regionName,
    mustChangePassword: actor.mustChangePassword,
  };
}

/** A sign-in challenge: what the browser needs to solve it, never the name it is bound to. */
export function presentChallenge(c: Challenge) {
  return { id: c.id, algorithm: c.algorithm, bits: c.bits, expiresAt: c.expiresAt.toISOString() };
}
