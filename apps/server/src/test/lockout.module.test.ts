/**
 * The automatic lock-out after repeated wrong passwords lasts LOGIN_LOCK_MINUTES and then ends by
 * itself: the right password works again and the failure count starts afresh. The clock is moved by
 * putting locked_until in the past through SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, PASSWORD, createTestApp, givenUser, type TestContext } from './harness.ts';

const MAX_FAILURES = 3;
const LOCK_MINUTES = 7;
let t: TestContext;

beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_FAILURES: String(MAX_FAILURES), LOGIN_LOCK_MINUTES: String(LOCK_MINUTES) });
});
afterAll(() => t.close());

/** An account of its own for each case: a lock-out left by one case never meets the next. */
const someone = async () => (await givenUser(t, { roles: ['viewer'], regionCode: FIXTURE.countyA })).username;

const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en' }, payload: { username, password } });
const state = async (username: string) =>
  (await t.db.query<{ locked_until: Date | null; failed_attempts: number; locked: boolean }>(
    'SELECT locked_until, failed_attempts, locked FROM app_user WHERE username = $1', [username])).rows[0]!;
const expireLock = (username: string) => t.db.query(`UPDATE app_user SET locked_until = now() - interval '1 second' WHERE username = $1`, [username]);

async function lockOut(username: string): Promise<void> {
  for (let i = 1; i < MAX_FAILURES; i++) expect((await login(username, 'wrong-password')).statusCode).toBe(401);
  const last = await login(username, 'wrong-password');
  expect(last.statusCode).toBe(423);
  expect(last.json().code).toBe('AUTH_ACCOUNT_LOCKED');
}

describe('lock-out after failed sign-ins', () => {
  it('holds for LOGIN_LOCK_MINUTES, then lets the right password in again', async () => {
    const dave = await someone();
    const before = Date.now();
    await lockOut(dave);
    const locked = await state(dave);
    const lockedFor = locked.locked_until!.getTime() - before;
    expect(lockedFor).toBeGreaterThan((LOCK_MINUTES - 1) * 60_000);
    expect(lockedFor).toBeLessThanOrEqual(LOCK_MINUTES * 60_000 + 30_000);
    const refused = await login(dave, PASSWORD);
    expect(refused.statusCode).toBe(423);
    expect(refused.json().message).toContain(locked.locked_until!.toISOString());

    await expireLock(dave);
    const res = await login(dave, PASSWORD);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user.username).toBe(dave);
    expect(await state(dave)).toMatchObject({ locked_until: null, failed_attempts: 0, locked: false });
  });

  it('counts failures afresh once the lock has expired', async () => {
    const erin = await someone();
    await lockOut(erin);
    await expireLock(erin);
    // A wrong password right after the lock ends is one failure, not an instant new lock.
    for (let i = 1; i < MAX_FAILURES; i++) expect((await login(erin, 'wrong-password')).statusCode).toBe(401);
    expect((await login(erin, 'wrong-password')).statusCode).toBe(423);
    await expireLock(erin);
    expect((await login(erin, PASSWORD)).statusCode).toBe(200);
  });

  it('does not end a lock set by an administrator', async () => {
    const frank = await someone();
    await t.db.query(`UPDATE app_user SET locked = true, locked_until = now() - interval '1 hour' WHERE username = $1`, [frank]);
    const res = await login(frank, PASSWORD);
    expect(res.statusCode).toBe(423);
    expect(res.json().message).toBe('Account locked by an administrator');
  });
});
