/** HTTP routes of the alerts module: schema → service → presenter. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.ts';
import { presentAlert, presentAlertDetail, presentPublicAlert } from './alerts.presenter.ts';
import {
  AllClearSchema, CapAtomSchema, CapDocumentSchema, CapJsonSchema, CancelAlertSchema, ConfirmAlertSchema, ConfirmFollowUpSchema, DraftAlertSchema, GetAlertSchema, ListAlertsSchema, PublicAlertsSchema, PublicCapSchema,
  UpdateAlertSchema, WithdrawFollowUpSchema,
} from './alerts.schemas.ts';
import type { AlertsService } from './alerts.service.ts';

export const alertsRoutes: FastifyPluginAsyncTypebox<{ alerts: AlertsService }> = async (app, { alerts }) => {
  app.get('/api/alerts', { config: { access: 'sirens:read' }, schema: ListAlertsSchema }, async (request) => {
    const r = await alerts.list(requireActor(request), request.query);
    return { ...r, items: r.items.map(presentAlert) };
  });
  app.get('/api/alerts/:id', { config: { access: 'sirens:read' }, schema: GetAlertSchema }, async (request) =>
    presentAlertDetail(await alerts.get(requireActor(request), request.params.id)));
  app.post('/api/alerts', { config: { access: 'alerts:issue' }, schema: DraftAlertSchema }, async (request, reply) =>
    reply.status(201).send(presentAlertDetail(await alerts.draft(requireActor(request), request.ip, request.body))));
  app.post('/api/alerts/:id/confirm', { config: { access: 'alerts:issue' }, schema: ConfirmAlertSchema }, async (request) =>
    presentAlertDetail(await alerts.confirm(requireActor(request), request.ip, request.params.id, request.body.version)));
  // What follows an issued alert: asked for by one officer, carried out only on another's confirmation.
  app.post('/api/alerts/:id/all-clear', { config: { access: 'alerts:issue' }, schema: AllClearSchema }, async (request) =>
    presentAlertDetail(await alerts.allClear(requireActor(request), request.ip, request.params.id, request.body.version, request.body.reason)));
  app.post('/api/alerts/:id/cancel', { config: { access: 'alerts:issue' }, schema: CancelAlertSchema }, async (request) =>
    presentAlertDetail(await alerts.cancel(requireActor(request), request.ip, request.params.id, request.body.version, request.body.reason)));
  app.post('/api/alerts/:id/update', { config: { access: 'alerts:issue' }, schema: UpdateAlertSchema }, async (request) =>
    presentAlertDetail(await alerts.update(requireActor(request), request.ip, request.params.id, request.body)));
  app.post('/api/alerts/:id/follow-up/confirm', { config: { access: 'alerts:issue' }, schema: ConfirmFollowUpSchema }, async (request) =>
    presentAlertDetail(await alerts.confirmFollowUp(requireActor(request), request.ip, request.params.id, request.body.version)));
  app.post('/api/alerts/:id/follow-up/withdraw', { config: { access: 'alerts:issue' }, schema: WithdrawFollowUpSchema }, async (request) =>
    presentAlertDetail(await alerts.withdrawFollowUp(requireActor(request), request.ip, request.params.id, request.body.version)));

  // The public feed: published CAP messages only, whitelisted fields, cacheable for a few seconds by any CDN.
  app.get('/api/public/alerts', { config: { access: 'public' }, schema: PublicAlertsSchema }, async (request) =>
    ({ items: (await alerts.publicFeed(request.query.limit)).map((s) => presentPublicAlert(s as Record<string, unknown>)) }));
  app.get('/api/public/alerts/:identifier/cap.xml', { config: { access: 'public' }, schema: PublicCapSchema }, async (request, reply) =>
    reply.type('application/cap+xml; charset=utf-8').send(await alerts.capXml(request.params.identifier)));

  app.get('/cap/alerts.atom', { config: { access: 'public' }, schema: CapAtomSchema }, async (request, reply) =>
    reply.type('application/atom+xml; charset=utf-8').send(await alerts.atomFeed(request.query.limit)));
  app.get('/cap/alerts.json', { config: { access: 'public' }, schema: CapJsonSchema }, async (request) =>
    ({ items: (await alerts.publicFeed(request.query.limit)).map((s) => presentPublicAlert(s as Record<string, unknown>)) }));
  app.get('/cap/alerts/:identifier.xml', { config: { access: 'public' }, schema: CapDocumentSchema }, async (request, reply) =>
    reply.type('application/cap+xml; charset=utf-8').send(await alerts.capXml(request.params.identifier)));
};
