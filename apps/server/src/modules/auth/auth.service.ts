/**
 * Sign-in, sessions and the caller's own password. Sessions are random tokens whose SM3 hash is stored;
 * every attempt is audited, and repeated failures lock the account for a while.
 */
import { permissionsOf, scopePrefix, type Permission } from '@civdef/domain';
import type { Config } from '../../config.ts';
import type { Database, Queryable } from '../../db/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { randomToken, sm3Hex } from '../../lib/crypto.ts';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/events.ts';
import { burnVerifyTime, checkPasswordPolicy, hashPassword, verifyPassword } from '../../lib/password.ts';
import { appendAudit } from '../audit/index.ts';
import type { UsersService } from '../users/index.ts';
import { AuthErrors as E } from './auth.errors.ts';
import * as sessions from './auth.repository.ts';

export interface AuthDeps {
  db: Database;
  config: Pick<Config, 'session' | 'login' | 'password'>;
  /** The accounts: sign-in reads their credentials and keeps their failure count. */
  users: Pick<UsersService, 'findAccount' | 'updateAccount'>;
  /**
   * The bus the users service emits on. The service subscribes when it is built, not in the module's plugin:
   * every process that locks or resets an account (the app, the CLI) builds this service, and none of them
   * may leave the account's sessions alive.
   */
  events: EventBus;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Touch last_seen_at at most this often: idle time-outs stay accurate without a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface AuthService {
  /**
   * Checks a password and opens a session. Every attempt, good or bad, is audited; failures count
   * towards the lock-out, committed before the error reaches the client.
   */
  login(username: string, password: string, ip: string | null, userAgent: string | null): Promise<NewSession>;
  logout(actor: Actor, ip: string | null): Promise<void>;
  /** Changes the caller's password, ends every session of theirs and opens a fresh one. */
  changePassword(actor: Actor, currentPassword: string, newPassword: string, ip: string | null, userAgent: string | null): Promise<NewSession>;
  /** The actor behind a session cookie, or null when the session is unknown, revoked, idle too long, expired or locked. */
  resolveSession(token: string): Promise<Actor | null>;
}

export function createAuthService(deps: AuthDeps): AuthService {
  const { db, config, users, events } = deps;
  // Ended in the transaction of the lock or reset: it never commits with the sessions still live.
  const endSessions = async ({ userId }: { userId: number }, { tx }: { tx: Queryable }) => {
    await sessions.revokeAllSessions(tx, userId);
  };
  events.on('user.locked', endSessions);
  events.on('user.password_reset', endSessions);

  async function openSession(userId: number, ip: string | null, userAgent: string | null, q: Queryable = db): Promise<NewSession> {
    const token = randomToken(32);
    const csrfToken = randomToken(24);
    const expiresAt = new Date(Date.now() + config.session.absoluteHours * 3_600_000);
    await sessions.insertSession(q, { tokenHash: sm3Hex(token), userId, csrfToken, expiresAt, ip, userAgent });
    return { token, csrfToken, expiresAt };
  }

  return {
    async login(username: string, password: string, ip: string | null, userAgent: string | null): Promise<NewSession> {
      const user = await users.findAccount(username);
      const ctx = { actorId: user?.id ?? null, actor: username.slice(0, 64), ip };
      const fail = async (reason: string, error: AppError) => {
        await db.transaction((tx) =>
          appendAudit(tx, ctx, { action: 'auth.login', entityType: 'user', entityId: user?.id ?? null, outcome: 'failure', after: { reason } }),
        );
        throw error;
      };
      if (!user) {
        await burnVerifyTime(password);
        return fail('unknown_user', new AppError(E.AUTH_INVALID_CREDENTIALS, 401));
      }
      const now = Date.now();
      if (user.locked) return fail('locked', new AppError(E.AUTH_ACCOUNT_LOCKED, 423));
      if (user.lockedUntil && user.lockedUntil.getTime() > now) {
        return fail('locked_out', new AppError(E.AUTH_ACCOUNT_LOCKED, 423, { until: user.lockedUntil.toISOString() }));
      }
      if (!(await verifyPassword(user.passwordHash, password))) {
        const failures = user.failedAttempts + 1;
        const lockNow = failures >= config.login.maxFailures;
        const lockedUntil = lockNow ? new Date(now + config.login.lockMinutes * 60_000) : null;
        await db.transaction(async (tx) => {
          await users.updateAccount(tx, user.id, { failedAttempts: lockNow ? 0 : failures, lockedUntil });
          await appendAudit(tx, ctx, {
            action: 'auth.login', entityType: 'user', entityId: user.id, outcome: 'failure',
            after: { reason: 'bad_password', failures, lockedUntil },
          });
        });
        throw lockNow
          ? new AppError(E.AUTH_ACCOUNT_LOCKED, 423, { until: lockedUntil!.toISOString() })
          : new AppError(E.AUTH_INVALID_CREDENTIALS, 401);
      }
      return db.transaction(async (tx) => {
        await users.updateAccount(tx, user.id, { failedAttempts: 0, lockedUntil: null, lastLoginAt: new Date(now) });
        const session = await openSession(user.id, ip, userAgent, tx);
        await appendAudit(tx, ctx, { action: 'auth.login', entityType: 'user', entityId: user.id, outcome: 'success' });
        return session;
      });
    },

    async logout(actor: Actor, ip: string | null): Promise<void> {
      await db.transaction(async (tx) => {
        await sessions.revokeSession(tx, actor.sessionTokenHash);
        await appendAudit(tx, { actorId: actor.userId, actor: actor.username, ip }, { action: 'auth.logout', entityType: 'user', entityId: actor.userId });
      });
    },

    async changePassword(actor: Actor, currentPassword: string, newPassword: string, ip: string | null, userAgent: string | null): Promise<NewSession> {
      const user = await users.findAccount(actor.username);
      if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) throw new AppError(E.AUTH_PASSWORD_WRONG, 400);
      if (currentPassword === newPassword) throw new AppError(E.AUTH_PASSWORD_REUSED, 400);
      const violation = checkPasswordPolicy(newPassword, config.password, user.username);
      if (violation) throw new AppError('AUTH_PASSWORD_POLICY', 400, { ...violation });
      const passwordHash = await hashPassword(newPassword);
      return db.transaction(async (tx) => {
        await users.updateAccount(tx, user.id, { passwordHash, mustChangePassword: false });
        await sessions.revokeAllSessions(tx, user.id);
        const session = await openSession(user.id, ip, userAgent, tx);
        await appendAudit(tx, { actorId: user.id, actor: user.username, ip }, {
          action: 'auth.change_password', entityType: 'user', entityId: user.id, regionCode: user.regionCode,
        });
        return session;
      });
    },

    async resolveSession(token: string): Promise<Actor | null> {
      const tokenHash = sm3Hex(token);
      const s = await sessions.findLiveSession(db, tokenHash);
      if (!s) return null;
      const now = Date.now();
      const idleLimit = s.lastSeenAt.getTime() + config.session.idleMinutes * 60_000;
      const lockedOut = s.locked || (s.lockedUntil !== null && s.lockedUntil.getTime() > now);
      if (s.expiresAt.getTime() <= now || idleLimit <= now || lockedOut) {
        await sessions.revokeSession(db, tokenHash);
        return null;
      }
      if (now - s.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) await sessions.touchSession(db, tokenHash);
      return {
        userId: s.userId,
        username: s.username,
        displayName: s.displayName,
        roles: s.roles,
        permissions: new Set<Permission>(permissionsOf(s.roles)),
        regionCode: s.regionCode,
        scope: scopePrefix(s.regionCode),
        mustChangePassword: s.mustChangePassword,
        sessionTokenHash: tokenHash,
        csrfToken: s.csrfToken,
      };
    },
  };
}

