/**
 * References from the response half into the command half, through HTTP on a real database: plans, drills and key
 * targets accept a member unit or team only when it exists in the writer's jurisdiction (the field named in both
 * languages), store the record's own name, and the console's pickers list what a writer may reference. And the
 * migration that converts the data written before: dangling ids cleared, exact unique names linked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '../../db/migrate.ts';
import { openDatabase } from '../../db/index.ts';
import { FIXTURE, call, createEmptyPgDatabase, createTestApp, givenSession, type Session, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let county: Session;
const ids = { teamB: 0, teamA: 0, unitB: 0, hqB: 0 };

beforeAll(async () => {
  t = await createTestApp();
  county = (await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB })).session;
  const team = async (code: string, name: string, region: string) => (await t.db.query<{ id: number }>(
    `INSERT INTO team (code, name, category, kind, base_unit, region_code, location) VALUES ($1, $2, 'professional', 'repair', '市政公司', $3, ST_SetSRID(ST_MakePoint(121.05, 32.05), 4326)) RETURNING id`,
    [code, name, region])).rows[0]!.id;
  ids.teamB = await team('REF-B', '通州区人防抢险抢修专业队', FIXTURE.townB);
  ids.teamA = await team('REF-A', '崇川区人防抢险抢修专业队', FIXTURE.countyA);
  const hq = (await t.db.query<{ id: number }>(`INSERT INTO command_hq (level, name, region_code) VALUES ('county', '通州区人民防空指挥部', $1) RETURNING id`, [FIXTURE.countyB])).rows[0]!.id;
  ids.hqB = hq;
  ids.unitB = (await t.db.query<{ id: number }>(
    `INSERT INTO command_member_unit (hq_id, region_code, name, peacetime_duty, wartime_duty) VALUES ($1, $2, '通州区卫生健康委', '医疗救护队伍建设', '战时医疗救护') RETURNING id`,
    [hq, FIXTURE.countyB])).rows[0]!.id;
});
afterAll(() => t.close());

const content = (tasks: object[]) => ({ summary: '通州区人民防空方案', triggers: [], tasks, resources: [], contacts: [] });

describe('deleting a member unit that plans and drills name', () => {
  const unit = async (name: string) => (await t.db.query<{ id: number }>(
    `INSERT INTO command_member_unit (hq_id, region_code, name, peacetime_duty, wartime_duty) VALUES ($1, $2, $3, '平时职责', '战时职责') RETURNING id`,
    [ids.hqB, FIXTURE.countyB, name])).rows[0]!.id;
  const remove = (s: Session, id: number, version = 1, lang = 'zh-CN') =>
    call(t.app, s, { method: 'DELETE', url: `/api/command/member-units/${id}?version=${version}`, headers: { 'accept-language': lang } });
  const exists = async (id: number) => (await t.db.query('SELECT 1 FROM command_member_unit WHERE id = $1', [id])).rows.length === 1;

  it('refuses with 409 naming every plan and drill that names it, counts what the user may not see, and deletes it once none does', async () => {
    const id = await unit('通州区交通运输局');
    const city = (await givenSession(t, { roles: ['city_admin'], regionCode: FIXTURE.city })).session;
    const task = [{ assigneeKind: 'unit', refId: id, assignee: 'x', task: '组织车辆', phase: '临战' }];
    const plan = await call(t.app, county, { method: 'POST', url: '/api/plans', payload: { kind: 'special', title: '通州区疏散运输方案', regionCode: FIXTURE.countyB, content: content(task) } });
    expect(plan.statusCode, plan.body).toBe(201);
    const cityPlan = await call(t.app, city, { method: 'POST', url: '/api/plans', payload: { kind: 'civil_defence', title: '南通市人民防空方案', regionCode: FIXTURE.city, content: content(task) } });
    expect(cityPlan.statusCode, cityPlan.body).toBe(201);
    const drill = await call(t.app, county, { method: 'POST', url: '/api/drills', payload: {
      kind: 'evacuation', title: '通州区运输保障演练', regionCode: FIXTURE.countyB, scenario: '组织车辆转运群众', plannedOn: '2026-09-18',
      participants: [{ kind: 'unit', refId: id, name: 'x', people: 5 }], criteria: [{ name: '到位用时', weight: 1, maxScore: 10 }],
    } });
    expect(drill.statusCode, drill.body).toBe(201);

    const zh = await remove(county, id);
    expect(zh.statusCode, zh.body).toBe(409);
    expect(zh.json().code).toBe('COMMAND_UNIT_REFERENCED');
    // The county user sees its own plan and drill by title; the city's plan is counted, not named.
    expect(zh.json().message).toContain('《通州区疏散运输方案》');
    expect(zh.json().message).toContain('《通州区运输保障演练》');
    expect(zh.json().message).not.toContain('南通市人民防空方案');
    const en = await remove(county, id, 1, 'en');
    expect(en.json().message).toBe('id: member unit "通州区交通运输局" is still named by plan(s) "通州区疏散运输方案" and 1 more; drill(s) "通州区运输保障演练"; it cannot be deleted until they name another unit');
    expect(await exists(id)).toBe(true);
    // The city sees both plans by title.
    expect((await remove(city, id)).json().message).toContain('《南通市人民防空方案》');

    // Once the plans assign the task elsewhere and the drill is gone, the unit goes, audited.
    const elsewhere = content([{ assigneeKind: 'unit', refId: null, assignee: '各街道办事处', task: '组织车辆', phase: '临战' }]);
    expect((await call(t.app, county, { method: 'PUT', url: `/api/plans/${plan.json().plan.id}/revisions/1`, payload: { content: elsewhere } })).statusCode).toBe(200);
    expect((await call(t.app, city, { method: 'PUT', url: `/api/plans/${cityPlan.json().plan.id}/revisions/1`, payload: { content: elsewhere } })).statusCode).toBe(200);
    expect((await remove(county, id)).json().message).not.toContain('方案');
    expect((await call(t.app, county, { method: 'DELETE', url: `/api/drills/${drill.json().drill.id}` })).statusCode).toBeLessThan(300);
    const gone = await remove(county, id);
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json().memberUnits.map((u: { id: number }) => u.id)).not.toContain(id);
    expect(await exists(id)).toBe(false);
    const audit = await t.db.query<{ before: { name: string } }>(
      `SELECT before FROM audit_log WHERE action = 'command_hq.member_unit_delete' AND entity_id = $1`, [String(id)]);
    expect(audit.rows.map((r) => r.before.name)).toEqual(['通州区交通运输局']);
  });

  it('refuses a stale version, and answers 404 outside the jurisdiction and 403 without the write permission', async () => {
    const id = await unit('通州区民政局');
    expect((await remove(county, id, 2)).json().code).toBe('COMMAND_VERSION_CONFLICT');
    const other = (await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyA })).session;
    expect((await remove(other, id)).statusCode).toBe(404);
    const viewer = (await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.countyB })).session;
    expect((await remove(viewer, id)).statusCode).toBe(403);
    expect(await exists(id)).toBe(true);
  });
});

describe('references into the command half', () => {
  it('offers the pickers only the units and teams of the caller\'s jurisdiction', async () => {
    const res = await call(t.app, county, { method: 'GET', url: '/api/command/refs' });
    expect(res.statusCode, res.body).toBe(200);
    const got = res.json().items.map((r: { kind: string; id: number }) => `${r.kind}:${r.id}`);
    expect(got).toEqual(expect.arrayContaining([`team:${ids.teamB}`, `unit:${ids.unitB}`]));
    expect(got).not.toContain(`team:${ids.teamA}`);
  });

  it('refuses a plan task naming a team outside the jurisdiction, on the field, and stores a known one under its own name', async () => {
    const bad = await call(t.app, county, { method: 'POST', url: '/api/plans', payload: {
      kind: 'civil_defence', title: '通州区方案', regionCode: FIXTURE.countyB,
      content: content([{ assigneeKind: 'team', refId: ids.teamB, assignee: 'x', task: '抢修', phase: '临战' }, { assigneeKind: 'team', refId: ids.teamA, assignee: '崇川的队', task: '抢修', phase: '临战' }]),
    } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'PLANS_REF_UNKNOWN', details: [{ field: 'body.content.tasks.1.refId', rule: 'reference' }] });
    expect(bad.json().message).toContain('content.tasks[1].refId');
    const en = await call(t.app, county, { method: 'POST', url: '/api/plans', headers: { 'accept-language': 'en' }, payload: {
      kind: 'civil_defence', title: '通州区方案', regionCode: FIXTURE.countyB, content: content([{ assigneeKind: 'unit', refId: ids.teamB + 10_000, assignee: 'x', task: '抢修', phase: '临战' }]),
    } });
    expect(en.json().message).toMatch(/content\.tasks\[0\]\.refId: member unit #\d+ does not exist or is outside your jurisdiction/);

    const good = await call(t.app, county, { method: 'POST', url: '/api/plans', payload: {
      kind: 'civil_defence', title: '通州区方案', regionCode: FIXTURE.countyB,
      content: content([{ assigneeKind: 'team', refId: ids.teamB, assignee: '旧名', task: '抢修', phase: '临战' }, { assigneeKind: 'unit', refId: ids.unitB, assignee: '卫健委', task: '救护', phase: '临战' }, { assigneeKind: 'unit', refId: null, assignee: '各街道办事处', task: '组织集结', phase: '临战' }]),
    } });
    expect(good.statusCode, good.body).toBe(201);
    expect(good.json().revisions[0].content.tasks.map((x: { assignee: string }) => x.assignee)).toEqual(['通州区人防抢险抢修专业队', '通州区卫生健康委', '各街道办事处']);
    // A unit id is not a team id: the kind is part of the reference.
    const id = good.json().plan.id;
    const swapped = await call(t.app, county, { method: 'PUT', url: `/api/plans/${id}/revisions/1`, payload: { content: content([{ assigneeKind: 'team', refId: ids.unitB === ids.teamB ? -1 : ids.unitB, assignee: 'x', task: 'y', phase: '' }]) } });
    expect(swapped.statusCode).toBe(400);
  });

  it('checks drill participants and a key target\'s repair team the same way', async () => {
    const drill = (refId: number) => call(t.app, county, { method: 'POST', url: '/api/drills', payload: {
      kind: 'evacuation', title: '通州疏散演练', regionCode: FIXTURE.countyB, scenario: '空袭预警后组织疏散', plannedOn: '2026-09-18',
      participants: [{ kind: 'team', refId, name: 'x', people: 20 }], criteria: [{ name: '集结用时', weight: 1, maxScore: 10 }],
    } });
    const refused = await drill(ids.teamA);
    expect(refused.json()).toMatchObject({ code: 'DRILLS_REF_UNKNOWN', details: [{ field: 'body.participants.0.refId' }] });
    const made = await drill(ids.teamB);
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().drill.participants[0]).toMatchObject({ refId: ids.teamB, name: '通州区人防抢险抢修专业队' });

    const target = (id: number) => call(t.app, county, { method: 'POST', url: '/api/targets', payload: {
      code: `KT-REF-${id}`, name: '通州变电站', category: 'energy', grade: 'city', unitName: '供电公司', regionCode: FIXTURE.countyB, location: [121.05, 32.05],
      repairTeam: { id, name: 'x' },
    } });
    expect((await target(ids.teamA)).json()).toMatchObject({ code: 'TARGETS_TEAM_UNKNOWN', details: [{ field: 'body.repairTeam.id' }] });
    const kt = await target(ids.teamB);
    expect(kt.statusCode, kt.body).toBe(201);
    expect(kt.json().repairTeam).toEqual({ id: ids.teamB, name: '通州区人防抢险抢修专业队' });
    const patched = await call(t.app, county, { method: 'PATCH', url: `/api/targets/${kt.json().id}`, payload: { repairTeam: { id: ids.teamA, name: 'x' } } });
    expect(patched.json().code).toBe('TARGETS_TEAM_UNKNOWN');
  });
});

describe('the migration linking the data written before', () => {
  it('clears dangling ids, links exact unique names of the same city, and leaves the rest as text', async () => {
    const all = listMigrations();
    const at = all.findIndex((m) => m.name.endsWith('_response_refs'));
    const url = process.env.TEST_DATABASE_URL;
    const empty = url ? await createEmptyPgDatabase(url) : null;
    const db = await openDatabase({ databaseUrl: empty?.url ?? null, databaseInMemory: !empty, dataDir: '' });
    try {
      await migrate(db, all.slice(0, at));
      await db.exec(`
        INSERT INTO region (code, name, parent_code, level) VALUES ('320000', '江苏省', NULL, 'province'), ('320600', '南通市', '320000', 'city'),
          ('320612', '通州区', '320600', 'county'), ('320500', '苏州市', '320000', 'city');
        INSERT INTO team (code, name, category, kind, base_unit, region_code, location) VALUES
          ('T1', '抢修队', 'professional', 'repair', 'u', '320612', ST_SetSRID(ST_MakePoint(121, 32), 4326)),
          ('T2', '医疗队', 'professional', 'medical', 'u', '320612', ST_SetSRID(ST_MakePoint(121, 32), 4326)),
          ('T3', '医疗队', 'professional', 'medical', 'u', '320612', ST_SetSRID(ST_MakePoint(121, 32), 4326)),
          ('T4', '苏州运输队', 'professional', 'transport', 'u', '320500', ST_SetSRID(ST_MakePoint(120, 31), 4326));
        INSERT INTO command_hq (level, name, region_code) VALUES ('county', '通州区指挥部', '320612');
        INSERT INTO command_member_unit (hq_id, region_code, name, peacetime_duty, wartime_duty) SELECT id, '320612', '区卫健委', 'p', 'w' FROM command_hq;
        INSERT INTO response_plan (kind, title, region_code) VALUES ('civil_defence', '方案', '320612');
        INSERT INTO response_plan_revision (plan_id, revision, state, content) SELECT id, 1, 'approved', '{"summary":"","triggers":[],"resources":[],"contacts":[],"tasks":[
          {"assigneeKind":"team","refId":null,"assignee":"抢修队","task":"a","phase":""},
          {"assigneeKind":"team","refId":null,"assignee":"医疗队","task":"b","phase":""},
          {"assigneeKind":"team","refId":null,"assignee":"苏州运输队","task":"c","phase":""},
          {"assigneeKind":"team","refId":99999,"assignee":"已撤销的队","task":"d","phase":""},
          {"assigneeKind":"unit","refId":null,"assignee":"区卫健委","task":"e","phase":""},
          {"assigneeKind":"unit","refId":null,"assignee":"抢修队","task":"f","phase":""}]}'::jsonb FROM response_plan;
        INSERT INTO response_drill (kind, title, region_code, scenario, planned_on, participants) VALUES ('evacuation', '演练', '320612', 's', '2026-09-18',
          '[{"kind":"team","refId":null,"name":"抢修队","people":3},{"kind":"unit","refId":4242,"name":"x","people":1}]');
        INSERT INTO key_target (code, name, category, grade, unit_name, region_code, location, repair_team_id, repair_team_name) VALUES
          ('K1', '目标1', 'energy', 'city', 'u', '320612', ST_SetSRID(ST_MakePoint(121, 32), 4326), NULL, '抢修队'),
          ('K2', '目标2', 'energy', 'city', 'u', '320612', ST_SetSRID(ST_MakePoint(121, 32), 4326), 77777, '不存在的队');
      `);
      await migrate(db, all);
      const team = async (code: string) => (await db.query<{ id: number }>('SELECT id FROM team WHERE code = $1', [code])).rows[0]!.id;
      const unit = (await db.query<{ id: number }>('SELECT id FROM command_member_unit')).rows[0]!.id;
      const tasks = (await db.query<{ tasks: Array<{ refId: number | null; assignee: string }> }>(`SELECT content->'tasks' AS tasks FROM response_plan_revision`)).rows[0]!.tasks;
      // 医疗队 names two teams, 苏州运输队 is another city's, 99999 names nothing, and a unit is not a team.
      expect(tasks.map((x) => x.refId)).toEqual([await team('T1'), null, null, null, unit, null]);
      expect(tasks.map((x) => x.assignee)).toEqual(['抢修队', '医疗队', '苏州运输队', '已撤销的队', '区卫健委', '抢修队']);
      const parts = (await db.query<{ p: Array<{ refId: number | null }> }>('SELECT participants AS p FROM response_drill')).rows[0]!.p;
      expect(parts.map((x) => x.refId)).toEqual([await team('T1'), null]);
      const targets = (await db.query<{ code: string; id: number | null; name: string | null }>('SELECT code, repair_team_id AS id, repair_team_name AS name FROM key_target ORDER BY code')).rows;
      expect(targets).toEqual([{ code: 'K1', id: await team('T1'), name: '抢修队' }, { code: 'K2', id: null, name: '不存在的队' }]);
      // The repair team is now a foreign key.
      await expect(db.query(`UPDATE key_target SET repair_team_id = 88888 WHERE code = 'K1'`)).rejects.toThrow();
    } finally {
      await db.close();
      await empty?.drop();
    }
  });
});
