/**
 * The cap on open public alert streams (PUBLIC_SSE_MAX_CONNECTIONS): beyond it a client is answered 503 with
 * Retry-After and told, in its language, to poll (EventSource then gives up and the public app polls); a stream
 * that closes frees its place.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let base = '';

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_SSE_MAX_CONNECTIONS: '2', PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => t?.close());

const open = async () => {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/public/alerts/stream`, { signal: controller.signal, headers: { accept: 'text/event-stream', 'accept-language': 'en' } });
  return { res, close: () => controller.abort() };
};

describe('public alert stream limit', () => {
  it('tells the client beyond the limit to poll, and takes it again once a stream has closed', async () => {
    const a = await open();
    const b = await open();
    try {
      expect([a.res.status, b.res.status]).toEqual([200, 200]);
      const full = await open();
      expect(full.res.status).toBe(503);
      expect(full.res.headers.get('retry-after')).toBe('60');
      const body = (await full.res.json()) as { code: string; message: string };
      expect(body.code).toBe('PUBLIC_STREAM_FULL');
      expect(body.message).toContain('poll /api/public/alerts');
      // Polling is still answered while the streams are full.
      expect((await fetch(`${base}/api/public/alerts`)).status).toBe(200);
      a.close();
      const end = Date.now() + 5000;
      let again = await open();
      while (again.res.status !== 200 && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 50));
        again = await open();
      }
      expect(again.res.status).toBe(200);
      again.close();
    } finally {
      a.close();
      b.close();
    }
  });
});
