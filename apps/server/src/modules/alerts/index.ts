/**
 * Alerts (警报发布): the module's only door — the plugin, the service (interface and factory), the errors.
 */
import type { FastifyPluginAsync } from 'fastify';
import { alertsRoutes } from './alerts.routes.ts';
import type { AlertsService } from './alerts.service.ts';

export { createAlertsService, type AlertsDeps, type AlertsService, type AlertsSettings } from './alerts.service.ts';
export { AlertsErrors } from './alerts.errors.ts';

/** Registers the alerts routes (internal and the public feed); pushes owed to agencies resume when the app is ready. */
export const alertsModule: FastifyPluginAsync<{ alerts: AlertsService }> = async (app, { alerts }) => {
  await app.register(alertsRoutes, { alerts });
  app.addHook('onReady', () => alerts.resumePushes());
};
