/** TypeBox schemas of the maintenance-fund routes. Money is integer 分 on the wire. */
import { FUND_CATEGORY_CODES } from '@civdef/domain';
import { Type, type Static, type TSchema } from 'typebox';
import { RegionCode, Timestamp, errorResponses } from '../../lib/schemas.ts';

const tags = ['regulation'];
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const Year = Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 }));

export const FundEntry = Type.Object({
  id: Type.Integer(), regionCode: Type.String(), category: Type.String(), direction: Type.Union([Type.Literal('income'), Type.Literal('spending')]),
  amountFen: Type.Integer(), onDate: Type.String(), counterparty: Type.String(), basis: Type.String(), reference: Nullable(Type.String()),
  workId: Nullable(Type.Integer()), workCode: Nullable(Type.String()), createdBy: Nullable(Type.String()), createdAt: Timestamp,
});
export type FundEntryView = Static<typeof FundEntry>;

export const FundTotals = Type.Object({
  year: Type.Integer(), countyCode: Type.String(), entries: Type.Integer(), incomeFen: Type.Integer(), spendingFen: Type.Integer(),
  balanceFen: Type.Integer({ description: 'income − spending of the year and county' }),
});
export type FundTotalsView = Static<typeof FundTotals>;

export const ListFundSchema = {
  tags, summary: '维护管理基金收支 The maintenance fund\'s income and spending in my jurisdiction', querystring: Type.Object({ year: Year }, { additionalProperties: false }),
  response: { 200: Type.Object({ items: Type.Array(FundEntry), totals: Type.Array(FundTotals) }), ...errorResponses(400, 401, 403) },
};
export const BookFundSchema = {
  tags, summary: '登记维护管理基金收入或支出（按类别） Book an income or a spending of the maintenance fund (the category decides which)',
  body: Type.Object({
    regionCode: RegionCode, category: Type.Union(FUND_CATEGORY_CODES.map((c) => Type.Literal(c))),
    amountFen: Type.Integer({ minimum: 1, maximum: 10_000_000_000_000, description: 'integer 分 (1 元 = 100 分)' }),
    onDate: Type.String({ format: 'date', description: 'YYYY-MM-DD' }), counterparty: Text(200), basis: Text(500),
    reference: Type.Optional(Nullable(Text(100))), workId: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 2_147_483_647 }))),
  }, { additionalProperties: false }),
  response: { 201: FundEntry, ...errorResponses(400, 401, 403) },
};
export const ExportFundSchema = {
  tags, summary: '导出维护管理基金收支（XLSX） Export the maintenance fund as XLSX for finance', querystring: Type.Object({ year: Year }, { additionalProperties: false }),
  response: { 200: Type.Unknown({ description: 'the XLSX file' }), ...errorResponses(400, 401, 403) },
};
