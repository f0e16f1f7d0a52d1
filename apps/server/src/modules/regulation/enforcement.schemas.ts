/**
 * TypeBox schemas of the enforcement-case routes: request validation, response serialisation, handler types and
 * the OpenAPI document from one definition.
 */
import { CASE_SOURCES, DECISION_OUTCOMES, ENFORCEMENT_STATUSES, EVIDENCE_KINDS, EXECUTION_METHODS, PENALTY_RULES } from '@civdef/domain';
import { Type, type Static, type TSchema } from 'typebox';
import { IdParams, RegionCode, Timestamp, errorResponses } from '../../lib/schemas.ts';

const tags = ['regulation'];
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Lit = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Party = Type.Union([Type.Literal('unit'), Type.Literal('individual')]);
/** Integer 分; the largest fine of the 人防法 is 10,000,000 分 (100,000 元). */
const Fen = Type.Integer({ minimum: 0, maximum: 2_000_000_000, description: 'integer 分 (1 元 = 100 分)' });
const RuleCode = Type.String({ enum: PENALTY_RULES.map((r) => r.code), description: PENALTY_RULES.map((r) => `${r.code}: ${r.basis}`).join('; ') });

export const CaseSummary = Type.Object({
  id: Type.Integer(), caseNo: Type.String(), title: Type.String(), regionCode: Type.String(), partyKind: Party,
  enterpriseId: Nullable(Type.Integer()), partyName: Type.String(), source: Type.String(), status: Lit(ENFORCEMENT_STATUSES),
  filedOn: Type.String(), lastStepOn: Type.String(), outcome: Nullable(Type.String()), amountFen: Nullable(Type.Integer()),
  evidenceCount: Type.Integer(), createdAt: Timestamp,
  publishedAt: Nullable(Timestamp),
});
export type CaseSummaryView = Static<typeof CaseSummary>;

const Evidence = Type.Object({
  id: Type.Integer(), kind: Type.String(), title: Type.String(), collectedOn: Type.String(), fileName: Type.String(), mediaType: Type.String(),
  sizeBytes: Type.Integer(), sm3: Type.String({ description: 'SM3 of the file computed at upload; never changed' }), sha256: Type.String(),
  uploadedBy: Nullable(Type.String()), uploadedAt: Timestamp,
});
export type EvidenceView = Static<typeof Evidence>;

export const CaseDetail = Type.Object({
  ...CaseSummary.properties,
  facts: Type.String(), workId: Nullable(Type.Integer()), workCode: Nullable(Type.String()), inspectionTaskId: Nullable(Type.Integer()),
  approvalCaseId: Nullable(Type.Integer()),
  investigators: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), certNo: Type.String() })),
  reviewer: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), certNo: Type.String() })),
  proposedOutcome: Nullable(Type.String()), proposedRule: Nullable(Type.String()), proposedFen: Nullable(Type.Integer()),
  notifiedOn: Nullable(Type.String()), answerDueOn: Nullable(Type.String()), hearingRight: Nullable(Type.Boolean()),
  calendarProvisional: Type.Boolean({ description: 'the dates were counted Monday–Friday through a year whose holidays are not loaded yet; they move when it is' }),
  calendarProvisionalYears: Type.Array(Type.Integer(), { description: 'the years counted without holiday data' }),
  decisionNo: Nullable(Type.String()), ruleCode: Nullable(Type.String()), basis: Nullable(Type.String({ description: 'the article the decision cites' })),
  decidedOn: Nullable(Type.String()), executedOn: Nullable(Type.String()), paidFen: Nullable(Type.Integer()), closedOn: Nullable(Type.String()),
  /** 执法全过程记录: every step in order, with its statutory record. */
  timeline: Type.Array(Type.Object({
    id: Type.Integer(), step: Type.String(), onDate: Type.String(), document: Nullable(Type.String()), record: Type.Record(Type.String(), Type.Unknown()),
    actor: Nullable(Type.String()), at: Timestamp,
  })),
  evidence: Type.Array(Evidence),
});
export type CaseDetailView = Static<typeof CaseDetail>;

export const ListCasesSchema = {
  tags, summary: '执法案件 Enforcement cases in my jurisdiction',
  querystring: Type.Object({ status: Type.Optional(Lit(ENFORCEMENT_STATUSES)) }, { additionalProperties: false }),
  response: { 200: Type.Object({ items: Type.Array(CaseSummary) }), ...errorResponses(400, 401, 403) },
};

export const FileCaseSchema = {
  tags, summary: '立案 File an enforcement case (at least two investigators)',
  body: Type.Object({
    title: Text(200), regionCode: RegionCode, partyKind: Party, enterpriseId: Type.Optional(Nullable(Id)),
    partyName: Type.Optional(Nullable(Text(100))), source: Lit(CASE_SOURCES), facts: Text(4000),
    investigatorIds: Type.Array(Id, { minItems: 1, maxItems: 10 }), workId: Type.Optional(Nullable(Id)), inspectionTaskId: Type.Optional(Nullable(Id)),
    approvalCaseId: Type.Optional(Nullable(Id)), filedOn: IsoDate,
  }, { additionalProperties: false }),
  response: { 201: CaseDetail, ...errorResponses(400, 401, 403) },
};

export const PublishDecisionSchema = {
  tags, summary: '公开处罚决定（一公开，仅已决定的案件，一次） Publish a decided case\'s decision on the public site (once)', params: IdParams,
  response: { 200: CaseDetail, ...errorResponses(400, 401, 403, 404, 409) },
};

/**
 * A published decision as the public site shows it (行政处罚决定公开): the decision, its legal basis and the party —
 * a unit by name, a person only as surname + 某 — never the facts as recorded, the evidence, the investigators or ids
 * of other records.
 */
export const PublicDecision = Type.Object({
  caseNo: Type.String(), decisionNo: Nullable(Type.String()), title: Type.String(), regionCode: Type.String(),
  partyKind: Party, party: Type.String({ description: 'a unit\'s name; a person as surname + 某' }),
  outcome: Nullable(Type.String()), ruleCode: Nullable(Type.String()), basis: Nullable(Type.String({ description: 'the article the decision applies' })),
  amountFen: Nullable(Type.Integer()), decidedOn: Nullable(Type.String()), publishedAt: Timestamp,
});
export type PublicDecisionView = Static<typeof PublicDecision>;
export const PublicDecisionsSchema = {
  tags, summary: '公开的行政处罚决定 Published enforcement decisions (一公开)',
  querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }) }, { additionalProperties: false }),
  response: { 200: Type.Object({ items: Type.Array(PublicDecision) }), ...errorResponses(400) },
};

export const GetCaseSchema = {
  tags, summary: '执法案件详情与全过程记录 A case with its full-process record', params: IdParams, response: { 200: CaseDetail, ...errorResponses(400, 401, 403, 404) },
};

export const AddEvidenceSchema = {
  tags, summary: '登记证据（multipart 字段 file，上传时计算 SM3） Register evidence (multipart field "file"; SM3 computed at upload)',
  consumes: ['multipart/form-data'], params: IdParams,
  querystring: Type.Object({ kind: Lit(EVIDENCE_KINDS), title: Text(200), collectedOn: IsoDate }, { additionalProperties: false }),
  response: { 201: CaseDetail, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
};

const stepSchema = <T extends TSchema>(summary: string, body: T) => ({
  tags, summary, params: IdParams, body, response: { 200: CaseDetail, ...errorResponses(400, 401, 403, 404, 409) },
});

export const ReportSchema = stepSchema('调查终结报告 Investigation report with the proposed penalty', Type.Object({
  reportedOn: IsoDate, findings: Text(4000), proposedOutcome: Lit(DECISION_OUTCOMES), ruleCode: Type.Optional(Nullable(RuleCode)), amountFen: Type.Optional(Nullable(Fen)),
}, { additionalProperties: false }));
export const ReviewSchema = stepSchema('法制审核 Legal review by an officer who did not investigate', Type.Object({
  reviewedOn: IsoDate, reviewerId: Id, opinion: Lit(['approve', 'return']), text: Text(4000),
}, { additionalProperties: false }));
export const NotifySchema = stepSchema('告知 Advance notice: the party\'s right to state a defence or ask for a hearing', Type.Object({
  notifiedOn: IsoDate, text: Type.Optional(Nullable(Text(4000))),
}, { additionalProperties: false }));
export const DecideSchema = stepSchema('处罚决定 Decision (checked against the penalty ranges, citing the article)', Type.Object({
  decidedOn: IsoDate, decisionNo: Text(100), outcome: Lit(DECISION_OUTCOMES), ruleCode: Type.Optional(Nullable(RuleCode)), amountFen: Type.Optional(Nullable(Fen)),
  partyAnswer: Lit(['none', 'statement', 'waived', 'hearing']), partyAnswerText: Type.Optional(Nullable(Text(4000))),
}, { additionalProperties: false }));
export const ExecuteSchema = stepSchema('执行 Execution of the decision', Type.Object({
  executedOn: IsoDate, method: Lit(EXECUTION_METHODS), paidFen: Fen, note: Type.Optional(Nullable(Text(2000))),
}, { additionalProperties: false }));
export const CloseSchema = stepSchema('结案 Close the case', Type.Object({ closedOn: IsoDate, summary: Text(4000) }, { additionalProperties: false }));

export const VerifyEvidenceSchema = {
  tags, summary: '复核证据 Re-hash a stored evidence file against its registered SM3 (the check is recorded)', params: IdParams,
  response: {
    200: Type.Object({ evidenceId: Type.Integer(), ok: Type.Boolean(), missing: Type.Boolean(), sm3Registered: Type.String(), sm3Now: Nullable(Type.String()) }),
    ...errorResponses(400, 401, 403, 404),
  },
};

export const EvidenceContentSchema = {
  tags, summary: '下载证据 Download an evidence file', params: IdParams,
  response: { 200: Type.Unknown({ description: 'the file' }), ...errorResponses(400, 401, 403, 404) },
};
