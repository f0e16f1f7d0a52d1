/**
 * Plans (人民防空方案, 专项方案, 应急预案): the module's only door — the plugin, the service (interface + factory)
 * and the errors. Versioned revisions with approval by someone other than the author, and a structured diff.
 */
import type { FastifyPluginAsync } from 'fastify';
import { plansRoutes } from './plans.routes.ts';
import type { PlansService } from './plans.service.ts';

export { createPlansService, type PlansDeps, type PlansService, type PlanInput, type PlanRow } from './plans.service.ts';
export { PlansErrors } from './plans.errors.ts';

export interface PlansModuleOptions {
  plans: PlansService;
}

export const plansModule: FastifyPluginAsync<PlansModuleOptions> = async (app, { plans }) => {
  await app.register(plansRoutes, { plans });
};
