/**
 * The service's own rule, without a database: its regions dependency is a two-line fake of the narrowed
 * interface it declares, and the transaction a recorder of the SQL it would run.
 */
import { describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../db/index.ts';
import { createFieldCipher } from '../../lib/field-crypto.ts';
import { createSirensService, TERMINAL_KEY_CONTEXT, type SirenImport } from './sirens.service.ts';

const cipher = createFieldCipher({ key: '0123456789abcdef0123456789abcdef' });

const siren = (code: string, regionCode: string): SirenImport => ({
  code, name: code, regionCode, location: [120.88, 32.02], kind: 'electronic', status: 'online', controlChannel: 'mqtt',
});

/** Records the SQL and its parameters; an INSERT … RETURNING answers an id per row it was given. */
function recordingTx() {
  const sql: string[] = [];
  const params: unknown[][] = [];
  const tx = {
    query: async (text: string, values: unknown[] = []) => {
      sql.push(text);
      params.push(values);
      const rows = /RETURNING id, code/.test(text) ? (JSON.parse(values[0] as string) as Array<{ code: string }>).map((r, i) => ({ id: i + 1, code: r.code })) : [];
      return { rows, rowCount: rows.length };
    },
  } as unknown as Queryable;
  return { tx, sql, params };
}

describe('sirens service: loadBulk', () => {
  it('refuses the batch naming the first siren of an unknown region, before any SQL runs', async () => {
    const asked: Array<{ codes: readonly string[]; q: unknown }> = [];
    const regions = { unknownCodes: async (codes: readonly string[], q?: Queryable) => (asked.push({ codes, q }), ['320699001']) };
    const { tx, sql } = recordingTx();
    const sirens = createSirensService({ db: {} as Database, regions, cipher });
    await expect(sirens.loadBulk(tx, [siren('A', '320613001'), siren('B', '320699001'), siren('C', '320699001')]))
      .rejects.toMatchObject({ code: 'SIRENS_REGION_UNKNOWN', status: 400, params: { code: 'B', regionCode: '320699001' } });
    expect(sql).toEqual([]);
    // Each region asked once, through the caller's transaction.
    expect(asked).toEqual([{ codes: ['320613001', '320699001'], q: tx }]);
  });

  it('inserts the batch in one statement through the caller transaction when every region exists, then starts each history', async () => {
    const { tx, sql } = recordingTx();
    const sirens = createSirensService({ db: {} as Database, regions: { unknownCodes: async () => [] }, cipher });
    expect(await sirens.loadBulk(tx, [siren('A', '320613001'), siren('B', '320612001')])).toBe(2);
    expect(sql).toHaveLength(2);
    expect(sql[0]).toMatch(/INSERT INTO siren .* jsonb_to_recordset/s);
    expect(sql[1]).toMatch(/INSERT INTO siren_status_event/);
  });

  it('gives each remote siren its own sealed terminal key and its code as terminal id; manual sirens get neither', async () => {
    const { tx, params } = recordingTx();
    const sirens = createSirensService({ db: {} as Database, regions: { unknownCodes: async () => [] }, cipher });
    await sirens.loadBulk(tx, [siren('A', '320613001'), siren('B', '320613001'), { ...siren('M', '320613001'), controlChannel: 'manual', contactPhone: '13812345678' }]);
    const rows = JSON.parse(params[0]![0] as string) as Array<{ code: string; terminalId: string | null; terminalKey: string | null; contactPhone: string | null }>;
    expect(rows.map((r) => r.terminalId)).toEqual(['A', 'B', null]);
    const [a, b, m] = rows;
    expect(a!.terminalKey).toMatch(/^sm4:v1:/);
    const keyA = cipher.decrypt(a!.terminalKey!, TERMINAL_KEY_CONTEXT);
    expect(keyA).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.decrypt(b!.terminalKey!, TERMINAL_KEY_CONTEXT)).not.toBe(keyA);
    expect(m!.terminalKey).toBeNull();
    expect(m!.contactPhone).toMatch(/^sm4:v1:/);
    expect(JSON.stringify(rows)).not.toContain('13812345678');
  });
});
