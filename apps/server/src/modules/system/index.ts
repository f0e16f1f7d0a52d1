/** Platform facts (health, public configuration, the demo marker): the module's only door. */
import type { FastifyPluginAsync } from 'fastify';
import { systemRoutes } from './system.routes.ts';
import type { SystemService } from './system.service.ts';

export { createSystemService, type SystemDeps, type SystemService, type DemoDataMark } from './system.service.ts';

export const systemModule: FastifyPluginAsync<{ system: SystemService }> = async (app, { system }) => {
  await app.register(systemRoutes, { system });
};
