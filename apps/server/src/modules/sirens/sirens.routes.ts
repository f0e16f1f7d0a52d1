/**
 * HTTP routes of the sirens module: schema → service → presenter, nothing else. Each route declares its
 * access (`config.access`, a permission of the domain package); the auth plugin enforces it before the
 * handler runs and the OpenAPI document publishes it.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.ts';
import { presentSirenMap } from './sirens.presenter.ts';
import { MapSirensSchema } from './sirens.schemas.ts';
import type { SirensService } from './sirens.service.ts';

export const sirensRoutes: FastifyPluginAsyncTypebox<{ sirens: SirensService }> = async (app, { sirens }) => {
  app.get('/api/map/sirens', { config: { access: 'sirens:read' }, schema: MapSirensSchema }, async (request) =>
    presentSirenMap(await sirens.mapOf(requireActor(request))),
  );
};
