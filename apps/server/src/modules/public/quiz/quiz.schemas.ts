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
  orgId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: '从名单中选择的学校或社区 (GET /api/public/quiz/orgs); the test counts for it' })),
  orgKind: Type.Optional(OrgKindEnum),
  orgName: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '学校或社区名称 when it is not on the list (never a person\'s name); needs orgKind' })),
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
  items: Type.Array(Type.Object({
    orgId: Nullable(Type.Integer({ description: 'the listed organisation; null: a name typed that is not on the list' })), orgKind: Type.String(), orgName: Type.String(),
    districtCode: Type.String(), districtName: Nullable(Type.String()),
    tests: Type.Integer(), averageScore: Type.Number(), passRate: Type.Number({ description: 'share of tests scoring 60 or more' }),
  })),
  totalTests: Type.Integer(),
});

const PublicOrg = Type.Object({ id: Type.Integer(), kind: Type.String(), name: Type.String(), townName: Nullable(Type.String()) });
export const PublicOrgList = Type.Object({
  districts: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), orgs: Type.Array(PublicOrg) }), { description: 'the city\'s districts, each with its schools and communities' }),
});
export const OrgBody = Type.Object({
  regionCode: Type.String({ pattern: '^[0-9]{6}([0-9]{3})?$', description: 'the district (6 digits) or town-level unit (9 digits) it is in' }),
  kind: OrgKindEnum,
  name: Type.String({ minLength: 1, maxLength: 64 }),
}, { additionalProperties: false });
export type OrgBody = Static<typeof OrgBody>;
export const OrgPatch = Type.Object({ active: Type.Boolean({ description: 'false: no longer offered to the public (its results stay)' }) }, { additionalProperties: false });
export const Org = Type.Object({ id: Type.Integer(), regionCode: Type.String(), townName: Nullable(Type.String()), kind: Type.String(), name: Type.String(), active: Type.Boolean() });

const tags = ['quiz'];
const publicTags = ['public'];
export const PublicQuizSchema = { tags: publicTags, summary: '人防知识测试题 Questions of an exercise or a test', querystring: QuizQuery, response: { 200: QuizResponse, 304: Type.Null(), ...errorResponses(400, 429) } };
export const SubmitResultSchema = { tags: publicTags, summary: '提交测试答卷 Submit a test: scored, and counted for the school or community', body: ResultBody, response: { 201: ResultResponse, ...errorResponses(400, 429) } };
export const ListQuestionsSchema = { tags, summary: '题库 The question bank (nationwide and my jurisdiction\'s)', querystring: QuestionListQuery, response: { 200: Type.Object({ items: Type.Array(Question) }), ...errorResponses(400, 401, 403) } };
export const CreateQuestionSchema = { tags, summary: '新增题目 Add a question', body: QuestionBody, response: { 201: Question, ...errorResponses(400, 401, 403) } };
export const UpdateQuestionSchema = { tags, summary: '修改题目 Edit or retire a question of my jurisdiction', params: IdParams, body: QuestionPatch, response: { 200: Question, ...errorResponses(400, 401, 403, 404, 409) } };
export const ResultSummarySchema = { tags, summary: '测试成绩统计 Test results by school and community in my jurisdiction', response: { 200: ResultSummary, ...errorResponses(401, 403) } };
export const PublicOrgsSchema = { tags: publicTags, summary: '学校和社区名单 The schools and communities a test can count for, by district', response: { 200: PublicOrgList, 304: Type.Null(), ...errorResponses(429) } };
export const ListOrgsSchema = { tags, summary: '学校和社区名单 The schools and communities of my jurisdiction (retired ones included)', response: { 200: Type.Object({ items: Type.Array(Org) }), ...errorResponses(401, 403) } };
export const CreateOrgSchema = { tags, summary: '新增学校或社区 Add a school or community to the list', body: OrgBody, response: { 201: Org, ...errorResponses(400, 401, 403, 409) } };
export const UpdateOrgSchema = { tags, summary: '停用或恢复学校、社区 Retire or restore a school or community', params: IdParams, body: OrgPatch, response: { 200: Org, ...errorResponses(400, 401, 403, 404) } };

/** The organisation list's import and export (XLSX or CSV, the list's own columns). */
export const ORG_FILE_CONTENT_TYPES = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv' } as const;
const OrgFileQuery = Type.Object({ fileName: Type.Optional(Type.String({ maxLength: 200, description: 'the uploaded file\'s name, recorded in the audit log' })) }, { additionalProperties: false });
const OrgFileBody = Type.Unknown({ description: 'the file as the request body: XLSX or text/csv, columns 区划代码 类别 名称 在用' });
export const OrgImportResult = Type.Object({
  records: Type.Integer({ description: 'valid rows' }),
  created: Type.Integer({ description: 'organisations new to the list (an apply adds them)' }),
  updated: Type.Integer({ description: 'listed organisations whose 在用 flag the file changes' }),
  unchanged: Type.Integer({ description: 'rows the list already holds as they are' }),
  errorCount: Type.Integer(),
  errors: Type.Array(Type.Object({ at: Type.String(), zh: Type.String(), en: Type.String() }), { description: 'every problem (the first 2000): where (sheet!cell or sheet!row), the rule in zh and en' }),
});
const orgFileCommon = { tags, consumes: Object.values(ORG_FILE_CONTENT_TYPES), querystring: OrgFileQuery, body: OrgFileBody };
export const PreviewOrgImportSchema = {
  ...orgFileCommon, summary: '学校和社区名单导入预览 Check a list file: every problem of every row, what an import would add or change; nothing is written',
  response: { 200: OrgImportResult, ...errorResponses(400, 401, 403, 413, 415) },
};
export const ApplyOrgImportSchema = {
  ...orgFileCommon, summary: '导入学校和社区名单 Add the file\'s organisations and set their 在用 flag: all rows or none; importing the same file again changes nothing',
  response: { 200: OrgImportResult, ...errorResponses(400, 401, 403, 413, 415) },
};
export const ExportOrgsSchema = {
  tags, summary: '导出学校和社区名单 The list of my jurisdiction in the import\'s columns: importing it back changes nothing',
  querystring: Type.Object({ format: Type.Optional(Type.Enum(['xlsx', 'csv'], { default: 'xlsx' })) }, { additionalProperties: false }),
  response: { 200: Type.Unknown({ description: 'the file' }), ...errorResponses(400, 401, 403) },
};
