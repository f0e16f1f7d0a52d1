/**
 * HTTP routes of the key targets module: schema → service → presenter. Reading `response:read`, writing
 * `response:write`. Internal only: there is no public route.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.ts';
import { presentTarget, presentTargetDetail, presentTargetsMap } from './targets.presenter.ts';
import { AddFundSchema, CreateTargetSchema, DeleteTargetSchema, GetTargetSchema, ListTargetsSchema, TargetsMapSchema, UpdateTargetSchema } from './targets.schemas.ts';
import type { TargetsService } from './targets.service.ts';

export const targetsRoutes: FastifyPluginAsyncTypebox<{ targets: TargetsService }> = async (app, { targets }) => {
  const read = { access: 'response:read' } as const;
  const write = { access: 'response:write' } as const;

  app.get('/api/targets', { config: read, schema: ListTargetsSchema }, async (request) => ({ items: (await targets.list(requireActor(request))).map(presentTarget) }));
  app.get('/api/targets/map', { config: read, schema: TargetsMapSchema }, async (request) => {
    const items = await targets.list(requireActor(request));
    return presentTargetsMap(items, new Map(items.map((i) => [i.target.id, i.target.footprint])));
  });
  app.get('/api/targets/:id', { config: read, schema: GetTargetSchema }, async (request) => presentTargetDetail(await targets.get(requireActor(request), request.params.id)));
  app.post('/api/targets', { config: write, schema: CreateTargetSchema }, async (request, reply) =>
    reply.status(201).send(presentTargetDetail(await targets.create(requireActor(request), request.ip, request.body))));
  app.patch('/api/targets/:id', { config: write, schema: UpdateTargetSchema }, async (request) =>
    presentTargetDetail(await targets.update(requireActor(request), request.ip, request.params.id, request.body)));
  app.delete('/api/targets/:id', { config: write, schema: DeleteTargetSchema }, async (request, reply) => {
    await targets.remove(requireActor(request), request.ip, request.params.id);
    return reply.status(204).send(null);
  });
  app.post('/api/targets/:id/funds', { config: write, schema: AddFundSchema }, async (request, reply) =>
    reply.status(201).send(presentTargetDetail(await targets.addFund(requireActor(request), request.ip, request.params.id, request.body))));
};
