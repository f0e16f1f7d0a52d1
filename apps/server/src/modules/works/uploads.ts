/**
 * Reading the one multipart file of an upload route (import, archives), so that what a client breaks — no
 * multipart, no `file` field, a file over the limit, a body cut off mid-way (busboy's "Unexpected end of form")
 * or a malformed part — answers 4xx naming the field, never 500.
 */
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import { WorksErrors as E } from './works.errors.ts';

function refusal(err: unknown, limitBytes: number): unknown {
  if (err instanceof AppError) return err;
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e.code === 'FST_REQ_FILE_TOO_LARGE' || e.statusCode === 413) return new AppError(E.WORKS_FILE_TOO_LARGE, 413, { limitMb: limitBytes / 1048576 });
  // The rest of what the multipart parser throws is about the request's bytes, not the server.
  if (e.statusCode === undefined || e.statusCode < 500) return new AppError(E.WORKS_UPLOAD_INCOMPLETE, 400, { detail: String(e.message ?? err).slice(0, 200) });
  return err;
}

/** The `file` part of a multipart request (its body not read yet). */
export async function uploadedFile(request: FastifyRequest, limitBytes: number): Promise<MultipartFile> {
  if (!request.isMultipart()) throw new AppError(E.WORKS_FILE_MISSING, 400);
  let file: MultipartFile | undefined;
  try {
    file = await request.file({ limits: { fileSize: limitBytes, files: 1 } });
  } catch (err) {
    throw refusal(err, limitBytes);
  }
  if (!file || file.fieldname !== 'file') throw new AppError(E.WORKS_FILE_MISSING, 400);
  return file;
}

/** The whole body of `file`. */
export async function bytesOf(file: MultipartFile, limitBytes: number): Promise<Buffer> {
  try {
    return await file.toBuffer();
  } catch (err) {
    throw refusal(err, limitBytes);
  }
}
