/**
 * Zoning (建设管控): the module's only door — the plugin, the service (interface + factory) and the errors. The 结建
 * rule table per jurisdiction with effective dates, the project calculator, 控规 parcels and the 易地统筹 ledger.
 */
import type { FastifyPluginAsync } from 'fastify';
import { zoningRoutes } from './zoning.routes.ts';
import type { ZoningService } from './zoning.service.ts';

export {
  createZoningService, createZoningLoader, type ZoningLoader, type ZoningDeps, type ZoningService, type ZoningDemo, type ProjectInput, type ProjectResult, type RuleInput,
} from './zoning.service.ts';
export { ZoningErrors } from './zoning.errors.ts';

export interface ZoningModuleOptions {
  zoning: ZoningService;
}

export const zoningModule: FastifyPluginAsync<ZoningModuleOptions> = async (app, { zoning }) => {
  await app.register(zoningRoutes, { zoning });
};
