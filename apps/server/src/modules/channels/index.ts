/**
 * Channels (其他发布渠道): subscribed agencies (signed CAP push) and SMS lists — the module's only door: the plugin,
 * the service (interface and factory), the SMS gateway adapter, the errors.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { EventBus } from '../../lib/events.ts';
import { channelsRoutes } from './channels.routes.ts';
import type { ChannelsService } from './channels.service.ts';

export { createChannelsService, type ChannelsDeps, type ChannelsService, type ChannelsSettings } from './channels.service.ts';
export { createHttpSmsGateway, type SmsGateway, type SmsSigningKeys } from './channels.sms.ts';
export { ChannelsErrors } from './channels.errors.ts';

/**
 * Registers the routes, writes deliveries on the alerts' event of this app, imports the configured agencies and SMS
 * gateway key when the app is ready, and runs the dispatcher while the app runs.
 */
export const channelsModule: FastifyPluginAsync<{ channels: ChannelsService; events: EventBus; dispatch: boolean }> = async (app, { channels, events, dispatch }) => {
  channels.subscribe(events);
  await app.register(channelsRoutes, { channels });
  let stop = () => undefined as void;
  app.addHook('onReady', async () => {
    await channels.importConfigured();
    await channels.importSmsKey();
    if (dispatch) stop = channels.start();
  });
  app.addHook('onClose', async () => stop());
};
