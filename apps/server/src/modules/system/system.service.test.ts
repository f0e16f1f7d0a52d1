import { describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { HEALTH_PROBE_FRESH_MS, HEALTH_PROBE_STUCK_MS, createSystemService } from './system.service.ts';

/** A database that answers the migration probe (two queries) and counts them; `hang` keeps the next probe open. */
function fakeDb() {
  const state = { queries: 0, fail: false, hang: null as null | Promise<void> };
  const db = {
    kind: 'pglite',
    async query(text: string) {
      state.queries++;
      if (state.hang) await state.hang;
      if (state.fail) throw new Error('connection refused');
      return text.includes('to_regclass') ? { rows: [{ t: 'schema_migration' }], rowCount: 1 } : { rows: [{ v: 6 }], rowCount: 1 };
    },
  } as unknown as Database;
  return { db, state };
}

const setup = () => {
  const { db, state } = fakeDb();
  let t = 1_000_000;
  const clock = { advance: (ms: number) => (t += ms) };
  const system = createSystemService({
    db, config: {} as never, messaging: { kind: 'none', connected: () => false }, version: '1.2.3', now: () => t,
  });
  return { system, state, clock };
};
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('health', () => {
  it('keeps its fields and probes the database at most once per interval, however often it is asked', async () => {
    const { system, state, clock } = setup();
    expect(await system.health()).toEqual({
      status: 'ok', version: '1.2.3', database: { kind: 'pglite', migration: 6, ok: true }, broker: { kind: 'none', connected: false },
    });
    const after = state.queries;
    for (let i = 0; i < 1000; i++) await system.health();
    expect(state.queries).toBe(after);
    clock.advance(HEALTH_PROBE_FRESH_MS);
    await system.health();
    await settle();
    expect(state.queries).toBe(after * 2);
  });

  it('says degraded once a background probe finds the database gone, and ok again when it is back', async () => {
    const { system, state, clock } = setup();
    await system.health();
    state.fail = true;
    clock.advance(HEALTH_PROBE_FRESH_MS);
    expect((await system.health()).status).toBe('ok'); // answered from the last probe while the new one runs
    await settle();
    expect(await system.health()).toMatchObject({ status: 'degraded', database: { ok: false, migration: 6 } });
    state.fail = false;
    clock.advance(HEALTH_PROBE_FRESH_MS);
    await system.health();
    await settle();
    expect(await system.health()).toMatchObject({ status: 'ok', database: { ok: true } });
  });

  it('says the database is not ok while a probe has hung for longer than the limit', async () => {
    const { system, state, clock } = setup();
    await system.health();
    let release!: () => void;
    state.hang = new Promise<void>((r) => (release = r));
    clock.advance(HEALTH_PROBE_FRESH_MS);
    expect((await system.health()).database.ok).toBe(true);
    clock.advance(HEALTH_PROBE_STUCK_MS);
    expect(await system.health()).toMatchObject({ status: 'degraded', database: { ok: false } });
    state.hang = null;
    release();
    await settle();
    await settle();
    expect((await system.health()).database.ok).toBe(true);
  });
});
