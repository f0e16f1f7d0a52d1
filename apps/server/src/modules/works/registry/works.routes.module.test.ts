import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, createUser, signIn, type Session, type TestContext } from '../../../test/harness.ts';
import { givenWork, uniqueCode, workBody } from '../test-fixtures.ts';

// Every case makes the works it reads or changes (givenWork) and filters its searches to them: no case depends on
// another. The harness's seeded works are shared read-only.
let t: TestContext;
let manager: Session;
let viewer: Session;
let countyManager: Session;

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t.db, 'works-mgr', ['works_manager'], FIXTURE.city);
  await createUser(t.db, 'works-viewer', ['viewer'], FIXTURE.city);
  await createUser(t.db, 'tz-works', ['works_manager'], FIXTURE.countyB);
  manager = await signIn(t.app, 'works-mgr');
  viewer = await signIn(t.app, 'works-viewer');
  countyManager = await signIn(t.app, 'tz-works');
});
afterAll(() => t.close());

const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(sql, params)).rows[0]!.n;
const workCount = () => count('SELECT count(*)::int AS n FROM work');
const codes = (res: { json(): { items: Array<{ code: string }> } }) => res.json().items.map((w) => w.code);

describe('works CRUD', () => {
  it('creates a work with units and entrances, derives shelter places and flags an early work, and audits it', async () => {
    const code = uniqueCode('CRUD');
    const res = await call(t.app, manager, { method: 'POST', url: '/api/works', payload: workBody({ code }) });
    expect(res.statusCode, res.body).toBe(201);
    const w = res.json();
    expect(w).toMatchObject({ code, lifecycleState: 'approved', early: true, unitCount: 2, shelterPlaces: 1500 + 700, parkingSpaces: 80, version: 1 });
    expect(w.units[0].shelterPlaces).toBe(1500);
    expect(w.entrances).toHaveLength(1);
    expect(w.allowedTransitions).toEqual(['under_construction', 'scrapped']);
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'work.create' AND entity_id = $1`, [String(w.id)])).toBe(1);
  });

  it('gives a new work its maintenance plans from the active schedules, first due one interval on, in the same transaction', async () => {
    const w = await givenWork(t.app, manager);
    const plans = (await call(t.app, manager, { method: 'GET', url: `/api/works/${w.id}/maintenance-plans` })).json().items as Array<{ scheduleCode: string; nextDueOn: string; overdue: boolean }>;
    const schedules = await count('SELECT count(*)::int AS n FROM maintenance_schedule WHERE active');
    expect(plans).toHaveLength(schedules);
    expect(plans.every((p) => !p.overdue)).toBe(true);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(plans.every((p) => p.nextDueOn > today)).toBe(true);
    const audit = (await t.db.query<{ after: { created: number } }>(`SELECT after FROM audit_log WHERE action = 'maintenance_plan.generate' AND entity_id = $1`, [String(w.id)])).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after.created).toBe(schedules);
    // A refused create leaves no plans behind.
    const plansBefore = await count('SELECT count(*)::int AS n FROM maintenance_plan');
    expect((await call(t.app, manager, { method: 'POST', url: '/api/works', payload: workBody({ code: w.code }) })).statusCode).toBe(409);
    expect(await count('SELECT count(*)::int AS n FROM maintenance_plan')).toBe(plansBefore);
  });

  it('refuses a duplicate code (409), a subtype of another class and inconsistent areas (400 naming the rule)', async () => {
    const w = await givenWork(t.app, manager);
    expect((await call(t.app, manager, { method: 'POST', url: '/api/works', payload: workBody({ code: w.code }) })).json().code).toBe('WORKS_CODE_TAKEN');
    const sub = await call(t.app, manager, { method: 'POST', url: '/api/works', payload: workBody({ subtype: 'garage' }) });
    expect(sub.statusCode).toBe(400);
    expect(sub.json().message).toContain('body.subtype');
    const areas = await call(t.app, manager, { method: 'POST', url: '/api/works', headers: { 'accept-language': 'en' }, payload: workBody({ units: [{ name: 'u', grossAreaM2: 10, protectedAreaM2: 20, shelterAreaM2: 5, blastUnits: 1, parkingSpaces: 0 }] }) });
    expect(areas.statusCode).toBe(400);
    expect(areas.json().message).toContain('body.units[0]');
    const lat = await call(t.app, manager, { method: 'POST', url: '/api/works', headers: { 'accept-language': 'en' }, payload: workBody({ location: [32.0, 120.8] }) });
    expect(lat.statusCode).toBe(400);
    expect(lat.json().message).toContain('body.location');
  });

  it('refuses cross-field breaches with 400 naming the field and the rule, in Chinese and English', async () => {
    const cases: Array<[Record<string, unknown>, string, string, string, string]> = [
      [{ peacetimeUse: { parking: { total: 10, publicSpaces: 11, feePerHourYuan: 2 } } }, 'body.peacetimeUse.parking.publicSpaces', 'must not exceed the total parking spaces', '不能多于停车位总数', 'WORKS_PARKING_PUBLIC_EXCEEDS_TOTAL'],
      [{ peacetimeUse: { other: [{ use: '仓储', party: '某公司', contractStart: '2025-03-01', contractEnd: '2025-02-28' }] } }, 'body.peacetimeUse.other[0].contractEnd', 'must not be before its start', '不能早于开始日期', 'WORKS_OTHER_USE_CONTRACT_END_BEFORE_START'],
      [{ parentProject: null }, 'body.parentProject', 'needs its parent building project', '必须填写所属建设项目', 'WORKS_PARENT_PROJECT_REQUIRED'],
      [{ parentProject: '  ' }, 'body.parentProject', 'needs its parent building project', '必须填写所属建设项目', 'WORKS_PARENT_PROJECT_REQUIRED'],
      [{ units: [{ name: 'u', grossAreaM2: 100, protectedAreaM2: 101, shelterAreaM2: 50, blastUnits: 1, parkingSpaces: 0 }] }, 'body.units[0].protectedAreaM2', 'must not exceed gross area', '不能大于建筑面积', 'WORKS_UNIT_PROTECTED_AREA_EXCEEDS_GROSS'],
      [{ units: [{ name: 'u', grossAreaM2: 100, protectedAreaM2: 90, shelterAreaM2: 95, blastUnits: 1, parkingSpaces: 0 }] }, 'body.units[0].shelterAreaM2', 'must not exceed protected area', '不能大于防护面积', 'WORKS_UNIT_SHELTER_AREA_EXCEEDS_PROTECTED'],
    ];
    const before = await workCount();
    for (const [over, field, en, zh, code] of cases) {
      const res = await call(t.app, manager, { method: 'POST', url: '/api/works', headers: { 'accept-language': 'en' }, payload: workBody({ code: 'RULE-1', ...over }) });
      expect(res.statusCode, field).toBe(400);
      // Each rule its own code, and the breach as a structured detail (as schema errors have).
      expect(res.json().code).toBe(code);
      expect(res.json().details).toEqual([{ field, rule: code, message: expect.stringContaining(en) }]);
      expect(res.json().message).toContain(field);
      expect(res.json().message).toContain(en);
      const zhRes = await call(t.app, manager, { method: 'POST', url: '/api/works', headers: { 'accept-language': 'zh-CN' }, payload: workBody({ code: 'RULE-1', ...over }) });
      expect(zhRes.json().message).toContain(zh);
    }
    expect(await workCount()).toBe(before);
    // Equal values are fine; a work that is not attached needs no parent project.
    const ok = await givenWork(t.app, manager, {
      constructionForm: 'cut_and_cover', parentProject: null, peacetimeUse: {
        parking: { total: 10, publicSpaces: 10, feePerHourYuan: 2 }, other: [{ use: '仓储', party: '某公司', contractStart: '2025-03-01', contractEnd: '2025-03-01' }],
      },
    });
    // Edits are checked against the merged result: emptying the project of an attached work, or lowering the total below the public spaces.
    const attach = await call(t.app, manager, { method: 'PATCH', url: `/api/works/${ok.id}`, payload: { version: 1, constructionForm: 'attached' } });
    expect(attach.statusCode).toBe(400);
    expect(attach.json().message).toContain('body.parentProject');
    const lower = await call(t.app, manager, { method: 'PATCH', url: `/api/works/${ok.id}`, payload: { version: 1, peacetimeUse: { parking: { total: 5, publicSpaces: 10, feePerHourYuan: 2 } } } });
    expect(lower.statusCode).toBe(400);
    expect(lower.json().message).toContain('body.peacetimeUse.parking.publicSpaces');
    expect((await call(t.app, manager, { method: 'PATCH', url: `/api/works/${ok.id}`, payload: { version: 1, constructionForm: 'attached', parentProject: '某项目' } })).statusCode).toBe(200);
  });

  it('keeps a county manager inside the county', async () => {
    const res = await call(t.app, countyManager, { method: 'POST', url: '/api/works', payload: workBody() });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('WORKS_REGION_OUT_OF_SCOPE');
    const w = await givenWork(t.app, manager);
    expect((await call(t.app, countyManager, { method: 'GET', url: `/api/works/${w.id}` })).statusCode).toBe(404);
  });

  it('edits with optimistic locking: a stale version answers 409 and changes nothing', async () => {
    const w = await givenWork(t.app, manager, { name: '测试人防地下室' });
    const moved = await call(t.app, manager, { method: 'PATCH', url: `/api/works/${w.id}`, payload: { version: 1, location: [120.8721, 32.0031], name: '改名后' } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ version: 2, name: '改名后', location: [120.8721, 32.0031] });
    const stale = await call(t.app, manager, { method: 'PATCH', url: `/api/works/${w.id}`, payload: { version: 1, name: '覆盖' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('WORKS_VERSION_CONFLICT');
    expect((await call(t.app, manager, { method: 'GET', url: `/api/works/${w.id}` })).json().name).toBe('改名后');
    const audit = (await t.db.query<{ before: { name: string }; after: { name: string } }>(
      `SELECT before, after FROM audit_log WHERE action = 'work.update' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`, [String(w.id)])).rows[0]!;
    expect([audit.before.name, audit.after.name]).toEqual(['测试人防地下室', '改名后']);
  });

  it('replaces units when sent and a viewer may not edit', async () => {
    const w = await givenWork(t.app, manager);
    const res = await call(t.app, manager, { method: 'PATCH', url: `/api/works/${w.id}`, payload: { version: 1, units: [{ name: 'only', grossAreaM2: 100, protectedAreaM2: 90, shelterAreaM2: 80.9, blastUnits: 1, parkingSpaces: 0 }] } });
    expect(res.json()).toMatchObject({ unitCount: 1, shelterPlaces: 80, version: 2 });
    expect((await call(t.app, viewer, { method: 'PATCH', url: `/api/works/${w.id}`, payload: { version: 2, name: 'x' } })).statusCode).toBe(403);
  });
});

describe('life cycle', () => {
  const step = (id: number, to: string, version: number, extra: Record<string, unknown> = {}) =>
    call(t.app, manager, { method: 'POST', url: `/api/works/${id}/transitions`, payload: { to, version, reason: `to ${to}`, ...extra } });

  it('walks approval → in use → drill conversion → back, and refuses illegal steps with the allowed list', async () => {
    const { id } = await givenWork(t.app, manager);
    const illegal = await step(id, 'in_use', 1);
    expect(illegal.statusCode).toBe(422);
    expect(illegal.json()).toMatchObject({ code: 'WORKS_ILLEGAL_TRANSITION' });
    expect(illegal.json().message).toContain('在建');
    let v = 1;
    for (const to of ['under_construction', 'quality_supervision', 'acceptance_filed', 'registered', 'in_use']) {
      const res = await step(id, to, v);
      expect(res.statusCode, res.body).toBe(200);
      v = res.json().version;
    }
    expect((await step(id, 'converting', v)).json().code).toBe('WORKS_CONVERSION_KIND_REQUIRED');
    v = (await step(id, 'converting', v, { conversionKind: 'drill' })).json().version;
    v = (await step(id, 'in_use', v)).json().version;
    const demolish = await step(id, 'demolished', v);
    expect(demolish.json().code).toBe('WORKS_APPROVAL_REQUIRED');
    const history = (await call(t.app, manager, { method: 'GET', url: `/api/works/${id}/lifecycle` })).json().items;
    expect(history.map((e: { toState: string }) => e.toState)).toEqual(['approved', 'under_construction', 'quality_supervision', 'acceptance_filed', 'registered', 'in_use', 'converting', 'in_use']);
    expect(history[6]).toMatchObject({ conversionKind: 'drill', actor: 'works-mgr' });
    // The system's own reason is a code the console words in the reader's language, not a mixed-language text.
    expect(history[0]).toMatchObject({ reason: null, reasonCode: 'registered' });
  });

  it('needs works:lifecycle', async () => {
    const { id } = await givenWork(t.app, manager);
    const res = await call(t.app, viewer, { method: 'POST', url: `/api/works/${id}/transitions`, payload: { to: 'scrapped', version: 1, reason: 'x' } });
    expect(res.statusCode).toBe(403);
  });
});

describe('search, stats, nearest', () => {
  /** Three works of one case, told apart from every other case's by a common code prefix (`q` matches the code). */
  async function givenSet() {
    const prefix = uniqueCode('SET');
    const a = await givenWork(t.app, manager, { code: `${prefix}-A`, name: `早期甲工程（${prefix}）`, yearBuilt: 1978, lifecycleState: 'in_use' });
    const b = await givenWork(t.app, manager, { code: `${prefix}-B`, regionCode: FIXTURE.townB, location: [121.071, 32.071], yearBuilt: 2010, peacetimeUse: {} });
    const c = await givenWork(t.app, manager, { code: `${prefix}-C`, yearBuilt: 2015, lifecycleState: 'registered' });
    return { prefix, q: encodeURIComponent(prefix), a, b, c };
  }

  it('filters by text, class, state, early and use; sorts and pages', async () => {
    const { prefix, q, a, b, c } = await givenSet();
    // By name: the code does not contain the text, the name does.
    expect(codes(await call(t.app, viewer, { method: 'GET', url: `/api/works?q=${encodeURIComponent(`甲工程（${prefix}`)}` }))).toEqual([a.code]);
    expect((await call(t.app, viewer, { method: 'GET', url: '/api/works?q=rf-a' })).json().total).toBe(2);
    // Several words: each must be found (name, code or address), in any order, half- or full-width blanks between.
    expect(codes(await call(t.app, viewer, { method: 'GET', url: `/api/works?q=${encodeURIComponent(`早期 ${prefix}`)}` }))).toEqual([a.code]);
    expect(codes(await call(t.app, viewer, { method: 'GET', url: `/api/works?q=${encodeURIComponent(`${prefix}\u3000甲工程`)}` }))).toEqual([a.code]);
    expect((await call(t.app, viewer, { method: 'GET', url: `/api/works?q=${encodeURIComponent(`早期 ${prefix}-B`)}` })).json().total).toBe(0);
    expect(codes(await call(t.app, viewer, { method: 'GET', url: `/api/works?q=${q}&early=true` }))).toEqual([a.code]);
    const parking = await call(t.app, viewer, { method: 'GET', url: `/api/works?q=${q}&use=parking&lifecycleState=in_use&lifecycleState=registered&sort=code&order=desc&pageSize=1` });
    expect(parking.json()).toMatchObject({ total: 2, pageSize: 1 });
    expect(codes(parking)).toEqual([c.code]);
    expect(codes(await call(t.app, viewer, { method: 'GET', url: `/api/works?q=${q}&regionCode=${FIXTURE.countyB}` }))).toEqual([b.code]);
    const bad = await call(t.app, viewer, { method: 'GET', url: '/api/works?workClass=castle' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('querystring.workClass');
  });

  it('filters by bbox; a malformed bbox is 400 naming it, never NaN in SQL', async () => {
    const inBox = await call(t.app, manager, { method: 'GET', url: '/api/works?bbox=120.8,31.9,120.95,32.1&pageSize=500' });
    expect(inBox.statusCode, inBox.body).toBe(200);
    expect(codes(inBox)).toEqual(expect.arrayContaining(['RF-A-001', 'RF-A-002']));
    expect(codes(inBox)).not.toContain('RF-B-001');
    expect((await call(t.app, manager, { method: 'GET', url: '/api/works?bbox=-120.875123456789012,-32,121,32.5' })).statusCode).toBe(200);
    for (const bad of ['.,.,.,.', '1.,2,3,4', '.5,2,3,4', '1..2,2,3,4', '1.2.3,2,3,4', '1,2,3', '1,2,3,4,5', 'a,b,c,d', '1e3,2,3,4', '-,2,3,4']) {
      for (const url of [`/api/works?bbox=${encodeURIComponent(bad)}`, `/api/works/stats?bbox=${encodeURIComponent(bad)}`]) {
        const res = await call(t.app, manager, { method: 'GET', url, headers: { 'accept-language': 'en' } });
        expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
        expect(res.json().message).toContain('bbox');
      }
    }
  });

  it('reports counts and areas by county, class and state', async () => {
    const { q } = await givenSet();
    const s = (await call(t.app, viewer, { method: 'GET', url: `/api/works/stats?q=${q}` })).json();
    expect(s.totals.works).toBe(3);
    expect(s.byRegion.map((r: { key: string; works: number }) => [r.key, r.works])).toEqual([[FIXTURE.countyB, 1], [FIXTURE.countyA, 2]].sort());
    expect(s.byRegion.find((r: { key: string }) => r.key === FIXTURE.countyA).name).toBe('崇川区');
    // Places count usable works only (the approved one is not built yet): the one definition the map uses too.
    expect(s.usableStates).toEqual(['acceptance_filed', 'registered', 'in_use', 'converting']);
    expect(s.totals).toMatchObject({ usableWorks: 2, shelterPlaces: 2 * 2200 });
    expect(s.byState.map((r: { key: string; works: number }) => [r.key, r.works])).toEqual([['approved', 1], ['in_use', 1], ['registered', 1]]);
    const county = (await call(t.app, countyManager, { method: 'GET', url: `/api/works/stats?q=${q}` })).json();
    expect(county.totals.works).toBe(1);
  });

  it('leaves works that are not usable out of capacity totals, but not out of the count or the by-state breakdown', async () => {
    const { q, c } = await givenSet();
    const before = (await call(t.app, viewer, { method: 'GET', url: `/api/works/stats?q=${q}` })).json();
    const scrapped = await call(t.app, manager, { method: 'POST', url: `/api/works/${c.id}/transitions`, payload: { to: 'scrapped', version: c.version, reason: '报废', approvalRef: '通人防〔2026〕1号' } });
    expect(scrapped.statusCode, scrapped.body).toBe(200);
    const after = (await call(t.app, viewer, { method: 'GET', url: `/api/works/stats?q=${q}` })).json();
    expect(after.totals.works).toBe(before.totals.works);
    expect(after.totals.usableWorks).toBe(before.totals.usableWorks - 1);
    expect(after.totals.shelterPlaces).toBe(before.totals.shelterPlaces - 2200);
    expect(after.byState.find((r: { key: string }) => r.key === 'scrapped')).toMatchObject({ works: 1, usableWorks: 0, shelterPlaces: 2200 });
    // Asking for scrapped works finds them, and says they shelter nobody.
    const asked = (await call(t.app, viewer, { method: 'GET', url: `/api/works/stats?q=${q}&lifecycleState=scrapped` })).json();
    expect(asked.totals).toMatchObject({ works: 1, usableWorks: 0, shelterPlaces: 0 });
    // The map marks the same works usable or not, and its places add up to the same total.
    const map = (await call(t.app, viewer, { method: 'GET', url: `/api/map/works?q=${q}` })).json();
    const usable = map.features.filter((f: { properties: { usable: boolean } }) => f.properties.usable);
    expect(usable).toHaveLength(after.totals.usableWorks);
    expect(usable.reduce((a: number, f: { properties: { shelterPlaces: number } }) => a + f.properties.shelterPlaces, 0)).toBe(after.totals.shelterPlaces);
  });

  it('draws on the map exactly what the list finds', async () => {
    const query = `workClass=personnel&regionCode=${FIXTURE.countyA}&q=rf-a`;
    const list = (await call(t.app, viewer, { method: 'GET', url: `/api/works?${query}&pageSize=500` })).json();
    const map = (await call(t.app, viewer, { method: 'GET', url: `/api/map/works?${query}` })).json();
    expect(map.features.map((f: { properties: { code: string } }) => f.properties.code).sort())
      .toEqual(list.items.map((w: { code: string }) => w.code).sort());
    expect(map.features.length).toBeGreaterThan(0);
    const all = (await call(t.app, viewer, { method: 'GET', url: '/api/map/works' })).json();
    expect(all.features.length).toBeGreaterThan(map.features.length);
    expect((await call(t.app, viewer, { method: 'GET', url: '/api/map/works?workClass=castle' })).statusCode).toBe(400);
  });

  it('finds the nearest works with geodesic distances', async () => {
    const res = await call(t.app, viewer, { method: 'GET', url: '/api/works/nearest?lng=120.8701&lat=32.0001&limit=2' });
    const items = res.json().items;
    expect(items[0].code).toBe('RF-A-001');
    expect(items[0].distanceM).toBeLessThan(20);
    expect(items[1].distanceM).toBeGreaterThan(items[0].distanceM);
  });

  it('refuses a self-intersecting footprint on create and on edit with 400 naming the field and why (zh + en), and stores nothing', async () => {
    const bowtie = { type: 'Polygon', coordinates: [[[120.9, 32], [120.91, 32.01], [120.91, 32], [120.9, 32.01], [120.9, 32]]] };
    const before = await workCount();
    const zh = await call(t.app, manager, { method: 'POST', url: '/api/works', payload: workBody({ footprint: bowtie }) });
    expect(zh.statusCode, zh.body).toBe(400);
    expect(zh.json()).toMatchObject({ code: 'WORKS_FOOTPRINT_INVALID', details: [{ field: 'body.footprint', rule: 'ST_IsValid' }] });
    expect(zh.json().message).toContain('footprint');
    expect(zh.json().message).toContain('自相交');
    expect(await workCount()).toBe(before);
    const { id, version } = await givenWork(t.app, manager);
    const en = await call(t.app, manager, { method: 'PATCH', url: `/api/works/${id}`, headers: { 'accept-language': 'en' }, payload: { version, footprint: bowtie } });
    expect(en.statusCode, en.body).toBe(400);
    expect(en.json().message).toMatch(/footprint is not a valid polygon: Self-intersection \(at 120\.905 32\.005\)/);
    const open = { type: 'Polygon', coordinates: [[[120.9, 32], [120.91, 32], [120.91, 32.01], [120.95, 32.02]]] };
    const unclosed = await call(t.app, manager, { method: 'PATCH', url: `/api/works/${id}`, headers: { 'accept-language': 'en' }, payload: { version, footprint: open } });
    expect(unclosed.statusCode, unclosed.body).toBe(400);
    expect(unclosed.json().message).toContain('Ring not closed');
    const stored = (await t.db.query<{ footprint: string | null; version: number }>('SELECT footprint::text, version FROM work WHERE id = $1', [id])).rows[0]!;
    expect(stored).toEqual({ footprint: null, version });
    const square = { type: 'Polygon', coordinates: [[[120.9, 32], [120.91, 32], [120.91, 32.01], [120.9, 32.01], [120.9, 32]]] };
    expect((await call(t.app, manager, { method: 'PATCH', url: `/api/works/${id}`, payload: { version, footprint: square } })).statusCode).toBe(200);
  });

  it('never answers 5xx and writes nothing for random create bodies', async () => {
    const taken = (await givenWork(t.app, manager)).code;
    const before = await workCount();
    await fc.assert(fc.asyncProperty(
      fc.record({
        code: fc.oneof(fc.string(), fc.constant(taken)),
        name: fc.oneof(fc.string({ maxLength: 200 }), fc.constant('')),
        regionCode: fc.oneof(fc.string(), fc.constant('320699'), fc.constant(FIXTURE.townB)),
        location: fc.oneof(fc.tuple(fc.double(), fc.double()), fc.constant([120.9, 32.0])),
        workClass: fc.oneof(fc.string(), fc.constant('personnel')),
        units: fc.oneof(fc.constant([]), fc.array(fc.record({ name: fc.string(), grossAreaM2: fc.double(), protectedAreaM2: fc.double(), shelterAreaM2: fc.double() }))),
        footprint: fc.oneof(fc.constant({ type: 'Polygon', coordinates: [[[120.9, 32], [120.91, 32], [120.91, 32.01], [120.95, 32.02]]] }), fc.anything()),
        constructionForm: fc.constant('attached'),
      }, { requiredKeys: [] }),
      async (body) => {
        const res = await call(t.app, manager, { method: 'POST', url: '/api/works', payload: body });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
      },
    ), { numRuns: 60 });
    expect(await workCount()).toBe(before);
  });
});

describe('upkeep after a work leaves service', () => {
  it('switches off the plans of a scrapped work, so its upkeep no longer counts as due', async () => {
    const { id, version } = await givenWork(t.app, manager, { name: '待报废工程' });
    const activePlans = () => count('SELECT count(*)::int AS n FROM maintenance_plan WHERE work_id = $1 AND active', [id]);
    expect(await activePlans()).toBeGreaterThan(0);
    const res = await call(t.app, manager, { method: 'POST', url: `/api/works/${id}/transitions`, payload: { to: 'scrapped', version, reason: '项目取消', approvalRef: '通人防〔2026〕7号' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await activePlans()).toBe(0);
    const audit = await t.db.query<{ after: { plansRetired: number } }>(`SELECT after FROM audit_log WHERE action = 'work.transition' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`, [String(id)]);
    expect(audit.rows[0]!.after.plansRetired).toBeGreaterThan(0);
  });

  it('keeps the plans of a work that moves on in service', async () => {
    const { id, version } = await givenWork(t.app, manager);
    const res = await call(t.app, manager, { method: 'POST', url: `/api/works/${id}/transitions`, payload: { to: 'under_construction', version, reason: '开工' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await count('SELECT count(*)::int AS n FROM maintenance_plan WHERE work_id = $1 AND active', [id])).toBeGreaterThan(0);
    const audit = await t.db.query<{ after: { plansRetired: number } }>(`SELECT after FROM audit_log WHERE action = 'work.transition' AND entity_id = $1`, [String(id)]);
    expect(audit.rows[0]!.after.plansRetired).toBe(0);
  });
});
