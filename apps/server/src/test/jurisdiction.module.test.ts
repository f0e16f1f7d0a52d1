/**
 * Jurisdiction scoping, route by route. A user of 通州 (320612) must never read or change records of
 * 崇川 (320613). Every route the app registers must have a case here: the first test fails when a
 * module adds a route without one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, createUser, signIn, type Session, type TestContext } from './harness.ts';

let t: TestContext;
let county: Session;
let otherUserId: number;

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t.db, 'tz-admin', ['county_admin'], FIXTURE.countyB);
  otherUserId = await createUser(t.db, 'cc-user', ['viewer'], FIXTURE.countyA);
  await createUser(t.db, 'cc-admin', ['county_admin'], FIXTURE.countyA);
  // Leave audit rows in both counties.
  await signIn(t.app, 'cc-admin');
  const cc = await signIn(t.app, 'cc-admin');
  await call(t.app, cc, { method: 'PATCH', url: `/api/users/${otherUserId}`, payload: { displayName: '崇川用户' } });
  county = await signIn(t.app, 'tz-admin');
});
afterAll(() => t.close());

/** A work of 崇川 (FIXTURE.countyA), invisible to a 通州 user. */
const workOfA = async () => (await t.db.query<{ id: number }>(`SELECT id FROM work WHERE code = 'RF-A-001'`)).rows[0]!.id;
function csvUpload(csv: string) {
  const boundary = '----civdefJurisdiction';
  return {
    payload: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="w.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
let ccImportId: string | null = null;
/** An import job of a 崇川 user, invisible to a 通州 user. */
async function otherCountyImport(): Promise<string> {
  if (ccImportId) return ccImportId;
  const cc = await signIn(t.app, 'cc-admin');
  const m = csvUpload('工程编号,工程名称\nX,y');
  ccImportId = (await call(t.app, cc, { method: 'POST', url: '/api/works/imports?wait=true', payload: m.payload, headers: m.headers })).json().id as string;
  return ccImportId;
}
let upkeepA: { rectificationId: number; documentId: number } | null = null;
/** An overdue plan, an open rectification and a document of a 崇川 work. */
async function upkeepOfA(): Promise<{ rectificationId: number; documentId: number }> {
  if (upkeepA) return upkeepA;
  const id = await workOfA();
  await t.db.query(`INSERT INTO maintenance_plan (work_id, schedule_code, discipline, title, interval_months, next_due_on) VALUES ($1, 'routine_quarterly', 'civil', 'q', 3, '2020-01-01')`, [id]);
  const r = await t.db.query<{ id: number }>(`INSERT INTO rectification (work_id, category, description, deadline) VALUES ($1, 'leaks', 'x', '2020-01-01') RETURNING id`, [id]);
  const d = await t.db.query<{ id: number }>(`INSERT INTO work_document (work_id, doc_type, file_name, media_type, size_bytes, sm3, sha256, storage_key)
    VALUES ($1, 'permit', 'p.pdf', 'application/pdf', 1, 'x', 'x', '2026/01/00000000-0000-4000-8000-000000000000') RETURNING id`, [id]);
  upkeepA = { rectificationId: r.rows[0]!.id, documentId: d.rows[0]!.id };
  return upkeepA;
}
let caseA: { caseId: number; evidenceId: number } | null = null;
/** An enforcement case of 崇川 with one piece of evidence: invisible to a 通州 user. */
async function caseOfA(): Promise<{ caseId: number; evidenceId: number }> {
  if (caseA) return caseA;
  const { enterpriseId } = await regulationOfA();
  const cc = await signIn(t.app, 'cc-admin');
  const second = await call(t.app, cc, { method: 'POST', url: '/api/regulation/officers', payload: { name: '崇川执法员二', certNo: 'CC-0002', certExpiresOn: '2099-12-31', regionCode: FIXTURE.countyA } });
  const first = (await t.db.query<{ id: number }>(`SELECT id FROM reg_officer WHERE cert_no = 'CC-0001'`)).rows[0]!.id;
  const filed = await call(t.app, cc, { method: 'POST', url: '/api/regulation/cases', payload: {
    title: '崇川案件', regionCode: FIXTURE.townA, partyKind: 'unit', enterpriseId, source: 'inspection', facts: 'x', investigatorIds: [first, second.json().id], filedOn: '2026-11-02',
  } });
  const caseId = filed.json().id as number;
  const ev = await t.db.query<{ id: number }>(`INSERT INTO reg_case_evidence (case_id, kind, title, collected_on, file_name, media_type, size_bytes, sm3, sha256, storage_key)
    VALUES ($1, 'documentary', 'x', '2026-11-02', 'x.pdf', 'application/pdf', 1, $2, 'x', '2026/01/00000000-0000-4000-8000-000000000001') RETURNING id`, [caseId, '0'.repeat(64)]);
  caseA = { caseId, evidenceId: ev.rows[0]!.id };
  return caseA;
}
let approvalA: { approvalId: number; partyId: number; documentId: number } | null = null;
/** An approval case of 崇川 with a 联审 party and a document: invisible to a 通州 user. */
async function approvalOfA(): Promise<{ approvalId: number; partyId: number; documentId: number }> {
  if (approvalA) return approvalA;
  const cc = await signIn(t.app, 'cc-admin');
  const made = await call(t.app, cc, { method: 'POST', url: '/api/regulation/approvals', payload: {
    kind: 'demolition', title: '崇川联审', regionCode: FIXTURE.townA, receivedOn: '2026-11-02', parties: [{ name: '自然资源和规划局' }],
  } });
  const approvalId = made.json().id as number;
  const partyId = (await t.db.query<{ id: number }>('SELECT id FROM reg_approval_party WHERE approval_id = $1', [approvalId])).rows[0]!.id;
  const doc = await t.db.query<{ id: number }>(`INSERT INTO reg_approval_document (approval_id, doc_type, title, file_name, media_type, size_bytes, sm3, sha256, storage_key)
    VALUES ($1, 'other', 'x', 'x.pdf', 'application/pdf', 1, $2, 'x', '2026/01/00000000-0000-4000-8000-000000000002') RETURNING id`, [approvalId, '0'.repeat(64)]);
  approvalA = { approvalId, partyId, documentId: doc.rows[0]!.id };
  return approvalA;
}
let feeA: number | null = null;
/** A fee assessment of 崇川: invisible to a 通州 user. */
async function feeOfA(): Promise<number> {
  if (feeA) return feeA;
  const cc = await signIn(t.app, 'cc-admin');
  const made = await call(t.app, cc, { method: 'POST', url: '/api/regulation/fees', payload: {
    kind: 'other', title: '崇川收费', regionCode: FIXTURE.townA, payerName: '崇川企业', assessedOn: '2026-01-01', dueOn: '2026-02-01', dueFen: 100, basis: 'x',
  } });
  feeA = made.json().id as number;
  return feeA;
}
/** The siren of 崇川 (JB-A-01), a custom group and a fault ticket of it: invisible to a 通州 user. */
const sirenOfA = async () => (await t.db.query<{ id: number }>(`SELECT id FROM siren WHERE code = 'JB-A-01'`)).rows[0]!.id;
let sirenThingsA: { groupId: number; faultId: number } | null = null;
async function sirenThingsOfA(): Promise<{ groupId: number; faultId: number }> {
  if (sirenThingsA) return sirenThingsA;
  const id = await sirenOfA();
  const g = await t.db.query<{ id: number }>(`INSERT INTO siren_group (name, region_code) VALUES ('崇川组', $1) RETURNING id`, [FIXTURE.countyA]);
  await t.db.query('INSERT INTO siren_group_member (group_id, siren_id) VALUES ($1, $2)', [g.rows[0]!.id, id]);
  const f = await t.db.query<{ id: number }>(`INSERT INTO siren_fault (siren_id, region_code, category, description, deadline) VALUES ($1, $2, 'power', 'x', now() + interval '1 day') RETURNING id`, [id, FIXTURE.townA]);
  sirenThingsA = { groupId: g.rows[0]!.id, faultId: f.rows[0]!.id };
  return sirenThingsA;
}
const COMMAND_A = '00000000-0000-4000-8000-00000000000a';
/** A command a 崇川 officer issued to the 崇川 siren. */
async function commandOfA(): Promise<string> {
  await t.db.query(`INSERT INTO siren_command (id, action, target, region_code, issued_at, expires_at) VALUES ($1, 'stop', '{}', $2, now(), now() + interval '1 minute')
    ON CONFLICT DO NOTHING`, [COMMAND_A, FIXTURE.countyA]);
  return COMMAND_A;
}
/** A draft alert of a 崇川 officer. */
async function alertOfA(): Promise<number> {
  const { rows } = await t.db.query<{ id: number }>(`SELECT id FROM alert WHERE headline = '崇川草稿'`);
  if (rows[0]) return rows[0].id;
  return (await t.db.query<{ id: number }>(`INSERT INTO alert (kind, program, area, area_desc, headline, message_zh, region_code)
    VALUES ('test', 'preliminary', '{"regionCodes":["320613"]}', '崇川区', '崇川草稿', 'x', $1) RETURNING id`, [FIXTURE.countyA])).rows[0]!.id;
}
let ccRunId: number | null = null;
/** An allocation run of a 崇川 user, invisible to a 通州 user. */
async function otherCountyRun(): Promise<number> {
  if (ccRunId) return ccRunId;
  const cc = await signIn(t.app, 'cc-admin');
  ccRunId = (await call(t.app, cc, { method: 'POST', url: '/api/planning/runs', payload: {} })).json().id as number;
  return ccRunId;
}
const inCountyB = (code: string | null | undefined) => typeof code === 'string' && code.startsWith(FIXTURE.countyB);
type Check = () => Promise<void>;

let regulationA: { taskId: number; enterpriseId: number } | null = null;
/** An enterprise, an officer and a drawn, published 双随机 task of 崇川, invisible to a 通州 user. */
async function regulationOfA(): Promise<{ taskId: number; enterpriseId: number }> {
  if (regulationA) return regulationA;
  const cc = await signIn(t.app, 'cc-admin');
  const e = await call(t.app, cc, { method: 'POST', url: '/api/regulation/enterprises', payload: { uscc: '91320613000000001W', name: '崇川企业', kind: 'user_unit', regionCode: FIXTURE.townA } });
  await call(t.app, cc, { method: 'POST', url: '/api/regulation/officers', payload: { name: '崇川执法员', certNo: 'CC-0001', certExpiresOn: '2099-12-31', regionCode: FIXTURE.countyA } });
  const task = await call(t.app, cc, { method: 'POST', url: '/api/regulation/inspections', payload: { title: '崇川抽查', item: 'works_maintenance', regionCode: FIXTURE.countyA, targetCount: 1, inspectorsPerTarget: 1 } });
  const taskId = task.json().id as number;
  for (const step of ['commit', 'draw', 'publish']) await call(t.app, cc, { method: 'POST', url: `/api/regulation/inspections/${taskId}/${step}` });
  regulationA = { taskId, enterpriseId: e.json().id as number };
  return regulationA;
}

const cases: Record<string, Check> = {
  'GET /api/health': async () => {
    const res = await call(t.app, null, { method: 'GET', url: '/api/health' });
    expect(Object.keys(res.json()).sort()).toEqual(['broker', 'database', 'status', 'version']);
  },
  'GET /api/config/public': async () => {
    const res = await call(t.app, null, { method: 'GET', url: '/api/config/public' });
    expect(Object.keys(res.json()).sort()).toEqual(['basemap', 'city', 'demo', 'passwordPolicy', 'version']);
  },
  'POST /api/auth/login': async () => {
    const res = await call(t.app, null, { method: 'POST', url: '/api/auth/login', payload: { username: 'tz-admin', password: 'x' } });
    expect(res.statusCode).toBe(401);
  },
  'POST /api/auth/challenge': async () => {
    // Bound to a name, not to a jurisdiction: the same answer for every name, known or not.
    const res = await call(t.app, null, { method: 'POST', url: '/api/auth/challenge', payload: { username: 'tz-admin' } });
    expect(Object.keys(res.json()).sort()).toEqual(['algorithm', 'bits', 'expiresAt', 'id']);
  },
  'GET /api/auth/me': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/auth/me' });
    expect(res.json().user.regionCode).toBe(FIXTURE.countyB);
  },
  'POST /api/auth/logout': async () => {
    const s = await signIn(t.app, 'tz-admin');
    expect((await call(t.app, s, { method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
  },
  'POST /api/auth/password': async () => {
    // Acts on the caller only: there is no way to name another user.
    const res = await call(t.app, county, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'wrong', newPassword: 'Whatever-Strong-1', username: 'cc-user' } });
    expect(res.statusCode).toBe(400);
  },
  'GET /api/roles': async () => {
    // Reference data, the same for every jurisdiction.
    expect((await call(t.app, county, { method: 'GET', url: '/api/roles' })).json().items).toHaveLength(10);
  },
  'GET /api/users': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/users?pageSize=500' });
    expect(res.json().items.length).toBeGreaterThan(0);
    expect(res.json().items.every((u: { regionCode: string }) => inCountyB(u.regionCode))).toBe(true);
  },
  'GET /api/users/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/users/${otherUserId}` })).statusCode).toBe(404);
  },
  'POST /api/users': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/users', payload: { username: 'sneak', displayName: 's', password: 'Sneaky-Pass-123', roles: ['viewer'], regionCode: FIXTURE.townA } });
    expect(res.statusCode).toBe(403);
  },
  'PATCH /api/users/:id': async () => {
    expect((await call(t.app, county, { method: 'PATCH', url: `/api/users/${otherUserId}`, payload: { displayName: 'x' } })).statusCode).toBe(404);
  },
  'POST /api/users/:id/lock': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/users/${otherUserId}/lock` })).statusCode).toBe(404);
  },
  'POST /api/users/:id/unlock': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/users/${otherUserId}/unlock` })).statusCode).toBe(404);
  },
  'POST /api/users/:id/reset-password': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/users/${otherUserId}/reset-password`, payload: { password: 'Reset-Pass-999x' } })).statusCode).toBe(404);
  },
  'GET /api/audit': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/audit?pageSize=500' });
    const items = res.json().items as Array<{ regionCode: string | null; actor: string | null }>;
    expect(items.length).toBeGreaterThan(0);
    for (const row of items) {
      if (row.regionCode) expect(inCountyB(row.regionCode)).toBe(true);
      else expect(row.actor).toBe('tz-admin');
    }
    const all = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE region_code LIKE '320613%'`)).rows[0]!.n;
    expect(all).toBeGreaterThan(0);
  },
  'POST /api/audit/verify': async () => {
    // Only system administrators verify the (city-wide) chain.
    expect((await call(t.app, county, { method: 'POST', url: '/api/audit/verify' })).statusCode).toBe(403);
  },
  'GET /api/regions': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/regions' });
    const codes = res.json().items.map((r: { code: string }) => r.code);
    expect(codes).toEqual([FIXTURE.countyB, FIXTURE.townB]);
  },
  'GET /api/regions/boundaries': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/regions/boundaries' });
    expect(res.json().features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual([FIXTURE.countyB]);
  },
  'GET /api/map/works': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/map/works' });
    const codes = res.json().features.map((f: { properties: { regionCode: string } }) => f.properties.regionCode);
    expect(codes.length).toBe(1);
    expect(codes.every(inCountyB)).toBe(true);
  },
  'GET /api/map/sirens': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/map/sirens' });
    const codes = res.json().features.map((f: { properties: { regionCode: string } }) => f.properties.regionCode);
    expect(codes).toEqual([FIXTURE.townB]);
  },
  // Siren registry: a 通州 user sees and changes 通州's sirens, groups and tickets only.
  'GET /api/sirens': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/sirens?pageSize=500' });
    expect(res.json().items.map((s: { code: string }) => s.code)).toEqual(['JB-B-01']);
    expect((await call(t.app, county, { method: 'GET', url: `/api/sirens?regionCode=${FIXTURE.countyA}` })).json().total).toBe(0);
  },
  'GET /api/sirens/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/sirens/${await sirenOfA()}` })).statusCode).toBe(404);
  },
  'POST /api/sirens': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/sirens', payload: {
      code: 'SNEAK-S1', name: 'x', regionCode: FIXTURE.townA, location: [120.87, 32.0], kind: 'motor', controlChannel: 'manual',
    } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('SIRENS_REGION_OUT_OF_SCOPE');
  },
  'PATCH /api/sirens/:id': async () => {
    expect((await call(t.app, county, { method: 'PATCH', url: `/api/sirens/${await sirenOfA()}`, payload: { version: 1, name: 'x' } })).statusCode).toBe(404);
  },
  'DELETE /api/sirens/:id': async () => {
    expect((await call(t.app, county, { method: 'DELETE', url: `/api/sirens/${await sirenOfA()}` })).statusCode).toBe(404);
  },
  'POST /api/sirens/:id/status': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/sirens/${await sirenOfA()}/status`, payload: { status: 'offline', reason: 'x' } })).statusCode).toBe(404);
  },
  'POST /api/sirens/:id/terminal-key': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/sirens/${await sirenOfA()}/terminal-key` })).statusCode).toBe(404);
  },
  'GET /api/siren-groups': async () => {
    await sirenThingsOfA();
    const res = (await call(t.app, county, { method: 'GET', url: '/api/siren-groups' })).json();
    expect(res.custom).toEqual([]);
    expect(res.regions.every((r: { code: string }) => inCountyB(r.code))).toBe(true);
  },
  'GET /api/siren-groups/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/siren-groups/${(await sirenThingsOfA()).groupId}` })).statusCode).toBe(404);
  },
  'POST /api/siren-groups': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/siren-groups', payload: { name: 'x', regionCode: FIXTURE.countyA, sirenIds: [] } });
    expect(res.statusCode).toBe(403);
    const mine = await call(t.app, county, { method: 'POST', url: '/api/siren-groups', payload: { name: 'x', regionCode: FIXTURE.countyB, sirenIds: [await sirenOfA()] } });
    expect(mine.json().code).toBe('SIRENS_GROUP_MEMBER_UNKNOWN');
  },
  'PATCH /api/siren-groups/:id': async () => {
    expect((await call(t.app, county, { method: 'PATCH', url: `/api/siren-groups/${(await sirenThingsOfA()).groupId}`, payload: { name: 'y' } })).statusCode).toBe(404);
  },
  'DELETE /api/siren-groups/:id': async () => {
    expect((await call(t.app, county, { method: 'DELETE', url: `/api/siren-groups/${(await sirenThingsOfA()).groupId}` })).statusCode).toBe(404);
  },
  'GET /api/siren-faults': async () => {
    await sirenThingsOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/siren-faults?pageSize=500' });
    expect(res.json().items.every((f: { regionCode: string }) => inCountyB(f.regionCode))).toBe(true);
  },
  'GET /api/siren-faults/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/siren-faults/${(await sirenThingsOfA()).faultId}` })).statusCode).toBe(404);
  },
  'POST /api/siren-faults': async () => {
    expect((await call(t.app, county, { method: 'POST', url: '/api/siren-faults', payload: { sirenId: await sirenOfA(), category: 'power', description: 'x' } })).statusCode).toBe(404);
  },
  'POST /api/siren-faults/:id/transitions': async () => {
    const { faultId } = await sirenThingsOfA();
    expect((await call(t.app, county, { method: 'POST', url: `/api/siren-faults/${faultId}/transitions`, payload: { to: 'cancelled', version: 1, resolution: 'x' } })).statusCode).toBe(404);
  },
  // Commands: this app has no broker, so issuing is refused before anything is resolved; a 崇川 command is invisible.
  'POST /api/siren-commands': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/siren-commands', payload: { action: 'stop', target: { sirenIds: [await sirenOfA()] } } });
    expect(res.statusCode).toBe(409);
  },
  'GET /api/siren-commands': async () => {
    await commandOfA();
    expect((await call(t.app, county, { method: 'GET', url: '/api/siren-commands' })).json().total).toBe(0);
  },
  'GET /api/siren-commands/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/siren-commands/${await commandOfA()}` })).statusCode).toBe(404);
  },
  // Alerts: a 崇川 alert does not exist for a 通州 officer; their area must lie in 通州; the public feed is everyone's.
  'GET /api/alerts': async () => {
    await alertOfA();
    expect((await call(t.app, county, { method: 'GET', url: '/api/alerts' })).json().total).toBe(0);
  },
  'GET /api/alerts/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/alerts/${await alertOfA()}` })).statusCode).toBe(404);
  },
  'POST /api/alerts': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/alerts', payload: { kind: 'test', program: 'preliminary', area: { regionCodes: [FIXTURE.countyA] }, headline: 'x', messageZh: 'x' } });
    expect(res.json().code).toBe('ALERTS_AREA_UNKNOWN');
  },
  'POST /api/alerts/:id/confirm': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/alerts/${await alertOfA()}/confirm`, payload: { version: 1 } })).statusCode).toBe(404);
  },
  'POST /api/alerts/:id/all-clear': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/alerts/${await alertOfA()}/all-clear`, payload: { version: 1 } })).statusCode).toBe(404);
  },
  'POST /api/alerts/:id/cancel': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/alerts/${await alertOfA()}/cancel`, payload: { version: 1 } })).statusCode).toBe(404);
  },
  'GET /api/public/alerts': async () => {
    expect((await call(t.app, null, { method: 'GET', url: '/api/public/alerts' })).statusCode).toBe(200);
  },
  'GET /api/public/alerts/:identifier/cap.xml': async () => {
    expect((await call(t.app, null, { method: 'GET', url: '/api/public/alerts/none/cap.xml' })).statusCode).toBe(404);
  },
  // 人防工程 registry: a 通州 user sees 通州's works only, and the 崇川 works do not exist for them.
  'GET /api/works': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/works?pageSize=500' });
    expect(res.json().items.length).toBe(1);
    expect(res.json().items.every((w: { regionCode: string }) => inCountyB(w.regionCode))).toBe(true);
    const asked = await call(t.app, county, { method: 'GET', url: `/api/works?regionCode=${FIXTURE.countyA}` });
    expect(asked.json().total).toBe(0);
  },
  'GET /api/works/stats': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/works/stats' });
    expect(res.json().totals.works).toBe(1);
    expect(res.json().byRegion.map((r: { key: string }) => r.key)).toEqual([FIXTURE.countyB]);
  },
  'GET /api/works/nearest': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/works/nearest?lng=120.87&lat=32.0&limit=10' });
    expect(res.json().items.map((w: { code: string }) => w.code)).toEqual(['RF-B-001']);
  },
  'GET /api/works/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/works/${await workOfA()}` })).statusCode).toBe(404);
  },
  'POST /api/works': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/works', payload: {
      code: 'SNEAK-1', name: 'x', regionCode: FIXTURE.townA, location: [120.87, 32.0], constructionForm: 'attached', workClass: 'personnel',
      units: [{ name: 'u', grossAreaM2: 1, protectedAreaM2: 1, shelterAreaM2: 1, blastUnits: 1, parkingSpaces: 0 }] } });
    expect(res.statusCode).toBe(403);
  },
  'PATCH /api/works/:id': async () => {
    expect((await call(t.app, county, { method: 'PATCH', url: `/api/works/${await workOfA()}`, payload: { version: 1, name: 'x' } })).statusCode).toBe(404);
    // Nor may a 通州 work be moved into 崇川.
    const own = (await t.db.query<{ id: number }>(`SELECT id FROM work WHERE code = 'RF-B-001'`)).rows[0]!.id;
    expect((await call(t.app, county, { method: 'PATCH', url: `/api/works/${own}`, payload: { version: 1, regionCode: FIXTURE.townA } })).statusCode).toBe(403);
  },
  'POST /api/works/:id/transitions': async () => {
    const res = await call(t.app, county, { method: 'POST', url: `/api/works/${await workOfA()}/transitions`, payload: { to: 'converting', version: 1, reason: 'x', conversionKind: 'drill' } });
    expect(res.statusCode).toBe(404);
  },
  'GET /api/works/:id/lifecycle': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/works/${await workOfA()}/lifecycle` })).statusCode).toBe(404);
  },
  'GET /api/works/imports/template': async () => {
    expect((await call(t.app, county, { method: 'GET', url: '/api/works/imports/template?format=csv' })).statusCode).toBe(200);
  },
  'POST /api/works/imports': async () => {
    // A row of 崇川 in a 通州 user's file is reported, never written.
    const m = csvUpload(`工程编号,工程名称,行政区划代码,经度,纬度,构筑形式,所属建设项目,战时功能,建筑面积(m²),防护面积(m²),掩蔽面积(m²)\nSNEAK-2,x,${FIXTURE.townA},120.87,32.0,结建,某住宅项目,人员掩蔽工程,10,10,10`);
    const res = await call(t.app, county, { method: 'POST', url: '/api/works/imports?wait=true', payload: m.payload, headers: m.headers });
    expect(res.json()).toMatchObject({ status: 'invalid', errors: [{ row: 2, column: '行政区划代码' }] });
  },
  'GET /api/works/imports': async () => {
    const other = await otherCountyImport();
    const res = await call(t.app, county, { method: 'GET', url: '/api/works/imports' });
    expect(res.json().items.map((j: { id: string }) => j.id)).not.toContain(other);
    expect(res.json().items.every((j: { actor: string }) => j.actor === 'tz-admin')).toBe(true);
  },
  'GET /api/works/imports/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/works/imports/${await otherCountyImport()}` })).statusCode).toBe(404);
  },
  'POST /api/works/imports/:id/commit': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/works/imports/${await otherCountyImport()}/commit` })).statusCode).toBe(404);
  },
  'GET /api/works/imports/:id/events': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/works/imports/${await otherCountyImport()}/events` })).statusCode).toBe(404);
  },
  'GET /api/works/export': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/works/export?format=geojson' });
    expect(JSON.parse(res.body).features.map((f: { properties: { regionCode: string } }) => f.properties.regionCode)).toEqual([FIXTURE.townB]);
  },
  // OGC API – Features: the public collection is the same for everyone; the internal one is scoped.
  'GET /ogc': async () => {
    expect((await call(t.app, null, { method: 'GET', url: '/ogc' })).statusCode).toBe(200);
  },
  'GET /ogc/conformance': async () => {
    expect((await call(t.app, null, { method: 'GET', url: '/ogc/conformance' })).statusCode).toBe(200);
  },
  'GET /ogc/collections': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/ogc/collections' });
    const works = res.json().collections.find((c: { id: string }) => c.id === 'works');
    // The extent covers 通州's works only.
    expect(works.extent.spatial.bbox[0][0]).toBeGreaterThan(121);
  },
  'GET /ogc/collections/works-public': async () => {
    expect((await call(t.app, null, { method: 'GET', url: '/ogc/collections/works-public' })).statusCode).toBe(200);
  },
  'GET /ogc/collections/works-public/items': async () => {
    const res = await call(t.app, null, { method: 'GET', url: '/ogc/collections/works-public/items' });
    expect(JSON.stringify(res.json())).not.toMatch(/regionCode|protectionGrade|shelter/);
  },
  'GET /ogc/collections/works-public/items/:featureId': async () => {
    const res = await call(t.app, null, { method: 'GET', url: `/ogc/collections/works-public/items/${await workOfA()}` });
    expect(Object.keys(res.json().properties)).not.toContain('code');
  },
  'GET /ogc/collections/works': async () => {
    expect((await call(t.app, county, { method: 'GET', url: '/ogc/collections/works' })).json().extent.spatial.bbox[0][0]).toBeGreaterThan(121);
  },
  'GET /ogc/collections/works/items': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/ogc/collections/works/items' });
    expect(res.json().numberMatched).toBe(1);
    expect(res.json().features.every((f: { properties: { regionCode: string } }) => inCountyB(f.properties.regionCode))).toBe(true);
  },
  'GET /ogc/collections/works/items/:featureId': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/ogc/collections/works/items/${await workOfA()}` })).statusCode).toBe(404);
  },
  'GET /tiles/works/:z/:x/:y.mvt': async () => {
    // Tile z6 53/25 holds both counties' fixture works; a 通州 user's tile carries 通州's only.
    const res = await call(t.app, county, { method: 'GET', url: '/tiles/works/6/53/25.mvt' });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.toString('utf8')).toContain('RF-B-001');
    expect(res.rawPayload.toString('utf8')).not.toContain('RF-A-00');
  },
  // Upkeep, inspections, rectifications, archives: everything hangs off a work, so 崇川's are invisible.
  'GET /api/works/maintenance-schedules': async () => {
    expect((await call(t.app, county, { method: 'GET', url: '/api/works/maintenance-schedules' })).statusCode).toBe(200);
  },
  'PATCH /api/works/maintenance-schedules/:code': async () => {
    // City-wide configuration: not for a county administrator.
    expect((await call(t.app, county, { method: 'PATCH', url: '/api/works/maintenance-schedules/fans_monthly', payload: { active: false } })).statusCode).toBe(403);
  },
  'GET /api/works/upkeep/due': async () => {
    await upkeepOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/works/upkeep/due?withinDays=366' });
    expect(res.json().items.every((p: { regionCode: string }) => inCountyB(p.regionCode))).toBe(true);
  },
  'GET /api/works/:id/maintenance-plans': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/works/${await workOfA()}/maintenance-plans` })).statusCode).toBe(404);
  },
  'POST /api/works/:id/maintenance-plans/generate': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/works/${await workOfA()}/maintenance-plans/generate`, payload: {} })).statusCode).toBe(404);
  },
  'GET /api/works/:id/maintenance-records': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/works/${await workOfA()}/maintenance-records` })).statusCode).toBe(404);
  },
  'POST /api/works/:id/maintenance-records': async () => {
    const res = await call(t.app, county, { method: 'POST', url: `/api/works/${await workOfA()}/maintenance-records`, payload: { discipline: 'civil', doneOn: '2026-01-01', description: 'x' } });
    expect(res.statusCode).toBe(404);
  },
  'GET /api/works/inspections/checklist': async () => {
    expect((await call(t.app, county, { method: 'GET', url: '/api/works/inspections/checklist' })).statusCode).toBe(200);
  },
  'POST /api/works/inspections/batch': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/works/inspections/batch', payload: { items: [{
      clientId: '5b0f8a51-0000-4000-8000-000000000001', workId: await workOfA(), inspectedAt: '2026-01-01T00:00:00Z', checklist: [], findings: [], photos: [] }] } });
    expect(res.json().items[0]).toMatchObject({ status: 'rejected', code: 'WORKS_NOT_FOUND' });
  },
  'GET /api/works/:id/inspections': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/works/${await workOfA()}/inspections` })).statusCode).toBe(404);
  },
  'GET /api/works/rectifications': async () => {
    await upkeepOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/works/rectifications' });
    expect(res.json().items.every((r: { regionCode: string }) => inCountyB(r.regionCode))).toBe(true);
  },
  'POST /api/works/rectifications/:id/close': async () => {
    const { rectificationId } = await upkeepOfA();
    expect((await call(t.app, county, { method: 'POST', url: `/api/works/rectifications/${rectificationId}/close`, payload: { note: 'x' } })).statusCode).toBe(404);
  },
  'PUT /api/works/:id/sign': async () => {
    expect((await call(t.app, county, { method: 'PUT', url: `/api/works/${await workOfA()}/sign`, payload: { status: 'missing' } })).statusCode).toBe(404);
  },
  'POST /api/works/:id/documents': async () => {
    const m = csvUpload('x');
    expect((await call(t.app, county, { method: 'POST', url: `/api/works/${await workOfA()}/documents?docType=other`, payload: m.payload, headers: m.headers })).statusCode).toBe(404);
  },
  'GET /api/works/:id/documents': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/works/${await workOfA()}/documents` })).statusCode).toBe(404);
  },
  'GET /api/works/documents/:id/content': async () => {
    const { documentId } = await upkeepOfA();
    expect((await call(t.app, county, { method: 'GET', url: `/api/works/documents/${documentId}/content` })).statusCode).toBe(404);
  },
  // Regulation: a 通州 user sees none of 崇川's enterprises, officers or tasks, and cannot act on them.
  'GET /api/regulation/enterprises': async () => {
    await regulationOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/regulation/enterprises?pageSize=500' });
    expect(res.json().items.every((e: { regionCode: string }) => inCountyB(e.regionCode))).toBe(true);
  },
  'POST /api/regulation/enterprises': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/regulation/enterprises', payload: { uscc: '91350100M000100Y43', name: 'x', kind: 'builder', regionCode: FIXTURE.townA } });
    expect([res.statusCode, res.json().code]).toEqual([403, 'REGULATION_REGION_OUT_OF_SCOPE']);
  },
  'GET /api/regulation/enterprises/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/regulation/enterprises/${(await regulationOfA()).enterpriseId}` })).statusCode).toBe(404);
  },
  'POST /api/regulation/enterprises/:id/qualifications': async () => {
    const res = await call(t.app, county, { method: 'POST', url: `/api/regulation/enterprises/${(await regulationOfA()).enterpriseId}/qualifications`, payload: {
      name: 'x', certNo: 'x', issuer: 'x', issuedOn: '2026-01-01',
    } });
    expect(res.statusCode).toBe(404);
  },
  'POST /api/regulation/enterprises/:id/credit-records': async () => {
    const res = await call(t.app, county, { method: 'POST', url: `/api/regulation/enterprises/${(await regulationOfA()).enterpriseId}/credit-records`, payload: {
      kind: 'bad', reason: 'x', recordedOn: '2026-01-01',
    } });
    expect(res.statusCode).toBe(404);
  },
  'GET /api/regulation/officers': async () => {
    await regulationOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/regulation/officers' });
    expect(res.json().items.every((o: { regionCode: string }) => inCountyB(o.regionCode))).toBe(true);
  },
  'POST /api/regulation/officers': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/regulation/officers', payload: { name: 'x', certNo: 'TZ-SNEAK', certExpiresOn: '2099-01-01', regionCode: FIXTURE.countyA } });
    expect(res.statusCode).toBe(403);
  },
  'GET /api/regulation/inspections': async () => {
    await regulationOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/regulation/inspections' });
    expect(res.json().items.every((x: { regionCode: string }) => inCountyB(x.regionCode))).toBe(true);
  },
  'POST /api/regulation/inspections': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/regulation/inspections', payload: { title: 'x', item: 'works_maintenance', regionCode: FIXTURE.countyA, targetCount: 1, inspectorsPerTarget: 1 } });
    expect(res.statusCode).toBe(403);
    // Nor may a task of 通州 name a 崇川 enterprise as a conflict.
    const { enterpriseId } = await regulationOfA();
    const officer = await call(t.app, county, { method: 'POST', url: '/api/regulation/officers', payload: { name: '通州执法员', certNo: 'TZ-0001', certExpiresOn: '2099-01-01', regionCode: FIXTURE.countyB } });
    const sneak = await call(t.app, county, { method: 'POST', url: '/api/regulation/inspections', payload: {
      title: 'x', item: 'works_maintenance', regionCode: FIXTURE.countyB, targetCount: 1, inspectorsPerTarget: 1,
      conflicts: [{ officerId: officer.json().id, enterpriseId, reason: 'x' }] } });
    expect([sneak.statusCode, sneak.json().code]).toEqual([400, 'REGULATION_CONFLICT_UNKNOWN']);
  },
  'GET /api/regulation/inspections/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/regulation/inspections/${(await regulationOfA()).taskId}` })).statusCode).toBe(404);
  },
  'POST /api/regulation/inspections/:id/commit': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/regulation/inspections/${(await regulationOfA()).taskId}/commit` })).statusCode).toBe(404);
  },
  'POST /api/regulation/inspections/:id/draw': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/regulation/inspections/${(await regulationOfA()).taskId}/draw` })).statusCode).toBe(404);
  },
  'POST /api/regulation/inspections/:id/publish': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/regulation/inspections/${(await regulationOfA()).taskId}/publish` })).statusCode).toBe(404);
  },
  'POST /api/regulation/inspections/:id/results': async () => {
    const { taskId, enterpriseId } = await regulationOfA();
    const res = await call(t.app, county, { method: 'POST', url: `/api/regulation/inspections/${taskId}/results`, payload: { enterpriseId, outcome: 'compliant', findings: 'x' } });
    expect(res.statusCode).toBe(404);
  },
  'GET /api/regulation/approvals': async () => {
    const cc = await signIn(t.app, 'cc-admin');
    await call(t.app, cc, { method: 'POST', url: '/api/regulation/approvals', payload: { kind: 'demolition', title: '崇川', regionCode: FIXTURE.townA, receivedOn: '2026-11-02' } });
    const res = await call(t.app, county, { method: 'GET', url: '/api/regulation/approvals?view=all' });
    expect(res.json().items.every((a: { regionCode: string }) => inCountyB(a.regionCode))).toBe(true);
  },
  'POST /api/regulation/approvals': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/regulation/approvals', payload: { kind: 'demolition', title: 'x', regionCode: FIXTURE.townA, receivedOn: '2026-11-02' } });
    expect(res.statusCode).toBe(403);
  },
  'POST /api/regulation/approvals/:id/decision': async () => {
    const cc = await signIn(t.app, 'cc-admin');
    const made = await call(t.app, cc, { method: 'POST', url: '/api/regulation/approvals', payload: { kind: 'scrapping', title: '崇川', regionCode: FIXTURE.townA, receivedOn: '2026-11-02' } });
    const res = await call(t.app, county, { method: 'POST', url: `/api/regulation/approvals/${made.json().id}/decision`, payload: { decision: 'approved', decidedOn: '2026-11-03', opinion: 'x' } });
    expect(res.statusCode).toBe(404);
  },
  'GET /api/regulation/cases': async () => {
    await caseOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/regulation/cases' });
    expect(res.json().items.every((c: { regionCode: string }) => inCountyB(c.regionCode))).toBe(true);
  },
  'POST /api/regulation/cases': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/regulation/cases', payload: {
      title: 'x', regionCode: FIXTURE.townA, partyKind: 'individual', partyName: 'x', source: 'patrol', facts: 'x', investigatorIds: [1, 2], filedOn: '2026-11-02',
    } });
    expect(res.statusCode).toBe(403);
  },
  'GET /api/regulation/cases/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/regulation/cases/${(await caseOfA()).caseId}` })).statusCode).toBe(404);
  },
  'POST /api/regulation/cases/:id/evidence': async () => {
    const m = csvUpload('x');
    const res = await call(t.app, county, { method: 'POST', url: `/api/regulation/cases/${(await caseOfA()).caseId}/evidence?kind=documentary&title=x&collectedOn=2026-11-03`, payload: m.payload, headers: m.headers });
    expect(res.statusCode).toBe(404);
  },
  ...Object.fromEntries(([
    ['report', { reportedOn: '2026-11-03', findings: 'x', proposedOutcome: 'no_penalty' }],
    ['review', { reviewedOn: '2026-11-03', reviewerId: 1, opinion: 'approve', text: 'x' }],
    ['notice', { notifiedOn: '2026-11-03' }],
    ['decision', { decidedOn: '2026-11-03', decisionNo: 'x', outcome: 'no_penalty', partyAnswer: 'waived' }],
    ['execution', { executedOn: '2026-11-03', method: 'paid', paidFen: 0 }],
    ['close', { closedOn: '2026-11-03', summary: 'x' }],
  ] as const).map(([step, payload]) => [`POST /api/regulation/cases/:id/${step}`, async () => {
    const res = await call(t.app, county, { method: 'POST', url: `/api/regulation/cases/${(await caseOfA()).caseId}/${step}`, payload });
    expect(res.statusCode).toBe(404);
  }])),
  'POST /api/regulation/evidence/:id/verify': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/regulation/evidence/${(await caseOfA()).evidenceId}/verify` })).statusCode).toBe(404);
  },
  'GET /api/regulation/evidence/:id/content': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/regulation/evidence/${(await caseOfA()).evidenceId}/content` })).statusCode).toBe(404);
  },
  'GET /api/regulation/approvals/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/regulation/approvals/${(await approvalOfA()).approvalId}` })).statusCode).toBe(404);
  },
  'POST /api/regulation/approvals/:id/parties': async () => {
    const res = await call(t.app, county, { method: 'POST', url: `/api/regulation/approvals/${(await approvalOfA()).approvalId}/parties`, payload: { name: '住建局' } });
    expect(res.statusCode).toBe(404);
  },
  'POST /api/regulation/approvals/:id/parties/:partyId/opinion': async () => {
    const { approvalId, partyId } = await approvalOfA();
    const res = await call(t.app, county, { method: 'POST', url: `/api/regulation/approvals/${approvalId}/parties/${partyId}/opinion`, payload: { verdict: 'agree', opinion: 'x', answeredOn: '2026-11-03' } });
    expect(res.statusCode).toBe(404);
  },
  'POST /api/regulation/approvals/:id/documents': async () => {
    const m = csvUpload('x');
    const res = await call(t.app, county, { method: 'POST', url: `/api/regulation/approvals/${(await approvalOfA()).approvalId}/documents?docType=other&title=x`, payload: m.payload, headers: m.headers });
    expect(res.statusCode).toBe(404);
  },
  'GET /api/regulation/approval-documents/:id/content': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/regulation/approval-documents/${(await approvalOfA()).documentId}/content` })).statusCode).toBe(404);
  },
  'GET /api/regulation/fees': async () => {
    await feeOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/regulation/fees' });
    expect(res.json().items.every((f: { regionCode: string }) => inCountyB(f.regionCode))).toBe(true);
    expect(res.json().totals.every((x: { countyCode: string }) => x.countyCode === FIXTURE.countyB)).toBe(true);
  },
  'POST /api/regulation/fees': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/regulation/fees', payload: {
      kind: 'other', title: 'x', regionCode: FIXTURE.townA, payerName: 'x', assessedOn: '2026-01-01', dueOn: '2026-02-01', dueFen: 1, basis: 'x',
    } });
    expect(res.statusCode).toBe(403);
  },
  'GET /api/regulation/fees/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/regulation/fees/${await feeOfA()}` })).statusCode).toBe(404);
  },
  'POST /api/regulation/fees/:id/entries': async () => {
    const res = await call(t.app, county, { method: 'POST', url: `/api/regulation/fees/${await feeOfA()}/entries`, payload: { kind: 'payment', onDate: '2026-01-02', amountFen: 1 } });
    expect(res.statusCode).toBe(404);
  },
  'GET /api/regulation/fees/export.xlsx': async () => {
    await feeOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/regulation/fees/export.xlsx' });
    expect(res.statusCode).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const regions: string[] = [];
    wb.getWorksheet('台账')!.eachRow((row, n) => { if (n > 1) regions.push(String(row.getCell(2).value)); });
    expect(regions.every(inCountyB)).toBe(true);
    // The 崇川 fee exists: a 崇川 user's export has it.
    const cc = await signIn(t.app, 'cc-admin');
    const own = new ExcelJS.Workbook();
    await own.xlsx.load((await call(t.app, cc, { method: 'GET', url: '/api/regulation/fees/export.xlsx' })).rawPayload as unknown as ArrayBuffer);
    expect(own.getWorksheet('台账')!.rowCount).toBeGreaterThan(1);
  },
  // Public by law (一公开) once published, to anyone: no jurisdiction applies, and the fields are the public whitelist.
  'GET /api/public/inspections/:id': async () => {
    const res = await call(t.app, county, { method: 'GET', url: `/api/public/inspections/${(await regulationOfA()).taskId}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).not.toHaveProperty('conflicts');
  },
  // Planning: 通州's balance only; 崇川's areas, ratios and runs do not exist for a 通州 user.
  'GET /api/planning/balance': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/planning/balance' });
    expect(res.json().parent.code).toBe(FIXTURE.countyB);
    expect(res.json().children.map((c: { code: string }) => c.code)).toEqual([FIXTURE.townB]);
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/balance?parent=${FIXTURE.countyA}` })).statusCode).toBe(404);
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/balance?parent=${FIXTURE.city}` })).statusCode).toBe(404);
  },
  'GET /api/planning/balance/map': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/planning/balance/map' });
    expect(res.json().map.features.every((f: { properties: { code: string } }) => inCountyB(f.properties.code))).toBe(true);
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/balance/map?parent=${FIXTURE.countyA}` })).statusCode).toBe(404);
  },
  'PUT /api/planning/areas/:code/stay-ratio': async () => {
    expect((await call(t.app, county, { method: 'PUT', url: `/api/planning/areas/${FIXTURE.countyA}/stay-ratio`, payload: { stayRatio: 0.1 } })).statusCode).toBe(404);
  },
  'DELETE /api/planning/areas/:code/stay-ratio': async () => {
    expect((await call(t.app, county, { method: 'DELETE', url: `/api/planning/areas/${FIXTURE.townA}/stay-ratio` })).statusCode).toBe(404);
  },
  'POST /api/planning/runs': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/planning/runs', payload: { removeWorkIds: [await workOfA()] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('PLANNING_WORK_UNKNOWN');
    const outside = await call(t.app, county, { method: 'POST', url: '/api/planning/runs', payload: { addShelters: [{ name: 'x', location: [120.86, 32.01], places: 10 }] } });
    expect(outside.json().code).toBe('PLANNING_SHELTER_OUTSIDE');
  },
  'GET /api/planning/runs': async () => {
    await otherCountyRun();
    const res = await call(t.app, county, { method: 'GET', url: '/api/planning/runs' });
    expect(res.json().items.every((r: { regionCode: string }) => inCountyB(r.regionCode))).toBe(true);
  },
  'GET /api/planning/runs/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/runs/${await otherCountyRun()}` })).statusCode).toBe(404);
  },
  'GET /api/planning/runs/:id/events': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/runs/${await otherCountyRun()}/events` })).statusCode).toBe(404);
  },
  'POST /api/planning/runs/:id/cancel': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/planning/runs/${await otherCountyRun()}/cancel` })).statusCode).toBe(404);
  },
  'GET /api/planning/runs/:id/shelters': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/runs/${await otherCountyRun()}/shelters` })).statusCode).toBe(404);
  },
  'GET /api/planning/runs/:id/unassigned': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/runs/${await otherCountyRun()}/unassigned` })).statusCode).toBe(404);
  },
  'GET /api/planning/runs/:id/flows': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/runs/${await otherCountyRun()}/flows?bbox=120,31,122,33` })).statusCode).toBe(404);
  },
  'GET /api/planning/runs/compare': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/runs/compare?a=${await otherCountyRun()}&b=${await otherCountyRun() + 1000}` })).statusCode).toBe(404);
  },
  'GET /api/planning/building-check': async () => {
    const q = 'uses=office&storeys=5&aboveGroundAreaM2=5000&groundFloorAreaM2=1000&foundationDepthM=1';
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/building-check?${q}` })).json().regionCode).toBe(FIXTURE.countyB);
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/building-check?${q}&regionCode=${FIXTURE.countyA}` })).statusCode).toBe(404);
  },
  'GET /': async () => undefined,
  // Installation-wide counters (requests, jobs, connections): no record and no region in them to scope.
  'GET /metrics': async () => undefined,
};

describe('jurisdiction scoping', () => {
  it('has a case for every registered route', () => {
    const routes = t.app.routeCatalogue.map((r) => `${r.method} ${r.url}`).filter((k) => k !== 'GET /api/openapi.json');
    const missing = routes.filter((k) => !(k in cases));
    expect(missing, 'routes without a jurisdiction case').toEqual([]);
  });

  for (const [route, check] of Object.entries(cases)) {
    it(`${route} stays inside 通州 for a 通州 user`, check);
  }
});
