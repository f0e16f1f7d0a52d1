/**
 * Archive files on disk under `<dataDir>/files/<yyyy>/<mm>/<uuid>`: content-addressed checks (SM3 for the
 * commercial-cryptography rules, SHA-256 for everyone else) and an allow-list of types by extension —
 * the client's declared content type is never trusted. Object storage would replace this file.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sm3 } from 'sm-crypto-v2';

export const DOCUMENT_LIMIT_BYTES = 50 * 1024 * 1024;
export const PHOTO_LIMIT_BYTES = 10 * 1024 * 1024;

export const ALLOWED_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  dwg: 'image/vnd.dwg',
  dxf: 'image/vnd.dxf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
  ofd: 'application/ofd',
};

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

export function mediaTypeOf(fileName: string): string | null {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  return ALLOWED_TYPES[ext] ?? null;
}

/** Magic numbers of the photo types, so a renamed executable is not stored as a photo. */
export function looksLike(mediaType: string, data: Buffer): boolean {
  if (mediaType === 'image/jpeg') return data[0] === 0xff && data[1] === 0xd8;
  if (mediaType === 'image/png') return data.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  if (mediaType === 'image/webp') return data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP';
  if (mediaType === 'application/pdf') return data.subarray(0, 4).toString('latin1') === '%PDF';
  return true;
}

export interface StoredFile {
  storageKey: string;
  sizeBytes: number;
  sha256: string;
  sm3: string;
}

export async function storeFile(dataDir: string, data: Buffer): Promise<StoredFile> {
  const now = new Date();
  const storageKey = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}`;
  const file = path.join(dataDir, 'files', storageKey);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, data, { flag: 'wx' });
  return { storageKey, sizeBytes: data.length, sha256: createHash('sha256').update(data).digest('hex'), sm3: sm3(new Uint8Array(data)) };
}

/** Removes a stored file whose database row was never committed. */
export async function discardFile(dataDir: string, storageKey: string): Promise<void> {
  await fs.rm(path.join(dataDir, 'files', storageKey), { force: true });
}

export function filePath(dataDir: string, storageKey: string): string {
  if (!/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/.test(storageKey)) throw new Error('bad storage key');
  return path.join(dataDir, 'files', storageKey);
}
