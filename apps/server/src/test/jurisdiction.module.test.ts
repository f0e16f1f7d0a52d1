/**
 * Jurisdiction scoping, route by route. A user of 通州 (320612) must never read or change records of
 * 崇川 (320613). Every route the app registers must have a case here: the first test fails when a
 * module adds a route without one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkbook, sheetRows } from '../lib/xlsx/read.ts';
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
  const cc = await ccAdmin();
  await call(t.app, cc, { method: 'PATCH', url: `/api/users/${otherUserId}`, payload: { displayName: '崇川用户' } });
  county = await signIn(t.app, 'tz-admin');
});
afterAll(() => t.close());

let ccSession: Session | null = null;
/**
 * The 崇川 administrator's one session, shared by the fixtures below: signing in again for each of them would run
 * into the sign-in rate limit (LOGIN_RATE_LIMIT_PER_MINUTE) long before the routes run out.
 */
async function ccAdmin(): Promise<Session> {
  ccSession ??= await signIn(t.app, 'cc-admin');
  return ccSession;
}

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
  const cc = await ccAdmin();
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
  const cc = await ccAdmin();
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
let photoA: { taskId: number; targetKey: string; photoId: number } | null = null;
/** A result of 崇川's drawn task with one photo, written directly (sign-ins are rate limited): invisible to a 通州 user. */
async function photoOfA(): Promise<{ taskId: number; targetKey: string; photoId: number }> {
  if (photoA) return photoA;
  const { taskId } = await regulationOfA();
  const targetKey = (await t.db.query<{ key: string }>(`SELECT result->'targets'->>0 AS key FROM reg_inspection_task WHERE id = $1`, [taskId])).rows[0]!.key;
  await t.db.query(`INSERT INTO reg_inspection_result (task_id, target_key, outcome, findings) VALUES ($1, $2, 'compliant', 'x')`, [taskId, targetKey]);
  const photo = await t.db.query<{ id: number }>(`INSERT INTO reg_inspection_photo (task_id, target_key, file_name, media_type, size_bytes, sm3, sha256, storage_key)
    VALUES ($1, $2, 'x.png', 'image/png', 1, $3, 'x', '2026/01/00000000-0000-4000-8000-000000000002') RETURNING id`, [taskId, targetKey, '0'.repeat(64)]);
  photoA = { taskId, targetKey, photoId: photo.rows[0]!.id };
  return photoA;
}
let channelsOfA: { subscriptionId: number; listId: number } | null = null;
/** An agency subscription and an SMS list of 崇川, and a delivery of a 崇川 alert: invisible to a 通州 user. */
async function channelThingsOfA(): Promise<{ subscriptionId: number; listId: number }> {
  if (channelsOfA) return channelsOfA;
  const cc = await ccAdmin();
  const sub = (await call(t.app, cc, { method: 'POST', url: '/api/channels/subscriptions', payload: { name: '崇川应急局', url: 'http://127.0.0.1:9/cap', regionCode: FIXTURE.countyA } })).json();
  const list = (await call(t.app, cc, { method: 'POST', url: '/api/channels/sms-lists', payload: { name: '崇川网格员', regionCode: FIXTURE.countyA, phones: ['13800000000'] } })).json();
  await t.db.query(`INSERT INTO channel_delivery (alert_id, identifier, channel, target_id, target_name, region_code, payload, state)
    VALUES ($1, 'x', 'sms', $2, '崇川网格员', $3, 'x', 'failed')`, [await alertOfA(), list.id, FIXTURE.countyA]);
  channelsOfA = { subscriptionId: sub.subscription.id, listId: list.id };
  return channelsOfA;
}
let capOfA: { sourceId: number; incomingId: number } | null = null;
/** A CAP source of 崇川 and a message it pushed: invisible to a 通州 user. */
async function capThingsOfA(): Promise<{ sourceId: number; incomingId: number }> {
  if (capOfA) return capOfA;
  const cc = await ccAdmin();
  const made = (await call(t.app, cc, { method: 'POST', url: '/api/cap-sources', payload: { name: '崇川气象', regionCode: FIXTURE.countyA, push: true } })).json();
  const xml = `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>J-1</identifier><sender>qx</sender><sent>2026-07-01T10:00:00+08:00</sent>
    <status>Actual</status><msgType>Alert</msgType><scope>Public</scope><info><category>Met</category><event>暴雨</event><urgency>Immediate</urgency>
    <severity>Severe</severity><certainty>Likely</certainty><area><areaDesc>崇川区</areaDesc><geocode><valueName>GB/T 2260</valueName><value>${FIXTURE.countyA}</value></geocode></area></info></alert>`;
  const pushed = await t.app.inject({ method: 'POST', url: '/api/cap-ingest', payload: xml, headers: { 'content-type': 'application/cap+xml', 'x-cap-key': made.apiKey } });
  capOfA = { sourceId: made.source.id, incomingId: pushed.json().id };
  return capOfA;
}
let approvalA: { approvalId: number; partyId: number; documentId: number } | null = null;
/** An approval case of 崇川 with a 联审 party and a document: invisible to a 通州 user. */
async function approvalOfA(): Promise<{ approvalId: number; partyId: number; documentId: number }> {
  if (approvalA) return approvalA;
  const cc = await ccAdmin();
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
  const cc = await ccAdmin();
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
/** A 崇川 test campaign (试鸣), invisible to a 通州 officer. */
async function sirenTestOfA(): Promise<number> {
  const { rows } = await t.db.query<{ id: number }>(`SELECT id FROM siren_test WHERE name = '崇川试鸣'`);
  if (rows[0]) return rows[0].id;
  return (await t.db.query<{ id: number }>(`INSERT INTO siren_test (name, region_code, target, state) VALUES ('崇川试鸣', $1, '{"regionCodes":["320613"]}', 'running') RETURNING id`,
    [FIXTURE.countyA])).rows[0]!.id;
}
let ccRunId: number | null = null;
/** An allocation run of a 崇川 user, invisible to a 通州 user. */
async function otherCountyRun(): Promise<number> {
  if (ccRunId) return ccRunId;
  const cc = await ccAdmin();
  ccRunId = (await call(t.app, cc, { method: 'POST', url: '/api/planning/runs', payload: {} })).json().id as number;
  return ccRunId;
}
const CC_AREA_SET = '崇川片区集';
/** A GeoJSON square (about 2 km) named `name` with its south-west corner at lng/lat, as an area-set body. */
const squareArea = (name: string, lng: number, lat: number) => ({
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates: [[[lng, lat], [lng + 0.02, lat], [lng + 0.02, lat + 0.02], [lng, lat + 0.02], [lng, lat]]] } }],
});
let ccAreaSet = false;
/** An assessment-area set of 崇川, invisible to a 通州 user. */
async function areaSetOfA(): Promise<void> {
  if (ccAreaSet) return;
  const res = await call(t.app, await ccAdmin(), { method: 'PUT', url: `/api/planning/area-sets/${CC_AREA_SET}`, payload: squareArea('崇川片区', 120.86, 31.99) });
  expect(res.statusCode, res.body).toBe(201);
  ccAreaSet = true;
}
/** A one-row population file (grid cell of 100 m) in the import's CSV layout. */
const populationCsv = (regionCode: string, lng: number, lat: number) =>
  Buffer.from(`区划代码,经度,纬度,人口,网格边长m,名称\r\n${regionCode},${lng},${lat},1000,100,\r\n`, 'utf8');
const peopleOf = async (code: string) =>
  Number((await t.db.query<{ n: number }>(`SELECT coalesce(sum(people), 0)::float8 AS n FROM population_cell WHERE region_code LIKE $1 || '%'`, [code.replace(/0+$/, '')])).rows[0]!.n);
let ccCoverageId: number | null = null;
/** A coverage run of a 崇川 user (finished), invisible to a 通州 user. */
async function otherCountyCoverage(): Promise<number> {
  if (ccCoverageId) return ccCoverageId;
  const cc = await ccAdmin();
  const id = (await call(t.app, cc, { method: 'POST', url: '/api/coverage/runs', payload: { cellM: 500, suggest: false } })).json().id as number;
  for (let i = 0; i < 600; i++) {
    const run = (await call(t.app, cc, { method: 'GET', url: `/api/coverage/runs/${id}` })).json() as { status: string };
    if (run.status !== 'queued' && run.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  ccCoverageId = id;
  return id;
}
/** A town-outline file naming 崇川's town A, drawn inside 崇川. */
const townOutlineOfA = () => JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: FIXTURE.townA },
  geometry: { type: 'Polygon', coordinates: [[[120.86, 31.99], [120.88, 31.99], [120.88, 32.01], [120.86, 32.01], [120.86, 31.99]]] } }] });
const inCountyB = (code: string | null | undefined) => typeof code === 'string' && code.startsWith(FIXTURE.countyB);
type Check = () => Promise<void>;

const PLAN_CONTENT = { summary: 'x', triggers: [], tasks: [], resources: [], contacts: [] };
let responseA: { planId: number; drillId: number; targetId: number; placeId: number; routeId: number; runId: number; findingId: number } | null = null;
/** A plan, a running drill with a finding, a key target, an assembly point, an area plan and an evacuation run of 崇川. */
async function responseOfA() {
  if (responseA) return responseA;
  const cc = await ccAdmin();
  const planId = (await call(t.app, cc, { method: 'POST', url: '/api/plans', payload: { kind: 'emergency', title: '崇川预案', regionCode: FIXTURE.countyA, content: PLAN_CONTENT } })).json().plan.id as number;
  const drill = await call(t.app, cc, { method: 'POST', url: '/api/drills', payload: { kind: 'evacuation', title: '崇川演练', regionCode: FIXTURE.countyA, scenario: 'x', plannedOn: '2026-09-18', participants: [], criteria: [{ name: 'x', weight: 1, maxScore: 1 }] } });
  const drillId = drill.json().drill.id as number;
  await call(t.app, cc, { method: 'POST', url: `/api/drills/${drillId}/start` });
  const findingId = (await call(t.app, cc, { method: 'POST', url: `/api/drills/${drillId}/findings`, payload: { finding: 'x', action: 'y', owner: 'z', deadline: '2026-12-31' } })).json().findings[0].id as number;
  const targetId = (await call(t.app, cc, { method: 'POST', url: '/api/targets', payload: { code: 'KT-CC-01', name: '崇川目标', category: 'port', grade: 'city', unitName: 'x', regionCode: FIXTURE.townA, location: [120.87, 32.0] } })).json().id as number;
  const placeId = (await call(t.app, cc, { method: 'POST', url: '/api/evacuation/places', payload: { kind: 'assembly', code: 'CC-JJ-01', name: '崇川集结点', regionCode: FIXTURE.townA, capacity: 100, location: [120.87, 32.0] } })).json().id as number;
  const routeId = (await call(t.app, cc, { method: 'POST', url: '/api/evacuation/routes', payload: { code: 'CC-LX-01', name: '崇川路线', regionCode: FIXTURE.countyA, peoplePerHour: 10, path: [[120.87, 32.0], [120.9, 32.05]] } })).json().id as number;
  await call(t.app, cc, { method: 'PUT', url: `/api/evacuation/plans/${FIXTURE.townA}`, payload: { share: 0.1, targetGroups: [], timing: 'early' } });
  const runId = (await call(t.app, cc, { method: 'POST', url: '/api/evacuation/runs', payload: {} })).json().id as number;
  responseA = { planId, drillId, targetId, placeId, routeId, runId, findingId };
  return responseA;
}
const notFound = async (method: string, url: string, payload?: object) => {
  await responseOfA();
  const res = await call(t.app, county, { method, url, ...(payload ? { payload } : {}) });
  expect(res.statusCode, res.body).toBe(404);
};
/** 崇川's parcel with a pooling entry into 崇川's work (zoning), made once through a 崇川 planner. */
let zoningA: { parcelId: number; poolingId: number } | null = null;
async function zoningOfA(): Promise<{ parcelId: number; poolingId: number }> {
  if (zoningA) return zoningA;
  const cc = await ccAdmin();
  const parcel = await call(t.app, cc, { method: 'POST', url: '/api/zoning/parcels', payload: { regionCode: FIXTURE.countyA, code: 'CC-P-1', name: '崇川地块', requiredM2: 100, poolingAllowed: true } });
  const pooling = await call(t.app, cc, {
    method: 'POST', url: '/api/zoning/pooling', payload: { parcelId: parcel.json().id, workId: await workOfA(), areaM2: 50, pooledOn: '2026-01-01', savingFenPerM2: 100, basis: 'x' },
  });
  zoningA = { parcelId: parcel.json().id as number, poolingId: pooling.json().id as number };
  return zoningA;
}

const onlyB = async (url: string, region: (x: Record<string, unknown>) => unknown = (x) => x.regionCode) => {
  await responseOfA();
  const res = await call(t.app, county, { method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  expect((res.json().items as Record<string, unknown>[]).every((x) => inCountyB(region(x) as string))).toBe(true);
};

let regulationA: { taskId: number; enterpriseId: number } | null = null;
/** An enterprise, an officer and a drawn, published 双随机 task of 崇川, invisible to a 通州 user. */
async function regulationOfA(): Promise<{ taskId: number; enterpriseId: number }> {
  if (regulationA) return regulationA;
  const cc = await ccAdmin();
  const e = await call(t.app, cc, { method: 'POST', url: '/api/regulation/enterprises', payload: { uscc: '91320613000000001W', name: '崇川企业', kind: 'user_unit', regionCode: FIXTURE.townA } });
  await call(t.app, cc, { method: 'POST', url: '/api/regulation/officers', payload: { name: '崇川执法员', certNo: 'CC-0001', certExpiresOn: '2099-12-31', regionCode: FIXTURE.countyA } });
  const task = await call(t.app, cc, { method: 'POST', url: '/api/regulation/inspections', payload: { title: '崇川抽查', item: 'works_maintenance', regionCode: FIXTURE.countyA, targetCount: 1, inspectorsPerTarget: 1 } });
  const taskId = task.json().id as number;
  for (const step of ['commit', 'draw', 'publish']) await call(t.app, cc, { method: 'POST', url: `/api/regulation/inspections/${taskId}/${step}` });
  regulationA = { taskId, enterpriseId: e.json().id as number };
  return regulationA;
}

let commandA: {
  hqId: number; teamId: number; rollcallId: number; incidentId: number; taskId: number; personId: number; unitId: number; memberId: number; equipmentId: number;
} | null = null;
/** A 指挥部, a team with a roll-call, a vehicle and an incident with a task, all of 崇川: invisible to a 通州 user. */
async function commandThingsOfA() {
  if (commandA) return commandA;
  const one = async (sql: string, params: unknown[] = []) => (await t.db.query<{ id: number }>(sql, params)).rows[0]!.id;
  const hqId = await one(`INSERT INTO command_hq (level, name, region_code) VALUES ('county', '崇川区人防指挥部', $1) RETURNING id`, [FIXTURE.countyA]);
  const teamId = await one(`INSERT INTO team (code, name, category, kind, base_unit, region_code, location)
    VALUES ('ZY-CC-1', '崇川抢修队', 'professional', 'repair', 'x', $1, ST_SetSRID(ST_MakePoint(120.87, 32.0), 4326)) RETURNING id`, [FIXTURE.countyA]);
  const memberId = await one(`INSERT INTO team_member (team_id, region_code, name, role) VALUES ($1, $2, '甲', '队员') RETURNING id`, [teamId, FIXTURE.countyA]);
  const equipmentId = await one(`INSERT INTO team_equipment (team_id, region_code, kind, name, count) VALUES ($1, $2, '破拆', '工具', 1) RETURNING id`, [teamId, FIXTURE.countyA]);
  const personId = await one(`INSERT INTO command_person (hq_id, region_code, name, role) VALUES ($1, $2, '崇川值班员', 'duty') RETURNING id`, [hqId, FIXTURE.countyA]);
  const unitId = await one(`INSERT INTO command_member_unit (hq_id, region_code, name, peacetime_duty, wartime_duty) VALUES ($1, $2, '崇川公安分局', 'x', 'x') RETURNING id`, [hqId, FIXTURE.countyA]);
  const rollcallId = await one(`INSERT INTO rollcall (team_id, region_code, scheduled_for) VALUES ($1, $2, '2026-09-18') RETURNING id`, [teamId, FIXTURE.countyA]);
  await t.db.query(`INSERT INTO command_vehicle (code, name, region_code, home) VALUES ('JD-CC-1', '崇川指挥车', $1, ST_SetSRID(ST_MakePoint(120.87, 32.0), 4326))`, [FIXTURE.countyA]);
  const incidentId = await one(`INSERT INTO incident (kind, title, region_code, location) VALUES ('fire', '崇川火灾', $1, ST_SetSRID(ST_MakePoint(120.87, 32.0), 4326)) RETURNING id`, [FIXTURE.countyA]);
  const taskId = await one(`INSERT INTO dispatch_task (incident_id, region_code, team_id, distance_m, eta_min) VALUES ($1, $2, $3, 10, 1) RETURNING id`, [incidentId, FIXTURE.countyA, teamId]);
  commandA = { hqId, teamId, rollcallId, incidentId, taskId, personId, unitId, memberId, equipmentId };
  return commandA;
}

/** A teams workbook renaming the 崇川 team (its code, ZY-CC-1), as a 通州 user might upload it. */
async function sneakTeamFile(): Promise<Buffer> {
  const { addSheet, newWorkbook, workbookBuffer } = await import('../lib/xlsx/write.ts');
  const wb = await newWorkbook();
  addSheet(wb, { name: '队伍', columns: ['编号', '名称', '类别', '专业', '组建单位', '区划代码', '经度', '纬度'].map((h) => ({ header: h, key: h })),
    rows: [{ 编号: 'ZY-CC-1', 名称: 'SNEAK', 类别: '专业队', 专业: '抢险抢修', 组建单位: 'x', 区划代码: FIXTURE.countyA, 经度: 120.87, 纬度: 32.0 }] });
  return workbookBuffer(wb);
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
  'GET /api/auth/session': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/auth/session' });
    expect(res.json().session.user.regionCode).toBe(FIXTURE.countyB);
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
  // Town outlines: a 通州 user's file naming a 崇川 town finds no such town of theirs, and nothing is written.
  'POST /api/regions/town-outlines/import/preview': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/regions/town-outlines/import/preview', headers: { 'content-type': 'application/geo+json' }, payload: townOutlineOfA() });
    expect(res.json().unknown).toEqual([{ index: 0, code: FIXTURE.townA, name: null }]);
  },
  'POST /api/regions/town-outlines/import/apply': async () => {
    const res = await call(t.app, county, { method: 'POST', url: `/api/regions/town-outlines/import/apply?preview=${'0'.repeat(64)}`, headers: { 'content-type': 'application/geo+json' }, payload: townOutlineOfA() });
    expect(res.json().code).toBe('REGIONS_TOWN_OUTLINES_INVALID');
    expect((await t.db.query('SELECT 1 FROM region_town_boundary WHERE code = $1 AND NOT synthetic', [FIXTURE.townA])).rows).toEqual([]);
  },
  // A point in 崇川 names no region for a 通州 user; one in 通州 names their county.
  'GET /api/regions/at': async () => {
    const inA = await call(t.app, county, { method: 'GET', url: '/api/regions/at?lng=120.87&lat=32.02' });
    expect(inA.json().items).toEqual([]);
    const inB = await call(t.app, county, { method: 'GET', url: '/api/regions/at?lng=121.07&lat=32.06' });
    expect(inB.json().items.map((r: { code: string }) => r.code)).toEqual([FIXTURE.countyB]);
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
  'GET /api/sirens/export': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/sirens/export?format=csv' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('JB-B-01');
    expect(res.body).not.toContain('JB-A-01');
  },
  'GET /api/sirens/import-template': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/sirens/import-template?format=csv' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/JB-[AB]-01/);
  },
  'POST /api/sirens/import': async () => {
    // 通州's own file with its siren renamed to 崇川's code: the import may not reach across the boundary.
    const own = (await call(t.app, county, { method: 'GET', url: '/api/sirens/export?format=csv' })).body;
    const before = (await t.db.query(`SELECT version, region_code FROM siren WHERE code = 'JB-A-01'`)).rows;
    const res = await call(t.app, county, { method: 'POST', url: '/api/sirens/import', payload: Buffer.from(own.replaceAll('JB-B-01', 'JB-A-01')), headers: { 'content-type': 'text/csv' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('SIRENS_IMPORT_INVALID');
    expect((await t.db.query(`SELECT version, region_code FROM siren WHERE code = 'JB-A-01'`)).rows).toEqual(before);
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
  'GET /api/siren-commands/:id/events': async () => {
    // Refused before any stream opens: a plain 404, the same as for a command that does not exist.
    const res = await call(t.app, county, { method: 'GET', url: `/api/siren-commands/${await commandOfA()}/events`, headers: { accept: 'text/event-stream' } });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('SIRENS_COMMAND_NOT_FOUND');
    expect((await call(t.app, county, { method: 'GET', url: `/api/siren-commands/${await commandOfA()}?since=0` })).statusCode).toBe(404);
  },
  'GET /api/siren-commands/:id/report.xlsx': async () => {
    const res = await call(t.app, county, { method: 'GET', url: `/api/siren-commands/${await commandOfA()}/report.xlsx` });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('SIRENS_COMMAND_NOT_FOUND');
  },
  // Test days: a 崇川 campaign does not exist for a 通州 officer, and theirs may not reach 崇川's sirens.
  'GET /api/siren-tests': async () => {
    await sirenTestOfA();
    expect((await call(t.app, county, { method: 'GET', url: '/api/siren-tests' })).json().total).toBe(0);
  },
  'GET /api/siren-tests/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/siren-tests/${await sirenTestOfA()}` })).statusCode).toBe(404);
  },
  'POST /api/siren-tests': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/siren-tests', payload: {
      name: 'x', target: { regionCodes: [FIXTURE.countyA] }, steps: [{ program: 'preliminary', at: new Date(Date.now() + 3_600_000).toISOString() }],
    } });
    expect(res.json().code).toBe('SIRENS_COMMAND_TARGET_UNKNOWN');
  },
  'POST /api/siren-tests/:id/run': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/siren-tests/${await sirenTestOfA()}/run`, payload: { version: 1 } })).statusCode).toBe(404);
  },
  'POST /api/siren-tests/:id/cancel': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/siren-tests/${await sirenTestOfA()}/cancel`, payload: { version: 1 } })).statusCode).toBe(404);
  },
  'POST /api/siren-tests/:id/observations': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/siren-tests/${await sirenTestOfA()}/observations`, payload: { result: 'heard', location: [120.9, 32] } })).statusCode).toBe(404);
  },
  'POST /api/siren-tests/:id/finish': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/siren-tests/${await sirenTestOfA()}/finish`, payload: { version: 1 } })).statusCode).toBe(404);
  },
  'GET /api/siren-tests/:id/report.xlsx': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/siren-tests/${await sirenTestOfA()}/report.xlsx` })).statusCode).toBe(404);
  },
  // Alerts: a 崇川 alert does not exist for a 通州 officer; their area must lie in 通州; the public feed is everyone's.
  'GET /api/alerts': async () => {
    await alertOfA();
    expect((await call(t.app, county, { method: 'GET', url: '/api/alerts' })).json().total).toBe(0);
  },
  'GET /api/channels/subscriptions': async () => {
    await channelThingsOfA();
    expect((await call(t.app, county, { method: 'GET', url: '/api/channels/subscriptions' })).json().items).toEqual([]);
  },
  'POST /api/channels/subscriptions': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/channels/subscriptions', payload: { name: 'x', url: 'http://127.0.0.1:9/', regionCode: FIXTURE.countyA } });
    expect(res.json().code).toBe('CHANNELS_REGION_OUTSIDE');
  },
  'POST /api/channels/subscriptions/:id': async () => {
    const { subscriptionId } = await channelThingsOfA();
    expect((await call(t.app, county, { method: 'POST', url: `/api/channels/subscriptions/${subscriptionId}`, payload: { version: 1, active: false } })).statusCode).toBe(404);
  },
  'POST /api/channels/subscriptions/:id/rotate-key': async () => {
    const { subscriptionId } = await channelThingsOfA();
    expect((await call(t.app, county, { method: 'POST', url: `/api/channels/subscriptions/${subscriptionId}/rotate-key`, payload: { version: 1 } })).statusCode).toBe(404);
  },
  // The SMS gateway is the whole city's: a county user neither reads its key ids nor rotates its key.
  'GET /api/channels/sms-gateway': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/channels/sms-gateway' });
    expect(res.json().code).toBe('CHANNELS_SMS_GATEWAY_CITY_ONLY');
  },
  'POST /api/channels/sms-gateway/rotate-key': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/channels/sms-gateway/rotate-key', payload: { currentKeyId: 1 } });
    expect(res.json().code).toBe('CHANNELS_SMS_GATEWAY_CITY_ONLY');
  },
  'POST /api/channels/sms-gateway/keys/:id/retire': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/channels/sms-gateway/keys/1/retire' });
    expect(res.json().code).toBe('CHANNELS_SMS_GATEWAY_CITY_ONLY');
  },
  'GET /api/channels/sms-lists': async () => {
    await channelThingsOfA();
    expect((await call(t.app, county, { method: 'GET', url: '/api/channels/sms-lists' })).json().items).toEqual([]);
  },
  'POST /api/channels/sms-lists': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/channels/sms-lists', payload: { name: 'x', regionCode: FIXTURE.countyA, phones: ['13800000000'] } });
    expect(res.json().code).toBe('CHANNELS_REGION_OUTSIDE');
  },
  'POST /api/channels/sms-lists/:id': async () => {
    const { listId } = await channelThingsOfA();
    expect((await call(t.app, county, { method: 'POST', url: `/api/channels/sms-lists/${listId}`, payload: { version: 1, active: false } })).statusCode).toBe(404);
  },
  'GET /api/alerts/:id/channel-deliveries': async () => {
    await channelThingsOfA();
    expect((await call(t.app, county, { method: 'GET', url: `/api/alerts/${await alertOfA()}/channel-deliveries` })).json().items).toEqual([]);
  },
  'GET /api/cap-sources': async () => {
    await capThingsOfA();
    expect((await call(t.app, county, { method: 'GET', url: '/api/cap-sources' })).json().items).toEqual([]);
  },
  'POST /api/cap-sources': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/cap-sources', payload: { name: 'x', regionCode: FIXTURE.countyA, push: true } });
    expect(res.json().code).toBe('CAP_INGEST_REGION_OUTSIDE');
  },
  'POST /api/cap-sources/:id': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/cap-sources/${(await capThingsOfA()).sourceId}`, payload: { version: 1, active: false } })).statusCode).toBe(404);
  },
  'POST /api/cap-sources/:id/poll': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/cap-sources/${(await capThingsOfA()).sourceId}/poll` })).statusCode).toBe(404);
  },
  // Authenticated by the source's key, not a session: what it stores takes the source's jurisdiction (checked above).
  'POST /api/cap-ingest': async () => {
    expect((await call(t.app, county, { method: 'POST', url: '/api/cap-ingest', payload: '<alert/>', headers: { 'content-type': 'application/cap+xml' } })).statusCode).toBe(401);
  },
  'GET /api/cap-incoming': async () => {
    await capThingsOfA();
    expect((await call(t.app, county, { method: 'GET', url: '/api/cap-incoming' })).json().total).toBe(0);
  },
  'GET /api/cap-incoming/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/cap-incoming/${(await capThingsOfA()).incomingId}` })).statusCode).toBe(404);
  },
  'POST /api/cap-incoming/:id/relay': async () => {
    const res = await call(t.app, county, { method: 'POST', url: `/api/cap-incoming/${(await capThingsOfA()).incomingId}/relay`, payload: { program: 'air_raid' } });
    expect(res.statusCode).toBe(404);
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
  'POST /api/alerts/:id/update': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/alerts/${await alertOfA()}/update`, payload: { version: 1, headline: 'x' } })).statusCode).toBe(404);
  },
  'POST /api/alerts/:id/follow-up/confirm': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/alerts/${await alertOfA()}/follow-up/confirm`, payload: { version: 1 } })).statusCode).toBe(404);
  },
  'POST /api/alerts/:id/follow-up/withdraw': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/alerts/${await alertOfA()}/follow-up/withdraw`, payload: { version: 1 } })).statusCode).toBe(404);
  },
  'GET /api/public/alerts': async () => {
    expect((await call(t.app, null, { method: 'GET', url: '/api/public/alerts' })).statusCode).toBe(200);
  },
  'GET /api/public/alerts/:identifier/cap.xml': async () => {
    expect((await call(t.app, null, { method: 'GET', url: '/api/public/alerts/none/cap.xml' })).statusCode).toBe(404);
  },
  // The public app: everyone's, no jurisdiction (works flagged public, whitelisted fields); signed in or not, the same answer.
  // The CAP outputs are public by design (the whole city, no actor): they answer the same to anyone.
  'GET /cap/alerts.atom': async () => {
    expect((await call(t.app, null, { method: 'GET', url: '/cap/alerts.atom' })).statusCode).toBe(200);
  },
  'GET /cap/alerts.json': async () => {
    expect((await call(t.app, null, { method: 'GET', url: '/cap/alerts.json' })).statusCode).toBe(200);
  },
  'GET /cap/alerts/:identifier.xml': async () => {
    expect((await call(t.app, null, { method: 'GET', url: '/cap/alerts/none.xml' })).statusCode).toBe(404);
  },
  'GET /api/public/shelters/nearest': async () => {
    const anon = await call(t.app, null, { method: 'GET', url: '/api/public/shelters/nearest?lng=121.07&lat=32.07' });
    const signed = await call(t.app, county, { method: 'GET', url: '/api/public/shelters/nearest?lng=121.07&lat=32.07' });
    expect(anon.statusCode).toBe(200);
    expect(signed.json().items).toEqual(anon.json().items);
  },
  'GET /api/public/shelters/nearest-db': async () => {
    expect((await call(t.app, county, { method: 'GET', url: '/api/public/shelters/nearest-db?lng=120.87&lat=32' })).json().items.length).toBeGreaterThan(0);
  },
  'GET /api/public/shelters/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/public/shelters/${await workOfA()}` })).statusCode).toBe(200);
  },
  'GET /api/public/districts': async () => {
    // The whole city's outlines, to anyone: the public map's reference, not a record of any jurisdiction.
    const anon = await call(t.app, null, { method: 'GET', url: '/api/public/districts' });
    const signed = await call(t.app, county, { method: 'GET', url: '/api/public/districts' });
    expect(anon.json().features.length).toBeGreaterThan(1);
    expect(signed.body).toBe(anon.body);
  },
  'GET /api/public/places': async () => {
    expect((await call(t.app, county, { method: 'GET', url: '/api/public/places?kind=parking' })).json().total).toBeGreaterThan(0);
  },
  'GET /api/public/alerts/stream': async () => {
    // The stream itself is followed in public.module.test.ts; without Accept: text/event-stream it refuses at once.
    expect((await call(t.app, county, { method: 'GET', url: '/api/public/alerts/stream' })).statusCode).toBe(406);
  },
  // The quiz: the public's draws and tests are everyone's; the bank and the statistics follow jurisdiction.
  'GET /api/public/quiz': async () => {
    expect((await call(t.app, county, { method: 'GET', url: '/api/public/quiz' })).json().questions.length).toBeGreaterThan(0);
  },
  'POST /api/public/quiz/results': async () => {
    const q = (await call(t.app, null, { method: 'GET', url: '/api/public/quiz?count=1' })).json().questions[0];
    const res = await call(t.app, county, { method: 'POST', url: '/api/public/quiz/results', payload: { orgKind: 'school', orgName: '崇川一小', regionCode: FIXTURE.countyA, answers: [{ questionId: q.id, answer: ['A'] }] } });
    expect(res.statusCode).toBe(201);
  },
  'GET /api/quiz/questions': async () => {
    const mine = await call(t.app, await ccAdmin(), { method: 'POST', url: '/api/quiz/questions', payload: {
      category: 'basics', kind: 'single', stem: '崇川的题', options: [{ key: 'A', text: '是' }, { key: 'B', text: '否' }], answer: ['A'] } });
    const items = (await call(t.app, county, { method: 'GET', url: '/api/quiz/questions' })).json().items;
    expect(items.some((q: { id: number }) => q.id === mine.json().id)).toBe(false);
  },
  'POST /api/quiz/questions': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/quiz/questions', payload: {
      category: 'basics', kind: 'single', stem: '通州的题', options: [{ key: 'A', text: '是' }, { key: 'B', text: '否' }], answer: ['A'] } });
    expect(res.json().regionCode).toBe(FIXTURE.countyB);
  },
  'PATCH /api/quiz/questions/:id': async () => {
    const mine = await call(t.app, await ccAdmin(), { method: 'POST', url: '/api/quiz/questions', payload: {
      category: 'basics', kind: 'single', stem: '市里的题', options: [{ key: 'A', text: '是' }, { key: 'B', text: '否' }], answer: ['A'] } });
    expect((await call(t.app, county, { method: 'PATCH', url: `/api/quiz/questions/${mine.json().id}`, payload: {
      category: 'basics', kind: 'single', stem: '改', options: [{ key: 'A', text: '是' }, { key: 'B', text: '否' }], answer: ['A'], version: 1 } })).statusCode).toBe(404);
  },
  'GET /api/quiz/results/summary': async () => {
    await call(t.app, null, { method: 'POST', url: '/api/public/quiz/results', payload: { orgKind: 'community', orgName: '和平桥社区', regionCode: FIXTURE.townA, answers: [{ questionId: 1, answer: ['A'] }] } });
    expect((await call(t.app, county, { method: 'GET', url: '/api/quiz/results/summary' })).json().items.some((i: { orgName: string }) => i.orgName === '和平桥社区')).toBe(false);
  },
  // The list of schools and communities: the public's is the whole city's; the console's follows jurisdiction.
  'GET /api/public/quiz/orgs': async () => {
    await call(t.app, await ccAdmin(), { method: 'POST', url: '/api/quiz/orgs', payload: { regionCode: FIXTURE.townA, kind: 'school', name: '崇川的学校' } });
    const names = (await call(t.app, county, { method: 'GET', url: '/api/public/quiz/orgs' })).json().districts.flatMap((d: { orgs: Array<{ name: string }> }) => d.orgs.map((o) => o.name));
    expect(names).toContain('崇川的学校');
  },
  'GET /api/quiz/orgs': async () => {
    await call(t.app, await ccAdmin(), { method: 'POST', url: '/api/quiz/orgs', payload: { regionCode: FIXTURE.townA, kind: 'community', name: '崇川的社区' } });
    const items = (await call(t.app, county, { method: 'GET', url: '/api/quiz/orgs' })).json().items;
    expect(items.every((o: { regionCode: string }) => inCountyB(o.regionCode))).toBe(true);
  },
  'POST /api/quiz/orgs': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/quiz/orgs', payload: { regionCode: FIXTURE.townA, kind: 'school', name: '越界的学校' } });
    expect(res.statusCode).toBe(400);
  },
  'PATCH /api/quiz/orgs/:id': async () => {
    const mine = await call(t.app, await ccAdmin(), { method: 'POST', url: '/api/quiz/orgs', payload: { regionCode: FIXTURE.countyA, kind: 'school', name: '崇川停用测试' } });
    expect((await call(t.app, county, { method: 'PATCH', url: `/api/quiz/orgs/${mine.json().id}`, payload: { active: false } })).statusCode).toBe(404);
  },
  // The list file: a 崇川 row is a problem of that row for a 通州 office, never written; the export holds 通州's list only.
  'POST /api/quiz/orgs/import/preview': async () => {
    const file = Buffer.from(`区划代码,类别,名称,在用\r\n${FIXTURE.townA},学校,越界导入的学校,是\r\n`);
    const res = await call(t.app, county, { method: 'POST', url: '/api/quiz/orgs/import/preview', headers: { 'content-type': 'text/csv' }, payload: file });
    expect(res.json()).toMatchObject({ records: 0, created: 0, errorCount: 1 });
  },
  'POST /api/quiz/orgs/import': async () => {
    const file = Buffer.from(`区划代码,类别,名称,在用\r\n${FIXTURE.townA},学校,越界导入的学校,是\r\n`);
    const res = await call(t.app, county, { method: 'POST', url: '/api/quiz/orgs/import', headers: { 'content-type': 'text/csv' }, payload: file });
    expect(res.statusCode).toBe(400);
    const names = (await call(t.app, await ccAdmin(), { method: 'GET', url: '/api/quiz/orgs' })).json().items.map((o: { name: string }) => o.name);
    expect(names).not.toContain('越界导入的学校');
  },
  'GET /api/quiz/orgs/export': async () => {
    await call(t.app, await ccAdmin(), { method: 'POST', url: '/api/quiz/orgs', payload: { regionCode: FIXTURE.townA, kind: 'school', name: '崇川导出测试' } });
    const res = await call(t.app, county, { method: 'GET', url: '/api/quiz/orgs/export?format=csv' });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(FIXTURE.countyA);
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
  'GET /api/works/upkeep/due/export': async () => {
    await upkeepOfA();
    const res = await call(t.app, county, { method: 'GET', url: `/api/works/upkeep/due/export?withinDays=366&regionCode=${FIXTURE.countyA}` });
    // Naming another county's code narrows nothing open: only the header line.
    expect(res.body.replace(/^\uFEFF/, '').trim().split('\r\n')).toHaveLength(1);
  },
  'POST /api/works/maintenance-schedules': async () => {
    // City-wide configuration: not for a county administrator.
    const res = await call(t.app, county, { method: 'POST', url: '/api/works/maintenance-schedules', payload: { code: 'x_yearly', discipline: 'civil', name: '某项', nameEn: 'Some item', intervalMonths: 12 } });
    expect(res.statusCode).toBe(403);
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
  'POST /api/regulation/inspections/:id/photos': async () => {
    const { taskId, targetKey } = await photoOfA();
    const boundary = '----civdefJurisdiction';
    const res = await call(t.app, county, {
      method: 'POST', url: `/api/regulation/inspections/${taskId}/photos?targetKey=${encodeURIComponent(targetKey)}`,
      payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\n\r\n`),
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`\r\n--${boundary}--\r\n`)]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.statusCode).toBe(404);
    expect((await t.db.query('SELECT 1 FROM reg_inspection_photo WHERE task_id = $1', [taskId])).rows).toHaveLength(1);
  },
  'GET /api/regulation/inspections/:id/photos': async () => {
    const { taskId } = await photoOfA();
    expect((await call(t.app, county, { method: 'GET', url: `/api/regulation/inspections/${taskId}/photos` })).statusCode).toBe(404);
  },
  'GET /api/regulation/inspection-photos/:id/content': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/regulation/inspection-photos/${(await photoOfA()).photoId}/content` })).statusCode).toBe(404);
  },
  'GET /api/regulation/calendar': async () => {
    // The State Council's holidays are the same for every county: readable by anyone who reads a clock.
    expect((await call(t.app, county, { method: 'GET', url: '/api/regulation/calendar' })).statusCode).toBe(200);
  },
  'PUT /api/regulation/calendar/:year': async () => {
    // City-wide configuration (it moves every county's clocks): not for a county administrator.
    const res = await call(t.app, county, { method: 'PUT', url: '/api/regulation/calendar/2027', payload: { basis: 'x', holidays: ['2027-01-01'], workingWeekends: [] } });
    expect(res.statusCode).toBe(403);
    expect((await t.db.query('SELECT 1 FROM reg_calendar_year')).rows).toHaveLength(0);
  },
  'GET /api/regulation/approvals': async () => {
    const cc = await ccAdmin();
    await call(t.app, cc, { method: 'POST', url: '/api/regulation/approvals', payload: { kind: 'demolition', title: '崇川', regionCode: FIXTURE.townA, receivedOn: '2026-11-02' } });
    const res = await call(t.app, county, { method: 'GET', url: '/api/regulation/approvals?view=all' });
    expect(res.json().items.every((a: { regionCode: string }) => inCountyB(a.regionCode))).toBe(true);
  },
  'POST /api/regulation/approvals': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/regulation/approvals', payload: { kind: 'demolition', title: 'x', regionCode: FIXTURE.townA, receivedOn: '2026-11-02' } });
    expect(res.statusCode).toBe(403);
  },
  'POST /api/regulation/approvals/:id/decision': async () => {
    const cc = await ccAdmin();
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
    const cc = await ccAdmin();
    const own = new ExcelJS.Workbook();
    await own.xlsx.load((await call(t.app, cc, { method: 'GET', url: '/api/regulation/fees/export.xlsx' })).rawPayload as unknown as ArrayBuffer);
    expect(own.getWorksheet('台账')!.rowCount).toBeGreaterThan(1);
  },
  'POST /api/regulation/inspections/:id/redraw': async () => {
    const res = await call(t.app, county, { method: 'POST', url: `/api/regulation/inspections/${(await regulationOfA()).taskId}/redraw`, payload: { reason: '通州重抽' } });
    expect(res.statusCode).toBe(404);
  },
  'POST /api/regulation/cases/:id/publish': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/regulation/cases/${(await caseOfA()).caseId}/publish` })).statusCode).toBe(404);
  },
  'GET /api/regulation/fund': async () => {
    const cc = await ccAdmin();
    await call(t.app, cc, { method: 'POST', url: '/api/regulation/fund', payload: { regionCode: FIXTURE.townA, category: 'budget', amountFen: 100, onDate: '2026-01-05', counterparty: '崇川财政', basis: 'x' } });
    const res = await call(t.app, county, { method: 'GET', url: '/api/regulation/fund' });
    expect(res.json().items.every((e: { regionCode: string }) => inCountyB(e.regionCode))).toBe(true);
    expect(res.json().totals.every((x: { countyCode: string }) => x.countyCode === FIXTURE.countyB)).toBe(true);
  },
  'POST /api/regulation/fund': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/regulation/fund', payload: { regionCode: FIXTURE.townA, category: 'budget', amountFen: 1, onDate: '2026-01-05', counterparty: 'x', basis: 'x' } });
    expect(res.statusCode).toBe(403);
    const workA = (await t.db.query<{ id: number }>(`SELECT id FROM work WHERE code = 'RF-A-001'`)).rows[0]!.id;
    const work = await call(t.app, county, { method: 'POST', url: '/api/regulation/fund', payload: { regionCode: FIXTURE.townB, category: 'repair', amountFen: 1, onDate: '2026-01-05', counterparty: 'x', basis: 'x', workId: workA } });
    expect(work.json().code).toBe('REGULATION_WORK_UNKNOWN');
  },
  'GET /api/regulation/fund/export.xlsx': async () => {
    const cc = await ccAdmin();
    await call(t.app, cc, { method: 'POST', url: '/api/regulation/fund', payload: { regionCode: FIXTURE.townA, category: 'budget', amountFen: 100, onDate: '2026-01-05', counterparty: '崇川财政', basis: 'x' } });
    const res = await call(t.app, county, { method: 'GET', url: '/api/regulation/fund/export.xlsx' });
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('收支明细')!.rowCount).toBe(1);
  },
  // Public by law once published: the list of published draws and decisions, the same to everyone.
  'GET /api/public/inspections': async () => {
    const { taskId } = await regulationOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/public/inspections' });
    expect(res.json().items.map((x: { id: number }) => x.id)).toContain(taskId);
  },
  'GET /api/public/enforcement-decisions': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/public/enforcement-decisions' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.every((d: { publishedAt: string }) => typeof d.publishedAt === 'string')).toBe(true);
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
  // Planning reports and assessment areas: 崇川's runs and area sets do not exist for a 通州 user.
  'GET /api/planning/runs/:id/gaps': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/runs/${await otherCountyRun()}/gaps` })).statusCode).toBe(404);
  },
  'GET /api/planning/runs/:id/gaps/export': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/runs/${await otherCountyRun()}/gaps/export` })).statusCode).toBe(404);
  },
  'GET /api/planning/balance/export': async () => {
    expect((await call(t.app, county, { method: 'GET', url: '/api/planning/balance/export' })).statusCode).toBe(200);
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/balance/export?parent=${FIXTURE.countyA}` })).statusCode).toBe(404);
  },
  'GET /api/planning/compare/export': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/compare/export?a=${await otherCountyRun()}&b=${await otherCountyRun() + 1000}` })).statusCode).toBe(404);
  },
  'GET /api/planning/area-sets': async () => {
    await areaSetOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/planning/area-sets' });
    expect((res.json().items as Array<{ setName: string }>).some((x) => x.setName === CC_AREA_SET)).toBe(false);
  },
  'PUT /api/planning/area-sets/:set': async () => {
    await areaSetOfA();
    // The same name from 通州 is 通州's own set: 崇川's is neither replaced nor widened.
    const res = await call(t.app, county, { method: 'PUT', url: `/api/planning/area-sets/${CC_AREA_SET}`, payload: squareArea('通州片区', 121.06, 32.06) });
    expect(res.statusCode, res.body).toBe(201);
    const cc = await call(t.app, await ccAdmin(), { method: 'GET', url: `/api/planning/area-sets/${CC_AREA_SET}/balance` });
    expect((cc.json().features as Array<{ properties: { name: string } }>).map((f) => f.properties.name)).toEqual(['崇川片区']);
    await call(t.app, county, { method: 'DELETE', url: `/api/planning/area-sets/${CC_AREA_SET}` });
  },
  'DELETE /api/planning/area-sets/:set': async () => {
    await areaSetOfA();
    expect((await call(t.app, county, { method: 'DELETE', url: `/api/planning/area-sets/${CC_AREA_SET}` })).statusCode).toBe(404);
    expect((await call(t.app, await ccAdmin(), { method: 'GET', url: `/api/planning/area-sets/${CC_AREA_SET}/balance` })).statusCode).toBe(200);
  },
  'GET /api/planning/area-sets/:set/balance': async () => {
    await areaSetOfA();
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/area-sets/${CC_AREA_SET}/balance` })).statusCode).toBe(404);
  },
  // Population: a 通州 user can neither preview, import nor export 崇川's cells, nor see its datasets.
  'POST /api/population/imports/preview': async () => {
    const res = await call(t.app, county, {
      method: 'POST', url: `/api/population/imports/preview?area=${FIXTURE.countyA}`, headers: { 'content-type': 'text/csv' }, payload: populationCsv(FIXTURE.townA, 120.871, 32.0),
    });
    expect(res.statusCode).toBe(404);
    // A file for its own area naming a 崇川 town is refused row by row.
    const own = await call(t.app, county, { method: 'POST', url: '/api/population/imports/preview', headers: { 'content-type': 'text/csv' }, payload: populationCsv(FIXTURE.townA, 120.871, 32.0) });
    expect(own.json().errorCount).toBe(1);
  },
  'POST /api/population/imports': async () => {
    const before = await peopleOf(FIXTURE.countyA);
    const res = await call(t.app, county, {
      method: 'POST', url: `/api/population/imports?area=${FIXTURE.countyA}`, headers: { 'content-type': 'text/csv' }, payload: populationCsv(FIXTURE.townA, 120.871, 32.0),
    });
    expect(res.statusCode).toBe(404);
    expect(await peopleOf(FIXTURE.countyA)).toBe(before);
  },
  'GET /api/population/datasets': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/population/datasets' });
    expect(res.statusCode).toBe(200);
    expect((res.json().items as Array<{ regionCode: string }>).every((d) => inCountyB(d.regionCode))).toBe(true);
  },
  'GET /api/population/export': async () => {
    expect((await call(t.app, county, { method: 'GET', url: '/api/population/export?format=csv' })).statusCode).toBe(200);
    expect((await call(t.app, county, { method: 'GET', url: `/api/population/export?area=${FIXTURE.countyA}` })).statusCode).toBe(404);
  },
  'GET /api/population/template': async () => {
    // The template is the same empty sheet for everyone: nothing of any jurisdiction is in it.
    expect((await call(t.app, county, { method: 'GET', url: '/api/population/template?format=csv' })).statusCode).toBe(200);
  },
  // Coverage: a 崇川 run does not exist for a 通州 user; sirens of 崇川 cannot be named in a run.
  'GET /api/coverage/settings': async () => {
    expect((await call(t.app, county, { method: 'GET', url: '/api/coverage/settings' })).statusCode).toBe(200);
  },
  'POST /api/coverage/runs': async () => {
    const sirenA = (await t.db.query<{ id: number }>(`SELECT id FROM siren WHERE code = 'JB-A-01'`)).rows[0]!.id;
    const res = await call(t.app, county, { method: 'POST', url: '/api/coverage/runs', payload: { removeSirenIds: [sirenA] } });
    expect(res.json().code).toBe('COVERAGE_SIREN_UNKNOWN');
    const outside = await call(t.app, county, { method: 'POST', url: '/api/coverage/runs', payload: { addSirens: [{ location: [120.86, 32.01] }] } });
    expect(outside.json().code).toBe('COVERAGE_POINT_OUTSIDE');
  },
  'GET /api/coverage/runs': async () => {
    const id = await otherCountyCoverage();
    const res = await call(t.app, county, { method: 'GET', url: '/api/coverage/runs' });
    expect((res.json().items as Array<{ id: number }>).some((r) => r.id === id)).toBe(false);
  },
  'GET /api/coverage/runs/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/coverage/runs/${await otherCountyCoverage()}` })).statusCode).toBe(404);
  },
  'GET /api/coverage/runs/:id/events': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/coverage/runs/${await otherCountyCoverage()}/events` })).statusCode).toBe(404);
  },
  'POST /api/coverage/runs/:id/cancel': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/coverage/runs/${await otherCountyCoverage()}/cancel` })).statusCode).toBe(404);
  },
  'GET /api/coverage/runs/:id/areas': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/coverage/runs/${await otherCountyCoverage()}/areas` })).statusCode).toBe(404);
  },
  'GET /api/coverage/runs/:id/uncovered': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/coverage/runs/${await otherCountyCoverage()}/uncovered` })).statusCode).toBe(404);
  },
  'GET /api/coverage/runs/:id/sirens': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/coverage/runs/${await otherCountyCoverage()}/sirens` })).statusCode).toBe(404);
  },
  'GET /api/coverage/runs/:id/sites': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/coverage/runs/${await otherCountyCoverage()}/sites` })).statusCode).toBe(404);
  },
  'GET /api/coverage/runs/compare': async () => {
    const id = await otherCountyCoverage();
    expect((await call(t.app, county, { method: 'GET', url: `/api/coverage/runs/compare?a=${id}&b=${id + 1000}` })).statusCode).toBe(404);
  },
  'GET /api/planning/building-check': async () => {
    const q = 'uses=office&storeys=5&aboveGroundAreaM2=5000&groundFloorAreaM2=1000&foundationDepthM=1';
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/building-check?${q}` })).json().regionCode).toBe(FIXTURE.countyB);
    expect((await call(t.app, county, { method: 'GET', url: `/api/planning/building-check?${q}&regionCode=${FIXTURE.countyA}` })).statusCode).toBe(404);
  },
  // Zoning: 崇川's rule versions, parcels and ledger rows do not exist for a 通州 user; writes naming 崇川 are refused.
  'GET /api/zoning/rules': async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/zoning/rules' });
    expect((res.json().items as Array<{ regionCode: string }>).every((r) => ['000000', '320600'].includes(r.regionCode) || inCountyB(r.regionCode))).toBe(true);
  },
  'POST /api/zoning/rules': async () => {
    const res = await call(t.app, county, {
      method: 'POST', url: '/api/zoning/rules', payload: {
        regionCode: FIXTURE.countyA, validFrom: '2030-01-01', validTo: null, basis: 'x', source: 'x', highRiseStoreys: 10, deepFoundationM: 3, minAboveGroundM2: 2000,
        ratio: 0.05, residentialGroundFloor: true, grade: '核6B级', reductions: [],
      },
    });
    expect(res.json().code).toBe('ZONING_REGION_OUT_OF_SCOPE');
  },
  'GET /api/zoning/calculate': async () => {
    const q = 'uses=office&storeys=5&aboveGroundAreaM2=5000&groundFloorAreaM2=1000&foundationDepthM=1';
    expect((await call(t.app, county, { method: 'GET', url: `/api/zoning/calculate?${q}` })).json().regionCode).toBe(FIXTURE.countyB);
    expect((await call(t.app, county, { method: 'GET', url: `/api/zoning/calculate?${q}&regionCode=${FIXTURE.countyA}` })).statusCode).toBe(404);
    expect((await call(t.app, county, { method: 'GET', url: `/api/zoning/calculate?${q}&parcelId=${(await zoningOfA()).parcelId}` })).statusCode).toBe(404);
  },
  'GET /api/zoning/parcels': async () => {
    await zoningOfA();
    await onlyB('/api/zoning/parcels');
  },
  'GET /api/zoning/parcels/map': async () => {
    await zoningOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/zoning/parcels/map' });
    expect((res.json().features as Array<{ properties: { regionCode: string } }>).every((f) => inCountyB(f.properties.regionCode))).toBe(true);
  },
  'POST /api/zoning/parcels': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/zoning/parcels', payload: { regionCode: FIXTURE.countyA, code: 'TZ-X', name: 'x', requiredM2: 1, poolingAllowed: false } });
    expect(res.json().code).toBe('ZONING_REGION_OUT_OF_SCOPE');
    await zoningOfA();
    const taken = await call(t.app, county, { method: 'POST', url: '/api/zoning/parcels', payload: { regionCode: FIXTURE.countyB, code: 'CC-P-1', name: 'x', requiredM2: 1, poolingAllowed: false } });
    expect(taken.json().code).toBe('ZONING_PARCEL_CODE_TAKEN');
  },
  'POST /api/zoning/parcels/import': async () => {
    const doc = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: null, properties: { code: 'TZ-Y', name: 'x', regionCode: FIXTURE.countyA, requiredM2: 1, poolingAllowed: '否' } }] };
    const res = await call(t.app, county, { method: 'POST', url: '/api/zoning/parcels/import', payload: JSON.stringify(doc), headers: { 'content-type': 'application/geo+json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('管辖范围');
  },
  'GET /api/zoning/pooling': async () => {
    await zoningOfA();
    await onlyB('/api/zoning/pooling');
  },
  'POST /api/zoning/pooling': async () => {
    const res = await call(t.app, county, {
      method: 'POST', url: '/api/zoning/pooling', payload: { parcelId: (await zoningOfA()).parcelId, workId: await workOfA(), areaM2: 1, pooledOn: '2026-01-01', savingFenPerM2: 1, basis: 'x' },
    });
    expect(res.json().code).toBe('ZONING_WORK_UNKNOWN');
  },
  'GET /api/zoning/pooling/export.xlsx': async () => {
    await zoningOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/zoning/pooling/export.xlsx' });
    expect(res.statusCode).toBe(200);
    const ws = (await loadWorkbook(res.rawPayload)).getWorksheet('台账')!;
    expect(sheetRows(ws).length).toBe(1); // the header only: 崇川's row is not 通州's

  },
  // Plans, drills, key targets, evacuation: 崇川's records do not exist for a 通州 user; writes naming 崇川 are refused.
  'GET /api/plans': () => onlyB('/api/plans'),
  'POST /api/plans': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/plans', payload: { kind: 'emergency', title: 'x', regionCode: FIXTURE.countyA, content: PLAN_CONTENT } });
    expect(res.json().code).toBe('PLANS_REGION_OUT_OF_SCOPE');
  },
  'GET /api/plans/:id': async () => notFound('GET', `/api/plans/${(await responseOfA()).planId}`),
  'POST /api/plans/:id/revisions': async () => notFound('POST', `/api/plans/${(await responseOfA()).planId}/revisions`, {}),
  'PUT /api/plans/:id/revisions/:rev': async () => notFound('PUT', `/api/plans/${(await responseOfA()).planId}/revisions/1`, { content: PLAN_CONTENT }),
  'POST /api/plans/:id/revisions/:rev/submit': async () => notFound('POST', `/api/plans/${(await responseOfA()).planId}/revisions/1/submit`),
  'POST /api/plans/:id/revisions/:rev/approve': async () => notFound('POST', `/api/plans/${(await responseOfA()).planId}/revisions/1/approve`),
  'POST /api/plans/:id/revisions/:rev/return': async () => notFound('POST', `/api/plans/${(await responseOfA()).planId}/revisions/1/return`, { reason: 'x' }),
  'GET /api/plans/:id/diff': async () => notFound('GET', `/api/plans/${(await responseOfA()).planId}/diff?from=1&to=2`),
  'PUT /api/plans/:id/revisions/:rev/file': async () => notFound('PUT', `/api/plans/${(await responseOfA()).planId}/revisions/1/file`, { fileName: 'a.txt', mediaType: 'text/plain', contentBase64: 'eA==' }),
  'GET /api/plans/:id/revisions/:rev/file': async () => notFound('GET', `/api/plans/${(await responseOfA()).planId}/revisions/1/file`),
  'GET /api/drills': () => onlyB('/api/drills'),
  'GET /api/drills/years': async () => {
    await responseOfA();
    // 崇川's drill (2026) would make a 2026 row; 通州 has none.
    expect((await call(t.app, county, { method: 'GET', url: '/api/drills/years' })).json().items).toEqual([]);
  },
  'POST /api/drills': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/drills', payload: { kind: 'command', title: 'x', regionCode: FIXTURE.countyA, scenario: 'x', plannedOn: '2026-01-01', participants: [], criteria: [{ name: 'x', weight: 1, maxScore: 1 }] } });
    expect(res.json().code).toBe('DRILLS_REGION_OUT_OF_SCOPE');
  },
  'GET /api/drills/:id': async () => notFound('GET', `/api/drills/${(await responseOfA()).drillId}`),
  'PATCH /api/drills/:id': async () => notFound('PATCH', `/api/drills/${(await responseOfA()).drillId}`, { version: 2, title: '改名' }),
  'DELETE /api/drills/:id': async () => notFound('DELETE', `/api/drills/${(await responseOfA()).drillId}`),
  'POST /api/drills/:id/start': async () => notFound('POST', `/api/drills/${(await responseOfA()).drillId}/start`),
  'POST /api/drills/:id/end': async () => notFound('POST', `/api/drills/${(await responseOfA()).drillId}/end`),
  'POST /api/drills/:id/timeline': async () => notFound('POST', `/api/drills/${(await responseOfA()).drillId}/timeline`, { kind: 'note', text: 'x' }),
  'POST /api/drills/:id/assessment': async () => notFound('POST', `/api/drills/${(await responseOfA()).drillId}/assessment`, { scores: [1], assessment: 'x' }),
  'POST /api/drills/:id/findings': async () => notFound('POST', `/api/drills/${(await responseOfA()).drillId}/findings`, { finding: 'x', action: 'y', owner: 'z', deadline: '2026-12-31' }),
  'POST /api/drills/:id/findings/:findingId/done': async () => {
    const a = await responseOfA();
    await notFound('POST', `/api/drills/${a.drillId}/findings/${a.findingId}/done`);
  },
  'GET /api/targets': () => onlyB('/api/targets'),
  'GET /api/targets/map': async () => {
    await responseOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/targets/map' });
    expect(res.json().features.some((f: { properties: { name: string } }) => f.properties.name === '崇川目标')).toBe(false);
  },
  'GET /api/targets/:id': async () => notFound('GET', `/api/targets/${(await responseOfA()).targetId}`),
  'POST /api/targets': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/targets', payload: { code: 'KT-SNEAK', name: 'x', category: 'port', grade: 'city', unitName: 'x', regionCode: FIXTURE.townA, location: [120.87, 32.0] } });
    expect(res.json().code).toBe('TARGETS_REGION_OUT_OF_SCOPE');
  },
  'PATCH /api/targets/:id': async () => notFound('PATCH', `/api/targets/${(await responseOfA()).targetId}`, { checklist: { funds: true } }),
  'DELETE /api/targets/:id': async () => notFound('DELETE', `/api/targets/${(await responseOfA()).targetId}`),
  'POST /api/targets/:id/funds': async () => notFound('POST', `/api/targets/${(await responseOfA()).targetId}/funds`, { year: 2026, amountWan: 1, purpose: 'x' }),
  'GET /api/evacuation/places': () => onlyB('/api/evacuation/places'),
  'POST /api/evacuation/places': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/evacuation/places', payload: { kind: 'base', code: 'SNEAK-01', name: 'x', regionCode: FIXTURE.townA, capacity: 1, location: [120.87, 32.0] } });
    expect(res.json().code).toBe('EVACUATION_REGION_OUT_OF_SCOPE');
  },
  'PATCH /api/evacuation/places/:id': async () => notFound('PATCH', `/api/evacuation/places/${(await responseOfA()).placeId}`, { state: 'closed' }),
  'DELETE /api/evacuation/places/:id': async () => notFound('DELETE', `/api/evacuation/places/${(await responseOfA()).placeId}`),
  'GET /api/evacuation/routes': () => onlyB('/api/evacuation/routes'),
  'PATCH /api/evacuation/routes/:id': async () => notFound('PATCH', `/api/evacuation/routes/${(await responseOfA()).routeId}`, { version: 1, peoplePerHour: 1 }),
  'DELETE /api/evacuation/routes/:id': async () => notFound('DELETE', `/api/evacuation/routes/${(await responseOfA()).routeId}`),
  'POST /api/evacuation/routes': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/evacuation/routes', payload: { code: 'SNEAK-LX', name: 'x', regionCode: FIXTURE.countyA, peoplePerHour: 1, path: [[120.87, 32.0], [120.9, 32.1]] } });
    expect(res.json().code).toBe('EVACUATION_REGION_OUT_OF_SCOPE');
  },
  'GET /api/evacuation/map': async () => {
    await responseOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/evacuation/map' });
    expect(res.json().features.some((f: { properties: { name: string } }) => f.properties.name.startsWith('崇川'))).toBe(false);
  },
  'GET /api/evacuation/plans': () => onlyB('/api/evacuation/plans'),
  'PUT /api/evacuation/plans/:code': async () => notFound('PUT', `/api/evacuation/plans/${FIXTURE.townA}`, { share: 0.2, targetGroups: [], timing: 'early' }),
  'POST /api/evacuation/runs': async () => {
    // A 通州 run reads 通州 only: with no 通州 plan it has nothing to assign, whatever 崇川 has.
    await responseOfA();
    expect((await call(t.app, county, { method: 'POST', url: '/api/evacuation/runs', payload: {} })).json().code).toBe('EVACUATION_NO_PLAN');
  },
  'GET /api/evacuation/runs': () => onlyB('/api/evacuation/runs'),
  'GET /api/evacuation/runs/:id': async () => notFound('GET', `/api/evacuation/runs/${(await responseOfA()).runId}`),
  'GET /api/evacuation/runs/:id/events': async () => notFound('GET', `/api/evacuation/runs/${(await responseOfA()).runId}/events`),
  'GET /api/evacuation/runs/:id/areas': async () => notFound('GET', `/api/evacuation/runs/${(await responseOfA()).runId}/areas`),
  'GET /api/evacuation/runs/:id/destinations': async () => notFound('GET', `/api/evacuation/runs/${(await responseOfA()).runId}/destinations`),
  'POST /api/evacuation/runs/:id/cancel': async () => notFound('POST', `/api/evacuation/runs/${(await responseOfA()).runId}/cancel`),
  'GET /api/evacuation/runs/:id/map': async () => notFound('GET', `/api/evacuation/runs/${(await responseOfA()).runId}/map`),
  'POST /api/evacuation/counts': async () => {
    const a = await responseOfA();
    await notFound('POST', '/api/evacuation/counts', { clientId: '6f1c3a5e-0000-4000-8000-0000000000cc', drillId: a.drillId, placeId: a.placeId, people: 5 });
  },
  'GET /api/evacuation/counts': async () => notFound('GET', `/api/evacuation/counts?drillId=${(await responseOfA()).drillId}`),
  'GET /': async () => undefined,
  // Installation-wide counters (requests, jobs, connections): no record and no region in them to scope.
  'GET /metrics': async () => undefined,
  // Command and response: a 通州 user sees and changes 通州's commands, teams and incidents only.
  'GET /api/command/hqs': async () => {
    await commandThingsOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/command/hqs' });
    expect(res.json().items.every((h: { regionCode: string }) => inCountyB(h.regionCode))).toBe(true);
  },
  'GET /api/command/refs': async () => {
    const { teamId } = await commandThingsOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/command/refs' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.every((x: { regionCode: string }) => inCountyB(x.regionCode))).toBe(true);
    expect(res.json().items.some((x: { kind: string; id: number }) => x.kind === 'team' && x.id === teamId)).toBe(false);
  },
  'GET /api/command/hqs/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/command/hqs/${(await commandThingsOfA()).hqId}` })).statusCode).toBe(404);
  },
  'POST /api/command/hqs': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/command/hqs', payload: { level: 'town', name: 'x', regionCode: FIXTURE.townA } });
    expect(res.statusCode).toBe(403);
  },
  'POST /api/command/hqs/:id/persons': async () => {
    const res = await call(t.app, county, { method: 'POST', url: `/api/command/hqs/${(await commandThingsOfA()).hqId}/persons`, payload: { name: 'x', role: 'member' } });
    expect(res.statusCode).toBe(404);
  },
  'POST /api/command/hqs/:id/member-units': async () => {
    const res = await call(t.app, county, { method: 'POST', url: `/api/command/hqs/${(await commandThingsOfA()).hqId}/member-units`, payload: { name: 'x', peacetimeDuty: 'x', wartimeDuty: 'x' } });
    expect(res.statusCode).toBe(404);
  },
  'PUT /api/command/hqs/:id/duty': async () => {
    const res = await call(t.app, county, { method: 'PUT', url: `/api/command/hqs/${(await commandThingsOfA()).hqId}/duty`, payload: { date: '2026-10-01', shift: 'day', personId: 1 } });
    expect(res.statusCode).toBe(404);
  },
  'POST /api/command/hqs/:id/posts': async () => {
    const res = await call(t.app, county, { method: 'POST', url: `/api/command/hqs/${(await commandThingsOfA()).hqId}/posts`, payload: { kind: 'basic', name: 'x', workId: await workOfA() } });
    expect(res.statusCode).toBe(404);
  },
  // Edits and removals: a 崇川 person, unit, member or item is not found for a 通州 user, and stays as it was.
  'PATCH /api/command/persons/:id': async () => {
    const { personId } = await commandThingsOfA();
    expect((await call(t.app, county, { method: 'PATCH', url: `/api/command/persons/${personId}`, payload: { version: 1, name: 'SNEAK' } })).statusCode).toBe(404);
    expect((await t.db.query('SELECT name FROM command_person WHERE id = $1', [personId])).rows[0]).toEqual({ name: '崇川值班员' });
  },
  'DELETE /api/command/persons/:id': async () => {
    const { personId } = await commandThingsOfA();
    expect((await call(t.app, county, { method: 'DELETE', url: `/api/command/persons/${personId}?version=1` })).statusCode).toBe(404);
    expect((await t.db.query('SELECT 1 FROM command_person WHERE id = $1', [personId])).rows).toHaveLength(1);
  },
  'PATCH /api/command/member-units/:id': async () => {
    const { unitId } = await commandThingsOfA();
    expect((await call(t.app, county, { method: 'PATCH', url: `/api/command/member-units/${unitId}`, payload: { version: 1, wartimeDuty: 'SNEAK' } })).statusCode).toBe(404);
    expect((await t.db.query('SELECT wartime_duty AS w FROM command_member_unit WHERE id = $1', [unitId])).rows[0]).toEqual({ w: 'x' });
  },
  'DELETE /api/command/member-units/:id': async () => {
    const { unitId } = await commandThingsOfA();
    expect((await call(t.app, county, { method: 'DELETE', url: `/api/command/member-units/${unitId}?version=1` })).statusCode).toBe(404);
    expect((await t.db.query('SELECT 1 FROM command_member_unit WHERE id = $1', [unitId])).rows).toHaveLength(1);
  },
  'PATCH /api/team-members/:id': async () => {
    const { memberId } = await commandThingsOfA();
    expect((await call(t.app, county, { method: 'PATCH', url: `/api/team-members/${memberId}`, payload: { version: 1, role: 'SNEAK' } })).statusCode).toBe(404);
    expect((await t.db.query('SELECT role FROM team_member WHERE id = $1', [memberId])).rows[0]).toEqual({ role: '队员' });
  },
  'DELETE /api/team-members/:id': async () => {
    const { memberId } = await commandThingsOfA();
    expect((await call(t.app, county, { method: 'DELETE', url: `/api/team-members/${memberId}?version=1` })).statusCode).toBe(404);
    expect((await t.db.query('SELECT 1 FROM team_member WHERE id = $1', [memberId])).rows).toHaveLength(1);
  },
  'PATCH /api/team-equipment/:id': async () => {
    const { equipmentId } = await commandThingsOfA();
    expect((await call(t.app, county, { method: 'PATCH', url: `/api/team-equipment/${equipmentId}`, payload: { version: 1, count: 99 } })).statusCode).toBe(404);
    expect((await t.db.query('SELECT count FROM team_equipment WHERE id = $1', [equipmentId])).rows[0]).toEqual({ count: 1 });
  },
  'DELETE /api/team-equipment/:id': async () => {
    const { equipmentId } = await commandThingsOfA();
    expect((await call(t.app, county, { method: 'DELETE', url: `/api/team-equipment/${equipmentId}?version=1` })).statusCode).toBe(404);
    expect((await t.db.query('SELECT 1 FROM team_equipment WHERE id = $1', [equipmentId])).rows).toHaveLength(1);
  },
  'GET /api/map/command-vehicles': async () => {
    await commandThingsOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/map/command-vehicles' });
    expect(res.json().features.every((f: { properties: { regionCode: string } }) => inCountyB(f.properties.regionCode))).toBe(true);
  },
  'GET /api/teams': async () => {
    await commandThingsOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/teams' });
    expect(res.json().items.every((x: { regionCode: string }) => inCountyB(x.regionCode))).toBe(true);
  },
  'GET /api/teams/readiness': async () => {
    await commandThingsOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/teams/readiness' });
    expect(res.json().regions.every((r: { regionCode: string }) => inCountyB(r.regionCode))).toBe(true);
  },
  'GET /api/teams/export.xlsx': async () => {
    await commandThingsOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/teams/export.xlsx' });
    expect(res.statusCode).toBe(200);
    // The 崇川 team's code is nowhere in the 通州 user's file (the workbook is a zip: look into its shared strings).
    const { loadWorkbook } = await import('../lib/xlsx/read.ts');
    const wb = await loadWorkbook(res.rawPayload);
    const codes: unknown[] = [];
    wb.getWorksheet('队伍')!.eachRow((row, n) => n > 1 && codes.push(row.getCell(1).value));
    expect(codes).not.toContain('ZY-CC-1');
  },
  'POST /api/teams/import': async () => {
    const { addSheet, newWorkbook, workbookBuffer } = await import('../lib/xlsx/write.ts');
    const wb = await newWorkbook();
    addSheet(wb, { name: '队伍', columns: ['编号', '名称', '类别', '专业', '组建单位', '区划代码', '经度', '纬度'].map((h) => ({ header: h, key: h })),
      rows: [{ 编号: 'SNEAK-X', 名称: 'x', 类别: '专业队', 专业: '消防', 组建单位: 'x', 区划代码: FIXTURE.countyA, 经度: 120.87, 纬度: 32.0 }] });
    const res = await call(t.app, county, { method: 'POST', url: '/api/teams/import', payload: await workbookBuffer(wb),
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(FIXTURE.countyA);
  },
  // Update by code: a 崇川 team's code in a 通州 user's file is someone else's, neither previewed nor touched.
  'POST /api/teams/import/preview': async () => {
    await commandThingsOfA();
    const res = await call(t.app, county, { method: 'POST', url: '/api/teams/import/preview', payload: await sneakTeamFile(),
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('ZY-CC-1');
  },
  'POST /api/teams/import/apply': async () => {
    const { teamId } = await commandThingsOfA();
    const res = await call(t.app, county, { method: 'POST', url: `/api/teams/import/apply?preview=${'0'.repeat(64)}`, payload: await sneakTeamFile(),
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
    expect(res.statusCode).toBe(400);
    expect((await t.db.query('SELECT name FROM team WHERE id = $1', [teamId])).rows[0]).toEqual({ name: '崇川抢修队' });
  },
  'GET /api/teams/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/teams/${(await commandThingsOfA()).teamId}` })).statusCode).toBe(404);
  },
  'PATCH /api/teams/:id': async () => {
    const { teamId } = await commandThingsOfA();
    expect((await call(t.app, county, { method: 'PATCH', url: `/api/teams/${teamId}`, payload: { version: 1, name: 'SNEAK' } })).statusCode).toBe(404);
    expect((await t.db.query<{ name: string }>('SELECT name FROM team WHERE id = $1', [teamId])).rows[0]!.name).not.toBe('SNEAK');
  },
  'POST /api/teams': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/teams', payload: {
      code: 'SNEAK-T', name: 'x', category: 'professional', kind: 'repair', baseUnit: 'x', regionCode: FIXTURE.countyA, location: [120.87, 32.0] } });
    expect(res.statusCode).toBe(403);
  },
  'POST /api/teams/:id/members': async () => {
    const res = await call(t.app, county, { method: 'POST', url: `/api/teams/${(await commandThingsOfA()).teamId}/members`, payload: [{ name: 'x', role: 'x' }] });
    expect(res.statusCode).toBe(404);
  },
  'POST /api/teams/:id/equipment': async () => {
    const res = await call(t.app, county, { method: 'POST', url: `/api/teams/${(await commandThingsOfA()).teamId}/equipment`, payload: [{ kind: 'x', name: 'x', count: 1 }] });
    expect(res.statusCode).toBe(404);
  },
  'POST /api/teams/:id/rollcalls': async () => {
    const res = await call(t.app, county, { method: 'POST', url: `/api/teams/${(await commandThingsOfA()).teamId}/rollcalls`, payload: { scheduledFor: '2026-10-01' } });
    expect(res.statusCode).toBe(404);
  },
  'POST /api/rollcalls/:id/record': async () => {
    const res = await call(t.app, county, { method: 'POST', url: `/api/rollcalls/${(await commandThingsOfA()).rollcallId}/record`, payload: { members: [], equipment: [] } });
    expect(res.statusCode).toBe(404);
  },
  'GET /api/incidents': async () => {
    await commandThingsOfA();
    const res = await call(t.app, county, { method: 'GET', url: '/api/incidents' });
    expect(res.json().items.every((i: { regionCode: string }) => inCountyB(i.regionCode))).toBe(true);
  },
  'GET /api/incidents/:id': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/incidents/${(await commandThingsOfA()).incidentId}` })).statusCode).toBe(404);
  },
  'GET /api/incidents/:id/candidates': async () => {
    expect((await call(t.app, county, { method: 'GET', url: `/api/incidents/${(await commandThingsOfA()).incidentId}/candidates` })).statusCode).toBe(404);
  },
  'POST /api/incidents': async () => {
    const res = await call(t.app, county, { method: 'POST', url: '/api/incidents', payload: { kind: 'fire', title: 'x', regionCode: FIXTURE.countyA, location: [120.87, 32.0] } });
    expect(res.statusCode).toBe(403);
  },
  'POST /api/incidents/:id/tasks': async () => {
    const { incidentId, teamId } = await commandThingsOfA();
    expect((await call(t.app, county, { method: 'POST', url: `/api/incidents/${incidentId}/tasks`, payload: { teamId } })).statusCode).toBe(404);
  },
  'POST /api/incidents/:id/close': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/incidents/${(await commandThingsOfA()).incidentId}/close`, payload: { version: 1 } })).statusCode).toBe(404);
  },
  'POST /api/incidents/:id/warning-draft': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/incidents/${(await commandThingsOfA()).incidentId}/warning-draft`, payload: {} })).statusCode).toBe(404);
  },
  'POST /api/dispatch-tasks/:id/state': async () => {
    expect((await call(t.app, county, { method: 'POST', url: `/api/dispatch-tasks/${(await commandThingsOfA()).taskId}/state`, payload: { to: 'en_route', version: 1 } })).statusCode).toBe(404);
  },
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
