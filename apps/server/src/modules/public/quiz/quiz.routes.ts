/** HTTP routes of the quiz: the public's (no sign-in) and the console's question bank and statistics. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../lib/errors.ts';
import { requireActor } from '../../../plugins/auth.ts';
import { PublicErrors as E } from '../public.errors.ts';
import { presentOrg, presentPublicOrgs, presentPublicQuestion, presentQuestion, quizCategories } from './quiz.presenter.ts';
import {
  ApplyOrgImportSchema, CreateOrgSchema, CreateQuestionSchema, ExportOrgsSchema, ListOrgsSchema, ORG_FILE_CONTENT_TYPES, PreviewOrgImportSchema, ListQuestionsSchema, PublicOrgsSchema, PublicQuizSchema, ResultSummarySchema, SubmitResultSchema, UpdateOrgSchema, UpdateQuestionSchema,
} from './quiz.schemas.ts';
import type { OrgFile, QuizService } from './quiz.service.ts';

/** A city's list is some hundreds of KB at most. */
const ORG_FILE_LIMIT_BYTES = 8 * 1024 * 1024;
/** `attachment; filename=…` with an ASCII fallback and the UTF-8 name (RFC 6266). */
const attachment = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

function orgFileOf(request: FastifyRequest, query: { fileName?: string }): OrgFile {
  const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const format = (Object.entries(ORG_FILE_CONTENT_TYPES).find(([, t]) => t === type)?.[0] ?? null) as OrgFile['format'] | null;
  if (!format || !Buffer.isBuffer(request.body)) throw new AppError(E.PUBLIC_QUIZ_ORG_FILE_FORMAT, 415);
  return { format, data: request.body, fileName: query.fileName ?? `orgs.${format}` };
}

export const quizRoutes: FastifyPluginAsyncTypebox<{ quiz: QuizService }> = async (app, { quiz }) => {
  // Encapsulated in this plugin: only the list import takes a file as the request body here.
  app.addContentTypeParser(Object.values(ORG_FILE_CONTENT_TYPES), { parseAs: 'buffer', bodyLimit: ORG_FILE_LIMIT_BYTES }, (_request, body, done) => done(null, body));

  app.get('/api/public/quiz', { config: { access: 'public' }, schema: PublicQuizSchema }, async (request, reply) => {
    // Drawn at random: every request is a new quiz, so no shared cache may hand one person's draw to another.
    reply.header('cache-control', 'no-store');
    const questions = await quiz.draw(request.query);
    return { mode: request.query.mode, categories: quizCategories(), questions: questions.map((q) => presentPublicQuestion(q, request.query.mode === 'exercise')) };
  });
  app.post('/api/public/quiz/results', { config: { access: 'public' }, schema: SubmitResultSchema }, async (request, reply) =>
    reply.status(201).send(await quiz.submit(request.ip, request.body)));

  // The list changes rarely: cached like every public answer (ETag from the body, stale-while-revalidate).
  app.get('/api/public/quiz/orgs', { config: { access: 'public' }, schema: PublicOrgsSchema }, async () => presentPublicOrgs(await quiz.orgList()));
  app.get('/api/quiz/orgs', { config: { access: 'quiz:read' }, schema: ListOrgsSchema }, async (request) => ({ items: (await quiz.listOrgs(requireActor(request))).map(presentOrg) }));
  app.post('/api/quiz/orgs', { config: { access: 'quiz:manage' }, schema: CreateOrgSchema }, async (request, reply) =>
    reply.status(201).send(presentOrg(await quiz.createOrg(requireActor(request), request.ip, request.body))));
  app.patch('/api/quiz/orgs/:id', { config: { access: 'quiz:manage' }, schema: UpdateOrgSchema }, async (request) =>
    presentOrg(await quiz.setOrgActive(requireActor(request), request.ip, request.params.id, request.body.active)));
  app.post('/api/quiz/orgs/import/preview', { config: { access: 'quiz:manage' }, bodyLimit: ORG_FILE_LIMIT_BYTES, schema: PreviewOrgImportSchema }, async (request) =>
    quiz.previewOrgs(requireActor(request), orgFileOf(request, request.query)));
  app.post('/api/quiz/orgs/import', { config: { access: 'quiz:manage' }, bodyLimit: ORG_FILE_LIMIT_BYTES, schema: ApplyOrgImportSchema }, async (request) =>
    quiz.importOrgs(requireActor(request), request.ip, orgFileOf(request, request.query)));
  app.get('/api/quiz/orgs/export', { config: { access: 'quiz:read' }, schema: ExportOrgsSchema }, async (request, reply) => {
    const format = request.query.format ?? 'xlsx';
    const data = await quiz.exportOrgs(requireActor(request), request.ip, format);
    return reply.type(ORG_FILE_CONTENT_TYPES[format]).header('content-disposition', attachment(`学校和社区名单.${format}`)).send(data);
  });
  app.get('/api/quiz/questions', { config: { access: 'quiz:read' }, schema: ListQuestionsSchema }, async (request) =>
    ({ items: (await quiz.list(requireActor(request), request.query.category)).map(presentQuestion) }));
  app.post('/api/quiz/questions', { config: { access: 'quiz:manage' }, schema: CreateQuestionSchema }, async (request, reply) =>
    reply.status(201).send(presentQuestion(await quiz.create(requireActor(request), request.ip, request.body))));
  app.patch('/api/quiz/questions/:id', { config: { access: 'quiz:manage' }, schema: UpdateQuestionSchema }, async (request) =>
    presentQuestion(await quiz.update(requireActor(request), request.ip, request.params.id, request.body)));
  app.get('/api/quiz/results/summary', { config: { access: 'quiz:read' }, schema: ResultSummarySchema }, async (request) => quiz.summary(requireActor(request)));
};
