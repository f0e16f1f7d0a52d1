import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomSm2PrivateKey } from '../../config.ts';
import type { Database } from '../../db/index.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { hmacSm3Hex, sm3Hex } from '../../lib/crypto.ts';
import { openTestDatabase } from '../../test/harness.ts';
import { installChainSettings, keyedChainHash, type ChainSettings } from './audit.chain.ts';
import { appendAudit, createAuditService, verifyChain } from './audit.service.ts';

let db: Database;
let drop: () => Promise<void>;
let dir: string;
const ctx = { actorId: 1, actor: 'tester', ip: '127.0.0.1' };
const HMAC_KEY = 'a5'.repeat(32);

beforeAll(async () => {
  ({ db, drop } = await openTestDatabase());
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-audit-'));
});
afterAll(async () => {
  await drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

let caseNo = 0;
/** This process's chain settings for one case: the HMAC key, a signing key, and a checkpoint file of its own. */
function keyed(overrides: Partial<ChainSettings> = {}): ChainSettings {
  const settings: ChainSettings = {
    hmacKey: HMAC_KEY, signingKey: randomSm2PrivateKey(), checkpointFile: path.join(dir, `checkpoints-${++caseNo}.jsonl`),
    checkpointSeconds: 60, syslogUrl: null, ...overrides,
  };
  installChainSettings(settings);
  return settings;
}
const unkeyed = () => installChainSettings({ hmacKey: null, signingKey: null, checkpointFile: path.join(dir, 'none.jsonl'), checkpointSeconds: 60, syslogUrl: null });

async function freshChain(n: number) {
  await db.query('DELETE FROM audit_log');
  await db.query(`UPDATE audit_head SET seq = 0, hash = repeat('0', 64)`);
  await appendRows(n);
}
async function appendRows(n: number) {
  for (let i = 1; i <= n; i++) {
    await db.transaction((tx) => appendAudit(tx, ctx, { action: 'work.update', entityType: 'work', entityId: i, regionCode: '320612', before: { name: `旧名 ${i}`, n: i }, after: { name: `新名 ${i}`, nested: { b: 1, a: [1, 2] } } }));
  }
}

type Row = { seq: number; at: Date; actorId: number | null; actor: string | null; action: string; entityType: string | null; entityId: string | null; regionCode: string | null; outcome: 'success' | 'failure'; ip: string | null; before: unknown; after: unknown; prevHash: string; hash: string };
const readRows = async () => (await db.query<Row>(`SELECT seq, at, actor_id AS "actorId", actor, action, entity_type AS "entityType", entity_id AS "entityId",
  region_code AS "regionCode", outcome, ip, before, after, prev_hash AS "prevHash", hash FROM audit_log ORDER BY seq`)).rows;

/**
 * What an attacker with database access but no key can do: change row `seq`, then recompute every hash from there
 * on with plain SM3 (the published algorithm) and move the head, so that the chain is consistent again.
 */
async function rewriteWithPlainSm3(seq: number, after: unknown) {
  await db.query('UPDATE audit_log SET after = $2::jsonb WHERE seq = $1', [seq, JSON.stringify(after)]);
  const rows = await readRows();
  let prev = rows.find((r) => r.seq === seq - 1)?.hash ?? '0'.repeat(64);
  for (const r of rows.filter((x) => x.seq >= seq)) {
    const { prevHash: _p, hash: _h, ...fields } = r;
    const hash = sm3Hex(`${prev}|${canonicalJson({ ...fields, seq: Number(r.seq), at: new Date(r.at).toISOString() })}`);
    await db.query('UPDATE audit_log SET prev_hash = $2, hash = $3 WHERE seq = $1', [r.seq, prev, hash]);
    prev = hash;
  }
  await db.query('UPDATE audit_head SET hash = $1 WHERE id = 1', [prev]);
}

describe('audit hash chain, keyed with HMAC-SM3', () => {
  it('verifies an untouched chain', async () => {
    keyed();
    await freshChain(5);
    expect(await verifyChain(db)).toEqual({ ok: true, checked: 5, firstBadId: null, reason: null, problems: [], keyedFrom: 1, checkpoints: 0 });
    const { rows } = await db.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY seq LIMIT 1');
    expect(rows[0]!.hash).toMatch(/^hmac-sm3:[0-9a-f]{8}:[0-9a-f]{64}$/);
  });

  it('detects a changed row', async () => {
    keyed();
    await freshChain(5);
    await db.query(`UPDATE audit_log SET after = '{"name": "篡改"}'::jsonb WHERE seq = 3`);
    expect(await verifyChain(db)).toMatchObject({ ok: false, firstBadId: 3, checked: 5, problems: [{ seq: 3, reason: 'row 3 was changed' }] });
  });

  it('lists every broken row, not only the first', async () => {
    keyed();
    await freshChain(7);
    await db.query(`UPDATE audit_log SET after = '{"name": "篡改"}'::jsonb WHERE seq IN (2, 5)`);
    await db.query(`UPDATE audit_log SET actor = 'someone-else' WHERE seq = 7`);
    await db.query('DELETE FROM audit_log WHERE seq = 4');
    const r = await verifyChain(db);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      { seq: 2, reason: 'row 2 was changed' },
      { seq: 4, reason: 'row 4 is missing' },
      { seq: 5, reason: 'row 5 was changed' },
      { seq: 7, reason: 'row 7 was changed' },
    ]);
    expect(r.firstBadId).toBe(2);
  });

  it('detects a changed actor or time', async () => {
    keyed();
    await freshChain(3);
    await db.query(`UPDATE audit_log SET at = at + interval '1 second' WHERE seq = 1`);
    expect(await verifyChain(db)).toMatchObject({ ok: false, firstBadId: 1 });
  });

  it('detects a deleted row in the middle', async () => {
    keyed();
    await freshChain(5);
    await db.query('DELETE FROM audit_log WHERE seq = 2');
    expect(await verifyChain(db)).toMatchObject({ ok: false, firstBadId: 2, reason: 'row 2 is missing' });
  });

  it('detects the newest rows deleted', async () => {
    keyed();
    await freshChain(5);
    await db.query('DELETE FROM audit_log WHERE seq >= 4');
    const r = await verifyChain(db);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/newest rows removed/);
  });

  it('detects history rewritten with plain SM3 recomputation (the key is not in the database)', async () => {
    const settings = keyed();
    await freshChain(5);
    await createAuditService({ db }).checkpoint();
    await rewriteWithPlainSm3(3, { name: '篡改' });
    const r = await verifyChain(db);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(expect.arrayContaining([
      { seq: 3, reason: 'row 3 has a plain SM3 hash after keyed row 1: rewritten without the key' },
      { seq: 5, reason: expect.stringMatching(/^row 5 is not the row checkpointed at .*: history rewritten$/) as string },
    ]));
    // Even the whole chain rewritten as plain SM3 (a downgrade) is caught by the checkpoint.
    await rewriteWithPlainSm3(1, { name: '篡改' });
    const all = await verifyChain(db, settings);
    expect(all.keyedFrom).toBeNull();
    expect(all.problems).toEqual([{ seq: 5, reason: expect.stringMatching(/^row 5 is not the row checkpointed at .*: history rewritten$/) as string }]);
  });

  it('detects the newest rows deleted with the head moved back, through a checkpoint outside the database', async () => {
    keyed();
    await freshChain(6);
    const cp = await createAuditService({ db }).checkpoint();
    expect(cp).toMatchObject({ seq: 6 });
    // A consistent truncation (or a restore of an older backup): rows and head agree, only the checkpoint knows.
    const { rows } = await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = 4');
    await db.query('DELETE FROM audit_log WHERE seq > 4');
    await db.query('UPDATE audit_head SET seq = 4, hash = $1 WHERE id = 1', [rows[0]!.hash]);
    const r = await verifyChain(db);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([{ seq: 6, reason: expect.stringMatching(/^checkpoint of row 6 .* is newer than the log, which ends at row 4: newest rows removed or the database restored to an older state$/) as string }]);
  });

  it('checks every checkpoint signature', async () => {
    const settings = keyed();
    await freshChain(2);
    const audit = createAuditService({ db });
    await audit.checkpoint();
    expect(await audit.checkpoint()).toBeNull(); // the head did not move: nothing new to anchor
    await appendRows(1);
    await audit.checkpoint();
    expect(await verifyChain(db)).toMatchObject({ ok: true, checkpoints: 2 });
    // A checkpoint forged by someone without the signing key.
    const lines = fs.readFileSync(settings.checkpointFile, 'utf8').trim().split('\n');
    const forged = { ...(JSON.parse(lines[1]!) as Record<string, unknown>), seq: 9 };
    fs.appendFileSync(settings.checkpointFile, `${JSON.stringify(forged)}\nnot json\n`);
    const r = await verifyChain(db);
    expect(r.problems).toEqual([
      { seq: 9, reason: expect.stringMatching(/^checkpoint on line 3 \(row 9, .*\) has an invalid SM2 signature$/) as string },
      { seq: null, reason: 'checkpoint file line 4 is not a checkpoint' },
    ]);
    expect(r.checkpoints).toBe(2);
  });

  it('refuses a chain written with another key, and says so once', async () => {
    keyed();
    await freshChain(3);
    const r = await verifyChain(db, { hmacKey: 'b6'.repeat(32), signingKey: null, checkpointFile: path.join(dir, 'none.jsonl') });
    expect(r.problems).toEqual([{ seq: 1, reason: expect.stringMatching(/^rows from 1 were written with HMAC key [0-9a-f]{8}, neither the configured AUDIT_HMAC_KEY \([0-9a-f]{8}\) nor one of AUDIT_HMAC_PREVIOUS_KEYS: they cannot be checked$/) as string }]);
  });

  it('rotates the HMAC key: the new key goes on from the old segment, and verify checks each segment with its own key', async () => {
    const NEW_KEY = 'c7'.repeat(32);
    keyed();
    await freshChain(3);
    // Without the old key among the previous ones, a process with the new key refuses to extend the chain.
    keyed({ hmacKey: NEW_KEY });
    await expect(appendRows(1)).rejects.toThrow(/AUDIT_HMAC_PREVIOUS_KEYS/);
    const rotated = keyed({ hmacKey: NEW_KEY, previousHmacKeys: [HMAC_KEY] });
    await appendRows(3);
    const ids = (await readRows()).map((r) => r.hash.split(':')[1]);
    expect(new Set(ids.slice(0, 3)).size).toBe(1);
    expect(new Set(ids.slice(3)).size).toBe(1);
    expect(ids[0]).not.toBe(ids[3]);
    expect(await verifyChain(db)).toMatchObject({ ok: true, checked: 6, problems: [], keyedFrom: 1 });
    // Each segment is checked with its own key: a change in either is found.
    await db.query(`UPDATE audit_log SET after = '{"name": "篡改"}'::jsonb WHERE seq IN (2, 5)`);
    expect((await verifyChain(db)).problems).toEqual([{ seq: 2, reason: 'row 2 was changed' }, { seq: 5, reason: 'row 5 was changed' }]);
    // The old key alone cannot check the new segment.
    const oldOnly = await verifyChain(db, { hmacKey: HMAC_KEY, signingKey: null, checkpointFile: rotated.checkpointFile });
    expect(oldOnly.problems.at(-1)?.reason).toMatch(/^rows from 4 were written with HMAC key/);
  });

  it('finds a row rewritten with a retired key after the new key took over (the old key leaked)', async () => {
    const NEW_KEY = 'd8'.repeat(32);
    keyed();
    await freshChain(2);
    keyed({ hmacKey: NEW_KEY, previousHmacKeys: [HMAC_KEY] });
    await appendRows(2);
    // Whoever holds the retired key rewrites the newest row with it, consistently (its link, the head).
    await db.query(`UPDATE audit_log SET after = '{"name": "篡改"}'::jsonb WHERE seq = 4`);
    const last = (await readRows()).find((r) => r.seq === 4)!;
    const { prevHash, hash: _h, ...fields } = last;
    const forged = keyedChainHash(HMAC_KEY, prevHash, { ...fields, seq: Number(fields.seq), at: new Date(fields.at).toISOString() } as never);
    await db.query('UPDATE audit_log SET hash = $1 WHERE seq = 4', [forged]);
    await db.query('UPDATE audit_head SET hash = $1 WHERE id = 1', [forged]);
    const r = await verifyChain(db);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([{ seq: 4, reason: expect.stringMatching(/^row 4 is keyed with the retired HMAC key [0-9a-f]{8} after key [0-9a-f]{8} took over at row 3: rewritten with an old key$/) as string }]);
  });

  it('verifies a failed sign-in by a user name with a lone surrogate, stored as U+FFFD', async () => {
    keyed();
    await freshChain(1);
    const lone = '\ud800';
    await db.transaction((tx) => appendAudit(tx, { actorId: null, actor: `x${lone}`, ip: null }, {
      action: 'auth.login', outcome: 'failure', entityType: `t${lone}`, after: { reason: `bad${'\udc00'}`, [`k${lone}`]: [lone] },
    }));
    await appendRows(1);
    expect(await verifyChain(db)).toMatchObject({ ok: true, checked: 3, problems: [] });
    const { rows } = await db.query<{ actor: string; after: Record<string, unknown> }>('SELECT actor, after FROM audit_log WHERE seq = 2');
    expect(rows[0]).toEqual({ actor: 'x\ufffd', after: { reason: 'bad\ufffd', 'k\ufffd': ['\ufffd'] } });
  });

  it('sends each checkpoint to a syslog receiver over UDP', async () => {
    const receiver = dgram.createSocket('udp4');
    const got = new Promise<string>((resolve) => receiver.on('message', (m) => resolve(m.toString('utf8'))));
    await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
    try {
      keyed({ syslogUrl: `udp://127.0.0.1:${receiver.address().port}` });
      await freshChain(1);
      const cp = await createAuditService({ db }).checkpoint();
      const message = await got;
      expect(message).toMatch(/^<110>1 \S+ \S+ civdef \d+ audit-checkpoint - \{/);
      expect(JSON.parse(message.slice(message.indexOf('{')))).toEqual(cp);
    } finally {
      receiver.close();
    }
  });

  it('sends each checkpoint to a syslog receiver over TCP, octet-counted', async () => {
    let received = '';
    const server = net.createServer();
    const closed = new Promise<void>((resolve) => {
      server.on('connection', (socket) => {
        socket.on('data', (d: Buffer) => (received += d.toString('utf8')));
        socket.on('end', () => resolve());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      keyed({ syslogUrl: `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}` });
      await freshChain(1);
      const cp = await createAuditService({ db }).checkpoint();
      await closed;
      const [, length, message] = /^(\d+) (.*)$/s.exec(received)!;
      expect(Buffer.byteLength(message!)).toBe(Number(length));
      expect(JSON.parse(message!.slice(message!.indexOf('{')))).toEqual(cp);
    } finally {
      server.close();
    }
  });

  it('writes nothing when the surrounding transaction rolls back, leaving no gap', async () => {
    keyed();
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

describe('an existing plain SM3 chain', () => {
  it('keeps verifying its old rows and continues keyed from the first row written with the key', async () => {
    unkeyed();
    await freshChain(3);
    expect(await verifyChain(db)).toMatchObject({ ok: true, keyedFrom: null });
    keyed();
    await appendRows(2);
    expect(await verifyChain(db)).toMatchObject({ ok: true, checked: 5, keyedFrom: 4, problems: [] });
    // A process without the key may not extend a keyed chain with plain rows.
    unkeyed();
    await expect(db.transaction((tx) => appendAudit(tx, ctx, { action: 'plain' }))).rejects.toThrow(/no AUDIT_HMAC_KEY/);
    // Old rows are still checked: a change to one is found.
    await db.query(`UPDATE audit_log SET after = '{"name": "篡改"}'::jsonb WHERE seq = 2`);
    expect(await verifyChain(db, { hmacKey: HMAC_KEY, signingKey: null, checkpointFile: path.join(dir, 'none.jsonl') })).toMatchObject({ ok: false, problems: [{ seq: 2, reason: 'row 2 was changed' }] });
  });

  it('hashes a keyed row as HMAC-SM3 over the previous hash and the canonical row', async () => {
    keyed();
    await freshChain(1);
    const [row] = await readRows();
    const { prevHash, hash, ...fields } = row!;
    const mac = hmacSm3Hex(HMAC_KEY, `${prevHash}|${canonicalJson({ ...fields, seq: Number(fields.seq), at: new Date(fields.at).toISOString() })}`);
    expect(hash.endsWith(`:${mac}`)).toBe(true);
  });
});
