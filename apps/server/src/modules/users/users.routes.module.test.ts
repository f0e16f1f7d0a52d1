import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@civdef/domain';
import { createEventBus } from '../../lib/events.ts';
import { createAuthService } from '../auth/index.ts';
import { createRegionsService } from '../regions/index.ts';
import { FIXTURE, call, createTestApp, givenSession, givenUser, type Session, type TestContext } from '../../test/harness.ts';
import { createUsersService, operatorActor } from './index.ts';

// One database for the file; every case makes the accounts it changes (givenUser), so no case depends on another.
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const systemAdmin = async (): Promise<Session> => (await givenSession(t, { roles: ['system_admin'], regionCode: FIXTURE.city, prefix: 'root' })).session;
const countyAdminOfB = async (): Promise<Session> => (await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB, prefix: 'tz-admin' })).session;

let nameSeq = 0;
/** A valid create body with a user name no other case uses. */
const newUser = (over: Record<string, unknown> = {}) => ({
  username: `tz-planner-${++nameSeq}`, displayName: '通州规划员', password: 'Plan-Good-Pass-42', roles: ['planner'], regionCode: FIXTURE.countyB, ...over,
});

describe('user administration', () => {
  it('creates a county-scoped user who must change the password, and audits it without the password', async () => {
    const body = newUser();
    const res = await call(t.app, await systemAdmin(), { method: 'POST', url: '/api/users', payload: body });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: body.username, regionCode: FIXTURE.countyB, regionName: '通州区', mustChangePassword: true, locked: false });
    expect(res.json()).not.toHaveProperty('passwordHash');
    const audit = (await t.db.query<{ after: Record<string, unknown> }>(`SELECT after FROM audit_log WHERE action = 'user.create' ORDER BY seq DESC LIMIT 1`)).rows[0]!;
    expect(JSON.stringify(audit.after)).not.toContain('Plan-Good-Pass-42');
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: body.username, password: 'Plan-Good-Pass-42' } });
    expect(login.json().user.mustChangePassword).toBe(true);
  });

  it('refuses a duplicate user name with 409', async () => {
    const existing = await givenUser(t, { regionCode: FIXTURE.countyB });
    const res = await call(t.app, await systemAdmin(), { method: 'POST', url: '/api/users', payload: newUser({ username: existing.username }) });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('USERS_USERNAME_TAKEN');
  });

  it('names the field and the rule, in Chinese and in English', async () => {
    const sysadmin = await systemAdmin();
    const zh = await call(t.app, sysadmin, { method: 'POST', url: '/api/users', payload: newUser({ username: 'A B' }) });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().message).toMatch(/body\.username: 格式不符合规则/);
    const en = await call(t.app, sysadmin, { method: 'POST', url: '/api/users', headers: { 'accept-language': 'en-US,en;q=0.9' }, payload: newUser({ regionCode: '3206' }) });
    expect(en.json().message).toMatch(/body\.regionCode: must match/);
    const role = await call(t.app, sysadmin, { method: 'POST', url: '/api/users', headers: { 'accept-language': 'en' }, payload: newUser({ roles: ['emperor'] }) });
    expect(role.statusCode).toBe(400);
    expect(role.json().message).toContain('body.roles');
  });

  it('lists each broken rule with its field as structured details', async () => {
    const res = await call(t.app, await systemAdmin(), { method: 'POST', url: '/api/users', headers: { 'accept-language': 'en' }, payload: { username: 'A B', roles: [], regionCode: '12' } });
    expect(res.statusCode).toBe(400);
    const details = res.json().details as Array<{ field: string; rule: string; message: string }>;
    expect(details).toEqual(expect.arrayContaining([
      { field: 'body', rule: 'required', message: 'missing required field displayName' },
      expect.objectContaining({ field: 'body.username', rule: 'pattern' }),
      expect.objectContaining({ field: 'body.roles', rule: 'minItems' }),
      expect.objectContaining({ field: 'body.regionCode', rule: 'pattern' }),
    ]));
  });

  it('refuses an unknown region and a weak password', async () => {
    const sysadmin = await systemAdmin();
    const unknown = await call(t.app, sysadmin, { method: 'POST', url: '/api/users', payload: newUser({ regionCode: '320699' }) });
    expect(unknown.json().code).toBe('USERS_REGION_UNKNOWN');
    const weak = await call(t.app, sysadmin, { method: 'POST', url: '/api/users', payload: newUser({ password: 'password' }) });
    expect(weak.json().code).toBe('AUTH_PASSWORD_POLICY');
  });

  it('keeps a county administrator inside the county and below admin rank', async () => {
    const countyAdmin = await countyAdminOfB();
    const outside = await call(t.app, countyAdmin, { method: 'POST', url: '/api/users', payload: newUser({ regionCode: FIXTURE.countyA }) });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().code).toBe('USERS_REGION_OUT_OF_SCOPE');
    const mint = await call(t.app, countyAdmin, { method: 'POST', url: '/api/users', payload: newUser({ roles: ['system_admin'] }) });
    expect(mint.statusCode).toBe(403);
    expect(mint.json().code).toBe('USERS_ROLE_NOT_GRANTABLE');
    const town = await call(t.app, countyAdmin, { method: 'POST', url: '/api/users', payload: newUser({ regionCode: FIXTURE.townB }) });
    expect(town.statusCode).toBe(201);
  });

  it('lists only users of the jurisdiction', async () => {
    const viewerOfA = await givenUser(t, { regionCode: FIXTURE.countyA, prefix: 'only-in-a' });
    const list = await call(t.app, await countyAdminOfB(), { method: 'GET', url: '/api/users?pageSize=100' });
    expect(list.statusCode).toBe(200);
    const regions = (list.json().items as Array<{ regionCode: string }>).map((u) => u.regionCode);
    expect(regions.length).toBeGreaterThan(0);
    expect(regions.every((r) => r.startsWith(FIXTURE.countyB))).toBe(true);
    expect(regions.includes(FIXTURE.countyA)).toBe(false);
    const all = await call(t.app, await systemAdmin(), { method: 'GET', url: '/api/users?q=only-in-a' });
    expect(all.json().items.map((u: { username: string }) => u.username)).toEqual([viewerOfA.username]);
  });

  it('updates roles and jurisdiction with a before/after audit row', async () => {
    const { id } = await givenUser(t, { roles: ['planner'], regionCode: FIXTURE.countyB });
    const res = await call(t.app, await systemAdmin(), { method: 'PATCH', url: `/api/users/${id}`, payload: { roles: ['planner', 'viewer'], regionCode: FIXTURE.townB } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ roles: ['planner', 'viewer'], regionCode: FIXTURE.townB });
    const audit = (await t.db.query<{ before: { regionCode: string }; after: { regionCode: string } }>(`SELECT before, after FROM audit_log WHERE action = 'user.update' ORDER BY seq DESC LIMIT 1`)).rows[0]!;
    expect(audit.before.regionCode).toBe(FIXTURE.countyB);
    expect(audit.after.regionCode).toBe(FIXTURE.townB);
  });

  it('resets a password so that the user must change it', async () => {
    const { id, username, session } = await givenSession(t, { regionCode: FIXTURE.countyA });
    const res = await call(t.app, await systemAdmin(), { method: 'POST', url: `/api/users/${id}/reset-password`, payload: { password: 'Temp-Pass-For-Cc-1' } });
    expect(res.statusCode).toBe(204);
    // The session from before the reset is over, ended in the reset's own transaction.
    expect((await call(t.app, session, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'Temp-Pass-For-Cc-1' } });
    expect(login.json().user.mustChangePassword).toBe(true);
  });

  it('a viewer may not manage users', async () => {
    const { session: viewer } = await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.city });
    const res = await call(t.app, viewer, { method: 'GET', url: '/api/users' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('AUTH_FORBIDDEN');
  });

  it('refuses an unknown role given past the schema (CLI, first start) with its own code naming roles[i]', async () => {
    const users = createUsersService({ db: t.db, events: createEventBus(), regions: createRegionsService({ db: t.db }), passwordPolicy: t.config.password });
    const create = users.createAccount({ actorId: null, actor: 'test', ip: null }, {
      username: 'role-typo', displayName: 'x', passwordHash: 'x', roles: ['viewer', 'emperor' as Role], regionCode: FIXTURE.city, mustChangePassword: true,
    });
    await expect(create).rejects.toMatchObject({ code: 'USERS_ROLE_UNKNOWN', status: 400, params: { field: 'roles[1]', role: 'emperor' } });
    await expect(create).rejects.toThrow('roles[1]: there is no role emperor');
  });

  it('lets the operator (CLI) lock and reset as operatorActor, audited without an actor id, ending sessions', async () => {
    // Built as the CLI builds them: the auth service subscribes to the users events on the same bus.
    const events = createEventBus();
    const users = createUsersService({ db: t.db, events, regions: createRegionsService({ db: t.db }), passwordPolicy: t.config.password });
    createAuthService({ db: t.db, config: t.config, users, events });
    const operator = operatorActor('cli:operator', FIXTURE.city);
    const liveSessions = async (id: number) => (await t.db.query('SELECT 1 FROM user_session WHERE user_id = $1 AND revoked_at IS NULL', [id])).rows.length;

    const locked = await givenSession(t, { regionCode: FIXTURE.countyA });
    await users.setLocked(operator, null, (await users.getByUsername(operator, locked.username)).id, true);
    expect(await liveSessions(locked.id)).toBe(0);
    expect((await users.findAccount(locked.username))!.locked).toBe(true);
    const audit = (await t.db.query<{ actor: string; actor_id: number | null; action: string }>('SELECT actor, actor_id, action FROM audit_log ORDER BY seq DESC LIMIT 1')).rows[0];
    expect(audit).toEqual({ actor: 'cli:operator', actor_id: null, action: 'user.lock' });

    const reset = await givenSession(t, { regionCode: FIXTURE.countyA });
    await users.resetPassword(operator, null, reset.id, 'Temp-Operator-Pass-7');
    expect(await liveSessions(reset.id)).toBe(0);
    expect((await users.findAccount(reset.username))!.mustChangePassword).toBe(true);

    await expect(users.getByUsername(operator, 'no-such-user')).rejects.toMatchObject({ code: 'USERS_NOT_FOUND' });
  });

  it('never answers 5xx, whatever the body, and writes nothing for bad input', async () => {
    const sysadmin = await systemAdmin();
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user')).rows[0]!.n;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          username: fc.oneof(fc.string(), fc.constant('ok-name'), fc.integer()),
          displayName: fc.oneof(fc.string({ maxLength: 80 }), fc.constant(null)),
          password: fc.oneof(fc.string(), fc.constant('weak')),
          roles: fc.oneof(fc.array(fc.string()), fc.constant(['viewer', 'viewer']), fc.string()),
          regionCode: fc.oneof(fc.string(), fc.constant('320699'), fc.constant('99999999999')),
        }, { requiredKeys: [] }),
        async (body) => {
          const res = await call(t.app, sysadmin, { method: 'POST', url: '/api/users', payload: body });
          expect(res.statusCode).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
          expect(res.json()).toHaveProperty('code');
        },
      ),
      { numRuns: 60 },
    );
    const after = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user')).rows[0]!.n;
    expect(after).toBe(before);
  });
});
