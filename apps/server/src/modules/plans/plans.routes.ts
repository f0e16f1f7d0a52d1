/**
 * HTTP routes of the plans module: schema → service → presenter. Reading `response:read`, writing
 * `response:write`, approving or returning a revision `response:approve`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.ts';
import { presentDiff, presentPlan, presentPlanDetail } from './plans.presenter.ts';
import {
  ApproveRevisionSchema, AttachFileSchema, CreatePlanSchema, DiffSchema, EditRevisionSchema, GetFileSchema, GetPlanSchema, ListPlansSchema, RevisePlanSchema,
  ReturnRevisionSchema, SubmitRevisionSchema,
} from './plans.schemas.ts';
import { PLAN_FILE_LIMIT_BYTES, type PlansService } from './plans.service.ts';

function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const plansRoutes: FastifyPluginAsyncTypebox<{ plans: PlansService }> = async (app, { plans }) => {
  const read = { access: 'response:read' } as const;
  const write = { access: 'response:write' } as const;
  const approve = { access: 'response:approve' } as const;

  app.get('/api/plans', { config: read, schema: ListPlansSchema }, async (request) =>
    ({ items: (await plans.list(requireActor(request), request.query.kind)).map(presentPlan) }));

  app.post('/api/plans', { config: write, schema: CreatePlanSchema }, async (request, reply) => {
    const actor = requireActor(request);
    return reply.status(201).send(presentPlanDetail(await plans.create(actor, request.ip, request.body), actor.userId));
  });

  app.get('/api/plans/:id', { config: read, schema: GetPlanSchema }, async (request) => {
    const actor = requireActor(request);
    return presentPlanDetail(await plans.get(actor, request.params.id), actor.userId);
  });

  app.post('/api/plans/:id/revisions', { config: write, schema: RevisePlanSchema }, async (request, reply) => {
    const actor = requireActor(request);
    return reply.status(201).send(presentPlanDetail(await plans.revise(actor, request.ip, request.params.id, request.body), actor.userId));
  });

  app.put('/api/plans/:id/revisions/:rev', { config: write, schema: EditRevisionSchema }, async (request) => {
    const actor = requireActor(request);
    return presentPlanDetail(await plans.edit(actor, request.ip, request.params.id, request.params.rev, request.body), actor.userId);
  });

  app.post('/api/plans/:id/revisions/:rev/submit', { config: write, schema: SubmitRevisionSchema }, async (request) => {
    const actor = requireActor(request);
    return presentPlanDetail(await plans.act(actor, request.ip, request.params.id, request.params.rev, 'submit'), actor.userId);
  });

  app.post('/api/plans/:id/revisions/:rev/approve', { config: approve, schema: ApproveRevisionSchema }, async (request) => {
    const actor = requireActor(request);
    return presentPlanDetail(await plans.act(actor, request.ip, request.params.id, request.params.rev, 'approve'), actor.userId);
  });

  app.post('/api/plans/:id/revisions/:rev/return', { config: approve, schema: ReturnRevisionSchema }, async (request) => {
    const actor = requireActor(request);
    const { reason } = request.body as { reason: string };
    return presentPlanDetail(await plans.act(actor, request.ip, request.params.id, request.params.rev, 'return', reason), actor.userId);
  });

  app.get('/api/plans/:id/diff', { config: read, schema: DiffSchema }, async (request) =>
    presentDiff(await plans.diff(requireActor(request), request.params.id, request.query.from, request.query.to)));

  // Base64 in JSON grows a file by a third: the route's own body limit admits the largest file the service takes.
  app.put('/api/plans/:id/revisions/:rev/file', { config: write, schema: AttachFileSchema, bodyLimit: Math.ceil(PLAN_FILE_LIMIT_BYTES * 1.4) + 4096 }, async (request) => {
    const actor = requireActor(request);
    return presentPlanDetail(await plans.attach(actor, request.ip, request.params.id, request.params.rev, request.body), actor.userId);
  });

  app.get('/api/plans/:id/revisions/:rev/file', { config: read, schema: GetFileSchema }, async (request, reply) => {
    const f = await plans.file(requireActor(request), request.params.id, request.params.rev);
    return reply.header('content-type', f.type).header('content-disposition', attachment(f.name)).header('x-content-type-options', 'nosniff').send(f.bytes);
  });
};
