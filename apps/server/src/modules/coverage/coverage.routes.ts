/** HTTP routes of the coverage module: schema → service → presenter, nothing else. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { streamProgress } from '../../lib/progress-stream.ts';
import { requireActor } from '../../plugins/auth.ts';
import { presentArea, presentComparison, presentRun, presentRunSirens, presentSites, presentUncovered } from './coverage.presenter.ts';
import {
  CancelRunSchema, CompareRunsSchema, GetRunSchema, ListRunsSchema, RunAreasSchema, RunEventsSchema, RunSirensSchema, RunSitesSchema, RunUncoveredSchema,
  SettingsSchema, StartRunSchema,
} from './coverage.schemas.ts';
import type { CoverageService, RunProgress } from './coverage.service.ts';

export const coverageRoutes: FastifyPluginAsyncTypebox<{ coverage: CoverageService }> = async (app, { coverage }) => {
  app.get('/api/coverage/settings', { config: { access: 'sirens:read' }, schema: SettingsSchema }, async () => {
    const s = coverage.settings();
    return {
      thresholdDb: s.thresholdDb, excessDbPerDoubling: s.excessDbPerDoubling, modelSource: s.modelSource, cellM: s.cellM, targetPercent: s.targetPercent,
      cityAreas: s.cityAreas, keyTowns: s.keyTowns, countedStates: s.countedStates, candidateKind: s.candidateKind, candidateSpacingM: s.candidateSpacingM,
    };
  });

  app.post('/api/coverage/runs', { config: { access: 'sirens:write' }, schema: StartRunSchema }, async (request, reply) =>
    reply.status(202).send(presentRun(await coverage.startRun(requireActor(request), request.ip, request.body))));

  app.get('/api/coverage/runs', { config: { access: 'sirens:read' }, schema: ListRunsSchema }, async (request) =>
    ({ items: (await coverage.listRuns(requireActor(request))).map(presentRun) }));

  app.get('/api/coverage/runs/compare', { config: { access: 'sirens:read' }, schema: CompareRunsSchema }, async (request) =>
    presentComparison(await coverage.compare(requireActor(request), request.query.a, request.query.b)));

  app.get('/api/coverage/runs/:id', { config: { access: 'sirens:read' }, schema: GetRunSchema }, async (request) =>
    presentRun(await coverage.getRun(requireActor(request), request.params.id)));

  app.get('/api/coverage/runs/:id/events', { config: { access: 'sirens:read' }, schema: RunEventsSchema }, async (request, reply) => {
    const actor = requireActor(request);
    await coverage.getRun(actor, request.params.id);
    await streamProgress<RunProgress>(request, reply, (send) => coverage.watchRun(actor, request.params.id, send));
  });

  app.post('/api/coverage/runs/:id/cancel', { config: { access: 'sirens:write' }, schema: CancelRunSchema }, async (request) =>
    presentRun(await coverage.cancelRun(requireActor(request), request.ip, request.params.id)));

  app.get('/api/coverage/runs/:id/areas', { config: { access: 'sirens:read' }, schema: RunAreasSchema }, async (request) =>
    ({ items: (await coverage.areas(requireActor(request), request.params.id)).map(presentArea) }));

  app.get('/api/coverage/runs/:id/uncovered', { config: { access: 'sirens:read' }, schema: RunUncoveredSchema }, async (request) =>
    presentUncovered(await coverage.uncovered(requireActor(request), request.params.id)));

  app.get('/api/coverage/runs/:id/sirens', { config: { access: 'sirens:read' }, schema: RunSirensSchema }, async (request) =>
    presentRunSirens(await coverage.runSirens(requireActor(request), request.params.id)));

  app.get('/api/coverage/runs/:id/sites', { config: { access: 'sirens:read' }, schema: RunSitesSchema }, async (request) =>
    presentSites(await coverage.sites(requireActor(request), request.params.id)));
};
