/**
 * The sirens module through HTTP on a real database: the map layer, scoped to the caller's jurisdiction,
 * closed to anonymous callers and to roles without `sirens:read`; and the bulk load other modules call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegionsService } from '../regions/index.ts';
import { FIXTURE, call, createTestApp, givenSession, testFieldCipher, type TestContext } from '../../test/harness.ts';
import { createSirensService } from './index.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const codesOn = async (session: Parameters<typeof call>[1]) => {
  const res = await call(t.app, session, { method: 'GET', url: '/api/map/sirens' });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { features: Array<{ properties: { code: string; regionCode: string } }> }).features.map((f) => f.properties);
};

describe('GET /api/map/sirens', () => {
  it('answers the sirens as GeoJSON points with the whitelisted properties', async () => {
    const { session } = await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.city });
    const res = await call(t.app, session, { method: 'GET', url: '/api/map/sirens' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.type).toBe('FeatureCollection');
    const a = body.features.find((f: { properties: { code: string } }) => f.properties.code === 'JB-A-01');
    expect(a).toMatchObject({ type: 'Feature', geometry: { type: 'Point', coordinates: [120.871, 32.001] } });
    expect(Object.keys(a.properties).sort()).toEqual(['code', 'id', 'kind', 'name', 'regionCode', 'status']);
    expect(a.id).toBe(a.properties.id);
  });

  it('shows a city user every county, and a county user only their own', async () => {
    const city = await givenSession(t, { regionCode: FIXTURE.city });
    expect((await codesOn(city.session)).map((p) => p.code).sort()).toEqual(['JB-A-01', 'JB-B-01']);
    const county = await givenSession(t, { regionCode: FIXTURE.countyB });
    const seen = await codesOn(county.session);
    expect(seen.map((p) => p.code)).toEqual(['JB-B-01']);
    expect(seen.every((p) => p.regionCode.startsWith(FIXTURE.countyB))).toBe(true);
    const town = await givenSession(t, { regionCode: FIXTURE.townA });
    expect((await codesOn(town.session)).map((p) => p.code)).toEqual(['JB-A-01']);
  });

  it('refuses an anonymous caller with 401', async () => {
    const res = await call(t.app, null, { method: 'GET', url: '/api/map/sirens' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_REQUIRED');
  });

  it('refuses a user without sirens:read with 403 naming the permission', async () => {
    const { session } = await givenSession(t, { roles: [] });
    const res = await call(t.app, session, { method: 'GET', url: '/api/map/sirens', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'AUTH_FORBIDDEN' });
    expect(res.json().message).toContain('sirens:read');
  });
});

describe('loadBulk (the door other modules load through)', () => {
  const siren = (code: string, regionCode: string) => ({
    code, name: code, regionCode, location: [120.88, 32.02] as [number, number], kind: 'electronic', status: 'online', controlChannel: 'mqtt',
  });
  const sirens = () => createSirensService({ db: t.db, regions: createRegionsService({ db: t.db }), cipher: testFieldCipher() });

  it('refuses the whole batch when one siren names an unknown region, naming that siren', async () => {
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM siren')).rows[0]!.n;
    const load = t.db.transaction((tx) => sirens().loadBulk(tx, [siren('JB-OK-1', FIXTURE.townA), siren('JB-BAD-1', '320699001')]));
    await expect(load).rejects.toMatchObject({ code: 'SIRENS_REGION_UNKNOWN', status: 400, params: { code: 'JB-BAD-1', regionCode: '320699001' } });
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM siren')).rows[0]!.n).toBe(before);
  });

  it('loads a batch in the caller transaction, and rolls back with it', async () => {
    await expect(t.db.transaction(async (tx) => {
      expect(await sirens().loadBulk(tx, [siren('JB-TX-1', FIXTURE.townA)])).toBe(1);
      throw new Error('the caller failed after the load');
    })).rejects.toThrow('the caller failed');
    expect((await t.db.query('SELECT 1 FROM siren WHERE code = $1', ['JB-TX-1'])).rows).toHaveLength(0);
  });
});
