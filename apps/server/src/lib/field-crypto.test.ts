import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FieldCryptoError, createFieldCipher, fieldCipherFor, fieldKeyId, loadOrCreateKeyFile, mask, parseFieldKey } from './field-crypto.ts';

const KEY = '0123456789abcdef0123456789abcdef';
const OTHER = 'fedcba9876543210fedcba9876543210';

function refusedWith(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FieldCryptoError);
    expect((err as FieldCryptoError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}, but it succeeded`);
}

describe('field encryption (SM4-GCM)', () => {
  it('round-trips any string, with a fresh IV per value', () => {
    const cipher = createFieldCipher({ key: KEY });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ maxLength: 20 }), (plain, context) => {
        const a = cipher.encrypt(plain, context);
        const b = cipher.encrypt(plain, context);
        expect(a).toMatch(/^sm4:v1:[0-9a-f]{8}:[\w-]{16}:[\w-]+$/);
        expect(a).not.toBe(b);
        expect(cipher.decrypt(a, context)).toBe(plain);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses any changed byte of the IV or ciphertext', () => {
    const cipher = createFieldCipher({ key: KEY });
    const stored = cipher.encrypt('13812345678', 'phone');
    const [prefix, version, id, iv, sealed] = stored.split(':') as [string, string, string, string, string];
    fc.assert(
      fc.property(fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 255 }), (inIv, at, flip) => {
        const bytes = Buffer.from(inIv ? iv : sealed, 'base64url');
        bytes[at % bytes.length]! ^= flip;
        const changed = bytes.toString('base64url');
        const tampered = [prefix, version, id, inIv ? changed : iv, inIv ? sealed : changed].join(':');
        refusedWith(() => cipher.decrypt(tampered, 'phone'), 'FIELD_CRYPTO_REJECTED');
      }),
      { numRuns: 100 },
    );
    refusedWith(() => cipher.decrypt(stored.slice(0, -4), 'phone'), 'FIELD_CRYPTO_REJECTED');
    refusedWith(() => cipher.decrypt('13812345678', 'phone'), 'FIELD_CRYPTO_FORMAT');
  });

  it('refuses a value moved to another field (the context is authenticated)', () => {
    const cipher = createFieldCipher({ key: KEY });
    refusedWith(() => cipher.decrypt(cipher.encrypt('13812345678', 'work.contact_phone'), 'person.phone'), 'FIELD_CRYPTO_REJECTED');
  });

  it('refuses a wrong key, and decrypts with a previous key during rotation', () => {
    const old = createFieldCipher({ key: OTHER });
    const stored = old.encrypt('320602199001011234');
    refusedWith(() => createFieldCipher({ key: KEY }).decrypt(stored), 'FIELD_CRYPTO_UNKNOWN_KEY');
    // Same key id but another key (forged id): the tag still refuses it.
    const forged = stored.replace(old.keyId, createFieldCipher({ key: KEY }).keyId);
    refusedWith(() => createFieldCipher({ key: KEY }).decrypt(forged), 'FIELD_CRYPTO_REJECTED');
    const rotated = createFieldCipher({ key: KEY, previousKeys: [OTHER] });
    expect(rotated.decrypt(stored)).toBe('320602199001011234');
    expect(rotated.encrypt('x').split(':')[2]).toBe(rotated.keyId);
  });

  it('accepts only 128-bit hex keys', () => {
    refusedWith(() => parseFieldKey('abc'), 'FIELD_CRYPTO_KEY_INVALID');
    refusedWith(() => createFieldCipher({ key: `${KEY}00` }), 'FIELD_CRYPTO_KEY_INVALID');
    expect(parseFieldKey(KEY)).toHaveLength(16);
  });

  it('makes the embedded key file once, readable by its owner only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-key-'));
    try {
      const file = path.join(dir, 'sub', 'field-encryption.key');
      const first = loadOrCreateKeyFile(file);
      expect(first).toMatch(/^[0-9a-f]{32}$/);
      expect(loadOrCreateKeyFile(file)).toBe(first);
      if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fieldCipherFor', () => {
  it('uses the configured key (no key file) with the previous keys of a rotation, and lists their ids', () => {
    const cipher = fieldCipherFor({ key: OTHER, previousKeys: [KEY], keyFile: path.join(os.tmpdir(), 'civdef-never-written', 'field-encryption.key') });
    expect(cipher.keyId).toBe(fieldKeyId(parseFieldKey(OTHER)));
    expect(cipher.keyIds).toEqual([fieldKeyId(parseFieldKey(OTHER)), fieldKeyId(parseFieldKey(KEY))]);
    expect(cipher.decrypt(createFieldCipher({ key: KEY }).encrypt('13812345678', 'c'), 'c')).toBe('13812345678');
    expect(fs.existsSync(path.join(os.tmpdir(), 'civdef-never-written'))).toBe(false);
  });

  it('without a configured key, uses the data dir\'s key file, the same one on every call', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-key-'));
    try {
      const settings = { key: null, previousKeys: [], keyFile: path.join(dir, 'field-encryption.key') };
      const stored = fieldCipherFor(settings).encrypt('13812345678', 'c');
      expect(fieldCipherFor(settings).decrypt(stored, 'c')).toBe('13812345678');
      expect(fieldCipherFor(settings).keyId).toBe(fieldKeyId(parseFieldKey(fs.readFileSync(settings.keyFile, 'utf8').trim())));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mask', () => {
  it('masks mobile numbers and ID numbers as lists show them', () => {
    expect(mask('13812345678', 'phone')).toBe('138****5678');
    expect(mask('320602199001011234', 'idNumber')).toBe('320602********1234');
    expect(mask('32060219900101123X', 'idNumber')).toBe('320602********123X');
    expect(mask('320602900101123', 'idNumber')).toBe('320602*****1123');
    expect(mask('0513-85123456', 'phone')).toBe('051******3456');
  });

  it('never shows a short value whole', () => {
    expect(mask('1234567', 'phone')).toBe('*******');
    expect(mask('', 'idNumber')).toBe('');
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('phone' as const, 'idNumber' as const), (v, kind) => {
        // What the mask may show: at most the head and tail (3+4 of a phone, 6+4 of an ID number), and nothing of a
        // value that short. (Comparing with the value itself fails on values whose hidden middle is already stars.)
        const t = v.trim();
        const [head, tail] = kind === 'phone' ? [3, 4] : [6, 4];
        const m = mask(v, kind);
        expect(m).toHaveLength(t.length);
        if (t.length <= head + tail) expect(m).toBe('*'.repeat(t.length));
        else expect(m).toBe(`${t.slice(0, head)}${'*'.repeat(t.length - head - tail)}${t.slice(-tail)}`);
      }),
    );
  });
});
