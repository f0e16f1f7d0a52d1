import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.ts';
import { openTestDatabase } from '../../test/harness.ts';
import { appendAudit, verifyChain } from './audit.service.ts';

let db: Database;
let drop: () => Promise<void>;
const ctx = { actorId: 1, actor: 'tester', ip: '127.0.0.1' };

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
});
afterAll(() => drop());

async function freshChain(n: number) {
  await db.query('DELETE FROM audit_log');
  await db.query(`UPDATE audit_head SET seq = 0, hash = repeat('0', 64)`);
  for (let i = 1; i <= n; i++) {
    await db.transaction((tx) => appendAudit(tx, ctx, { action: 'work.update', entityType: 'work', entityId: i, regionCode: '320612', before: { name: `旧名 ${i}`, n: i }, after: { name: `新名 ${i}`, nested: { b: 1, a: [1, 2] } } }));
  }
}

describe('audit hash chain (SM3)', () => {
  it('verifies an untouched chain', async () => {
    await freshChain(5);
    expect(await verifyChain(db)).toEqual({ ok: true, checked: 5, firstBadId: null, reason: null });
  });

  it('detects a changed row', async () => {
    await freshChain(5);
    await db.query(`UPDATE audit_log SET after = '{"name": "篡改"}'::jsonb WHERE seq = 3`);
    expect(await verifyChain(db)).toMatchObject({ ok: false, firstBadId: 3, checked: 2 });
  });

  it('detects a changed actor or time', async () => {
    await freshChain(3);
    await db.query(`UPDATE audit_log SET at = at + interval '1 second' WHERE seq = 1`);
    expect(await verifyChain(db)).toMatchObject({ ok: false, firstBadId: 1 });
  });

  it('detects a deleted row in the middle', async () => {
    await freshChain(5);
    await db.query('DELETE FROM audit_log WHERE seq = 2');
    expect(await verifyChain(db)).toMatchObject({ ok: false, firstBadId: 2 });
  });

  it('detects the newest rows deleted', async () => {
    await freshChain(5);
    await db.query('DELETE FROM audit_log WHERE seq >= 4');
    const r = await verifyChain(db);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/newest rows removed/);
  });

  it('writes nothing when the surrounding transaction rolls back, leaving no gap', async () => {
    await freshChain(2);
    await expect(db.transaction(async (tx) => {
      await appendAudit(tx, ctx, { action: 'doomed' });
      throw new Error('business rule failed');
    })).rejects.toThrow('business rule failed');
    await db.transaction((tx) => appendAudit(tx, ctx, { action: 'after' }));
    const { rows } = await db.query<{ seq: number; action: string }>('SELECT seq, action FROM audit_log ORDER BY seq');
    expect(rows.map((r) => r.action)).toEqual(['work.update', 'work.update', 'after']);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect((await verifyChain(db)).ok).toBe(true);
  });
});
