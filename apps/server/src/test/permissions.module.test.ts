/**
 * Role-based access, route by route and driven by data: for every route in the app's catalogue whose
 * access is a permission, every role of ROLE_DEFINITIONS that lacks it (and a user with no role at all)
 * is refused with 403 AUTH_FORBIDDEN before the handler runs. A route added later is covered without
 * touching this file.
 */
import { PERMISSIONS, ROLES, ROLE_DEFINITIONS, permissionsOf, type Permission, type Role } from '@civdef/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, createUser, signIn, type Session, type TestContext } from './harness.ts';

let t: TestContext;
const sessions = new Map<Role | 'none', Session>();

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ROLES) {
    await createUser(t.db, `perm-${role}`, [role], FIXTURE.city);
    sessions.set(role, await signIn(t.app, `perm-${role}`));
  }
  await createUser(t.db, 'perm-none', [], FIXTURE.city);
  sessions.set('none', await signIn(t.app, 'perm-none'));
});
afterAll(() => t.close());

const isPermission = (access: string): access is Permission => (PERMISSIONS as readonly string[]).includes(access);
/** Any value fills a path parameter: access is decided in onRequest, before parameters are validated. */
const concreteUrl = (url: string) => url.replace(/:(\w+)/g, '1');

describe('permissions', () => {
  it('signs each role in with exactly the permissions ROLE_DEFINITIONS gives it', async () => {
    for (const [role, session] of sessions) {
      const res = await call(t.app, session, { method: 'GET', url: '/api/auth/me' });
      expect(res.statusCode).toBe(200);
      expect(res.json().user.permissions, role).toEqual(role === 'none' ? [] : permissionsOf([role]));
    }
  });

  it('refuses every permission-gated route to every role lacking its permission', async () => {
    const gated = t.app.routeCatalogue.filter((r) => r.access !== 'public' && r.access !== 'authenticated');
    // Guards the data the test runs on: a catalogue that lost its permissions would pass vacuously.
    expect(gated.length).toBeGreaterThan(20);
    expect(gated.filter((r) => !isPermission(r.access)), 'access values that are not permissions').toEqual([]);

    const failures: string[] = [];
    let checked = 0;
    for (const route of gated) {
      const permission = route.access as Permission;
      const lacking = [...ROLES.filter((role) => !ROLE_DEFINITIONS[role].permissions.includes(permission)), 'none' as const];
      for (const subject of lacking) {
        const res = await call(t.app, sessions.get(subject)!, {
          method: route.method, url: concreteUrl(route.url), headers: { 'accept-language': 'en' },
        });
        checked++;
        const body = res.headers['content-type']?.toString().includes('json') ? (res.json() as { code?: string; message?: string }) : {};
        if (res.statusCode !== 403 || body.code !== 'AUTH_FORBIDDEN' || !body.message?.includes(permission)) {
          failures.push(`${route.method} ${route.url} as ${subject}: ${res.statusCode} ${res.body.slice(0, 120)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(gated.length);
  });
});
