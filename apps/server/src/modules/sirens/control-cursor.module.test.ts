/**
 * The cursor of a command's live view never skips a committed row: delivery writers take their numbers in commit
 * order (control.repository.ts `orderDeliveryWrites`). Without that, on PostgreSQL a writer that drew its number
 * first but committed last would land below a cursor a reader had already moved past, and the live view would never
 * show its row. The embedded database has one connection (its transactions never overlap), so the race needs a
 * PostgreSQL server: this runs in the PostgreSQL tier (TEST_DATABASE_URL).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { FIXTURE, openTestDatabase, seedFixture, testFieldCipher } from '../../test/harness.ts';
import { createRegionsService } from '../regions/index.ts';
import * as repo from './control.repository.ts';
import type { ControlService } from './control.service.ts';
import { createSirensServices } from './sirens.module.ts';

const onServer = Boolean(process.env.TEST_DATABASE_URL);
let db: Database;
let drop: () => Promise<void>;
let control: ControlService;
const id = '6f1c0a52-6a47-4c51-9d0f-7e0e1d2c3b4a';
let sirens: number[];

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
  await seedFixture(db);
  control = createSirensServices({
    db, regions: createRegionsService({ db }), cipher: testFieldCipher(), messaging: { kind: 'none', client: null },
    settings: { ackTimeoutMs: 1000, retries: 1, commandTtlSeconds: 60 },
  }).control;
  sirens = (await db.query<{ id: number }>(`SELECT id FROM siren ORDER BY id`)).rows.map((r) => r.id);
  await db.query(`INSERT INTO siren_command (id, action, program, target, region_code, issued_at, expires_at)
    VALUES ($1, 'sound', 'air_raid', '{}'::jsonb, $2, now(), now() + interval '1 minute')`, [id, FIXTURE.city]);
  await db.transaction((tx) => repo.insertDeliveries(tx, id, sirens.map((s) => ({
    sirenId: s, regionCode: FIXTURE.city, terminalId: null, nonce: 'n', mac: null, state: 'sent', reason: null,
  })), new Date()));
});
afterAll(async () => drop?.());

describe('the live view\'s cursor', () => {
  it.skipIf(!onServer)('does not pass a row whose writer drew its number first and committed last', async () => {
    expect(sirens.length).toBeGreaterThanOrEqual(2);
    const { cursor: start } = await control.changesOf(id, null);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let wrote!: () => void;
    const written = new Promise<void>((r) => (wrote = r));
    // A writes the first siren's row and stays open; B writes the second's meanwhile, on another connection.
    const a = db.transaction(async (tx) => {
      await repo.markFailed(tx, id, [sirens[0]!], 'a');
      wrote();
      await held;
    });
    await written;
    const b = db.transaction((tx) => repo.markFailed(tx, id, [sirens[1]!], 'b'));
    await new Promise((r) => setTimeout(r, 300));
    // A reader in between: whatever it sees, the cursor it hands out must not pass A's row.
    const between = await control.changesOf(id, start);
    release();
    await Promise.all([a, b]);
    const after = await control.changesOf(id, between.cursor);
    const seen = new Set([...between.deliveries, ...after.deliveries].filter((d) => d.state === 'failed').map((d) => d.sirenId));
    expect([...seen].sort((x, y) => x - y)).toEqual([sirens[0], sirens[1]].sort((x, y) => x! - y!));
  });

  it('answers only the rows written after a cursor, with the counts of the whole command', async () => {
    const { cursor, counts } = await control.changesOf(id, null);
    expect(Object.values(counts).reduce((n, c) => n + c, 0)).toBe(sirens.length);
    expect((await control.changesOf(id, cursor)).deliveries).toEqual([]);
    await db.transaction((tx) => repo.markFailed(tx, id, [sirens.at(-1)!], 'late', ['pending', 'sent', 'failed']));
    const next = await control.changesOf(id, cursor);
    expect(next.deliveries.map((d) => d.sirenId)).toEqual([sirens.at(-1)]);
    expect(next.cursor).toBeGreaterThan(cursor);
    expect(next.counts).toEqual((await control.changesOf(id, null)).counts);
  });

  it('never calls a command complete before handing out the rows that completed it', async () => {
    // The live view ends its stream on a frame whose counts owe nothing. A report batch committed between the frame's
    // two reads must not be in its counts without its rows: the browser would keep those sirens sounding for good.
    const command = randomUUID();
    await db.query(`INSERT INTO siren_command (id, action, program, target, region_code, issued_at, expires_at)
      VALUES ($1, 'sound', 'air_raid', '{}'::jsonb, $2, now(), now() + interval '1 minute')`, [command, FIXTURE.city]);
    await db.transaction((tx) => repo.insertDeliveries(tx, command, sirens.map((s) => ({
      sirenId: s, regionCode: FIXTURE.city, terminalId: null, nonce: 'n', mac: null, state: 'sent', reason: null,
    })), new Date()));
    const { cursor } = await control.changesOf(command, null);
    // The batch that answers every delivery commits right after the frame's first read, whichever that is.
    let batch: (() => Promise<unknown>) | null = () => db.transaction((tx) => repo.markFailed(tx, command, sirens, 'answered in between'));
    const between = new Proxy(db, {
      get(target, key) {
        if (key === 'query') {
          return async (text: string, params?: unknown[]) => {
            const res = await target.query(text, params);
            const write = batch;
            batch = null;
            await write?.();
            return res;
          };
        }
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const reader = createSirensServices({
      db: between, regions: createRegionsService({ db }), cipher: testFieldCipher(), messaging: { kind: 'none', client: null },
      settings: { ackTimeoutMs: 1000, retries: 1, commandTtlSeconds: 60 },
    }).control;
    const frame = await reader.changesOf(command, cursor);
    expect(batch).toBeNull();
    const owesNothing = ['pending', 'sent', 'accepted'].every((s) => (frame.counts[s] ?? 0) === 0);
    const handedOut = frame.deliveries.filter((d) => d.state === 'failed').length;
    expect({ owesNothing, handedOut }).not.toEqual({ owesNothing: true, handedOut: 0 });
    if (owesNothing) expect(handedOut).toBe(sirens.length);
    // The next read brings the counts level with the rows.
    const next = await control.changesOf(command, frame.cursor);
    expect(next.counts).toEqual({ failed: sirens.length });
  });
});
