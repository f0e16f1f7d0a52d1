/** Schemas of the knowledge quiz: the public's exercise and test, and the console's question bank and statistics. */
import { QUIZ_CATEGORIES, QUIZ_KINDS, QUIZ_ORG_KINDS, QUIZ_TEST_SIZE } from '@civdef/domain';
import { Type, type Static, type TSchema } from 'typebox';
import { errorResponses, IdParams, RegionCode, Timestamp } from '../../../lib/schemas.ts';

const Nullable = <S extends TSchema>(s: S) => Type.Union([s, Type.Null()]);
const CategoryEnum = Type.Enum(QUIZ_CATEGORIES.map((c) => c.code), { description: QUIZ_CATEGORIES.map((c) => `${c.code} ${c.zh}`).join(' / ') });
const KindEnum = Type.Enum([...QUIZ_KINDS], { description: 'single 单选 / multiple 多选' });
const OrgKindEnum = Type.Enum(QUIZ_ORG_KINDS.map((o) => o.code), { description: 'school 学校 / community 社区' });
const OptionKey = Type.String({ pattern: '^[A-F]$' });
const Option = Type.Object({ key: OptionKey, text: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const QuizQuery = Type.Object({
  mode: Type.Enum(['exercise', 'test'], { default: 'exercise', description: 'exercise: answers and explanations come with the questions; test: they come after submitting' }),
  category: Type.Optional(CategoryEnum),
  count: Type.Integer({ minimum: 1, maximum: 50, default: QUIZ_TEST_SIZE }),
}, { additionalProperties: false });
export type QuizQuery = Static<typeof QuizQuery>;

const PublicQuestion = Type.Object({
  id: Type.Integer(), category: Type.String(), kind: Type.String(), stem: Type.String(), options: Type.Array(Type.Object({ key: Type.String(), text: Type.String() })),
  answer: Nullable(Type.Array(Type.String(), { description: 'exercise mode only' })), explanation: Nullable(Type.String({ description: 'exercise mode only' })),
});
const Category = Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String() });
export const QuizResponse = Type.Object({ mode: Type.String(), categories: Type.Array(Category), questions: Type.Array(PublicQuestion) });

export const ResultBody = Type.Object({
  orgKind: OrgKindEnum,
  orgName: Type.String({ minLength: 1, maxLength: 64, description: '学校或社区名称 (never a person\'s name)' }),
  regionCode: Type.Optional(RegionCode),
  answers: Type.Array(Type.Object({ questionId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), answer: Type.Array(OptionKey, { maxItems: 6 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 50 }),
}, { additionalProperties: false });
export type ResultBody = Static<typeof ResultBody>;
export const ResultResponse = Type.Object({
  correct: Type.Integer(), total: Type.Integer(), score: Type.Integer(),
  items: Type.Array(Type.Object({ questionId: Type.Integer(), correct: Type.Boolean(), answer: Type.Array(Type.String()), explanation: Nullable(Type.String()) })),
});

export const QuestionBody = Type.Object({
  category: CategoryEnum,
  kind: KindEnum,
  stem: Type.String({ minLength: 1, maxLength: 500 }),
  options: Type.Array(Option, { minItems: 2, maxItems: 6 }),
  answer: Type.Array(OptionKey, { minItems: 1, maxItems: 6 }),
  explanation: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 1000 }))),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type QuestionBody = Static<typeof QuestionBody>;
export const QuestionPatch = Type.Object({ ...QuestionBody.properties, version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }, { additionalProperties: false });
export type QuestionPatch = Static<typeof QuestionPatch>;

export const Question = Type.Object({
  id: Type.Integer(), regionCode: Nullable(Type.String()), nationwide: Type.Boolean(), category: Type.String(), kind: Type.String(), stem: Type.String(),
  options: Type.Array(Type.Object({ key: Type.String(), text: Type.String() })), answer: Type.Array(Type.String()), explanation: Nullable(Type.String()),
  active: Type.Boolean(), version: Type.Integer(), updatedAt: Timestamp,
});
export const QuestionListQuery = Type.Object({ category: Type.Optional(CategoryEnum) }, { additionalProperties: false });

export const ResultSummary = Type.Object({
  items: Type.Array(Type.Object({ orgKind: Type.String(), orgName: Type.String(), tests: Type.Integer(), averageScore: Type.Number(), passRate: Type.Number({ description: 'share of tests scoring 60 or more' }) })),
  totalTests: Type.Integer(),
});

const tags = ['quiz'];
const publicTags = ['public'];
export const PublicQuizSchema = { tags: publicTags, summary: '人防知识测试题 Questions of an exercise or a test', querystring: QuizQuery, response: { 200: QuizResponse, 304: Type.Null(), ...errorResponses(400, 429) } };
export const SubmitResultSchema = { tags: publicTags, summary: '提交测试答卷 Submit a test: scored, and counted for the school or community', body: ResultBody, response: { 201: ResultResponse, ...errorResponses(400, 429) } };
export const ListQuestionsSchema = { tags, summary: '题库 The question bank (nationwide and my jurisdiction\'s)', querystring: QuestionListQuery, response: { 200: Type.Object({ items: Type.Array(Question) }), ...errorResponses(400, 401, 403) } };
export const CreateQuestionSchema = { tags, summary: '新增题目 Add a question', body: QuestionBody, response: { 201: Question, ...errorResponses(400, 401, 403) } };
export const UpdateQuestionSchema = { tags, summary: '修改题目 Edit or retire a question of my jurisdiction', params: IdParams, body: QuestionPatch, response: { 200: Question, ...errorResponses(400, 401, 403, 404, 409) } };
export const ResultSummarySchema = { tags, summary: '测试成绩统计 Test results by school and community in my jurisdiction', response: { 200: ResultSummary, ...errorResponses(401, 403) } };
