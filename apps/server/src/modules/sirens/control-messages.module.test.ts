/**
 * What the dispatcher sends again (a retry, a restart): for a delivery written since migration 0032, the message
 * rebuilt from the command's fields and the delivery's nonce and MAC — byte for byte what a fresh signature gives —
 * and for a delivery written before it, the message it stored, as stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { PROTOCOL_VERSION, signCommand, type CommandBody } from '../../lib/siren-protocol.ts';
import { FIXTURE, openTestDatabase, seedFixture } from '../../test/harness.ts';
import * as repo from './control.repository.ts';

let db: Database;
let drop: () => Promise<void>;
let sirens: number[];
const KEY = 'cd'.repeat(32);
const issuedAt = '2026-09-18T02:00:00.123Z';
const expiresAt = '2099-09-18T02:02:00.456Z';

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
  await seedFixture(db);
  sirens = (await db.query<{ id: number }>('SELECT id FROM siren ORDER BY id LIMIT 2')).rows.map((r) => r.id);
});
afterAll(async () => drop?.());

describe('the messages of a command\'s deliveries', () => {
  it('rebuilds each from its nonce and MAC, the same bytes as signed; a row from before keeps its stored message', async () => {
    const id = '0b6f8a52-1c47-4c51-9d0f-7e0e1d2c3b4a';
    const program = { code: 'air_raid', onS: 6, offS: 6, repeat: 15 };
    const body = (terminal: string, nonce: string): CommandBody => ({ v: PROTOCOL_VERSION, id, terminal, action: 'sound', program, issuedAt, expiresAt, nonce });
    const signed = signCommand(KEY, body('JB-T-1', 'aa'.repeat(16)));
    await db.transaction(async (tx) => {
      await repo.insertCommand(tx, { id, action: 'sound', program: 'air_raid', target: { sirenIds: sirens }, regionCode: FIXTURE.city, issuedBy: null, issuedByName: 'test',
        issuedAt, expiresAt, protocolVersion: PROTOCOL_VERSION, programSpec: program });
      await repo.insertDeliveries(tx, id, [
        { sirenId: sirens[0]!, regionCode: FIXTURE.city, terminalId: 'JB-T-1', nonce: signed.nonce, mac: signed.mac, state: 'sent', reason: null },
        { sirenId: sirens[1]!, regionCode: FIXTURE.city, terminalId: 'JB-T-2', nonce: 'bb'.repeat(16), mac: null, state: 'pending', reason: null },
      ], new Date());
      // The second as a server before migration 0032 wrote it: the whole message in `payload`, no MAC column.
      await tx.query('UPDATE siren_command_target SET payload = $3 WHERE command_id = $1 AND siren_id = $2', [id, sirens[1], '{"stored":"as sent"}']);
    });
    const open = await repo.openDeliveries(db, id);
    expect(open.map((d) => [d.terminalId, d.payload]).sort()).toEqual([['JB-T-1', JSON.stringify(signed)], ['JB-T-2', '{"stored":"as sent"}']]);
    expect((await repo.sentMessages(db, id)).map((m) => m.message)).toEqual([JSON.stringify(signed), '{"stored":"as sent"}']);
  });
});
