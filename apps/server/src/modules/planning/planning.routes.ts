/** HTTP routes of the planning module: schema → service → presenter, nothing else. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.ts';
import {
  presentAreaBalance, presentBalanceMap, presentBuildingCheck, presentComparison, presentRun, presentRunFlows, presentRunShelters, presentRunUnassigned, presentStayRatio,
} from './planning.presenter.ts';
import {
  BalanceMapSchema, BalanceSchema, BuildingCheckSchema, CompareRunsSchema, CancelRunSchema, ClearStayRatioSchema, GetRunSchema, ListRunsSchema, RunEventsSchema, RunFlowsSchema, RunSheltersSchema,
  RunUnassignedSchema, SetStayRatioSchema, StartRunSchema,
} from './planning.schemas.ts';
import type { PlanningService, RunProgress } from './planning.service.ts';
import { streamProgress } from '../../lib/progress-stream.ts';

/** "minLng,minLat,maxLng,maxLat" (shape checked by the schema) → an ordered box clamped to the globe. */
function parseBbox(text: string): [number, number, number, number] {
  const [a, b, c, d] = text.split(',').map(Number) as [number, number, number, number];
  const lng = (v: number) => Math.max(-180, Math.min(180, v));
  const lat = (v: number) => Math.max(-90, Math.min(90, v));
  return [lng(Math.min(a, c)), lat(Math.min(b, d)), lng(Math.max(a, c)), lat(Math.max(b, d))];
}

export const planningRoutes: FastifyPluginAsyncTypebox<{ planning: PlanningService }> = async (app, { planning }) => {
  app.get('/api/planning/balance', { config: { access: 'planning:read' }, schema: BalanceSchema }, async (request) => {
    const view = await planning.balance(requireActor(request), request.query.parent);
    return { parent: presentAreaBalance(view.parent), children: view.children.map(presentAreaBalance), target: view.target, defaults: view.defaults };
  });

  app.get('/api/planning/balance/map', { config: { access: 'planning:read' }, schema: BalanceMapSchema }, async (request) => {
    const { parent, features } = await planning.balanceMap(requireActor(request), request.query.parent);
    return presentBalanceMap(parent, features);
  });

  app.put('/api/planning/areas/:code/stay-ratio', { config: { access: 'planning:write' }, schema: SetStayRatioSchema }, async (request) =>
    presentStayRatio(await planning.setStayRatio(requireActor(request), request.ip, request.params.code, request.body.stayRatio, request.body.source ?? null)));

  app.delete('/api/planning/areas/:code/stay-ratio', { config: { access: 'planning:write' }, schema: ClearStayRatioSchema }, async (request, reply) => {
    await planning.clearStayRatio(requireActor(request), request.ip, request.params.code);
    return reply.status(204).send(null);
  });

  app.post('/api/planning/runs', { config: { access: 'planning:write' }, schema: StartRunSchema }, async (request, reply) =>
    reply.status(202).send(presentRun(await planning.startRun(requireActor(request), request.ip, request.body))));

  app.get('/api/planning/runs', { config: { access: 'planning:read' }, schema: ListRunsSchema }, async (request) =>
    ({ items: (await planning.listRuns(requireActor(request))).map(presentRun) }));

  app.get('/api/planning/runs/compare', { config: { access: 'planning:read' }, schema: CompareRunsSchema }, async (request) =>
    presentComparison(await planning.compareRuns(requireActor(request), request.query.a, request.query.b)));

  app.get('/api/planning/building-check', { config: { access: 'planning:read' }, schema: BuildingCheckSchema }, async (request) =>
    presentBuildingCheck(await planning.buildingCheck(requireActor(request), { ...request.query, plannedM2: request.query.plannedM2, reductions: request.query.reductions })));

  app.get('/api/planning/runs/:id', { config: { access: 'planning:read' }, schema: GetRunSchema }, async (request) =>
    presentRun(await planning.getRun(requireActor(request), request.params.id)));

  app.get('/api/planning/runs/:id/events', { config: { access: 'planning:read' }, schema: RunEventsSchema }, async (request, reply) => {
    const actor = requireActor(request);
    await planning.getRun(actor, request.params.id);
    await streamProgress<RunProgress>(request, reply, (send) => planning.watchRun(actor, request.params.id, send));
  });

  app.post('/api/planning/runs/:id/cancel', { config: { access: 'planning:write' }, schema: CancelRunSchema }, async (request) =>
    presentRun(await planning.cancelRun(requireActor(request), request.ip, request.params.id)));

  app.get('/api/planning/runs/:id/shelters', { config: { access: 'planning:read' }, schema: RunSheltersSchema }, async (request) =>
    presentRunShelters(await planning.runShelters(requireActor(request), request.params.id)));

  app.get('/api/planning/runs/:id/unassigned', { config: { access: 'planning:read' }, schema: RunUnassignedSchema }, async (request) =>
    presentRunUnassigned(await planning.runUnassigned(requireActor(request), request.params.id)));

  app.get('/api/planning/runs/:id/flows', { config: { access: 'planning:read' }, schema: RunFlowsSchema }, async (request) =>
    presentRunFlows(await planning.runFlows(requireActor(request), request.params.id, parseBbox(request.query.bbox), request.query.limit)));
};
