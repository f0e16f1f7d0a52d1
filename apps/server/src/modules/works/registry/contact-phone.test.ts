import { describe, expect, it } from 'vitest';
import { FieldCryptoError, createFieldCipher } from '../../../lib/field-crypto.ts';
import { CONTACT_PHONE_CONTEXT, assertKeysMatch, contactPhones, seesContactPhone } from './contact-phone.ts';

const cipher = createFieldCipher({ key: '0123456789abcdef0123456789abcdef' });
const phones = contactPhones(cipher);

describe('contact phones', () => {
  it('seals a phone into the sm4:v1 format under its column context, and opens it again', () => {
    const sealed = phones.seal('13812345678');
    expect(sealed).toMatch(/^sm4:v1:/);
    expect(cipher.decrypt(sealed, CONTACT_PHONE_CONTEXT)).toBe('13812345678');
    expect(phones.open(sealed)).toBe('13812345678');
    // Another column's context does not open it.
    expect(() => cipher.decrypt(sealed, 'user.id_number')).toThrow(FieldCryptoError);
  });

  it('passes null (cleared) and undefined (not sent) through, and opens a not yet sealed value as it is', () => {
    expect(phones.seal(null)).toBeNull();
    expect(phones.seal(undefined)).toBeUndefined();
    expect(phones.open(null)).toBeNull();
    expect(phones.open('0513-85123456')).toBe('0513-85123456');
  });

  it('gives the audit trail the masked phone, whether stored sealed or not', () => {
    expect(phones.audit(phones.seal('13812345678'))).toBe('138****5678');
    expect(phones.audit('13812345678')).toBe('138****5678');
    expect(phones.audit(null)).toBeNull();
  });

  it('refuses an altered ciphertext rather than open it to something else', () => {
    const sealed = phones.seal('13812345678');
    const altered = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'BB' : 'AA');
    expect(() => phones.open(altered)).toThrow(FieldCryptoError);
  });

  it('shows the phone in full only to those who may edit works', () => {
    expect(seesContactPhone({ permissions: new Set(['works:read', 'works:write']) })).toBe(true);
    expect(seesContactPhone({ permissions: new Set(['works:read', 'works:lifecycle', 'works:import']) })).toBe(false);
  });

  it('key check: passes for the configured keys, names an unknown key id', () => {
    const sample = phones.seal('13812345678');
    expect(() => assertKeysMatch(cipher, [{ keyId: cipher.keyId, sample, count: 1 }])).not.toThrow();
    const other = createFieldCipher({ key: 'fedcba9876543210fedcba9876543210' });
    const foreign = contactPhones(other).seal('13812345678');
    expect(() => assertKeysMatch(cipher, [{ keyId: other.keyId, sample: foreign, count: 3 }])).toThrow(
      new RegExp(`3 work contact phones \\(work\\.contact_phone\\) are encrypted with key ${other.keyId}`),
    );
  });
});
