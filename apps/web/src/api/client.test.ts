import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, call, fillPath, setApiLanguage, setCsrfToken, withQuery } from './client.ts';

function stubFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setApiLanguage('zh-CN');
});

describe('api client', () => {
  it('builds query strings without empty values', () => {
    expect(withQuery('/api/users', { q: '张', page: 1, pageSize: 20, x: '', y: undefined })).toBe('/api/users?q=%E5%BC%A0&page=1&pageSize=20');
    expect(withQuery('/api/users', {})).toBe('/api/users');
  });

  it('sends the cookie, the language, and the CSRF token only on writes', async () => {
    const calls = stubFetch(200, { ok: true });
    setCsrfToken('tok');
    setApiLanguage('en');
    await api('/api/auth/me');
    await api('/api/users', { method: 'POST', body: { a: 1 } });
    const [get, post] = calls;
    expect(get?.init.credentials).toBe('include');
    expect((get?.init.headers as Record<string, string>)['Accept-Language']).toBe('en');
    expect((get?.init.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
    expect((post?.init.headers as Record<string, string>)['x-csrf-token']).toBe('tok');
    expect(post?.init.body).toBe('{"a":1}');
  });

  it('throws the server error as an ApiError', async () => {
    stubFetch(423, { code: 'AUTH_ACCOUNT_LOCKED', message: '账户已锁定，请 14 分钟后再试' });
    await expect(api('/api/auth/login', { method: 'POST', body: {} })).rejects.toMatchObject({
      name: 'ApiError',
      code: 'AUTH_ACCOUNT_LOCKED',
      status: 423,
      message: '账户已锁定，请 14 分钟后再试',
    });
  });

  it('names a non-JSON failure by its status', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const err = await api('/api/health').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'HTTP_502', status: 502 });
  });

  it('returns undefined for 204', async () => {
    stubFetch(204, undefined);
    await expect(api('/api/auth/logout', { method: 'POST' })).resolves.toBeUndefined();
  });
});

describe('calls typed by the contract', () => {
  it('fills path parameters, repeats array parameters and drops empty ones', async () => {
    const calls = stubFetch(200, { items: [], total: 0, page: 1, pageSize: 20 });
    await call('get', '/api/works', { query: { workClass: ['personnel', 'medical'], q: '', page: 1, pageSize: 20 } });
    expect(calls[0]!.url).toBe('/api/works?workClass=personnel&workClass=medical&page=1&pageSize=20');
    await call('patch', '/api/users/{id}', { params: { id: 7 }, body: { displayName: '甲' } });
    expect(calls[1]!.url).toBe('/api/users/7');
    expect(calls[1]!.init.method).toBe('PATCH');
    expect(calls[1]!.init.body).toBe('{"displayName":"甲"}');
  });

  it('refuses a path with a parameter left out', () => {
    expect(() => fillPath('/api/works/{id}', {})).toThrow(/path parameter id missing/);
    expect(fillPath('/api/works/maintenance-schedules/{code}', { code: 'a/b' })).toBe('/api/works/maintenance-schedules/a%2Fb');
  });
});
