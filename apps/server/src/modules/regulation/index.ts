/**
 * Regulation (事中事后监管): the module's only door — the plugin, the service interface with its factory, and
 * the errors: enterprise and officer registers, the verifiable 双随机一公开 inspection draw, approval cases with their
 * clocks and 联审, enforcement cases with their full-process record and hashed evidence, and the fees ledger.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import { shanghaiDate } from '../../lib/time.ts';
import { EVIDENCE_LIMIT_BYTES } from './enforcement.files.ts';
import { enforcementRoutes } from './enforcement.routes.ts';
import { feesRoutes } from './fees.routes.ts';
import { fundRoutes } from './fund.routes.ts';
import { regulationRoutes } from './regulation.routes.ts';
import type { RegulationService } from './regulation.service.ts';

export {
  createRegulationService, type RegulationDeps, type RegulationService, type EnterpriseInput, type OfficerInput, type TaskInput, type ResultInput,
  type FileCaseInput, type CaseStepInput, type EvidenceInput, type AssessInput, type EntryInput, type FundEntryInput,
} from './regulation.service.ts';
export { RegulationErrors } from './regulation.errors.ts';
export { createRegulationLoader, type RegulationLoader } from './regulation.loader.ts';

export interface RegulationModuleOptions {
  regulation: RegulationService;
}

/** Registers the regulation routes on the service `app.ts` built for the whole app. */
export const regulationModule: FastifyPluginAsync<RegulationModuleOptions> = async (app, { regulation }) => {
  // Encapsulated here, as in works: only these routes accept multipart (evidence files).
  await app.register(multipart, { limits: { fileSize: EVIDENCE_LIMIT_BYTES, files: 1, fields: 10, parts: 12 } });
  await app.register(regulationRoutes, { regulation, today: () => shanghaiDate(new Date()) });
  await app.register(enforcementRoutes, { enforcement: regulation });
  await app.register(feesRoutes, { fees: regulation });
  await app.register(fundRoutes, { fund: regulation });
};
