/**
 * 双随机 pools over works and sirens (read through their modules' doors), the public beacon mixed into the seed, a
 * re-draw that leaves the first draw on the record, and the public list of published draws with their results —
 * each re-run from the published JSON by the independent script.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { drawSeedOf, runDraw, usccCheckChar } from '@civdef/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, call, createTestApp, givenSession, type Session, type TestContext } from '../../test/harness.ts';

const run = promisify(execFile);
const SCRIPT = path.resolve(import.meta.dirname, '../../../../../scripts/verify-draw.mjs');

let t: TestContext;
let officer: Session;
const officerIds: number[] = [];
let unitId = 0;

const uscc = (n: number) => {
  const first17 = `91320613${String(n).padStart(8, '0')}X`;
  return first17 + usccCheckChar(first17)!;
};
const post = (session: Session | null, url: string, payload?: object) => call(t.app, session, { method: 'POST', url, payload, headers: { 'accept-language': 'en' } });
const get = (session: Session | null, url: string) => call(t.app, session, { method: 'GET', url });

/** Writes the published JSON and runs the independent script on it. */
async function verify(published: object): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'civdef-pool-'));
  writeFileSync(path.join(dir, 'draw.json'), JSON.stringify(published));
  return (await run(process.execPath, [SCRIPT, path.join(dir, 'draw.json')])).stdout;
}

beforeAll(async () => {
  t = await createTestApp();
  officer = (await givenSession(t, { roles: ['enforcement_officer'], regionCode: FIXTURE.countyA })).session;
  for (const i of [1, 2, 3]) {
    const res = await post(officer, '/api/regulation/officers', { name: `执法员${i}`, certNo: `JS-P-${i}`, certExpiresOn: '2099-12-31', regionCode: FIXTURE.countyA });
    officerIds.push(res.json().id);
  }
  const unit = await post(officer, '/api/regulation/enterprises', { uscc: uscc(1), name: '崇川某物业管理有限公司', kind: 'user_unit', regionCode: FIXTURE.townA });
  unitId = unit.json().id;
  // The registry's user unit of one fixture work (set here as an importer would have; the works rules play no part).
  await t.db.query(`UPDATE work SET management_unit = '崇川某物业管理有限公司' WHERE code = 'RF-A-001'`);
  await t.db.query(`UPDATE siren SET host_unit = '和平桥街道办事处' WHERE code = 'JB-A-01'`);
});
afterAll(() => t.close());

describe('a maintenance inspection drawn from the works, with a beacon', () => {
  let taskId: number;
  let drawn: Record<string, unknown> & { seed: string; beacon: string; result: { targets: string[]; teams: Array<{ target: string; inspectors: string[] }> } };

  it('draws from the works of the region, keeps the unit, and excludes an officer from the works of a unit they are related to', async () => {
    const created = await post(officer, '/api/regulation/inspections', {
      title: '人防工程维护管理抽查', item: 'works_maintenance', regionCode: FIXTURE.countyA, targetCount: 2, inspectorsPerTarget: 2,
      poolFilter: { lifecycleState: ['in_use'] }, beaconSource: '中国福利彩票3D 第2026339期开奖号码',
      conflicts: [{ officerId: officerIds[0], enterpriseId: unitId, reason: '配偶任该公司负责人' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    taskId = created.json().id;
    expect(created.json()).toMatchObject({ source: 'works', beaconSource: '中国福利彩票3D 第2026339期开奖号码', beacon: null });

    const committed = (await post(officer, `/api/regulation/inspections/${taskId}/commit`)).json();
    // 崇川's two works, not 通州's; the conflict with the unit became a conflict with the work it answers for.
    expect(committed.pool).toEqual({
      targets: ['RF-A-001', 'RF-A-002'], inspectors: ['JS-P-1', 'JS-P-2', 'JS-P-3'], conflicts: [['JS-P-1', 'RF-A-001']], targetCount: 2, inspectorsPerTarget: 2,
      beaconSource: '中国福利彩票3D 第2026339期开奖号码',
    });
    expect(committed.targetNames).toEqual([
      { key: 'RF-A-001', name: 'RF-A-001 防空地下室', party: '崇川某物业管理有限公司' }, { key: 'RF-A-002', name: 'RF-A-002 防空地下室', party: null },
    ]);
  });

  it('needs the announced beacon at the draw, and runs the stream on SM3(seed:beacon:value)', async () => {
    const missing = await post(officer, `/api/regulation/inspections/${taskId}/draw`);
    expect([missing.statusCode, missing.json().code]).toEqual([400, 'REGULATION_BEACON_REQUIRED']);
    expect(missing.json().message).toContain('body.beacon');
    const res = await post(officer, `/api/regulation/inspections/${taskId}/draw`, { beacon: '4 7 2' });
    expect(res.statusCode, res.body).toBe(200);
    drawn = res.json();
    expect(drawn.beacon).toBe('4 7 2');
    const pool = drawn.pool as { targets: string[]; inspectors: string[]; conflicts: Array<[string, string]>; beaconSource: string };
    const again = runDraw(drawSeedOf(drawn.seed, '4 7 2'), {
      targets: pool.targets, inspectors: pool.inspectors, conflicts: pool.conflicts, targetCount: 2, inspectorsPerTarget: 2, beaconSource: pool.beaconSource,
    });
    expect(drawn.result).toEqual(again);
    const team = drawn.result.teams.find((x) => x.target === 'RF-A-001')!;
    expect(team.inspectors).not.toContain('JS-P-1');
  });

  it('records a result per work, publishes it with the unit, and the script re-runs the draw from the public list', async () => {
    const bad = await post(officer, `/api/regulation/inspections/${taskId}/results`, { targetKey: 'RF-B-001', outcome: 'compliant', findings: 'x' });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'REGULATION_TARGET_NOT_DRAWN']);
    expect(bad.json().message).toContain('body.targetKey');
    const ok = await post(officer, `/api/regulation/inspections/${taskId}/results`, {
      targetKey: 'RF-A-001', outcome: 'rectify', findings: '防护密闭门未按期维护保养', rectification: '30 日内完成维护并报送记录',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().results).toMatchObject([{ targetKey: 'RF-A-001', enterpriseId: null, outcome: 'rectify' }]);
    expect((await post(officer, `/api/regulation/inspections/${taskId}/publish`)).statusCode).toBe(200);

    const list = await get(null, '/api/public/inspections');
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toMatch(/^public, max-age=/);
    expect(list.headers.etag).toBeTruthy();
    const published = list.json().items.find((x: { id: number }) => x.id === taskId);
    expect(published.results).toEqual([{
      target: 'RF-A-001', name: 'RF-A-001 防空地下室', party: '崇川某物业管理有限公司', outcome: 'rectify', findings: '防护密闭门未按期维护保养',
      rectification: '30 日内完成维护并报送记录',
    }]);
    // The reason for the conflict stays inside, as does the contact on file and every internal id.
    expect(JSON.stringify(list.json())).not.toMatch(/配偶|"officerId"|"enterpriseId"|poolFilter/);
    const out = await verify(published);
    expect(out).toContain('OK   teams');
    expect(out).not.toContain('FAIL');
    // Re-run with another beacon value, the script no longer gets the published result. The value is one whose draw
    // differs: with two works and three officers about one beacon in six draws the same teams, so a fixed other value
    // made this check fail by chance.
    const pool = drawn.pool as { targets: string[]; inspectors: string[]; conflicts: Array<[string, string]>; beaconSource: string };
    const drawWith = (beacon: string) => runDraw(drawSeedOf(drawn.seed, beacon), {
      targets: pool.targets, inspectors: pool.inspectors, conflicts: pool.conflicts, targetCount: 2, inspectorsPerTarget: 2, beaconSource: pool.beaconSource,
    });
    const other = ['4 7 3', '0 0 0', '1 2 3', '9 9 9', '5 5 5', '8 1 6', '2 0 2', '7 7 1'].find((b) => JSON.stringify(drawWith(b)) !== JSON.stringify(drawn.result));
    expect(other).toBeDefined();
    await expect(verify({ ...published, beacon: other })).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('FAIL') });
    // A 304 for a client holding the current list.
    const cached = await call(t.app, null, { method: 'GET', url: '/api/public/inspections', headers: { 'if-none-match': String(list.headers.etag) } });
    expect(cached.statusCode).toBe(304);
  });

  it('draws again only as a new task citing the first, whose draw and result stay as they were', async () => {
    const res = await post(officer, `/api/regulation/inspections/${taskId}/redraw`, { reason: '开奖号码公布有误，按更正后的号码重新抽取' });
    expect(res.statusCode, res.body).toBe(201);
    const redraw = res.json();
    expect(redraw).toMatchObject({
      status: 'draft', redrawOf: taskId, redrawReason: '开奖号码公布有误，按更正后的号码重新抽取', item: 'works_maintenance', beaconSource: '中国福利彩票3D 第2026339期开奖号码',
      conflicts: [{ officerId: officerIds[0], enterpriseId: unitId, reason: '配偶任该公司负责人' }],
    });
    const first = (await get(officer, `/api/regulation/inspections/${taskId}`)).json();
    expect(first).toMatchObject({ status: 'published', redrawnBy: redraw.id, seed: drawn.seed, result: drawn.result });
    const twice = await post(officer, `/api/regulation/inspections/${taskId}/redraw`, { reason: '再来一次' });
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'REGULATION_TASK_REDRAWN']);
    const draft = await post(officer, `/api/regulation/inspections/${redraw.id}/redraw`, { reason: '未抽取' });
    expect([draft.statusCode, draft.json().code]).toEqual([409, 'REGULATION_TASK_STATE']);
    const audit = (await t.db.query<{ entity_id: string; before: { redrawOf: number } }>(
      `SELECT entity_id, before FROM audit_log WHERE action = 'inspection_task.redraw'`)).rows;
    expect(audit).toEqual([{ entity_id: String(redraw.id), before: expect.objectContaining({ redrawOf: taskId, status: 'published' }) }]);
  });
});

describe('a siren-facilities inspection drawn from the sirens', () => {
  it('draws from the sirens matching the filter, answered for by their host unit, and refuses a beacon nobody announced', async () => {
    const created = await post(officer, '/api/regulation/inspections', {
      title: '防空警报设施维护管理抽查', item: 'siren_facilities', regionCode: FIXTURE.countyA, targetCount: 1, inspectorsPerTarget: 1, poolFilter: { sirenKind: ['motor'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const committed = (await post(officer, `/api/regulation/inspections/${id}/commit`)).json();
    expect(committed.pool.targets).toEqual(['JB-A-01']);
    expect(committed.targetNames).toEqual([{ key: 'JB-A-01', name: '崇川 1 号', party: '和平桥街道办事处' }]);
    const unannounced = await post(officer, `/api/regulation/inspections/${id}/draw`, { beacon: '123' });
    expect([unannounced.statusCode, unannounced.json().code]).toEqual([400, 'REGULATION_BEACON_UNANNOUNCED']);
    const drawn = await post(officer, `/api/regulation/inspections/${id}/draw`);
    expect(drawn.json()).toMatchObject({ status: 'drawn', beacon: null, result: { targets: ['JB-A-01'] } });
  });

  it('finds no sirens of a kind the region has none of, and says the count is beyond the pool', async () => {
    const created = await post(officer, '/api/regulation/inspections', {
      title: '空池', item: 'siren_facilities', regionCode: FIXTURE.countyA, targetCount: 1, inspectorsPerTarget: 1, poolFilter: { sirenKind: ['electronic'] },
    });
    const res = await post(officer, `/api/regulation/inspections/${created.json().id}/commit`);
    expect([res.statusCode, res.json().code]).toEqual([400, 'REGULATION_POOL_TOO_SMALL']);
  });
});
