/** HTTP routes of test days (试鸣): schema → service → presenter. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.ts';
import { testReportWorkbook } from './tests.export.ts';
import { presentTestDetail, presentTestItem } from './tests.presenter.ts';
import { CancelTestSchema, CreateTestSchema, ExportTestSchema, FinishTestSchema, GetTestSchema, ListTestsSchema, ObserveSchema, RunTestSchema } from './tests.schemas.ts';
import type { TestsService } from './tests.service.ts';

export const testsRoutes: FastifyPluginAsyncTypebox<{ tests: TestsService }> = async (app, { tests }) => {
  app.get('/api/siren-tests', { config: { access: 'sirens:read' }, schema: ListTestsSchema }, async (request) => {
    const r = await tests.list(requireActor(request), request.query.page, request.query.pageSize);
    return { ...r, items: r.items.map((i) => presentTestItem(i.test, i.firstStepAt, i.workingPercent)) };
  });
  app.get('/api/siren-tests/:id', { config: { access: 'sirens:read' }, schema: GetTestSchema }, async (request) =>
    presentTestDetail(await tests.get(requireActor(request), request.params.id)));
  // Sounding sirens on a schedule is remote control: the operators' permission, like any command.
  app.post('/api/siren-tests', { config: { access: 'sirens:control' }, schema: CreateTestSchema }, async (request, reply) =>
    reply.status(201).send(presentTestDetail(await tests.schedule(requireActor(request), request.ip, request.body))));
  app.post('/api/siren-tests/:id/run', { config: { access: 'sirens:control' }, schema: RunTestSchema }, async (request) =>
    presentTestDetail(await tests.runNow(requireActor(request), request.ip, request.params.id, request.body.version)));
  app.post('/api/siren-tests/:id/cancel', { config: { access: 'sirens:control' }, schema: CancelTestSchema }, async (request) =>
    presentTestDetail(await tests.cancel(requireActor(request), request.ip, request.params.id, request.body.version)));
  // Observers' reports are not control: inspectors in the field file them too (sirens:observe), without sounding anything.
  app.post('/api/siren-tests/:id/observations', { config: { access: 'sirens:observe' }, schema: ObserveSchema }, async (request, reply) =>
    reply.status(201).send(presentTestDetail(await tests.observe(requireActor(request), request.ip, request.params.id, request.body))));
  app.post('/api/siren-tests/:id/finish', { config: { access: 'sirens:control' }, schema: FinishTestSchema }, async (request) =>
    presentTestDetail(await tests.finish(requireActor(request), request.ip, request.params.id, request.body.version)));
  app.get('/api/siren-tests/:id/report.xlsx', { config: { access: 'sirens:read' }, schema: ExportTestSchema }, async (request, reply) => {
    const data = await tests.get(requireActor(request), request.params.id);
    const body = await testReportWorkbook(data);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      // An ASCII name for old clients, the campaign's own name for the rest.
      .header('content-disposition', `attachment; filename="siren-test-${data.test.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${data.test.name}.xlsx`)}`)
      .send(body);
  });
};
