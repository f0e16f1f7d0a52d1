/**
 * The works' one personal field, 联系电话 (`work.contact_phone`), encrypted at rest with SM4 (GB/T 39786 level 3).
 * The column only ever receives `seal`ed values; reads `open` them; whoever may not edit works sees `mask`ed ones.
 * The cipher comes from the module's options (resolved from the configuration by the caller), never a global.
 */
import type { Permission } from '@civdef/domain';
import { FieldCryptoError, mask, type FieldCipher } from '../../../lib/field-crypto.ts';

/** Authenticated with each value, so a ciphertext copied into another column or table does not decrypt there. */
export const CONTACT_PHONE_CONTEXT = 'work.contact_phone';

/**
 * Who sees the phone in full: those who may edit works (they need it to correct it, and the edit form round-trips
 * it). Everyone else with works:read (leaders, viewers, inspectors) sees 138****5678.
 */
export const seesContactPhone = (actor: { permissions: ReadonlySet<Permission> }) => actor.permissions.has('works:write');

export interface ContactPhones {
  /** The stored form of a phone given by a user, an import or the demo; null and undefined (not sent) pass through. */
  seal<T extends string | null | undefined>(plain: T): T;
  /**
   * The phone of a stored value. A value not yet in the encrypted format (a row from before encryption, until
   * the start-up step seals it) is returned as it is; an encrypted one that does not decrypt throws.
   */
  open(stored: string | null): string | null;
  /**
   * The phone for the audit trail: masked, never the ciphertext. The audit chain is append-only and hash-linked,
   * so its rows can never be re-encrypted: a ciphertext there would become unreadable once its key is rotated out,
   * and each write would show a "change" (a fresh random IV) where none was made. The masked value keeps what the
   * trail is for (that the phone changed, and roughly to what) without copying personal data into it.
   */
  audit(stored: string | null | undefined): string | null | undefined;
}

export function contactPhones(cipher: FieldCipher): ContactPhones {
  const open = (stored: string | null) => (stored === null || !cipher.isEncrypted(stored) ? stored : cipher.decrypt(stored, CONTACT_PHONE_CONTEXT));
  return {
    seal: <T extends string | null | undefined>(plain: T) =>
      (typeof plain === 'string' ? cipher.encrypt(plain, CONTACT_PHONE_CONTEXT) : plain) as T,
    open,
    audit: (stored) => (typeof stored === 'string' ? mask(open(stored)!, 'phone') : stored),
  };
}

/**
 * Checks that every stored phone decrypts with the configured keys, before anything is served: a wrong
 * FIELD_ENCRYPTION_KEY is an operator's error, and an installation that started with it would answer every work
 * detail with an error (or, worse, tempt someone to re-enter the phones). `stored`: each key id found in the column,
 * with how many values use it and one of them.
 */
export function assertKeysMatch(cipher: FieldCipher, stored: Array<{ keyId: string; sample: string; count: number }>): void {
  for (const { keyId, sample, count } of stored) {
    if (!cipher.keyIds.includes(keyId)) {
      throw new FieldCryptoError(
        'FIELD_CRYPTO_UNKNOWN_KEY',
        `字段加密密钥与已存数据不符：${count} 个工程联系电话（work.contact_phone）使用密钥 ${keyId} 加密，而 FIELD_ENCRYPTION_KEY（密钥 ${cipher.keyId}）`
          + '及 FIELD_ENCRYPTION_PREVIOUS_KEYS 中均无此密钥；请配置加密这些数据时所用的密钥（或数据目录中的 field-encryption.key）',
        `the field-encryption key does not match the stored data: ${count} work contact phones (work.contact_phone) are encrypted with key ${keyId}, `
          + `which is neither FIELD_ENCRYPTION_KEY (key ${cipher.keyId}) nor in FIELD_ENCRYPTION_PREVIOUS_KEYS; configure the key the data was `
          + 'encrypted with (or restore the data dir\'s field-encryption.key)',
      );
    }
    // The id names the key; one decryption per key shows the key really opens the data (and the column is intact).
    cipher.decrypt(sample, CONTACT_PHONE_CONTEXT);
  }
}
