/**
 * Photos of a 双随机 inspection result through HTTP on a real database: an image is accepted by its bytes (not its
 * name), hashed with SM3 at upload and downloaded unchanged; anything else, an oversized file, a target without a
 * result or a task of another jurisdiction is refused without leaving a file or a row behind; and the public
 * 一公开 view of the task shows no photos.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { sm3Hex, usccCheckChar } from '@civdef/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, type Session, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let officer: Session;
let taskId: number;
let targetKey: string;

const uscc = (n: number) => {
  const first17 = `91320613${String(n).padStart(8, '0')}P`;
  return first17 + usccCheckChar(first17)!;
};
const post = (url: string, payload?: object, session: Session | null = officer) =>
  call(t.app, session, { method: 'POST', url, payload, headers: { 'accept-language': 'en' } });

/** The smallest valid PNG header plus some bytes: enough for the type check, which reads only the start. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-photo-of-the-blast-door')]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-site')]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x10, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

function upload(key: string, fileName: string, data: Buffer, session: Session = officer, id = taskId, lang = 'en') {
  const boundary = '----civdefPhoto';
  return call(t.app, session, {
    method: 'POST', url: `/api/regulation/inspections/${id}/photos?targetKey=${encodeURIComponent(key)}`,
    payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: image/png\r\n\r\n`), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'accept-language': lang },
  });
}

/** Every stored file under the data directory, so a refused upload can be shown to leave nothing behind. */
function storedFiles(): string[] {
  const root = path.join(t.config.dataDir, 'files');
  const out: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try { names = readdirSync(dir); } catch { return; }
    for (const n of names) {
      const p = path.join(dir, n);
      if (statSync(p).isDirectory()) walk(p); else out.push(p);
    }
  };
  walk(root);
  return out.sort();
}
const photoRows = async () => Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM reg_inspection_photo')).rows[0]!.n);

beforeAll(async () => {
  t = await createTestApp();
  officer = (await givenSession(t, { roles: ['enforcement_officer'], regionCode: FIXTURE.countyA })).session;
  const e = await post('/api/regulation/enterprises', { uscc: uscc(1), name: '崇川照片测试单位', kind: 'user_unit', regionCode: FIXTURE.townA });
  expect(e.statusCode, e.body).toBe(201);
  await post('/api/regulation/officers', { name: '照片执法员', certNo: 'ZF-PHOTO-1', certExpiresOn: '2099-12-31', regionCode: FIXTURE.countyA });
  const task = await post('/api/regulation/inspections', { title: '照片抽查', item: 'works_maintenance', regionCode: FIXTURE.countyA, targetCount: 1, inspectorsPerTarget: 1 });
  expect(task.statusCode, task.body).toBe(201);
  taskId = task.json().id;
  for (const step of ['commit', 'draw']) {
    const res = await post(`/api/regulation/inspections/${taskId}/${step}`);
    expect(res.statusCode, res.body).toBe(200);
  }
  const drawn = (await call(t.app, officer, { method: 'GET', url: `/api/regulation/inspections/${taskId}` })).json();
  targetKey = drawn.result.targets[0];
});
afterAll(() => t.close());

describe('photos of an inspection result', () => {
  it('needs the target\'s result first, naming the field', async () => {
    const early = await upload(targetKey, 'door.png', PNG);
    expect([early.statusCode, early.json().code]).toEqual([404, 'REGULATION_RESULT_MISSING']);
    expect(early.json().message).toContain('query.targetKey');
    const recorded = await post(`/api/regulation/inspections/${taskId}/results`, { targetKey, outcome: 'rectify', findings: '防护密闭门胶条老化', rectification: '30 日内更换' });
    expect(recorded.statusCode, recorded.body).toBe(200);
  });

  it('keeps JPEG, PNG and WebP by their bytes with the SM3 of the upload, and downloads the same bytes', async () => {
    const up = await upload(targetKey, '防护门.png', PNG);
    expect(up.statusCode, up.body).toBe(201);
    const photo = up.json().items.at(-1);
    expect(photo).toMatchObject({ taskId, targetKey, fileName: '防护门.png', mediaType: 'image/png', sizeBytes: PNG.length, sm3: sm3Hex(PNG), uploadedBy: expect.any(String) });
    // The type comes from the bytes: a JPEG named .png is kept as a JPEG.
    expect((await upload(targetKey, 'misnamed.png', JPEG)).json().items.at(-1).mediaType).toBe('image/jpeg');
    expect((await upload(targetKey, 'site.webp', WEBP)).json().items.at(-1).mediaType).toBe('image/webp');

    const got = await call(t.app, officer, { method: 'GET', url: `/api/regulation/inspection-photos/${photo.id}/content` });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(PNG)).toBe(true);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['x-content-sm3']).toBe(sm3Hex(got.rawPayload));

    const list = await call(t.app, officer, { method: 'GET', url: `/api/regulation/inspections/${taskId}/photos?targetKey=${encodeURIComponent(targetKey)}` });
    expect(list.json().items.map((p: { mediaType: string }) => p.mediaType)).toEqual(['image/png', 'image/jpeg', 'image/webp']);
    const audit = await t.db.query<{ after: { sm3: string } }>(`SELECT after FROM audit_log WHERE action = 'inspection_result.photo' ORDER BY seq`);
    expect(audit.rows.map((r) => r.after.sm3)).toEqual([sm3Hex(PNG), sm3Hex(JPEG), sm3Hex(WEBP)]);
    // Kept as taken: the row cannot be rewritten.
    await expect(t.db.query('UPDATE reg_inspection_photo SET sm3 = $2 WHERE id = $1', [photo.id, sm3Hex(JPEG)])).rejects.toThrow(/append-only/);
  });

  it('refuses what is not an image, or too big, leaving no file and no row', async () => {
    const files = storedFiles();
    const rows = await photoRows();
    const pdf = await upload(targetKey, 'scan.png', Buffer.from('%PDF-1.7 not a photo'));
    expect([pdf.statusCode, pdf.json().code]).toEqual([415, 'REGULATION_PHOTO_TYPE']);
    expect(pdf.json().message).toContain('file');
    const zh = await upload(targetKey, 'scan.png', Buffer.from('GIF89a'), officer, taskId, 'zh-CN');
    expect(zh.json().message).toContain('JPEG、PNG 或 WebP');
    const big = await upload(targetKey, 'huge.jpg', Buffer.concat([JPEG, Buffer.alloc(10 * 1024 * 1024)]));
    expect([big.statusCode, big.json().code]).toEqual([413, 'REGULATION_FILE_TOO_LARGE']);
    expect(big.json().message).toContain('10 MB');
    const undrawn = await upload('NOT-A-TARGET', 'door.png', PNG);
    expect([undrawn.statusCode, undrawn.json().code]).toEqual([404, 'REGULATION_RESULT_MISSING']);
    expect(storedFiles()).toEqual(files);
    expect(await photoRows()).toBe(rows);
  });

  it('is scoped like the result: another jurisdiction sees nothing', async () => {
    const other = (await givenSession(t, { roles: ['enforcement_officer'], regionCode: FIXTURE.countyB })).session;
    const photoId = (await call(t.app, officer, { method: 'GET', url: `/api/regulation/inspections/${taskId}/photos` })).json().items[0].id;
    const rows = await photoRows();
    expect((await upload(targetKey, 'door.png', PNG, other)).statusCode).toBe(404);
    expect((await call(t.app, other, { method: 'GET', url: `/api/regulation/inspections/${taskId}/photos` })).statusCode).toBe(404);
    expect((await call(t.app, other, { method: 'GET', url: `/api/regulation/inspection-photos/${photoId}/content` })).statusCode).toBe(404);
    expect(await photoRows()).toBe(rows);
  });

  it('is not published on the public 一公开 routes', async () => {
    expect((await post(`/api/regulation/inspections/${taskId}/publish`)).statusCode).toBe(200);
    const pub = await call(t.app, null, { method: 'GET', url: `/api/public/inspections/${taskId}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.body).not.toMatch(/"photos?"|"sm3"|"mediaType"|image\//);
    expect((await call(t.app, null, { method: 'GET', url: `/api/regulation/inspections/${taskId}/photos` })).statusCode).toBe(401);
  });
});
