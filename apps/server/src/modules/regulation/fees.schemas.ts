/** TypeBox schemas of the fees-ledger routes. Money is integer 分 on the wire. */
import { FEE_ENTRY_KINDS, FEE_KINDS } from '@civdef/domain';
import { Type, type Static, type TSchema } from 'typebox';
import { IdParams, RegionCode, Timestamp, errorResponses } from '../../lib/schemas.ts';

const tags = ['regulation'];
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
/** Integer 分, up to 10^13 (100 billion 元). */
const Fen = Type.Integer({ minimum: 0, maximum: 10_000_000_000_000, description: 'integer 分 (1 元 = 100 分)' });
const Year = Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 }));

const Balance = Type.Object({ dueFen: Type.Integer(), reducedFen: Type.Integer(), paidFen: Type.Integer(), refundedFen: Type.Integer(), outstandingFen: Type.Integer() });

export const Assessment = Type.Object({
  id: Type.Integer(), regionCode: Type.String(), kind: Type.String(), title: Type.String(), approvalCaseId: Nullable(Type.Integer()),
  approvalCaseNo: Nullable(Type.String()), enterpriseId: Nullable(Type.Integer()), payerName: Type.String(), basis: Type.String(),
  computation: Nullable(Type.Record(Type.String(), Type.Unknown())), assessedOn: Type.String(), dueOn: Type.String(), reductionCount: Type.Integer(),
  lastNoticeDeadline: Nullable(Type.String()), inArrears: Type.Boolean({ description: 'something is owed and the payment deadline has passed' }),
  balance: Balance, createdAt: Timestamp,
});
export type AssessmentView = Static<typeof Assessment>;

export const AssessmentDetail = Type.Object({
  ...Assessment.properties,
  entries: Type.Array(Type.Object({
    id: Type.Integer(), kind: Type.String(), amountFen: Type.Integer(), onDate: Type.String(), basis: Nullable(Type.String()), reference: Nullable(Type.String()),
    deadline: Nullable(Type.String()), createdBy: Nullable(Type.String()), createdAt: Timestamp,
  })),
});
export type AssessmentDetailView = Static<typeof AssessmentDetail>;

export const Totals = Type.Object({
  year: Type.Integer(), countyCode: Type.String(), assessments: Type.Integer(), reductions: Type.Integer(), inArrears: Type.Integer(),
  dueFen: Type.Integer(), reducedFen: Type.Integer(), paidFen: Type.Integer(), refundedFen: Type.Integer(), outstandingFen: Type.Integer(),
});
export type TotalsView = Static<typeof Totals>;

export const ListFeesSchema = {
  tags, summary: '收费台账 The fees ledger in my jurisdiction', querystring: Type.Object({ year: Year }, { additionalProperties: false }),
  response: { 200: Type.Object({ items: Type.Array(Assessment), totals: Type.Array(Totals) }), ...errorResponses(400, 401, 403) },
};
export const GetFeeSchema = {
  tags, summary: '收费记录及明细 An assessment with its entries', params: IdParams, response: { 200: AssessmentDetail, ...errorResponses(400, 401, 403, 404) },
};
export const AssessFeeSchema = {
  tags, summary: '登记应收（易地建设费按规划规则计算，或填写金额及依据） Assess a fee (computed from the planning rule, or entered with its basis)',
  body: Type.Object({
    kind: Type.Union(FEE_KINDS.map((k) => Type.Literal(k))), title: Text(200), regionCode: RegionCode, approvalCaseId: Type.Optional(Nullable(Id)),
    enterpriseId: Type.Optional(Nullable(Id)), payerName: Type.Optional(Nullable(Text(200))), assessedOn: IsoDate, dueOn: IsoDate,
    shortfallM2: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 10_000_000, description: 'm² of 人防 area not built: computes the 易地建设费' }))),
    dueFen: Type.Optional(Nullable(Fen)), basis: Type.Optional(Nullable(Text(500))),
  }, { additionalProperties: false }),
  response: { 201: AssessmentDetail, ...errorResponses(400, 401, 403) },
};
export const BookEntrySchema = {
  tags, summary: '登记缴费、减免、退费或追缴通知 Book a payment, reduction, refund or arrears notice', params: IdParams,
  body: Type.Object({
    kind: Type.Union(FEE_ENTRY_KINDS.map((k) => Type.Literal(k))), onDate: IsoDate, amountFen: Type.Optional(Nullable(Fen)),
    reductionCode: Type.Optional(Nullable(Text(50))), basis: Type.Optional(Nullable(Text(500))), reference: Type.Optional(Nullable(Text(100))),
    deadline: Type.Optional(Nullable(IsoDate)),
  }, { additionalProperties: false }),
  response: { 200: AssessmentDetail, ...errorResponses(400, 401, 403, 404, 409) },
};
export const ExportFeesSchema = {
  tags, summary: '导出收费台账（XLSX） Export the fees ledger as XLSX for finance', querystring: Type.Object({ year: Year }, { additionalProperties: false }),
  response: { 200: Type.Unknown({ description: 'the XLSX file' }), ...errorResponses(400, 401, 403) },
};
