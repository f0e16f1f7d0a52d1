/**
 * Evidence files on disk under `<dataDir>/files/<yyyy>/<mm>/<uuid>` (the same layout as the works archive, so a
 * backup of the data directory holds both), hashed with SM3 and SHA-256 as they arrive, and re-hashed on demand
 * to show that a stored file is still the one registered. Types by extension (inspection photos: by their
 * first bytes, `photoMediaType`): the client's declared content type is never trusted. Also reads the one multipart `file` part of an upload so that what a client
 * breaks answers 4xx naming the field.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { sm3 } from 'sm-crypto-v2';
import { AppError } from '../../lib/errors.ts';
import { RegulationErrors as E } from './regulation.errors.ts';

export const EVIDENCE_LIMIT_BYTES = 50 * 1024 * 1024;
/** Inspection photos are pictures from a phone, not recordings: a smaller ceiling keeps a mistaken video out. */
export const PHOTO_LIMIT_BYTES = 10 * 1024 * 1024;

/**
 * The image type of a photo by its first bytes (JPEG, PNG, WebP), or null. The file name and the client's declared
 * type are not trusted: a photo is kept and later served with this type, so it must be what the bytes say.
 */
export function photoMediaType(data: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** Photos, scans, recordings, documents and archives an inspection produces. */
export const EVIDENCE_TYPES: Record<string, string> = {
  pdf: 'application/pdf', ofd: 'application/ofd', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp',
  mp4: 'video/mp4', mp3: 'audio/mpeg', wav: 'audio/wav', doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip', txt: 'text/plain',
};

export function evidenceMediaType(fileName: string): string {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  const type = EVIDENCE_TYPES[ext];
  if (!type) throw new AppError(E.REGULATION_FILE_TYPE, 415, { fileName, allowed: Object.keys(EVIDENCE_TYPES).join(', ') });
  return type;
}

export interface Hashes { sm3: string; sha256: string; sizeBytes: number }

export function hashesOf(data: Buffer): Hashes {
  return { sm3: sm3(new Uint8Array(data)), sha256: createHash('sha256').update(data).digest('hex'), sizeBytes: data.length };
}

export async function storeEvidence(dataDir: string, data: Buffer): Promise<Hashes & { storageKey: string }> {
  const now = new Date();
  const storageKey = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}`;
  const file = evidencePath(dataDir, storageKey);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, data, { flag: 'wx' });
  return { storageKey, ...hashesOf(data) };
}

/** Removes a stored file whose database row was never committed. */
export async function discardEvidence(dataDir: string, storageKey: string): Promise<void> {
  await fs.rm(evidencePath(dataDir, storageKey), { force: true });
}

export function evidencePath(dataDir: string, storageKey: string): string {
  if (!/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/.test(storageKey)) throw new Error('bad storage key');
  return path.join(dataDir, 'files', storageKey);
}

/** The stored file's hashes now, or null when it is missing from the data directory. */
export async function rehash(dataDir: string, storageKey: string): Promise<Hashes | null> {
  try {
    return hashesOf(await fs.readFile(evidencePath(dataDir, storageKey)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export async function openEvidence(dataDir: string, storageKey: string) {
  const file = evidencePath(dataDir, storageKey);
  try {
    const { size } = await fs.stat(file);
    return { size, stream: () => createReadStream(file) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function refusal(err: unknown, limitBytes: number): unknown {
  if (err instanceof AppError) return err;
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e.code === 'FST_REQ_FILE_TOO_LARGE' || e.statusCode === 413) return new AppError(E.REGULATION_FILE_TOO_LARGE, 413, { limitMb: limitBytes / 1048576 });
  // The rest of what the multipart parser throws is about the request's bytes, not the server.
  if (e.statusCode === undefined || e.statusCode < 500) return new AppError(E.REGULATION_UPLOAD_INCOMPLETE, 400, { detail: String(e.message ?? err).slice(0, 200) });
  return err;
}

/**
 * The `file` part of a multipart request and its whole body, refused past `limitBytes` (evidence by default; photos
 * pass their smaller ceiling, which the parser enforces while reading, so an oversized body is never held whole).
 */
export async function uploadedEvidence(request: FastifyRequest, limitBytes = EVIDENCE_LIMIT_BYTES): Promise<{ fileName: string; data: Buffer }> {
  if (!request.isMultipart()) throw new AppError(E.REGULATION_FILE_MISSING, 400);
  let file: MultipartFile | undefined;
  try {
    file = await request.file({ limits: { fileSize: limitBytes, files: 1 } });
  } catch (err) {
    throw refusal(err, limitBytes);
  }
  if (!file || file.fieldname !== 'file') throw new AppError(E.REGULATION_FILE_MISSING, 400);
  evidenceMediaType(file.filename);
  try {
    return { fileName: file.filename, data: await file.toBuffer() };
  } catch (err) {
    throw refusal(err, limitBytes);
  }
}
