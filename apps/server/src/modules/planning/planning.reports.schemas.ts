/** Request and response schemas of the planning reports: gap closing and the tables as XLSX. */
import { Type } from 'typebox';
import { IdParams, RegionCode, errorResponses } from '../../lib/schemas.ts';

const tags = ['planning'];

export const GapQuery = Type.Object({
  sizeM2: Type.Optional(Type.Number({ minimum: 50, maximum: 100_000, default: 1000, description: '掩蔽面积 of the new work (m²); its places at the configured m² per place' })),
  cellM: Type.Optional(Type.Number({ minimum: 50, maximum: 2000, default: 100, description: 'side of the candidate grid (m)' })),
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10, description: 'how many sites to pick' })),
}, { additionalProperties: false });

const GapSite = Type.Object({
  rank: Type.Integer(), lng: Type.Number(), lat: Type.Number(), regionCode: Type.String(),
  peopleInReach: Type.Number({ description: 'people without a place within reach, after the earlier picks' }),
  newlyCovered: Type.Number({ description: 'people the new work covers (at most its places)' }),
  perM2: Type.Number({ description: 'people newly covered per m² built' }),
});

export const RunGapsSchema = {
  tags, summary: '补缺选址 Where a new work pays most: grid sites ranked greedily by people newly covered per m² built, from a succeeded run',
  params: IdParams, querystring: GapQuery,
  response: {
    200: Type.Object({ runId: Type.Integer(), radiusM: Type.Number(), detourFactor: Type.Number(), places: Type.Integer(), uncovered: Type.Number(), sites: Type.Array(GapSite) }),
    ...errorResponses(400, 401, 403, 404, 409),
  },
};

const XlsxFile = Type.Unknown({ description: 'an XLSX workbook' });

export const BalanceExportSchema = {
  tags, summary: '导出平衡表 The balance per sub-area (and the total) as XLSX',
  querystring: Type.Object({ parent: Type.Optional(RegionCode) }, { additionalProperties: false }),
  response: { 200: XlsxFile, ...errorResponses(400, 401, 403, 404) },
};

export const CompareExportSchema = {
  tags, summary: '导出方案比较 People without a place per area in two runs, and the change, as XLSX',
  querystring: Type.Object({ a: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), b: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }, { additionalProperties: false }),
  response: { 200: XlsxFile, ...errorResponses(400, 401, 403, 404, 409) },
};

export const GapsExportSchema = {
  tags, summary: '导出补缺选址 The gap sites of a run as XLSX',
  params: IdParams, querystring: GapQuery,
  response: { 200: XlsxFile, ...errorResponses(400, 401, 403, 404, 409) },
};
