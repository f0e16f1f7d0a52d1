/**
 * HTTP routes of the evacuation module: schema → service → presenter. Reading `response:read`, writing
 * `response:write`; a head count from a phone `response:count`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { streamProgress } from '../../lib/progress-stream.ts';
import { requireActor } from '../../plugins/auth.ts';
import {
  presentAreaPlan, presentCountBoard, presentDestination, presentEvacuationMap, presentPlace, presentRoute, presentRun, presentRunAreas, presentRunMap,
} from './evacuation.presenter.ts';
import {
  CancelRunSchema, CountBoardSchema, CreatePlaceSchema, CreateRouteSchema, DeletePlaceSchema, DeleteRouteSchema, EvacuationMapSchema, GetRunSchema, ListAreaPlansSchema, ListPlacesSchema, ListRoutesSchema, ListRunsSchema,
  RunAreasSchema, RunDestinationsSchema, RunEventsSchema, RunMapSchema, SetAreaPlanSchema, StartRunSchema, SubmitCountSchema, UpdatePlaceSchema, UpdateRouteSchema,
} from './evacuation.schemas.ts';
import type { EvacuationService, RunProgress } from './evacuation.service.ts';

export const evacuationRoutes: FastifyPluginAsyncTypebox<{ evacuation: EvacuationService }> = async (app, { evacuation }) => {
  const read = { access: 'response:read' } as const;
  const write = { access: 'response:write' } as const;

  app.get('/api/evacuation/places', { config: read, schema: ListPlacesSchema }, async (request) =>
    ({ items: (await evacuation.places(requireActor(request), request.query.kind)).map(presentPlace) }));
  app.post('/api/evacuation/places', { config: write, schema: CreatePlaceSchema }, async (request, reply) =>
    reply.status(201).send(presentPlace(await evacuation.createPlace(requireActor(request), request.ip, request.body))));
  app.patch('/api/evacuation/places/:id', { config: write, schema: UpdatePlaceSchema }, async (request) =>
    presentPlace(await evacuation.updatePlace(requireActor(request), request.ip, request.params.id, request.body)));
  app.delete('/api/evacuation/places/:id', { config: write, schema: DeletePlaceSchema }, async (request, reply) => {
    await evacuation.removePlace(requireActor(request), request.ip, request.params.id);
    return reply.status(204).send(null);
  });
  app.get('/api/evacuation/routes', { config: read, schema: ListRoutesSchema }, async (request) => ({ items: (await evacuation.routes(requireActor(request))).map(presentRoute) }));
  app.post('/api/evacuation/routes', { config: write, schema: CreateRouteSchema }, async (request, reply) =>
    reply.status(201).send(presentRoute(await evacuation.createRoute(requireActor(request), request.ip, request.body))));
  app.patch('/api/evacuation/routes/:id', { config: write, schema: UpdateRouteSchema }, async (request) =>
    presentRoute(await evacuation.updateRoute(requireActor(request), request.ip, request.params.id, request.body)));
  app.delete('/api/evacuation/routes/:id', { config: write, schema: DeleteRouteSchema }, async (request, reply) => {
    await evacuation.removeRoute(requireActor(request), request.ip, request.params.id);
    return reply.status(204).send(null);
  });
  app.get('/api/evacuation/map', { config: read, schema: EvacuationMapSchema }, async (request) => {
    const actor = requireActor(request);
    return presentEvacuationMap(await evacuation.places(actor), await evacuation.routes(actor));
  });
  app.get('/api/evacuation/plans', { config: read, schema: ListAreaPlansSchema }, async (request) => ({ items: (await evacuation.areaPlans(requireActor(request))).map(presentAreaPlan) }));
  app.put('/api/evacuation/plans/:code', { config: write, schema: SetAreaPlanSchema }, async (request) =>
    ({ items: (await evacuation.setAreaPlan(requireActor(request), request.ip, request.params.code, request.body)).map(presentAreaPlan) }));

  app.post('/api/evacuation/runs', { config: write, schema: StartRunSchema }, async (request, reply) =>
    reply.status(202).send(presentRun(await evacuation.startRun(requireActor(request), request.ip, request.body))));
  app.get('/api/evacuation/runs', { config: read, schema: ListRunsSchema }, async (request) => ({ items: (await evacuation.listRuns(requireActor(request))).map(presentRun) }));
  app.get('/api/evacuation/runs/:id', { config: read, schema: GetRunSchema }, async (request) => presentRun(await evacuation.getRun(requireActor(request), request.params.id)));
  app.get('/api/evacuation/runs/:id/events', { config: read, schema: RunEventsSchema }, async (request, reply) => {
    const actor = requireActor(request);
    await evacuation.getRun(actor, request.params.id);
    await streamProgress<RunProgress>(request, reply, (send) => evacuation.watchRun(actor, request.params.id, send));
  });
  app.get('/api/evacuation/runs/:id/areas', { config: read, schema: RunAreasSchema }, async (request) =>
    ({ items: presentRunAreas(await evacuation.runFlows(requireActor(request), request.params.id)) }));
  app.get('/api/evacuation/runs/:id/destinations', { config: read, schema: RunDestinationsSchema }, async (request) =>
    ({ items: (await evacuation.runDestinations(requireActor(request), request.params.id)).map(presentDestination) }));
  app.post('/api/evacuation/runs/:id/cancel', { config: write, schema: CancelRunSchema }, async (request) =>
    presentRun(await evacuation.cancelRun(requireActor(request), request.ip, request.params.id)));
  app.get('/api/evacuation/runs/:id/map', { config: read, schema: RunMapSchema }, async (request) =>
    presentRunMap(await evacuation.runFlows(requireActor(request), request.params.id)));

  app.post('/api/evacuation/counts', { config: { access: 'response:count' }, schema: SubmitCountSchema }, async (request, reply) => {
    const r = await evacuation.submitCount(requireActor(request), request.ip, request.body);
    // 200 for a retried submission already counted (nothing written), 201 for a new count.
    return reply.status(r.duplicate ? 200 : 201).send({ duplicate: r.duplicate, board: presentCountBoard(r.board) });
  });
  app.get('/api/evacuation/counts', { config: { access: 'response:count' }, schema: CountBoardSchema }, async (request) =>
    presentCountBoard(await evacuation.countBoard(requireActor(request), request.query.drillId)));
};
