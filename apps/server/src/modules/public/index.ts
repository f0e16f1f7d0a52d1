/**
 * The public app (公众端): the module's only door — the plugin, the service (interface and factory), the errors.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { EventBus } from '../../lib/events.ts';
import { publicRoutes } from './public.routes.ts';
import type { PublicService } from './public.service.ts';

export { createPublicService, type PublicDeps, type PublicService } from './public.service.ts';
export { PublicErrors } from './public.errors.ts';

/** Registers the public routes; the index follows the works events of this app and is loaded when the app is ready. */
export const publicModule: FastifyPluginAsync<{ publicApp: PublicService; events: EventBus }> = async (app, { publicApp, events }) => {
  publicApp.subscribe(events);
  await app.register(publicRoutes, { publicApp });
  app.addHook('onReady', async () => {
    // Loaded in the background: a first request waits for it, start-up does not.
    publicApp.ready().catch((err: Error) => app.log.warn({ err: err.message }, 'public index: first load failed; retried on the next request'));
  });
  app.addHook('onClose', async () => publicApp.close());
};
