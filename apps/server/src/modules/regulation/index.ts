/**
 * Regulation (事中事后监管): the module's only door — the plugin, the service interface with its factory, and
 * the errors. First slice of the regulation issue: enterprise and officer registers and the verifiable 双随机一公开
 * inspection draw.
 */
import type { FastifyPluginAsync } from 'fastify';
import { shanghaiDate } from '../../lib/time.ts';
import { regulationRoutes } from './regulation.routes.ts';
import type { RegulationService } from './regulation.service.ts';

export {
  createRegulationService, type RegulationDeps, type RegulationService, type EnterpriseInput, type OfficerInput, type TaskInput, type ResultInput,
} from './regulation.service.ts';
export { RegulationErrors } from './regulation.errors.ts';

export interface RegulationModuleOptions {
  regulation: RegulationService;
}

/** Registers the regulation routes on the service `app.ts` built for the whole app. */
export const regulationModule: FastifyPluginAsync<RegulationModuleOptions> = async (app, { regulation }) => {
  await app.register(regulationRoutes, { regulation, today: () => shanghaiDate(new Date()) });
};
