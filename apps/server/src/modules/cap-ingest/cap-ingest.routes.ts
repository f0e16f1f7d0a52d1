/** HTTP routes of CAP ingest: schema → service → presenter. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CAP_MAX_BYTES } from '../../lib/cap.ts';
import { requireActor } from '../../plugins/auth.ts';
import { presentIncoming, presentIncomingDetail, presentSource } from './cap-ingest.presenter.ts';
import {
  CreateSourceSchema, GetIncomingSchema, ListIncomingSchema, ListSourcesSchema, PollSourceSchema, ReceiveSchema, RelaySchema, UpdateSourceSchema,
} from './cap-ingest.schemas.ts';
import type { CapIngestService } from './cap-ingest.service.ts';

export const capIngestRoutes: FastifyPluginAsyncTypebox<{ capIngest: CapIngestService }> = async (app, { capIngest }) => {
  // CAP documents arrive as XML; the text goes to the CAP reader as is (it refuses a DOCTYPE, so nothing expands).
  app.addContentTypeParser(['application/cap+xml', 'application/xml', 'text/xml'], { parseAs: 'string', bodyLimit: CAP_MAX_BYTES }, (_req, body, done) => done(null, body));

  app.get('/api/cap-sources', { config: { access: 'alerts:channels' }, schema: ListSourcesSchema }, async (request) =>
    ({ items: (await capIngest.listSources(requireActor(request))).map(presentSource) }));
  app.post('/api/cap-sources', { config: { access: 'alerts:channels' }, schema: CreateSourceSchema }, async (request, reply) => {
    const r = await capIngest.createSource(requireActor(request), request.ip, request.body);
    return reply.status(201).send({ source: presentSource(r.source), apiKey: r.apiKey });
  });
  app.post('/api/cap-sources/:id', { config: { access: 'alerts:channels' }, schema: UpdateSourceSchema }, async (request) =>
    presentSource(await capIngest.updateSource(requireActor(request), request.ip, request.params.id, request.body)));
  app.post('/api/cap-sources/:id/poll', { config: { access: 'alerts:channels' }, schema: PollSourceSchema }, async (request) =>
    capIngest.pollNow(requireActor(request), request.ip, request.params.id));

  // Agencies push here with their source's key instead of a session (no cookie, no CSRF token): the key is the credential.
  app.post('/api/cap-ingest', { config: { access: 'public' }, schema: ReceiveSchema }, async (request, reply) =>
    reply.status(201).send(await capIngest.receive(request.headers['x-cap-key'], request.ip, request.body)));

  app.get('/api/cap-incoming', { config: { access: 'sirens:read' }, schema: ListIncomingSchema }, async (request) => {
    const r = await capIngest.listIncoming(requireActor(request), request.query.page, request.query.pageSize);
    return { ...r, items: r.items.map(presentIncoming) };
  });
  app.get('/api/cap-incoming/:id', { config: { access: 'sirens:read' }, schema: GetIncomingSchema }, async (request) =>
    presentIncomingDetail(await capIngest.getIncoming(requireActor(request), request.params.id)));
  app.post('/api/cap-incoming/:id/relay', { config: { access: 'alerts:issue' }, schema: RelaySchema }, async (request, reply) =>
    reply.status(201).send(await capIngest.relay(requireActor(request), request.ip, request.params.id, request.body)));
};
