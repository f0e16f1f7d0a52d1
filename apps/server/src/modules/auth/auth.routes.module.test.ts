import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, PASSWORD, call, createTestApp, givenUser, signIn, type TestContext } from '../../test/harness.ts';

// One database for the file; each case signs in accounts of its own (givenUser), so a failure count, a lock
// or a changed password never leaks into the next case.
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_RATE_LIMIT_PER_MINUTE: '50' });
});
afterAll(() => t.close());

const cityAdmin = () => givenUser(t, { roles: ['city_admin'], regionCode: FIXTURE.city, prefix: 'alice' });
const viewerOfB = (opts: { mustChangePassword?: boolean } = {}) => givenUser(t, { roles: ['viewer'], regionCode: FIXTURE.countyB, prefix: 'bob', ...opts });

const lastAudit = async (action: string) =>
  (await t.db.query<{ actor: string; outcome: string; after: Record<string, unknown> | null }>(
    'SELECT actor, outcome, after FROM audit_log WHERE action = $1 ORDER BY seq DESC LIMIT 1', [action])).rows[0];

describe('sign-in', () => {
  it('sets an httpOnly, SameSite=Strict session cookie and audits the success', async () => {
    const { username } = await cityAdmin();
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'civdef_sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(res.json().user).toMatchObject({ username, regionCode: FIXTURE.city, regionName: '南通市', mustChangePassword: false });
    expect(res.json().user.permissions).toContain('users:write');
    expect(await lastAudit('auth.login')).toMatchObject({ actor: username, outcome: 'success' });
  });

  it('refuses a wrong password with 401 in the caller language and audits the failure', async () => {
    const { username } = await cityAdmin();
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en' }, payload: { username, password: 'nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ code: 'AUTH_INVALID_CREDENTIALS', message: 'Wrong user name or password' });
    const zh = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'nope' } });
    expect(zh.json().message).toBe('用户名或密码错误');
    expect(await lastAudit('auth.login')).toMatchObject({ actor: 'nobody', outcome: 'failure' });
  });

  it('slows repeated failures down instead of locking the account: a live session of the account stays', async () => {
    const bob = await viewerOfB();
    const session = await signIn(t.app, bob.username);
    const attacker = { remoteAddress: '10.9.9.9' };
    // LOGIN_MAX_FAILURES=3 in this file: the third failure used to lock the account (423) and end its sessions.
    for (let i = 0; i < 3; i++) {
      expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', ...attacker, payload: { username: bob.username, password: 'wrong' } })).statusCode).toBe(401);
    }
    const next = await t.app.inject({ method: 'POST', url: '/api/auth/login', ...attacker, payload: { username: bob.username, password: PASSWORD } });
    expect(next.statusCode).toBe(429);
    expect(next.json().code).toBe('AUTH_THROTTLED');
    expect(Number(next.headers['retry-after'])).toBeGreaterThan(0);
    expect((await call(t.app, session, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    expect(await lastAudit('auth.login')).toMatchObject({ actor: bob.username, outcome: 'failure', after: { reason: 'throttled' } });
  });

  it('issues a sign-in challenge for any name, audited', async () => {
    const res = await call(t.app, null, { method: 'POST', url: '/api/auth/challenge', payload: { username: 'no-such-user' } });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(['algorithm', 'bits', 'expiresAt', 'id']);
    expect(await lastAudit('auth.challenge')).toMatchObject({ actor: 'no-such-user', outcome: 'success' });
  });

  it('names the missing field when the body is malformed', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en' }, payload: { username: 'someone' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().message).toContain('password');
    const bad = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username": ' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('sessions', () => {
  it('requires a CSRF token on writes', async () => {
    const s = await signIn(t.app, (await cityAdmin()).username);
    const res = await call(t.app, s, { method: 'POST', url: '/api/auth/logout', headers: { 'x-csrf-token': 'forged' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('AUTH_CSRF_INVALID');
    const ok = await call(t.app, s, { method: 'POST', url: '/api/auth/logout' });
    expect(ok.statusCode).toBe(204);
    // Revoked: the same cookie no longer works.
    expect((await call(t.app, s, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('ends a session that was idle too long', async () => {
    const bob = await viewerOfB();
    const s = await signIn(t.app, bob.username);
    expect((await call(t.app, s, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    await t.db.query(`UPDATE user_session SET last_seen_at = now() - interval '31 minutes' WHERE user_id = $1`, [bob.id]);
    expect((await call(t.app, s, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('ends a session at its absolute limit however active', async () => {
    const bob = await viewerOfB();
    const s = await signIn(t.app, bob.username);
    expect((await call(t.app, s, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    await t.db.query(`UPDATE user_session SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND revoked_at IS NULL`, [bob.id]);
    expect((await call(t.app, s, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('answers "no session" as 200 with null, and a live session (even one that must change its password) with the user', async () => {
    const none = await call(t.app, null, { method: 'GET', url: '/api/auth/session' });
    expect(none.statusCode).toBe(200);
    expect(none.json()).toEqual({ session: null });
    const stale = await t.app.inject({ method: 'GET', url: '/api/auth/session', cookies: { civdef_sid: 'not-a-session' } });
    expect(stale.json()).toEqual({ session: null });
    const dave = await viewerOfB({ mustChangePassword: true });
    const s = await signIn(t.app, dave.username);
    const live = await call(t.app, s, { method: 'GET', url: '/api/auth/session' });
    expect(live.statusCode).toBe(200);
    expect(live.json().session.user).toMatchObject({ username: dave.username, mustChangePassword: true });
    expect(live.json().session.csrfToken).toBe(s.csrf);
  });

  it('refuses unauthenticated calls to protected routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/users' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_REQUIRED');
  });
});

describe('forced password change', () => {
  it('blocks everything but the change until the password is changed', async () => {
    const dave = await viewerOfB({ mustChangePassword: true });
    const s = await signIn(t.app, dave.username);
    const me = await call(t.app, s, { method: 'GET', url: '/api/auth/me' });
    expect(me.json().user.mustChangePassword).toBe(true);
    const blocked = await call(t.app, s, { method: 'GET', url: '/api/map/works' });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');

    const weak = await call(t.app, s, { method: 'POST', url: '/api/auth/password', headers: { 'accept-language': 'en' }, payload: { currentPassword: PASSWORD, newPassword: 'short' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ code: 'AUTH_PASSWORD_POLICY' });
    expect(weak.json().message).toContain('at least 12');
    const same = await call(t.app, s, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: PASSWORD, newPassword: PASSWORD } });
    expect(same.json().code).toBe('AUTH_PASSWORD_REUSED');

    const changed = await call(t.app, s, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: PASSWORD, newPassword: 'Another-Good-Pass-9' } });
    expect(changed.statusCode).toBe(204);
    // The old session is ended; the new cookie works and is no longer restricted.
    expect((await call(t.app, s, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const fresh = await signIn(t.app, dave.username, 'Another-Good-Pass-9');
    expect((await call(t.app, fresh, { method: 'GET', url: '/api/map/works' })).statusCode).toBe(200);
    expect(await lastAudit('auth.change_password')).toMatchObject({ actor: dave.username, outcome: 'success' });
  });
});

describe('rate limit', () => {
  it('answers 429 after too many sign-in attempts from one address', async () => {
    const limited = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        // A name per attempt, so the per-name throttle stays out of the way of the address's rate limit.
        codes.push((await limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `x${i}`, password: 'y' } })).statusCode);
      }
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes[4]).toBe(429);
      expect((await limited.db.query('SELECT 1 FROM login_throttle WHERE blocked_until IS NOT NULL')).rows).toHaveLength(0);
    } finally {
      await limited.close();
    }
  });
});

describe('user lock', () => {
  it('a locked account cannot sign in and its session ends', async () => {
    const admin = await signIn(t.app, (await cityAdmin()).username);
    const erin = await viewerOfB();
    const session = await signIn(t.app, erin.username);
    expect((await call(t.app, admin, { method: 'POST', url: `/api/users/${erin.id}/lock` })).statusCode).toBe(200);
    // Revoked in the lock's own transaction, not by a request that could be lost after it.
    const live = await t.db.query('SELECT 1 FROM user_session WHERE user_id = $1 AND revoked_at IS NULL', [erin.id]);
    expect(live.rows).toHaveLength(0);
    expect((await call(t.app, session, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: erin.username, password: PASSWORD } });
    expect(res.statusCode).toBe(423);
    expect((await call(t.app, admin, { method: 'POST', url: `/api/users/${erin.id}/unlock` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: erin.username, password: PASSWORD } })).statusCode).toBe(200);
  });

  // Sessions read on the embedded database are reused while nothing was written (auth.service `findSession`):
  // each change below must reach the very next request of a session that was just used.
  it('a session just used sees its account\'s lock, new jurisdiction and sign-out on its very next request', async () => {
    const admin = await signIn(t.app, (await cityAdmin()).username);
    const frank = await viewerOfB();
    const session = await signIn(t.app, frank.username);
    const me = () => call(t.app, session, { method: 'GET', url: '/api/auth/me' });
    for (let i = 0; i < 3; i++) expect((await me()).json().user.regionCode).toBe(FIXTURE.countyB);
    expect((await call(t.app, admin, { method: 'PATCH', url: `/api/users/${frank.id}`, payload: { regionCode: FIXTURE.countyA } })).statusCode).toBe(200);
    expect((await me()).json().user.regionCode).toBe(FIXTURE.countyA);
    expect((await call(t.app, session, { method: 'GET', url: '/api/works?pageSize=500' })).json().items
      .every((w: { regionCode: string }) => w.regionCode.startsWith(FIXTURE.countyA))).toBe(true);
    // A lock written straight into the database (as a restore or an operator's SQL would) counts as much.
    await me();
    await t.db.query('UPDATE app_user SET locked = true WHERE id = $1', [frank.id]);
    expect((await me()).statusCode).toBe(401);
    await t.db.query('UPDATE app_user SET locked = false WHERE id = $1', [frank.id]);
    const again = await signIn(t.app, frank.username);
    expect((await call(t.app, again, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await call(t.app, again, { method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    expect((await call(t.app, again, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });
});
