import { checkWorkRules } from '@civdef/domain';
import { generateDemoDataset } from '@civdef/demo-data';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { Database } from '../../db/index.ts';
import { call, createUser, openTestDatabase, signIn, testConfig } from '../../test/harness.ts';
import { ensureReferenceData, loadDemoData, type DemoLoadResult } from './bootstrap.service.ts';

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
