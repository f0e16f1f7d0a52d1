/**
 * 联系电话 at rest: every write path stores SM4 ciphertext, the detail and the export give it back (in full to an
 * editor, masked to a reader), the audit trail and list answers never carry it in plain text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, createUser, signIn, testFieldCipher, type Session, type TestContext } from '../../../test/harness.ts';
import { WORK_COLUMNS } from '../exchange/format/columns.ts';
import { givenLoadedWork, givenWork, uniqueCode } from '../test-fixtures.ts';
import { CONTACT_PHONE_CONTEXT } from './contact-phone.ts';

let t: TestContext;
let editor: Session;
let viewer: Session;
const cipher = testFieldCipher();

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t.db, 'phone-editor', ['works_manager'], FIXTURE.city);
  await createUser(t.db, 'phone-viewer', ['viewer'], FIXTURE.city);
  editor = await signIn(t.app, 'phone-editor');
  viewer = await signIn(t.app, 'phone-viewer');
});
afterAll(() => t.close());

/** A mobile number no other case uses. */
let serial = 0;
const uniquePhone = () => `139${String(process.pid % 10_000).padStart(4, '0')}${String((serial += 1)).padStart(4, '0')}`;

const stored = async (code: string) =>
  (await t.db.query<{ phone: string | null }>('SELECT contact_phone AS phone FROM work WHERE code = $1', [code])).rows[0]!.phone;

/** The stored value is ciphertext that opens to `phone` (exactly once encrypted). */
async function expectSealed(code: string, phone: string) {
  const value = await stored(code);
  expect(value).toMatch(/^sm4:v1:[0-9a-f]{8}:/);
  expect(value).not.toContain(phone);
  expect(cipher.decrypt(value!, CONTACT_PHONE_CONTEXT)).toBe(phone);
}

const auditRows = async (sql: string, params: unknown[]) =>
  JSON.stringify((await t.db.query(`SELECT before, after FROM audit_log WHERE ${sql}`, params)).rows);

const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

describe('writes store ciphertext', () => {
  it('create: the column holds sm4:v1 ciphertext and the create audit row only the masked phone', async () => {
    const phone = uniquePhone();
    const w = await givenWork(t.app, editor, { contactPhone: phone });
    await expectSealed(w.code, phone);
    const audit = await auditRows(`action = 'work.create' AND entity_id = $1`, [String(w.id)]);
    expect(audit).toContain(masked(phone));
    expect(audit).not.toContain(phone);
    expect(audit).not.toContain('sm4:v1:');
  });

  it('edit: PATCH seals the new phone; the audit before/after carry neither phone in plain text', async () => {
    const [oldPhone, newPhone] = [uniquePhone(), uniquePhone()];
    const w = await givenWork(t.app, editor, { contactPhone: oldPhone });
    const res = await call(t.app, editor, { method: 'PATCH', url: `/api/works/${w.id}`, payload: { version: w.version, contactPhone: newPhone } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().contactPhone).toBe(newPhone);
    await expectSealed(w.code, newPhone);
    const audit = await auditRows(`action = 'work.update' AND entity_id = $1`, [String(w.id)]);
    expect(audit).toContain(masked(newPhone));
    expect(audit).not.toContain(oldPhone);
    expect(audit).not.toContain(newPhone);
    expect(audit).not.toContain('sm4:v1:');
  });

  it('edit: a PATCH without the phone keeps it, and one with null clears it', async () => {
    const phone = uniquePhone();
    const w = await givenWork(t.app, editor, { contactPhone: phone });
    const kept = await call(t.app, editor, { method: 'PATCH', url: `/api/works/${w.id}`, payload: { version: w.version, name: '改名' } });
    expect(kept.json().contactPhone).toBe(phone);
    await expectSealed(w.code, phone);
    const cleared = await call(t.app, editor, { method: 'PATCH', url: `/api/works/${w.id}`, payload: { version: kept.json().version, contactPhone: null } });
    expect(cleared.json().contactPhone).toBeNull();
    expect(await stored(w.code)).toBeNull();
  });

  it('demo / fixture loader: a bulk-loaded work holds ciphertext', async () => {
    const phone = uniquePhone();
    const w = await givenLoadedWork(t.db, { contactPhone: phone });
    await expectSealed(w.code, phone);
  });
});

describe('reads', () => {
  it('the detail shows the phone in full to an editor and masked to a read-only user', async () => {
    const phone = uniquePhone();
    const w = await givenWork(t.app, editor, { contactPhone: phone });
    const full = await call(t.app, editor, { method: 'GET', url: `/api/works/${w.id}` });
    expect(full.json().contactPhone).toBe(phone);
    const read = await call(t.app, viewer, { method: 'GET', url: `/api/works/${w.id}` });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().contactPhone).toBe(masked(phone));
    expect(read.body).not.toContain(phone);
  });

  it('list-type answers (list, map, nearest) carry no phone, not even masked', async () => {
    const phone = uniquePhone();
    const w = await givenWork(t.app, editor, { contactPhone: phone });
    for (const url of [`/api/works?q=${w.code}`, `/api/map/works?q=${w.code}`, '/api/works/nearest?lng=120.871&lat=32.002&limit=50']) {
      const res = await call(t.app, editor, { method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain(w.code);
      expect(res.body, url).not.toContain('contactPhone');
      expect(res.body, url).not.toContain(phone);
      expect(res.body, url).not.toContain(masked(phone));
    }
  });
});

function multipart(fileName: string, data: Buffer | string) {
  const boundary = '----civdefPhoneBoundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Uploads and commits a file as the editor; returns the committed job. */
async function importFile(fileName: string, data: Buffer | string) {
  const v = await call(t.app, editor, { method: 'POST', url: '/api/works/imports?wait=true', ...multipart(fileName, data) });
  expect(v.statusCode, v.body).toBe(200);
  expect(v.json().status, v.body).toBe('valid');
  const c = await call(t.app, editor, { method: 'POST', url: `/api/works/imports/${v.json().id}/commit?wait=true` });
  expect(c.json().status, c.body).toBe('committed');
  return c.json() as { id: string; result: { created: number; updated: number } };
}

const HEADER = WORK_COLUMNS.map((c) => c.zh).join(',');
const csvRow = (over: Record<string, string | number>) => {
  const base: Record<string, string | number> = {
    name: '电话导入工程', regionCode: FIXTURE.townA, lng: 120.875, lat: 32.005, constructionForm: 'cut_and_cover', workClass: '人员掩蔽工程',
    subtype: '二等人员掩蔽所', protectionGrade: '核6级', yearBuilt: 2015, grossAreaM2: 3000, protectedAreaM2: 2500, shelterAreaM2: 2000, ...over,
  };
  return WORK_COLUMNS.map((c) => base[c.key] ?? '').join(',');
};

describe('import and export', () => {
  it('import seals the phone on insert and on update by code; the import audit row has no plaintext', async () => {
    const code = uniqueCode('PHI');
    const [first, second] = [uniquePhone(), uniquePhone()];
    expect((await importFile('a.csv', [HEADER, csvRow({ code, contactPhone: first })].join('\n'))).result.created).toBe(1);
    await expectSealed(code, first);
    const job = await importFile('b.csv', [HEADER, csvRow({ code, contactPhone: second })].join('\n'));
    expect(job.result.updated).toBe(1);
    await expectSealed(code, second);
    const audit = await auditRows(`action = 'work.import' AND entity_id = $1`, [job.id]);
    expect(audit).toContain(masked(first)); // the prior state of the updated work
    expect(audit).not.toContain(first);
    expect(audit).not.toContain(second);
    expect(audit).not.toContain('sm4:v1:');
  });

  for (const format of ['xlsx', 'csv', 'geojson'] as const) {
    it(`export → import round trip (${format}) keeps the phone, encrypted once`, async () => {
      const phone = uniquePhone();
      const w = await givenWork(t.app, editor, { contactPhone: phone });
      const file = await call(t.app, editor, { method: 'GET', url: `/api/works/export?format=${format}&q=${w.code}` });
      expect(file.statusCode).toBe(200);
      if (format !== 'xlsx') expect(file.body).toContain(phone);
      expect(file.rawPayload.includes('sm4:v1:')).toBe(false);
      // The plain phone in the file equals the sealed one stored: the work is unchanged and not rewritten.
      expect((await importFile(`round.${format}`, file.rawPayload)).result).toMatchObject({ updated: 0, unchanged: 1 });
      await expectSealed(w.code, phone);
      if (format !== 'xlsx') {
        // Edited (the name): now an update, which writes the phone sealed once, not the ciphertext sealed again.
        const edited = Buffer.from(file.rawPayload.toString('utf8').replace(w.name, `${w.name}改`), 'utf8');
        expect((await importFile(`edited.${format}`, edited)).result).toMatchObject({ updated: 1, unchanged: 0 });
        await expectSealed(w.code, phone);
      }
      expect((await call(t.app, editor, { method: 'GET', url: `/api/works/${w.id}` })).json().contactPhone).toBe(phone);
    });
  }

  it('a read-only user\'s export carries the masked phone, which the importer refuses rather than store', async () => {
    const phone = uniquePhone();
    const w = await givenWork(t.app, editor, { contactPhone: phone });
    const file = await call(t.app, viewer, { method: 'GET', url: `/api/works/export?format=csv&q=${w.code}` });
    expect(file.statusCode).toBe(200);
    expect(file.body).toContain(masked(phone));
    expect(file.body).not.toContain(phone);
    const v = await call(t.app, editor, { method: 'POST', url: '/api/works/imports?wait=true', ...multipart('masked.csv', file.rawPayload) });
    expect(v.json().status).toBe('invalid');
    expect(v.json().errors.map((e: { column: string }) => e.column)).toContain('联系电话');
    await expectSealed(w.code, phone);
  });
});
