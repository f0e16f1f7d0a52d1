/**
 * The registry's files through HTTP on a real database: export of the jurisdiction's sirens, import back unchanged,
 * import creating and updating by code, all or none with every problem of every row named, out-of-scope rows
 * refused, and who may do it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvBuffer } from '../../lib/xlsx/csv.ts';
import { loadWorkbook, sheetRows } from '../../lib/xlsx/read.ts';
import { FIXTURE, call, createTestApp, givenSession, testFieldCipher, type Session, type TestContext } from '../../test/harness.ts';
import { sirenSheet, type SirenRecord } from './registry.exchange.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let t: TestContext;
let manager: Session;
let countyManager: Session;
beforeAll(async () => {
  t = await createTestApp();
  manager = (await givenSession(t, { roles: ['siren_manager'], regionCode: FIXTURE.city })).session;
  countyManager = (await givenSession(t, { roles: ['siren_manager'], regionCode: FIXTURE.countyA })).session;
});
afterAll(() => t.close());

const record = (code: string, over: Partial<SirenRecord> = {}): SirenRecord => ({
  code, name: `导入警报器 ${code}`, regionCode: FIXTURE.townA, location: [120.875, 32.005], kind: 'electronic', controlChannel: 'mqtt', terminalId: null,
  ratedPowerW: 600, ratedLevelDb: 115, referenceDistanceM: 30, mountHeightM: 18.5, hostUnit: '和平桥街道办事处', contactName: '张工', contactPhone: '13812345678',
  installedYear: 2021, ...over,
});
const importCsv = (who: Session, sirens: SirenRecord[], lang = 'zh-CN') =>
  call(t.app, who, { method: 'POST', url: '/api/sirens/import', payload: csvBuffer(sirenSheet(sirens)), headers: { 'content-type': 'text/csv', 'accept-language': lang } });
const auditCount = async (action: string) => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1', [action])).rows[0]!.n;
const sirenState = async () => (await t.db.query('SELECT code, name, region_code, ST_AsText(location) AS loc, kind, rated_power_w, rated_level_db, reference_distance_m, mount_height_m, host_unit, contact_name, terminal_id, terminal_key, installed_year, control_channel, version FROM siren ORDER BY code')).rows;

describe('siren registry files', () => {
  it('imports new sirens from CSV (phones sealed, remote ones with a terminal and key), then the same file again changes nothing', async () => {
    const res = await importCsv(manager, [record('IMP-1'), record('IMP-2', { controlChannel: 'manual', contactPhone: null, kind: 'manual' })]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const rows = (await t.db.query<{ code: string; contact_phone: string | null; terminal_id: string | null; terminal_key: string | null }>(
      "SELECT code, contact_phone, terminal_id, terminal_key FROM siren WHERE code LIKE 'IMP-%' ORDER BY code")).rows;
    expect(testFieldCipher().decrypt(rows[0]!.contact_phone!, 'siren.contact_phone')).toBe('13812345678');
    expect(rows[0]).toMatchObject({ terminal_id: 'IMP-1', terminal_key: expect.stringMatching(/^sm4:v1:/) });
    expect(rows[1]).toMatchObject({ contact_phone: null, terminal_id: null, terminal_key: null });
    const again = await importCsv(manager, [record('IMP-1'), record('IMP-2', { controlChannel: 'manual', contactPhone: null, kind: 'manual' })]);
    expect(again.json()).toEqual({ created: 0, updated: 0, unchanged: 2 });
  });

  it('exports the jurisdiction with every registry field, and importing the export leaves the registry unchanged (XLSX and CSV)', async () => {
    await importCsv(manager, [record('RT-1', { terminalId: 'T-RT-1' }), record('RT-2', { regionCode: FIXTURE.townB, location: [121.07, 32.07], ratedPowerW: null })]);
    const before = await sirenState();
    const exported = await call(t.app, manager, { method: 'GET', url: '/api/sirens/export' });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toBe(XLSX);
    expect(exported.headers['content-disposition']).toMatch(/filename\*=UTF-8''%E8%AD%A6%E6%8A%A5%E5%99%A8-\d{8}\.xlsx/);
    const rows = sheetRows((await loadWorkbook(exported.rawPayload)).worksheets[0]!);
    expect(rows[0]).toEqual(['编号*', '名称*', '区划代码*', '经度*', '纬度*', '类型*', '控制方式*', '终端编号', '额定功率W', '额定声级dB', '参考距离m', '安装高度m', '设置单位', '联系人', '联系电话', '安装年份']);
    expect(rows.find((r) => r[0] === 'RT-1')).toEqual(['RT-1', '导入警报器 RT-1', FIXTURE.townA, 120.875, 32.005, '电声警报器', '网络遥控', 'T-RT-1', 600, 115, 30, 18.5, '和平桥街道办事处', '张工', '13812345678', 2021]);
    expect(await auditCount('siren.export')).toBeGreaterThan(0);

    const back = await call(t.app, manager, { method: 'POST', url: '/api/sirens/import', payload: exported.rawPayload, headers: { 'content-type': XLSX } });
    expect(back.statusCode, back.body).toBe(201);
    expect(back.json()).toMatchObject({ created: 0, updated: 0 });
    const csv = await call(t.app, manager, { method: 'GET', url: '/api/sirens/export?format=csv' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const backCsv = await call(t.app, manager, { method: 'POST', url: '/api/sirens/import', payload: csv.rawPayload, headers: { 'content-type': 'text/csv' } });
    expect(backCsv.json()).toMatchObject({ created: 0, updated: 0 });
    expect(await sirenState()).toEqual(before);
  });

  it('updates by code: changed fields only, audited per siren; leaving the network drops the terminal and its key', async () => {
    await importCsv(manager, [record('UPD-1')]);
    const auditsBefore = await auditCount('siren.update');
    const res = await importCsv(manager, [record('UPD-1', { name: '改过的名字', controlChannel: 'manual', contactPhone: '13900000000' })]);
    expect(res.json()).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const row = (await t.db.query<{ name: string; terminal_id: string | null; terminal_key: string | null; version: number; contact_phone: string }>(
      "SELECT name, terminal_id, terminal_key, version, contact_phone FROM siren WHERE code = 'UPD-1'")).rows[0]!;
    expect(row).toMatchObject({ name: '改过的名字', terminal_id: null, terminal_key: null, version: 2 });
    expect(testFieldCipher().decrypt(row.contact_phone, 'siren.contact_phone')).toBe('13900000000');
    expect(await auditCount('siren.update')).toBe(auditsBefore + 1);
    const audit = JSON.stringify((await t.db.query("SELECT after FROM audit_log WHERE action = 'siren.update' ORDER BY seq DESC LIMIT 1")).rows[0]);
    expect(audit).not.toContain('13900000000');
  });

  it('imports nothing when any row is bad, and names every problem of every row, database rules included', async () => {
    await importCsv(manager, [record('TAKEN-1', { terminalId: 'T-TAKEN' })]);
    const before = await sirenState();
    const file = [
      record('OK-9'),
      record('BAD-2', { regionCode: '320699' }),
      record('BAD-3', { terminalId: 'T-TAKEN', ratedLevelDb: 200 }),
      record('BAD-4', { regionCode: '110101' }),
    ];
    const res = await importCsv(manager, file, 'en');
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('SIRENS_IMPORT_INVALID');
    expect(body.message).toBe('file: 4 errors, no siren imported; the first at 警报器!3: region code: 320699 does not exist');
    expect(body.details.map((d: { field: string }) => d.field)).toEqual(['警报器!3', '警报器!J4', '警报器!4', '警报器!5']);
    expect(body.details.map((d: { message: string }) => d.message)).toEqual([
      '警报器!3: region code: 320699 does not exist',
      '警报器!J4: rated level dB: 200 is outside 40–160',
      '警报器!4: terminal id: T-TAKEN is already used by another siren',
      '警报器!5: region code: 110101 is outside your jurisdiction',
    ]);
    expect((await importCsv(manager, file)).json().details[0].message).toBe('警报器!3：「区划代码」320699 不存在');
    expect(await sirenState()).toEqual(before);
  });

  it('keeps a county to its own sirens: exports only those, and may not take over a code of another county', async () => {
    await importCsv(manager, [record('CTY-A'), record('CTY-B', { regionCode: FIXTURE.townB, location: [121.07, 32.07] })]);
    const exported = await call(t.app, countyManager, { method: 'GET', url: '/api/sirens/export?format=csv' });
    const text = exported.rawPayload.toString('utf8');
    expect(text).toContain('CTY-A');
    expect(text).not.toContain('CTY-B');
    const res = await importCsv(countyManager, [record('CTY-B')], 'en');
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].message).toBe('警报器!2: code: CTY-B is used by a siren outside your jurisdiction');
  });

  it('answers an unreadable file in one line, serves a template, and leaves the files to who may edit sirens', async () => {
    const junk = await call(t.app, manager, { method: 'POST', url: '/api/sirens/import', payload: Buffer.from('not a zip'), headers: { 'content-type': XLSX } });
    expect(junk.statusCode).toBe(400);
    expect(junk.json().code).toBe('SIRENS_IMPORT_UNREADABLE');
    const template = await call(t.app, manager, { method: 'GET', url: '/api/sirens/import-template?format=csv' });
    expect(template.rawPayload.toString('utf8')).toMatch(/^\uFEFF编号\*,名称\*/);
    const empty = await call(t.app, manager, { method: 'POST', url: '/api/sirens/import', payload: template.rawPayload, headers: { 'content-type': 'text/csv' } });
    expect(empty.json()).toEqual({ created: 0, updated: 0, unchanged: 0 });
    const viewer = (await givenSession(t, { roles: ['viewer'] })).session;
    expect((await call(t.app, viewer, { method: 'GET', url: '/api/sirens/export' })).statusCode).toBe(403);
    expect((await importCsv(viewer, [record('V-1')])).statusCode).toBe(403);
  });
});
