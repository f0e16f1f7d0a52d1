/**
 * The regulation module through HTTP on a real database: the enterprise and officer registers, and a 双随机 task
 * from creation to publication, re-run by the independent script from what the public endpoint publishes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { commitOf, usccCheckChar } from '@civdef/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, type Session, type TestContext } from '../../test/harness.ts';

const run = promisify(execFile);
const SCRIPT = path.resolve(import.meta.dirname, '../../../../../scripts/verify-draw.mjs');

let t: TestContext;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await givenSession(t, { roles: ['enforcement_officer'], regionCode: FIXTURE.countyA })).session;
});
afterAll(() => t.close());

/** A valid USCC for a serial number: 91 (company), the region, a 9-character organisation code, the check. */
const uscc = (region: string, n: number) => {
  const first17 = `91${region}${String(n).padStart(8, '0')}X`;
  return first17 + usccCheckChar(first17)!;
};

const post = (session: Session | null, url: string, payload?: object) => call(t.app, session, { method: 'POST', url, payload, headers: { 'accept-language': 'en' } });

describe('enterprises', () => {
  it('registers an enterprise with a valid USCC, the phone masked on the way out and sealed at rest', async () => {
    const res = await post(admin, '/api/regulation/enterprises', {
      uscc: uscc('320613', 1), name: '崇川某物业管理有限公司', kind: 'user_unit', regionCode: FIXTURE.townA, contactName: '张三', contactPhone: '13812345678',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'user_unit', contactPhoneMasked: '138****5678', synthetic: false });
    const stored = (await t.db.query<{ contact_phone: string }>('SELECT contact_phone FROM reg_enterprise WHERE id = $1', [res.json().id])).rows[0]!;
    expect(stored.contact_phone).toMatch(/^sm4:v1:/);
    const audit = (await t.db.query<{ after: unknown }>(`SELECT after FROM audit_log WHERE action = 'enterprise.create' ORDER BY seq DESC LIMIT 1`)).rows[0]!;
    expect(JSON.stringify(audit.after)).not.toContain('13812345678');
  });

  it('refuses a bad check character, a taken USCC and a region outside the jurisdiction, naming the field', async () => {
    const good = uscc('320613', 2);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r1 = await post(admin, '/api/regulation/enterprises', { uscc: bad, name: 'x', kind: 'builder', regionCode: FIXTURE.townA });
    expect(r1.statusCode).toBe(400);
    expect(r1.json()).toMatchObject({ code: 'REGULATION_USCC_INVALID' });
    expect(r1.json().message).toContain('check character');
    expect((await post(admin, '/api/regulation/enterprises', { uscc: good, name: 'x', kind: 'builder', regionCode: FIXTURE.townA })).statusCode).toBe(201);
    const r2 = await post(admin, '/api/regulation/enterprises', { uscc: good, name: 'y', kind: 'builder', regionCode: FIXTURE.townA });
    expect(r2.json().code).toBe('REGULATION_USCC_TAKEN');
    const r3 = await post(admin, '/api/regulation/enterprises', { uscc: uscc('320612', 3), name: 'z', kind: 'builder', regionCode: FIXTURE.townB });
    expect([r3.statusCode, r3.json().code]).toEqual([403, 'REGULATION_REGION_OUT_OF_SCOPE']);
  });

  it('closes the register to anonymous callers and writes to roles without enforcement:write', async () => {
    expect((await call(t.app, null, { method: 'GET', url: '/api/regulation/enterprises' })).statusCode).toBe(401);
    const viewer = (await givenSession(t, { roles: ['viewer'], regionCode: FIXTURE.countyA })).session;
    expect((await call(t.app, viewer, { method: 'GET', url: '/api/regulation/enterprises' })).statusCode).toBe(200);
    const res = await post(viewer, '/api/regulation/enterprises', { uscc: uscc('320613', 4), name: 'x', kind: 'builder', regionCode: FIXTURE.townA });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('enforcement:write');
  });
});

describe('a 双随机一公开 task', () => {
  let taskId: number;
  const ids: number[] = [];
  const officerIds: number[] = [];

  beforeAll(async () => {
    for (let i = 10; i < 18; i += 1) {
      const res = await post(admin, '/api/regulation/enterprises', { uscc: uscc('320613', i), name: `施工单位 ${i}`, kind: 'builder', regionCode: FIXTURE.countyA });
      ids.push(res.json().id);
    }
    for (const [i, expires] of [[1, '2099-12-31'], [2, '2099-12-31'], [3, '2099-12-31'], [4, '2000-01-01']] as const) {
      const res = await post(admin, '/api/regulation/officers', { name: `执法员${i}`, certNo: `JS-RF-${i}`, certExpiresOn: expires, regionCode: FIXTURE.countyA });
      expect(res.statusCode, res.body).toBe(201);
      officerIds.push(res.json().id);
    }
  });

  it('commits, draws once, publishes, and the independent script re-runs the published draw', async () => {
    const created = await post(admin, '/api/regulation/inspections', {
      title: '2026 年第四季度人防工程施工质量抽查', item: 'construction_quality', regionCode: FIXTURE.countyA, targetCount: 3, inspectorsPerTarget: 2,
      conflicts: [{ officerId: officerIds[0], enterpriseId: ids[0], reason: '近亲属任职' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    taskId = created.json().id;
    expect(created.json()).toMatchObject({ status: 'draft', commit: null, seed: null, result: null });

    // Nothing can be drawn before the commitment is published.
    expect((await post(admin, `/api/regulation/inspections/${taskId}/draw`)).json().code).toBe('REGULATION_TASK_STATE');

    const committed = await post(admin, `/api/regulation/inspections/${taskId}/commit`);
    expect(committed.statusCode, committed.body).toBe(200);
    const c = committed.json();
    expect(c).toMatchObject({ status: 'committed', seed: null, result: null });
    expect(c.commit).toMatch(/^[0-9a-f]{64}$/);
    // The pool: the 9 builders of 崇川 (8 here, 1 from the second test; not the user unit of the first), the officers whose certificate is valid.
    expect(c.pool.targets).toHaveLength(9);
    expect(c.pool.inspectors).toEqual(['JS-RF-1', 'JS-RF-2', 'JS-RF-3']);
    expect(c.pool.conflicts).toEqual([['JS-RF-1', uscc('320613', 10)]]);

    const drawn = await post(admin, `/api/regulation/inspections/${taskId}/draw`);
    expect(drawn.statusCode, drawn.body).toBe(200);
    const d = drawn.json();
    expect(commitOf(d.seed)).toBe(c.commit);
    expect(d.result.targets).toHaveLength(3);
    for (const team of d.result.teams) {
      expect(team.inspectors).toHaveLength(2);
      if (team.target === uscc('320613', 10)) expect(team.inspectors).not.toContain('JS-RF-1');
    }

    // A second draw is refused, and leaves the first one standing.
    const again = await post(admin, `/api/regulation/inspections/${taskId}/draw`);
    expect([again.statusCode, again.json().code]).toEqual([409, 'REGULATION_TASK_STATE']);
    expect(again.json().message).toContain('drawn once');

    // Not public before it is published.
    expect((await call(t.app, null, { method: 'GET', url: `/api/public/inspections/${taskId}` })).statusCode).toBe(404);
    expect((await post(admin, `/api/regulation/inspections/${taskId}/publish`)).statusCode).toBe(200);

    // The pool is every builder of 崇川, including those earlier tests registered (named x, y …): record the result
    // on one of this task's own 施工单位, whichever the seed put first.
    const ownUsccs = ids.map((_, i) => uscc('320613', i + 10));
    const target = (d.result.targets as string[]).find((x) => ownUsccs.includes(x))!;
    expect(target).toBeDefined();
    const targetId = (await t.db.query<{ id: number }>('SELECT id FROM reg_enterprise WHERE uscc = $1', [target])).rows[0]!.id;
    const recorded = await post(admin, `/api/regulation/inspections/${taskId}/results`, { enterpriseId: targetId, outcome: 'rectify', findings: '通风设备未按期维护', rectification: '30 日内整改' });
    expect(recorded.statusCode, recorded.body).toBe(200);
    const notDrawn = ids.find((id, i) => !d.result.targets.includes(uscc('320613', i + 10)))!;
    expect((await post(admin, `/api/regulation/inspections/${taskId}/results`, { enterpriseId: notDrawn, outcome: 'compliant', findings: 'x' })).json().code)
      .toBe('REGULATION_TARGET_NOT_DRAWN');

    const pub = await call(t.app, null, { method: 'GET', url: `/api/public/inspections/${taskId}` });
    expect(pub.statusCode).toBe(200);
    const published = pub.json();
    expect(Object.keys(published).sort()).toEqual([
      'algorithm', 'beacon', 'beaconSource', 'commit', 'committedAt', 'drawnAt', 'id', 'inspectorNames', 'item', 'pool', 'poolDigest', 'publishedAt',
      'redrawOf', 'redrawReason', 'regionCode', 'result', 'results', 'seed', 'targetNames', 'title',
    ]);
    // The result per target with the rectification asked (一公开), not who recorded it nor the contact on file.
    expect(published.results).toEqual([{
      target, name: expect.stringMatching(/^施工单位 /), party: expect.stringMatching(/^施工单位 /), outcome: 'rectify', findings: '通风设备未按期维护', rectification: '30 日内整改',
    }]);
    expect(JSON.stringify(published)).not.toContain('1381234');

    const dir = mkdtempSync(path.join(tmpdir(), 'civdef-draw-'));
    writeFileSync(path.join(dir, 'draw.json'), JSON.stringify(published));
    const ok = await run(process.execPath, [SCRIPT, path.join(dir, 'draw.json')]);
    expect(ok.stdout).toContain('OK   teams');
    expect(ok.stdout).not.toContain('FAIL');

    // A published list that is not what the seed gives is caught, as is a pool changed after the commitment.
    const swapped = { ...published, result: { ...published.result, targets: [...published.result.targets].reverse() } };
    writeFileSync(path.join(dir, 'swapped.json'), JSON.stringify(swapped));
    await expect(run(process.execPath, [SCRIPT, path.join(dir, 'swapped.json')])).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('FAIL targets') });
    const shrunk = { ...published, pool: { ...published.pool, targets: published.pool.targets.slice(1) } };
    writeFileSync(path.join(dir, 'shrunk.json'), JSON.stringify(shrunk));
    await expect(run(process.execPath, [SCRIPT, path.join(dir, 'shrunk.json')])).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('FAIL poolDigest') });
  });

  it('refuses to commit a task its pool cannot serve, naming the count', async () => {
    const created = await post(admin, '/api/regulation/inspections', {
      title: '超量', item: 'construction_quality', regionCode: FIXTURE.countyA, targetCount: 50, inspectorsPerTarget: 1,
    });
    const res = await post(admin, `/api/regulation/inspections/${created.json().id}/commit`);
    expect([res.statusCode, res.json().code]).toEqual([400, 'REGULATION_POOL_TOO_SMALL']);
    expect(res.json().message).toContain('targetCount');
    expect((await call(t.app, admin, { method: 'GET', url: `/api/regulation/inspections/${created.json().id}` })).json().status).toBe('draft');
  });

  it('hides a task from another county, as if it did not exist', async () => {
    const other = (await givenSession(t, { roles: ['enforcement_officer'], regionCode: FIXTURE.countyB })).session;
    expect((await call(t.app, other, { method: 'GET', url: `/api/regulation/inspections/${taskId}` })).statusCode).toBe(404);
    expect((await call(t.app, other, { method: 'GET', url: '/api/regulation/inspections' })).json().items).toEqual([]);
    expect((await post(other, `/api/regulation/inspections/${taskId}/publish`)).statusCode).toBe(404);
  });
});
