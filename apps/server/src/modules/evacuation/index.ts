/**
 * Evacuation (疏散): the module's only door — the plugin, the service (interface + factory) and the errors. Places and
 * routes, plans per area, assignment runs through the engine in the shared allocation worker, and 人口数算.
 */
import type { FastifyPluginAsync } from 'fastify';
import { evacuationRoutes } from './evacuation.routes.ts';
import type { EvacuationService } from './evacuation.service.ts';

export { createEvacuationService, type EvacuationDeps, type EvacuationService, type PlaceInput, type AreaPlanInput } from './evacuation.service.ts';
export { EvacuationErrors } from './evacuation.errors.ts';

export interface EvacuationModuleOptions {
  evacuation: EvacuationService;
}

/** Registers the routes; runs a stopped server left unfinished are marked failed when it listens; in-flight runs end at close. */
export const evacuationModule: FastifyPluginAsync<EvacuationModuleOptions> = async (app, { evacuation }) => {
  await app.register(evacuationRoutes, { evacuation });
  app.addHook('onListen', async () => {
    const ids = await evacuation.failInterrupted();
    if (ids.length > 0) app.log.warn({ runs: ids }, 'evacuation runs interrupted by the last stop were marked failed');
  });
  app.addHook('onClose', () => evacuation.close());
};
