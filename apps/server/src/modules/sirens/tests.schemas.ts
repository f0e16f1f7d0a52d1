/** Request and response schemas of the test-day (试鸣) routes. */
import { SIGNAL_PROGRAMS, SIREN_TEST_OBSERVATIONS, SIREN_TEST_OUTCOMES, SIREN_TEST_STATES } from '@civdef/domain';
import { Type, type Static, type TSchema } from 'typebox';
import { errorResponses, IdParams, Paging, Timestamp } from '../../lib/schemas.ts';
import { CommandTarget } from './sirens.schemas.ts';

const Nullable = <S extends TSchema>(s: S) => Type.Union([s, Type.Null()]);
const codes = <T extends { code: string }>(items: readonly T[]) => items.map((i) => i.code) as T['code'][];
const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

export const TestStepInput = Type.Object({
  program: Type.Enum(codes(SIGNAL_PROGRAMS), { description: 'preliminary 预先警报 / air_raid 空袭警报 / all_clear 解除警报' }),
  at: { ...Timestamp, description: '鸣放时间 when this signal is sent' },
}, { additionalProperties: false });
export const TestCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, description: '名称, e.g. 2026年“9·18”防空警报试鸣' }),
  target: CommandTarget,
  steps: Type.Array(TestStepInput, { minItems: 1, maxItems: 10, description: 'signals in time order, e.g. 10:00 预先警报, 10:08 空袭警报, 10:16 解除警报' }),
}, { additionalProperties: false });
export type TestCreate = Static<typeof TestCreate>;
export const VersionBody = Type.Object({ version: Version }, { additionalProperties: false });
export const ObservationCreate = Type.Object({
  sirenId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the siren heard (or not); empty: the campaign\'s siren nearest to location' })),
  result: Type.Enum(codes(SIREN_TEST_OBSERVATIONS), { description: 'heard 听到 / weak 声音弱 / not_heard 未听到' }),
  location: Type.Optional(Type.Tuple([
    Type.Number({ minimum: 73, maximum: 136, description: 'longitude (WGS84)' }), Type.Number({ minimum: 3, maximum: 54, description: 'latitude' }),
  ])),
  note: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
}, { additionalProperties: false });
export type ObservationCreate = Static<typeof ObservationCreate>;

const StepItem = Type.Object({
  seq: Type.Integer(), program: Type.String(), at: Timestamp, commandId: Type.String(), issuedAt: Nullable(Timestamp), error: Nullable(Type.String()),
  counts: Type.Record(Type.String(), Type.Integer(), { description: 'sirens per delivery state of the step\'s command' }),
});
export const TestItem = Type.Object({
  id: Type.Integer(), name: Type.String(), regionCode: Type.String(), target: CommandTarget, state: Type.Enum(codes(SIREN_TEST_STATES)),
  createdBy: Nullable(Type.String()), createdAt: Timestamp, finishedBy: Nullable(Type.String()), finishedAt: Nullable(Timestamp), version: Type.Integer(),
  firstStepAt: Nullable(Timestamp), workingPercent: Nullable(Type.Number({ description: 'share of sirens working (weak counted), when finished' })),
});
const Summary = Type.Object({
  total: Type.Integer(), working: Type.Integer(), weak: Type.Integer(), failed: Type.Integer(), unverified: Type.Integer(),
  workingPercent: Nullable(Type.Number({ description: 'share of all the sirens working (weak counted); the unverified count as not working' })),
  verifiedWorkingPercent: Nullable(Type.Number({ description: 'share working of the sirens whose result is known (the unverified left out); null when none is known' })),
  faultTickets: Type.Integer({ description: 'failures with a fault ticket (opened by the close, or already open)' }),
  previous: Nullable(Type.Object({
    id: Type.Integer(), name: Type.String(), finishedAt: Timestamp,
    total: Type.Integer({ description: 'sirens in that campaign' }),
    workingPercent: Nullable(Type.Number({ description: 'that campaign\'s own figure, over its own sirens' })),
    common: Type.Integer({ description: 'sirens both campaigns tested: the two own figures compare only when it equals both totals' }),
    commonBeforePercent: Nullable(Type.Number({ description: 'share working of the common sirens then; null when none is common' })),
    commonNowPercent: Nullable(Type.Number({ description: 'share working of the common sirens now' })),
    failedBoth: Type.Integer({ description: '两次均故障 common sirens failed both times' }),
    newlyFailed: Type.Integer({ description: '新增故障 failed now, working (weak counted) then' }),
    recovered: Type.Integer({ description: '已恢复 working now (weak counted), failed then' }),
  }, { description: 'the campaign closed before this one in the same jurisdiction, and the comparison on the sirens both tested' })),
});
const ResultItem = Type.Object({
  sirenId: Type.Integer(), sirenCode: Type.String(), sirenName: Type.String(), regionCode: Type.String(), regionName: Nullable(Type.String()),
  outcome: Type.Enum(codes(SIREN_TEST_OUTCOMES)),
  cause: Nullable(Type.String({ description: '原因（中文；报告与工作簿所印）why, in Chinese; null when working' })),
  causeEn: Nullable(Type.String({ description: 'the cause in English; null when working, or for results closed before it was kept apart (then `cause` holds both)' })),
  steps: Type.Array(Type.Object({ seq: Type.Integer(), state: Type.String(), reason: Nullable(Type.String()) })),
  heard: Type.Integer(), notHeard: Type.Integer(), weak: Type.Integer(), faultId: Nullable(Type.Integer()),
  previousOutcome: Nullable(Type.Enum(codes(SIREN_TEST_OUTCOMES), { description: 'the siren\'s outcome in the campaign before (summary.previous); null when it was not in it' })),
});
const ObservationItem = Type.Object({
  id: Type.Integer(), sirenId: Type.Integer(), sirenCode: Type.String(), result: Type.String(), location: Nullable(Type.Array(Type.Number())),
  distanceM: Nullable(Type.Number()), note: Nullable(Type.String()), observer: Nullable(Type.String()), at: Timestamp,
});
export const TestDetail = Type.Object({
  ...TestItem.properties, steps: Type.Array(StepItem), observations: Type.Array(ObservationItem),
  summary: Nullable(Summary), results: Type.Array(ResultItem, { description: 'per siren, failures first; empty until the campaign is closed' }),
});
export const TestListQuery = Type.Object({ ...Paging }, { additionalProperties: false });

const tags = ['sirens'];
const page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
const act = (summary: string) => ({ tags, summary, params: IdParams, body: VersionBody, response: { 200: TestDetail, ...errorResponses(400, 401, 403, 404, 409) } });
export const ListTestsSchema = { tags, summary: '试鸣计划 Test campaigns of my jurisdiction, newest first', querystring: TestListQuery, response: { 200: page(TestItem), ...errorResponses(400, 401, 403) } };
export const GetTestSchema = { tags, summary: '试鸣详情 A campaign: steps with each one\'s delivery counts, observers\' reports, and the per-siren report once closed', params: IdParams, response: { 200: TestDetail, ...errorResponses(400, 401, 403, 404) } };
export const CreateTestSchema = {
  tags, summary: '安排试鸣 Schedule a test campaign: signals at set times to sirens, groups or regions (sent through the signed control path)',
  body: TestCreate, response: { 201: TestDetail, ...errorResponses(400, 401, 403, 409) },
};
export const RunTestSchema = act('立即试鸣 Run a scheduled campaign now (its steps keep their spacing)');
export const CancelTestSchema = act('撤销试鸣 Cancel a campaign: steps not yet sent are not sent');
export const FinishTestSchema = act('结束并出报告 Close a campaign: each siren\'s result is fixed and failures get fault tickets');
export const ObserveSchema = {
  tags, summary: '观察员报告 A field observer\'s report during a test: heard, weak or not heard, where', params: IdParams, body: ObservationCreate,
  response: { 201: TestDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
export const ExportTestSchema = {
  tags, summary: '试鸣报告 XLSX The closed campaign\'s report as a workbook (summary and one row per siren)', params: IdParams,
  response: { 200: Type.Unknown({ description: 'the workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)' }), ...errorResponses(400, 401, 403, 404) },
};
