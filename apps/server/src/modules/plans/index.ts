/**
 * Plans (人民防空方案, 专项方案, 应急预案): the module's only door — the plugin, the service (interface + factory)
 * and the errors. Versioned revisions with approval by someone other than the author, and a structured diff.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { EventBus } from '../../lib/events.ts';
import { plansRoutes } from './plans.routes.ts';
import type { PlansService } from './plans.service.ts';

export { createPlansService, type PlansDeps, type PlansService, type PlanInput, type PlanRow } from './plans.service.ts';
export { PlansErrors } from './plans.errors.ts';

export interface PlansModuleOptions {
  plans: PlansService;
  events: Pick<EventBus, 'on'>;
}

export const plansModule: FastifyPluginAsync<PlansModuleOptions> = async (app, { plans, events }) => {
  await app.register(plansRoutes, { plans });
  // A member unit a current plan assigns a task to is not deleted: the command module's delete hears why.
  events.on('command.member_unit_deleted', async (event, { tx }) => {
    event.references.push(await plans.unitReferences(tx, event.unit.id, event.scope));
  });
};
