/**
 * The shared mechanisms at the edge (issue 9): what every route inherits from the schema layer, the security
 * hooks and the error handler — finite numbers, real instants, valid Unicode, plain ids, `{code,message}` on
 * every error Node answers itself, `Cache-Control: no-store` on signed-in answers, a constraint violation
 * named, and no 500 after a committed write. Each case makes its own records.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { FIXTURE, call, createTestApp, givenSession, testConfig, type Session, type TestContext } from './harness.ts';

let t: TestContext;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await givenSession(t, { roles: ['system_admin'], prefix: 'edge-admin' })).session;
});
afterAll(() => t.close());

let codeSeq = 0;
/** A new work of its own (seeded through the API, so it is audited and has its plans). */
async function givenWork(): Promise<{ id: number; version: number }> {
  codeSeq += 1;
  const res = await call(t.app, admin, {
    method: 'POST', url: '/api/works', payload: {
      code: `EDGE-${codeSeq}`, name: '边界测试工程', regionCode: FIXTURE.townA, location: [120.871, 32.002], constructionForm: 'attached', parentProject: '测试小区',
      workClass: 'personnel', subtype: 'class2', protectionGrade: 'N6', chemicalGrade: 'C', yearBuilt: 2001, isPublic: false,
      units: [{ name: '1号防护单元', grossAreaM2: 2000, protectedAreaM2: 1800, shelterAreaM2: 1500, blastUnits: 4, parkingSpaces: 40 }],
      entrances: [{ location: [120.8712, 32.002], kind: 'main', widthM: 3 }],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const auditSeq = async () => Number((await t.db.query<{ seq: number }>('SELECT seq FROM audit_head WHERE id = 1')).rows[0]!.seq);

function expectRefused(res: { statusCode: number; body: string; json(): unknown }, field: string): void {
  expect(res.statusCode, res.body).toBe(400);
  const body = res.json() as { code: string; message: string };
  expect(body.code).toBe('VALIDATION_FAILED');
  expect(body.message).toContain(field);
}

describe('numbers are finite everywhere (defect 3)', () => {
  for (const bad of ['Infinity', '-Infinity', '1e400', 'NaN']) {
    it(`refuses a PATCH location of "${bad}" with 400 naming the field, and writes nothing`, async () => {
      const w = await givenWork();
      const before = await auditSeq();
      const res = await call(t.app, admin, { method: 'PATCH', url: `/api/works/${w.id}`, payload: { version: w.version, location: [bad, 32.05] } });
      expectRefused(res, 'body.location.0');
      expect(await auditSeq()).toBe(before);
      expect((await call(t.app, admin, { method: 'GET', url: `/api/works/${w.id}` })).statusCode).toBe(200);
    });
  }

  it('refuses an inspection accuracyM of "Infinity" naming the field', async () => {
    const w = await givenWork();
    const res = await call(t.app, admin, {
      method: 'POST', url: '/api/works/inspections/batch', payload: {
        items: [{ clientId: crypto.randomUUID(), workId: w.id, inspectedAt: '2026-06-01T08:00:00Z', accuracyM: 'Infinity', checklist: [] }],
      },
    });
    expectRefused(res, 'accuracyM');
  });

  it('refuses "Infinity" and "1e400" in query parameters naming the parameter', async () => {
    expectRefused(await call(t.app, admin, { method: 'GET', url: '/api/works/nearest?lng=Infinity&lat=32' }), 'querystring.lng');
    expectRefused(await call(t.app, admin, { method: 'GET', url: '/api/works/nearest?lng=120.8&lat=1e400' }), 'querystring.lat');
    expectRefused(await call(t.app, admin, { method: 'GET', url: '/api/works?pageSize=Infinity' }), 'querystring.pageSize');
  });

  it('still accepts ordinary numbers, numeric strings in query parameters and exponents that stay finite', async () => {
    expect((await call(t.app, admin, { method: 'GET', url: '/api/works/nearest?lng=120.87&lat=3.2e1' })).statusCode).toBe(200);
  });
});

describe('null stays null through coercion', () => {
  it('clears a nullable text with null instead of storing an empty string', async () => {
    const w = await givenWork();
    const set = await call(t.app, admin, { method: 'PATCH', url: `/api/works/${w.id}`, payload: { version: w.version, owner: '业主单位' } });
    expect(set.statusCode, set.body).toBe(200);
    const res = await call(t.app, admin, { method: 'PATCH', url: `/api/works/${w.id}`, payload: { version: set.json().version, owner: null } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().owner).toBeNull();
  });
});

describe('the database refuses non-finite values as a second line (defect 3)', () => {
  const violation = (sql: string, params: unknown[]) => t.db.query(sql, params).then(() => null, (e: unknown) => e);

  it('refuses NaN and ±Infinity in float columns and non-finite coordinates in geometry columns', async () => {
    const w = await givenWork();
    for (const [sql, constraint] of [
      [`UPDATE work_entrance SET width_m = 'Infinity' WHERE work_id = $1`, 'work_entrance_width_m_finite'],
      [`UPDATE work_unit SET gross_area_m2 = 'NaN' WHERE work_id = $1`, 'work_unit_gross_area_m2_finite'],
      [`UPDATE work_unit SET shelter_area_m2 = 'Infinity' WHERE work_id = $1`, 'work_unit_shelter_area_m2_finite'],
      [`UPDATE work SET location = ST_SetSRID(ST_MakePoint('Infinity'::float8, 32), 4326) WHERE id = $1`, 'work_location_finite'],
      [`UPDATE work SET footprint = ST_Multi(ST_SetSRID(ST_MakePolygon(ST_MakeLine(ARRAY[ST_MakePoint(120, 32), ST_MakePoint('NaN'::float8, 32),
          ST_MakePoint(120.1, 32.1), ST_MakePoint(120, 32)])), 4326)) WHERE id = $1`, 'work_footprint_finite'],
    ] as const) {
      expect(await violation(sql, [w.id]), sql).toMatchObject({ code: '23514', constraint });
    }
    // Finite values, and NULL in an optional column, still pass.
    expect(await violation(`UPDATE work_entrance SET width_m = NULL WHERE work_id = $1`, [w.id])).toBeNull();
    expect(await violation(`UPDATE work SET location = ST_SetSRID(ST_MakePoint(120.9, 32.1), 4326) WHERE id = $1`, [w.id])).toBeNull();
  });

  it('answers such a violation with 400 naming the column, not a generic constraint message', async () => {
    const w = await givenWork();
    // A write that reaches the database behind the schema (as an importer or a future route could).
    const app = await buildApp(testConfig(), { db: t.db });
    app.post('/edge-test/width', async () => t.db.query(`UPDATE work_entrance SET width_m = 'Infinity' WHERE work_id = $1`, [w.id]));
    await app.ready();
    try {
      const res = await app.inject({ method: 'POST', url: '/edge-test/width', headers: { 'accept-language': 'en' } });
      expectRefused(res, 'work_entrance.width_m');
      expect(res.json()).toMatchObject({ details: [{ field: 'work_entrance.width_m', rule: 'finite' }] });
    } finally {
      await app.close();
    }
  });
});

describe('strings are valid Unicode (defect 1, edge part)', () => {
  it('refuses a lone surrogate in a value, before sign-in, with 400 naming the field, and audits nothing', async () => {
    const before = await auditSeq();
    const res = await t.app.inject({
      method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' },
      payload: '{"username":"\\ud800","password":"x"}',
    });
    expectRefused(res, 'body.username');
    expect(await auditSeq()).toBe(before);
  });

  it('refuses a lone surrogate in a key and in a query parameter', async () => {
    const res = await call(t.app, admin, {
      method: 'POST', url: '/api/users', headers: { 'content-type': 'application/json' },
      payload: '{"username":"ok","\\udfff":"x"}',
    });
    expectRefused(res, 'body.\\udfff');
    const nested = await call(t.app, admin, {
      method: 'POST', url: '/api/works/inspections/batch', headers: { 'content-type': 'application/json' },
      payload: '{"items":[{"notes":"ok \\ud83d"}]}',
    });
    expectRefused(nested, 'body.items[0].notes');
    expect(nested.json()).toMatchObject({ details: [{ field: 'body.items[0].notes', rule: 'unicode' }] });
  });

  it('accepts proper surrogate pairs (emoji and supplementary CJK)', async () => {
    const res = await call(t.app, admin, { method: 'GET', url: `/api/users?q=${encodeURIComponent('𠀀😀')}` });
    expect(res.statusCode).toBe(200);
  });
});

describe('path ids are plain integers (defect 10)', () => {
  for (const odd of ['1e3', '0x10', '%201', '+1', '%20 1', '1.0', '01x', '-1', '0']) {
    it(`refuses /api/works/${odd} with 400 naming the parameter`, async () => {
      const res = await call(t.app, admin, { method: 'GET', url: `/api/works/${odd}` });
      expectRefused(res, 'params.id');
    });
  }

  it('refuses an odd id on a write route too, and a non-UUID import job id', async () => {
    expectRefused(await call(t.app, admin, { method: 'PATCH', url: '/api/users/0x1', payload: { displayName: 'x' } }), 'params.id');
    expectRefused(await call(t.app, admin, { method: 'GET', url: '/api/works/imports/1e3' }), 'params.id');
  });

  it('still answers a plain id', async () => {
    const w = await givenWork();
    expect((await call(t.app, admin, { method: 'GET', url: `/api/works/${w.id}` })).statusCode).toBe(200);
  });
});

describe('timestamps are real instants (defect 6, edge part)', () => {
  for (const bad of ['2026-12-31T23:59:60Z', '2026-02-30T08:00:00Z', '2026-06-01T24:00:00Z', '2026-06-01T08:00:00+24:00']) {
    it(`refuses inspectedAt ${bad} with 400 naming the field, and writes nothing`, async () => {
      const w = await givenWork();
      const before = await auditSeq();
      const res = await call(t.app, admin, {
        method: 'POST', url: '/api/works/inspections/batch', payload: {
          items: [{ clientId: crypto.randomUUID(), workId: w.id, inspectedAt: bad, checklist: [] }],
        },
      });
      expectRefused(res, 'inspectedAt');
      expect(await auditSeq()).toBe(before);
    });
  }

  it('refuses a leap second in an audit query', async () => {
    expectRefused(await call(t.app, admin, { method: 'GET', url: '/api/audit?from=2016-12-31T23:59:60Z' }), 'querystring.from');
  });
});

describe('caching of signed-in answers (defect 10)', () => {
  it('sends Cache-Control: no-store on signed-in JSON and exports', async () => {
    for (const url of ['/api/auth/me', '/api/works', '/api/works/export?format=csv']) {
      const res = await call(t.app, admin, { method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('leaves public answers their own caching', async () => {
    const res = await call(t.app, null, { method: 'GET', url: '/ogc/collections/works-public/items' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).not.toBe('no-store');
  });
});

describe("Node's own answers carry {code,message} (defect 10)", () => {
  async function raw(request: string): Promise<{ status: number; body: string }> {
    if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const net = import('node:net');
      void net.then(({ connect }) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(request));
        let data = '';
        socket.on('data', (c) => (data += c.toString()));
        socket.on('error', reject);
        socket.on('close', () => {
          const [head = '', body = ''] = data.split('\r\n\r\n');
          resolve({ status: Number(head.split(' ')[1]), body });
        });
      });
    });
  }

  it('answers a malformed request with 400 and a {code,message} body', async () => {
    const res = await raw('GET /api/health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) });
  });

  it('answers a header that is too large with 431 and a {code,message} body', async () => {
    const res = await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(http.maxHeaderSize + 10)}\r\n\r\n`);
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body)).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });
});

describe('multipart that is cut off (defect 10)', () => {
  it('answers 4xx with {code,message}, never 500', async () => {
    const w = await givenWork();
    const boundary = 'civdefcut';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 partial`;
    const res = await call(t.app, admin, {
      method: 'POST', url: `/api/works/${w.id}/documents?docType=drawing`, payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
    expect(res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });
});

describe('no 500 after a committed write (defect 4)', () => {
  it('answers a write whose answer holds NaN, Infinity or an Invalid Date with its status, not 500; a read still fails', async () => {
    const app = await buildApp(testConfig(), { db: t.db });
    const schema = {
      response: {
        201: {
          type: 'object',
          properties: { n: { type: 'number', nullable: true }, i: { type: 'integer', nullable: true }, at: { type: 'string', format: 'date-time', nullable: true } },
        },
      },
    };
    // Stands for a handler whose transaction has committed by the time its answer is serialised.
    const handler = async (_req: unknown, reply: { status(n: number): unknown }) => {
      reply.status(201);
      return { n: Number.NaN, i: Number.POSITIVE_INFINITY, at: new Date(Number.NaN) };
    };
    app.post('/edge-test/answer', { schema }, handler);
    app.get('/edge-test/answer', { schema }, handler);
    await app.ready();
    try {
      const write = await app.inject({ method: 'POST', url: '/edge-test/answer' });
      expect(write.statusCode, write.body).toBe(201);
      expect(write.json()).toEqual({ n: null, i: null, at: null });
      const read = await app.inject({ method: 'GET', url: '/edge-test/answer' });
      expect(read.statusCode).toBe(500);
      expect(read.json()).toMatchObject({ code: 'INTERNAL' });
    } finally {
      await app.close();
    }
  });
});
