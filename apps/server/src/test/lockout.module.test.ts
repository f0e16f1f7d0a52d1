/**
 * Failed sign-ins are no weapon. They used to lock any account (the administrator's too) for everyone and end its
 * sessions, and a locked name answered 423 where an unknown one answered 401. Now they slow down the address
 * that makes them (429 with Retry-After, the wait doubling) and, past LOGIN_MAX_FAILURES for a name, ask every
 * address for a proof-of-work challenge; the answers are the same for every name, known or not; only an
 * administrator's lock keeps an account out, and says so only to the right password.
 *
 * Each case uses accounts and client addresses of its own; time is moved by editing the throttle rows through SQL.
 */
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sm3 } from 'sm-crypto-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, PASSWORD, call, createTestApp, givenUser, signIn, type TestContext } from './harness.ts';

const THROTTLE_AFTER = 3;
const CHALLENGE_AFTER = 5;
const BITS = 8;
let t: TestContext;

beforeAll(async () => {
  t = await createTestApp({
    LOGIN_THROTTLE_AFTER: String(THROTTLE_AFTER),
    LOGIN_THROTTLE_BASE_SECONDS: '2',
    LOGIN_THROTTLE_MAX_SECONDS: '60',
    LOGIN_MAX_FAILURES: String(CHALLENGE_AFTER),
    LOGIN_CHALLENGE_BITS: String(BITS),
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
  });
});
afterAll(() => t.close());

let addressSeq = 0;
/** A client address of its own for each use: a throttle left by one case never meets the next. */
const newAddress = () => `10.66.${Math.floor(++addressSeq / 250)}.${(addressSeq % 250) + 1}`;
const someone = async (roles: Parameters<typeof givenUser>[1] = {}) => givenUser(t, { roles: ['viewer'], regionCode: FIXTURE.countyA, ...roles });

interface Solution { id: string; nonce: string }
const login = (username: string, password: string, ip: string, challenge?: Solution) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, headers: { 'accept-language': 'en' }, payload: { username, password, ...(challenge ? { challenge } : {}) } });

/** What a client sees of an answer: status, body, and the wait. */
const seen = (res: LightMyRequestResponse) => ({ status: res.statusCode, body: res.json() as unknown, retryAfter: res.headers['retry-after'] ?? null });

/** Pretends the address has waited out its delay. */
const waitOut = (ip: string) => t.db.query(`UPDATE login_throttle SET blocked_until = now() - interval '1 second' WHERE ip = $1`, [ip]);

/** A name fails LOGIN_MAX_FAILURES times, each from an address of its own so no address is slowed down. */
async function failFromEverywhere(username: string): Promise<void> {
  for (let i = 0; i < CHALLENGE_AFTER; i++) expect((await login(username, 'wrong-password', newAddress())).statusCode).toBe(401);
}

async function getChallenge(username: string, ip: string): Promise<{ id: string; bits: number; algorithm: string }> {
  const res = await call(t.app, null, { method: 'POST', url: '/api/auth/challenge', remoteAddress: ip, payload: { username } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** What the console does: count up until SHA-256 of `id:nonce` starts with enough zero bits. */
function solve(id: string, bits: number): string {
  for (let n = 0; ; n++) {
    const digest = createHash('sha256').update(`${id}:${n}`).digest();
    let zeros = 0;
    for (const byte of digest) {
      zeros += byte === 0 ? 8 : Math.clz32(byte) - 24;
      if (byte !== 0) break;
    }
    if (zeros >= bits) return String(n);
  }
}

async function solved(username: string, ip: string): Promise<Solution> {
  const c = await getChallenge(username, ip);
  expect(c).toMatchObject({ algorithm: 'SHA-256', bits: BITS });
  return { id: c.id, nonce: solve(c.id, c.bits) };
}

describe('failed sign-ins are no weapon', () => {
  it("an attacker's wrong passwords neither keep the administrator out from another address nor end their session", async () => {
    const admin = await givenUser(t, { roles: ['system_admin'], regionCode: FIXTURE.city, prefix: 'admin' });
    const session = await signIn(t.app, admin.username);
    const attacker = newAddress();
    for (let i = 0; i < 12; i++) {
      await waitOut(attacker);
      const res = await login(admin.username, `guess-${i}`, attacker);
      expect([401, 429]).toContain(res.statusCode);
    }
    // The session lives on, and nothing marked the account.
    expect((await call(t.app, session, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    const live = await t.db.query('SELECT 1 FROM user_session WHERE user_id = $1 AND revoked_at IS NULL', [admin.id]);
    expect(live.rows.length).toBeGreaterThan(0);
    expect((await t.db.query<{ locked: boolean }>('SELECT locked FROM app_user WHERE id = $1', [admin.id])).rows[0]!.locked).toBe(false);

    // From the office the administrator gets in: the console solves the challenge the failures asked for.
    const office = newAddress();
    const first = await login(admin.username, PASSWORD, office);
    expect(first.statusCode).toBe(401);
    expect(first.json().code).toBe('AUTH_CHALLENGE_REQUIRED');
    const res = await login(admin.username, PASSWORD, office, await solved(admin.username, office));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user.username).toBe(admin.username);
  });

  it('answers an unknown name exactly as a known one, through every wait and the challenge', async () => {
    const known = (await someone()).username;
    const unknown = `ghost-${known}`;
    const run = async (username: string) => {
      const ip = newAddress();
      const answers = [];
      for (let i = 0; i < 9; i++) {
        const res = await login(username, 'wrong-password', ip);
        answers.push(seen(res));
        if (res.statusCode === 429) await waitOut(ip);
      }
      return answers;
    };
    const forKnown = await run(known);
    const forUnknown = await run(unknown);
    expect(forUnknown).toEqual(forKnown);
    // The run went through all three kinds of answer, so the comparison covered each of them.
    expect(new Set(forKnown.map((a) => (a.body as { code: string }).code))).toEqual(
      new Set(['AUTH_INVALID_CREDENTIALS', 'AUTH_THROTTLED', 'AUTH_CHALLENGE_REQUIRED']));
    expect(forKnown[0]).toEqual({ status: 401, body: { code: 'AUTH_INVALID_CREDENTIALS', message: 'Wrong user name or password' }, retryAfter: null });
  });

  it('makes the failing address wait twice as long after each further failure, whatever the password', async () => {
    const { username } = await someone();
    const ip = newAddress();
    for (let i = 1; i < THROTTLE_AFTER; i++) expect((await login(username, 'wrong-password', ip)).statusCode).toBe(401);
    const waits: string[] = [];
    for (let i = 0; i < 3; i++) {
      expect((await login(username, 'wrong-password', ip)).statusCode).toBe(401);
      const refused = await login(username, PASSWORD, ip);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().code).toBe('AUTH_THROTTLED');
      expect(refused.json().message).toContain(`${refused.headers['retry-after']} s`);
      waits.push(String(refused.headers['retry-after']));
      await waitOut(ip);
    }
    expect(waits).toEqual(['2', '4', '8']);
    // Another address is not slowed down by this one's failures.
    const elsewhere = newAddress();
    const res = await login(username, PASSWORD, elsewhere, await solved(username, elsewhere));
    expect(res.statusCode, res.body).toBe(200);
  });

  it('demands a challenge once a name kept failing, and takes each solution once and for that name only', async () => {
    const { username } = await someone();
    await failFromEverywhere(username);
    const ip = newAddress();
    expect((await login(username, PASSWORD, ip)).json().code).toBe('AUTH_CHALLENGE_REQUIRED');

    // A wrong nonce is refused, and uses the challenge up.
    const c = await getChallenge(username, ip);
    const wrongNonce = [...Array(64).keys()].map(String).find((n) => n !== solve(c.id, c.bits) &&
      createHash('sha256').update(`${c.id}:${n}`).digest()[0]! !== 0)!;
    expect((await login(username, PASSWORD, ip, { id: c.id, nonce: wrongNonce })).json().code).toBe('AUTH_CHALLENGE_FAILED');
    expect((await login(username, PASSWORD, ip, { id: c.id, nonce: solve(c.id, c.bits) })).json().code).toBe('AUTH_CHALLENGE_FAILED');

    // A challenge solved for another name does not open this one.
    const other = await solved(`other-${username}`, ip);
    expect((await login(username, PASSWORD, ip, other)).json().code).toBe('AUTH_CHALLENGE_FAILED');

    // An expired one neither.
    const stale = await solved(username, ip);
    await t.db.query(`UPDATE login_challenge SET expires_at = now() - interval '1 second' WHERE id = $1`, [stale.id]);
    expect((await login(username, PASSWORD, ip, stale)).json().code).toBe('AUTH_CHALLENGE_FAILED');

    const good = await solved(username, ip);
    const res = await login(username, PASSWORD, ip, good);
    expect(res.statusCode, res.body).toBe(200);
    // Replayed: refused, even with the right password.
    const replay = await login(username, PASSWORD, ip, good);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('AUTH_CHALLENGE_FAILED');
  });

  it('forgets failures older than the window', async () => {
    const { username } = await someone();
    await failFromEverywhere(username);
    expect((await login(username, PASSWORD, newAddress())).json().code).toBe('AUTH_CHALLENGE_REQUIRED');
    // The throttle's key for a name: the SM3 of it, so a password typed as a name is never stored in clear.
    await t.db.query(`UPDATE login_failure SET last_failure_at = now() - interval '2 hours' WHERE account_key = $1`, [sm3(`civdef-login:${username}`)]);
    expect((await login(username, PASSWORD, newAddress())).statusCode).toBe(200);
  });

  it("says an administrator's lock only to the right password, and answers a wrong one like any other name", async () => {
    const frank = await someone();
    await t.db.query('UPDATE app_user SET locked = true WHERE id = $1', [frank.id]);
    const wrong = await login(frank.username, 'wrong-password', newAddress());
    const unknown = await login(`nobody-${frank.username}`, 'wrong-password', newAddress());
    expect(seen(wrong)).toEqual(seen(unknown));
    const right = await login(frank.username, PASSWORD, newAddress());
    expect(right.statusCode).toBe(423);
    expect(right.json()).toEqual({ code: 'AUTH_ACCOUNT_LOCKED', message: 'Account locked by an administrator' });
  });

  it('takes about as long to refuse an unknown name or a locked account as a wrong password', async () => {
    const kinds = ['known', 'unknown', 'locked'] as const;
    const ms: Record<(typeof kinds)[number], number[]> = { known: [], unknown: [], locked: [] };
    // Interleaved, so a busy machine slows all three alike, with names of their own each round so every attempt
    // reaches the password check. Each is an Argon2 verification (tens of milliseconds); answering without one,
    // as a locked account used to, takes a few milliseconds, far outside the bounds below.
    for (let round = 0; round < 9; round++) {
      const known = (await someone()).username;
      const locked = await someone();
      await t.db.query('UPDATE app_user SET locked = true WHERE id = $1', [locked.id]);
      const names = { known, unknown: `nobody-${known}`, locked: locked.username };
      for (const kind of kinds) {
        const started = performance.now();
        expect((await login(names[kind], 'wrong-password', newAddress())).statusCode).toBe(401);
        ms[kind].push(performance.now() - started);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const kind of ['unknown', 'locked'] as const) {
      const ratio = median(ms[kind]) / median(ms.known);
      const seen = `${kind}: ${ms[kind].map(Math.round).join(',')} ms against ${ms.known.map(Math.round).join(',')} ms`;
      expect(ratio, seen).toBeGreaterThan(1 / 5);
      expect(ratio, seen).toBeLessThan(5);
    }
  });
});
