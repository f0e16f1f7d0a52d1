/**
 * The siren registry through HTTP on a real database: CRUD with the phone sealed at rest and masked in lists,
 * state and its history, custom and regional groups, fault tickets from report to repair with overdue state,
 * terminal keys shown once. Every write goes through `call()`, so its audit row is checked too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, testFieldCipher, type Session, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let manager: Session;
beforeAll(async () => {
  t = await createTestApp();
  manager = (await givenSession(t, { roles: ['siren_manager'], regionCode: FIXTURE.city })).session;
});
afterAll(() => t.close());

let seq = 0;
const newSiren = (over: Record<string, unknown> = {}) => ({
  code: `JB-T-${++seq}`, name: `测试警报器 ${seq}`, regionCode: FIXTURE.townA, location: [120.875, 32.005], kind: 'electronic',
  controlChannel: 'mqtt', hostUnit: '和平桥街道办事处', contactName: '张工', contactPhone: '13812345678', installedYear: 2020, ...over,
});
async function created(over: Record<string, unknown> = {}) {
  const res = await call(t.app, manager, { method: 'POST', url: '/api/sirens', payload: newSiren(over) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const lastAudit = async (action: string) =>
  (await t.db.query<{ before: unknown; after: unknown }>('SELECT before, after FROM audit_log WHERE action = $1 ORDER BY seq DESC LIMIT 1', [action])).rows[0]!;

describe('siren registry', () => {
  it('registers a siren: phone sealed with SM4 in the column, in full to its editors, masked in lists and in the audit row', async () => {
    const s = await created();
    expect(s).toMatchObject({ contactPhone: '13812345678', terminalId: s.code, hasTerminalKey: true, status: 'online', version: 1 });
    expect(s.history).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'online' })]);
    const stored = (await t.db.query<{ contact_phone: string; terminal_key: string }>('SELECT contact_phone, terminal_key FROM siren WHERE id = $1', [s.id])).rows[0]!;
    expect(stored.contact_phone).toMatch(/^sm4:v1:/);
    expect(testFieldCipher().decrypt(stored.contact_phone, 'siren.contact_phone')).toBe('13812345678');
    expect(stored.terminal_key).toMatch(/^sm4:v1:/);
    const list = await call(t.app, manager, { method: 'GET', url: `/api/sirens?q=${s.code}` });
    expect(list.json().items).toEqual([expect.objectContaining({ id: s.id, contactPhone: '138****5678' })]);
    const viewer = (await givenSession(t, { roles: ['viewer'] })).session;
    expect((await call(t.app, viewer, { method: 'GET', url: `/api/sirens/${s.id}` })).json().contactPhone).toBe('138****5678');
    const audit = JSON.stringify(await lastAudit('siren.create'));
    expect(audit).toContain('138****5678');
    expect(audit).not.toContain('13812345678');
    expect(audit).not.toContain('sm4:v1');
  });

  it('rates a siren from its kind\'s configured default, naming the source, when the record gives no rating', async () => {
    const s = await created({ kind: 'motor' });
    expect(s.rating).toMatchObject({ powerW: 7500, levelDb: 118, referenceDistanceM: 30, fromDefaults: true });
    expect(s.rating.source).toMatch(/planning default/);
    const own = await created({ ratedPowerW: 2000, ratedLevelDb: 117, referenceDistanceM: 30 });
    expect(own.rating).toEqual({ powerW: 2000, levelDb: 117, referenceDistanceM: 30, fromDefaults: false, source: null });
  });

  it('edits with the version read, refuses a stale version, and gives a new terminal a new key', async () => {
    const s = await created();
    const keyBefore = (await t.db.query<{ k: string }>('SELECT terminal_key AS k FROM siren WHERE id = $1', [s.id])).rows[0]!.k;
    const res = await call(t.app, manager, { method: 'PATCH', url: `/api/sirens/${s.id}`, payload: { version: 1, name: '改名', terminalId: 'T-NEW-1' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: '改名', terminalId: 'T-NEW-1', version: 2 });
    const keyAfter = (await t.db.query<{ k: string }>('SELECT terminal_key AS k FROM siren WHERE id = $1', [s.id])).rows[0]!.k;
    expect(keyAfter).not.toBe(keyBefore);
    const stale = await call(t.app, manager, { method: 'PATCH', url: `/api/sirens/${s.id}`, payload: { version: 1, name: 'x' }, headers: { 'accept-language': 'en' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'SIRENS_VERSION_CONFLICT' });
    expect(stale.json().message).toContain('version');
  });

  it('refuses a duplicate code or terminal id, and a terminal on a manual siren, naming the field', async () => {
    const s = await created();
    const dup = await call(t.app, manager, { method: 'POST', url: '/api/sirens', payload: newSiren({ code: s.code }) });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'SIRENS_CODE_TAKEN' });
    const term = await call(t.app, manager, { method: 'POST', url: '/api/sirens', payload: newSiren({ terminalId: s.terminalId }) });
    expect(term.json()).toMatchObject({ code: 'SIRENS_TERMINAL_TAKEN' });
    const manual = await call(t.app, manager, { method: 'POST', url: '/api/sirens', payload: newSiren({ controlChannel: 'manual', terminalId: 'T-X' }) });
    expect(manual.statusCode).toBe(400);
    expect(manual.json().code).toBe('SIRENS_TERMINAL_NEEDS_MQTT');
  });

  it('keeps a county user to their county: registering elsewhere is 403, reading elsewhere 404', async () => {
    const county = (await givenSession(t, { roles: ['siren_manager'], regionCode: FIXTURE.countyB })).session;
    const res = await call(t.app, county, { method: 'POST', url: '/api/sirens', payload: newSiren({ regionCode: FIXTURE.townA }), headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'SIRENS_REGION_OUT_OF_SCOPE' });
    expect(res.json().message).toContain('regionCode');
    const other = await created();
    expect((await call(t.app, county, { method: 'GET', url: `/api/sirens/${other.id}` })).statusCode).toBe(404);
    expect((await call(t.app, county, { method: 'GET', url: '/api/sirens?pageSize=500' })).json().items.every((s: { regionCode: string }) => s.regionCode.startsWith(FIXTURE.countyB))).toBe(true);
  });

  it('records each change of state with who and why, and refuses setting the state it already has', async () => {
    const s = await created();
    const res = await call(t.app, manager, { method: 'POST', url: `/api/sirens/${s.id}/status`, payload: { status: 'maintenance', reason: '年度保养' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('maintenance');
    expect(res.json().history[0]).toMatchObject({ fromStatus: 'online', toStatus: 'maintenance', reason: '年度保养' });
    const again = await call(t.app, manager, { method: 'POST', url: `/api/sirens/${s.id}/status`, payload: { status: 'maintenance', reason: 'x' } });
    expect(again.json().code).toBe('SIRENS_STATUS_UNCHANGED');
    // `sounding` comes only from commands.
    const sounding = await call(t.app, manager, { method: 'POST', url: `/api/sirens/${s.id}/status`, payload: { status: 'sounding', reason: 'x' } });
    expect(sounding.statusCode).toBe(400);
  });

  it('answers a new terminal key once, keeps only its sealed form, and never writes it to the audit trail', async () => {
    const s = await created();
    const res = await call(t.app, manager, { method: 'POST', url: `/api/sirens/${s.id}/terminal-key` });
    expect(res.statusCode, res.body).toBe(200);
    const { key } = res.json();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const stored = (await t.db.query<{ k: string }>('SELECT terminal_key AS k FROM siren WHERE id = $1', [s.id])).rows[0]!.k;
    expect(testFieldCipher().decrypt(stored, 'siren.terminal_key')).toBe(key);
    expect(JSON.stringify(await lastAudit('siren.terminal_key'))).not.toContain(key);
    const manual = await created({ controlChannel: 'manual' });
    expect((await call(t.app, manager, { method: 'POST', url: `/api/sirens/${manual.id}/terminal-key` })).json().code).toBe('SIRENS_NO_TERMINAL');
  });

  it('deletes a siren never commanded, with its state history', async () => {
    const s = await created();
    const history = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM siren_status_event WHERE siren_id = $1', [s.id])).rows[0]!.n;
    expect(await history()).toBe(1);
    expect((await call(t.app, manager, { method: 'DELETE', url: `/api/sirens/${s.id}` })).statusCode).toBe(204);
    expect((await call(t.app, manager, { method: 'GET', url: `/api/sirens/${s.id}` })).statusCode).toBe(404);
    expect(await history()).toBe(0);
  });
});

describe('siren groups', () => {
  it('groups by region automatically, and keeps custom groups to sirens of their region', async () => {
    const a = await created();
    const groups = await call(t.app, manager, { method: 'GET', url: '/api/siren-groups' });
    expect(groups.json().regions).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: FIXTURE.countyA, level: 'county', name: '崇川区' }),
      expect.objectContaining({ code: FIXTURE.townA, level: 'town' }),
    ]));
    const b = (await t.db.query<{ id: number }>(`SELECT id FROM siren WHERE code = 'JB-B-01'`)).rows[0]!.id;
    const bad = await call(t.app, manager, { method: 'POST', url: '/api/siren-groups', payload: { name: '崇川重点', regionCode: FIXTURE.countyA, sirenIds: [a.id, b] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'SIRENS_GROUP_MEMBER_UNKNOWN' });
    expect(bad.json().message).toContain('sirenIds[1]');
    const ok = await call(t.app, manager, { method: 'POST', url: '/api/siren-groups', payload: { name: '崇川重点', regionCode: FIXTURE.countyA, sirenIds: [a.id] } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ members: 1, sirenIds: [a.id] });
    expect((await call(t.app, manager, { method: 'GET', url: `/api/sirens?groupId=${ok.json().id}` })).json().items.map((s: { id: number }) => s.id)).toEqual([a.id]);
    expect((await call(t.app, manager, { method: 'GET', url: `/api/sirens/${a.id}` })).json().groups).toEqual([{ id: ok.json().id, name: '崇川重点' }]);
    const renamed = await call(t.app, manager, { method: 'PATCH', url: `/api/siren-groups/${ok.json().id}`, payload: { name: '崇川一组', sirenIds: [] } });
    expect(renamed.json()).toMatchObject({ name: '崇川一组', members: 0 });
    expect((await call(t.app, manager, { method: 'DELETE', url: `/api/siren-groups/${ok.json().id}` })).statusCode).toBe(204);
    // The city's own code (320600) holds the sirens of every district: as a group's region and as a list filter.
    const cityGroup = await call(t.app, manager, { method: 'POST', url: '/api/siren-groups', payload: { name: '全市重点', regionCode: FIXTURE.city, sirenIds: [a.id, b] } });
    expect(cityGroup.statusCode, cityGroup.body).toBe(201);
    const everywhere = (await call(t.app, manager, { method: 'GET', url: '/api/sirens?pageSize=1' })).json().total;
    expect((await call(t.app, manager, { method: 'GET', url: `/api/sirens?pageSize=1&regionCode=${FIXTURE.city}` })).json().total).toBe(everywhere);
  });
});

describe('fault tickets', () => {
  it('takes a report to repair: the siren goes to fault, the ticket is overdue past its deadline, repair brings the siren back', async () => {
    const s = await created();
    const duty = (await givenSession(t, { roles: ['duty_officer'] })).session;
    const rep = await call(t.app, duty, { method: 'POST', url: '/api/siren-faults', payload: { sirenId: s.id, category: 'no_sound', description: '试鸣时不响' } });
    expect(rep.statusCode, rep.body).toBe(201);
    const ticket = rep.json();
    expect(ticket).toMatchObject({ state: 'reported', overdue: false, sirenCode: s.code });
    // Default deadline: 7 days.
    expect(Math.round((Date.parse(ticket.deadline) - Date.parse(ticket.reportedAt)) / 86_400_000)).toBe(7);
    const siren = (await call(t.app, duty, { method: 'GET', url: `/api/sirens/${s.id}` })).json();
    expect(siren).toMatchObject({ status: 'fault', openFaults: 1 });
    expect(siren.history[0].reason).toContain(`#${ticket.id}`);

    await t.db.query(`UPDATE siren_fault SET deadline = now() - interval '1 day' WHERE id = $1`, [ticket.id]);
    const overdue = await call(t.app, duty, { method: 'GET', url: '/api/siren-faults?overdue=true&pageSize=500' });
    expect(overdue.json().items).toEqual(expect.arrayContaining([expect.objectContaining({ id: ticket.id, overdue: true })]));

    // The duty officer may report but not move tickets on.
    expect((await call(t.app, duty, { method: 'POST', url: `/api/siren-faults/${ticket.id}/transitions`, payload: { to: 'repairing', version: 1 } })).statusCode).toBe(403);
    const repairing = await call(t.app, manager, { method: 'POST', url: `/api/siren-faults/${ticket.id}/transitions`, payload: { to: 'repairing', version: 1, assignee: '李师傅' } });
    expect(repairing.json()).toMatchObject({ state: 'repairing', assignee: '李师傅', overdue: true });
    const noReason = await call(t.app, manager, { method: 'POST', url: `/api/siren-faults/${ticket.id}/transitions`, payload: { to: 'repaired', version: 2 } });
    expect(noReason.json().code).toBe('SIRENS_FAULT_RESOLUTION_REQUIRED');
    const repaired = await call(t.app, manager, { method: 'POST', url: `/api/siren-faults/${ticket.id}/transitions`, payload: { to: 'repaired', version: 2, resolution: '更换功放板' } });
    expect(repaired.json()).toMatchObject({ state: 'repaired', overdue: false, resolution: '更换功放板' });
    expect(repaired.json().resolvedAt).not.toBeNull();
    expect((await call(t.app, manager, { method: 'GET', url: `/api/sirens/${s.id}` })).json()).toMatchObject({ status: 'online', openFaults: 0 });
    const back = await call(t.app, manager, { method: 'POST', url: `/api/siren-faults/${ticket.id}/transitions`, payload: { to: 'repairing', version: 3 }, headers: { 'accept-language': 'en' } });
    expect(back.statusCode).toBe(422);
    expect(back.json().message).toContain('repaired');
  });

  it('refuses a deadline before the report', async () => {
    const s = await created();
    const res = await call(t.app, manager, { method: 'POST', url: '/api/siren-faults', payload: { sirenId: s.id, category: 'power', description: 'x', deadline: '2020-01-01T00:00:00Z' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('SIRENS_FAULT_DEADLINE_PAST');
  });
});
