/**
 * The knowledge quiz (人防知识网上测试): questions drawn from the bank for an exercise (answers shown at once) or a
 * test (scored on submission and counted for the school or community), and the console's bank and statistics.
 */
import { inScope, isCorrectAnswer, quizScore, scopePrefix } from '@civdef/domain';
import type { Database } from '../../../db/index.ts';
import { auditContextOf, type Actor } from '../../../lib/actor.ts';
import { AppError } from '../../../lib/errors.ts';
import { appendAudit } from '../../audit/index.ts';
import type { RegionsService } from '../../regions/index.ts';
import { PublicErrors as E } from '../public.errors.ts';
import * as repo from './quiz.repository.ts';
import type { OrgBody, QuestionBody, QuestionPatch, QuizQuery, ResultBody } from './quiz.schemas.ts';

export interface QuizDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes'>;
  /** The city's code: where a result that names no district is counted. */
  cityCode: string;
}

export interface QuizResult {
  correct: number;
  total: number;
  score: number;
  items: Array<{ questionId: number; correct: boolean; answer: string[]; explanation: string | null }>;
}

/** The rules a question must keep beyond its schema: distinct option keys, answers among them, one for single choice. */
export function checkQuestion(q: QuestionBody): void {
  const keys = q.options.map((o) => o.key);
  const dup = keys.findIndex((k, i) => keys.indexOf(k) !== i);
  if (dup >= 0) throw new AppError(E.PUBLIC_QUIZ_OPTION_KEY_DUPLICATE, 400, { index: dup, key: keys[dup] });
  const bad = q.answer.findIndex((a) => !keys.includes(a));
  if (bad >= 0) throw new AppError(E.PUBLIC_QUIZ_ANSWER_NOT_AN_OPTION, 400, { index: bad, key: q.answer[bad] });
  if (q.kind === 'single' && new Set(q.answer).size !== 1) throw new AppError(E.PUBLIC_QUIZ_SINGLE_NEEDS_ONE_ANSWER, 400);
}

const toWrite = (q: QuestionBody): repo.QuestionWrite => ({
  category: q.category, kind: q.kind, stem: q.stem, options: q.options, answer: [...new Set(q.answer)].sort(), explanation: q.explanation ?? null, active: q.active ?? true,
});

export function createQuizService({ db, regions, cityCode }: QuizDeps) {
  const cityPrefix = cityCode.slice(0, 4);

  /**
   * The organisation a test counts for: the listed one picked (orgId: known, active, of this city, inside the chosen
   * district, of the kind sent if any), else the kind and name typed — matched to the list when exactly one listed
   * organisation of the region has that name, so a typed name on the list still groups with it.
   */
  async function orgOf(regionCode: string, body: ResultBody): Promise<{ row: repo.OrgRow | null; kind: string; name: string }> {
    if (body.orgId !== undefined) {
      const row = await repo.orgById(db, body.orgId);
      if (!row || !row.active || !row.regionCode.startsWith(cityPrefix)) throw new AppError(E.PUBLIC_QUIZ_ORG_UNKNOWN, 400, { orgId: body.orgId });
      if (!inScope(regionCode, row.regionCode)) throw new AppError(E.PUBLIC_QUIZ_ORG_NOT_IN_REGION, 400, { orgName: row.name, regionCode });
      if (body.orgKind !== undefined && body.orgKind !== row.kind) throw new AppError(E.PUBLIC_QUIZ_ORG_KIND_MISMATCH, 400, { orgName: row.name, kind: row.kind, sent: body.orgKind });
      return { row, kind: row.kind, name: row.name };
    }
    if (body.orgKind === undefined) throw new AppError(E.PUBLIC_QUIZ_ORG_NEEDED, 400, { field: 'orgKind' });
    const name = body.orgName?.trim() ?? '';
    if (!name) throw new AppError(E.PUBLIC_QUIZ_ORG_NEEDED, 400, { field: 'orgName' });
    return { row: await repo.orgByName(db, scopePrefix(regionCode), body.orgKind, name), kind: body.orgKind, name };
  }

  return {
    draw: (q: QuizQuery) => repo.drawQuestions(db, q.category, q.count),

    /** Scores a test and counts it for the organisation, in one audited transaction. */
    async submit(ip: string | null, body: ResultBody): Promise<QuizResult> {
      const regionCode = body.regionCode ?? cityCode;
      if (!regionCode.startsWith(cityPrefix) || (await regions.unknownCodes([regionCode])).length > 0) {
        throw new AppError(E.PUBLIC_QUIZ_REGION_UNKNOWN, 400, { regionCode });
      }
      const org = await orgOf(regionCode, body);
      return db.transaction(async (tx) => {
        const questions = new Map((await repo.activeByIds(tx, body.answers.map((a) => a.questionId))).map((q) => [q.id, q]));
        const missing = body.answers.findIndex((a) => !questions.has(a.questionId));
        if (missing >= 0) throw new AppError(E.PUBLIC_QUIZ_UNKNOWN_QUESTION, 400, { index: missing, id: body.answers[missing]!.questionId });
        const items = body.answers.map((a) => {
          const q = questions.get(a.questionId)!;
          return { questionId: q.id, correct: isCorrectAnswer(a.answer, q.answer), answer: q.answer, explanation: q.explanation };
        });
        const correct = items.filter((i) => i.correct).length;
        const total = items.length;
        const score = quizScore(correct, total);
        // A listed organisation counts where it is (its town), whatever district was sent.
        const counted = { regionCode: org.row?.regionCode ?? regionCode, orgId: org.row?.id ?? null, orgKind: org.kind, orgName: org.name };
        const id = await repo.insertResult(tx, { ...counted, correct, total, score });
        await appendAudit(tx, auditContextOf(null, ip), {
          action: 'quiz.result', entityType: 'quiz_result', entityId: id, regionCode: counted.regionCode, after: { ...counted, correct, total, score },
        });
        return { correct, total, score, items };
      });
    },
    /** The public's list: the city's districts, each with its active schools and communities. */
    async orgList() {
      const [districts, orgs] = await Promise.all([repo.districtsOf(db, cityCode), repo.listOrgs(db, cityPrefix, true)]);
      return districts.map((d) => ({ ...d, orgs: orgs.filter((o) => o.regionCode.startsWith(d.code)) }));
    },
    listOrgs: (actor: Actor) => repo.listOrgs(db, actor.scope, false),
    /** Adds a school or community to the list, in a district or town of the office's jurisdiction. */
    async createOrg(actor: Actor, ip: string | null, body: OrgBody) {
      const name = body.name.trim();
      if (!name) throw new AppError(E.PUBLIC_QUIZ_ORG_NEEDED, 400, { field: 'name' });
      // A district (6 digits, not the city itself) or a town-level unit (9 digits), inside the jurisdiction.
      const levelOk = (body.regionCode.length === 6 && body.regionCode !== cityCode) || body.regionCode.length === 9;
      if (!levelOk || !body.regionCode.startsWith(actor.scope) || !body.regionCode.startsWith(cityPrefix) || (await regions.unknownCodes([body.regionCode])).length > 0) {
        throw new AppError(E.PUBLIC_QUIZ_ORG_REGION, 400, { regionCode: body.regionCode });
      }
      return db.transaction(async (tx) => {
        const row = await repo.insertOrg(tx, { regionCode: body.regionCode, kind: body.kind, name });
        if (!row) throw new AppError(E.PUBLIC_QUIZ_ORG_DUPLICATE, 409, { name });
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'quiz.org.create', entityType: 'quiz_org', entityId: row.id, regionCode: row.regionCode, after: { kind: row.kind, name: row.name } });
        return row;
      });
    },
    /** Retires (or restores) an organisation: no longer offered to the public; its results stay. */
    async setOrgActive(actor: Actor, ip: string | null, id: number, active: boolean) {
      return db.transaction(async (tx) => {
        const before = await repo.orgById(tx, id);
        const row = before && before.regionCode.startsWith(actor.scope) ? await repo.setOrgActive(tx, id, actor.scope, active) : null;
        if (!row) throw new AppError(E.PUBLIC_QUIZ_ORG_NOT_FOUND, 404, { id });
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'quiz.org.update', entityType: 'quiz_org', entityId: id, regionCode: row.regionCode, before: { active: before!.active }, after: { active } });
        return row;
      });
    },
    list: (actor: Actor, category: string | undefined) => repo.listQuestions(db, actor.scope, category),

    async create(actor: Actor, ip: string | null, body: QuestionBody) {
      checkQuestion(body);
      return db.transaction(async (tx) => {
        const row = await repo.insertQuestion(tx, actor.regionCode, toWrite(body));
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'quiz.question.create', entityType: 'quiz_question', entityId: row.id, regionCode: actor.regionCode, after: toWrite(body) });
        return row;
      });
    },

    async update(actor: Actor, ip: string | null, id: number, patch: QuestionPatch) {
      const { version, ...body } = patch;
      checkQuestion(body);
      return db.transaction(async (tx) => {
        const current = await repo.lockQuestion(tx, id, actor.scope);
        if (!current) throw new AppError(E.PUBLIC_QUIZ_QUESTION_NOT_FOUND, 404, { id });
        if (current.version !== version) throw new AppError(E.PUBLIC_QUIZ_VERSION_CONFLICT, 409, { current: current.version, sent: version });
        const row = (await repo.updateQuestion(tx, id, version, toWrite(body)))!;
        const { updatedAt: _u, ...before } = current;
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'quiz.question.update', entityType: 'quiz_question', entityId: id, regionCode: current.regionCode ?? actor.regionCode, before, after: toWrite(body),
        });
        return row;
      });
    },

    async summary(actor: Actor) {
      const items = await repo.resultSummary(db, actor.scope);
      return { items, totalTests: items.reduce((n, i) => n + i.tests, 0) };
    },
  };
}

export type QuizService = ReturnType<typeof createQuizService>;
