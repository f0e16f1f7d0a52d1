/** The only SQL of the auth module: sessions (`user_session`), read with the account they belong to. */
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
  lockedUntil: Date | null;
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
            u.must_change_password AS "mustChangePassword", u.locked, u.locked_until AS "lockedUntil"
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
