/**
 * Alerts (警报发布): the module's only door — the plugin, the service (interface and factory), the errors.
 */
import type { FastifyPluginAsync } from 'fastify';
import { alertsRoutes } from './alerts.routes.ts';
import type { Queryable } from '../../db/index.ts';
import { publicSummaries } from './alerts.repository.ts';
import type { AlertsService } from './alerts.service.ts';

export { createAlertsService, type AlertsDeps, type AlertsService, type AlertsSettings } from './alerts.service.ts';
export { AlertsErrors } from './alerts.errors.ts';
export { AlertArea } from './alerts.schemas.ts';
export { presentPublicAlert } from './alerts.presenter.ts';
export { createAlertsLoader, type AlertsLoader } from './alerts.loader.ts';

/**
 * The published feed read straight from the database, for a process that issues nothing (the static export): no
 * siren control behind it, and nothing published here to listen to.
 */
export function alertsFeedReader(db: Queryable): Pick<AlertsService, 'publicFeed' | 'onPublished'> {
  return { publicFeed: (limit) => publicSummaries(db, limit), onPublished: () => () => undefined };
}

/** Registers the alerts routes (internal and the public feed); the channels module pushes what they publish. */
export const alertsModule: FastifyPluginAsync<{ alerts: AlertsService }> = async (app, { alerts }) => {
  await app.register(alertsRoutes, { alerts });
};
