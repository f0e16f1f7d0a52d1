/**
 * Application errors. Services throw `AppError(code, status, params)`; the error handler renders
 * `{ code, message }` in the request's language from the catalogue below, so every user-facing
 * message exists in zh-CN and English and codes stay stable for clients.
 */
export type Lang = 'zh-CN' | 'en';

type Template = (p: Record<string, unknown>) => string;
interface CatalogueEntry {
  zh: Template;
  en: Template;
}

export const t = (zh: string | Template, en: string | Template): CatalogueEntry => ({
  zh: typeof zh === 'string' ? () => zh : zh,
  en: typeof en === 'string' ? () => en : en,
});

/**
 * Platform-wide codes only: what the error handler, the security and access plugins and the shared
 * password policy (`lib/password.ts`, used by auth and users alike) answer with. A module's own codes live
 * in its `<m>.errors.ts`.
 */
const CORE_ERRORS = {
  INTERNAL: t('服务器内部错误，请稍后重试', 'Internal server error, please try again later'),
  NOT_FOUND: t('资源不存在', 'Not found'),
  CONFLICT: t('与已有记录冲突', 'Conflicts with an existing record'),
  VALIDATION_FAILED: t(
    (p) => `输入有误：${String(p.detail ?? '')}`,
    (p) => `Invalid input: ${String(p.detail ?? '')}`,
  ),
  PAYLOAD_TOO_LARGE: t('请求体过大', 'Request body too large'),
  HEADERS_TOO_LARGE: t('请求头过大', 'Request headers too large'),
  REQUEST_TIMEOUT: t('请求超时', 'Request timed out'),
  UNSUPPORTED_MEDIA_TYPE: t('不支持的请求内容类型', 'Unsupported content type'),
  RATE_LIMITED: t('请求过于频繁，请稍后再试', 'Too many requests, please try again later'),
  AUTH_REQUIRED: t('请先登录', 'Please sign in'),
  AUTH_FORBIDDEN: t(
    (p) => `无权执行此操作（需要权限 ${String(p.permission ?? '')}）`,
    (p) => `Not allowed (requires permission ${String(p.permission ?? '')})`,
  ),
  AUTH_CSRF_INVALID: t('请求校验失败（CSRF 令牌缺失或无效），请刷新页面', 'Request check failed (missing or invalid CSRF token); reload the page'),
  AUTH_PASSWORD_CHANGE_REQUIRED: t('首次登录或密码已重置，请先修改密码', 'You must change your password before continuing'),
  AUTH_PASSWORD_POLICY: t(
    (p) => `密码不符合要求：${String(p.reasonZh ?? '')}`,
    (p) => `Password does not meet the policy: ${String(p.reasonEn ?? '')}`,
  ),
} satisfies Record<string, CatalogueEntry>;

const catalogue = new Map<string, CatalogueEntry>(Object.entries(CORE_ERRORS));

/**
 * Modules add their own codes (SCREAMING_SNAKE with the module prefix) from their `<m>.errors.ts`;
 * a duplicate code is a programming error and fails at start-up.
 */
export function defineErrors<K extends string>(entries: Record<K, CatalogueEntry>): Record<K, K> {
  const codes = {} as Record<K, K>;
  for (const [code, entry] of Object.entries(entries) as [K, CatalogueEntry][]) {
    if (catalogue.has(code) && catalogue.get(code) !== entry) throw new Error(`error code defined twice: ${code}`);
    catalogue.set(code, entry);
    codes[code] = code;
  }
  return codes;
}

/** `{ CODE: true }` for each code of a `defineErrors` result: what a module adds to `ErrorCatalogue`. */
export type CodesOf<T> = { [K in keyof T]: true };

/**
 * Every error code the platform can answer with: the core codes here, plus each module's, added by
 * declaration merging in the module's `<m>.errors.ts`:
 *
 *     export const WorksErrors = defineErrors({ WORKS_NOT_FOUND: t('…', '…') });
 *     declare module '../../lib/errors.ts' { interface ErrorCatalogue extends CodesOf<typeof WorksErrors> {} }
 *
 * so `ErrorCode` is a closed union: `new AppError('WORKS_NOT_FOUDN', …)` does not compile.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface ErrorCatalogue extends CodesOf<typeof CORE_ERRORS> {}

export type ErrorCode = keyof ErrorCatalogue & string;

/** Every code defined so far (core, and each module whose errors file was loaded), for the catalogue test. */
export function definedErrorCodes(): Array<{ code: string; zh: string; en: string }> {
  return [...catalogue].map(([code, e]) => ({ code, zh: e.zh({}), en: e.en({}) }));
}

function entryOf(code: string): CatalogueEntry {
  return catalogue.get(code) ?? CORE_ERRORS.INTERNAL;
}

/** One broken rule behind an error, in both languages; answered as `details: [{ field, rule, message }]`. */
export interface ErrorDetail {
  field: string;
  rule: string;
  zh: string;
  en: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly params: Record<string, unknown> = {},
    readonly details: readonly ErrorDetail[] = [],
  ) {
    super(entryOf(code).en(params));
    this.name = 'AppError';
  }

  messageIn(lang: Lang): string {
    const entry = entryOf(this.code);
    return lang === 'en' ? entry.en(this.params) : entry.zh(this.params);
  }
}

/** zh-CN unless the client asks for English first. */
export function languageOf(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

/**
 * The uploaded file of an import route: the body the file content-type parsers leave as a Buffer. Any other body
 * (JSON, a form, nothing) is refused with 415, so every import route refuses the same way.
 */
export function fileBody(body: unknown): Buffer {
  if (!Buffer.isBuffer(body)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415);
  return body;
}
