/**
 * Inferring lost `finished` reports from later commands (`finishSuperseded`) at a city's scale: the reconcile runs
 * every few seconds after a burst, holding the delivery writers' lock, so its work must grow with the open deliveries,
 * not with their square. Measured as the rows its plan reads (Σ rows × loops of EXPLAIN ANALYZE), which does not
 * depend on the machine's speed: the earlier set-based join, planned without statistics as the embedded database
 * always is, read about 10⁸ rows for 10,000 sirens (~100 s with the database held); this one reads a few per delivery.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../db/index.ts';
import { PROTOCOL_VERSION } from '../../lib/siren-protocol.ts';
import { FIXTURE, openTestDatabase, seedFixture } from '../../test/harness.ts';
import * as repo from './control.repository.ts';

const SIRENS = 2_000;
const A = '1a000000-0000-4000-8000-000000000001'; // sound, 10 min ago: accepted by every siren, never finished
const B = '1b000000-0000-4000-8000-000000000002'; // stop, 5 min ago: acknowledged by the first half
const C = '1c000000-0000-4000-8000-000000000003'; // sound, 2 min ago: accepted by the first quarter (still playing)

let db: Database;
let drop: () => Promise<void>;
let sirens: number[];

async function command(id: string, action: 'sound' | 'stop', minutesAgo: number, states: Array<[ids: number[], state: string]>): Promise<void> {
  const issuedAt = new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const program = action === 'sound' ? { code: 'air_raid', onS: 6, offS: 6, repeat: 15 } : null;
  await db.transaction(async (tx) => {
    await repo.insertCommand(tx, { id, action, program: program?.code ?? null, target: { sirenIds: sirens }, regionCode: FIXTURE.city, issuedBy: null, issuedByName: 'test',
      issuedAt, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), protocolVersion: PROTOCOL_VERSION, programSpec: program });
    await repo.insertDeliveries(tx, id, sirens.map((s) => ({ sirenId: s, regionCode: FIXTURE.townA, terminalId: `RC-${s}`, nonce: 'ab'.repeat(16), mac: 'cd'.repeat(32), state: 'sent', reason: null })), new Date());
    for (const [ids, state] of states) {
      await tx.query(`UPDATE siren_command_target SET state = $3, accepted_at = now() WHERE command_id = $1 AND siren_id = ANY($2::int[])`, [id, ids, state]);
    }
  });
}

/** Σ actual rows × loops over every node of a JSON plan: the rows the statement read and produced. */
function rowsTouched(node: Record<string, unknown>): number {
  const own = Number(node['Actual Rows'] ?? 0) * Number(node['Actual Loops'] ?? 1);
  return own + ((node.Plans as Array<Record<string, unknown>> | undefined) ?? []).reduce((sum, p) => sum + rowsTouched(p), 0);
}

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
  await seedFixture(db);
  sirens = (await db.query<{ id: number }>(
    `INSERT INTO siren (code, name, region_code, location, kind, status, control_channel, terminal_id)
     SELECT 'RC-' || i, '对账 ' || i, $1, ST_SetSRID(ST_MakePoint(120.87, 32.0), 4326), 'electronic', 'sounding', 'mqtt', 'RC-' || i
       FROM generate_series(1, $2::int) AS i RETURNING id`, [FIXTURE.townA, SIRENS])).rows.map((r) => r.id).sort((a, b) => a - b);
  const half = sirens.slice(0, SIRENS / 2);
  const quarter = sirens.slice(0, SIRENS / 4);
  await command(A, 'sound', 10, [[sirens, 'accepted']]);
  await command(B, 'stop', 5, [[half, 'finished']]);
  await command(C, 'sound', 2, [[quarter, 'accepted']]);
}, 120_000);
afterAll(async () => drop?.());

describe('finishing deliveries whose finished report was lost, from later commands', () => {
  it('reads a bounded number of rows per open delivery, whatever the planner knows', async () => {
    // The statement as the repository sends it, explained (and executed) in a transaction that is rolled back.
    let sql = '';
    await db.transaction(async (tx) => {
      const recording: Queryable = {
        query: (text, params) => ((sql = /UPDATE siren_command_target/.test(text) ? text : sql), tx.query(text, params)),
        exec: (script) => tx.exec(script),
      };
      await repo.finishSuperseded(recording);
      throw new Error('roll back');
    }).catch((err: Error) => expect(err.message).toBe('roll back'));
    expect(sql).toMatch(/UPDATE siren_command_target/);
    const plan = await db.transaction(async (tx) => {
      const { rows } = await tx.query<Record<string, unknown>>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`);
      const json = Object.values(rows[0]!)[0];
      throw Object.assign(new Error('roll back'), { plan: (typeof json === 'string' ? JSON.parse(json) : json) as Array<{ Plan: Record<string, unknown> }> });
    }).catch((err: Error & { plan?: Array<{ Plan: Record<string, unknown> }> }) => err.plan);
    const open = SIRENS + SIRENS / 4;
    const touched = rowsTouched(plan![0]!.Plan);
    // A few rows per open delivery (its own row, the later commands, one key probe each, the row updated); the
    // quadratic join read open × acknowledged = 2,500 × 1,500 and more.
    expect(touched).toBeGreaterThan(open);
    expect(touched).toBeLessThan(20 * open);
  });

  it('finishes exactly the deliveries a later acknowledged command supersedes, naming the latest', async () => {
    const done = await repo.finishSuperseded(db);
    expect(done).toHaveLength(SIRENS / 2);
    const { rows } = await db.query<{ sirenId: number; commandId: string; state: string; reason: string | null }>(
      `SELECT siren_id AS "sirenId", command_id::text AS "commandId", state, reason FROM siren_command_target ORDER BY command_id, siren_id`);
    const of = (id: string) => rows.filter((r) => r.commandId === id);
    const a = of(A);
    // First quarter: C (sound, accepted) is the latest acknowledged; second quarter: B (stop); second half: none.
    expect(a.slice(0, SIRENS / 4).every((r) => r.state === 'finished' && r.reason!.startsWith('superseded: ') && r.reason!.endsWith(C))).toBe(true);
    expect(a.slice(SIRENS / 4, SIRENS / 2).every((r) => r.state === 'finished' && r.reason!.startsWith('stopped: ') && r.reason!.endsWith(B))).toBe(true);
    expect(a.slice(SIRENS / 2).every((r) => r.state === 'accepted' && r.reason === null)).toBe(true);
    // The latest command's own deliveries are left playing; B's are as they were.
    expect(of(C).filter((r) => r.state === 'accepted')).toHaveLength(SIRENS / 4);
    expect(of(B).filter((r) => r.state === 'finished')).toHaveLength(SIRENS / 2);
    // Run again: nothing left to infer.
    expect(await repo.finishSuperseded(db)).toEqual([]);
  });
});
