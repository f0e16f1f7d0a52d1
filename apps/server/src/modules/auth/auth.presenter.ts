/** The signed-in user as the console sees it: never the session token hash or the CSRF token (that has its own field). */
import type { Actor } from '../../lib/actor.ts';

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
