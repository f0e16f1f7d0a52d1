import { PERMISSIONS, PRIVILEGED_ROLES, ROLE_DEFINITIONS, inScope, scopePrefix, type Role } from '@civdef/domain';
import type { Database } from '../../db/index.ts';
import { auditContextOf, type Actor, type AuditContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { checkPasswordPolicy, hashPassword, type PasswordPolicy } from '../../lib/password.ts';
import * as repo from './users.repository.ts';
import type { UserRow } from './users.repository.ts';

export interface UsersDeps {
  db: Database;
  passwordPolicy: PasswordPolicy;
}

// Actors made by `operatorActor`: they have no account, so their audit rows carry no actor id.
const operators = new WeakSet<Actor>();

/**
 * The operator at the machine (the `civdef user …` commands): a system administrator of the installation's
 * city with no account of their own. Audit rows name them (`cli:<os user>`) with no actor id, the way the
 * first-start bootstrap is recorded, so the chain tells console and command-line changes apart.
 *
 * @example
 * await users.setLocked(operatorActor('cli:ops', '320600'), null, id, true, revokeSessions);
 */
export function operatorActor(name: string, cityCode: string): Actor {
  const actor: Actor = {
    userId: 0, username: name, displayName: name, roles: ['system_admin'], permissions: new Set(PERMISSIONS),
    regionCode: cityCode, scope: scopePrefix(cityCode), mustChangePassword: false, sessionTokenHash: '', csrfToken: '',
  };
  operators.add(actor);
  return actor;
}

function contextOf(actor: Actor, ip: string | null): AuditContext {
  return operators.has(actor) ? { actorId: null, actor: actor.username, ip } : auditContextOf(actor, ip);
}

/** What an audit row keeps of a user: never the password hash. */
function auditView(u: UserRow) {
  return { username: u.username, displayName: u.displayName, roles: u.roles, regionCode: u.regionCode, locked: u.locked };
}

function assertGrantable(actor: Actor, roles: readonly Role[]): void {
  for (const role of roles) {
    if (!(role in ROLE_DEFINITIONS)) throw new AppError('VALIDATION_FAILED', 400, { detail: `roles: ${role}` });
    // Only a system administrator may create other administrators of city rank or above.
    if (PRIVILEGED_ROLES.includes(role) && !actor.roles.includes('system_admin')) {
      throw new AppError('USERS_ROLE_NOT_GRANTABLE', 403, { role });
    }
  }
}

async function assertRegion(deps: UsersDeps, actor: Actor, regionCode: string): Promise<void> {
  if (!inScope(actor.regionCode, regionCode)) throw new AppError('USERS_REGION_OUT_OF_SCOPE', 403, { regionCode });
  if (!(await repo.regionExists(deps.db, regionCode))) throw new AppError('USERS_REGION_UNKNOWN', 400, { regionCode });
}

export function createUsersService(deps: UsersDeps) {
  const { db } = deps;

  async function mustFind(actor: Actor, id: number): Promise<UserRow> {
    const user = await repo.findInScope(db, id, actor.scope);
    if (!user) throw new AppError('USERS_NOT_FOUND', 404);
    return user;
  }

  return {
    list: (actor: Actor, q: { q?: string; page: number; pageSize: number }) =>
      repo.search(db, { scope: actor.scope, q: q.q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),

    get: mustFind,

    /** A user of the actor's jurisdiction by user name (the command line names users, the API numbers them). */
    async getByUsername(actor: Actor, username: string): Promise<UserRow> {
      const user = await repo.findByUsername(db, username);
      if (!user || !inScope(actor.regionCode, user.regionCode)) throw new AppError('USERS_NOT_FOUND', 404);
      return user;
    },

    async create(
      actor: Actor,
      ip: string | null,
      input: { username: string; displayName: string; password: string; roles: Role[]; regionCode: string },
    ): Promise<UserRow> {
      assertGrantable(actor, input.roles);
      await assertRegion(deps, actor, input.regionCode);
      const violation = checkPasswordPolicy(input.password, deps.passwordPolicy, input.username);
      if (violation) throw new AppError('AUTH_PASSWORD_POLICY', 400, { ...violation });
      const passwordHash = await hashPassword(input.password);
      const id = await db.transaction(async (tx) => {
        if (await repo.findByUsername(tx, input.username)) throw new AppError('USERS_USERNAME_TAKEN', 409, { username: input.username });
        const newId = await repo.insert(tx, { ...input, passwordHash, mustChangePassword: true });
        const { passwordHash: _h, password: _p, ...rest } = { ...input, passwordHash };
        await appendAudit(tx, contextOf(actor, ip), {
          action: 'user.create', entityType: 'user', entityId: newId, regionCode: input.regionCode, after: rest,
        });
        return newId;
      });
      return mustFind(actor, id);
    },

    async update(
      actor: Actor,
      ip: string | null,
      id: number,
      patch: { displayName?: string; roles?: Role[]; regionCode?: string },
    ): Promise<UserRow> {
      if (patch.roles) assertGrantable(actor, patch.roles);
      if (patch.regionCode) await assertRegion(deps, actor, patch.regionCode);
      await db.transaction(async (tx) => {
        const before = await repo.findInScope(tx, id, actor.scope, true);
        if (!before) throw new AppError('USERS_NOT_FOUND', 404);
        // Changing an administrator's roles is itself a privileged act.
        if (before.roles.some((r) => PRIVILEGED_ROLES.includes(r))) assertGrantable(actor, before.roles);
        await repo.update(tx, id, patch);
        const after = (await repo.findInScope(tx, id, actor.scope))!;
        await appendAudit(tx, contextOf(actor, ip), {
          action: 'user.update', entityType: 'user', entityId: id, regionCode: after.regionCode,
          before: auditView(before), after: auditView(after),
        });
      });
      return mustFind(actor, id);
    },

    async setLocked(actor: Actor, ip: string | null, id: number, locked: boolean, revokeSessions: (userId: number) => Promise<void>): Promise<UserRow> {
      if (locked && id === actor.userId && !operators.has(actor)) throw new AppError('USERS_SELF_LOCK', 400);
      await db.transaction(async (tx) => {
        const before = await repo.findInScope(tx, id, actor.scope, true);
        if (!before) throw new AppError('USERS_NOT_FOUND', 404);
        if (before.roles.some((r) => PRIVILEGED_ROLES.includes(r))) assertGrantable(actor, before.roles);
        await repo.update(tx, id, locked ? { locked: true } : { locked: false, lockedUntil: null, failedAttempts: 0 });
        await appendAudit(tx, contextOf(actor, ip), {
          action: locked ? 'user.lock' : 'user.unlock', entityType: 'user', entityId: id, regionCode: before.regionCode,
          before: { locked: before.locked, lockedUntil: before.lockedUntil }, after: { locked, lockedUntil: null },
        });
      });
      if (locked) await revokeSessions(id);
      return mustFind(actor, id);
    },

    async resetPassword(actor: Actor, ip: string | null, id: number, password: string, revokeSessions: (userId: number) => Promise<void>): Promise<void> {
      const target = await mustFind(actor, id);
      if (target.roles.some((r) => PRIVILEGED_ROLES.includes(r))) assertGrantable(actor, target.roles);
      const violation = checkPasswordPolicy(password, deps.passwordPolicy, target.username);
      if (violation) throw new AppError('AUTH_PASSWORD_POLICY', 400, { ...violation });
      const passwordHash = await hashPassword(password);
      await db.transaction(async (tx) => {
        await repo.update(tx, id, { passwordHash, mustChangePassword: true, failedAttempts: 0, lockedUntil: null });
        await appendAudit(tx, contextOf(actor, ip), {
          action: 'user.reset_password', entityType: 'user', entityId: id, regionCode: target.regionCode,
        });
      });
      await revokeSessions(id);
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
