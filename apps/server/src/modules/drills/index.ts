/**
 * Drills and exercises (演练): the module's only door — the plugin, the service (interface + factory) and the errors.
 * Scenario, participants, an append-only timeline stamped by the server, scored assessment, findings with follow-ups.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { EventBus } from '../../lib/events.ts';
import { drillsRoutes } from './drills.routes.ts';
import type { DrillsService } from './drills.service.ts';

export { createDrillsService, type DrillsDeps, type DrillsService, type DrillInput, type DrillRow, type FindingInput } from './drills.service.ts';
export { DrillsErrors } from './drills.errors.ts';

export interface DrillsModuleOptions {
  drills: DrillsService;
  events: Pick<EventBus, 'on'>;
}

export const drillsModule: FastifyPluginAsync<DrillsModuleOptions> = async (app, { drills, events }) => {
  await app.register(drillsRoutes, { drills });
  // A member unit a drill names among its participants is not deleted: the command module's delete hears why.
  events.on('command.member_unit_deleted', async (event, { tx }) => {
    event.references.push(await drills.unitReferences(tx, event.unit.id, event.scope));
  });
};
