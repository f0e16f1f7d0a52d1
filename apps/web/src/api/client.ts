/**
 * The one door to the server. Every call sends the session cookie, the CSRF token on writes and the
 * console's language, and turns a `{ code, message }` error body into a thrown ApiError so that callers
 * can show the server's own (already translated) message.
 */

import type { ApiErrorDetail, ApiPath, BodyOf, MethodOf, PathParamsOf, QueryOf, ResponseOf } from './types.ts';

export type { ApiErrorDetail } from './types.ts';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: readonly ApiErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type ApiLanguage = 'zh-CN' | 'en';

interface ClientState {
  csrfToken: string | null;
  language: ApiLanguage;
  /** Called when the server says the session is gone, so the app can go back to the sign-in page. */
  onUnauthorized: ((err: ApiError) => void) | null;
}

const state: ClientState = { csrfToken: null, language: 'zh-CN', onUnauthorized: null };

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

export function setApiLanguage(language: ApiLanguage): void {
  state.language = language;
}

export function onUnauthorized(handler: ((err: ApiError) => void) | null): void {
  state.onUnauthorized = handler;
}

type Scalar = string | number | boolean;
type Query = Record<string, Scalar | readonly Scalar[] | null | undefined>;

/**
 * `/api/users` + `{ q: 'a', page: 1, x: '' }` → `/api/users?q=a&page=1` (empty values dropped); arrays repeat
 * the parameter (`workClass=a&workClass=b`), as the server reads them.
 */
export function withQuery(path: string, query?: object): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query) as [string, Query[string]][]) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value as readonly Scalar[]) params.append(key, String(v));
    else params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** `/api/works/{id}` + `{ id: 7 }` → `/api/works/7`; a missing parameter is a programming error. */
export function fillPath(path: string, params?: object): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = (params as Record<string, unknown> | undefined)?.[name];
    if (value === undefined || value === null || value === '') throw new Error(`${path}: path parameter ${name} missing`);
    return encodeURIComponent(String(value));
  });
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: object;
  signal?: AbortSignal;
  /** Answer the Response itself on success (file downloads); errors still throw ApiError. */
  raw?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': state.language,
  };
  // FormData (file uploads) sets its own multipart boundary.
  const isForm = typeof FormData !== 'undefined' && options.body instanceof FormData;
  // A Blob (a workbook uploaded as the request body) is sent as it is, under its own type.
  const isBlob = typeof Blob !== 'undefined' && options.body instanceof Blob;
  if (isBlob) headers['Content-Type'] = (options.body as Blob).type || 'application/octet-stream';
  else if (options.body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;

  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'include',
      body: options.body === undefined ? undefined : isForm ? (options.body as FormData) : isBlob ? (options.body as Blob) : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('NETWORK_ERROR', networkMessage(state.language), 0);
  }

  if (res.status === 204) return undefined as T;
  if (res.ok && options.raw) return res as T;
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const body = (data ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
    const err = new ApiError(
      typeof body.code === 'string' ? body.code : `HTTP_${res.status}`,
      typeof body.message === 'string' ? body.message : `${res.status} ${res.statusText}`,
      res.status,
      Array.isArray(body.details) ? (body.details as ApiErrorDetail[]) : [],
    );
    if (res.status === 401 && state.onUnauthorized && !path.startsWith('/api/auth/')) state.onUnauthorized(err);
    throw err;
  }
  return data as T;
}

function networkMessage(language: ApiLanguage): string {
  return language === 'en' ? 'Cannot reach the server.' : '无法连接服务器。';
}

/** File name from a Content-Disposition header (RFC 6266 filename* first). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/** GETs a file with the session and saves it under the server's name. */
export async function download(path: string, query: object | URLSearchParams | undefined, fallbackName: string): Promise<{ fileName: string; size: number }> {
  const url = query instanceof URLSearchParams ? (query.size ? `${path}?${query.toString()}` : path) : withQuery(path, query);
  const res = await api<Response>(url, { raw: true });
  const blob = await res.blob();
  const fileName = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return { fileName, size: blob.size };
}

export interface CallInit<P extends ApiPath, M extends MethodOf<P>> {
  params?: PathParamsOf<P, M>;
  query?: QueryOf<P, M>;
  body?: BodyOf<P, M>;
  /** A multipart upload (the contract does not describe multipart bodies). */
  form?: FormData;
  signal?: AbortSignal;
}

/**
 * A call typed by the API contract: the path as the OpenAPI document writes it, its method, and the path
 * parameters, query and body that operation takes; answers what it answers.
 *
 *     const work = await call('get', '/api/works/{id}', { params: { id: 7 } });  // WorkDetail
 */
export function call<P extends ApiPath, M extends MethodOf<P>>(method: M, path: P, init: CallInit<P, M> = {}): Promise<ResponseOf<P, M>> {
  return api<ResponseOf<P, M>>(fillPath(path, init.params), {
    method: method.toUpperCase() as RequestOptions['method'],
    query: init.query,
    body: init.form ?? init.body,
    signal: init.signal,
  });
}
