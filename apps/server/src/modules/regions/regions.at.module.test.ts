/**
 * The regions under a point (GET /api/regions/at): what a form fills in when a place is picked on the map — the town
 * when its outline is loaded (marked when that outline was made up), then the county; only within the asker's
 * jurisdiction, and nothing where no outline of theirs reaches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, type Session, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let city: Session;
let countyB: Session;

beforeAll(async () => {
  t = await createTestApp();
  city = (await givenSession(t, { roles: ['duty_officer'] })).session;
  countyB = (await givenSession(t, { roles: ['duty_officer'], regionCode: FIXTURE.countyB })).session;
});
afterAll(() => t.close());

const at = async (s: Session, lng: number, lat: number) => {
  const res = await call(t.app, s, { method: 'GET', url: `/api/regions/at?lng=${lng}&lat=${lat}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Array<{ code: string; level: string; synthetic: boolean }>;
};

describe('regions under a point', () => {
  it('names the county, and the town first once its outline is loaded', async () => {
    // County A's outline is the fixture's square around (120.86, 32.01).
    expect(await at(city, 120.87, 32.02)).toEqual([expect.objectContaining({ code: FIXTURE.countyA, level: 'county', synthetic: false })]);
    await t.app.civdef.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM region_town_boundary');
      expect(rows[0]!.n).toBe(0);
      await tx.query(
        `INSERT INTO region_town_boundary (code, geom, synthetic)
         VALUES ($1, ST_Multi(ST_MakeEnvelope(120.85, 32.0, 120.9, 32.05, 4326)), true)`, [FIXTURE.townA]);
    });
    expect((await at(city, 120.87, 32.02)).map((r) => [r.code, r.level, r.synthetic])).toEqual([[FIXTURE.townA, 'town', true], [FIXTURE.countyA, 'county', false]]);
    // In the county but outside the town's outline: the county alone.
    expect((await at(city, 120.82, 31.97)).map((r) => r.code)).toEqual([FIXTURE.countyA]);
  });

  it('answers only within the asker\'s jurisdiction, and nothing where no outline reaches', async () => {
    expect(await at(countyB, 120.87, 32.02)).toEqual([]);
    expect((await at(countyB, 121.07, 32.06)).map((r) => r.code)).toEqual([FIXTURE.countyB]);
    expect(await at(city, 100, 20)).toEqual([]);
    const bad = await call(t.app, city, { method: 'GET', url: '/api/regions/at?lng=200&lat=32' });
    expect(bad.statusCode).toBe(400);
  });
});
