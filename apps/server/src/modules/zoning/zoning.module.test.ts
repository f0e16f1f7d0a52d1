/**
 * The zoning module through HTTP on a real database: the seeded rule table equals the domain's, a new version closes
 * the open one and overlaps are refused, the calculator and the fees ledger use the stored rule, parcels are saved
 * and imported (XLSX and GeoJSON, all or none), and the pooling ledger adds up.
 */
import { BUILDING_RULES, feeFenOf } from '@civdef/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, type TestContext } from '../../test/harness.ts';
import { addSheet, newWorkbook, workbookBuffer } from '../../lib/xlsx/write.ts';
import { parcelSheet } from './zoning.exchange.ts';

let t: TestContext;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

const planner = async () => (await givenSession(t, { roles: ['planner'], regionCode: FIXTURE.city })).session;
const workId = async (code: string) => (await t.db.query<{ id: number }>('SELECT id FROM work WHERE code = $1', [code])).rows[0]!.id;
const square = (lng: number, lat: number, d = 0.002) => ({
  type: 'Polygon', coordinates: [[[lng - d, lat - d], [lng + d, lat - d], [lng + d, lat + d], [lng - d, lat + d], [lng - d, lat - d]]],
});
const ruleBody = (over: Record<string, unknown> = {}) => ({
  regionCode: FIXTURE.countyA, validFrom: '2024-01-01', validTo: null, basis: '某区人防办〔2024〕1号', source: '区政府公报 2024-01', highRiseStoreys: 10, deepFoundationM: 3,
  minAboveGroundM2: 2000, ratio: 0.05, residentialGroundFloor: true, grade: '核6B级', feeFenPerM2: 150_000, feeBasis: '1500 元/m²（区文件）',
  reductions: [{ code: 'small_business', zh: '小微企业下浮50%', en: 'Small business: 50 % off', share: 0.5, basis: '区文件第3条' }], ...over,
});

describe('the rule table', () => {
  it('is seeded with the domain\'s BUILDING_RULES, row for row', async () => {
    const session = await planner();
    const res = await call(t.app, session, { method: 'GET', url: '/api/zoning/rules' });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Array<Record<string, unknown>>;
    for (const r of BUILDING_RULES) {
      const row = items.find((x) => x.code === r.id);
      expect(row, r.id).toMatchObject({
        regionCode: r.regionCode, validFrom: r.from, validTo: r.to, basis: r.basis, highRiseStoreys: r.highRiseStoreys, deepFoundationM: r.deepFoundationM,
        minAboveGroundM2: r.minAboveGroundAreaM2, ratio: r.ratio, residentialGroundFloor: r.residentialGroundFloor, grade: r.grade,
        feeFenPerM2: r.feeYuanPerM2 === null ? null : r.feeYuanPerM2 * 100, feeBasis: r.feeBasis, reductions: r.reductions,
      });
    }
  });

  it('a new version closes the open one the day before; an overlap is refused naming both ranges; a county user cannot write the city\'s', async () => {
    const session = await planner();
    const first = await call(t.app, session, { method: 'POST', url: '/api/zoning/rules', payload: ruleBody() });
    expect(first.statusCode, first.body).toBe(201);
    const second = await call(t.app, session, { method: 'POST', url: '/api/zoning/rules', payload: ruleBody({ validFrom: '2026-07-01', feeFenPerM2: 180_000 }) });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().closed).toMatchObject({ id: first.json().rule.id, validTo: '2026-06-30' });
    const overlap = await call(t.app, session, {
      method: 'POST', url: '/api/zoning/rules', payload: ruleBody({ validFrom: '2025-01-01', validTo: '2025-12-31' }), headers: { 'accept-language': 'en' },
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json()).toMatchObject({ code: 'ZONING_RULE_OVERLAP' });
    expect(overlap.json().message).toContain('2024-01-01 to 2026-06-30');
    const zh = await call(t.app, session, { method: 'POST', url: '/api/zoning/rules', payload: ruleBody({ validFrom: '2026-07-01' }) });
    expect(zh.statusCode).toBe(409);
    expect(zh.json().message).toContain('重叠');

    const county = (await givenSession(t, { roles: ['planner'], regionCode: FIXTURE.countyB })).session;
    const foreign = await call(t.app, county, { method: 'POST', url: '/api/zoning/rules', payload: ruleBody({ validFrom: '2030-01-01' }) });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe('ZONING_REGION_OUT_OF_SCOPE');
    // The county user sees the national and city versions, not countyA's.
    const seen = (await call(t.app, county, { method: 'GET', url: '/api/zoning/rules' })).json().items as Array<{ regionCode: string }>;
    expect(seen.map((r) => r.regionCode)).toEqual(expect.arrayContaining(['000000', '320600']));
    expect(seen.some((r) => r.regionCode === FIXTURE.countyA)).toBe(false);
  });

  it('the calculator uses the version in force on the date, and names it', async () => {
    const session = await planner();
    const q = `uses=commercial&storeys=12&aboveGroundAreaM2=30000&groundFloorAreaM2=1800&foundationDepthM=5&plannedM2=1000&regionCode=${FIXTURE.townA}`;
    const before = (await call(t.app, session, { method: 'GET', url: `/api/zoning/calculate?${q}&date=2026-06-30&reductions=small_business` })).json();
    expect(before).toMatchObject({ requiredM2: 1800, shortfallM2: 800, date: '2026-06-30', fee: { rateFenPerM2: 150_000, grossFen: 120_000_000, feeFen: 60_000_000 } });
    expect(before.rule.validFrom).toBe('2024-01-01');
    const after = (await call(t.app, session, { method: 'GET', url: `/api/zoning/calculate?${q}&date=2026-07-01` })).json();
    expect(after.fee).toMatchObject({ rateFenPerM2: 180_000, feeFen: feeFenOf(800, 180_000) });
    // countyB has only the city's example rate.
    const b = (await call(t.app, session, { method: 'GET', url: `/api/zoning/calculate?${q.replace(FIXTURE.townA, FIXTURE.townB)}&date=2026-07-01` })).json();
    expect(b.rule.code).toBe('example-local-rate');
    const old = await call(t.app, session, { method: 'GET', url: `/api/zoning/calculate?${q}&date=2001-01-01` });
    expect(old.statusCode).toBe(422);
  });

  it('a 易地建设费 assessment in the fees ledger computes from the stored version', async () => {
    const session = (await givenSession(t, { roles: ['system_admin'], regionCode: FIXTURE.city })).session;
    const res = await call(t.app, session, {
      method: 'POST', url: '/api/regulation/fees',
      payload: { kind: 'relocation_fee', title: '某项目易地建设费', regionCode: FIXTURE.townA, payerName: '某开发公司', assessedOn: '2026-08-01', dueOn: '2026-09-01', shortfallM2: 100 },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().balance.dueFen).toBe(18_000_000);
    expect(res.json().computation).toMatchObject({ ruleFrom: '2026-07-01', date: '2026-08-01' });
  });
});

describe('parcels and the pooling ledger', () => {
  it('saves a parcel, imports XLSX and GeoJSON (all or none), pools area into a work and adds up', async () => {
    const session = await planner();
    const saved = await call(t.app, session, {
      method: 'POST', url: '/api/zoning/parcels',
      payload: { regionCode: FIXTURE.townA, code: 'P-001', name: '滨江地块', requiredM2: 3000, poolingAllowed: true, boundary: square(120.87, 32.0) },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const wb = await newWorkbook();
    addSheet(wb, parcelSheet([
      { code: 'P-002', name: '东区地块', regionCode: FIXTURE.townB, landUse: '居住', areaM2: 50_000, requiredM2: 2000, poolingAllowed: true, planRef: '控规 2020' },
      { code: 'P-003', name: '北区地块', regionCode: FIXTURE.townB, landUse: null, areaM2: null, requiredM2: 1000, poolingAllowed: false, planRef: null },
    ]));
    const xlsx = await workbookBuffer(wb);
    const imp = await call(t.app, session, { method: 'POST', url: '/api/zoning/parcels/import', payload: xlsx, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
    expect(imp.statusCode, imp.body).toBe(201);
    expect(imp.json()).toEqual({ created: 2, updated: 0 });
    const bad = {
      type: 'FeatureCollection', features: [
        { type: 'Feature', properties: { code: 'P-004', name: 'x', regionCode: FIXTURE.townA, requiredM2: 10, poolingAllowed: true }, geometry: square(120.9, 32.0) },
        { type: 'Feature', properties: { code: 'P-005', name: 'y', regionCode: '999999', requiredM2: -1, poolingAllowed: '是' }, geometry: { type: 'Point', coordinates: [1, 2] } },
      ],
    };
    const refused = await call(t.app, session, { method: 'POST', url: '/api/zoning/parcels/import', payload: JSON.stringify(bad), headers: { 'content-type': 'application/geo+json' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('ZONING_IMPORT_INVALID');
    expect(refused.json().details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['GeoJSON!features[1]']));
    expect((await call(t.app, session, { method: 'GET', url: '/api/zoning/parcels' })).json().items.map((p: { code: string }) => p.code)).toEqual(['P-001', 'P-002', 'P-003']);
    bad.features.pop();
    const ok = await call(t.app, session, { method: 'POST', url: '/api/zoning/parcels/import', payload: JSON.stringify(bad), headers: { 'content-type': 'application/geo+json' } });
    expect(ok.statusCode, ok.body).toBe(201);
    const map = (await call(t.app, session, { method: 'GET', url: '/api/zoning/parcels/map' })).json();
    expect(map.features.map((f: { properties: { code: string } }) => f.properties.code).sort()).toEqual(['P-001', 'P-004']);

    const parcels = (await call(t.app, session, { method: 'GET', url: '/api/zoning/parcels' })).json().items as Array<{ id: number; code: string }>;
    const id = (code: string) => parcels.find((p) => p.code === code)!.id;
    const work = await workId('RF-A-001');
    const pool = (parcelId: number, areaM2: number) => call(t.app, session, {
      method: 'POST', url: '/api/zoning/pooling', payload: { parcelId, workId: work, areaM2, pooledOn: '2026-05-01', savingFenPerM2: 73_718, basis: '集中建设单方造价节约（示例）' },
    });
    const a = await pool(id('P-001'), 2500.5);
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json().savedFen).toBe(feeFenOf(2500.5, 73_718));
    expect((await pool(id('P-001'), 600)).json()).toMatchObject({ code: 'ZONING_POOLING_EXCEEDS' });
    expect((await pool(id('P-003'), 10)).json()).toMatchObject({ code: 'ZONING_POOLING_NOT_ALLOWED' });
    expect((await pool(id('P-002'), 2000)).statusCode).toBe(201);
    const ledger = (await call(t.app, session, { method: 'GET', url: '/api/zoning/pooling' })).json();
    expect(ledger.total).toMatchObject({ parcels: 2, entries: 2, areaM2: 4500.5, savedFen: feeFenOf(2500.5, 73_718) + feeFenOf(2000, 73_718) });
    expect(ledger.byArea.map((x: { regionCode: string }) => x.regionCode)).toEqual([FIXTURE.countyB, FIXTURE.countyA]);
    const file = await call(t.app, session, { method: 'GET', url: '/api/zoning/pooling/export.xlsx' });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');

    // A county user sees only its own parcels and ledger rows.
    const county = (await givenSession(t, { roles: ['planner'], regionCode: FIXTURE.countyB })).session;
    expect((await call(t.app, county, { method: 'GET', url: '/api/zoning/parcels' })).json().items.map((p: { code: string }) => p.code)).toEqual(['P-002', 'P-003']);
    expect((await call(t.app, county, { method: 'GET', url: '/api/zoning/pooling' })).json().total.entries).toBe(1);
    expect((await call(t.app, county, { method: 'GET', url: `/api/zoning/calculate?uses=office&storeys=3&aboveGroundAreaM2=1&groundFloorAreaM2=1&foundationDepthM=1&parcelId=${id('P-001')}` })).statusCode).toBe(404);
  });
});
