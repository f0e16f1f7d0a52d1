import { randomUUID, createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '@civdef/domain';
import { FIXTURE, call, createTestApp, createUser, signIn, type Session, type TestContext } from '../../../test/harness.ts';
import { addDays, shanghaiDate } from '../../../lib/time.ts';
import { givenLoadedWork, givenWork } from '../test-fixtures.ts';
import { todayShanghai } from './upkeep.service.ts';

// Every case makes the works it inspects, maintains or files documents for (in 崇川, the inspector's county), so
// no case depends on another; the harness's seeded works are shared read-only.
let t: TestContext;
let manager: Session;
let inspector: Session;
let county: Session;
let admin: Session;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-upkeep-'));

beforeAll(async () => {
  t = await createTestApp({ CIVDEF_DATA_DIR: dataDir });
  await createUser(t.db, 'upkeep-mgr', ['works_manager'], FIXTURE.city);
  await createUser(t.db, 'cc-inspector', ['inspector'], FIXTURE.countyA);
  await createUser(t.db, 'tz-viewer', ['viewer'], FIXTURE.countyB);
  await createUser(t.db, 'upkeep-root', ['system_admin'], FIXTURE.city);
  manager = await signIn(t.app, 'upkeep-mgr');
  inspector = await signIn(t.app, 'cc-inspector');
  county = await signIn(t.app, 'tz-viewer');
  admin = await signIn(t.app, 'upkeep-root');
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(sql, params)).rows[0]!.n;

/** A work whose plans started on 2024-11-30, so several are overdue today. */
async function givenOverdueWork() {
  const w = await givenLoadedWork(t.db);
  const res = await call(t.app, manager, { method: 'POST', url: `/api/works/${w.id}/maintenance-plans/generate`, payload: { startOn: '2024-11-30' } });
  expect(res.statusCode, res.body).toBe(200);
  return { ...w, plans: res.json().items as Array<{ id: number; scheduleCode: string; nextDueOn: string; overdue: boolean }> };
}

describe('maintenance plans and records', () => {
  it('generates one plan per active schedule with due dates one interval after the start', async () => {
    const schedules = (await call(t.app, manager, { method: 'GET', url: '/api/works/maintenance-schedules' })).json().items;
    expect(schedules).toHaveLength(8);
    const { id, plans } = await givenOverdueWork();
    expect(plans).toHaveLength(8);
    expect(plans.find((p) => p.scheduleCode === 'routine_quarterly')!.nextDueOn).toBe('2025-02-28');
    expect(plans.find((p) => p.scheduleCode === 'filters_biennial')!.nextDueOn).toBe('2026-11-30');
    expect(plans.filter((p) => p.overdue).length).toBeGreaterThan(0);
    const again = await call(t.app, manager, { method: 'POST', url: `/api/works/${id}/maintenance-plans/generate`, payload: {} });
    expect(again.json().items).toHaveLength(8);
  });

  it('shows overdue upkeep in the list filter, the detail and the statistics', async () => {
    const w = await givenOverdueWork();
    const q = encodeURIComponent(w.code);
    const list = await call(t.app, manager, { method: 'GET', url: `/api/works?overdue=true&q=${q}` });
    expect(list.json().items.map((x: { code: string }) => x.code)).toEqual([w.code]);
    const detail = (await call(t.app, manager, { method: 'GET', url: `/api/works/${w.id}` })).json();
    expect(detail.upkeep.overduePlans).toBeGreaterThan(0);
    const stats = (await call(t.app, manager, { method: 'GET', url: `/api/works/stats?q=${q}` })).json();
    expect(stats.totals.overdueWorks).toBe(1);
    const due = (await call(t.app, manager, { method: 'GET', url: '/api/works/upkeep/due?withinDays=0' })).json();
    const overdueIds = w.plans.filter((p) => p.overdue).map((p) => p.id);
    expect(due.items.map((p: { id: number }) => p.id)).toEqual(expect.arrayContaining(overdueIds));
    expect(due.total).toBe(due.items.length);
    expect(due.overdue).toBe(due.items.filter((p: { overdue: boolean }) => p.overdue).length);
    // Paging: the total stays; pages follow one another in order.
    const page1 = (await call(t.app, manager, { method: 'GET', url: '/api/works/upkeep/due?withinDays=366&limit=2' })).json();
    const page2 = (await call(t.app, manager, { method: 'GET', url: '/api/works/upkeep/due?withinDays=366&limit=2&offset=2' })).json();
    expect(page1.total).toBeGreaterThan(2);
    expect(page2.total).toBe(page1.total);
    expect(page1.items).toHaveLength(2);
    expect([...page1.items, ...page2.items].map((p: { id: number }) => p.id)).toEqual(
      (await call(t.app, manager, { method: 'GET', url: '/api/works/upkeep/due?withinDays=366&limit=4' })).json().items.map((p: { id: number }) => p.id),
    );
  });

  it('a record against a plan moves its next due date on', async () => {
    const w = await givenWork(t.app, manager);
    const plans = (await call(t.app, manager, { method: 'GET', url: `/api/works/${w.id}/maintenance-plans` })).json().items;
    const quarterly = plans.find((p: { scheduleCode: string }) => p.scheduleCode === 'routine_quarterly');
    const today = todayShanghai();
    const res = await call(t.app, inspector, { method: 'POST', url: `/api/works/${w.id}/maintenance-records`, payload: { planId: quarterly.id, discipline: 'civil', doneOn: today, description: '例行维护，清理排水沟' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().plan).toMatchObject({ nextDueOn: addMonths(today, 3), lastDoneOn: today, overdue: false });
    const records = (await call(t.app, manager, { method: 'GET', url: `/api/works/${w.id}/maintenance-records` })).json().items;
    expect(records[0]).toMatchObject({ planId: quarterly.id, description: '例行维护，清理排水沟' });
    const wrongPlan = await call(t.app, inspector, { method: 'POST', url: `/api/works/${w.id}/maintenance-records`, payload: { planId: 99999, discipline: 'civil', doneOn: '2024-01-15', description: 'x' } });
    expect(wrongPlan.json().code).toBe('WORKS_PLAN_NOT_FOUND');
  });

  it('refuses a maintenance date after today (Asia/Shanghai) with 400 naming doneOn, and records nothing', async () => {
    const w = await givenWork(t.app, manager);
    const records = () => count('SELECT count(*)::int AS n FROM maintenance_record');
    const before = await records();
    const tomorrow = addDays(todayShanghai(), 1);
    const res = await call(t.app, inspector, { method: 'POST', url: `/api/works/${w.id}/maintenance-records`, headers: { 'accept-language': 'en' }, payload: { discipline: 'civil', doneOn: tomorrow, description: '明天的维护' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('WORKS_RECORD_DATE_FUTURE');
    expect(res.json().message).toContain('doneOn');
    expect(res.json().message).toContain(tomorrow);
    const zh = await call(t.app, inspector, { method: 'POST', url: `/api/works/${w.id}/maintenance-records`, headers: { 'accept-language': 'zh-CN' }, payload: { discipline: 'civil', doneOn: '2999-12-31', description: 'x' } });
    expect(zh.json().message).toContain('不能晚于今天');
    expect(await records()).toBe(before);
  });

  it('only a system administrator changes a schedule', async () => {
    const url = '/api/works/maintenance-schedules/fans_monthly';
    const before = (await call(t.app, admin, { method: 'GET', url: '/api/works/maintenance-schedules' })).json().items.find((s: { code: string }) => s.code === 'fans_monthly');
    expect((await call(t.app, manager, { method: 'PATCH', url, payload: { intervalMonths: 2 } })).statusCode).toBe(403);
    try {
      const ok = await call(t.app, admin, { method: 'PATCH', url, payload: { intervalMonths: 2 } });
      expect(ok.json()).toMatchObject({ code: 'fans_monthly', intervalMonths: 2 });
    } finally {
      // Schedules are city-wide configuration: put it back for the other cases.
      await call(t.app, admin, { method: 'PATCH', url, payload: { intervalMonths: before.intervalMonths } });
    }
  });
});

describe('field inspections', () => {
  const inspectedAt = new Date().toISOString();
  // Deadlines count in Asia/Shanghai days: from 16:00 UTC the inspection's local day is already the next one.
  const in30Days = addDays(shanghaiDate(inspectedAt), 30);
  const inspection = (workId: number, over: Record<string, unknown> = {}) => ({
    clientId: randomUUID(), workId, inspectedAt, location: [120.8711, 32.0021], accuracyM: 8,
    checklist: [{ item: 'leaks', result: 'problem', note: '东侧墙渗水' }, { item: 'signs', result: 'ok' }],
    findings: [{ category: 'leaks', description: '东侧墙体渗漏', deadline: '2020-01-01' }, { category: 'exits', description: '次要出入口堆放杂物' }],
    photos: [{ fileName: 'leak.jpg', mediaType: 'image/jpeg', dataBase64: JPEG.toString('base64') }],
    ...over,
  });
  const submit = (items: unknown[], headers: Record<string, string> = {}) =>
    call(t.app, inspector, { method: 'POST', url: '/api/works/inspections/batch', headers, payload: { items } });

  it('stores an offline batch once: a resubmission is recognised as a duplicate', async () => {
    const w = await givenWork(t.app, manager);
    const item = inspection(w.id);
    const elsewhere = (await t.db.query<{ id: number }>(`SELECT id FROM work WHERE code = 'RF-B-001'`)).rows[0]!.id;
    const res = await submit([
      item,
      inspection(w.id, { photos: [{ fileName: 'x.jpg', mediaType: 'image/jpeg', dataBase64: Buffer.from('MZ not a jpeg').toString('base64') }] }),
      inspection(elsewhere),
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const [ok, photo, scope] = res.json().items;
    expect(ok).toMatchObject({ clientId: item.clientId, status: 'created' });
    expect(photo).toMatchObject({ status: 'rejected', code: 'WORKS_FILE_TYPE' });
    expect(scope).toMatchObject({ status: 'rejected', code: 'WORKS_NOT_FOUND' });
    const again = await submit([item]);
    expect(again.json().items[0]).toMatchObject({ status: 'duplicate', inspectionId: ok.inspectionId });
    expect(await count('SELECT count(*)::int AS n FROM inspection WHERE work_id = $1', [w.id])).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM work_document WHERE doc_type = 'inspection_photo' AND work_id = $1`, [w.id])).toBe(1);
    const list = (await call(t.app, manager, { method: 'GET', url: `/api/works/${w.id}/inspections` })).json().items;
    expect(list[0]).toMatchObject({ clientId: item.clientId, inspector: 'cc-inspector', accuracyM: 8, photoIds: [expect.any(Number)] });
    expect(list[0].distanceM).toBeLessThan(20);
    const photoRes = await call(t.app, manager, { method: 'GET', url: `/api/works/documents/${list[0].photoIds[0]}/content` });
    expect(photoRes.rawPayload.equals(JPEG)).toBe(true);
  });

  it('refuses a clientId reused for another work with its own code naming the clientId, and stores nothing', async () => {
    const [w1, w2] = [await givenWork(t.app, manager), await givenWork(t.app, manager)];
    const reused = randomUUID();
    const bare = (workId: number) => ({ clientId: reused, workId, inspectedAt, checklist: [], findings: [], photos: [] });
    expect((await submit([bare(w1.id)])).json().items[0]).toMatchObject({ status: 'created' });
    const res = await submit([bare(w2.id)], { 'accept-language': 'en' });
    expect(res.json().items[0]).toMatchObject({ status: 'rejected', code: 'WORKS_INSPECTION_CLIENT_ID_REUSED' });
    expect(res.json().items[0].message).toContain(reused);
    expect(await count('SELECT count(*)::int AS n FROM inspection WHERE work_id = $1', [w2.id])).toBe(0);
  });

  it('answers a leap-second item rejected on its own, naming inspectedAt, and stores the others (was a 500 after the first was saved)', async () => {
    const w = await givenWork(t.app, manager);
    const [before, after] = [inspection(w.id, { photos: [] }), inspection(w.id, { photos: [] })];
    const leap = inspection(w.id, { inspectedAt: '2026-12-31T23:59:60Z', photos: [] });
    const res = await submit([before, leap, after], { 'accept-language': 'en' });
    if (res.statusCode === 400) {
      // Refused at the edge by the request schema: then nothing at all may have been stored.
      expect(res.json().message).toContain('inspectedAt');
      expect(await count('SELECT count(*)::int AS n FROM inspection WHERE work_id = $1', [w.id])).toBe(0);
      return;
    }
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((i: { status: string }) => i.status)).toEqual(['created', 'rejected', 'created']);
    expect(res.json().items[1]).toMatchObject({ clientId: leap.clientId, code: 'WORKS_INSPECTION_TIME_INVALID', inspectionId: null });
    expect(res.json().items[1].message).toContain('inspectedAt');
    expect(await count('SELECT count(*)::int AS n FROM inspection WHERE work_id = $1', [w.id])).toBe(2);
    const zh = (await submit([leap])).json().items[0];
    expect(zh.message).toContain('巡检时间');
  });

  it('refuses an item with a year-0000 time or deadline on its own, naming the field (was an internal failure)', async () => {
    const w = await givenWork(t.app, manager);
    const res = await submit([
      inspection(w.id, { inspectedAt: '0000-01-01T00:00:00Z', photos: [] }),
      inspection(w.id, { findings: [{ category: 'leaks', description: '渗漏', deadline: '0000-01-01' }], photos: [] }),
      inspection(w.id, { photos: [] }),
    ], { 'accept-language': 'en' });
    expect(res.statusCode, res.body).toBe(200);
    const [time, deadline, ok] = res.json().items;
    expect(time).toMatchObject({ status: 'rejected', code: 'WORKS_INSPECTION_TIME_INVALID' });
    expect(deadline).toMatchObject({ status: 'rejected', code: 'WORKS_INSPECTION_DEADLINE_INVALID' });
    expect(deadline.message).toContain('findings[0].deadline');
    expect(ok).toMatchObject({ status: 'created' });
    expect(await count('SELECT count(*)::int AS n FROM inspection WHERE work_id = $1', [w.id])).toBe(1);
  });

  it("does not reveal another county's inspection through its clientId", async () => {
    const mine = await givenWork(t.app, manager);
    const theirs = (await t.db.query<{ id: number }>(`SELECT id FROM work WHERE code = 'RF-B-001'`)).rows[0]!.id;
    const clientId = randomUUID();
    const bare = (workId: number) => ({ clientId, workId, inspectedAt, checklist: [], findings: [], photos: [] });
    await createUser(t.db, 'tz-inspector', ['inspector'], FIXTURE.countyB);
    const other = await signIn(t.app, 'tz-inspector');
    const stored = (await call(t.app, other, { method: 'POST', url: '/api/works/inspections/batch', payload: { items: [bare(theirs)] } })).json().items[0];
    expect(stored).toMatchObject({ status: 'created' });
    const probe = (await submit([bare(mine.id)], { 'accept-language': 'en' })).json().items[0];
    expect(probe).toMatchObject({ status: 'rejected', code: 'WORKS_INSPECTION_CLIENT_ID_TAKEN', inspectionId: null });
    // No number but the caller's own clientId: neither the other work's id nor the inspection's.
    expect(probe.message.replace(clientId, '')).not.toMatch(/\d/);
    const sameWork = (await submit([bare(theirs)])).json().items[0];
    expect(sameWork).toMatchObject({ status: 'rejected', code: 'WORKS_NOT_FOUND', inspectionId: null });
  });

  it('turns findings into rectification tasks with overdue state, and closes them', async () => {
    const w = await givenWork(t.app, manager);
    expect((await submit([inspection(w.id)])).json().items[0].status).toBe('created');
    const overdue = (await call(t.app, manager, { method: 'GET', url: `/api/works/rectifications?status=overdue&workId=${w.id}` })).json();
    expect(overdue.items.map((r: { description: string }) => r.description)).toEqual(['东侧墙体渗漏']);
    const open = (await call(t.app, manager, { method: 'GET', url: `/api/works/rectifications?status=open&workId=${w.id}` })).json();
    expect(open.total).toBe(2);
    expect(open.items.find((r: { category: string }) => r.category === 'exits').deadline).toBe(in30Days);
    const id = overdue.items[0].id;
    const closed = await call(t.app, inspector, { method: 'POST', url: `/api/works/rectifications/${id}/close`, payload: { note: '已封堵' } });
    expect(closed.json()).toMatchObject({ status: 'closed', overdue: false, closedBy: 'cc-inspector' });
    expect((await call(t.app, inspector, { method: 'POST', url: `/api/works/rectifications/${id}/close`, payload: { note: 'again' } })).statusCode).toBe(409);
    const detail = (await call(t.app, manager, { method: 'GET', url: `/api/works/${w.id}` })).json();
    expect(detail).toMatchObject({ signStatus: 'complete', upkeep: { openRectifications: 1, overdueRectifications: 0 } });
  });

  it('sets sign status directly and validates the batch body', async () => {
    const w = await givenWork(t.app, manager);
    expect((await call(t.app, inspector, { method: 'PUT', url: `/api/works/${w.id}/sign`, payload: { status: 'damaged', note: '标牌脱落' } })).statusCode).toBe(204);
    expect((await call(t.app, manager, { method: 'GET', url: `/api/works/${w.id}` })).json()).toMatchObject({ signStatus: 'damaged', signNote: '标牌脱落' });
    const bad = await submit([{ ...inspection(w.id), clientId: 'not-a-uuid' }]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('clientId');
    expect((await call(t.app, inspector, { method: 'GET', url: '/api/works/inspections/checklist' })).json().items.length).toBe(10);
  });
});

describe('archives', () => {
  const pdf = Buffer.from('%PDF-1.4\n% civdef test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const form = (fileName: string, data: Buffer) => {
    const boundary = '----civdefDocBoundary';
    return {
      payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    };
  };
  const upload = (workId: number, query: string, f: ReturnType<typeof form>) =>
    call(t.app, manager, { method: 'POST', url: `/api/works/${workId}/documents?${query}`, payload: f.payload, headers: f.headers });

  it('stores an upload under the data directory with checksums and serves it back', async () => {
    const w = await givenWork(t.app, manager);
    const photo = { clientId: randomUUID(), workId: w.id, inspectedAt: new Date().toISOString(), checklist: [], findings: [], photos: [{ fileName: 'p.jpg', mediaType: 'image/jpeg', dataBase64: JPEG.toString('base64') }] };
    expect((await call(t.app, inspector, { method: 'POST', url: '/api/works/inspections/batch', payload: { items: [photo] } })).json().items[0].status).toBe('created');
    const res = await upload(w.id, `docType=acceptance_report&title=${encodeURIComponent('竣工验收')}`, form('竣工验收报告.pdf', pdf));
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json();
    expect(doc).toMatchObject({ docType: 'acceptance_report', fileName: '竣工验收报告.pdf', mediaType: 'application/pdf', sizeBytes: pdf.length, uploader: 'upkeep-mgr' });
    expect(doc.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(doc.sm3).toMatch(/^[0-9a-f]{64}$/);
    expect(doc).not.toHaveProperty('storageKey');
    const key = (await t.db.query<{ k: string }>('SELECT storage_key AS k FROM work_document WHERE id = $1', [doc.id])).rows[0]!.k;
    expect(fs.readFileSync(path.join(dataDir, 'files', key)).equals(pdf)).toBe(true);
    const back = await call(t.app, manager, { method: 'GET', url: `/api/works/documents/${doc.id}/content` });
    expect(back.rawPayload.equals(pdf)).toBe(true);
    expect(back.headers['content-disposition']).toContain(encodeURIComponent('竣工验收报告.pdf'));
    const list = (await call(t.app, manager, { method: 'GET', url: `/api/works/${w.id}/documents` })).json().items;
    expect(list.map((d: { docType: string }) => d.docType).sort()).toEqual(['acceptance_report', 'inspection_photo']);
    expect((await call(t.app, county, { method: 'GET', url: `/api/works/documents/${doc.id}/content` })).statusCode).toBe(404);
  });

  it('answers 404 (not a broken stream) for a document whose file is missing from the data directory', async () => {
    const w = await givenWork(t.app, manager);
    const doc = (await upload(w.id, 'docType=acceptance_report', form('图纸.pdf', pdf))).json();
    const key = (await t.db.query<{ k: string }>('SELECT storage_key AS k FROM work_document WHERE id = $1', [doc.id])).rows[0]!.k;
    fs.rmSync(path.join(dataDir, 'files', key));
    const res = await call(t.app, manager, { method: 'GET', url: `/api/works/documents/${doc.id}/content`, headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toMatchObject({ code: 'WORKS_DOCUMENT_FILE_MISSING' });
    expect(res.json().message).toContain(`document ${doc.id}`);
  });

  it('refuses disallowed types, disguised files and a missing file', async () => {
    const w = await givenWork(t.app, manager);
    const before = await count('SELECT count(*)::int AS n FROM work_document WHERE work_id = $1', [w.id]);
    expect((await upload(w.id, 'docType=other', form('tool.exe', Buffer.from('MZ...')))).statusCode).toBe(415);
    expect((await upload(w.id, 'docType=other', form('report.pdf', Buffer.from('MZ pretending')))).statusCode).toBe(415);
    expect((await call(t.app, manager, { method: 'POST', url: `/api/works/${w.id}/documents?docType=other`, payload: {} })).statusCode).toBe(400);
    expect((await upload(w.id, 'docType=inspection_photo', form('report.pdf', Buffer.from('MZ pretending')))).statusCode).toBe(400);
    expect(await count('SELECT count(*)::int AS n FROM work_document WHERE work_id = $1', [w.id])).toBe(before);
  });

  it('answers a multipart upload cut off mid-file with 400 naming the file field, not 500, and stores nothing', async () => {
    const w = await givenWork(t.app, manager);
    const boundary = '----civdefCutDoc';
    const cut = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      Buffer.from('%PDF-1.7\n'), Buffer.alloc(4096, 0x20),
    ]);
    const res = await call(t.app, manager, {
      method: 'POST', url: `/api/works/${w.id}/documents?docType=other`, payload: cut, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'accept-language': 'en' },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'WORKS_UPLOAD_INCOMPLETE' });
    expect(res.json().message).toContain('"file"');
    expect(await count('SELECT count(*)::int AS n FROM work_document WHERE work_id = $1', [w.id])).toBe(0);
  });
});

// Last in the file: it adds a schedule, and the cases above count the eight of the migration.
describe('the due list as a work list: filters, days overdue, export, a new maintenance item', () => {
  it('filters by district and discipline, says how many days each plan is overdue and names it in English', async () => {
    const w = await givenOverdueWork();
    const today = todayShanghai();
    const url = (q: string) => `/api/works/upkeep/due?withinDays=0&limit=1000&${q}`;
    const all = (await call(t.app, manager, { method: 'GET', url: url('') })).json();
    const mine = all.items.filter((p: { workId: number }) => p.workId === w.id) as Array<{ nextDueOn: string; daysOverdue: number; discipline: string; title: string; titleEn: string; scheduleCode: string }>;
    expect(mine.length).toBeGreaterThan(0);
    for (const p of mine) expect(p.daysOverdue).toBe(Math.round((Date.parse(today) - Date.parse(p.nextDueOn)) / 86_400_000));
    expect(mine.find((p) => p.scheduleCode === 'fans_monthly')).toMatchObject({ title: '风机每月运行1小时', titleEn: 'Fans run 1 h monthly' });

    const ventilation = (await call(t.app, manager, { method: 'GET', url: url('discipline=ventilation') })).json();
    expect(ventilation.items.length).toBeGreaterThan(0);
    expect(new Set(ventilation.items.map((p: { discipline: string }) => p.discipline))).toEqual(new Set(['ventilation']));
    expect(ventilation.total).toBe(all.items.filter((p: { discipline: string }) => p.discipline === 'ventilation').length);

    const inA = (await call(t.app, manager, { method: 'GET', url: url(`regionCode=${FIXTURE.countyA}`) })).json();
    expect(inA.items.some((p: { workId: number }) => p.workId === w.id)).toBe(true);
    expect(inA.items.every((p: { regionCode: string }) => p.regionCode.startsWith(FIXTURE.countyA))).toBe(true);
    // The city's own code (320600) holds every district's works.
    expect((await call(t.app, manager, { method: 'GET', url: url(`regionCode=${FIXTURE.city}`) })).json().total).toBe(all.total);
    const inB = (await call(t.app, manager, { method: 'GET', url: url(`regionCode=${FIXTURE.countyB}`) })).json();
    expect(inB.items.some((p: { workId: number }) => p.workId === w.id)).toBe(false);
    // A district outside the caller's jurisdiction finds nothing (it never widens the scope).
    const outside = (await call(t.app, county, { method: 'GET', url: url(`regionCode=${FIXTURE.countyA}`) })).json();
    expect(outside).toMatchObject({ items: [], total: 0 });
  });

  it('exports the filtered due list as CSV with days overdue, and audits the export', async () => {
    const w = await givenOverdueWork();
    const res = await call(t.app, manager, { method: 'GET', url: `/api/works/upkeep/due/export?withinDays=0&discipline=ventilation&regionCode=${FIXTURE.countyA}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('工程编号,工程名称,行政区划代码,维护项目,专业,周期(月),到期日,逾期天数,上次完成');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r[4] === '通风')).toBe(true);
    const mine = rows.filter((r) => r[0] === w.code);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => Number(r[7]) > 0)).toBe(true);
    const audit = (await t.db.query<{ after: { plans: number } }>(`SELECT after FROM audit_log WHERE action = 'maintenance_plan.export' ORDER BY seq DESC LIMIT 1`)).rows[0]!;
    expect(audit.after.plans).toBe(rows.length);
  });

  it('adds a maintenance item: every work that needs upkeep gets its plan; a taken code is refused by name', async () => {
    const w = await givenWork(t.app, manager);
    const scrapped = await givenLoadedWork(t.db, { lifecycleState: 'scrapped' });
    const body = { code: 'sumps_yearly', discipline: 'water', name: '集水井年度清理', nameEn: 'Sumps cleaned yearly', intervalMonths: 12 };
    expect((await call(t.app, manager, { method: 'POST', url: '/api/works/maintenance-schedules', payload: body })).statusCode).toBe(403);
    const res = await call(t.app, admin, { method: 'POST', url: '/api/works/maintenance-schedules', payload: body });
    expect(res.statusCode, res.body).toBe(201);
    const needing = await count(`SELECT count(*)::int AS n FROM work WHERE lifecycle_state NOT IN ('demolished', 'scrapped')`);
    expect(res.json()).toEqual({ schedule: { ...body, active: true }, plansCreated: needing });
    const plansOf = async (id: number) => (await call(t.app, manager, { method: 'GET', url: `/api/works/${id}/maintenance-plans` })).json().items as Array<{ scheduleCode: string; nextDueOn: string; titleEn: string }>;
    expect((await plansOf(w.id)).find((p) => p.scheduleCode === 'sumps_yearly')).toMatchObject({ nextDueOn: addMonths(todayShanghai(), 12), titleEn: 'Sumps cleaned yearly' });
    expect((await plansOf(scrapped.id)).find((p) => p.scheduleCode === 'sumps_yearly')).toBeUndefined();

    const again = await call(t.app, admin, { method: 'POST', url: '/api/works/maintenance-schedules', headers: { 'accept-language': 'en' }, payload: { ...body, name: '另一个' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ code: 'WORKS_SCHEDULE_EXISTS', message: 'The maintenance item code "sumps_yearly" is taken: choose another code' });
    const bad = await call(t.app, admin, { method: 'POST', url: '/api/works/maintenance-schedules', payload: { ...body, code: 'Sumps Yearly' } });
    expect(bad.statusCode).toBe(400);
  });
});
