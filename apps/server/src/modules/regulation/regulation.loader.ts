/**
 * The bulk loader bootstrap writes the demo's enterprise and officer registers through, inside the demo load's
 * transaction (which audits the load as a whole). Every row is flagged synthetic; no contact phone is invented.
 */
import type { RegulationDemo } from '@civdef/demo-data';
import type { Queryable } from '../../db/index.ts';
import * as repo from './regulation.repository.ts';

export interface RegulationLoader {
  loadDemo(tx: Queryable, demo: RegulationDemo): Promise<{ enterprises: number; officers: number }>;
}

export function createRegulationLoader(): RegulationLoader {
  return {
    async loadDemo(tx, demo) {
      const enterprises = await repo.insertEnterprises(tx, demo.enterprises.map((e) => ({ ...e, contactName: null, contactPhone: null, synthetic: true })));
      const officers = await repo.insertOfficers(tx, demo.officers.map((o) => ({ ...o, synthetic: true })));
      return { enterprises: enterprises.length, officers: officers.length };
    },
  };
}
