/**
 * HTTP routes of the regulation module: schema → service → presenter. Registers and inspections: `enforcement:read`
 * and `enforcement:write`; approval cases: `approvals:read` and `approvals:write`; the published draw is public (一公开).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.ts';
import { AppError } from '../../lib/errors.ts';
import { RegulationErrors as E } from './regulation.errors.ts';
import { PHOTO_LIMIT_BYTES, uploadedEvidence } from './enforcement.files.ts';
import {
  presentApproval, presentApprovalDetail, presentCalendarYear, presentEnterpriseDetail, presentEnterprise, presentOfficer, presentPhoto, presentPublicTask, presentTask, presentTaskDetail,
} from './regulation.presenter.ts';
import {
  AddApprovalDocumentSchema, AddCreditSchema, AddPartySchema, AddQualificationSchema, GetEnterpriseSchema, AnswerPartySchema, ApprovalDocumentContentSchema, GetApprovalSchema,
  CommitTaskSchema, CreateApprovalSchema, CreateEnterpriseSchema, DecideApprovalSchema, ListApprovalsSchema, CreateOfficerSchema, CreateTaskSchema, DrawTaskSchema, GetTaskSchema, ListEnterprisesSchema,
  ListOfficersSchema, ListTasksSchema, PublicTaskSchema, PublicTasksSchema, PublishTaskSchema, RecordResultSchema, RedrawTaskSchema,
  AddResultPhotoSchema, ListResultPhotosSchema, ResultPhotoContentSchema, ListCalendarYearsSchema, LoadCalendarYearSchema,
} from './regulation.schemas.ts';
import type { RegulationService } from './regulation.service.ts';

export const regulationRoutes: FastifyPluginAsyncTypebox<{ regulation: RegulationService; today: () => string }> = async (app, { regulation, today }) => {
  const read = { access: 'enforcement:read' } as const;
  const write = { access: 'enforcement:write' } as const;

  app.get('/api/regulation/enterprises', { config: read, schema: ListEnterprisesSchema }, async (request) => {
    const { page, pageSize, kind, q } = request.query;
    const { items, total } = await regulation.listEnterprises(requireActor(request), { page, pageSize, kind, q });
    return { items: items.map(presentEnterprise), total, page, pageSize };
  });

  app.post('/api/regulation/enterprises', { config: write, schema: CreateEnterpriseSchema }, async (request, reply) =>
    reply.status(201).send(presentEnterprise(await regulation.createEnterprise(requireActor(request), request.ip, request.body))));

  app.get('/api/regulation/enterprises/:id', { config: read, schema: GetEnterpriseSchema }, async (request) =>
    presentEnterpriseDetail(await regulation.getEnterprise(requireActor(request), request.params.id), today()));

  app.post('/api/regulation/enterprises/:id/qualifications', { config: write, schema: AddQualificationSchema }, async (request) =>
    presentEnterpriseDetail(await regulation.addQualification(requireActor(request), request.ip, request.params.id, request.body), today()));

  app.post('/api/regulation/enterprises/:id/credit-records', { config: write, schema: AddCreditSchema }, async (request) =>
    presentEnterpriseDetail(await regulation.addCredit(requireActor(request), request.ip, request.params.id, request.body), today()));

  app.get('/api/regulation/officers', { config: read, schema: ListOfficersSchema }, async (request) => {
    const day = today();
    return { items: (await regulation.listOfficers(requireActor(request))).map((o) => presentOfficer(o, day)) };
  });

  app.post('/api/regulation/officers', { config: write, schema: CreateOfficerSchema }, async (request, reply) =>
    reply.status(201).send(presentOfficer(await regulation.createOfficer(requireActor(request), request.ip, request.body), today())));

  app.get('/api/regulation/inspections', { config: read, schema: ListTasksSchema }, async (request) =>
    ({ items: (await regulation.listTasks(requireActor(request))).map(presentTask) }));

  app.post('/api/regulation/inspections', { config: write, schema: CreateTaskSchema }, async (request, reply) =>
    reply.status(201).send(presentTaskDetail(await regulation.createTask(requireActor(request), request.ip, request.body))));

  app.get('/api/regulation/inspections/:id', { config: read, schema: GetTaskSchema }, async (request) =>
    presentTaskDetail(await regulation.getTask(requireActor(request), request.params.id)));

  app.post('/api/regulation/inspections/:id/commit', { config: write, schema: CommitTaskSchema }, async (request) =>
    presentTaskDetail(await regulation.commitTask(requireActor(request), request.ip, request.params.id)));

  // A draw without a beacon is still a bare POST, as before beacons: a missing body reads as {}.
  app.post('/api/regulation/inspections/:id/draw', {
    config: write, schema: DrawTaskSchema, preValidation: async (request) => { request.body ??= {}; },
  }, async (request) => presentTaskDetail(await regulation.drawTask(requireActor(request), request.ip, request.params.id, request.body)));

  app.post('/api/regulation/inspections/:id/redraw', { config: write, schema: RedrawTaskSchema }, async (request, reply) =>
    reply.status(201).send(presentTaskDetail(await regulation.redrawTask(requireActor(request), request.ip, request.params.id, request.body))));

  app.post('/api/regulation/inspections/:id/publish', { config: write, schema: PublishTaskSchema }, async (request) =>
    presentTaskDetail(await regulation.publishTask(requireActor(request), request.ip, request.params.id)));

  app.post('/api/regulation/inspections/:id/results', { config: write, schema: RecordResultSchema }, async (request) =>
    presentTaskDetail(await regulation.recordResult(requireActor(request), request.ip, request.params.id, request.body)));

  // The working-day calendar is read by anyone who reads a clock; loading a year is system configuration (the
  // State Council's notice binds the whole city, so a county administrator may not change it).
  app.get('/api/regulation/calendar', { config: { access: 'approvals:read' }, schema: ListCalendarYearsSchema }, async () =>
    ({ items: (await regulation.listCalendarYears()).map(presentCalendarYear) }));

  app.put('/api/regulation/calendar/:year', { config: { access: 'system:config' }, schema: LoadCalendarYearSchema }, async (request) => {
    const r = await regulation.loadCalendarYear(requireActor(request), request.ip, { year: request.params.year, ...request.body });
    return {
      year: presentCalendarYear(r.year), recomputed: r.recomputed,
      moved: r.moved.map((m) => ({ kind: m.kind, id: m.id, caseNo: m.caseNo, before: m.before.dueOn, after: m.after.dueOn, provisionalYears: m.after.provisionalYears })),
    };
  });

  app.get('/api/regulation/approvals', { config: { access: 'approvals:read' }, schema: ListApprovalsSchema }, async (request) =>
    ({ items: (await regulation.listApprovals(requireActor(request), request.query.view)).map(presentApproval) }));

  app.post('/api/regulation/approvals', { config: { access: 'approvals:write' }, schema: CreateApprovalSchema }, async (request, reply) =>
    reply.status(201).send(presentApproval(await regulation.createApproval(requireActor(request), request.ip, request.body))));

  app.post('/api/regulation/approvals/:id/decision', { config: { access: 'approvals:write' }, schema: DecideApprovalSchema }, async (request) =>
    presentApproval(await regulation.decideApproval(requireActor(request), request.ip, request.params.id, request.body)));

  const approvalsRead = { access: 'approvals:read' } as const;
  const approvalsWrite = { access: 'approvals:write' } as const;

  app.get('/api/regulation/approvals/:id', { config: approvalsRead, schema: GetApprovalSchema }, async (request) =>
    presentApprovalDetail(await regulation.getApproval(requireActor(request), request.params.id)));

  app.post('/api/regulation/approvals/:id/parties', { config: approvalsWrite, schema: AddPartySchema }, async (request) =>
    presentApprovalDetail(await regulation.addParty(requireActor(request), request.ip, request.params.id, request.body)));

  app.post('/api/regulation/approvals/:id/parties/:partyId/opinion', { config: approvalsWrite, schema: AnswerPartySchema }, async (request) =>
    presentApprovalDetail(await regulation.answerParty(requireActor(request), request.ip, request.params.id, request.params.partyId, request.body)));

  app.post('/api/regulation/approvals/:id/documents', { config: approvalsWrite, schema: AddApprovalDocumentSchema }, async (request, reply) => {
    const actor = requireActor(request);
    await regulation.assertApproval(actor, request.params.id);
    const { fileName, data } = await uploadedEvidence(request);
    return reply.status(201).send(presentApprovalDetail(await regulation.addApprovalDocument(actor, request.ip, request.params.id, { ...request.query, fileName, data })));
  });

  app.get('/api/regulation/approval-documents/:id/content', { config: approvalsRead, schema: ApprovalDocumentContentSchema }, async (request, reply) => {
    const { document, size, stream } = await regulation.openApprovalDocument(requireActor(request), request.params.id);
    const name = document.fileName;
    return reply
      .header('content-type', document.mediaType)
      .header('content-length', String(size))
      .header('content-disposition', `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('x-content-sm3', document.sm3)
      .header('cache-control', 'private, no-store')
      .send(stream());
  });

  // Photos of a target's result: same permissions and scope as the result itself; never on the public routes.
  app.post('/api/regulation/inspections/:id/photos', { config: write, schema: AddResultPhotoSchema }, async (request, reply) => {
    const actor = requireActor(request);
    await regulation.assertResult(actor, request.params.id, request.query.targetKey);
    const { fileName, data } = await uploadedEvidence(request, PHOTO_LIMIT_BYTES);
    const items = await regulation.addResultPhoto(actor, request.ip, request.params.id, { targetKey: request.query.targetKey, fileName, data });
    return reply.status(201).send({ items: items.map(presentPhoto) });
  });

  app.get('/api/regulation/inspections/:id/photos', { config: read, schema: ListResultPhotosSchema }, async (request) =>
    ({ items: (await regulation.listResultPhotos(requireActor(request), request.params.id, request.query.targetKey ?? null)).map(presentPhoto) }));

  app.get('/api/regulation/inspection-photos/:id/content', { config: read, schema: ResultPhotoContentSchema }, async (request, reply) => {
    const { photo, size, stream } = await regulation.openResultPhoto(requireActor(request), request.params.id);
    const name = photo.fileName;
    return reply
      .header('content-type', photo.mediaType)
      .header('content-length', String(size))
      .header('content-disposition', `inline; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('x-content-sm3', photo.sm3)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(stream());
  });

  app.get('/api/public/inspections', { config: { access: 'public' }, schema: PublicTasksSchema }, async (request) =>
    ({ items: (await regulation.publicTasks(request.query.limit)).map(presentPublicTask) }));

  app.get('/api/public/inspections/:id', { config: { access: 'public' }, schema: PublicTaskSchema }, async (request) => {
    const task = await regulation.publicTask(request.params.id);
    if (!task) throw new AppError(E.REGULATION_TASK_NOT_FOUND, 404);
    return presentPublicTask(task);
  });
};
