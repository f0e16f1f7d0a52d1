/**
 * Key economic targets (重要经济目标): the module's only door — the plugin, the service (interface + factory) and the
 * errors. The register, 七有 and 一库一室一中心, plans, repair team, funds, drills, and the readiness score.
 */
import type { FastifyPluginAsync } from 'fastify';
import { targetsRoutes } from './targets.routes.ts';
import type { TargetsService } from './targets.service.ts';

export { createTargetsService, type TargetsDeps, type TargetsService, type TargetInput } from './targets.service.ts';
export { TargetsErrors } from './targets.errors.ts';

export interface TargetsModuleOptions {
  targets: TargetsService;
}

export const targetsModule: FastifyPluginAsync<TargetsModuleOptions> = async (app, { targets }) => {
  await app.register(targetsRoutes, { targets });
};
