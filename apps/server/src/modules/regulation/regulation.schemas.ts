/**
 * Request and response schemas of the regulation routes: one TypeBox definition gives validation, fast
 * serialisation (fields not in the schema are dropped), the handler's types and the OpenAPI document.
 */
import {
  APPROVAL_DOCUMENT_TYPES, APPROVAL_KINDS, ENTERPRISE_KINDS, LIFECYCLE_STATES, PARTY_VERDICTS, INSPECTION_ITEM_CODES, INSPECTION_OUTCOMES, INSPECTION_STATUSES,
  SIREN_KIND_CODES, SIREN_STATUS_CODES, WORK_CLASSES,
} from '@civdef/domain';
import { Type, type Static } from 'typebox';
import { IdParams, Paging, RegionCode, Timestamp, errorResponses } from '../../lib/schemas.ts';

const tags = ['regulation'];
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Uscc = Type.String({ minLength: 1, maxLength: 18, description: '统一社会信用代码 (GB 32100-2015), 18 characters, checksum checked' });
const Sm3 = Type.String({ pattern: '^[0-9a-f]{64}$' });

export const Enterprise = Type.Object({
  id: Type.Integer(), uscc: Type.String(), name: Type.String(), kind: Type.Union(ENTERPRISE_KINDS.map((k) => Type.Literal(k))),
  regionCode: Type.String(), contactName: Type.Union([Type.String(), Type.Null()]),
  contactPhoneMasked: Type.Union([Type.String(), Type.Null()], { description: '138****5678: stored SM4-encrypted' }),
  synthetic: Type.Boolean(), createdAt: Timestamp,
});
export type EnterpriseView = Static<typeof Enterprise>;

export const EnterpriseCreate = Type.Object({
  uscc: Uscc, name: Text(200), kind: Type.Union(ENTERPRISE_KINDS.map((k) => Type.Literal(k))), regionCode: RegionCode,
  contactName: Type.Optional(Type.Union([Text(50), Type.Null()])),
  contactPhone: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9+\\- ]{5,20}$' }), Type.Null()])),
}, { additionalProperties: false });

export const EnterpriseDetail = Type.Object({
  ...Enterprise.properties,
  qualifications: Type.Array(Type.Object({
    id: Type.Integer(), name: Type.String(), level: Type.Union([Type.String(), Type.Null()]), certNo: Type.String(), issuer: Type.String(), issuedOn: Type.String(),
    expiresOn: Type.Union([Type.String(), Type.Null()]), valid: Type.Boolean({ description: 'not expired today (Asia/Shanghai)' }),
  })),
  credit: Type.Array(Type.Object({
    id: Type.Integer(), kind: Type.Union([Type.Literal('good'), Type.Literal('bad')]), reason: Type.String(), source: Type.String(),
    caseId: Type.Union([Type.Integer(), Type.Null()]), caseNo: Type.Union([Type.String(), Type.Null()]), recordedOn: Type.String(),
    publicUntil: Type.Union([Type.String(), Type.Null()]), createdBy: Type.Union([Type.String(), Type.Null()]),
  })),
  cases: Type.Array(Type.Object({ id: Type.Integer(), caseNo: Type.String(), title: Type.String(), status: Type.String(), filedOn: Type.String() })),
});
export type EnterpriseDetailView = Static<typeof EnterpriseDetail>;

export const GetEnterpriseSchema = {
  tags, summary: '企业详情（资质、信用记录、执法案件） An enterprise with its qualifications, credit records and cases', params: IdParams,
  response: { 200: EnterpriseDetail, ...errorResponses(400, 401, 403, 404) },
};
export const AddQualificationSchema = {
  tags, summary: '登记企业资质 Add a qualification', params: IdParams,
  body: Type.Object({
    name: Text(100), level: Type.Optional(Type.Union([Text(50), Type.Null()])), certNo: Text(64), issuer: Text(100), issuedOn: IsoDate,
    expiresOn: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  }, { additionalProperties: false }),
  response: { 200: EnterpriseDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
export const AddCreditSchema = {
  tags, summary: '登记信用记录（处罚决定会自动记入） Add a credit record (a penalty decision adds one itself)', params: IdParams,
  body: Type.Object({
    kind: Type.Union([Type.Literal('good'), Type.Literal('bad')]), reason: Text(500), recordedOn: IsoDate, publicUntil: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  }, { additionalProperties: false }),
  response: { 200: EnterpriseDetail, ...errorResponses(400, 401, 403, 404) },
};

export const Officer = Type.Object({
  id: Type.Integer(), name: Type.String(), certNo: Type.String(), certExpiresOn: Type.String(), regionCode: Type.String(), synthetic: Type.Boolean(),
  certValid: Type.Boolean({ description: 'the certificate has not expired today (Asia/Shanghai)' }),
});
export type OfficerView = Static<typeof Officer>;

export const OfficerCreate = Type.Object({
  name: Text(50), certNo: Type.String({ pattern: '^[0-9A-Za-z\\-]{4,32}$', description: '行政执法证号' }), certExpiresOn: IsoDate, regionCode: RegionCode,
}, { additionalProperties: false });

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()]);

/** Narrows the pool within the task's region; which fields apply depends on the item's source (see INSPECTION_ITEMS). */
export const PoolFilter = Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'name (or, for works, code/address) contains' })),
  workClass: Type.Optional(Type.Array(Type.Union(WORK_CLASSES.map((c) => Type.Literal(c.code))), { maxItems: 10, description: 'works: 战时功能' })),
  lifecycleState: Type.Optional(Type.Array(Type.Union(LIFECYCLE_STATES.map((c) => Type.Literal(c.code))), { maxItems: 20, description: 'works: life-cycle state' })),
  isPublic: Type.Optional(Type.Boolean({ description: 'works: public shelters only (true) or none of them (false)' })),
  sirenKind: Type.Optional(Type.Array(Type.Union(SIREN_KIND_CODES.map((c) => Type.Literal(c))), { maxItems: 10, uniqueItems: true, description: 'sirens: kind' })),
  sirenStatus: Type.Optional(Type.Array(Type.Union(SIREN_STATUS_CODES.map((c) => Type.Literal(c))), { maxItems: 10, uniqueItems: true, description: 'sirens: status' })),
}, { additionalProperties: false });

const Conflict = Type.Object({ officerId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), enterpriseId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), reason: Text(200) }, { additionalProperties: false });

export const TaskCreate = Type.Object({
  title: Text(200), item: Type.Union(INSPECTION_ITEM_CODES.map((k) => Type.Literal(k))), regionCode: RegionCode,
  targetCount: Type.Integer({ minimum: 1, maximum: 10_000 }), inspectorsPerTarget: Type.Integer({ minimum: 1, maximum: 10 }),
  conflicts: Type.Optional(Type.Array(Conflict, { maxItems: 1000 })),
  poolFilter: Type.Optional(PoolFilter),
  beaconSource: Type.Optional(Nullable(Type.String({
    minLength: 1, maxLength: 200, pattern: '\\S',
    description: '公共随机数来源：承诺时公布、抽取时才知道的公开数值（如某期福彩开奖号码）; the public value announced at commit and mixed into the seed at the draw',
  }))),
}, { additionalProperties: false });

const PublishedPool = Type.Object({
  targets: Type.Array(Type.String()), inspectors: Type.Array(Type.String()), conflicts: Type.Array(Type.Tuple([Type.String(), Type.String()])),
  targetCount: Type.Integer(), inspectorsPerTarget: Type.Integer(),
  beaconSource: Type.Optional(Type.String({ description: 'present only when a beacon was announced: part of the pool digest' })),
});
const DrawResult = Type.Object({
  targets: Type.Array(Type.String()), teams: Type.Array(Type.Object({ target: Type.String(), inspectors: Type.Array(Type.String()) })),
});

/**
 * The verifiable part of a task, as `scripts/verify-draw.mjs` reads it: commitment and pool digest from the
 * commit on, the seed and the result from the draw on.
 */
const DrawRecord = {
  algorithm: Type.Literal('civdef-draw-v1'), commit: Nullable(Sm3), poolDigest: Nullable(Sm3), seed: Nullable(Sm3),
  beaconSource: Nullable(Type.String({ description: 'the public value announced at commit' })),
  beacon: Nullable(Type.String({ description: 'that value as entered at the draw; the stream runs on SM3(seed:beacon:value)' })),
  pool: Nullable(PublishedPool), result: Nullable(DrawResult),
};

const Named = Type.Object({ key: Type.String(), name: Type.String(), party: Nullable(Type.String({ description: 'the unit answering for the target' })) });

export const Task = Type.Object({
  id: Type.Integer(), title: Type.String(), item: Type.String(), regionCode: Type.String(), targetCount: Type.Integer(),
  inspectorsPerTarget: Type.Integer(), status: Type.Union(INSPECTION_STATUSES.map((s) => Type.Literal(s))),
  createdAt: Timestamp, committedAt: Nullable(Timestamp), drawnAt: Nullable(Timestamp), publishedAt: Nullable(Timestamp),
  source: Type.Union([Type.Literal('enterprises'), Type.Literal('works'), Type.Literal('sirens')]),
  redrawOf: Nullable(Type.Integer({ description: 'the task this one draws again' })), redrawReason: Nullable(Type.String()),
  redrawnBy: Nullable(Type.Integer({ description: 'the task that drew this one again' })),
});
export type TaskView = Static<typeof Task>;

export const TaskDetail = Type.Object({
  ...Task.properties, ...DrawRecord,
  /** Names for the pool's keys: enterprises by USCC, officers by certificate number. */
  targetNames: Type.Array(Named), inspectorNames: Type.Array(Named),
  conflicts: Type.Array(Type.Object({ officerId: Type.Integer(), enterpriseId: Type.Integer(), reason: Type.String() })),
  results: Type.Array(Type.Object({
    targetKey: Type.String(), enterpriseId: Nullable(Type.Integer()), outcome: Type.String(), findings: Type.String(), rectification: Nullable(Type.String()), recordedAt: Timestamp,
  })),
});
export type TaskDetailView = Static<typeof TaskDetail>;

/** What the public site shows of a published task (一公开): the draw record, names, and each target's result. */
export const PublicTask = Type.Object({
  id: Type.Integer(), title: Type.String(), item: Type.String(), regionCode: Type.String(), ...DrawRecord,
  committedAt: Nullable(Timestamp), drawnAt: Nullable(Timestamp), publishedAt: Nullable(Timestamp),
  redrawOf: Nullable(Type.Integer()), redrawReason: Nullable(Type.String()),
  targetNames: Type.Array(Named), inspectorNames: Type.Array(Named),
  results: Type.Array(Type.Object({
    target: Type.String(), name: Type.String(), party: Nullable(Type.String()), outcome: Type.String(), findings: Type.String(),
    rectification: Nullable(Type.String({ description: '整改要求' })),
  })),
});
export type PublicTaskView = Static<typeof PublicTask>;

export const ResultCreate = Type.Object({
  enterpriseId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'an enterprise target by id (or give targetKey)' })),
  targetKey: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'the drawn target by its key: USCC, work code or siren code' })),
  outcome: Type.Union(INSPECTION_OUTCOMES.map((o) => Type.Literal(o))),
  findings: Text(2000), rectification: Type.Optional(Nullable(Text(2000))),
}, { additionalProperties: false });

export const ListEnterprisesSchema = {
  tags, summary: '企业名录 Enterprises in my jurisdiction',
  querystring: Type.Object({ ...Paging, kind: Type.Optional(Type.Union(ENTERPRISE_KINDS.map((k) => Type.Literal(k)))), q: Type.Optional(Text(100)) }, { additionalProperties: false }),
  response: { 200: Type.Object({ items: Type.Array(Enterprise), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }), ...errorResponses(400, 401, 403) },
};
export const CreateEnterpriseSchema = {
  tags, summary: '登记企业 Register an enterprise', body: EnterpriseCreate, response: { 201: Enterprise, ...errorResponses(400, 401, 403, 409) },
};
export const ListOfficersSchema = {
  tags, summary: '执法人员名录 Enforcement officers in my jurisdiction', response: { 200: Type.Object({ items: Type.Array(Officer) }), ...errorResponses(401, 403) },
};
export const CreateOfficerSchema = {
  tags, summary: '登记执法人员 Register an enforcement officer', body: OfficerCreate, response: { 201: Officer, ...errorResponses(400, 401, 403, 409) },
};
export const ListTasksSchema = {
  tags, summary: '双随机抽查任务 Random inspection tasks', response: { 200: Type.Object({ items: Type.Array(Task) }), ...errorResponses(401, 403) },
};
export const CreateTaskSchema = {
  tags, summary: '新建抽查任务 Create a random inspection task', body: TaskCreate, response: { 201: TaskDetail, ...errorResponses(400, 401, 403) },
};
export const GetTaskSchema = {
  tags, summary: '抽查任务详情 An inspection task', params: IdParams, response: { 200: TaskDetail, ...errorResponses(400, 401, 403, 404) },
};
const step = (summary: string) => ({ tags, summary, params: IdParams, response: { 200: TaskDetail, ...errorResponses(400, 401, 403, 404, 409) } });
export const CommitTaskSchema = step('承诺：冻结抽取池并公布种子的 SM3 Commit: freeze the pool, publish SM3(seed)');
export const DrawTaskSchema = {
  ...step('抽取：揭示种子并抽取（仅一次），如承诺了公共随机数须填写 beacon Draw: reveal the seed and draw (once), with the announced beacon if any'),
  // Optional as a whole: a draw without a beacon may send no body at all (the route reads a missing body as {}).
  body: Type.Object({ beacon: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }))) }, { additionalProperties: false }),
};
export const RedrawTaskSchema = {
  tags, summary: '重新抽取：以原任务的设置新建任务并记录原因（原任务及其结果保留） Draw again: a new task citing this one with the reason', params: IdParams,
  body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }) }, { additionalProperties: false }),
  response: { 201: TaskDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
export const PublishTaskSchema = step('公示抽查结果 Publish the draw');
export const RecordResultSchema = {
  tags, summary: '登记检查结果 Record the result for a drawn target', params: IdParams, body: ResultCreate,
  response: { 200: TaskDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
/** A photo of one target's result: the SM3 computed at upload is shown so a downloaded copy can be checked against it. */
export const InspectionPhoto = Type.Object({
  id: Type.Integer(), taskId: Type.Integer(), targetKey: Type.String(), fileName: Type.String(),
  mediaType: Type.Union([Type.Literal('image/jpeg'), Type.Literal('image/png'), Type.Literal('image/webp')]), sizeBytes: Type.Integer(),
  sm3: Sm3, uploadedBy: Nullable(Type.String()), uploadedAt: Timestamp,
});
export type InspectionPhotoView = Static<typeof InspectionPhoto>;
const TargetKey = Type.String({ minLength: 1, maxLength: 64, description: 'the drawn target by its key: USCC, work code or siren code' });
export const AddResultPhotoSchema = {
  tags, summary: '上传检查结果照片（multipart 字段 file，JPEG/PNG/WebP，≤10 MB，计算 SM3） Add a photo to a target\'s result (multipart field "file")',
  consumes: ['multipart/form-data'], params: IdParams,
  querystring: Type.Object({ targetKey: TargetKey }, { additionalProperties: false }),
  response: { 201: Type.Object({ items: Type.Array(InspectionPhoto) }), ...errorResponses(400, 401, 403, 404, 413, 415) },
};
export const ListResultPhotosSchema = {
  tags, summary: '检查结果照片（可按检查对象筛选） Photos of a task\'s results, of one target when targetKey is given', params: IdParams,
  querystring: Type.Object({ targetKey: Type.Optional(TargetKey) }, { additionalProperties: false }),
  response: { 200: Type.Object({ items: Type.Array(InspectionPhoto) }), ...errorResponses(400, 401, 403, 404) },
};
export const ResultPhotoContentSchema = {
  tags, summary: '下载检查结果照片 Download an inspection photo', params: IdParams,
  response: { 200: Type.Unknown({ description: 'the image' }), ...errorResponses(400, 401, 403, 404) },
};

export const PublicTasksSchema = {
  tags, summary: '公示的双随机抽查及结果 Published random inspections with their results (一公开)',
  querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }) }, { additionalProperties: false }),
  response: { 200: Type.Object({ items: Type.Array(PublicTask) }), ...errorResponses(400) },
};
export const PublicTaskSchema = {
  tags, summary: '公示的抽查（可独立复核） A published random inspection, re-checkable by anyone', params: IdParams,
  response: { 200: PublicTask, ...errorResponses(400, 404) },
};

export const Approval = Type.Object({
  id: Type.Integer(), kind: Type.String(), title: Type.String(), regionCode: Type.String(), enterpriseId: Nullable(Type.Integer()),
  enterpriseName: Nullable(Type.String()), receivedOn: Type.String(), promisedDays: Type.Integer(), legalDays: Type.Integer(),
  promisedDueOn: Type.String(), legalDueOn: Type.String(), status: Type.Union([Type.Literal('open'), Type.Literal('approved'), Type.Literal('rejected')]),
  calendarProvisional: Type.Boolean({ description: 'the dates were counted Monday–Friday through a year whose holidays are not loaded yet; they move when it is' }),
  calendarProvisionalYears: Type.Array(Type.Integer(), { description: 'the years counted without holiday data' }),
  decidedOn: Nullable(Type.String()), opinion: Nullable(Type.String()),
  clock: Nullable(Type.Union([Type.Literal('on_time'), Type.Literal('due_soon'), Type.Literal('past_promise'), Type.Literal('past_legal_limit')], { description: 'open cases only' })),
  legalDaysLeft: Nullable(Type.Integer({ description: 'working days from today to the legal limit; negative once past' })),
  createdAt: Timestamp,
  caseNo: Type.String({ description: 'RFSP-<year>-<id>: what a works life-cycle step cites as its approvalRef' }),
  workId: Nullable(Type.Integer()), workCode: Nullable(Type.String()),
  usedByWorkId: Nullable(Type.Integer({ description: 'the work whose demolition/scrapping step used this approval' })), usedAt: Nullable(Timestamp),
});
export type ApprovalView = Static<typeof Approval>;

const PartyCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'the department, e.g. 自然资源和规划局' }),
  required: Type.Optional(Type.Boolean({ default: true, description: 'the decision waits for its opinion' })),
}, { additionalProperties: false });

export const ApprovalDetail = Type.Object({
  ...Approval.properties,
  parties: Type.Array(Type.Object({
    id: Type.Integer(), name: Type.String(), required: Type.Boolean(), verdict: Nullable(Type.Union([Type.Literal('agree'), Type.Literal('agree_with_conditions'), Type.Literal('disagree')])),
    opinion: Nullable(Type.String()), answeredOn: Nullable(Type.String()), answeredBy: Nullable(Type.String()),
  })),
  documents: Type.Array(Type.Object({
    id: Type.Integer(), docType: Type.String(), title: Type.String(), fileName: Type.String(), mediaType: Type.String(), sizeBytes: Type.Integer(),
    sm3: Type.String(), uploadedBy: Nullable(Type.String()), uploadedAt: Timestamp,
  })),
});
export type ApprovalDetailView = Static<typeof ApprovalDetail>;

export const GetApprovalSchema = {
  tags, summary: '审批案件详情（联审部门、意见、材料） An approval case with its joint-review parties, opinions and documents', params: IdParams,
  response: { 200: ApprovalDetail, ...errorResponses(400, 401, 403, 404) },
};
export const AddPartySchema = {
  tags, summary: '增加联审部门 Add a joint-review party', params: IdParams, body: PartyCreate,
  response: { 200: ApprovalDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
export const AnswerPartySchema = {
  tags, summary: '登记联审意见（每个部门一次） Record a party\'s opinion (once per party)',
  params: Type.Object({ id: IdParams.properties.id, partyId: IdParams.properties.id }),
  body: Type.Object({ verdict: Type.Union(PARTY_VERDICTS.map((v) => Type.Literal(v))), opinion: Text(2000), answeredOn: IsoDate }, { additionalProperties: false }),
  response: { 200: ApprovalDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
export const AddApprovalDocumentSchema = {
  tags, summary: '上传审批材料（multipart 字段 file，计算 SM3） Attach a document to an approval case (multipart field "file")',
  consumes: ['multipart/form-data'], params: IdParams,
  querystring: Type.Object({ docType: Type.Union(APPROVAL_DOCUMENT_TYPES.map((v) => Type.Literal(v))), title: Text(200) }, { additionalProperties: false }),
  response: { 201: ApprovalDetail, ...errorResponses(400, 401, 403, 404, 413, 415) },
};
export const ApprovalDocumentContentSchema = {
  tags, summary: '下载审批材料 Download an approval document', params: IdParams,
  response: { 200: Type.Unknown({ description: 'the file' }), ...errorResponses(400, 401, 403, 404) },
};

export const ListApprovalsSchema = {
  tags, summary: '审批案件（含到期、逾期清单） Approval cases, with due-soon and overdue lists',
  querystring: Type.Object({ view: Type.Union([Type.Literal('all'), Type.Literal('open'), Type.Literal('due_soon'), Type.Literal('overdue')], { default: 'open' }) }, { additionalProperties: false }),
  response: { 200: Type.Object({ items: Type.Array(Approval) }), ...errorResponses(400, 401, 403) },
};
export const CreateApprovalSchema = {
  tags, summary: '受理审批案件 Register an approval case',
  body: Type.Object({
    kind: Type.Union(APPROVAL_KINDS.map((k) => Type.Literal(k))), title: Text(200), regionCode: RegionCode,
    enterpriseId: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 2_147_483_647 }))), receivedOn: IsoDate,
    workId: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the work the case concerns (demolition, scrapping, alteration…)' }))),
    parties: Type.Optional(Type.Array(PartyCreate, { maxItems: 30, description: '联审 parties asked for an opinion' })),
    promisedDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })), legalDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
  }, { additionalProperties: false }),
  response: { 201: Approval, ...errorResponses(400, 401, 403) },
};
export const DecideApprovalSchema = {
  tags, summary: '作出审批决定 Decide an approval case', params: IdParams,
  body: Type.Object({ decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]), decidedOn: IsoDate, opinion: Text(2000) }, { additionalProperties: false }),
  response: { 200: Approval, ...errorResponses(400, 401, 403, 404, 409) },
};

// ---------------------------------------------------------------------------------------------------------------
// The working-day calendar (system-wide: the State Council's holiday notice binds every county)
// ---------------------------------------------------------------------------------------------------------------

export const CalendarYear = Type.Object({
  year: Type.Integer(), basis: Type.String({ description: "the State Council notice the year's data is copied from" }),
  holidays: Type.Array(Type.String()), workingWeekends: Type.Array(Type.String({ description: '调休: a weekend day that is a working day' })),
  source: Type.Union([Type.Literal('built_in'), Type.Literal('loaded')]), loadedBy: Nullable(Type.String()), loadedAt: Nullable(Timestamp),
});

export type CalendarYearView = Static<typeof CalendarYear>;

export const ListCalendarYearsSchema = {
  tags, summary: '工作日历：已有节假日安排的年份 Working-day calendar: the years with holiday data',
  response: { 200: Type.Object({ items: Type.Array(CalendarYear) }), ...errorResponses(401, 403) },
};

export const CalendarYearBody = Type.Object({
  basis: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S', description: '依据：国务院办公厅关于…年部分节假日安排的通知（文号）' }),
  holidays: Type.Array(IsoDate, { maxItems: 120, description: 'days off (the whole holiday, weekends included)' }),
  workingWeekends: Type.Array(IsoDate, { maxItems: 30, description: '调休上班: Saturdays or Sundays that are working days' }),
}, { additionalProperties: false });

export const LoadCalendarYearSchema = {
  tags, summary: '载入（替换）一年的节假日安排并重算临时时限 Load (or replace) a year of holidays and re-compute provisional clocks',
  params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
  body: CalendarYearBody,
  response: {
    200: Type.Object({
      year: CalendarYear,
      recomputed: Type.Integer({ description: 'open clocks whose dates or provisional mark changed' }),
      moved: Type.Array(Type.Object({
        kind: Type.Union([Type.Literal('approval'), Type.Literal('enforcement')]), id: Type.Integer(), caseNo: Type.String(),
        before: Type.String({ description: 'the (legal) due date before' }), after: Type.String(), provisionalYears: Type.Array(Type.Integer()),
      })),
    }),
    ...errorResponses(400, 401, 403),
  },
};
