/**
 * The fast lane (plugins/fast-lane.ts) answers the nearest shelter as the route does: for any query string, the answer
 * over the socket (where the lane may take it) has the same status, body and headers as the same request injected into
 * Fastify (where it never can), and the lane took the plain ones. Both count against one rate limit; a revalidation, a cookie or a refused client is the
 * route's.
 */
import fc from 'fast-check';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../test/harness.ts';
import { plainNearestQuery } from './public.routes.ts';

const PATH = '/api/public/shelters/nearest';
/** Headers that differ between two answers by nature: the clock, the connection, the limit's running count. */
const PER_ANSWER = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'x-ratelimit-remaining', 'x-ratelimit-reset']);

/** A test app listening on a free loopback port (the lane only sees requests that come over a socket), and its address. */
async function listening(env: Record<string, string>): Promise<{ ctx: TestContext; base: string }> {
  const ctx = await createTestApp(env);
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  // The lane leaves requests to the route until the public index has loaded (on PostgreSQL that can take longer than
  // the test's first request). One request through the route waits for it, from an address no test counts.
  const primed = await ctx.app.inject({ method: 'GET', url: `${PATH}?lng=120.87&lat=32`, remoteAddress: '192.0.2.1' });
  if (primed.statusCode !== 200) throw new Error(`public index not ready: ${primed.statusCode} ${primed.body}`);
  return { ctx, base: `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}` };
}

let t: TestContext;
let base = '';

beforeAll(async () => {
  ({ ctx: t, base } = await listening({ PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000' }));
});
afterAll(() => t.close());

/** The lane's answers so far, read from /metrics as an operator would. */
async function laneAnswers(ctx: { base: string }): Promise<number> {
  const text = await (await fetch(`${ctx.base}/metrics`)).text();
  const m = new RegExp(`civdef_fast_lane_answers_total\\{route="${PATH}"\\} (\\d+)`).exec(text);
  return m ? Number(m[1]) : 0;
}

const comparable = (headers: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => !PER_ANSWER.has(k.toLowerCase())).map(([k, v]): [string, string] => [k.toLowerCase(), String(v)]).sort((a, b) => a[0].localeCompare(b[0])));

async function overSocket(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${url}`, { headers });
  const h: Record<string, string> = {};
  res.headers.forEach((v, k) => (h[k] = v));
  return { status: res.status, body: await res.text(), headers: h };
}

async function injected(url: string) {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.body, headers: res.headers as Record<string, unknown> };
}

// Values the lane reads and values it must leave to the route: plain, out of range, written another way.
const number = (min: number, max: number) =>
  fc.oneof(
    fc.double({ min, max, noNaN: true }).map((x) => x.toFixed(5)),
    fc.integer({ min, max }).map(String),
    { weight: 3, arbitrary: fc.constantFrom(`${min - 1}`, `${max + 1}.5`, `0${min}`, `${min}e0`, `+${min}`, `${min}.`, '', 'abc', `${min}%2E5`, `-${min}`, `${max}.00000000000000000001`) },
  );
const integer = (min: number, max: number) => fc.oneof(fc.integer({ min, max }).map(String), { weight: 2, arbitrary: fc.constantFrom(`${min - 1}`, `${max + 1}`, '1.0', '05', '1e1', '') });
const part = fc.oneof(
  { weight: 3, arbitrary: number(120, 122).map((v) => `lng=${v}`) },
  { weight: 3, arbitrary: number(31, 33).map((v) => `lat=${v}`) },
  { weight: 2, arbitrary: integer(1, 10).map((v) => `limit=${v}`) },
  { weight: 2, arbitrary: fc.constantFrom('normal', 'alert', 'Alert', '').map((v) => `mode=${v}`) },
  { weight: 1, arbitrary: integer(1, 120).map((v) => `warningMinutes=${v}`) },
  { weight: 1, arbitrary: fc.constantFrom('other=1', 'lng', '=', 'lat[]=32', 'limit=5&', '') },
);
/** Mostly the plain query a phone sends, in any order; sometimes something the route must answer. */
const plainQuery = fc.record({
  lng: fc.double({ min: 120.8, max: 121.0, noNaN: true }).map((x) => `lng=${x.toFixed(5)}`),
  lat: fc.double({ min: 31.9, max: 32.1, noNaN: true }).map((x) => `lat=${x.toFixed(5)}`),
  extra: fc.subarray(['limit=3', 'mode=alert', 'warningMinutes=7', 'mode=normal', 'limit=10']),
}).chain(({ lng, lat, extra }) => {
  // Each key once (mode=alert and mode=normal, limit=3 and limit=10 are alternatives).
  const parts = [lng, lat, ...extra.filter((e, i, all) => all.findIndex((o) => o.split('=')[0] === e.split('=')[0]) === i)];
  return fc.shuffledSubarray(parts, { minLength: parts.length });
})
  .map((parts) => parts.join('&'));
/** Values of each key, plain or doubtful. */
const valueOf = fc.record({
  lng: number(120, 122), lat: number(31, 33), limit: integer(1, 10), mode: fc.constantFrom('normal', 'alert', 'Alert', ''), warningMinutes: integer(1, 120),
});
/**
 * A plain query with one value changed, or one part added: the lane must tell it from a plain one exactly as the
 * schema does (a doubtful value among plain ones is the case a lax lane would answer with a 200 the route refuses).
 */
const oneOff = fc.tuple(plainQuery, valueOf, part, fc.nat(), fc.boolean()).map(([query, values, extra, at, add]) => {
  const parts = query.split('&');
  if (add) {
    parts.splice(at % (parts.length + 1), 0, extra);
  } else {
    const i = at % parts.length;
    const key = parts[i]!.split('=')[0] as keyof typeof values;
    parts[i] = `${key}=${values[key]}`;
  }
  return parts.join('&');
});
const anyQuery = fc.oneof(plainQuery, oneOff, oneOff, fc.array(part, { minLength: 0, maxLength: 6 }).map((parts) => parts.join('&')));

describe('fast lane', () => {
  it('answers every query as the route does, and takes the plain ones', async () => {
    const before = await laneAnswers({ base });
    let plain = 0;
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(anyQuery, async (query) => {
        const url = `${PATH}?${query}`;
        const lane = await overSocket(url);
        const route = await injected(url);
        expect(lane.status, url).toBe(route.status);
        expect(lane.body, url).toBe(route.body);
        expect(comparable(lane.headers), url).toEqual(comparable(route.headers));
        if (plainNearestQuery(query)) {
          plain++;
          expect(lane.status, url).toBe(200);
        }
        if (lane.status === 200) ok++;
      }),
      { numRuns: 400 },
    );
    // The lane took exactly the queries it reads; the route answered the rest (some of them 200 too: `a=1&&b=2`).
    expect(plain).toBeGreaterThan(40);
    expect(ok).toBeGreaterThanOrEqual(plain);
    expect(await laneAnswers({ base })).toBe(before + plain);
  });

  it('leaves revalidations and signed-in requests to the route', async () => {
    const url = `${PATH}?lng=120.8705&lat=32.0005&limit=3`;
    const before = await laneAnswers({ base });
    const first = await overSocket(url);
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
    expect(first.headers['content-security-policy']).toContain("default-src 'self'");
    const again = await overSocket(url, { 'if-none-match': first.headers.etag! });
    expect(again.status).toBe(304);
    const withCookie = await overSocket(url, { cookie: 'unrelated=1' });
    expect(withCookie.status).toBe(200);
    expect(withCookie.body).toBe(first.body);
    expect(await laneAnswers({ base })).toBe(before + 1);
  });
});

describe('fast lane and rate limit', () => {
  let small: TestContext;
  let smallBase = '';
  beforeAll(async () => {
    ({ ctx: small, base: smallBase } = await listening({ PUBLIC_RATE_LIMIT_PER_MINUTE: '3' }));
  });
  afterAll(() => small.close());

  it('counts both paths against one limit per address, and the refusal is the route\'s 429', async () => {
    const url = `${PATH}?lng=120.8705&lat=32.0005`;
    const remaining: string[] = [];
    const codes: number[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${smallBase}${url}`);
      codes.push(res.status);
      remaining.push(res.headers.get('x-ratelimit-remaining') ?? '');
      await res.arrayBuffer();
    }
    // The third through Fastify (injected: the same address, 127.0.0.1), the fourth over the socket again.
    const third = await small.app.inject({ method: 'GET', url });
    codes.push(third.statusCode);
    remaining.push(String(third.headers['x-ratelimit-remaining']));
    const refused = await fetch(`${smallBase}${url}`, { headers: { 'accept-language': 'en' } });
    codes.push(refused.status);
    expect(codes).toEqual([200, 200, 200, 429]);
    expect(remaining).toEqual(['2', '1', '0']);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { code: string }).code).toBe('RATE_LIMITED');
    expect(await laneAnswers({ base: smallBase })).toBe(2);
  });
});

describe('fast lane behind a proxy (TRUST_PROXY)', () => {
  let proxied: TestContext;
  let proxiedBase = '';
  beforeAll(async () => {
    ({ ctx: proxied, base: proxiedBase } = await listening({ PUBLIC_RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: 'true' }));
  });
  afterAll(() => proxied.close());

  it('counts each client by the address the proxy forwarded, as Fastify reads it', async () => {
    const url = `${PATH}?lng=120.8705&lat=32.0005`;
    const get = async (forwardedFor: string) => {
      const res = await fetch(`${proxiedBase}${url}`, { headers: { 'x-forwarded-for': forwardedFor } });
      await res.arrayBuffer();
      return res.status;
    };
    // The first address is the client's (the proxies it passed added theirs after it).
    expect([await get('203.0.113.7'), await get('203.0.113.7, 10.0.0.2')]).toEqual([200, 200]);
    // Over its limit through Fastify too (the same key), while another client behind the same proxy is not.
    const injected = await proxied.app.inject({ method: 'GET', url, headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(injected.statusCode).toBe(429);
    expect(await get('198.51.100.9')).toBe(200);
    expect(await laneAnswers({ base: proxiedBase })).toBe(3);
  });
});
