/**
 * The only SQL of the auth module: sessions (`user_session`), read with the account they belong to, and the
 * sign-in throttle (`login_throttle`, `login_failure`, `login_challenge`, keyed by the SM3 of the name as typed).
 */
import type { Role } from '@civdef/domain';
import type { Queryable } from '../../db/index.ts';

export interface SessionUserRow {
  tokenHash: string;
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
  userId: number;
  username: string;
  displayName: string;
  roles: Role[];
  regionCode: string;
  mustChangePassword: boolean;
  locked: boolean;
}

export async function insertSession(
  db: Queryable,
  s: { tokenHash: string; userId: number; csrfToken: string; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO user_session (token_hash, user_id, csrf_token, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)`,
    [s.tokenHash, s.userId, s.csrfToken, s.expiresAt, s.ip, s.userAgent],
  );
}

export async function findLiveSession(db: Queryable, tokenHash: string): Promise<SessionUserRow | null> {
  const { rows } = await db.query<SessionUserRow>(
    `SELECT s.token_hash AS "tokenHash", s.csrf_token AS "csrfToken", s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt",
            u.id AS "userId", u.username, u.display_name AS "displayName", u.roles, u.region_code AS "regionCode",
            u.must_change_password AS "mustChangePassword", u.locked
       FROM user_session s JOIN app_user u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.revoked_at IS NULL`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

export async function touchSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('UPDATE user_session SET last_seen_at = now() WHERE token_hash = $1', [tokenHash]);
}

export async function revokeSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('UPDATE user_session SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash]);
}

export async function revokeAllSessions(db: Queryable, userId: number): Promise<number> {
  const res = await db.query('UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
  return res.rowCount;
}

// --- sign-in throttle -------------------------------------------------------------------------------------

/** When the address may try the name again, or null when it need not wait. */
export async function blockedUntil(db: Queryable, accountKey: string, ip: string): Promise<Date | null> {
  const { rows } = await db.query<{ blockedUntil: Date | null }>(
    'SELECT blocked_until AS "blockedUntil" FROM login_throttle WHERE account_key = $1 AND ip = $2', [accountKey, ip]);
  return rows[0]?.blockedUntil ?? null;
}

/**
 * Counts one failure of the name from the address (starting afresh when the last one is older than `since`)
 * and returns the count. One statement, so two failures at once both count.
 */
export async function addAddressFailure(db: Queryable, accountKey: string, ip: string, now: Date, since: Date): Promise<number> {
  const { rows } = await db.query<{ failures: number }>(
    `INSERT INTO login_throttle (account_key, ip, failures, last_failure_at) VALUES ($1, $2, 1, $3)
     ON CONFLICT (account_key, ip) DO UPDATE
        SET failures = CASE WHEN login_throttle.last_failure_at < $4 THEN 1 ELSE login_throttle.failures + 1 END,
            last_failure_at = $3
     RETURNING failures`,
    [accountKey, ip, now, since],
  );
  return rows[0]!.failures;
}

export async function setBlockedUntil(db: Queryable, accountKey: string, ip: string, until: Date | null): Promise<void> {
  await db.query('UPDATE login_throttle SET blocked_until = $3 WHERE account_key = $1 AND ip = $2', [accountKey, ip, until]);
}

/** Forgets the failures of the name from the address: it signed in. */
export async function clearAddressFailures(db: Queryable, accountKey: string, ip: string): Promise<void> {
  await db.query('DELETE FROM login_throttle WHERE account_key = $1 AND ip = $2', [accountKey, ip]);
}

/** Counts one failure of the name from any address, as `addAddressFailure` does. */
export async function addAccountFailure(db: Queryable, accountKey: string, now: Date, since: Date): Promise<number> {
  const { rows } = await db.query<{ failures: number }>(
    `INSERT INTO login_failure (account_key, failures, last_failure_at) VALUES ($1, 1, $2)
     ON CONFLICT (account_key) DO UPDATE
        SET failures = CASE WHEN login_failure.last_failure_at < $3 THEN 1 ELSE login_failure.failures + 1 END,
            last_failure_at = $2
     RETURNING failures`,
    [accountKey, now, since],
  );
  return rows[0]!.failures;
}

/** Failures of the name from any address since `since` (0 when the last one is older). */
export async function accountFailures(db: Queryable, accountKey: string, since: Date): Promise<number> {
  const { rows } = await db.query<{ failures: number }>(
    'SELECT failures FROM login_failure WHERE account_key = $1 AND last_failure_at >= $2', [accountKey, since]);
  return rows[0]?.failures ?? 0;
}

/** Drops counters and challenges nobody can use any more, so a flood of made-up names leaves nothing behind. */
export async function pruneThrottle(db: Queryable, now: Date, since: Date): Promise<void> {
  await db.query('DELETE FROM login_throttle WHERE last_failure_at < $1 AND (blocked_until IS NULL OR blocked_until < $2)', [since, now]);
  await db.query('DELETE FROM login_failure WHERE last_failure_at < $1', [since]);
  await db.query('DELETE FROM login_challenge WHERE expires_at < $1', [now]);
}

export async function insertChallenge(db: Queryable, c: { id: string; accountKey: string; bits: number; expiresAt: Date }): Promise<void> {
  await db.query('INSERT INTO login_challenge (id, account_key, bits, expires_at) VALUES ($1, $2, $3, $4)', [c.id, c.accountKey, c.bits, c.expiresAt]);
}

/**
 * Marks the challenge used and returns its difficulty, or null when it does not exist, belongs to another
 * name, has expired or was used before. One statement: of two requests with the same solution, one wins.
 */
export async function consumeChallenge(db: Queryable, id: string, accountKey: string, now: Date): Promise<number | null> {
  const { rows } = await db.query<{ bits: number }>(
    `UPDATE login_challenge SET used_at = $3
      WHERE id = $1 AND account_key = $2 AND used_at IS NULL AND expires_at > $3
      RETURNING bits`,
    [id, accountKey, now],
  );
  return rows[0]?.bits ?? null;
}
