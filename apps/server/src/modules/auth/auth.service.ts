/**
 * Sign-in, sessions and the caller's own password. Sessions are random tokens whose SM3 hash is stored;
 * every attempt is audited. Repeated failures never lock the account nor end its sessions: they slow down
 * the address that makes them and, past a threshold, ask for a proof-of-work challenge (`auth.throttle.ts`).
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
import * as repo from './auth.repository.ts';
import { CHALLENGE_ALGORITHM, delaySeconds, solves } from './auth.throttle.ts';

export interface AuthDeps {
  db: Database;
  config: Pick<Config, 'session' | 'login' | 'password'>;
  /** The accounts: sign-in reads their credentials and records the last sign-in. */
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

/** Longest a resolved session is reused without asking the database again (see `findSession`). */
export const SESSION_CACHE_MS = 5_000;

/** Time to solve a challenge: minutes on the slowest office PC, short enough that a hoard of them goes stale. */
const CHALLENGE_TTL_MS = 5 * 60_000;

/** A proof-of-work puzzle: find a decimal `nonce` such that SHA-256(`${id}:${nonce}`) starts with `bits` zero bits. */
export interface Challenge {
  id: string;
  algorithm: typeof CHALLENGE_ALGORITHM;
  bits: number;
  expiresAt: Date;
}

/** A solved challenge, sent with the sign-in it is for. */
export interface ChallengeSolution {
  id: string;
  nonce: string;
}

/**
 * The key of a name in the throttle tables: the SM3 of the name as typed (after trimming and lower-casing),
 * known or not. A password typed into the name field is not stored in clear there.
 */
const accountKeyOf = (username: string) => sm3Hex(`civdef-login:${username}`);

export interface AuthService {
  /**
   * Checks a password and opens a session. Every attempt, good or bad, is audited; a failure is counted for
   * the name from this address and from anywhere, committed before the error reaches the client. Unknown
   * names, wrong passwords and a locked account with a wrong password get one answer (401
   * AUTH_INVALID_CREDENTIALS, after an Argon2 verification in every case); an address that kept failing for a
   * name gets 429 AUTH_THROTTLED (with `params.seconds`) before any password is checked; a name that kept
   * failing needs `challenge` (401 AUTH_CHALLENGE_REQUIRED / AUTH_CHALLENGE_FAILED). Only the right password
   * of an account an administrator locked learns 423 AUTH_ACCOUNT_LOCKED.
   */
  login(username: string, password: string, ip: string | null, userAgent: string | null, challenge?: ChallengeSolution): Promise<NewSession>;
  /** A fresh challenge for the name (known or not: the answer is the same). Audited, as part of a sign-in. */
  issueChallenge(username: string, ip: string | null): Promise<Challenge>;
  logout(actor: Actor, ip: string | null): Promise<void>;
  /** Changes the caller's password, ends every session of theirs and opens a fresh one. */
  changePassword(actor: Actor, currentPassword: string, newPassword: string, ip: string | null, userAgent: string | null): Promise<NewSession>;
  /** The actor behind a session cookie, or null when the session is unknown, revoked, idle too long, expired or its account locked. */
  resolveSession(token: string): Promise<Actor | null>;
}

export function createAuthService(deps: AuthDeps): AuthService {
  const { db, config, users, events } = deps;
  // Ended in the transaction of the lock or reset: it never commits with the sessions still live.
  const endSessions = async ({ userId }: { userId: number }, { tx }: { tx: Queryable }) => {
    await repo.revokeAllSessions(tx, userId);
  };
  events.on('user.locked', endSessions);
  events.on('user.password_reset', endSessions);

  // Every signed-in request resolves its cookie; on the embedded database that lookup queued on the one
  // connection behind everything else and was a third of a works-list request. Where this process is the
  // database's only writer (`writeEpoch`: the embedded database, whose directory is locked to one process), a
  // session read is reused while nothing at all has been written since — any sign-out, lock, reset, edit of an
  // account or touch of a session moves the epoch and the next request reads afresh — and for SESSION_CACHE_MS at
  // most. On PostgreSQL other servers and the CLI write too, and every request reads its session.
  const epochOf = db.writeEpoch;
  const remembered = new Map<string, { row: repo.SessionUserRow; epoch: number; at: number }>();
  async function findSession(tokenHash: string, now: number): Promise<repo.SessionUserRow | null> {
    if (!epochOf) return repo.findLiveSession(db, tokenHash);
    const epoch = epochOf();
    const hit = remembered.get(tokenHash);
    if (hit && hit.epoch === epoch && now - hit.at < SESSION_CACHE_MS) return hit.row;
    const row = await repo.findLiveSession(db, tokenHash);
    if (row) {
      // Bounded: past this many sessions start afresh (the entries are short-lived anyway).
      if (remembered.size >= 10_000) remembered.clear();
      // Under the epoch seen before the read: a write that finished meanwhile makes the entry stale at once.
      remembered.set(tokenHash, { row, epoch, at: now });
    } else remembered.delete(tokenHash);
    return row;
  }

  async function openSession(userId: number, ip: string | null, userAgent: string | null, q: Queryable = db): Promise<NewSession> {
    const token = randomToken(32);
    const csrfToken = randomToken(24);
    const expiresAt = new Date(Date.now() + config.session.absoluteHours * 3_600_000);
    await repo.insertSession(q, { tokenHash: sm3Hex(token), userId, csrfToken, expiresAt, ip, userAgent });
    return { token, csrfToken, expiresAt };
  }

  return {
    async login(username, password, ip, userAgent, challenge): Promise<NewSession> {
      const { login: rules } = config;
      const key = accountKeyOf(username);
      // Requests without an address (a unix socket) share one bucket rather than escaping the throttle.
      const addr = ip ?? '-';
      const now = new Date();
      const since = new Date(now.getTime() - rules.failureWindowMinutes * 60_000);
      const audited = async (user: { id: number } | null, reason: string, extra: Record<string, unknown> = {}) => {
        await db.transaction((tx) => appendAudit(tx, { actorId: user?.id ?? null, actor: username.slice(0, 64), ip }, {
          action: 'auth.login', entityType: 'user', entityId: user?.id ?? null, outcome: 'failure', after: { reason, ...extra },
        }));
      };

      // 1. An address that kept failing for this name waits, whatever the password: no hash is checked, so
      //    waiting is cheap for the server and the answer cannot tell a right password from a wrong one.
      const until = await repo.blockedUntil(db, key, addr);
      if (until && until.getTime() > now.getTime()) {
        const seconds = Math.ceil((until.getTime() - now.getTime()) / 1000);
        await audited(null, 'throttled', { seconds });
        throw new AppError(E.AUTH_THROTTLED, 429, { seconds });
      }

      // 2. A name that kept failing from anywhere needs a solved challenge, used up by this attempt.
      if ((await repo.accountFailures(db, key, since)) >= rules.challengeAfter) {
        if (!challenge) {
          await audited(null, 'challenge_required');
          throw new AppError(E.AUTH_CHALLENGE_REQUIRED, 401);
        }
        const bits = await db.transaction((tx) => repo.consumeChallenge(tx, challenge.id, key, now));
        if (bits === null || !solves(challenge.id, challenge.nonce, bits)) {
          await audited(null, 'challenge_failed');
          throw new AppError(E.AUTH_CHALLENGE_FAILED, 401);
        }
      }

      // 3. The password, verified with Argon2 for every name: an unknown one against a dummy hash, a locked
      //    account's too, so neither answers sooner than a real wrong password.
      const user = await users.findAccount(username);
      let good = false;
      if (user) good = await verifyPassword(user.passwordHash, password);
      else await burnVerifyTime(password);
      if (!user || !good) {
        await db.transaction(async (tx) => {
          const failures = await repo.addAddressFailure(tx, key, addr, now, since);
          const wait = delaySeconds(failures, rules);
          await repo.setBlockedUntil(tx, key, addr, wait > 0 ? new Date(now.getTime() + wait * 1000) : null);
          const accountFailures = await repo.addAccountFailure(tx, key, now, since);
          await repo.pruneThrottle(tx, now, since);
          await appendAudit(tx, { actorId: user?.id ?? null, actor: username.slice(0, 64), ip }, {
            action: 'auth.login', entityType: 'user', entityId: user?.id ?? null, outcome: 'failure',
            after: { reason: user ? 'bad_password' : 'unknown_user', failures, accountFailures, wait },
          });
        });
        throw new AppError(E.AUTH_INVALID_CREDENTIALS, 401);
      }

      // 4. The right password. An administrator's lock is said only now (common practice: whoever knows the
      //    password learns nothing new about the name, and the user learns to call the administrator).
      if (user.locked) {
        await audited(user, 'locked');
        throw new AppError(E.AUTH_ACCOUNT_LOCKED, 423);
      }
      return db.transaction(async (tx) => {
        // This address's failures for the name are forgiven; those from elsewhere keep asking for the challenge
        // until they age out, or a guesser's count would restart with every sign-in of the real user.
        await repo.clearAddressFailures(tx, key, addr);
        await users.updateAccount(tx, user.id, { lastLoginAt: now });
        const session = await openSession(user.id, ip, userAgent, tx);
        await appendAudit(tx, { actorId: user.id, actor: username.slice(0, 64), ip }, { action: 'auth.login', entityType: 'user', entityId: user.id, outcome: 'success' });
        return session;
      });
    },

    async issueChallenge(username, ip): Promise<Challenge> {
      const now = new Date();
      const challenge: Challenge = {
        id: randomToken(18), algorithm: CHALLENGE_ALGORITHM, bits: config.login.challengeBits, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
      };
      await db.transaction(async (tx) => {
        await repo.pruneThrottle(tx, now, new Date(now.getTime() - config.login.failureWindowMinutes * 60_000));
        await repo.insertChallenge(tx, { id: challenge.id, accountKey: accountKeyOf(username), bits: challenge.bits, expiresAt: challenge.expiresAt });
        // Part of a sign-in attempt, recorded like one (who asked to sign in as whom, from where).
        await appendAudit(tx, { actorId: null, actor: username.slice(0, 64), ip }, {
          action: 'auth.challenge', entityType: 'user', entityId: null, after: { bits: challenge.bits },
        });
      });
      return challenge;
    },

    async logout(actor: Actor, ip: string | null): Promise<void> {
      await db.transaction(async (tx) => {
        await repo.revokeSession(tx, actor.sessionTokenHash);
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
        await repo.revokeAllSessions(tx, user.id);
        const session = await openSession(user.id, ip, userAgent, tx);
        await appendAudit(tx, { actorId: user.id, actor: user.username, ip }, {
          action: 'auth.change_password', entityType: 'user', entityId: user.id, regionCode: user.regionCode,
        });
        return session;
      });
    },

    async resolveSession(token: string): Promise<Actor | null> {
      const tokenHash = sm3Hex(token);
      const now = Date.now();
      const s = await findSession(tokenHash, now);
      if (!s) return null;
      const idleLimit = s.lastSeenAt.getTime() + config.session.idleMinutes * 60_000;
      if (s.expiresAt.getTime() <= now || idleLimit <= now || s.locked) {
        await repo.revokeSession(db, tokenHash);
        return null;
      }
      if (now - s.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) await repo.touchSession(db, tokenHash);
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

