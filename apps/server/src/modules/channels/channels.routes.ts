/** HTTP routes of the channels module: schema → service → presenter. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.ts';
import { presentDelivery, presentSmsGateway, presentSmsList, presentSubscription } from './channels.presenter.ts';
import {
  AlertDeliveriesSchema, CreateSmsListSchema, CreateSubscriptionSchema, GetSmsGatewaySchema, ListSmsListsSchema, ListSubscriptionsSchema, RetireSmsKeySchema, RotateKeySchema,
  RotateSmsKeySchema, UpdateSmsListSchema, UpdateSubscriptionSchema,
} from './channels.schemas.ts';
import type { ChannelsService } from './channels.service.ts';

export const channelsRoutes: FastifyPluginAsyncTypebox<{ channels: ChannelsService }> = async (app, { channels }) => {
  app.get('/api/channels/subscriptions', { config: { access: 'alerts:channels' }, schema: ListSubscriptionsSchema }, async (request) =>
    ({ items: (await channels.listSubscriptions(requireActor(request))).map(presentSubscription) }));
  app.post('/api/channels/subscriptions', { config: { access: 'alerts:channels' }, schema: CreateSubscriptionSchema }, async (request, reply) => {
    const r = await channels.createSubscription(requireActor(request), request.ip, request.body);
    return reply.status(201).send({ subscription: presentSubscription(r.subscription), key: r.key });
  });
  app.post('/api/channels/subscriptions/:id', { config: { access: 'alerts:channels' }, schema: UpdateSubscriptionSchema }, async (request) =>
    presentSubscription(await channels.updateSubscription(requireActor(request), request.ip, request.params.id, request.body)));
  app.post('/api/channels/subscriptions/:id/rotate-key', { config: { access: 'alerts:channels' }, schema: RotateKeySchema }, async (request) => {
    const r = await channels.rotateKey(requireActor(request), request.ip, request.params.id, request.body);
    return { subscription: presentSubscription(r.subscription), key: r.key, keyId: r.keyId };
  });
  app.get('/api/channels/sms-gateway', { config: { access: 'alerts:channels' }, schema: GetSmsGatewaySchema }, async (request) =>
    presentSmsGateway(await channels.smsGateway(requireActor(request))));
  app.post('/api/channels/sms-gateway/rotate-key', { config: { access: 'alerts:channels' }, schema: RotateSmsKeySchema }, async (request) => {
    const r = await channels.rotateSmsKey(requireActor(request), request.ip, request.body);
    return { gateway: presentSmsGateway(r.gateway), key: r.key, keyId: r.keyId };
  });
  app.post('/api/channels/sms-gateway/keys/:id/retire', { config: { access: 'alerts:channels' }, schema: RetireSmsKeySchema }, async (request) =>
    presentSmsGateway(await channels.retireSmsKey(requireActor(request), request.ip, request.params.id)));
  app.get('/api/channels/sms-lists', { config: { access: 'alerts:channels' }, schema: ListSmsListsSchema }, async (request) =>
    ({ items: (await channels.listSmsLists(requireActor(request))).map(presentSmsList) }));
  app.post('/api/channels/sms-lists', { config: { access: 'alerts:channels' }, schema: CreateSmsListSchema }, async (request, reply) =>
    reply.status(201).send(presentSmsList(await channels.createSmsList(requireActor(request), request.ip, request.body))));
  app.post('/api/channels/sms-lists/:id', { config: { access: 'alerts:channels' }, schema: UpdateSmsListSchema }, async (request) =>
    presentSmsList(await channels.updateSmsList(requireActor(request), request.ip, request.params.id, request.body)));
  app.get('/api/alerts/:id/channel-deliveries', { config: { access: 'sirens:read' }, schema: AlertDeliveriesSchema }, async (request) =>
    ({ items: (await channels.deliveries(requireActor(request), request.params.id)).map(presentDelivery) }));
};
