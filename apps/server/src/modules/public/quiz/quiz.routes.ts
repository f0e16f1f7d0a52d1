/** HTTP routes of the quiz: the public's (no sign-in) and the console's question bank and statistics. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../../../plugins/auth.ts';
import { presentOrg, presentPublicOrgs, presentPublicQuestion, presentQuestion, quizCategories } from './quiz.presenter.ts';
import {
  CreateOrgSchema, CreateQuestionSchema, ListOrgsSchema, ListQuestionsSchema, PublicOrgsSchema, PublicQuizSchema, ResultSummarySchema, SubmitResultSchema, UpdateOrgSchema, UpdateQuestionSchema,
} from './quiz.schemas.ts';
import type { QuizService } from './quiz.service.ts';

export const quizRoutes: FastifyPluginAsyncTypebox<{ quiz: QuizService }> = async (app, { quiz }) => {
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
  app.get('/api/quiz/questions', { config: { access: 'quiz:read' }, schema: ListQuestionsSchema }, async (request) =>
    ({ items: (await quiz.list(requireActor(request), request.query.category)).map(presentQuestion) }));
  app.post('/api/quiz/questions', { config: { access: 'quiz:manage' }, schema: CreateQuestionSchema }, async (request, reply) =>
    reply.status(201).send(presentQuestion(await quiz.create(requireActor(request), request.ip, request.body))));
  app.patch('/api/quiz/questions/:id', { config: { access: 'quiz:manage' }, schema: UpdateQuestionSchema }, async (request) =>
    presentQuestion(await quiz.update(requireActor(request), request.ip, request.params.id, request.body)));
  app.get('/api/quiz/results/summary', { config: { access: 'quiz:read' }, schema: ResultSummarySchema }, async (request) => quiz.summary(requireActor(request)));
};
