/**
 * `civdef serve` on an installation whose works hold contact phones: with a key that does not open them the
 * start stops (exit 1, the message naming the key), and with the right key it starts and encrypts the phones an
 * older version left in plain text. Embedded database only (the data dir is prepared directly).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index.ts';
import { createFieldCipher } from '../../lib/field-crypto.ts';
import { TEST_FIELD_KEY, seedFixture, testConfig } from '../../test/harness.ts';
import { seedDataDirFromTemplate, startServe } from '../../test/process.ts';

const PHONE_CONTEXT = 'work.contact_phone';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-field-key-'));
const cipher = createFieldCipher({ key: TEST_FIELD_KEY });

const phonesIn = async () => {
  const db = await openDatabase(testConfig({ CIVDEF_DATA_DIR: dataDir }));
  try {
    return (await db.query<{ code: string; phone: string }>('SELECT code, contact_phone AS phone FROM work ORDER BY code')).rows;
  } finally {
    await db.close();
  }
};

beforeAll(async () => {
  await seedDataDirFromTemplate(dataDir);
  const db = await openDatabase(testConfig({ CIVDEF_DATA_DIR: dataDir }));
  try {
    await seedFixture(db);
    // One phone sealed with the installation's key, one left in plain text as a version before encryption stored it.
    await db.query(`UPDATE work SET contact_phone = $1 WHERE code = 'RF-A-001'`, [cipher.encrypt('13812345678', PHONE_CONTEXT)]);
    await db.query(`UPDATE work SET contact_phone = '13987654321' WHERE code = 'RF-A-002'`);
  } finally {
    await db.close();
  }
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe.skipIf(!!process.env.TEST_DATABASE_URL)('civdef serve and the field-encryption key', () => {
  it('refuses to start with a key that does not open the stored phones, naming the key, and changes nothing', async () => {
    const before = await phonesIn();
    const wrong = 'f'.repeat(32);
    const failed = await startServe({ CIVDEF_DATA_DIR: dataDir, FIELD_ENCRYPTION_KEY: wrong, CIVDEF_INITIAL_ADMIN_PASSWORD: 'Operator-Chosen-7' })
      .then(async (running) => (await running.stop(), null), (err: Error) => err.message);
    expect(failed).toMatch(new RegExp(`exited \\(1\\)[\\s\\S]*encrypted with key ${cipher.keyId}, which is neither FIELD_ENCRYPTION_KEY \\(key ${createFieldCipher({ key: wrong }).keyId}\\)`));
    expect(failed).toContain('字段加密密钥与已存数据不符');
    // The operator reads one message, not a stack trace.
    expect(failed).not.toMatch(/\n\s+at /);
    expect(await phonesIn()).toEqual(before);
  });

  it('starts with the right key and encrypts the phone left in plain text', async () => {
    const running = await startServe({ CIVDEF_DATA_DIR: dataDir, FIELD_ENCRYPTION_KEY: TEST_FIELD_KEY, CIVDEF_INITIAL_ADMIN_PASSWORD: 'Operator-Chosen-7' });
    await running.stop();
    const phones = Object.fromEntries((await phonesIn()).map((r) => [r.code, r.phone]));
    expect(phones['RF-A-002']).toMatch(/^sm4:v1:/);
    expect(cipher.decrypt(phones['RF-A-002']!, PHONE_CONTEXT)).toBe('13987654321');
    expect(cipher.decrypt(phones['RF-A-001']!, PHONE_CONTEXT)).toBe('13812345678');
    // No key file was written: the configured key is the only one.
    expect(fs.existsSync(path.join(dataDir, 'field-encryption.key'))).toBe(false);
  });
});
