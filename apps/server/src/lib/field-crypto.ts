/**
 * Field encryption for sensitive personal data at rest (phone numbers, ID numbers), as GB/T 39786-2021 level 3
 * asks of stored personal information: SM4 (GB/T 32907) in GCM mode, so a changed or swapped ciphertext is
 * refused rather than decrypted to garbage.
 *
 * Stored format, one text column per field:
 *
 *     sm4:v1:<keyId>:<iv>:<ciphertext+tag>      iv = 12 random bytes per value, base64url; tag = 16 bytes
 *
 * `v1` names the algorithm and layout; `keyId` (8 hex of SM3 over the key) names the key, so a key can rotate:
 * configure the new key, keep the old one in `previousKeys` while rows are re-encrypted, then drop it.
 * A random IV per value means equal phone numbers do not give equal ciphertexts (no look-ups by ciphertext:
 * search a separate keyed hash column if a module needs equality search).
 *
 * @example
 * const cipher = fieldCipherFor(config.fieldEncryption);                   // or createFieldCipher({ key })
 * const stored = cipher.encrypt('13812345678', 'work.contact_phone');   // 'sm4:v1:…'
 * cipher.decrypt(stored, 'work.contact_phone');                          // '13812345678'
 * mask('13812345678', 'phone');                                          // '138****5678'
 */
import { randomBytes } from 'node:crypto';
import { sm3, sm4 } from 'sm-crypto-v2';
import { loadOrCreateSecretFile } from './key-files.ts';

export const FIELD_CIPHER_PREFIX = 'sm4:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_PATTERN = /^[0-9a-fA-F]{32}$/;

export type FieldCryptoErrorCode = 'FIELD_CRYPTO_KEY_INVALID' | 'FIELD_CRYPTO_FORMAT' | 'FIELD_CRYPTO_UNKNOWN_KEY' | 'FIELD_CRYPTO_REJECTED';

/** A value that cannot be decrypted (changed, truncated, another key) or a bad key: never silently passed on. */
export class FieldCryptoError extends Error {
  constructor(readonly code: FieldCryptoErrorCode, messageZh: string, messageEn: string) {
    super(`${messageEn} / ${messageZh}`);
    this.name = 'FieldCryptoError';
  }
}

/** Checks a 128-bit key given as 32 hex digits and returns its bytes. */
export function parseFieldKey(hex: string, name = 'FIELD_ENCRYPTION_KEY'): Uint8Array {
  if (!KEY_PATTERN.test(hex)) {
    throw new FieldCryptoError('FIELD_CRYPTO_KEY_INVALID', `${name}：须为 32 位十六进制（128 位 SM4 密钥）`, `${name}: must be 32 hex digits (a 128-bit SM4 key)`);
  }
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** The key's identifier in stored values: 8 hex digits of its SM3 digest (reveals nothing usable about the key). */
export function fieldKeyId(key: Uint8Array): string {
  return sm3(key).slice(0, 8);
}

export interface FieldCipher {
  /** Identifier of the key new values are encrypted with. */
  readonly keyId: string;
  /** Identifiers of every key this cipher decrypts with: the current one first, then the previous ones. */
  readonly keyIds: readonly string[];
  /**
   * Encrypts one field value. `context` (e.g. `'work.contact_phone'`) is authenticated with it, so a value copied
   * into another column does not decrypt there.
   */
  encrypt(plain: string, context?: string): string;
  /** Decrypts a value made by `encrypt` with the same context; throws `FieldCryptoError` if it was altered. */
  decrypt(stored: string, context?: string): string;
  /** Whether a stored value is in the encrypted format (for migrating plain-text rows). */
  isEncrypted(stored: string): boolean;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const unb64 = (s: string) => Uint8Array.from(Buffer.from(s, 'base64url'));
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A cipher for field values with `key` (32 hex digits) for new values; `previousKeys` still decrypt during a
 * key rotation.
 */
export function createFieldCipher(keys: { key: string; previousKeys?: readonly string[] }): FieldCipher {
  const current = parseFieldKey(keys.key);
  const ring = new Map<string, Uint8Array>();
  for (const hex of [keys.key, ...(keys.previousKeys ?? [])]) {
    const k = parseFieldKey(hex);
    ring.set(fieldKeyId(k), k);
  }
  const keyId = fieldKeyId(current);

  return {
    keyId,
    keyIds: [...ring.keys()],
    encrypt(plain, context = '') {
      const iv = randomBytes(IV_BYTES);
      const { output, tag } = sm4.encrypt(utf8.encode(plain), current, {
        mode: 'gcm', iv, output: 'array', associatedData: utf8.encode(context), outputTag: true,
      });
      if (!tag || tag.length !== TAG_BYTES) throw new Error('SM4-GCM returned no authentication tag');
      const sealed = new Uint8Array(output.length + TAG_BYTES);
      sealed.set(output);
      sealed.set(tag, output.length);
      return `${FIELD_CIPHER_PREFIX}${keyId}:${b64(iv)}:${b64(sealed)}`;
    },
    decrypt(stored, context = '') {
      const parts = stored.startsWith(FIELD_CIPHER_PREFIX) ? stored.slice(FIELD_CIPHER_PREFIX.length).split(':') : [];
      const [id, ivText, sealedText] = parts;
      if (parts.length !== 3 || !/^[0-9a-f]{8}$/.test(id!) || !/^[\w-]+$/.test(ivText!) || !/^[\w-]+$/.test(sealedText!)) {
        throw new FieldCryptoError('FIELD_CRYPTO_FORMAT', '加密字段格式不正确（应为 sm4:v1:…）', 'Encrypted field is not in the sm4:v1 format');
      }
      const key = ring.get(id!);
      if (!key) {
        throw new FieldCryptoError('FIELD_CRYPTO_UNKNOWN_KEY', `加密字段使用的密钥 ${id} 未配置`, `Encrypted field uses key ${id}, which is not configured`);
      }
      const iv = unb64(ivText!);
      const sealed = unb64(sealedText!);
      if (iv.length !== IV_BYTES || sealed.length < TAG_BYTES) {
        throw new FieldCryptoError('FIELD_CRYPTO_FORMAT', '加密字段长度不正确', 'Encrypted field has the wrong length');
      }
      try {
        const plain = sm4.decrypt(sealed.subarray(0, sealed.length - TAG_BYTES), key, {
          mode: 'gcm', iv, output: 'array', tag: sealed.subarray(sealed.length - TAG_BYTES), associatedData: utf8.encode(context),
        });
        return fromUtf8.decode(plain);
      } catch {
        throw new FieldCryptoError('FIELD_CRYPTO_REJECTED', '加密字段校验失败：已被篡改或密钥不符', 'Encrypted field failed its integrity check: altered, or encrypted with another key');
      }
    },
    isEncrypted: (stored) => stored.startsWith(FIELD_CIPHER_PREFIX),
  };
}

/**
 * The embedded installation's key: read from `file`, or made on first start (random, mode 0600, written
 * exclusively so two processes starting together agree on one key). Returns the key as 32 hex digits.
 */
export function loadOrCreateKeyFile(file: string): string {
  const hex = loadOrCreateSecretFile(file, () => randomBytes(16).toString('hex'));
  parseFieldKey(hex, file);
  return hex;
}

/**
 * The installation's cipher from its configuration (`config.fieldEncryption`): the configured key, else the data
 * dir's key file (made on first use), with the previous keys of a rotation. The one way the app, the start-up
 * steps, the CLI and the tests get a cipher, so they all encrypt with the same key.
 */
export function fieldCipherFor(settings: { key: string | null; previousKeys: readonly string[]; keyFile: string }): FieldCipher {
  return createFieldCipher({ key: settings.key ?? loadOrCreateKeyFile(settings.keyFile), previousKeys: settings.previousKeys });
}

/**
 * A value for lists and logs: a mobile number keeps its first 3 and last 4 digits (138****5678), a resident ID
 * number (GB 11643, 18 or 15 characters) its first 6 and last 4 (320602********1234). Other values of those
 * kinds keep the same ends when long enough, else are masked whole: masking never fails open.
 */
export function mask(value: string, kind: 'phone' | 'idNumber'): string {
  const v = value.trim();
  const [head, tail] = kind === 'phone' ? [3, 4] : [6, 4];
  if (v.length <= head + tail) return '*'.repeat(v.length);
  return `${v.slice(0, head)}${'*'.repeat(v.length - head - tail)}${v.slice(-tail)}`;
}

/**
 * `fieldCipherFor(settings)`, resolved on first use: for services built by callers that may never encrypt anything
 * (CLI commands that only create reference data must not read, or make, the data dir's key file).
 */
export function lazyFieldCipher(settings: Parameters<typeof fieldCipherFor>[0]): FieldCipher {
  let cipher: FieldCipher | undefined;
  const get = () => (cipher ??= fieldCipherFor(settings));
  return {
    get keyId() {
      return get().keyId;
    },
    get keyIds() {
      return get().keyIds;
    },
    encrypt: (plain, context) => get().encrypt(plain, context),
    decrypt: (stored, context) => get().decrypt(stored, context),
    isEncrypted: (stored) => stored.startsWith(FIELD_CIPHER_PREFIX),
  };
}
