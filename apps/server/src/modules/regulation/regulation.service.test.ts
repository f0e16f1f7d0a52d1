/**
 * The service's rules without a database: the draw input it builds from a frozen pool, and a commit refused before
 * anything is written when a target would be short of inspectors.
 */
import { describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../db/index.ts';
import type { Actor } from '../../lib/actor.ts';
import { createFieldCipher } from '../../lib/field-crypto.ts';
import { createRegulationService, drawInputOf } from './regulation.service.ts';

const actor = { userId: 1, username: 'u', regionCode: '320613', scope: '320613' } as Actor;

describe('regulation service', () => {
  it('keys the draw by USCC and certificate number', () => {
    const input = drawInputOf({
      targets: [{ id: 1, key: 'U1', uscc: 'U1', name: 'a', party: 'a' }], inspectors: [{ id: 2, certNo: 'C1', name: 'b' }],
      conflicts: [{ officerId: 2, enterpriseId: 1, certNo: 'C1', uscc: 'U1', reason: 'r', targetKey: 'U1' }],
    }, 1, 1);
    expect(input).toEqual({ targets: ['U1'], inspectors: ['C1'], conflicts: [['C1', 'U1']], targetCount: 1, inspectorsPerTarget: 1, beaconSource: null });
  });

  it('refuses a commit whose pool leaves a target without enough inspectors, writing nothing', async () => {
    const writes: string[] = [];
    const task = { id: 5, status: 'draft', item: 'construction_quality', regionCode: '320613', targetCount: 1, inspectorsPerTarget: 1, poolFilter: {} };
    const answers: Record<string, unknown[]> = {
      'FROM reg_inspection_task': [task],
      'FROM reg_enterprise': [{ id: 1, key: 'U1', uscc: 'U1', name: 'a', party: 'a' }],
      'FROM reg_officer': [{ id: 2, certNo: 'C1', name: 'b' }],
      'FROM reg_inspection_conflict': [{ officerId: 2, enterpriseId: 1, certNo: 'C1', uscc: 'U1', reason: 'r' }],
    };
    const tx = {
      query: async (sql: string) => {
        if (/^\s*(UPDATE|INSERT)/.test(sql)) writes.push(sql);
        const key = Object.keys(answers).find((k) => sql.includes(k));
        return { rows: key ? answers[key] : [], rowCount: 0 };
      },
    } as unknown as Queryable;
    const db = { query: tx.query, transaction: (fn: (q: Queryable) => Promise<unknown>) => fn(tx) } as unknown as Database;
    const service = createRegulationService({ db, regions: { unknownCodes: async () => [] }, cipher: createFieldCipher({ key: '0'.repeat(32) }), dataDir: '/nonexistent', today: () => '2026-12-04' });
    await expect(service.commitTask(actor, null, 5)).rejects.toMatchObject({ code: 'REGULATION_CANDIDATES_SHORT', status: 400, params: { target: 'U1', available: 0, needed: 1 } });
    expect(writes).toEqual([]);
  });
});
