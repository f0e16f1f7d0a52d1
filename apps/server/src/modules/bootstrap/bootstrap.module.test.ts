import { checkWorkRules, judgeSirenTest, lastNineEighteen, SIGNAL_PROGRAMS } from '@civdef/domain';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDemoDataset, generateSirenTestDemo } from '@civdef/demo-data';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { createFieldCipher, mask } from '../../lib/field-crypto.ts';
import type { Database } from '../../db/index.ts';
import { TEST_FIELD_KEY, call, createUser, openTestDatabase, signIn, testConfig, testFieldCipher } from '../../test/harness.ts';
import { createSirenTestsLoader } from '../sirens/index.ts';
import { bootstrapFor, ensureInitialAdmin, ensureReferenceData, loadDemoData, type DemoLoadResult } from './bootstrap.service.ts';

let db: Database;
let drop: () => Promise<void>;
let app: FastifyInstance;
let loaded: DemoLoadResult;
const config = testConfig();

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
  await ensureReferenceData(db, config);
  loaded = await loadDemoData(db, config, config.demo.seed);
  app = await buildApp(config, { db });
  await app.ready();
  await createUser(db, 'demo-viewer', ['viewer'], '320600');
});
afterAll(async () => {
  await app?.close();
  await drop?.();
});

describe('demo dataset', () => {
  it('keeps every cross-field rule of the works registry, so demo works export and import back cleanly', () => {
    const data = generateDemoDataset({ seed: config.demo.seed });
    expect(data.works.flatMap((w) => checkWorkRules(w).map((v) => `${w.code} ${v.field}: ${v.en}`))).toEqual([]);
  });
});

describe('synthetic town outlines', () => {
  it('are loaded with the regions, valid, marked synthetic, inside their district, and once more for an upgraded installation', async () => {
    const q = () => db.query<{ n: number; synthetic: boolean; valid: boolean; outside: number }>(
      `SELECT count(*)::int AS n, bool_and(t.synthetic) AS synthetic, bool_and(ST_IsValid(t.geom)) AS valid,
              count(*) FILTER (WHERE NOT ST_Covers(ST_Buffer(b.geom, 0.0001), t.geom))::int AS outside
         FROM region_town_boundary t JOIN region r ON r.code = t.code JOIN region_boundary b ON b.code = r.parent_code`,
    );
    const first = (await q()).rows[0]!;
    expect(first).toMatchObject({ synthetic: true, valid: true, outside: 0 });
    expect(first.n).toBeGreaterThanOrEqual(130);
    // An installation whose regions were loaded before town outlines shipped gets them at its next start.
    await db.query('DELETE FROM region_town_boundary');
    await ensureReferenceData(db, config);
    expect((await q()).rows[0]!.n).toBe(first.n);
  });
});

describe('demo dataset upkeep', () => {
  it('loads maintenance plans with a past history so that some works, not most, are overdue', async () => {
    expect(loaded.loaded).toBe(true);
    const data = generateDemoDataset({ seed: config.demo.seed });
    const { plans, withPlans, overdueWorks, lastDone } = (await db.query<{ plans: number; withPlans: number; overdueWorks: number; lastDone: number }>(
      `SELECT count(*)::int AS plans, count(DISTINCT work_id)::int AS "withPlans",
              count(DISTINCT work_id) FILTER (WHERE next_due_on < (now() AT TIME ZONE 'Asia/Shanghai')::date)::int AS "overdueWorks",
              count(*) FILTER (WHERE last_done_on IS NOT NULL)::int AS "lastDone" FROM maintenance_plan`)).rows[0]!;
    expect(withPlans).toBe(data.maintenance.length);
    expect(plans).toBe(data.maintenance.length * 8);
    expect(lastDone).toBe(data.maintenance.filter((m) => m.phases).length * 8);
    // Exactly the works the generator made late are overdue: phases ≤ 0.85 are never due yet, ≥ 1.1 always are.
    const late = data.maintenance.filter((m) => m.phases && Object.values(m.phases).some((p) => p > 1)).length;
    expect(overdueWorks).toBe(late);
    expect(overdueWorks / data.works.length).toBeGreaterThan(0.05);
    expect(overdueWorks / data.works.length).toBeLessThan(0.15);
    // Demolished and scrapped works have no plans.
    const terminal = (await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM maintenance_plan p JOIN work w ON w.id = p.work_id WHERE w.lifecycle_state IN ('demolished', 'scrapped')`)).rows[0]!.n;
    expect(terminal).toBe(0);
  });

  it('the list filter and the dashboard statistics show the overdue works', async () => {
    const viewer = await signIn(app, 'demo-viewer');
    const overdue = (await db.query<{ n: number }>(
      `SELECT count(DISTINCT work_id)::int AS n FROM maintenance_plan WHERE active AND next_due_on < (now() AT TIME ZONE 'Asia/Shanghai')::date`)).rows[0]!.n;
    const list = await call(app, viewer, { method: 'GET', url: '/api/works?overdue=true&pageSize=50' });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBe(overdue);
    expect(list.json().items.every((w: { overdue: boolean }) => w.overdue)).toBe(true);
    const notOverdue = (await call(app, viewer, { method: 'GET', url: '/api/works?overdue=false&pageSize=1' })).json().total;
    expect(notOverdue + overdue).toBe(loaded.works);
    const stats = (await call(app, viewer, { method: 'GET', url: '/api/works/stats' })).json();
    expect(stats.totals.overdueWorks).toBeGreaterThan(0);
    expect(stats.upkeep.overduePlans).toBeGreaterThanOrEqual(overdue);
  });
});

describe('demo 9·18 campaign', () => {
  type Detail = {
    name: string; state: string; steps: Array<{ program: string; at: string; counts: Record<string, number> }>;
    summary: { total: number; failed: number; faultTickets: number; workingPercent: number };
    results: Array<{ sirenCode: string; outcome: string; cause: string | null; causeEn: string | null; steps: Array<{ state: string; reason: string | null }>; heard: number; notHeard: number; weak: number; faultId: number | null }>;
  };
  it('is the latest 9·18 before today, closed, every demo siren judged by the rule a real close uses, failures ticketed and repaired', async () => {
    const viewer = await signIn(app, 'demo-viewer');
    const list = (await call(app, viewer, { method: 'GET', url: '/api/siren-tests' })).json() as { items: Array<{ id: number; state: string; firstStepAt: string }> };
    expect(list.items).toHaveLength(1);
    const day = lastNineEighteen(new Date());
    expect(list.items[0]).toMatchObject({ state: 'finished', firstStepAt: day.toISOString() });
    const d = (await call(app, viewer, { method: 'GET', url: `/api/siren-tests/${list.items[0]!.id}` })).json() as Detail;
    expect(d.name).toMatch(/^\d{4}年“9·18”防空警报试鸣$/);
    expect(d.steps.map((s) => s.program)).toEqual(SIGNAL_PROGRAMS.map((p) => p.code));
    const sirens = generateDemoDataset({ seed: config.demo.seed }).sirens.length;
    // Each step reached every siren, and the report holds each once.
    for (const s of d.steps) expect(Object.values(s.counts).reduce((a, n) => a + n, 0), JSON.stringify(d.steps)).toBe(sirens);
    expect(d.results).toHaveLength(sirens);
    expect(d.summary.total).toBe(sirens);
    expect(d.summary.workingPercent).toBeGreaterThan(95);
    expect(d.summary.workingPercent).toBeLessThan(99.5);
    // Stored results are what the domain rule makes of the stored answers and reports.
    for (const r of d.results) {
      const v = judgeSirenTest(r.steps.map((s, i) => ({ program: d.steps[i]!.program, state: s.state, reason: s.reason })), r);
      expect([r.outcome, r.cause, r.causeEn]).toEqual([v.outcome, v.cause?.zh ?? null, v.cause?.en ?? null]);
    }
    const failed = d.results.filter((r) => r.outcome === 'failed');
    expect(failed.length).toBe(d.summary.failed);
    expect(failed.length).toBeGreaterThan(10);
    expect(failed.every((r) => r.faultId !== null)).toBe(true);
    expect(d.summary.faultTickets).toBe(failed.length);
    const states = (await db.query<{ state: string; n: number }>(
      'SELECT state, count(*)::int AS n FROM siren_fault WHERE id = ANY($1::int[]) GROUP BY 1', [failed.map((r) => r.faultId)])).rows;
    expect(states).toEqual([{ state: 'repaired', n: failed.length }]);
    // Loading the demo again writes no second campaign.
    expect(await db.transaction((tx) => createSirenTestsLoader().loadPastCampaign(tx, { regionCode: '320600', sirens: generateSirenTestDemo([], 1) }))).toBe(0);
  });
});

describe('personal fields at rest (联系电话)', () => {
  const PHONE_CONTEXT = 'work.contact_phone';
  const phones = async () => (await db.query<{ code: string; phone: string | null }>('SELECT code, contact_phone AS phone FROM work ORDER BY code')).rows;

  it('the demo load stores every contact phone SM4-encrypted, and a read-only user sees it masked', async () => {
    const data = generateDemoDataset({ seed: config.demo.seed });
    const byCode = new Map(data.works.map((w) => [w.code, w.contactPhone]));
    const rows = await phones();
    expect(rows.length).toBe(data.works.length);
    expect(rows.filter((r) => !r.phone?.startsWith('sm4:v1:'))).toEqual([]);
    const cipher = testFieldCipher();
    for (const r of rows.slice(0, 20)) expect(cipher.decrypt(r.phone!, PHONE_CONTEXT)).toBe(byCode.get(r.code));
    const viewer = await signIn(app, 'demo-viewer');
    const { id, code } = (await db.query<{ id: number; code: string }>('SELECT id, code FROM work ORDER BY code LIMIT 1')).rows[0]!;
    const detail = (await call(app, viewer, { method: 'GET', url: `/api/works/${id}` })).json();
    expect(detail.contactPhone).toMatch(/^\d{3}\*+\d{4}$/);
    expect(detail.contactPhone).toBe(mask(byCode.get(code)!, 'phone'));
    expect(detail.contactPhone).not.toBe(byCode.get(code));
  });

  it('at start-up, encrypts the plain-text phones of an upgraded installation once, quickly on the demo works', async () => {
    // The demo works as an older version stored them: phones in plain text.
    const data = generateDemoDataset({ seed: config.demo.seed });
    await db.query(
      `UPDATE work SET contact_phone = p.phone FROM jsonb_to_recordset($1::jsonb) AS p(code text, phone text) WHERE work.code = p.code`,
      [JSON.stringify(data.works.map((w) => ({ code: w.code, phone: w.contactPhone })))],
    );
    expect((await phones()).filter((r) => r.phone?.startsWith('sm4:v1:'))).toEqual([]);
    const versions = (await db.query<{ v: number }>('SELECT sum(version)::int AS v FROM work')).rows[0]!.v;

    const started = performance.now();
    const first = await bootstrapFor(db, config).ensureFieldEncryption();
    const ms = performance.now() - started;
    expect(first.sealed).toBe(data.works.length);
    expect(ms).toBeLessThan(20_000); // measured ≈ 0.8 s for the 3,000 demo works on PGlite; a loose bound for a busy machine

    const byCode = new Map(data.works.map((w) => [w.code, w.contactPhone]));
    const cipher = testFieldCipher();
    const rows = await phones();
    expect(rows.filter((r) => !r.phone?.startsWith('sm4:v1:'))).toEqual([]);
    expect(rows.filter((r) => cipher.decrypt(r.phone!, PHONE_CONTEXT) !== byCode.get(r.code))).toEqual([]);
    // Only the storage changed: no version moved, so no editor's open form is made stale.
    expect((await db.query<{ v: number }>('SELECT sum(version)::int AS v FROM work')).rows[0]!.v).toBe(versions);
    const audit = (await db.query<{ after: unknown }>(`SELECT after FROM audit_log WHERE action = 'system.encrypt_fields' ORDER BY seq DESC LIMIT 1`)).rows[0]!;
    expect(audit.after).toEqual({ field: 'work.contact_phone', sealed: data.works.length });

    // Idempotent: a second start finds nothing left to encrypt, and touches nothing.
    const before = await phones();
    expect(await bootstrapFor(db, config).ensureFieldEncryption()).toEqual({ sealed: 0 });
    expect(await phones()).toEqual(before);
  });

  it('stops the start with a message naming the key when the configured key does not open the stored phones', async () => {
    const before = await phones();
    const wrong = testConfig({ FIELD_ENCRYPTION_KEY: 'f'.repeat(32) });
    await expect(bootstrapFor(db, wrong).ensureFieldEncryption()).rejects.toThrow(
      /work contact phones \(work\.contact_phone\) are encrypted with key [0-9a-f]{8}, which is neither FIELD_ENCRYPTION_KEY \(key [0-9a-f]{8}\) nor in FIELD_ENCRYPTION_PREVIOUS_KEYS.*字段加密密钥与已存数据不符/s,
    );
    expect(await phones()).toEqual(before);
  });

  it('a key rotation: with the old key among the previous ones the start goes on and re-encrypts under the new key', async () => {
    const cipher = testFieldCipher();
    const plain = new Map((await phones()).map((r) => [r.code, cipher.decrypt(r.phone!, PHONE_CONTEXT)]));
    const NEW_KEY = 'f'.repeat(32);
    const rotating = testConfig({ FIELD_ENCRYPTION_KEY: NEW_KEY, FIELD_ENCRYPTION_PREVIOUS_KEYS: TEST_FIELD_KEY });
    try {
      expect(await bootstrapFor(db, rotating).ensureFieldEncryption()).toEqual({ sealed: plain.size });
      // Now the new key alone opens every phone: the old one can leave the configuration.
      const rotated = createFieldCipher({ key: NEW_KEY });
      expect((await phones()).filter((r) => rotated.decrypt(r.phone!, PHONE_CONTEXT) !== plain.get(r.code))).toEqual([]);
      expect(await bootstrapFor(db, testConfig({ FIELD_ENCRYPTION_KEY: NEW_KEY })).ensureFieldEncryption()).toEqual({ sealed: 0 });
    } finally {
      // Back to the tests' key, the same way, for the other cases of this file.
      await bootstrapFor(db, testConfig({ FIELD_ENCRYPTION_PREVIOUS_KEYS: NEW_KEY })).ensureFieldEncryption();
    }
    expect((await phones()).filter((r) => cipher.decrypt(r.phone!, PHONE_CONTEXT) !== plain.get(r.code))).toEqual([]);
  });

  it('reference data and the first administrator (run by every CLI command) neither read nor make the key file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-no-key-'));
    try {
      const keyFile = path.join(dir, 'field-encryption.key');
      const cfg = { ...config, fieldEncryption: { key: null, previousKeys: [], keyFile } };
      await ensureReferenceData(db, cfg);
      await ensureInitialAdmin(db, cfg);
      expect(fs.existsSync(keyFile)).toBe(false);
      // The step that needs the key makes it (and, a new key, refuses the stored phones).
      await expect(bootstrapFor(db, cfg).ensureFieldEncryption()).rejects.toThrow(/FIELD_ENCRYPTION_KEY/);
      expect(fs.existsSync(keyFile)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('demo response references', () => {
  it('links the plans\', drills\' and key targets\' teams to the command demo\'s teams by id, and leaves bodies outside the platform as text', async () => {
    const tasks = (await db.query<{ kind: string; refId: number | null; assignee: string; team: string | null }>(
      `SELECT x->>'assigneeKind' AS kind, (x->>'refId')::int AS "refId", x->>'assignee' AS assignee, t.name AS team
         FROM response_plan_revision r CROSS JOIN jsonb_array_elements(r.content->'tasks') AS x LEFT JOIN team t ON t.id = (x->>'refId')::int`)).rows;
    const teams = tasks.filter((x) => x.kind === 'team');
    expect(teams.length).toBeGreaterThan(0);
    expect(teams.every((x) => x.refId !== null && x.team === x.assignee)).toBe(true);
    expect(tasks.some((x) => x.kind === 'unit' && x.refId === null)).toBe(true);
    const linked = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM key_target k JOIN team t ON t.id = k.repair_team_id AND t.name = k.repair_team_name`)).rows[0]!.n;
    expect(linked).toBe((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM key_target WHERE repair_team_name IS NOT NULL')).rows[0]!.n);
  });
});
