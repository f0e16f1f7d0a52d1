/** The only SQL of the users module (`app_user`). Reads in a jurisdiction take the caller's scope prefix. */
import type { Role } from '@civdef/domain';
import type { Queryable } from '../../db/index.ts';

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
  regionCode: string;
  regionName: string | null;
  mustChangePassword: boolean;
  locked: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
}

const SELECT_USER = `SELECT u.id, u.username, u.display_name AS "displayName", u.password_hash AS "passwordHash",
  u.roles, u.region_code AS "regionCode", r.name AS "regionName", u.must_change_password AS "mustChangePassword",
  u.locked,
  u.last_login_at AS "lastLoginAt", u.created_at AS "createdAt"
  FROM app_user u LEFT JOIN region r ON r.code = u.region_code`;

export async function findByUsername(db: Queryable, username: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`${SELECT_USER} WHERE u.username = $1`, [username]);
  return rows[0] ?? null;
}

/** A user inside `scope`, or null: a user of another jurisdiction does not exist for the caller. */
export async function findInScope(db: Queryable, id: number, scope: string, forUpdate = false): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(
    `${SELECT_USER} WHERE u.id = $1 AND u.region_code LIKE $2 || '%'${forUpdate ? ' FOR UPDATE OF u' : ''}`,
    [id, scope],
  );
  return rows[0] ?? null;
}

export async function count(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user');
  return rows[0]?.n ?? 0;
}

export async function search(
  db: Queryable,
  f: { scope: string; q?: string; limit: number; offset: number },
): Promise<{ items: UserRow[]; total: number }> {
  const params: unknown[] = [f.scope];
  let where = `u.region_code LIKE $1 || '%'`;
  if (f.q) {
    params.push(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where += ` AND (u.username ILIKE $2 OR u.display_name ILIKE $2)`;
  }
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM app_user u WHERE ${where}`, params);
  const { rows } = await db.query<UserRow>(
    `${SELECT_USER} WHERE ${where} ORDER BY u.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { items: rows, total: total.rows[0]?.n ?? 0 };
}

export async function insert(
  db: Queryable,
  u: { username: string; displayName: string; passwordHash: string; roles: Role[]; regionCode: string; mustChangePassword: boolean },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO app_user (username, display_name, password_hash, roles, region_code, must_change_password)
     VALUES ($1, $2, $3, $4::text[], $5, $6) RETURNING id`,
    [u.username, u.displayName, u.passwordHash, u.roles, u.regionCode, u.mustChangePassword],
  );
  return rows[0]!.id;
}

export async function update(
  db: Queryable,
  id: number,
  patch: Partial<{ displayName: string; roles: Role[]; regionCode: string; locked: boolean; passwordHash: string; mustChangePassword: boolean; lastLoginAt: Date }>,
): Promise<void> {
  const columns: Record<string, string> = {
    displayName: 'display_name',
    roles: 'roles',
    regionCode: 'region_code',
    locked: 'locked',
    passwordHash: 'password_hash',
    mustChangePassword: 'must_change_password',
    lastLoginAt: 'last_login_at',
  };
  const sets: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${columns[key]} = $${params.length}${key === 'roles' ? '::text[]' : ''}`);
  }
  if (patch.passwordHash) sets.push('password_changed_at = now()');
  if (sets.length === 0) return;
  params.push(id);
  await db.query(`UPDATE app_user SET ${sets.join(', ')}, updated_at = now() WHERE id = $${params.length}`, params);
}
