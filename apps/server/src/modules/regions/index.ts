/** Jurisdictions and boundaries (行政区划): the module's only door. */
import type { FastifyPluginAsync } from 'fastify';
import { regionsRoutes } from './regions.routes.ts';
import type { RegionsService } from './regions.service.ts';

export { createRegionsService, type RegionsService, type RegionInput } from './regions.service.ts';
export { RegionsErrors } from './regions.errors.ts';

export const regionsModule: FastifyPluginAsync<{ regions: RegionsService }> = async (app, { regions }) => {
  await app.register(regionsRoutes, { regions });
};
