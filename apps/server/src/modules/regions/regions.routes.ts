import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.ts';
import { presentBoundaries, presentRegion } from './regions.presenter.ts';
import { BoundariesSchema, ListRegionsSchema } from './regions.schemas.ts';
import type { RegionsService } from './regions.service.ts';

export const regionsRoutes: FastifyPluginAsyncTypebox<{ regions: RegionsService }> = async (app, { regions }) => {
  app.get('/api/regions', { config: { access: 'regions:read' }, schema: ListRegionsSchema }, async (request) => ({
    items: (await regions.listFor(requireActor(request))).map(presentRegion),
  }));

  app.get('/api/regions/boundaries', { config: { access: 'regions:read' }, schema: BoundariesSchema }, async (request) =>
    presentBoundaries(await regions.boundariesFor(requireActor(request))),
  );
};
