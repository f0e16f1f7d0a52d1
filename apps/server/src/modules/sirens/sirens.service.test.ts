/**
 * The service's own rule, without a database: its regions dependency is a two-line fake of the narrowed
 * interface it declares, and the transaction a recorder of the SQL it would run.
 */
import { describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../db/index.ts';
import { createSirensService, type SirenImport } from './sirens.service.ts';

const siren = (code: string, regionCode: string): SirenImport => ({
  code, name: code, regionCode, location: [120.88, 32.02], kind: 'electronic', status: 'online', controlChannel: 'mqtt',
});

function recordingTx() {
  const sql: string[] = [];
  const tx = { query: async (text: string) => (sql.push(text), { rows: [], rowCount: 2 }) } as unknown as Queryable;
  return { tx, sql };
}

describe('sirens service: loadBulk', () => {
  it('refuses the batch naming the first siren of an unknown region, before any SQL runs', async () => {
    const asked: Array<{ codes: readonly string[]; q: unknown }> = [];
    const regions = { unknownCodes: async (codes: readonly string[], q?: Queryable) => (asked.push({ codes, q }), ['320699001']) };
    const { tx, sql } = recordingTx();
    const sirens = createSirensService({ db: {} as Database, regions });
    await expect(sirens.loadBulk(tx, [siren('A', '320613001'), siren('B', '320699001'), siren('C', '320699001')]))
      .rejects.toMatchObject({ code: 'SIRENS_REGION_UNKNOWN', status: 400, params: { code: 'B', regionCode: '320699001' } });
    expect(sql).toEqual([]);
    // Each region asked once, through the caller's transaction.
    expect(asked).toEqual([{ codes: ['320613001', '320699001'], q: tx }]);
  });

  it('inserts the batch in one statement through the caller transaction when every region exists', async () => {
    const { tx, sql } = recordingTx();
    const sirens = createSirensService({ db: {} as Database, regions: { unknownCodes: async () => [] } });
    expect(await sirens.loadBulk(tx, [siren('A', '320613001'), siren('B', '320612001')])).toBe(2);
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(/INSERT INTO siren .* jsonb_to_recordset/s);
  });
});
