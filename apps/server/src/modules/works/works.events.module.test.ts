/**
 * The works events carry the writer's transaction: a subscriber's writes commit or roll back with the write that
 * caused the event. Tested on the services with a bus of the test's own, so extra subscribers can be added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { createEventBus, type EventBus } from '../../lib/events.ts';
import { FIXTURE, testFieldCipher } from '../../test/harness.ts';
import { createWorksServices, type WorkRetiredEvent, type WorksService } from './index.ts';
import { givenServiceDatabase, workBody } from './test-fixtures.ts';

let db: Database;
let drop: () => Promise<void>;
let actor: Actor;

beforeAll(async () => {
  ({ db, drop, actor } = await givenServiceDatabase('events-mgr'));
});
afterAll(() => drop());

const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(sql, params)).rows[0]!.n;
type CreateInput = Parameters<WorksService['create']>[2];

function services(events: EventBus = createEventBus()) {
  return { events, ...createWorksServices({ db, events, areaPerPersonM2: 1, dataDir: '', cipher: testFieldCipher() }) };
}

describe('works events', () => {
  it('a subscriber that fails on work.created rolls the create back: no work, no plans, no audit row', async () => {
    const { events, works } = services();
    events.on('work.created', async () => {
      throw new Error('subscriber failed');
    });
    const body = workBody() as CreateInput;
    const before = await Promise.all(['work', 'maintenance_plan', 'audit_log'].map((t) => count(`SELECT count(*)::int AS n FROM ${t}`)));
    await expect(works.create(actor, null, body)).rejects.toThrow('subscriber failed');
    const after = await Promise.all(['work', 'maintenance_plan', 'audit_log'].map((t) => count(`SELECT count(*)::int AS n FROM ${t}`)));
    expect(after).toEqual(before);
  });

  it('a subscriber sees the new work through the transaction it is handed, after upkeep made its plans', async () => {
    const { events, works } = services();
    const seen: Array<{ code: string; plans: number }> = [];
    events.on('work.created', async (e, { tx, audit }) => {
      expect(audit.actor).toBe('events-mgr');
      for (const w of e.works) {
        const { rows } = await tx.query<{ code: string; plans: number }>(
          'SELECT code, (SELECT count(*)::int FROM maintenance_plan p WHERE p.work_id = w.id) AS plans FROM work w WHERE id = $1', [w.id]);
        seen.push(rows[0]!);
      }
      expect(e.effects.maintenancePlans?.created).toBeGreaterThan(0);
    });
    const { work: created } = await works.create(actor, null, workBody() as CreateInput);
    const schedules = await count('SELECT count(*)::int AS n FROM maintenance_schedule WHERE active');
    expect(seen).toEqual([{ code: created.code, plans: schedules }]);
  });

  it('work.retired is emitted once a work leaves service (scrapped), not for a step within it', async () => {
    const { events, works } = services();
    const retired: WorkRetiredEvent[] = [];
    events.on('work.retired', async (e) => {
      retired.push(structuredClone(e));
    });
    const { work: w } = await works.create(actor, null, workBody() as CreateInput);
    const { work: moved } = await works.transition(actor, null, w.id, { to: 'under_construction', version: w.version, reason: '开工' });
    expect(retired).toEqual([]);
    const { work: other } = await works.create(actor, null, workBody() as CreateInput);
    await works.transition(actor, null, other.id, { to: 'scrapped', version: other.version, reason: '取消', approvalRef: '通人防〔2026〕9号' });
    // Upkeep subscribed first: by the time a later subscriber runs, the plans are off and the effects say how many.
    const schedules = await count('SELECT count(*)::int AS n FROM maintenance_schedule WHERE active');
    expect(retired).toEqual([{ work: { id: other.id, regionCode: FIXTURE.townA, lifecycleState: 'scrapped' }, approvalRef: '通人防〔2026〕9号', effects: { plansRetired: schedules } }]);
    expect(moved.lifecycleState).toBe('under_construction');
    expect(await count('SELECT count(*)::int AS n FROM maintenance_plan WHERE work_id = $1 AND active', [other.id])).toBe(0);
  });

  it('one bus, two service sets: upkeep still reacts once', async () => {
    const events = createEventBus();
    services(events);
    const { works } = services(events);
    const { work: w } = await works.create(actor, null, workBody() as CreateInput);
    const schedules = await count('SELECT count(*)::int AS n FROM maintenance_schedule WHERE active');
    const audit = (await db.query<{ after: { created: number } }>(`SELECT after FROM audit_log WHERE action = 'maintenance_plan.generate' AND entity_id = $1`, [String(w.id)])).rows;
    expect(audit.map((a) => a.after.created)).toEqual([schedules]);
  });
});
