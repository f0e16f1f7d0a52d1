import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { call, createTestApp, testConfig, type TestContext } from './harness.ts';

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

  it('sends the CSP with frame-ancestors on the console page and other non-API paths', async () => {
    // The real console build when present; otherwise a stand-in, so GET / is always served and checked.
    const built = path.resolve(import.meta.dirname, '../../../web/dist');
    const standIn = fs.existsSync(path.join(built, 'index.html')) ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-web-'));
    if (standIn) fs.writeFileSync(path.join(standIn, 'index.html'), '<!doctype html><title>civdef</title><div id="root"></div>');
    const web = await buildApp(testConfig({ CIVDEF_WEB_DIST: standIn ?? built }), { db: t.db });
    try {
      const checks = [
        { url: '/', accept: 'text/html', status: 200 },
        { url: '/works/1', accept: 'text/html', status: 200 }, // the SPA fallback
        { url: '/no-such-file.js', accept: '*/*', status: 404 },
      ];
      for (const c of checks) {
        const res = await web.inject({ method: 'GET', url: c.url, headers: { accept: c.accept } });
        expect(res.statusCode, c.url).toBe(c.status);
        if (c.status === 200) expect(res.headers['content-type'], c.url).toContain('text/html');
        expect(res.headers['content-security-policy'], c.url).toContain("frame-ancestors 'none'");
        expect(res.headers['content-security-policy'], c.url).toContain("script-src 'self'");
        expect(res.headers['x-content-type-options'], c.url).toBe('nosniff');
      }
    } finally {
      await web.close();
      if (standIn) fs.rmSync(standIn, { recursive: true, force: true });
    }
    // Without a console build a non-API path is still answered with the headers.
    const bare = await call(t.app, null, { method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(bare.statusCode).toBe(404);
    expect(bare.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('answers the public app an empty static-export manifest when none is served, and the export when it is', async () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-web-'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>civdef</title>');
    fs.writeFileSync(path.join(dist, 'public-app.html'), '<!doctype html><title>civdef public</title>');
    try {
      const none = await buildApp(testConfig({ CIVDEF_WEB_DIST: dist }), { db: t.db });
      try {
        const res = await none.inject({ method: 'GET', url: '/public-static/manifest.json', headers: { accept: 'application/json' } });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toContain('application/json');
        expect(res.json()).toEqual({ version: null, tiles: 0, works: 0 });
      } finally {
        await none.close();
      }
      // An export placed in the served directory is served as it is, not hidden by the empty answer.
      fs.mkdirSync(path.join(dist, 'public-static'));
      fs.writeFileSync(path.join(dist, 'public-static', 'manifest.json'), JSON.stringify({ version: 'abc', tiles: 3, works: 7 }));
      const some = await buildApp(testConfig({ CIVDEF_WEB_DIST: dist }), { db: t.db });
      try {
        const res = await some.inject({ method: 'GET', url: '/public-static/manifest.json' });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ version: 'abc', tiles: 3 });
      } finally {
        await some.close();
      }
    } finally {
      fs.rmSync(dist, { recursive: true, force: true });
    }
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
