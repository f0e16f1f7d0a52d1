import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestContext } from './harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT_BYTES: '4096' });
});
afterAll(() => t.close());

describe('platform', () => {
  it('reports database kind, migration version and broker', async () => {
    const res = await call(t.app, null, { method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.database.kind).toBe(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
    expect(body.database.migration).toBeGreaterThanOrEqual(2);
    expect(body.broker).toEqual({ kind: 'none', connected: false });
  });

  it('sends security headers', async () => {
    const res = await call(t.app, null, { method: 'GET', url: '/api/health' });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses an oversized body with 413', async () => {
    const res = await call(t.app, null, { method: 'POST', url: '/api/auth/login', payload: { username: 'a', password: 'x'.repeat(10_000) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses NUL characters with 400 naming the field', async () => {
    const res = await call(t.app, null, { method: 'POST', url: '/api/auth/login', headers: { 'accept-language': 'en' }, payload: { username: 'a\u0000b', password: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('body.username');
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await call(t.app, null, { method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'NOT_FOUND', message: '资源不存在' });
  });

  it('publishes every operation with its permission in the OpenAPI document', async () => {
    const res = await call(t.app, null, { method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { paths: Record<string, Record<string, { 'x-permission'?: string }>> };
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => ({ key: `${m.toUpperCase()} ${path}`, perm: op['x-permission'] })));
    expect(ops.length).toBeGreaterThan(10);
    expect(ops.filter((o) => !o.perm)).toEqual([]);
    expect(ops.find((o) => o.key === 'POST /api/users')?.perm).toBe('users:write');
    const docs = await call(t.app, null, { method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
  });
});
