/**
 * The knowledge quiz (人防知识网上测试): questions drawn from the bank for an exercise (answers shown at once) or a
 * test (scored on submission and counted for the school or community), and the console's bank and statistics.
 */
import { createHash } from 'node:crypto';
import { inScope, isCorrectAnswer, quizScore, scopePrefix } from '@civdef/domain';
import type { Database, Queryable } from '../../../db/index.ts';
import { auditContextOf, type Actor } from '../../../lib/actor.ts';
import { AppError } from '../../../lib/errors.ts';
import { csvBuffer, csvRows } from '../../../lib/xlsx/csv.ts';
import { ImportFormatError } from '../../../lib/xlsx/format-error.ts';
import { loadWorkbook, sheetRows, type Cell } from '../../../lib/xlsx/read.ts';
import { addSheet, newWorkbook, workbookBuffer } from '../../../lib/xlsx/write.ts';
import { appendAudit } from '../../audit/index.ts';
import type { RegionsService } from '../../regions/index.ts';
import { PublicErrors as E } from '../public.errors.ts';
import { ORG_SHEET, orgsSheet, parseOrgs, type CellError, type OrgRecord } from './quiz.orgs-file.ts';
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

export interface OrgFile { fileName: string; format: 'xlsx' | 'csv'; data: Buffer }

export interface OrgImportResult {
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  errorCount: number;
  errors: CellError[];
}

/** Problems listed one by one in an answer; the count is always the full one. */
const MAX_LISTED_PROBLEMS = 2_000;

async function orgFileRows(file: OrgFile): Promise<Cell[][]> {
  if (file.format === 'csv') return csvRows(file.data);
  const wb = await loadWorkbook(file.data);
  const ws = wb.getWorksheet(ORG_SHEET) ?? wb.worksheets[0];
  if (!ws) throw new ImportFormatError('工作簿中没有工作表', 'the workbook has no sheet');
  return sheetRows(ws);
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

  /** A district (6 digits, not the city itself) or a town-level unit (9 digits) of the city, inside the jurisdiction. */
  const orgRegionOk = (actor: Actor, code: string) =>
    ((code.length === 6 && code !== cityCode) || code.length === 9) && code.startsWith(actor.scope) && code.startsWith(cityPrefix);

  /**
   * Parses a list file and checks it against the database (through `q`); nothing is written. Each valid row is new
   * (added), changes a listed organisation's 在用 flag, or is already on the list as it is.
   */
  async function checkOrgFile(q: Queryable, actor: Actor, file: OrgFile) {
    let parsed: ReturnType<typeof parseOrgs>;
    try {
      parsed = parseOrgs(await orgFileRows(file));
    } catch (err) {
      if (err instanceof ImportFormatError) throw new AppError(E.PUBLIC_QUIZ_ORG_FILE_UNREADABLE, 400, { zh: err.zh, en: err.en });
      throw err;
    }
    const problems: CellError[] = [...parsed.errors];
    const unknown = new Set(await regions.unknownCodes([...new Set(parsed.records.map((r) => r.regionCode))], q));
    const good: OrgRecord[] = [];
    for (const r of parsed.records) {
      if (!orgRegionOk(actor, r.regionCode) || unknown.has(r.regionCode)) {
        problems.push({ at: r.at, zh: `「区划代码」${r.regionCode} 不是您管辖范围内的区县或街道（乡镇）`, en: `Region code: ${r.regionCode} is not a district or town-level unit of your jurisdiction` });
      } else good.push(r);
    }
    const listed = new Map((await repo.listOrgs(q, actor.scope, false)).map((o) => [`${o.regionCode}\u0000${o.kind}\u0000${o.name}`, o]));
    const add: OrgRecord[] = [];
    const flip: Array<{ id: number; active: boolean }> = [];
    for (const r of good) {
      const o = listed.get(`${r.regionCode}\u0000${r.kind}\u0000${r.name}`);
      if (!o) add.push(r);
      else if (o.active !== r.active) flip.push({ id: o.id, active: r.active });
    }
    const result: OrgImportResult = {
      records: good.length, created: add.length, updated: flip.length, unchanged: good.length - add.length - flip.length,
      errorCount: problems.length, errors: problems.slice(0, MAX_LISTED_PROBLEMS),
    };
    return { result, add, flip, problems };
  }

  return {
    draw: (q: QuizQuery) => repo.drawQuestions(db, q.category, q.count),

    /** What importing the file would do, every problem listed; nothing is written. */
    async previewOrgs(actor: Actor, file: OrgFile): Promise<OrgImportResult> {
      return (await checkOrgFile(db, actor, file)).result;
    },

    /** Adds the file's new organisations and sets the listed ones' 在用 flag: all rows or none, audited; the same file again changes nothing. */
    async importOrgs(actor: Actor, ip: string | null, file: OrgFile): Promise<OrgImportResult> {
      return db.transaction(async (tx) => {
        const { result, add, flip, problems } = await checkOrgFile(tx, actor, file);
        if (problems.length > 0) {
          const first = problems[0]!;
          throw new AppError(E.PUBLIC_QUIZ_ORG_FILE_INVALID, 400, { count: problems.length, at: first.at, zh: first.zh, en: first.en },
            problems.slice(0, MAX_LISTED_PROBLEMS).map((e) => ({ field: e.at, rule: 'import', zh: `${e.at}：${e.zh}`, en: `${e.at}: ${e.en}` })));
        }
        const written = await repo.applyOrgImport(tx, actor.scope, add.map(({ at: _at, ...r }) => r), flip);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'quiz.org.import', entityType: 'quiz_org', regionCode: actor.regionCode,
          after: { fileName: file.fileName.slice(0, 200), format: file.format, sha256: createHash('sha256').update(file.data).digest('hex'), records: result.records, ...written },
        });
        return { ...result, ...written, unchanged: result.records - written.created - written.updated };
      });
    },

    /** The jurisdiction's list in the import's columns (retired ones included, 在用 否). */
    async exportOrgs(actor: Actor, ip: string | null, format: 'xlsx' | 'csv'): Promise<Buffer> {
      const orgs = await repo.listOrgs(db, actor.scope, false);
      await db.transaction((tx) => appendAudit(tx, auditContextOf(actor, ip), {
        action: 'quiz.org.export', entityType: 'quiz_org', regionCode: actor.regionCode, after: { format, organisations: orgs.length },
      }));
      const spec = orgsSheet(orgs);
      if (format === 'csv') return csvBuffer(spec);
      const wb = await newWorkbook();
      addSheet(wb, spec);
      return workbookBuffer(wb);
    },

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
