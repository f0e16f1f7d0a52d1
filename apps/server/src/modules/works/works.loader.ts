/**
 * Bulk loads for the demo dataset and the test fixtures: set-based inserts (one statement per table, through
 * `jsonb_to_recordset`) inside the caller's transaction. No rule checks, no life-cycle events, no per-work audit:
 * the caller loads trusted, generated data and audits the load as one action (`system.load_demo`).
 * Works a user creates or imports go through the registry and exchange services instead.
 * Contact phones are sealed (SM4) on the way in, as every other write path does.
 */
import type { Queryable } from '../../db/index.ts';
import type { FieldCipher } from '../../lib/field-crypto.ts';
import { assertKeysMatch, contactPhones } from './registry/contact-phone.ts';
import * as works from './registry/works.repository.ts';
import * as upkeep from './upkeep/upkeep.repository.ts';

export interface WorksLoader {
  /** Inserts the works with their units and entrances; returns how many. */
  insertWorks(q: Queryable, list: works.WorkImport[]): Promise<number>;
  /**
   * A synthetic upkeep history: per work code, one plan per active schedule, `phases` giving per schedule the
   * fraction of its interval elapsed since it was last done (> 1 = overdue). Returns the plans created.
   */
  insertDemoPlans(q: Queryable, items: Array<{ code: string; phases: Record<string, number> | null }>): Promise<number>;
  /**
   * The start-up step for stored contact phones: first checks that every encrypted one opens with the configured
   * keys (throws a `FieldCryptoError` naming the key otherwise, so a wrong key stops the start), then seals with
   * the current key the ones still in plain text (an installation upgraded from before field encryption) and the
   * ones under a previous key (a rotation: once this ran, the old key can leave FIELD_ENCRYPTION_PREVIOUS_KEYS).
   * Idempotent: a second run finds nothing to seal. Returns how many it sealed; run it in a transaction.
   */
  sealContactPhones(q: Queryable): Promise<number>;
}

export function createWorksLoader(opts: { cipher: FieldCipher }): WorksLoader {
  const phones = contactPhones(opts.cipher);
  return {
    insertWorks: async (q, list) => (await works.insertWorks(q, list.map((w) => ({ ...w, contactPhone: phones.seal(w.contactPhone) })))).size,
    insertDemoPlans: (q, items) => upkeep.insertDemoPlans(q, items),
    async sealContactPhones(q) {
      assertKeysMatch(opts.cipher, await works.contactPhoneKeys(q));
      const stale = await works.contactPhonesToSeal(q, opts.cipher.keyId);
      return works.replaceContactPhones(q, stale.map(({ id, phone }) => ({ id, from: phone, to: phones.seal(phones.open(phone)!) })));
    },
  };
}
