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

// PostgreSQL error classes that mean the input was wrong, not the server: a safety net behind validation.
function fromPostgres(err: { code?: unknown }): AppError | null {
  const code = typeof err.code === 'string' ? err.code : '';
  if (!/^[0-9A-Z]{5}$/.test(code)) return null;
  if (code.startsWith('22')) return new AppError('VALIDATION_FAILED', 400, { detail: 'value out of range or malformed' });
  if (code === '23505') return new AppError('CONFLICT', 409);
  if (code.startsWith('23')) return new AppError('VALIDATION_FAILED', 400, { detail: 'violates a data constraint' });
  return null;
}

export function registerErrorHandler(app: FastifyInstance): void {
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
    } else if (error.statusCode === 413) appError = new AppError('PAYLOAD_TOO_LARGE', 413);
    else if (error.statusCode === 415) appError = new AppError('UNSUPPORTED_MEDIA_TYPE', 415);
    else if (error.statusCode === 429) appError = new AppError('RATE_LIMITED', 429);
    else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      appError = new AppError('VALIDATION_FAILED', error.statusCode, { detail: error.message });
    } else appError = fromPostgres(error);

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
