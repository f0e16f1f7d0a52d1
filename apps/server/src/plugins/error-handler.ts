import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, languageOf, type Lang } from '../lib/errors.ts';

interface AjvError {
  instancePath?: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

const RULES_ZH: Record<string, (p: Record<string, unknown>) => string> = {
  required: (p) => `缺少必填字段 ${String(p.missingProperty)}`,
  type: (p) => `类型应为 ${String(p.type)}`,
  minLength: (p) => `长度至少 ${String(p.limit)}`,
  maxLength: (p) => `长度至多 ${String(p.limit)}`,
  minimum: (p) => `不能小于 ${String(p.limit)}`,
  maximum: (p) => `不能大于 ${String(p.limit)}`,
  exclusiveMinimum: (p) => `必须大于 ${String(p.limit)}`,
  exclusiveMaximum: (p) => `必须小于 ${String(p.limit)}`,
  pattern: (p) => `格式不符合规则 ${String(p.pattern)}`,
  format: (p) => `格式应为 ${String(p.format)}`,
  enum: (p) => `取值应为 ${(p.allowedValues as unknown[] | undefined)?.join(' / ') ?? ''} 之一`,
  const: (p) => `取值应为 ${String(p.allowedValue)}`,
  additionalProperties: (p) => `不允许的字段 ${String(p.additionalProperty)}`,
  minItems: (p) => `至少 ${String(p.limit)} 项`,
  maxItems: (p) => `至多 ${String(p.limit)} 项`,
  uniqueItems: () => '不能有重复项',
  anyOf: () => '不符合任何允许的形式',
  finite: () => '必须是有限的数（不接受 Infinity、NaN 或溢出的数）',
  numeral: (p) => `应写作普通的十进制${p.kind === 'integer' ? '整数' : '数'}（不接受指数、十六进制、空格、+ 号或 Infinity）`,
};
const RULES_EN: Record<string, (p: Record<string, unknown>) => string> = {
  required: (p) => `missing required field ${String(p.missingProperty)}`,
  type: (p) => `must be ${String(p.type)}`,
  minLength: (p) => `must be at least ${String(p.limit)} characters`,
  maxLength: (p) => `must be at most ${String(p.limit)} characters`,
  minimum: (p) => `must be >= ${String(p.limit)}`,
  maximum: (p) => `must be <= ${String(p.limit)}`,
  exclusiveMinimum: (p) => `must be > ${String(p.limit)}`,
  exclusiveMaximum: (p) => `must be < ${String(p.limit)}`,
  pattern: (p) => `must match ${String(p.pattern)}`,
  format: (p) => `must be a valid ${String(p.format)}`,
  enum: (p) => `must be one of ${(p.allowedValues as unknown[] | undefined)?.join(', ') ?? ''}`,
  const: (p) => `must equal ${String(p.allowedValue)}`,
  additionalProperties: (p) => `field ${String(p.additionalProperty)} is not allowed`,
  minItems: (p) => `must have at least ${String(p.limit)} items`,
  maxItems: (p) => `must have at most ${String(p.limit)} items`,
  uniqueItems: () => 'must not contain duplicates',
  anyOf: () => 'matches none of the allowed forms',
  finite: () => 'must be a finite number (not Infinity, NaN or an overflowing value)',
  numeral: (p) => `must be written as a plain decimal ${String(p.kind)} (no exponent, hex, spaces, + sign or Infinity)`,
};

export interface ValidationDetail {
  field: string;
  rule: string;
  message: string;
}

/** Each broken rule with its field ("body.username", "pattern", "must match ^[a-z]…$"), in the caller's language. */
export function validationDetails(errors: AjvError[], context: string, lang: Lang): ValidationDetail[] {
  const rules = lang === 'en' ? RULES_EN : RULES_ZH;
  const seen = new Set<string>();
  const out: ValidationDetail[] = [];
  for (const e of errors) {
    const field = `${context}${(e.instancePath ?? '').replace(/\//g, '.')}`;
    const message = rules[e.keyword]?.(e.params) ?? e.message ?? e.keyword;
    const key = `${field}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, rule: e.keyword, message });
    if (out.length >= 20) break;
  }
  return out;
}

/** "body.username: must match ^[a-z]…$; …" — the first five, for the one-line message. */
export function describeValidation(details: ValidationDetail[]): string {
  return details.slice(0, 5).map((d) => `${d.field}: ${d.message}`).join('; ');
}

interface PgError {
  code?: unknown;
  table?: unknown;
  column?: unknown;
  constraint?: unknown;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/**
 * The column a constraint violation is about, when the database says or the constraint's name does:
 * `<table>_<column>_finite` (migration 0004) and PostgreSQL's own `<table>_<column>_check` for a column CHECK.
 */
export function constraintColumn(err: PgError): string | null {
  const table = str(err.table);
  const column = str(err.column);
  if (table && column) return `${table}.${column}`;
  const constraint = str(err.constraint);
  if (!table || !constraint?.startsWith(`${table}_`)) return null;
  const m = /^(.+)_(finite|check|fkey|key|not_null)$/.exec(constraint.slice(table.length + 1));
  return m ? `${table}.${m[1]}` : null;
}

// The multipart parser (busboy, under @fastify/multipart) rejects a cut-off or malformed upload with plain Errors
// that carry no status; they are the client's doing, so they answer 400 wherever an upload is read.
const MULTIPART_BROKEN = /^(Unexpected end of multipart data|.* terminated early due to unexpected end of multipart data|Multipart: Boundary not found|Malformed part header)$/;

export function isBrokenMultipart(err: { message?: unknown; statusCode?: unknown }): boolean {
  return err.statusCode === undefined && typeof err.message === 'string' && MULTIPART_BROKEN.test(err.message);
}

// PostgreSQL error classes that mean the input was wrong, not the server: a safety net behind validation.
function fromPostgres(err: PgError): { error: AppError; details?: ValidationDetail[] } | null {
  const code = typeof err.code === 'string' ? err.code : '';
  if (!/^[0-9A-Z]{5}$/.test(code)) return null;
  if (code.startsWith('22')) return { error: new AppError('VALIDATION_FAILED', 400, { detail: 'value out of range or malformed' }) };
  if (code === '23505') return { error: new AppError('CONFLICT', 409) };
  if (!code.startsWith('23')) return null;
  const column = constraintColumn(err);
  const finite = str(err.constraint)?.endsWith('_finite') ?? false;
  const rule = finite ? 'finite' : (str(err.constraint) ?? 'constraint');
  const what = finite ? 'must be a finite number (no NaN or ±Infinity)' : `violates the data constraint ${rule}`;
  const detail = column ? `${column}: ${what}` : 'violates a data constraint';
  return {
    error: new AppError('VALIDATION_FAILED', 400, { detail }),
    details: column ? [{ field: column, rule, message: what }] : undefined,
  };
}

/**
 * Replaces, in place, what JSON cannot carry (NaN, ±Infinity, an Invalid Date) with null, and says where it was.
 * Values are copied only where needed: a payload without any is returned untouched.
 */
export function finiteForJson(value: unknown, path = '$', found: string[] = [], depth = 0): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    found.push(path);
    return null;
  }
  if (value instanceof Date) {
    if (Number.isFinite(value.getTime())) return value;
    found.push(path);
    return null;
  }
  if (depth > 64 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i] as unknown;
      const next = finiteForJson(v, `${path}[${i}]`, found, depth + 1);
      if (next !== v) value[i] = next;
    }
    return value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const obj = value as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    const next = finiteForJson(v, `${path}.${k}`, found, depth + 1);
    if (next !== v) obj[k] = next;
  }
  return value;
}

/** Whether `finiteForJson` would leave `value` as it is (same walk, no paths): the check every answer pays. */
export function allJsonSafe(value: unknown, depth = 0): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (value instanceof Date) return Number.isFinite(value.getTime());
  if (depth > 64 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return true;
  if (Array.isArray(value)) {
    for (const v of value) if (!allJsonSafe(v, depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return true;
  for (const k in value) if (!allJsonSafe((value as Record<string, unknown>)[k], depth + 1)) return false;
  return true;
}

export function registerErrorHandler(app: FastifyInstance): void {
  // No 500 after a committed write. A handler's transaction has committed by the time its answer is serialised,
  // so a value the serialiser cannot write (NaN, ±Infinity in an integer, an Invalid Date) used to turn a saved
  // change into a 500 — the client retried and the write happened twice. Such values cannot be stored any more
  // (finite numbers and real instants at the edge, CHECK constraints in the database, migration 0004); should one
  // still reach the answer of a write, it is written as null and logged as the defect it is, instead of failing
  // an answer whose change was saved. A read fails as before (500): it changed nothing, and null would misreport.
  app.addHook('preSerialization', async (request, _reply, payload) => {
    // The common case first, without building a path string per value: nothing to replace.
    if (allJsonSafe(payload)) return payload;
    const found: string[] = [];
    const isWrite = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    const out = finiteForJson(payload, '$', found);
    if (!found.length) return payload;
    request.log.error({ fields: found.slice(0, 20), url: request.url }, 'answer held non-finite numbers or invalid dates');
    if (!isWrite) throw new Error(`answer of ${request.method} ${request.routeOptions.url ?? ''} held non-finite values at ${found.slice(0, 5).join(', ')}`);
    return out;
  });
  app.setErrorHandler((error: FastifyError & { code?: unknown }, request: FastifyRequest, reply: FastifyReply) => {
    const lang = languageOf(request.headers['accept-language']);
    let appError: AppError | null = null;
    let details: ValidationDetail[] | undefined;
    if (error instanceof AppError) {
      appError = error;
      // Rule breaches a service found (not the schema) name their fields the same way.
      if (error.details.length) details = error.details.map((d) => ({ field: d.field, rule: d.rule, message: lang === 'en' ? d.en : d.zh }));
    } else if (error.validation) {
      details = validationDetails(error.validation as AjvError[], error.validationContext ?? 'body', lang);
      appError = new AppError('VALIDATION_FAILED', 400, { detail: describeValidation(details) });
    } else if (isBrokenMultipart(error)) {
      appError = new AppError('VALIDATION_FAILED', 400, { detail: 'body: the multipart upload is cut off or malformed / 上传内容不完整或格式错误' });
    } else if (error.statusCode === 413) appError = new AppError('PAYLOAD_TOO_LARGE', 413);
    else if (error.statusCode === 415) appError = new AppError('UNSUPPORTED_MEDIA_TYPE', 415);
    else if (error.statusCode === 429) appError = new AppError('RATE_LIMITED', 429);
    else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      appError = new AppError('VALIDATION_FAILED', error.statusCode, { detail: error.message });
    } else {
      const pg = fromPostgres(error);
      appError = pg?.error ?? null;
      details = pg?.details;
    }

    if (!appError) {
      request.log.error({ err: error }, 'unhandled error');
      appError = new AppError('INTERNAL', 500);
    } else if (appError.status >= 500) {
      request.log.error({ err: error }, 'server error');
    }
    if (appError.status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '60');
    void reply.status(appError.status).send({ code: appError.code, message: appError.messageIn(lang), ...(details ? { details } : {}) });
  });
}

export function sendNotFound(request: FastifyRequest, reply: FastifyReply): void {
  const err = new AppError('NOT_FOUND', 404);
  void reply.status(404).send({ code: err.code, message: err.messageIn(languageOf(request.headers['accept-language'])) });
}

/**
 * Node's own answers, before Fastify sees a request (a malformed request line or header, headers over the size
 * limit, a request that timed out), in the platform's `{code,message}` shape like every other error. No request
 * was parsed, so there is no Accept-Language: the message is zh-CN, as for any caller that does not ask.
 */
export function clientErrorHandler(this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const appError =
    err.code === 'HPE_HEADER_OVERFLOW' ? new AppError('HEADERS_TOO_LARGE', 431)
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? new AppError('REQUEST_TIMEOUT', 408)
    : new AppError('VALIDATION_FAILED', 400, { detail: 'malformed HTTP request / HTTP 请求格式错误' });
  this.log.debug({ err }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify({ code: appError.code, message: appError.messageIn('zh-CN') });
    socket.write(`HTTP/1.1 ${appError.status} ${http.STATUS_CODES[appError.status] ?? ''}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`
      + `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
