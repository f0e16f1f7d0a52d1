/** HTTP routes of the drills module: schema → service → presenter. Reading `response:read`, writing `response:write`. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.ts';
import { presentDrill, presentDrillDetail } from './drills.presenter.ts';
import {
  AddFindingSchema, AssessDrillSchema, CloseFindingSchema, CreateDrillSchema, DeleteDrillSchema, DrillYearsSchema, EndDrillSchema, GetDrillSchema, ListDrillsSchema, LogEventSchema, StartDrillSchema, UpdateDrillSchema,
} from './drills.schemas.ts';
import type { DrillsService } from './drills.service.ts';

export const drillsRoutes: FastifyPluginAsyncTypebox<{ drills: DrillsService }> = async (app, { drills }) => {
  const read = { access: 'response:read' } as const;
  const write = { access: 'response:write' } as const;

  app.get('/api/drills', { config: read, schema: ListDrillsSchema }, async (request) =>
    ({ items: (await drills.list(requireActor(request), request.query.year)).map(presentDrill) }));
  app.get('/api/drills/years', { config: read, schema: DrillYearsSchema }, async (request) => ({ items: await drills.years(requireActor(request)) }));
  app.post('/api/drills', { config: write, schema: CreateDrillSchema }, async (request, reply) =>
    reply.status(201).send(presentDrillDetail(await drills.create(requireActor(request), request.ip, request.body))));
  app.get('/api/drills/:id', { config: read, schema: GetDrillSchema }, async (request) =>
    presentDrillDetail(await drills.get(requireActor(request), request.params.id)));
  app.patch('/api/drills/:id', { config: write, schema: UpdateDrillSchema }, async (request) =>
    presentDrillDetail(await drills.update(requireActor(request), request.ip, request.params.id, request.body)));
  app.delete('/api/drills/:id', { config: write, schema: DeleteDrillSchema }, async (request, reply) => {
    await drills.remove(requireActor(request), request.ip, request.params.id);
    return reply.status(204).send(null);
  });
  app.post('/api/drills/:id/start', { config: write, schema: StartDrillSchema }, async (request) =>
    presentDrillDetail(await drills.step(requireActor(request), request.ip, request.params.id, 'start')));
  app.post('/api/drills/:id/end', { config: write, schema: EndDrillSchema }, async (request) =>
    presentDrillDetail(await drills.step(requireActor(request), request.ip, request.params.id, 'end')));
  app.post('/api/drills/:id/timeline', { config: write, schema: LogEventSchema }, async (request, reply) =>
    reply.status(201).send(presentDrillDetail(await drills.log(requireActor(request), request.ip, request.params.id, request.body))));
  app.post('/api/drills/:id/assessment', { config: write, schema: AssessDrillSchema }, async (request) =>
    presentDrillDetail(await drills.assess(requireActor(request), request.ip, request.params.id, request.body)));
  app.post('/api/drills/:id/findings', { config: write, schema: AddFindingSchema }, async (request, reply) =>
    reply.status(201).send(presentDrillDetail(await drills.addFinding(requireActor(request), request.ip, request.params.id, request.body))));
  app.post('/api/drills/:id/findings/:findingId/done', { config: write, schema: CloseFindingSchema }, async (request) =>
    presentDrillDetail(await drills.closeFinding(requireActor(request), request.ip, request.params.id, request.params.findingId)));
};
