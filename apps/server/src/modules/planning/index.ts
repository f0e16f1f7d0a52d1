/**
 * Planning (人防规划): the module's only door — the plugin, the service (interface + factory) and the errors. The
 * shelter balance per assessment area, the 留城比例 per area, and allocation runs solved by the engine in a worker.
 */
import type { FastifyPluginAsync } from 'fastify';
import { planningRoutes } from './planning.routes.ts';
import type { PlanningService } from './planning.service.ts';
import { planningReportsRoutes } from './planning.reports.routes.ts';
import type { PlanningReportsService } from './planning.reports.service.ts';
import { planningAreasRoutes } from './planning.areas.routes.ts';
import type { PlanningAreasService } from './planning.areas.service.ts';

export { createPlanningService, type PlanningDeps, type PlanningService, type PlanningSettings } from './planning.service.ts';
export { PlanningErrors } from './planning.errors.ts';
export { createPlanningServices, type PlanningReportsService, type PlanningAreasService } from './planning.services.ts';

export interface PlanningModuleOptions {
  planning: PlanningService;
  /** Gap closing and the XLSX tables (absent: those routes are not served). */
  reports?: PlanningReportsService;
  /** Assessment-area sets (imported polygons) and their balance (absent: not served). */
  areas?: PlanningAreasService;
}

/**
 * Registers the planning routes. Runs a stopped server left queued or running are marked failed when the server
 * listens (they can never finish; not on `ready`, which tools that never serve reach too), and runs in flight are
 * cancelled when it closes.
 */
export const planningModule: FastifyPluginAsync<PlanningModuleOptions> = async (app, { planning, reports, areas }) => {
  await app.register(planningRoutes, { planning });
  if (reports) await app.register(planningReportsRoutes, { reports });
  if (areas) await app.register(planningAreasRoutes, { areas });
  app.addHook('onListen', async () => {
    const ids = await planning.failInterrupted();
    if (ids.length > 0) app.log.warn({ runs: ids }, 'allocation runs interrupted by the last stop were marked failed');
  });
  app.addHook('onClose', async () => {
    await planning.close();
    await reports?.close();
  });
};
