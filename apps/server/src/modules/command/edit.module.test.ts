/**
 * Editing what the forms add, through HTTP on a real database: people and member units of a 指挥部, team members
 * and equipment. Only the fields sent change, a phone left out stays sealed as it was, a stale version is refused,
 * a record that history points at (a duty roster, a recorded roll-call) is not deleted, and every write is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, ok, type Session, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await givenSession(t, { roles: ['city_admin'], regionCode: FIXTURE.city })).session;
});
afterAll(() => t.close());

const auditOf = async (action: string) =>
  (await t.db.query<{ before: Record<string, unknown>; after: Record<string, unknown> | null }>('SELECT before, after FROM audit_log WHERE action = $1 ORDER BY seq DESC LIMIT 1', [action])).rows[0];

describe('editing a 指挥部\'s people and member units', () => {
  it('changes only the fields sent, keeps a phone left out sealed, refuses a stale version and audits with masked phones', async () => {
    const hq = ok(await call(t.app, admin, { method: 'POST', url: '/api/command/hqs', payload: { level: 'county', name: '通州区人防指挥部', regionCode: FIXTURE.countyB } }), 201);
    const withPerson = ok(await call(t.app, admin, { method: 'POST', url: `/api/command/hqs/${hq.id}/persons`, payload: { name: '李四', role: 'member', title: '科长', mobilePhone: '13800001234' } }), 201);
    const person = withPerson.persons[0];
    expect(person.version).toBe(1);

    const edited = ok(await call(t.app, admin, { method: 'PATCH', url: `/api/command/persons/${person.id}`, payload: { version: 1, role: 'deputy', title: '副指挥长' } }));
    const after = edited.persons.find((p: { id: number }) => p.id === person.id);
    expect(after).toMatchObject({ role: 'deputy', title: '副指挥长', name: '李四', mobilePhone: '13800001234', version: 2 });
    const stored = (await t.db.query<{ p: string }>('SELECT mobile_phone AS p FROM command_person WHERE id = $1', [person.id])).rows[0]!.p;
    expect(stored).toMatch(/^sm4:v1:/);
    expect(await auditOf('command_hq.person_update')).toMatchObject({ before: { role: 'member', title: '科长' }, after: { role: 'deputy', title: '副指挥长' } });

    // A new phone is sealed and only its mask reaches the audit trail; a masked value is not a phone.
    ok(await call(t.app, admin, { method: 'PATCH', url: `/api/command/persons/${person.id}`, payload: { version: 2, mobilePhone: '13900005678' } }));
    expect(await auditOf('command_hq.person_update')).toMatchObject({ before: { mobilePhone: '138****1234' }, after: { mobilePhone: '139****5678' } });
    const masked = await call(t.app, admin, { method: 'PATCH', url: `/api/command/persons/${person.id}`, payload: { version: 3, mobilePhone: '139****5678' }, headers: { 'accept-language': 'en' } });
    expect(masked.statusCode).toBe(400);
    expect(masked.json().message).toContain('mobilePhone');

    const stale = await call(t.app, admin, { method: 'PATCH', url: `/api/command/persons/${person.id}`, payload: { version: 1, name: '王五' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'COMMAND_VERSION_CONFLICT' });
    expect(stale.json().message).toContain('version');

    // A person on the roster stays; off it, the person goes.
    ok(await call(t.app, admin, { method: 'PUT', url: `/api/command/hqs/${hq.id}/duty`, payload: { date: '2026-10-01', shift: 'day', personId: person.id } }));
    const refused = await call(t.app, admin, { method: 'DELETE', url: `/api/command/persons/${person.id}?version=3` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'COMMAND_PERSON_ON_ROSTER' });
    const other = ok(await call(t.app, admin, { method: 'POST', url: `/api/command/hqs/${hq.id}/persons`, payload: { name: '赵六', role: 'duty' } }), 201)
      .persons.find((p: { name: string }) => p.name === '赵六');
    const gone = ok(await call(t.app, admin, { method: 'DELETE', url: `/api/command/persons/${other.id}?version=${other.version}` }));
    expect(gone.persons.map((p: { id: number }) => p.id)).not.toContain(other.id);
    expect(await auditOf('command_hq.person_delete')).toMatchObject({ before: { name: '赵六' } });
  });

  it('edits a member unit\'s duties and leaves its contact phone alone', async () => {
    const hq = ok(await call(t.app, admin, { method: 'POST', url: '/api/command/hqs', payload: { level: 'county', name: '崇川区人防指挥部', regionCode: FIXTURE.countyA } }), 201);
    const unit = ok(await call(t.app, admin, { method: 'POST', url: `/api/command/hqs/${hq.id}/member-units`, payload: {
      name: '区卫健委', peacetimeDuty: '医疗救护准备', wartimeDuty: '组织医疗救护', contactPhone: '13900005678',
    } }), 201).memberUnits[0];
    const edited = ok(await call(t.app, admin, { method: 'PATCH', url: `/api/command/member-units/${unit.id}`, payload: { version: 1, wartimeDuty: '组织战时医疗救护和防疫' } }));
    expect(edited.memberUnits[0]).toMatchObject({ wartimeDuty: '组织战时医疗救护和防疫', peacetimeDuty: '医疗救护准备', contactPhone: '13900005678', version: 2 });
    // The same form sent again changes nothing: the version stays, and the audit row says nothing changed.
    expect(ok(await call(t.app, admin, { method: 'PATCH', url: `/api/command/member-units/${unit.id}`, payload: { version: 2, wartimeDuty: '组织战时医疗救护和防疫' } })).memberUnits[0].version).toBe(2);
    expect(await auditOf('command_hq.member_unit_update')).toMatchObject({ after: {} });
    const empty = await call(t.app, admin, { method: 'PATCH', url: `/api/command/member-units/${unit.id}`, payload: { version: 2, peacetimeDuty: '' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toContain('peacetimeDuty');

    // A county user of 通州 cannot reach 崇川's unit.
    const { session: tz } = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyB });
    expect((await call(t.app, tz, { method: 'PATCH', url: `/api/command/member-units/${unit.id}`, payload: { version: 2, name: 'x' } })).statusCode).toBe(404);
  });
});

describe('editing a team', () => {
  it('changes only the fields sent, keeps the leader phone sealed when left out, checks the kind against the category, refuses a stale version, audits', async () => {
    const team = ok(await call(t.app, admin, { method: 'POST', url: '/api/teams', payload: {
      code: 'ED-T', name: '通州区医疗救护队', category: 'professional', kind: 'medical', baseUnit: '区人民医院', regionCode: FIXTURE.countyB, location: [120.9, 32.0],
      leaderName: '张队长', leaderPhone: '13900002222',
    } }), 201);
    expect(team.version).toBe(1);
    const edited = ok(await call(t.app, admin, { method: 'PATCH', url: `/api/teams/${team.id}`, payload: { version: 1, baseUnit: '区第二人民医院', location: [120.95, 32.02], leaderName: '李队长' } }));
    expect(edited).toMatchObject({ code: 'ED-T', name: '通州区医疗救护队', baseUnit: '区第二人民医院', location: [120.95, 32.02], leaderName: '李队长', leaderPhone: '13900002222', version: 2 });
    const audit = await auditOf('team.update');
    expect(audit).toMatchObject({ before: { baseUnit: '区人民医院', leaderName: '张队长', location: [120.9, 32.0] }, after: { baseUnit: '区第二人民医院', leaderName: '李队长', location: [120.95, 32.02] } });
    expect(audit!.after).not.toHaveProperty('leaderPhone');
    // The phone is sealed at rest, and masked in the audit when it changes.
    expect((await t.db.query<{ p: string }>('SELECT leader_phone AS p FROM team WHERE id = $1', [team.id])).rows[0]!.p).not.toContain('13900002222');
    ok(await call(t.app, admin, { method: 'PATCH', url: `/api/teams/${team.id}`, payload: { version: 2, leaderPhone: '13900003333' } }));
    expect(JSON.stringify(await auditOf('team.update'))).not.toContain('13900003333');

    const stale = await call(t.app, admin, { method: 'PATCH', url: `/api/teams/${team.id}`, payload: { version: 1, name: '旧表单' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('COMMAND_VERSION_CONFLICT');
    // A professional team cannot become a volunteer one without its kind changing too.
    const kind = await call(t.app, admin, { method: 'PATCH', url: `/api/teams/${team.id}`, payload: { version: 3, category: 'volunteer' }, headers: { 'accept-language': 'en' } });
    expect(kind.statusCode).toBe(400);
    expect(kind.json()).toMatchObject({ code: 'TEAMS_KIND_CATEGORY' });
    expect(kind.json().message).toContain('kind');
    const both = ok(await call(t.app, admin, { method: 'PATCH', url: `/api/teams/${team.id}`, payload: { version: 3, category: 'volunteer', kind: 'volunteer' } }));
    expect(both).toMatchObject({ category: 'volunteer', kind: 'volunteer', version: 4 });
    // A code or region cannot be sent (the schema refuses them).
    expect((await call(t.app, admin, { method: 'PATCH', url: `/api/teams/${team.id}`, payload: { version: 4, regionCode: FIXTURE.countyA } })).statusCode).toBe(400);

    const { session: cc } = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyA });
    expect((await call(t.app, cc, { method: 'PATCH', url: `/api/teams/${team.id}`, payload: { version: 4, name: 'x' } })).statusCode).toBe(404);
    const { session: viewer } = await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.city });
    expect((await call(t.app, viewer, { method: 'PATCH', url: `/api/teams/${team.id}`, payload: { version: 4, name: 'x' } })).statusCode).toBe(403);
  });
});

describe('editing team members and equipment', () => {
  it('edits role, qualification and expiry, and equipment upkeep; refuses to delete what a roll-call recorded', async () => {
    const team = ok(await call(t.app, admin, { method: 'POST', url: '/api/teams', payload: {
      code: 'ED-1', name: '编辑测试队', category: 'professional', kind: 'repair', baseUnit: '市政公司', regionCode: FIXTURE.countyB, location: [120.9, 32.0],
      members: [{ name: '甲', role: '队员', phone: '13700001111', qualification: '救援员', qualificationExpires: '2020-01-01' }, { name: '乙', role: '队员' }],
      equipment: [{ kind: '破拆', name: '液压破拆工具', count: 4 }, { kind: '照明', name: '移动照明灯', count: 2 }],
    } }), 201);
    const jia = team.memberList.find((m: { name: string }) => m.name === '甲');
    expect(jia.qualificationFlag).toBe('expired');
    const edited = ok(await call(t.app, admin, { method: 'PATCH', url: `/api/team-members/${jia.id}`, payload: { version: 1, role: '副队长', qualificationExpires: '2099-12-31' } }));
    expect(edited.memberList.find((m: { id: number }) => m.id === jia.id)).toMatchObject({ role: '副队长', qualificationExpires: '2099-12-31', qualificationFlag: 'ok', phone: '13700001111', version: 2 });
    expect(edited.qualificationsFlagged).toBe(0);

    const [cutter, lamp] = [...team.equipmentList].sort((a: { kind: string }, b: { kind: string }) => (a.kind === '破拆' ? -1 : b.kind === '破拆' ? 1 : 0));
    const upkept = ok(await call(t.app, admin, { method: 'PATCH', url: `/api/team-equipment/${cutter.id}`, payload: { version: 1, state: 'maintenance', count: 3, maintenanceDue: '2020-01-01' } }));
    expect(upkept.equipmentList.find((e: { id: number }) => e.id === cutter.id)).toMatchObject({ state: 'maintenance', count: 3, maintenanceFlag: 'expired', version: 2 });
    expect(await auditOf('team.equipment_update')).toMatchObject({ before: { state: 'ready', count: 4 }, after: { state: 'maintenance', count: 3 } });

    // A roll-call records 甲 and the cutter: neither can be deleted after that; the lamp, unrecorded since added later, can.
    const rc = ok(await call(t.app, admin, { method: 'POST', url: `/api/teams/${team.id}/rollcalls`, payload: { scheduledFor: '2026-09-18' } }), 201).rollcalls[0];
    const yi = team.memberList.find((m: { name: string }) => m.name === '乙');
    ok(await call(t.app, admin, { method: 'POST', url: `/api/rollcalls/${rc.id}/record`, payload: {
      members: [{ memberId: jia.id, present: true }, { memberId: yi.id, present: true }],
      equipment: [{ equipmentId: cutter.id, counted: 3, working: 3 }, { equipmentId: lamp.id, counted: 2, working: 2 }],
    } }));
    const refused = await call(t.app, admin, { method: 'DELETE', url: `/api/team-members/${jia.id}?version=2`, headers: { 'accept-language': 'en' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'TEAMS_IN_ROLLCALL' });
    expect(refused.json().message).toContain('roll-call');
    expect((await call(t.app, admin, { method: 'DELETE', url: `/api/team-equipment/${cutter.id}?version=2` })).statusCode).toBe(409);
    const added = ok(await call(t.app, admin, { method: 'POST', url: `/api/teams/${team.id}/equipment`, payload: [{ kind: '通信', name: '对讲机', count: 6 }] }), 201)
      .equipmentList.find((e: { name: string }) => e.name === '对讲机');
    const stale = await call(t.app, admin, { method: 'DELETE', url: `/api/team-equipment/${added.id}?version=7` });
    expect(stale.json()).toMatchObject({ code: 'COMMAND_VERSION_CONFLICT' });
    const after = ok(await call(t.app, admin, { method: 'DELETE', url: `/api/team-equipment/${added.id}?version=1` }));
    expect(after.equipmentList.map((e: { id: number }) => e.id)).not.toContain(added.id);
    expect(await auditOf('team.equipment_delete')).toMatchObject({ before: { name: '对讲机', count: 6 } });
  });

  it('answers 404 for a member of another jurisdiction and 403 without the write permission', async () => {
    const { session: cc } = await givenSession(t, { roles: ['county_admin'], regionCode: FIXTURE.countyA });
    const member = (await t.db.query<{ id: number }>(`SELECT m.id FROM team_member m JOIN team t ON t.id = m.team_id WHERE t.code = 'ED-1' LIMIT 1`)).rows[0]!.id;
    expect((await call(t.app, cc, { method: 'PATCH', url: `/api/team-members/${member}`, payload: { version: 1, role: 'x' } })).statusCode).toBe(404);
    const { session: viewer } = await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.city });
    expect((await call(t.app, viewer, { method: 'PATCH', url: `/api/team-members/${member}`, payload: { version: 1, role: 'x' } })).statusCode).toBe(403);
  });
});
