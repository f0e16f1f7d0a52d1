/**
 * Command and response through HTTP on a real database: the three-level command with today's duty officers (phones
 * sealed at rest and masked), a roll-call that changes a team's readiness, an incident dispatched to the nearest
 * team with its timeline and a warning draft, and vehicle positions from telemetry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, TEST_VEHICLE_MASTER_KEY, call, createTestApp, givenCommandServices, givenSession, ok, type Session, type TestContext } from '../../test/harness.ts';
import { signPosition, vehicleBrokerPassword, vehicleKey, type PositionBody } from '../../lib/vehicle-protocol.ts';
import { shanghaiDate } from '../../lib/time.ts';

let t: TestContext;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await givenSession(t, { roles: ['city_admin'], regionCode: FIXTURE.city })).session;
});
afterAll(() => t.close());


describe('the three-level command', () => {
  it('shows a leader the city, county and town commands, linked, with today\'s duty officers and masked phones', async () => {
    const city = ok(await call(t.app, admin, { method: 'POST', url: '/api/command/hqs', payload: { level: 'city', name: '南通市人民防空指挥部', regionCode: FIXTURE.city } }), 201);
    const county = ok(await call(t.app, admin, { method: 'POST', url: '/api/command/hqs', payload: { level: 'county', name: '通州区人民防空指挥部', regionCode: FIXTURE.countyB } }), 201);
    const town = ok(await call(t.app, admin, { method: 'POST', url: '/api/command/hqs', payload: { level: 'town', name: '金沙街道人防指挥部', regionCode: FIXTURE.townB } }), 201);
    expect(county.parentId).toBe(city.id);
    expect(town.parentId).toBe(county.id);

    const today = shanghaiDate(new Date());
    const yesterday = shanghaiDate(new Date(Date.now() - 86_400_000));
    for (const [hq, name] of [[city, '张指挥'], [county, '李值班'], [town, '王值班']] as const) {
      const withPerson = ok(await call(t.app, admin, { method: 'POST', url: `/api/command/hqs/${hq.id}/persons`, payload: { name, role: 'duty', mobilePhone: '13800001234' } }), 201);
      const personId = withPerson.persons.find((p: { name: string }) => p.name === name).id;
      // Yesterday's night shift too: from 00:00 to 08:00 Shanghai time it is the one on duty now.
      for (const [date, shift] of [[yesterday, 'night'], [today, 'day'], [today, 'night']]) {
        ok(await call(t.app, admin, { method: 'PUT', url: `/api/command/hqs/${hq.id}/duty`, payload: { date, shift, personId } }));
      }
    }
    ok(await call(t.app, admin, { method: 'POST', url: `/api/command/hqs/${city.id}/persons`, payload: { name: '陈市长', role: 'commander', title: '副市长' } }), 201);
    ok(await call(t.app, admin, { method: 'POST', url: `/api/command/hqs/${city.id}/member-units`, payload: {
      name: '市公安局', peacetimeDuty: '维护治安', wartimeDuty: '组织防空袭治安保卫', contactName: '赵科长', contactPhone: '13900005678',
    } }), 201);

    const { session: leader } = await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.city });
    const list = ok(await call(t.app, leader, { method: 'GET', url: '/api/command/hqs' }));
    const mine = list.items.filter((h: { id: number }) => [city.id, county.id, town.id].includes(h.id));
    expect(mine.map((h: { level: string }) => h.level)).toEqual(['city', 'county', 'town']);
    expect(mine[0].commander).toEqual({ name: '陈市长', title: '副市长' });
    for (const h of mine) {
      expect(h.today.filter((d: { date: string }) => d.date === today).map((d: { shift: string }) => d.shift)).toEqual(['day', 'night']);
      expect(h.today.filter((d: { onDutyNow: boolean }) => d.onDutyNow)).toHaveLength(1);
      expect(h.today[0].mobilePhone).toBe('138****1234');
    }
    // A viewer sees the member unit's phone masked; an administrator in full; the database holds neither.
    expect(ok(await call(t.app, leader, { method: 'GET', url: `/api/command/hqs/${city.id}` })).memberUnits[0].contactPhone).toBe('139****5678');
    expect(ok(await call(t.app, admin, { method: 'GET', url: `/api/command/hqs/${city.id}` })).memberUnits[0].contactPhone).toBe('13900005678');
    const stored = await t.db.query<{ p: string }>(`SELECT mobile_phone AS p FROM command_person WHERE hq_id = $1 AND mobile_phone IS NOT NULL`, [city.id]);
    expect(stored.rows[0]!.p).toMatch(/^sm4:v1:/);

    // A county user sees its own county and town only.
    const { session: countyUser } = await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.countyB });
    const seen = ok(await call(t.app, countyUser, { method: 'GET', url: '/api/command/hqs' })).items.map((h: { id: number }) => h.id);
    expect(seen).toContain(county.id);
    expect(seen).not.toContain(city.id);
    expect((await call(t.app, countyUser, { method: 'GET', url: `/api/command/hqs/${city.id}` })).statusCode).toBe(404);
  });

  it('refuses a level that does not match the region, and a duty officer of another command, naming the field', async () => {
    const res = await call(t.app, admin, { method: 'POST', url: '/api/command/hqs', payload: { level: 'town', name: 'x', regionCode: FIXTURE.countyA }, headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'COMMAND_HQ_LEVEL_MISMATCH' });
    expect(res.json().message).toContain('level');
    const a = ok(await call(t.app, admin, { method: 'POST', url: '/api/command/hqs', payload: { level: 'county', name: '崇川区人防指挥部', regionCode: FIXTURE.countyA } }), 201);
    const dup = await call(t.app, admin, { method: 'PUT', url: `/api/command/hqs/${a.id}/duty`, payload: { date: '2026-10-01', shift: 'day', personId: 999999 } });
    expect(dup.json()).toMatchObject({ code: 'COMMAND_PERSON_NOT_FOUND' });
  });

  it('links a command post only to a 指挥工程 of the works registry', async () => {
    const hq = ok(await call(t.app, admin, { method: 'GET', url: '/api/command/hqs' })).items.find((h: { regionCode: string }) => h.regionCode === FIXTURE.countyA);
    const personnel = (await t.db.query<{ id: number }>(`SELECT id FROM work WHERE code = 'RF-A-001'`)).rows[0]!.id;
    const refused = await call(t.app, admin, { method: 'POST', url: `/api/command/hqs/${hq.id}/posts`, payload: { kind: 'basic', name: '基本指挥所', workId: personnel } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('COMMAND_WORK_NOT_COMMAND');
    await t.db.query(`UPDATE work SET work_class = 'command', subtype = 'basic_command_post' WHERE id = $1`, [personnel]);
    const linked = ok(await call(t.app, admin, { method: 'POST', url: `/api/command/hqs/${hq.id}/posts`, payload: { kind: 'basic', name: '基本指挥所', workId: personnel } }), 201);
    expect(linked.posts[0]).toMatchObject({ kind: 'basic', workCode: 'RF-A-001' });
    await t.db.query(`UPDATE work SET work_class = 'personnel', subtype = 'class2' WHERE id = $1`, [personnel]);
  });
});

const team = (code: string, location: [number, number], extra: Record<string, unknown> = {}) => ({
  code, name: `${code} 抢险抢修队`, category: 'professional', kind: 'repair', baseUnit: '市政公司', regionCode: FIXTURE.countyB, location,
  members: [{ name: '甲', role: '队长', phone: '13700001111', qualification: '救援员', qualificationExpires: '2020-01-01' }, { name: '乙', role: '队员' }],
  equipment: [{ kind: '破拆', name: '液压破拆工具', count: 4, maintenanceDue: '2099-01-01' }],
  ...extra,
});

describe('roll-call and readiness', () => {
  it('a roll-call recorded on a phone changes the team\'s readiness, once', async () => {
    const created = ok(await call(t.app, admin, { method: 'POST', url: '/api/teams', payload: team('ZY-T-01', [120.9, 32.0]) }), 201);
    expect(created.readiness).toEqual({ peoplePct: null, equipmentPct: null, overallPct: null });
    expect(created.qualificationsFlagged).toBe(1);
    expect(created.memberList.find((m: { name: string }) => m.name === '甲').qualificationFlag).toBe('expired');

    const { session: phone } = await givenSession(t, { roles: ['inspector'], regionCode: FIXTURE.countyB });
    const scheduled = ok(await call(t.app, phone, { method: 'POST', url: `/api/teams/${created.id}/rollcalls`, payload: { scheduledFor: '2026-09-18' } }), 201);
    const rc = scheduled.rollcalls[0];
    const [m1, m2] = created.memberList;
    const item = created.equipmentList[0];
    const incomplete = await call(t.app, phone, { method: 'POST', url: `/api/rollcalls/${rc.id}/record`, payload: { members: [{ memberId: m1.id, present: true }], equipment: [] } });
    expect(incomplete.json()).toMatchObject({ code: 'TEAMS_ROLLCALL_INCOMPLETE' });
    const recorded = ok(await call(t.app, phone, { method: 'POST', url: `/api/rollcalls/${rc.id}/record`, payload: {
      members: [{ memberId: m1.id, present: true }, { memberId: m2.id, present: false }], equipment: [{ equipmentId: item.id, counted: 4, working: 3 }],
    } }));
    expect(recorded.readiness).toEqual({ peoplePct: 50, equipmentPct: 75, overallPct: 50 });
    expect(recorded.lastRollcallAt).not.toBeNull();
    const again = await call(t.app, phone, { method: 'POST', url: `/api/rollcalls/${rc.id}/record`, payload: {
      members: [{ memberId: m1.id, present: true }, { memberId: m2.id, present: true }], equipment: [{ equipmentId: item.id, counted: 4, working: 4 }],
    } });
    expect(again.statusCode).toBe(409);

    const view = ok(await call(t.app, admin, { method: 'GET', url: '/api/teams/readiness' }));
    expect(view.regions.find((r: { regionCode: string }) => r.regionCode === FIXTURE.countyB)).toMatchObject({ checked: 1, peoplePct: 50, equipmentPct: 75 });
  });
});

describe('emergency dispatch', () => {
  it('dispatches an incident to the nearest team, moves the task on and drafts a warning', async () => {
    const near = ok(await call(t.app, admin, { method: 'POST', url: '/api/teams', payload: team('ZY-N-01', [121.05, 32.05]) }), 201);
    const far = ok(await call(t.app, admin, { method: 'POST', url: '/api/teams', payload: team('ZY-F-01', [121.1, 32.2]) }), 201);
    const incident = ok(await call(t.app, admin, { method: 'POST', url: '/api/incidents', payload: {
      kind: 'gas_leak', title: '燃气管道泄漏', regionCode: FIXTURE.countyB, location: [121.051, 32.051],
    } }), 201);
    const cand = ok(await call(t.app, admin, { method: 'GET', url: `/api/incidents/${incident.id}/candidates` }));
    const ids = cand.teams.map((c: { team: { id: number } }) => c.team.id);
    expect(ids[0]).toBe(near.id);
    expect(ids.indexOf(far.id)).toBeGreaterThan(0);
    expect(cand.teams[0].etaMin).toBeLessThan(cand.teams[ids.indexOf(far.id)].etaMin);
    expect(cand.detourFactor).toBeGreaterThanOrEqual(1);

    const dispatched = ok(await call(t.app, admin, { method: 'POST', url: `/api/incidents/${incident.id}/tasks`, payload: { teamId: ids[0] } }), 201);
    const task = dispatched.tasks[0];
    expect(task).toMatchObject({ teamId: near.id, state: 'dispatched' });
    expect((await call(t.app, admin, { method: 'POST', url: `/api/incidents/${incident.id}/tasks`, payload: { teamId: near.id } })).json().code).toBe('DISPATCH_TEAM_BUSY');
    let version = task.version;
    for (const to of ['en_route', 'on_site', 'done']) {
      const d = ok(await call(t.app, admin, { method: 'POST', url: `/api/dispatch-tasks/${task.id}/state`, payload: { to, version } }));
      version = d.tasks[0].version;
      expect(d.tasks[0].state).toBe(to);
    }
    const illegal = await call(t.app, admin, { method: 'POST', url: `/api/dispatch-tasks/${task.id}/state`, payload: { to: 'en_route', version } });
    expect(illegal.json()).toMatchObject({ code: 'DISPATCH_ILLEGAL_TRANSITION' });

    const warned = ok(await call(t.app, admin, { method: 'POST', url: `/api/incidents/${incident.id}/warning-draft`, payload: {} }), 201);
    expect(warned.alertId).toBeGreaterThan(0);
    const alert = ok(await call(t.app, admin, { method: 'GET', url: `/api/alerts/${warned.alertId}` }));
    expect(alert).toMatchObject({ state: 'awaiting_confirmation', area: { regionCodes: [FIXTURE.countyB] } });
    expect(warned.timeline.map((e: { kind: string }) => e.kind)).toEqual(['reported', 'dispatched', 'state', 'state', 'state', 'warning_drafted']);
  });

  it('refuses dispatch to a team outside the caller\'s jurisdiction as unknown', async () => {
    const other = ok(await call(t.app, admin, { method: 'POST', url: '/api/teams', payload: { ...team('ZY-A-01', [120.87, 32.0]), regionCode: FIXTURE.countyA } }), 201);
    const { session: duty } = await givenSession(t, { roles: ['duty_officer'], regionCode: FIXTURE.countyB });
    const incident = ok(await call(t.app, duty, { method: 'POST', url: '/api/incidents', payload: { kind: 'fire', title: '仓库火灾', regionCode: FIXTURE.countyB, location: [121.05, 32.05] } }), 201);
    const res = await call(t.app, duty, { method: 'POST', url: `/api/incidents/${incident.id}/tasks`, payload: { teamId: other.id } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('DISPATCH_TEAM_UNKNOWN');
  });
});

describe('incident in region', () => {
  it('refuses an incident placed outside the region it is filed under, naming the field', async () => {
    // 120.87, 32.0 lies in 崇川's outline, not 通州's.
    const res = await call(t.app, admin, { method: 'POST', url: '/api/incidents', payload: { kind: 'fire', title: '错放的事件', regionCode: FIXTURE.countyB, location: [120.87, 32.0] } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'DISPATCH_POINT_OUTSIDE_REGION' });
    expect(res.json().message).toContain('location');
  });

  it('refuses dispatch to an incident whose point lies outside the dispatcher\'s jurisdiction', async () => {
    const own = ok(await call(t.app, admin, { method: 'POST', url: '/api/teams', payload: team('ZY-J-01', [121.06, 32.06]) }), 201);
    const { session: duty } = await givenSession(t, { roles: ['duty_officer'], regionCode: FIXTURE.countyB });
    const incident = ok(await call(t.app, duty, { method: 'POST', url: '/api/incidents', payload: { kind: 'fire', title: '边界火灾', regionCode: FIXTURE.countyB, location: [121.06, 32.06] } }), 201);
    // An incident filed before the report checked its point: filed under 通州 but standing in 崇川.
    await t.db.query('UPDATE incident SET location = ST_SetSRID(ST_MakePoint(120.87, 32.0), 4326) WHERE id = $1', [incident.id]);
    const res = await call(t.app, duty, { method: 'POST', url: `/api/incidents/${incident.id}/tasks`, payload: { teamId: own.id } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'DISPATCH_POINT_OUTSIDE_JURISDICTION' });
    const audited = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'dispatch_task.create' AND after->>'incidentId' = $1`, [String(incident.id)]);
    expect(audited.rows[0]!.n).toBe(0);
  });
});

describe('vehicle telemetry', () => {
  it('keeps the newest signed position of a registered vehicle, shows it live on the map, and drops the rest by reason', async () => {
    await t.db.query(`INSERT INTO command_vehicle (code, name, region_code, crew, home) VALUES ('JD-01', '机动指挥车1号', $1, 4, ST_SetSRID(ST_MakePoint(120.86, 32.01), 4326))`, [FIXTURE.countyB]);
    const services = () => givenCommandServices(t.db);
    const { telemetry, vehicles } = services();
    const key = vehicleKey(TEST_VEHICLE_MASTER_KEY, 'JD-01');
    expect(vehicles.keyOf('JD-01')).toBe(key);
    const report = (b: Partial<PositionBody>, k = key) => JSON.stringify(signPosition(k, { v: 1, vehicle: 'JD-01', lng: 120.9, lat: 32.02, at: new Date().toISOString(), speedKmh: 35, ...b }));
    const latest = report({});
    expect(await telemetry.apply('JD-01', latest)).toBe('stored');
    expect(await telemetry.apply('JD-01', latest)).toBe('replayed');
    expect(await telemetry.apply('JD-01', report({ lng: 120.8, at: new Date(Date.now() - 60_000).toISOString() }))).toBe('replayed');
    expect(await telemetry.apply('JD-01', report({ lng: 120.8, at: new Date(Date.now() - 600_000).toISOString() }))).toBe('too_old');
    expect(await telemetry.apply('JD-01', JSON.stringify({ lng: 120.8, lat: 32.0, at: new Date().toISOString() }))).toBe('unsigned');
    expect(await telemetry.apply('JD-01', report({ lng: 120.8 }, vehicleKey('00'.repeat(32), 'JD-01')))).toBe('forged');
    expect(await telemetry.apply('JD-99', report({ vehicle: 'JD-99' }, vehicleKey(TEST_VEHICLE_MASTER_KEY, 'JD-99')))).toBe('unknown_vehicle');
    expect(telemetry.counts()).toMatchObject({ stored: 1, replayed: 2, too_old: 1, unsigned: 1, forged: 1, unknown_vehicle: 1, malformed: 0 });

    // After a restart (a fresh telemetry), the stored fix still refuses the last report replayed.
    expect(await services().telemetry.apply('JD-01', latest)).toBe('replayed');
    const map = ok(await call(t.app, admin, { method: 'GET', url: '/api/map/command-vehicles' }));
    const v = map.features.find((f: { properties: { code: string } }) => f.properties.code === 'JD-01');
    expect(v.geometry.coordinates).toEqual([120.9, 32.02]);
    expect(v.properties).toMatchObject({ live: true, speedKmh: 35 });
  });

  it('hands out a registered vehicle\'s key and broker accounts, audited without the secret', async () => {
    const { vehicles } = givenCommandServices(t.db);
    const issued = await vehicles.issueKey('cli:test', 'JD-01');
    expect(issued).toEqual({ code: 'JD-01', username: 'vehicle@JD-01', key: vehicleKey(TEST_VEHICLE_MASTER_KEY, 'JD-01'), password: vehicleBrokerPassword(issued.key, 'JD-01') });
    const last = async () => (await t.db.query<{ action: string; actor: string; after: unknown }>(`SELECT action, actor, after FROM audit_log ORDER BY seq DESC LIMIT 1`)).rows[0]!;
    expect(await last()).toEqual({ action: 'command_vehicle.key_issued', actor: 'cli:test', after: { code: 'JD-01' } });
    await expect(vehicles.issueKey('cli:test', 'JD-404')).rejects.toMatchObject({ code: 'COMMAND_VEHICLE_NOT_FOUND', status: 404 });
    await expect(vehicles.issueKey('cli:test', 'a/+')).rejects.toMatchObject({ code: 'COMMAND_VEHICLE_NOT_FOUND' });
    const accounts = await vehicles.brokerAccounts('cli:test');
    expect(accounts.find((a) => a.code === 'JD-01')).toEqual({ code: 'JD-01', username: 'vehicle@JD-01', password: issued.password });
    const audited = await last();
    expect(audited).toMatchObject({ action: 'command_vehicle.broker_accounts', after: { vehicles: accounts.length } });
    expect(JSON.stringify(audited)).not.toContain(issued.password);
    expect(await vehicles.brokerAuthority.verifyVehicle('JD-01', issued.password)).toBe(true);
    expect(await vehicles.brokerAuthority.verifyVehicle('JD-01', issued.password.replace(/.$/, (c) => (c === '0' ? '1' : '0')))).toBe(false);
    expect(await vehicles.brokerAuthority.verifyVehicle('JD-404', vehicleBrokerPassword(vehicleKey(TEST_VEHICLE_MASTER_KEY, 'JD-404'), 'JD-404'))).toBe(false);
  });
});

describe('teams XLSX', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

  it('exports the teams and imports them back as new teams, all or nothing', async () => {
    const exported = await call(t.app, admin, { method: 'GET', url: '/api/teams/export.xlsx' });
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['content-type']).toBe(XLSX);
    const file = exported.rawPayload;
    // The same file again: every code is taken, so nothing is imported and each is named.
    const again = await call(t.app, admin, { method: 'POST', url: '/api/teams/import', payload: file, headers: { 'content-type': XLSX } });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('TEAMS_IMPORT_INVALID');
    expect(again.json().details.length).toBeGreaterThan(0);
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM team')).rows[0]!.n;

    // Rename every code (a file edited for another district) and it goes in, members and equipment with it.
    const { loadWorkbook, renamed } = await import('./test-xlsx.ts');
    const wb = await loadWorkbook(file);
    const imported = await call(t.app, admin, { method: 'POST', url: '/api/teams/import', payload: await renamed(wb, 'X'), headers: { 'content-type': XLSX } });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json().teams).toBe(before);
    const copy = ok(await call(t.app, admin, { method: 'GET', url: '/api/teams' })).items.find((x: { code: string }) => x.code === 'XZY-T-01');
    const original = ok(await call(t.app, admin, { method: 'GET', url: '/api/teams' })).items.find((x: { code: string }) => x.code === 'ZY-T-01');
    expect(copy).toMatchObject({ members: original.members, equipmentCount: original.equipmentCount, leaderPhone: original.leaderPhone });
  });

  it('refuses a file that is not a workbook, naming the file', async () => {
    const res = await call(t.app, admin, { method: 'POST', url: '/api/teams/import', payload: Buffer.from('not a zip'), headers: { 'content-type': XLSX } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('TEAMS_IMPORT_UNREADABLE');
  });
});
