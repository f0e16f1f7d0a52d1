/**
 * CAP ingest (接收其他部门的 CAP 预警): the module's only door — the plugin, the service (interface and factory), the errors.
 */
import type { FastifyPluginAsync } from 'fastify';
import { capIngestRoutes } from './cap-ingest.routes.ts';
import type { CapIngestService } from './cap-ingest.service.ts';

export { createCapIngestService, type CapIngestDeps, type CapIngestService } from './cap-ingest.service.ts';
export { CapIngestErrors } from './cap-ingest.errors.ts';

/** Registers the routes; the feeds are polled every `pollTickMs` (0: never) while the app runs. */
export const capIngestModule: FastifyPluginAsync<{ capIngest: CapIngestService; pollTickMs: number }> = async (app, { capIngest, pollTickMs }) => {
  await app.register(capIngestRoutes, { capIngest });
  let stop = () => undefined as void;
  if (pollTickMs > 0) app.addHook('onReady', async () => void (stop = capIngest.startPoller(pollTickMs)));
  app.addHook('onClose', async () => stop());
};
