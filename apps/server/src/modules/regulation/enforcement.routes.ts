/**
 * HTTP routes of enforcement cases: schema → service → presenter. Reading a case needs `enforcement:read`,
 * every step `enforcement:write`. Evidence arrives as multipart (field `file`), checked for its case and type
 * before the body is read.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../plugins/auth.ts';
import { uploadedEvidence } from './enforcement.files.ts';
import { presentCaseDetail, presentCaseSummary, presentPublicDecision } from './enforcement.presenter.ts';
import {
  AddEvidenceSchema, CloseSchema, DecideSchema, EvidenceContentSchema, ExecuteSchema, FileCaseSchema, GetCaseSchema, ListCasesSchema, NotifySchema, ReportSchema,
  PublicDecisionsSchema, PublishDecisionSchema, ReviewSchema, VerifyEvidenceSchema,
} from './enforcement.schemas.ts';
import type { EnforcementService } from './enforcement.service.ts';

export const enforcementRoutes: FastifyPluginAsyncTypebox<{ enforcement: EnforcementService }> = async (app, { enforcement }) => {
  const read = { access: 'enforcement:read' } as const;
  const write = { access: 'enforcement:write' } as const;

  app.get('/api/regulation/cases', { config: read, schema: ListCasesSchema }, async (request) =>
    ({ items: (await enforcement.listCases(requireActor(request), request.query.status ?? null)).map(presentCaseSummary) }));

  app.post('/api/regulation/cases', { config: write, schema: FileCaseSchema }, async (request, reply) =>
    reply.status(201).send(presentCaseDetail(await enforcement.fileCase(requireActor(request), request.ip, request.body))));

  app.get('/api/regulation/cases/:id', { config: read, schema: GetCaseSchema }, async (request) =>
    presentCaseDetail(await enforcement.getCase(requireActor(request), request.params.id)));

  app.post('/api/regulation/cases/:id/evidence', { config: write, schema: AddEvidenceSchema }, async (request, reply) => {
    const actor = requireActor(request);
    await enforcement.assertTakesEvidence(actor, request.params.id);
    const { fileName, data } = await uploadedEvidence(request);
    const detail = await enforcement.addEvidence(actor, request.ip, request.params.id, { ...request.query, fileName, data });
    return reply.status(201).send(presentCaseDetail(detail));
  });

  app.post('/api/regulation/cases/:id/report', { config: write, schema: ReportSchema }, async (request) =>
    presentCaseDetail(await enforcement.takeStep(requireActor(request), request.ip, request.params.id, { step: 'report', ...request.body })));
  app.post('/api/regulation/cases/:id/review', { config: write, schema: ReviewSchema }, async (request) =>
    presentCaseDetail(await enforcement.takeStep(requireActor(request), request.ip, request.params.id, { step: 'review', ...request.body })));
  app.post('/api/regulation/cases/:id/notice', { config: write, schema: NotifySchema }, async (request) =>
    presentCaseDetail(await enforcement.takeStep(requireActor(request), request.ip, request.params.id, { step: 'notify', ...request.body })));
  app.post('/api/regulation/cases/:id/decision', { config: write, schema: DecideSchema }, async (request) =>
    presentCaseDetail(await enforcement.takeStep(requireActor(request), request.ip, request.params.id, { step: 'decide', ...request.body })));
  app.post('/api/regulation/cases/:id/execution', { config: write, schema: ExecuteSchema }, async (request) =>
    presentCaseDetail(await enforcement.takeStep(requireActor(request), request.ip, request.params.id, { step: 'execute', ...request.body })));
  app.post('/api/regulation/cases/:id/close', { config: write, schema: CloseSchema }, async (request) =>
    presentCaseDetail(await enforcement.takeStep(requireActor(request), request.ip, request.params.id, { step: 'close', ...request.body })));

  app.post('/api/regulation/cases/:id/publish', { config: write, schema: PublishDecisionSchema }, async (request) =>
    presentCaseDetail(await enforcement.publishDecision(requireActor(request), request.ip, request.params.id)));

  app.get('/api/public/enforcement-decisions', { config: { access: 'public' }, schema: PublicDecisionsSchema }, async (request) =>
    ({ items: (await enforcement.publicDecisions(request.query.limit)).map(presentPublicDecision) }));

  app.post('/api/regulation/evidence/:id/verify', { config: read, schema: VerifyEvidenceSchema }, async (request) => {
    const r = await enforcement.verifyEvidence(requireActor(request), request.ip, request.params.id);
    return { evidenceId: r.evidence.id, ok: r.ok, missing: r.missing, sm3Registered: r.evidence.sm3, sm3Now: r.sm3Now };
  });

  app.get('/api/regulation/evidence/:id/content', { config: read, schema: EvidenceContentSchema }, async (request, reply) => {
    const { evidence, size, stream } = await enforcement.openEvidenceFile(requireActor(request), request.params.id);
    const name = evidence.fileName;
    return reply
      .header('content-type', evidence.mediaType)
      .header('content-length', String(size))
      .header('content-disposition', `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('x-content-sm3', evidence.sm3)
      .header('cache-control', 'private, no-store')
      .send(stream());
  });
};
