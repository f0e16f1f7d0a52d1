/**
 * User administration: accounts, roles and jurisdictions. Every change runs in one transaction with its
 * audit row; a lock or a password reset emits an event in that transaction so the auth module ends the
 * account's sessions before it commits.
 */
import { PERMISSIONS, PRIVILEGED_ROLES, ROLE_DEFINITIONS, inScope, scopePrefix, type Role } from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor, type AuditContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/events.ts';
import { checkPasswordPolicy, hashPassword, type PasswordPolicy } from '../../lib/password.ts';
import { appendAudit } from '../audit/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { UsersErrors as E } from './users.errors.ts';
import './users.events.ts';
import { auditView } from './users.presenter.ts';
import * as repo from './users.repository.ts';
import type { UserRow } from './users.repository.ts';

export type { UserRow };

export interface UsersDeps {
  db: Database;
  events: EventBus;
  regions: Pick<RegionsService, 'unknownCodes'>;
  passwordPolicy: PasswordPolicy;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  regionCode: string;
}

/** A new account whose password the caller already hashed (first start, the CLI, test fixtures). */
export interface NewAccount extends Omit<NewUser, 'password'> {
  passwordHash: string;
  mustChangePassword: boolean;
}

/**
 * What the sign-in may change on an account: its last sign-in, its password. Failures are no longer kept on the
 * account (the auth module throttles by name and address), so no failed attempt can lock it.
 */
export type AccountPatch = Partial<{ lastLoginAt: Date; passwordHash: string; mustChangePassword: boolean }>;

export interface UsersService {
  // For the users routes: the actor's jurisdiction bounds every read and write.
  list(actor: Actor, q: { q?: string; page: number; pageSize: number }): Promise<{ items: UserRow[]; total: number }>;
  get(actor: Actor, id: number): Promise<UserRow>;
  create(actor: Actor, ip: string | null, input: NewUser): Promise<UserRow>;
  update(actor: Actor, ip: string | null, id: number, patch: { displayName?: string; roles?: Role[]; regionCode?: string }): Promise<UserRow>;
  setLocked(actor: Actor, ip: string | null, id: number, locked: boolean): Promise<UserRow>;
  resetPassword(actor: Actor, ip: string | null, id: number, password: string): Promise<void>;

  // For other modules and the operator (no jurisdiction: the caller is the platform itself).
  count(): Promise<number>;
  /** Creates an account and audits it under `ctx`; refuses a taken name, an unknown role or region. */
  createAccount(ctx: AuditContext, input: NewAccount): Promise<number>;
  /** The account with its credentials (password hash, failure count), read through `q`. */
  findAccount(username: string, q?: Queryable): Promise<UserRow | null>;
  /** Sign-in bookkeeping inside the auth module's transaction `tx`; the caller audits. */
  updateAccount(tx: Queryable, id: number, patch: AccountPatch): Promise<void>;
  /** A user of the actor's jurisdiction by user name (the command line names users, the API numbers them). */
  getByUsername(actor: Actor, username: string): Promise<UserRow>;
}

// Actors made by `operatorActor`: they have no account, so their audit rows carry no actor id.
const operators = new WeakSet<Actor>();

/**
 * The operator at the machine (the `civdef user …` commands): a system administrator of the installation's
 * city with no account of their own, who goes through the same service methods as the console. Audit rows
 * name them (`cli:<os user>`) with no actor id, as the first start is recorded.
 *
 * @example
 * await users.setLocked(operatorActor('cli:ops', '320600'), null, id, true);
 */
export function operatorActor(name: string, cityCode: string): Actor {
  const actor: Actor = {
    userId: 0, username: name, displayName: name, roles: ['system_admin'], permissions: new Set(PERMISSIONS),
    regionCode: cityCode, scope: scopePrefix(cityCode), mustChangePassword: false, sessionTokenHash: '', csrfToken: '',
  };
  operators.add(actor);
  return actor;
}

const contextOf = (actor: Actor, ip: string | null): AuditContext =>
  operators.has(actor) ? { actorId: null, actor: actor.username, ip } : auditContextOf(actor, ip);

const isPrivileged = (u: UserRow) => u.roles.some((r) => PRIVILEGED_ROLES.includes(r));

/** Every role must exist; `field` names where the list came from (`roles`). */
function assertKnownRoles(roles: readonly string[], field = 'roles'): void {
  roles.forEach((role, i) => {
    if (!(role in ROLE_DEFINITIONS)) throw new AppError(E.USERS_ROLE_UNKNOWN, 400, { field: `${field}[${i}]`, role });
  });
}

function assertGrantable(actor: Actor, roles: readonly Role[]): void {
  assertKnownRoles(roles);
  // Only a system administrator may create other administrators of city rank or above.
  for (const role of roles) {
    if (PRIVILEGED_ROLES.includes(role) && !actor.roles.includes('system_admin')) throw new AppError(E.USERS_ROLE_NOT_GRANTABLE, 403, { role });
  }
}

export function createUsersService({ db, events, regions, passwordPolicy }: UsersDeps): UsersService {
  async function assertRegionExists(regionCode: string, q: Queryable = db): Promise<void> {
    if ((await regions.unknownCodes([regionCode], q)).length > 0) throw new AppError(E.USERS_REGION_UNKNOWN, 400, { regionCode });
  }

  async function assertRegion(actor: Actor, regionCode: string): Promise<void> {
    if (!inScope(actor.regionCode, regionCode)) throw new AppError(E.USERS_REGION_OUT_OF_SCOPE, 403, { regionCode });
    await assertRegionExists(regionCode);
  }

  function assertPolicy(password: string, username: string): void {
    const violation = checkPasswordPolicy(password, passwordPolicy, username);
    if (violation) throw new AppError('AUTH_PASSWORD_POLICY', 400, { ...violation });
  }

  async function mustFind(actor: Actor, id: number): Promise<UserRow> {
    const user = await repo.findInScope(db, id, actor.scope);
    if (!user) throw new AppError(E.USERS_NOT_FOUND, 404);
    return user;
  }

  async function insertAudited(tx: Queryable, ctx: AuditContext, input: NewAccount): Promise<number> {
    if (await repo.findByUsername(tx, input.username)) throw new AppError(E.USERS_USERNAME_TAKEN, 409, { username: input.username });
    const id = await repo.insert(tx, input);
    const { username, displayName, roles, regionCode } = input;
    await appendAudit(tx, ctx, { action: 'user.create', entityType: 'user', entityId: id, regionCode, after: { username, displayName, roles, regionCode } });
    return id;
  }

  /** A lock (or unlock) with its audit row; a lock ends the sessions in the same transaction. */
  async function lockAudited(tx: Queryable, ctx: AuditContext, before: UserRow, locked: boolean): Promise<void> {
    await repo.update(tx, before.id, { locked });
    await appendAudit(tx, ctx, {
      action: locked ? 'user.lock' : 'user.unlock', entityType: 'user', entityId: before.id, regionCode: before.regionCode,
      before: { locked: before.locked }, after: { locked },
    });
    if (locked) await events.emit('user.locked', { userId: before.id }, { tx, audit: ctx });
  }

  async function resetAudited(tx: Queryable, ctx: AuditContext, target: UserRow, passwordHash: string): Promise<void> {
    await repo.update(tx, target.id, { passwordHash, mustChangePassword: true });
    await appendAudit(tx, ctx, { action: 'user.reset_password', entityType: 'user', entityId: target.id, regionCode: target.regionCode });
    await events.emit('user.password_reset', { userId: target.id }, { tx, audit: ctx });
  }

  return {
    list: (actor, q) => repo.search(db, { scope: actor.scope, q: q.q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),

    get: mustFind,

    async create(actor, ip, input) {
      assertGrantable(actor, input.roles);
      await assertRegion(actor, input.regionCode);
      assertPolicy(input.password, input.username);
      const passwordHash = await hashPassword(input.password);
      const { password: _p, ...account } = input;
      const id = await db.transaction((tx) => insertAudited(tx, contextOf(actor, ip), { ...account, passwordHash, mustChangePassword: true }));
      return mustFind(actor, id);
    },

    async update(actor, ip, id, patch) {
      if (patch.roles) assertGrantable(actor, patch.roles);
      if (patch.regionCode) await assertRegion(actor, patch.regionCode);
      await db.transaction(async (tx) => {
        const before = await repo.findInScope(tx, id, actor.scope, true);
        if (!before) throw new AppError(E.USERS_NOT_FOUND, 404);
        // Changing an administrator's roles is itself a privileged act.
        if (isPrivileged(before)) assertGrantable(actor, before.roles);
        await repo.update(tx, id, patch);
        const after = (await repo.findInScope(tx, id, actor.scope))!;
        await appendAudit(tx, contextOf(actor, ip), {
          action: 'user.update', entityType: 'user', entityId: id, regionCode: after.regionCode,
          before: auditView(before), after: auditView(after),
        });
      });
      return mustFind(actor, id);
    },

    async setLocked(actor, ip, id, locked) {
      if (locked && id === actor.userId) throw new AppError(E.USERS_SELF_LOCK, 400);
      await db.transaction(async (tx) => {
        const before = await repo.findInScope(tx, id, actor.scope, true);
        if (!before) throw new AppError(E.USERS_NOT_FOUND, 404);
        if (isPrivileged(before)) assertGrantable(actor, before.roles);
        await lockAudited(tx, contextOf(actor, ip), before, locked);
      });
      return mustFind(actor, id);
    },

    async resetPassword(actor, ip, id, password) {
      const target = await mustFind(actor, id);
      if (isPrivileged(target)) assertGrantable(actor, target.roles);
      assertPolicy(password, target.username);
      const passwordHash = await hashPassword(password);
      await db.transaction((tx) => resetAudited(tx, contextOf(actor, ip), target, passwordHash));
    },

    count: () => repo.count(db),

    async createAccount(ctx, input) {
      assertKnownRoles(input.roles);
      return db.transaction(async (tx) => {
        await assertRegionExists(input.regionCode, tx);
        return insertAudited(tx, ctx, input);
      });
    },

    findAccount: (username, q = db) => repo.findByUsername(q, username),

    updateAccount: (tx, id, patch) => repo.update(tx, id, patch),

    async getByUsername(actor, username) {
      const user = await repo.findByUsername(db, username);
      if (!user || !inScope(actor.regionCode, user.regionCode)) throw new AppError(E.USERS_NOT_FOUND, 404);
      return user;
    },
  };
}
