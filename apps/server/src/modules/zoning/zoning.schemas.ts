/** TypeBox schemas of the zoning routes: building-rule versions, the project calculator, parcels and the pooling ledger. Money is integer 分. */
import { PROJECT_USES } from '@civdef/domain';
import { Type, type Static, type TSchema } from 'typebox';
import { GeometrySchema, featureCollectionSchema } from '../../lib/geojson.ts';
import { RegionCode, Timestamp, errorResponses } from '../../lib/schemas.ts';

const tags = ['zoning'];
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
// Years 1900–2099: a rule or a ledger entry outside them is a typing error, and the day before the first is still a date.
const IsoDate = Type.String({ format: 'date', pattern: '^(19|20)[0-9]{2}-', description: 'YYYY-MM-DD (1900–2099)' });
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Fen = (max: number, description: string) => Type.Integer({ minimum: 0, maximum: max, description });
const Use = Type.Union(PROJECT_USES.map((u) => Type.Literal(u.code)));

const Reduction = Type.Object({
  code: Type.String({ pattern: '^[a-z_]{1,40}$' }), zh: Text(50), en: Text(80), share: Type.Number({ minimum: 0, maximum: 1, description: 'share of the fee waived, 0–1' }),
  basis: Text(300),
}, { additionalProperties: false });

export const Rule = Type.Object({
  id: Type.Integer(), code: Type.String(), regionCode: Type.String({ description: "'000000' = the national baseline" }), validFrom: Type.String(),
  validTo: Nullable(Type.String()), basis: Type.String(), source: Type.String(), highRiseStoreys: Type.Integer(), deepFoundationM: Type.Number(),
  minAboveGroundM2: Type.Number(), ratio: Type.Number(), residentialGroundFloor: Type.Boolean(), grade: Type.String(),
  feeFenPerM2: Nullable(Type.Integer({ description: '易地建设费 per m² not built, integer 分' })), feeBasis: Nullable(Type.String()),
  reductions: Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String(), share: Type.Number(), basis: Type.String() })),
  createdBy: Nullable(Type.String()), createdAt: Timestamp,
});
export type RuleView = Static<typeof Rule>;

export const ListRulesSchema = {
  tags, summary: '结建规则版本 Building-rule versions that apply in my jurisdiction (national, my region\'s ancestors, and within it)',
  response: { 200: Type.Object({ items: Type.Array(Rule) }), ...errorResponses(401, 403) },
};

export const CreateRuleBody = Type.Object({
  regionCode: RegionCode,
  validFrom: IsoDate,
  validTo: Nullable(IsoDate),
  basis: Text(300), source: Text(300),
  highRiseStoreys: Type.Integer({ minimum: 1, maximum: 200 }),
  deepFoundationM: Type.Number({ minimum: 0, maximum: 200 }),
  minAboveGroundM2: Type.Number({ minimum: 0, maximum: 10_000_000 }),
  ratio: Type.Number({ minimum: 0, maximum: 1, description: 'share of the above-ground area other civil buildings build' }),
  residentialGroundFloor: Type.Boolean(),
  grade: Text(30),
  feeFenPerM2: Type.Optional(Nullable(Fen(100_000_000, '易地建设费 per m², integer 分 (null: the rule sets no rate)'))),
  feeBasis: Type.Optional(Nullable(Text(300))),
  reductions: Type.Array(Reduction, { maxItems: 20 }),
}, { additionalProperties: false });
export type CreateRuleBody = Static<typeof CreateRuleBody>;

export const CreateRuleSchema = {
  tags, summary: '新增结建规则版本 A new version of a jurisdiction\'s building rule from its effective date (the open version before it is closed the day before; other overlaps refused)',
  body: CreateRuleBody,
  response: { 201: Type.Object({ rule: Rule, closed: Nullable(Rule) }), ...errorResponses(400, 401, 403, 409) },
};

export const CalculateQuery = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 100 })),
  regionCode: Type.Optional(RegionCode),
  parcelId: Type.Optional(Id),
  date: Type.Optional(Type.String({ format: 'date', pattern: '^(19|20)[0-9]{2}-', description: 'application date (default: today in Asia/Shanghai)' })),
  uses: Type.Array(Use, { minItems: 1, maxItems: 6, description: 'uses of the building (repeat the parameter)' }),
  storeys: Type.Integer({ minimum: 1, maximum: 200 }),
  aboveGroundAreaM2: Type.Number({ minimum: 0, maximum: 10_000_000 }),
  groundFloorAreaM2: Type.Number({ minimum: 0, maximum: 1_000_000 }),
  foundationDepthM: Type.Number({ minimum: 0, maximum: 200 }),
  plannedM2: Type.Number({ minimum: 0, maximum: 10_000_000, default: 0, description: '人防 area the project plans to build' }),
  reductions: Type.Array(Type.String({ pattern: '^[a-z_]{1,40}$' }), { maxItems: 10, default: [], description: 'reduction codes granted (下浮/减免)' }),
}, { additionalProperties: false });

const Step = Type.Object({ zh: Type.String(), en: Type.String(), valueM2: Type.Number() });
export const CalculateSchema = {
  tags,
  summary: '项目结建核算 A building project\'s required 人防 area, what it plans, the shortfall and the 易地建设费 — each with the stored rule version and date that produced it',
  querystring: CalculateQuery,
  response: {
    200: Type.Object({
      name: Nullable(Type.String()),
      parcel: Nullable(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), requiredM2: Type.Number(), poolingAllowed: Type.Boolean() })),
      date: Type.String(), regionCode: Type.String(), rule: Rule,
      requiredM2: Type.Number(), plannedM2: Type.Number(), shortfallM2: Type.Number(), steps: Type.Array(Step),
      fee: Type.Object({
        rateFenPerM2: Nullable(Type.Integer()), grossFen: Type.Integer(), reducedFen: Type.Integer(), feeFen: Type.Integer(), basis: Nullable(Type.String()),
        reductions: Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String(), share: Type.Number(), basis: Type.String() })),
      }),
    }),
    ...errorResponses(400, 401, 403, 404, 422),
  },
};

export const Parcel = Type.Object({
  id: Type.Integer(), regionCode: Type.String(), regionName: Nullable(Type.String()), code: Type.String(), name: Type.String(), landUse: Nullable(Type.String()),
  areaM2: Nullable(Type.Number()), requiredM2: Type.Number(), poolingAllowed: Type.Boolean(), planRef: Nullable(Type.String()), synthetic: Type.Boolean(),
  pooledM2: Type.Number({ description: 'area of its requirement pooled into central works so far' }), hasBoundary: Type.Boolean(), updatedAt: Timestamp,
});
export type ParcelView = Static<typeof Parcel>;

export const ListParcelsSchema = { tags, summary: '控规地块 Parcels with their civil-defence indicators', response: { 200: Type.Object({ items: Type.Array(Parcel) }), ...errorResponses(401, 403) } };

export const ParcelProperties = Type.Object({
  id: Type.Integer(), code: Type.String(), name: Type.String(), regionCode: Type.String(), requiredM2: Type.Number(), pooledM2: Type.Number(),
  poolingAllowed: Type.Boolean(), synthetic: Type.Boolean(),
});
export const ParcelMapSchema = { tags, summary: '地块地图 Parcels with a boundary as GeoJSON', response: { 200: featureCollectionSchema(ParcelProperties), ...errorResponses(401, 403) } };

export const SaveParcelSchema = {
  tags, summary: '登记或更新地块（按编号） Create a parcel, or update the one with the same code',
  body: Type.Object({
    regionCode: RegionCode, code: Type.String({ pattern: '^[A-Za-z0-9_\\-.]{1,40}$' }), name: Text(100), landUse: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    areaM2: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 100_000_000 }))), requiredM2: Type.Number({ minimum: 0, maximum: 10_000_000 }),
    poolingAllowed: Type.Boolean(), planRef: Type.Optional(Nullable(Type.String({ maxLength: 200 }))), boundary: Type.Optional(Nullable(GeometrySchema)),
  }, { additionalProperties: false }),
  response: { 200: Parcel, ...errorResponses(400, 401, 403, 409) },
};

export const ImportParcelsSchema = {
  tags, summary: '导入地块 Parcels from an XLSX (sheet 地块) or a GeoJSON FeatureCollection: created or updated by code, all or none, every problem listed',
  consumes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/geo+json'],
  body: Type.Unknown({ description: 'the file as the request body' }),
  response: { 201: Type.Object({ created: Type.Integer(), updated: Type.Integer() }), ...errorResponses(400, 401, 403, 413, 415) },
};

export const Pooling = Type.Object({
  id: Type.Integer(), regionCode: Type.String(), parcelId: Type.Integer(), parcelCode: Type.String(), parcelName: Type.String(), workId: Type.Integer(),
  workCode: Nullable(Type.String()), workName: Nullable(Type.String()), areaM2: Type.Number(), pooledOn: Type.String(), savingFenPerM2: Type.Integer(),
  savedFen: Type.Integer(), basis: Type.String(), reference: Nullable(Type.String()), synthetic: Type.Boolean(), createdBy: Nullable(Type.String()), createdAt: Timestamp,
});
export type PoolingView = Static<typeof Pooling>;

const Total = Type.Object({
  regionCode: Type.String(), regionName: Nullable(Type.String()), parcels: Type.Integer(), entries: Type.Integer(), areaM2: Type.Number(), savedFen: Type.Integer(),
});
export const ListPoolingsSchema = {
  tags, summary: '易地统筹台账 The pooling ledger with totals per county and overall',
  response: { 200: Type.Object({ items: Type.Array(Pooling), byArea: Type.Array(Total), total: Total, synthetic: Type.Boolean() }), ...errorResponses(401, 403) },
};
export const AddPoolingSchema = {
  tags, summary: '登记易地统筹 Pool area of a parcel\'s requirement into a central work, with the saving per m² and its basis',
  body: Type.Object({
    parcelId: Id, workId: Id, areaM2: Type.Number({ exclusiveMinimum: 0, maximum: 10_000_000 }), pooledOn: IsoDate,
    savingFenPerM2: Fen(100_000_000, 'money saved per m² pooled, integer 分'), basis: Text(300), reference: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  }, { additionalProperties: false }),
  response: { 201: Pooling, ...errorResponses(400, 401, 403, 409) },
};
export const ExportLedgerSchema = {
  tags, summary: '导出易地统筹台账（XLSX） The pooling ledger and its totals as XLSX',
  response: { 200: Type.Unknown({ description: 'the XLSX file' }), ...errorResponses(401, 403) },
};
